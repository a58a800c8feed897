"""Build the document set: load and check everything first, then write atomically.

Stage order (as mkdocs and pelican do it): load → validate → compose every document → write.
A fault anywhere before writing leaves `build/` exactly as it was; every file is written to a
temporary file beside its target and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .dokument import Document
from .feil import BuildError, Problem
from .prosjekt import Project, load_project
from .sammenstill import DOCX_TEMPLATE, compose, plan
from .skriv.docx import render_docx

BUILD = "build"
DOCX_DIR = "build/docx"


@dataclass
class BuildReport:
    """What a build did, for the summary a user reads."""

    root: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def outputs(self) -> list[Path]:
        return sorted(self.written + self.unchanged)


def compose_all(project: Project) -> list[Document]:
    """Return the IR of every document the project yields (no files are written)."""
    return [compose(project, planned) for planned in plan(project)]


def build(root: Path) -> BuildReport:
    """Build every DOCX under `root`/build/docx; raise InputError/BuildError on faults."""
    project = load_project(root)
    documents = compose_all(project)
    template = root / DOCX_TEMPLATE
    if not template.is_file():
        raise BuildError(f"Fant ikke DOCX-malen {DOCX_TEMPLATE}. Gjenopprett den med "
                         "«git checkout -- maler/avtale.docx» eller lag den på nytt med «make mal».")
    rendered = {doc.slug: render_docx(doc, template) for doc in documents}

    report = BuildReport(root=root, documents=documents, warnings=list(project.warnings),
                         ended=[a.tittel for a in project.omrader.values() if a.status == "avviklet"])
    out_dir = root / DOCX_DIR
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for slug, data in rendered.items():
            target = out_dir / f"{slug}.docx"
            if target.is_file() and target.read_bytes() == data:
                report.unchanged.append(target)
                continue
            atomic_write(target, data)
            report.written.append(target)
        wanted = {f"{slug}.docx" for slug in rendered}
        for stale in sorted(out_dir.glob("*.docx")):
            if stale.name not in wanted:
                stale.unlink()
                report.removed.append(stale)
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive til {out_dir}: {exc.strerror or exc}. Sjekk at "
                         "mappen er skrivbar og at disken ikke er full; tidligere filer er "
                         "urørt.") from None
    return report


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename: never a half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

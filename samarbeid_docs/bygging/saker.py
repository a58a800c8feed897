"""Build the case papers: build/saker/<kommune>/<avtale>.docx, .md and .pdf (PDF/A), the host's
notices to the statsforvalter, and one zip per council of its Word files.

Like the agreements: only the cases whose sources changed are made again (each case's key is a
hash of the sources it is built from and the tool), unchanged sources give the same bytes, and
nothing reaches build/saker/ before every case and its PDF is made (a failed build leaves the
earlier files whole).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from . import manifest
from .. import avbrudd
from ..feil import BuildError
from ..kilder import malsett
from ..kilder.kildetid import source_times
from ..kilder.prosjekt import AREAS, FRAMEWORK, LAWS, PARTIES, SSB_FILE, Project, load_project
from ..konverter import pdf
from ..konverter.pdf_normalisering import normalise
from ..skriv.docx import render_docx
from ..skriv.markdown import render_markdown
from ..tekst import lovkrav
from ..tekst.saker import NOTICE, PACKAGE, Case, cases, compose_case, notices, package_attachments
from ..tekst.sammenstill import DOCX_TEMPLATE, OVERVIEW_SLUG, environment, plan
from .bygg import _raise_on_errors, atomic_write
from .laas import BUILD, DOCX_DIR, PDF_DIR, WORK_DIR, disk_problem

CASES_DIR = "build/saker"
CASE_MANIFEST = ".mellomlager/saker.json"
STAGING = ".mellomlager/arbeid/saker"
EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip file can hold
SUFFIXES = (".docx", ".md", ".pdf")
WITH_ATTACHMENTS = "samlet-med-vedlegg"
"""build/saker/<kommune>/samlet-med-vedlegg.pdf: the combined case and every attachment it
lists, in one PDF for the council's meeting papers."""


@dataclass
class CaseReport:
    """What a case build did, for the summary a user reads."""

    cases: list[Case] = field(default_factory=list)
    notices: list[Case] = field(default_factory=list)
    written: list[str] = field(default_factory=list)      # case paths made again
    pdf_written: list[str] = field(default_factory=list)
    zips_written: list[str] = field(default_factory=list)
    bundles_written: list[str] = field(default_factory=list)  # councils' case with attachments
    bundles: int = 0  # how many councils have their case with attachments in build/saker
    removed: list[str] = field(default_factory=list)
    agreements_current: bool = False  # the agreements in build/docx/ are built from these sources

    @property
    def councils(self) -> list[str]:
        return sorted({c.council for c in self.cases})


def stem(case: Case) -> str:
    """A name unique across councils, for LibreOffice's flat output folder."""
    return f"{case.council}--{case.slug}"


def case_sources(project: Project, prints: dict[str, str]) -> dict[Case, list[str]]:
    """The sources each case and notice is built from (paths relative to the project)."""
    shared = [PARTIES, LAWS, FRAMEWORK, SSB_FILE] + [n for n in prints if n.startswith(f"{malsett.LOCAL}/")]
    every_area = [n for n in prints if n.startswith(f"{AREAS}/")]
    found = {}
    for case in cases(project) + notices(project):
        slug = case.slug.removeprefix(f"{NOTICE}-")
        own = [f"{AREAS}/{slug}.yaml"] if slug in project.omrader else every_area
        found[case] = shared + own
    return found


def zip_members(project: Project, council: str, case_list: list[Case]) -> list[tuple[str, str]]:
    """What the council's zip holds, as (name in the zip, path relative to the project): the
    agreements it takes part in, then its cases and notices."""
    members = []
    for planned in plan(project):
        area = project.omrader.get(planned.slug)
        if planned.kind in ("samarbeidsavtale", "oversikt") or (area and council in area.deltakere):
            members.append((f"avtaler/{planned.slug}.docx", f"{DOCX_DIR}/{planned.slug}.docx"))
    members += [(f"saker/{c.slug}.docx", f"{BUILD}/{c.path}.docx") for c in case_list if c.council == council]
    return members


def make_zip(files: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A zip of `files` (name, bytes) whose bytes depend only on them and `when`."""
    stamp = max(when, EPOCH).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix: the same bytes on every machine
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def build_cases(root: Path, converter: pdf.Converter | None = None,
                progress: Callable[[str, int, int], None] | None = None) -> CaseReport:
    """Build every case paper under `root`/build/saker (PDFs when `converter` is given); raise
    InputError/BuildError on faults, leaving the earlier files whole. The caller holds the
    build lock."""
    say = progress or (lambda stage, done, total: None)
    project = load_project(root)
    problems = lovkrav.check_sources(project)
    _raise_on_errors(problems)  # the same check and message as for the agreements
    tool = manifest.tool_fingerprint()
    prints = manifest.fingerprint(root)
    previous = manifest.load_file(root / CASE_MANIFEST)
    old = previous.get("outputs", {}) if previous.get("tool") == tool else {}
    sources = case_sources(project, prints)
    times = source_times(root, {c.path: deps for c, deps in sources.items()})
    keys = {c.path: manifest.combined(prints, deps, f"{tool}@{times[c.path].isoformat()}")
            for c, deps in sources.items()}
    report = CaseReport(cases=cases(project), notices=notices(project))
    out, staging = root / CASES_DIR, root / STAGING

    def fresh(case: Case) -> bool:
        known = old.get(case.path, {})
        if known.get("key") != keys[case.path]:
            return False
        for suffix in SUFFIXES if converter is not None else SUFFIXES[:2]:
            target = root / BUILD / f"{case.path}{suffix}"
            if not target.is_file() or manifest._hash(target.read_bytes()) != known.get(suffix):
                return False
        return True
    todo = [c for c in sources if not fresh(c)]
    outputs = {path: dict(old.get(path, {})) for path in keys}
    staged: list[tuple[Path, Path]] = []
    jobs: dict[pdf.Job, Case] = {}
    template = malsett.find(root, DOCX_TEMPLATE)
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True, exist_ok=True)
        env = environment(project)
        say("Lager saksframlegg", 0, len(todo))
        for done, case in enumerate(todo, start=1):
            avbrudd.check()
            document = compose_case(project, case, env)
            document = replace(document, meta=replace(document.meta, made_iso=times[case.path].isoformat()))
            made = {".docx": render_docx(document, template),
                    ".md": render_markdown(document).encode("utf-8")}
            for suffix, data in made.items():
                outputs[case.path][suffix] = manifest._hash(data)
                target = root / BUILD / f"{case.path}{suffix}"
                if not (target.is_file() and target.read_bytes() == data):
                    staged_file = staging / f"{stem(case)}{suffix}"
                    atomic_write(staged_file, data)
                    staged.append((staged_file, target))
            outputs[case.path]["key"] = keys[case.path]
            pdf_target = root / BUILD / f"{case.path}.pdf"
            if converter is not None and (outputs[case.path].get("pdf_of") != outputs[case.path][".docx"]
                                          or not pdf_target.is_file()):
                source = staging / f"{stem(case)}.docx"
                if not source.is_file():
                    atomic_write(source, made[".docx"])
                job = pdf.Job(source, root / WORK_DIR / "ut" / f"{stem(case)}.pdf", document.meta.title)
                jobs[job] = case
                converter.submit(job)
            report.written.append(case.path)
            say("Lager saksframlegg", done, len(todo))
        if jobs:
            say("Lager PDF/A av saksframleggene", 0, len(jobs))

            def normalised(job: pdf.Job) -> None:
                case = jobs[job]
                data = normalise(job.target.read_bytes(), times[case.path])
                job.target.unlink(missing_ok=True)
                staged_file = staging / f"{stem(case)}.pdf"
                atomic_write(staged_file, data)
                staged.append((staged_file, root / BUILD / f"{case.path}.pdf"))
                outputs[case.path][".pdf"] = manifest._hash(data)
                outputs[case.path]["pdf_of"] = outputs[case.path][".docx"]
                report.pdf_written.append(case.path)
                say("Lager PDF/A av saksframleggene", len(report.pdf_written), len(jobs))
            converter.finish(normalised)
            avbrudd.check()
        # every case was made: put them in place, then the zips and the record
        for staged_file, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staged_file, target)
        if converter is None:  # a PDF made from other Word bytes is not offered beside them
            for path, record in outputs.items():
                stale = root / BUILD / f"{path}.pdf"
                if record.get("pdf_of") != record.get(".docx") and stale.is_file():
                    stale.unlink()
                    record.pop(".pdf", None)
        # the zips and the cases with their attachments hold the agreements too: made only from
        # agreements built from these sources (until then the earlier ones stay, as the page
        # that links them does)
        report.agreements_current = _agreements_current(root, tool, prints)
        for council in report.councils:  # the record of each case with attachments, as it was
            path = f"saker/{council}/{WITH_ATTACHMENTS}"
            if path in old:
                outputs[path] = dict(old[path])
        bundled = _bundle_attachments(root, project, converter is not None, times, outputs, report)
        report.bundles = len(bundled)
        report.removed = _remove_stale(out, {c.path for c in sources} | bundled)
        for council in report.councils if report.agreements_current else []:
            files = [(name, (root / path).read_bytes()) for name, path in
                     zip_members(project, council, list(sources)) if (root / path).is_file()]
            newest = max((times[c.path] for c in sources if c.council == council), default=EPOCH)
            target = out / f"{council}.zip"
            data = make_zip(files, newest)
            if not (target.is_file() and target.read_bytes() == data):
                atomic_write(target, data)
                report.zips_written.append(council)
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive saksframleggene i {out}: {disk_problem(exc)}. "
                         "Tidligere filer er urørt.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    manifest.save_file(root / CASE_MANIFEST, {"tool": tool, "outputs": outputs})
    return report


def _bundle_attachments(root: Path, project: Project, with_pdf: bool, times: dict,
                        outputs: dict[str, dict], report: CaseReport) -> set[str]:
    """Join each council's combined case (its PDF) and the PDFs of the agreements it lists as
    attachments into build/saker/<kommune>/samlet-med-vedlegg.pdf: the one file a council
    secretary puts in the meeting papers, with a bookmark per document and one page numbering
    through the file. Made only when the case and every agreement PDF are built from these
    sources; returns the paths (without suffix) that stay."""
    from ..konverter.samlet import joined_bytes
    agreements = manifest.load(root).get("outputs", {}) if report.agreements_current else {}
    kept: set[str] = set()
    for council in report.councils:
        case = Case(council, PACKAGE)
        path = f"saker/{council}/{WITH_ATTACHMENTS}"
        record = outputs.pop(path, {})
        paper = root / BUILD / f"{case.path}.pdf"
        slugs = package_attachments(project, council)
        records = [agreements.get(slug, {}) for slug in slugs]
        files = [root / PDF_DIR / f"{slug}.pdf" for slug in slugs]
        if not paper.is_file() or not all(r.get("docx") and r.get("pdf_of") == r.get("docx") and f.is_file()
                                          for r, f in zip(records, files)):
            continue  # not all built from these sources: an earlier file is removed
        # the case's bytes, and each agreement's PDF by the Word file it was made from (the tool
        # is in the record's key already): no reading of every agreement's PDF for every council
        key = manifest._hash("\n".join([manifest._hash(paper.read_bytes())]
                                         + [f"{slug}:{r['pdf_of']}" for slug, r in zip(slugs, records)]).encode())
        target = root / BUILD / f"{path}.pdf"
        if record.get("key") == key and target.is_file() and \
                manifest._hash(target.read_bytes()) == record.get(".pdf"):
            kept.add(path)
            outputs[path] = record
            continue
        if not with_pdf:
            continue
        kept.add(path)
        # each bookmark says which attachment of the case it is, as the case lists them (the
        # overview's parts, in a large project, all belong to its number)
        titles, labels, number = [], [], 0
        for made, slug in zip(records, slugs):
            if not slug.startswith(f"{OVERVIEW_SLUG}-"):
                number += 1
            title = made.get("meta", {}).get("title") or slug
            labels.append(f"Vedlegg {number}")  # the same word in nynorsk
            titles.append(f"{labels[-1]}: {title}")
        # and each attachment's pages print its number beside the running page number
        data = joined_bytes(paper, list(zip(titles, files)), times[case.path], numbered_cover=True,
                            labels=labels)
        atomic_write(target, data)
        outputs[path] = {"key": key, ".pdf": manifest._hash(data)}
        report.bundles_written.append(council)
    return kept


def _agreements_current(root: Path, tool: str, prints: dict[str, str]) -> bool:
    """True when build/docx/ holds the agreements as these sources give them: only then does a
    council's zip hold its agreements beside its cases."""
    data = manifest.load(root)
    return (data.get("tool") == tool and data.get("inputs") == prints
            and all((root / DOCX_DIR / f"{slug}.docx").is_file() for slug in data.get("outputs", {})))


def _remove_stale(out: Path, wanted: set[str]) -> list[str]:
    """Remove the case files no longer made (an area ended, a council left); return their paths."""
    removed = []
    if not out.is_dir():
        return removed
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix not in (*SUFFIXES, ".zip"):
            continue
        relative = path.relative_to(out.parent).with_suffix("").as_posix()
        council_zip = path.suffix == ".zip" and path.parent == out
        if council_zip and any(w.startswith(f"saker/{path.stem}/") for w in wanted):
            continue
        if not council_zip and relative in wanted:
            continue
        path.unlink()
        removed.append(path.relative_to(out.parent).as_posix())
    for folder in sorted((p for p in out.iterdir() if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


__all__ = ["CASES_DIR", "CaseReport", "build_cases", "make_zip", "zip_members"]

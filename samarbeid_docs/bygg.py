"""Build the document set: load and check everything first, then write atomically.

Stage order (as mkdocs and pelican do it): load → validate → compose every document → write.
A fault anywhere before writing leaves `build/` exactly as it was; every file is written to a
temporary file beside its target and renamed into place.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import lovkrav, manifest, norsk, pdf
from .dokument import Document, Meta
from .livslop import stage
from .feil import BuildError, InputError, Level, Problem, warning
from .prosjekt import AREAS, FRAMEWORK, LAWS, PARTIES, SSB_FILE, Project, load_project
from .pdf_normalisering import normalise
from .samlet import contents_document, join
from .sammenstill import DOCX_TEMPLATE, compose, environment, plan
from .skriv.docx import render_docx
from .skriv.markdown import render_markdown
from .nettside import TEMPLATES as SITE_TEMPLATES
from .nettside import render_site
from jinja2 import TemplateError

BUILD = "build"
DOCX_DIR = "build/docx"
MD_DIR = "build/md"
PDF_DIR = "build/pdf"
BUNDLE = "build/samlet.pdf"
WORK_DIR = "build/.arbeid"
COVER = "innhold"  # the bundle's contents page: build/.arbeid/innhold.docx and .pdf
LOCK = ".lås"


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
    pdf_written: list[Path] = field(default_factory=list)
    pdf_retried: list[str] = field(default_factory=list)
    bundle_written: bool = False
    bundle_key: str = ""
    cover_hash: str = ""
    rebuilt: list[str] = field(default_factory=list)
    changed_sources: list[str] = field(default_factory=list)

    @property
    def outputs(self) -> list[Path]:
        return sorted(self.written + self.unchanged)


def compose_all(project: Project) -> list[Document]:
    """Check the law's requirements, then return the IR of every document (no files written).

    Raises InputError with every problem found; warnings are added to `project.warnings`.
    """
    problems = lovkrav.check_sources(project)
    _raise_on_errors(problems)
    env = environment(project)
    documents = [compose(project, planned, env) for planned in plan(project)]
    problems += lovkrav.check_documents(project, documents)
    _raise_on_errors(problems)
    project.warnings.extend(sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0)))
    return documents


def _raise_on_errors(problems: list[Problem]) -> None:
    if any(p.level is Level.ERROR for p in problems):
        raise InputError("Avtalene oppfyller ikke kravene.",
                         sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0)))


def build(root: Path, with_pdf: bool = True, workers: int | None = None,
          on_wait: Callable[[str], None] | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Build every output under `root`/build; raise InputError/BuildError on faults.

    Only one build of a project runs at a time: a second one waits for the first (and calls
    `on_wait` with a Norwegian sentence saying so).
    """
    with build_lock(root / BUILD, on_wait):
        return _build(root, with_pdf, workers, progress)


@contextmanager
def build_lock(folder: Path, on_wait: Callable[[str], None] | None = None):
    """Hold an exclusive lock on `folder`/.lås for the duration of a build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK, "a+", encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"Kunne ikke opprette {folder}: {disk_problem(exc)}.") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "ukjent"
            if on_wait:
                on_wait(f"En annen bygging av dette prosjektet pågår (prosess {holder}); venter "
                        "til den er ferdig …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def disk_problem(exc: OSError) -> str:
    """Say in Norwegian what a failed write means for the user."""
    return {errno.ENOSPC: "disken er full; frigjør plass og bygg på nytt",
            errno.EDQUOT: "diskkvoten er brukt opp; frigjør plass og bygg på nytt",
            errno.EROFS: "filsystemet er skrivebeskyttet",
            errno.EACCES: "du mangler skrivetilgang til mappen",
            errno.EPERM: "du mangler skrivetilgang til mappen"}.get(
        exc.errno, exc.strerror or str(exc))


Progress = Callable[[str, int, int], None]


def _render_job(job: tuple[Document, str]) -> bytes:
    document, template = job
    return render_docx(document, Path(template))


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def render_many(documents: list[Document], template: Path, workers: int):
    """Yield (document, DOCX bytes) in order, rendering on `workers` processes when worth it."""
    if workers > 1 and len(documents) >= 4:
        with _pool(workers) as pool:
            jobs = [(doc, str(template)) for doc in documents]
            yield from zip(documents, pool.map(_render_job, jobs, chunksize=2))
    else:
        for doc in documents:
            yield doc, render_docx(doc, template)


def dependency_keys(project: Project, prints: dict[str, str], tool: str) -> dict[str, str]:
    """Return each document's dependency key: a hash of every source it is built from."""
    from .tekst import make_environment, template_closure
    env = make_environment(project.root / "maler", {})
    shared = [PARTIES, LAWS, FRAMEWORK, DOCX_TEMPLATE, SSB_FILE]
    closures: dict[str, list[str]] = {}
    keys = {}
    for planned in plan(project):
        if planned.template not in closures:
            closures[planned.template] = [f"maler/{t}" for t in template_closure(env, planned.template)]
        templates = closures[planned.template]
        if planned.slug in project.omrader:
            sources = [f"{AREAS}/{planned.slug}.yaml"]
        else:
            sources = [n for n in prints if n.startswith(f"{AREAS}/")]
        keys[planned.slug] = manifest.combined(prints, shared + templates + sources, tool)
    return keys


def _build(root: Path, with_pdf: bool, workers: int | None,
           progress: Progress | None = None) -> BuildReport:
    say = progress or (lambda stage, done, total: None)
    workers = max(1, workers or os.cpu_count() or 1)
    if not with_pdf:
        return _build_with(root, workers, say, None)
    with pdf.Converter(root / WORK_DIR, workers) as converter:
        if not (root / PDF_DIR).is_dir():
            converter.start()  # a first build: LibreOffice comes up while the sources are read
        return _build_with(root, workers, say, converter)


def _build_with(root: Path, workers: int, say: Progress,
                converter: pdf.Converter | None) -> BuildReport:
    """Build with PDFs when `converter` is given: each DOCX is handed to LibreOffice as soon
    as it is written, so Word files and PDFs are made at the same time."""
    with_pdf = converter is not None
    say("Sjekker kildene", 0, 0)
    project = load_project(root)
    documents = compose_all(project)
    template = root / DOCX_TEMPLATE
    if not template.is_file():
        raise BuildError(f"Fant ikke DOCX-malen {DOCX_TEMPLATE}. Gjenopprett den med "
                         "«git checkout -- maler/avtale.docx» eller lag den på nytt med «make mal».")
    tool = manifest.tool_fingerprint()
    prints = manifest.fingerprint(root)
    previous = manifest.load(root)
    old = previous.get("outputs", {}) if previous.get("tool") == tool else {}
    keys = dependency_keys(project, prints, tool)
    report = BuildReport(root=root, documents=documents, warnings=list(project.warnings),
                         ended=[a.tittel for a in project.omrader.values() if a.status == "avviklet"])
    report.changed_sources = sorted(
        {n for n in prints if previous.get("inputs", {}).get(n) != prints[n]} |
        {n for n in previous.get("inputs", {}) if n not in prints}) if previous else []
    docx_dir, md_dir = root / DOCX_DIR, root / MD_DIR
    todo = [d for d in documents
            if old.get(d.slug, {}).get("key") != keys[d.slug]
            or not (docx_dir / f"{d.slug}.docx").is_file() or not (md_dir / f"{d.slug}.md").is_file()]
    outputs: dict[str, dict] = {slug: dict(old.get(slug, {})) for slug in keys}
    submitted: dict[pdf.Job, str] = {}

    def needs_pdf(slug: str) -> None:
        """Hand the DOCX to LibreOffice if its PDF is missing or made from other bytes."""
        if converter is None or slug in submitted.values():
            return
        if (root / PDF_DIR / f"{slug}.pdf").is_file() and outputs[slug].get("pdf_of") == outputs[slug]["docx"]:
            return
        job = pdf.Job(docx_dir / f"{slug}.docx", root / WORK_DIR / "ut" / f"{slug}.pdf", titles[slug])
        submitted[job] = slug
        converter.submit(job)
    titles = {d.slug: d.meta.title for d in documents}
    try:
        for path in (docx_dir, md_dir):
            path.mkdir(parents=True, exist_ok=True)
        say("Lager Word-dokumenter", 0, len(todo))
        jobs = render_many(todo, template, workers)
        for done, (doc, data) in enumerate(jobs, start=1):
            target = docx_dir / f"{doc.slug}.docx"
            if target.is_file() and target.read_bytes() == data:
                report.unchanged.append(target)
            else:
                atomic_write(target, data)
                report.written.append(target)
            _write_if_changed(md_dir / f"{doc.slug}.md", render_markdown(doc).encode("utf-8"))
            outputs[doc.slug]["key"] = keys[doc.slug]
            outputs[doc.slug]["docx"] = manifest._hash(data)
            needs_pdf(doc.slug)
            report.rebuilt.append(doc.meta.title)
            say("Lager Word-dokumenter", done, len(todo))
        rebuilt = {d.slug for d in todo}
        report.unchanged += [docx_dir / f"{d.slug}.docx" for d in documents if d.slug not in rebuilt]
        for folder, suffix in ((docx_dir, ".docx"), (md_dir, ".md"), (root / BUILD / "html", ".html"),
                               (root / PDF_DIR, ".pdf")):
            for stale in sorted(folder.glob(f"*{suffix}")) if folder.is_dir() else []:
                if stale.stem not in keys:
                    stale.unlink()
                    report.removed.append(stale)
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive til {root / BUILD}: {disk_problem(exc)}. Tidligere "
                         "filer er urørt.") from None
    for slug in outputs:
        if "docx" not in outputs[slug]:
            outputs[slug]["docx"] = manifest._hash((docx_dir / f"{slug}.docx").read_bytes())
        needs_pdf(slug)
    pdf_ok = False
    if with_pdf:
        from .doktor import font_problems
        report.warnings += [warning(DOCX_TEMPLATE, text) for text in font_problems(template)]
        _build_pdfs(project, documents, report, converter, submitted, outputs, previous, tool, say)
        pdf_ok = True
    else:
        pdf_ok = previous.get("pdf", False) and all(
            outputs[s].get("pdf_of") == outputs[s].get("docx") for s in outputs)
    say("Lager nettsiden", 0, 0)
    _build_site(project, documents, report)
    files = {}
    for folder in (docx_dir, md_dir, root / PDF_DIR, root / BUILD / "html", root / BUILD / "assets"):
        for path in folder.glob("*") if folder.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(root).as_posix()] = path.stat().st_size
    for name in ("index.html", "samlet.pdf"):
        if (root / BUILD / name).is_file():
            files[f"{BUILD}/{name}"] = (root / BUILD / name).stat().st_size
    manifest.save(root, {"tool": tool, "pdf": pdf_ok, "inputs": prints, "outputs": outputs,
                         "files": files, "bundle_of": previous.get("bundle_of") if not with_pdf
                         else report.bundle_key, "cover_of": previous.get("cover_of") if not with_pdf
                         else report.cover_hash, "summary": {
                             "documents": len(documents), "ended": report.ended}})
    return report


def _write_if_changed(target: Path, data: bytes) -> None:
    if not (target.is_file() and target.read_bytes() == data):
        atomic_write(target, data)


def _build_site(project: Project, documents: list[Document], report: BuildReport) -> None:
    """Write the download page, the agreement pages and their assets (only what changed)."""
    build_dir = project.root / BUILD
    try:
        site = render_site(project, documents, build_dir)
    except TemplateError as exc:
        raise InputError(f"Feil i nettsidemalene i {SITE_TEMPLATES}: {exc}") from None
    try:
        for name, data in site.items():
            _write_if_changed(build_dir / name, data)
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive nettsiden i {build_dir}: {disk_problem(exc)}. "
                         "Tidligere filer er urørt.") from None


def bundle_meta(project: Project) -> Meta:
    fw = project.rammeavtale
    where = stage(fw.behandling, list(fw.parter))
    return Meta(title=f"{fw.tittel} – samlet saksdokument",
                subtitle="Samarbeidsavtalen, oversikten og alle delavtaler",
                status=where.text, version=fw.versjon, draft=where.draft,
                date=norsk.date_text(fw.dato), date_iso=fw.dato.isoformat(),
                parties=tuple(project.kommuner[p].offisielt_navn for p in fw.parter),
                subject="Samlet saksdokument", keywords="samarbeidsavtale; delavtaler; saksdokument")


def _build_pdfs(project: Project, documents: list[Document], report: BuildReport,
                converter: pdf.Converter, submitted: dict[pdf.Job, str], outputs: dict[str, dict],
                previous: dict, tool: str, say) -> None:
    """Wait for the PDFs handed to LibreOffice (and the bundle's contents page when it changed),
    normalise each as it arrives, put them in place when all succeeded, and join the bundle
    when any part changed. A failure leaves every earlier PDF as it was."""
    root = project.root
    pdf_dir, work = root / PDF_DIR, root / WORK_DIR
    when = datetime.fromisoformat(project.rammeavtale.dato.isoformat()).replace(tzinfo=timezone.utc)
    ready_dir = work / "klar"
    cover = contents_document(documents, bundle_meta(project))
    cover_docx, cover_pdf = work / f"{COVER}.docx", work / f"{COVER}.pdf"
    finals = {job: (pdf_dir / f"{slug}.pdf", slug) for job, slug in submitted.items()}
    try:
        cover_bytes = render_docx(cover, root / DOCX_TEMPLATE)
        cover_hash = manifest._hash(cover_bytes)
        if not cover_pdf.is_file() or previous.get("cover_of") != cover_hash:
            atomic_write(cover_docx, cover_bytes)
            job = pdf.Job(cover_docx, work / "ut" / f"{COVER}.pdf", "Innholdsside for samlet saksdokument")
            finals[job] = (cover_pdf, None)
            converter.submit(job)
        stage = f"Lager PDF/A med {min(converter.workers, max(1, len(finals)))} LibreOffice-prosesser"
        say(stage, 0, len(finals))
        ready: dict[pdf.Job, Path] = {}

        def normalised(job: pdf.Job) -> None:
            staged = ready_dir / f"{job.target.stem}.pdf"
            atomic_write(staged, normalise(job.target.read_bytes(), when))
            job.target.unlink(missing_ok=True)
            ready[job] = staged
            say(stage, len(ready), len(finals))
        outcome = converter.finish(normalised)
        pdf_dir.mkdir(parents=True, exist_ok=True)
        for job, staged in ready.items():
            target, slug = finals[job]
            os.replace(staged, target)
            if slug is not None:
                outputs[slug]["pdf_of"] = outputs[slug]["docx"]
                report.pdf_written.append(target)
        report.pdf_written.sort()
        bundle = root / BUNDLE
        report.bundle_key = manifest.combined(
            {**{s: o.get("pdf_of", "") for s, o in outputs.items()}, COVER: cover_hash},
            [*outputs, COVER], tool)
        if not bundle.is_file() or previous.get("bundle_of") != report.bundle_key:
            say("Setter sammen saksdokumentet", 0, 0)
            joined = join(cover_pdf, [(d.meta.title, pdf_dir / f"{d.slug}.pdf") for d in documents])
            atomic_write(bundle, normalise(joined, when))
            report.bundle_written = True
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive PDF-ene: {disk_problem(exc)}. Tidligere filer er "
                         "urørt.") from None
    report.cover_hash = cover_hash
    report.pdf_retried = [j.name for j in outcome.retried]


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

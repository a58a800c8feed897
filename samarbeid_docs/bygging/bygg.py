"""Build the document set: load and check everything first, then write atomically.

Stage order (as mkdocs and pelican do it): load → validate → compose every document → write.
A fault anywhere before writing leaves `build/` exactly as it was; every file is written to a
temporary file beside its target and renamed into place.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import TemplateError

from . import manifest
from .. import avbrudd, minne, norsk
from ..feil import BuildError, InputError, Level, Problem, count_phrase, warning
from ..kilder import malsett
from ..kilder.kildetid import source_times
from ..kilder.prosjekt import AREAS, FRAMEWORK, LAWS, PARTIES, SSB_FILE, Project, load_project
from ..konverter import pdf, stempel
from ..konverter.pdf_normalisering import normalise
from ..konverter.samlet import contents_document, join_to, joined_bytes
from ..nettside.kilderapport import source_report
from ..nettside.side import TEMPLATES as SITE_TEMPLATES
from ..nettside.side import render_site, report_pages
from ..skriv.docx import render_docx
from ..skriv.html import render_body
from ..skriv.markdown import render_markdown
from ..tekst import lovkrav
from ..tekst.dokument import Document, Meta
from ..tekst.livslop import stage
from ..tekst.sammenstill import DOCX_TEMPLATE, compose, environment, plan
from .laas import (BUILD, BUNDLE, CACHE, COVER, DOCX_DIR, FRAGMENT_DIR, LEGACY, MD_DIR,  # noqa: F401
                   PDF_DIR, STAGING_DIR, WORK_DIR, build_lock, disk_problem)



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
    bundle_key: str | dict = ""   # several parts: by file suffix
    cover_hash: str | dict = ""
    bundle_parts: int = 1
    rebuilt: list[str] = field(default_factory=list)
    changed_sources: list[str] = field(default_factory=list)
    repaired: dict[str, str] = field(default_factory=dict)  # output → why it was made again

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
    with build_lock(root, on_wait):
        return build_held(root, with_pdf, workers, progress)


Progress = Callable[[str, int, int], None]
SourceCheck = Callable[[Path, Project], list[Problem]]


def _pool(workers: int):
    """Forked worker processes; `terminate` stops them at once (a build interrupted with
    Ctrl-C must not wait for them, nor leave them behind)."""
    import multiprocessing
    return multiprocessing.get_context("fork").Pool(workers)


_ENVIRONMENTS: dict[str, tuple[tuple, object]] = {}


def _environment(root: Path, form: str, prints: dict[str, str]):
    """The clause templates' environment for `root` in `form`, kept from the last build in this
    process while the project's own templates are the same (`prints`, so a template added,
    changed or removed there gives a new one): `vis --følg` then compiles no template again
    for a round that changed only the YAML."""
    from ..tekst.klausuler import make_environment
    key = (str(root), tuple(str(f) for f in malsett.folders(root, form)),
           tuple(sorted((n, h) for n, h in prints.items() if n.startswith(f"{malsett.LOCAL}/"))))
    kept = _ENVIRONMENTS.get(form)
    if kept is None or kept[0] != key:
        kept = _ENVIRONMENTS[form] = (key, make_environment(root, {}, form))
    return kept[1]


def dependency_files(project: Project, prints: dict[str, str],
                     warm: "Warm | None" = None) -> dict[str, list[str]]:
    """Return the sources each document is built from (paths relative to the project).

    With `warm`, keep the template environments and each document's templates there, so the
    build can compile them once before its workers are forked."""
    from ..tekst.klausuler import template_closure
    from ..tekst.sammenstill import written_form
    envs: dict[str, object] = warm.envs if warm is not None else {}
    # a built-in template is part of the tool (its fingerprint); a project's own is a source
    local = project.root / malsett.LOCAL
    shared = [PARTIES, LAWS, FRAMEWORK, SSB_FILE] + (
        [f"{malsett.LOCAL}/{DOCX_TEMPLATE}"] if (local / DOCX_TEMPLATE).is_file() else [])
    closures: dict[tuple[str, str], list[str]] = {}
    files = {}
    for planned in plan(project):
        form = written_form(project, planned.slug)
        folder = malsett.folders(project.root, form)[0]  # the project's own, if it has any
        if (planned.template, form) not in closures:
            env = envs.get(form) or envs.setdefault(form, _environment(project.root, form, prints))
            names = template_closure(env, planned.template)
            # a name that leads out of the folder («/etc/passwd») is no source: rendering
            # refuses it with its location
            closures[planned.template, form] = [
                (folder / t).relative_to(project.root).as_posix()
                for t in names if (folder / t).is_file() and folder.is_relative_to(project.root)
                and (folder / t).resolve().is_relative_to(folder.resolve())]
            if warm is not None:
                warm.templates[planned.template, form] = names
        if warm is not None:
            warm.of[planned.slug] = (planned.template, form)
        templates = closures[planned.template, form]
        if planned.slug in project.omrader:
            sources = [f"{AREAS}/{planned.slug}.yaml"]
        else:
            sources = [n for n in prints if n.startswith(f"{AREAS}/")]
        files[planned.slug] = shared + templates + sources
    return files


@dataclass
class Warm:
    """The template environments a build has made (per written standard) and the templates
    each document needs, to compile before the workers are forked: they then share the
    compiled templates instead of each compiling them again."""

    envs: dict = field(default_factory=dict)
    templates: dict = field(default_factory=dict)   # (template, form) → every template it uses
    of: dict = field(default_factory=dict)          # slug → (template, form)

    def environments(self, project: Project, slugs: list[str]):
        """An `Environments` with every template the documents `slugs` use compiled."""
        from jinja2 import TemplateError
        from ..tekst.sammenstill import Environments
        made = Environments(project)
        for template, form in dict.fromkeys(self.of[s] for s in slugs if s in self.of):
            env = self.envs[form]
            made.made[form] = env
            for name in self.templates[template, form]:
                try:
                    env.get_template(name)
                except TemplateError:
                    pass  # rendering reports it, with its location
        return made


def dependency_keys(project: Project, prints: dict[str, str], tool: str) -> dict[str, str]:
    """Return each document's dependency key: a hash of every source it is built from."""
    return {slug: manifest.combined(prints, files, tool)
            for slug, files in dependency_files(project, prints).items()}


def build_held(root: Path, with_pdf: bool, workers: int | None,
               progress: Progress | None = None,
               converter: pdf.Converter | None = None,
               checks: tuple[SourceCheck, ...] = ()) -> BuildReport:
    """`build` for a caller that holds the build lock; `converter` may be started already
    (the command line starts LibreOffice before it imports the rest of the program).
    `checks` run on the sources with the law's checks, before anything is written: the
    command line passes the ones from the review stage above this one (text changed after
    the councils got it, `gjennomgang.vedtatt`)."""
    say = progress or (lambda stage, done, total: None)
    workers = max(1, workers or os.cpu_count() or 1)
    if not with_pdf:
        return _build_with(root, workers, say, None, checks)
    if converter is not None:
        return _build_with(root, workers, say, converter, checks)
    with pdf.Converter(root / WORK_DIR, workers) as converter:
        return _build_with(root, workers, say, converter, checks)



def _build_with(root: Path, workers: int, say: Progress,
                converter: pdf.Converter | None, checks: tuple[SourceCheck, ...] = ()) -> BuildReport:
    """Build with PDFs when `converter` is given; a first build that fails (on its sources, a
    full disk, no LibreOffice) leaves no build/ behind."""
    fresh = not (root / BUILD).exists()
    fresh_cache = not (root / CACHE).exists()
    try:
        return _build_checked(root, workers, say, converter, checks)
    except (InputError, BuildError):
        if fresh:
            if converter is not None:
                converter.close()  # LibreOffice may still hold its profile in the cache
            shutil.rmtree(root / BUILD, ignore_errors=True)
            if fresh_cache:
                shutil.rmtree(root / CACHE, ignore_errors=True)
        raise


def _build_checked(root: Path, workers: int, say: Progress,
                   converter: pdf.Converter | None, checks: tuple[SourceCheck, ...] = ()) -> BuildReport:
    """Build with PDFs when `converter` is given.

    Each document is composed, checked, written as DOCX, Markdown and an HTML fragment in a
    worker process, which sends back only the bytes and a few facts; the main process keeps no
    document structure, so memory does not grow with the number of agreements. Outputs are
    staged in .mellomlager/arbeid/neste/ and put in place only when every document passed the legal
    checks. Each DOCX is handed to LibreOffice as soon as it is staged.
    """
    with_pdf = converter is not None
    say("Sjekker kildene", 0, 0)
    project = load_project(root)
    problems = lovkrav.check_sources(project)
    for check in checks:
        problems += check(root, project)
    _raise_on_errors(problems)
    for legacy in LEGACY:  # build/ is published: nothing of the build's own stays there
        path = root / legacy
        try:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        except OSError:
            pass  # build/ itself is not a folder: said where the outputs are written
    if (root / BUILD).exists() and not (root / BUILD).is_dir():
        raise BuildError(f"{root / BUILD} er en fil, men skal være mappen avtalene bygges i. Flytt "
                         "eller slett filen og bygg på nytt.")
    if converter is not None:
        converter.start()  # the sources are sound: LibreOffice comes up while the DOCX are made
    planned = plan(project)
    template = malsett.find(root, DOCX_TEMPLATE)
    if not template.is_file():
        raise BuildError(f"Fant ikke Word-malen {malsett.shown(root, template)}. Installer "
                         "samarbeid-docs på nytt («make avtaler»), eller hent prosjektets egen "
                         "med «git checkout -- maler/avtale.docx».")
    tool = manifest.tool_fingerprint()
    prints = manifest.fingerprint(root)
    previous = manifest.load(root)
    old = previous.get("outputs", {}) if previous.get("tool") == tool else {}
    for known in old.values():  # the same facts recur in every document: each held once
        if isinstance(known, dict) and isinstance(known.get("meta"), dict):
            known["meta"] = manifest.shared(known["meta"])
    # outputs edited, swapped, corrupted or deleted since the last build are made again
    damaged = manifest.verify_outputs(root, previous.get("files", {})) if old else {}
    for name in damaged:
        if name.startswith(f"{PDF_DIR}/"):
            old.get(Path(name).stem, {}).pop("pdf_of", None)
        if name == BUNDLE or name.startswith(f"{BUILD}/samlet-"):
            previous.pop("bundle_of", None)
    warm = Warm()
    files = dependency_files(project, prints, warm)
    times = source_times(root, files)
    # the time a document was made is part of it: a new commit of its sources rebuilds it
    keys = {slug: manifest.combined(prints, deps, f"{tool}@{times[slug].isoformat()}")
            for slug, deps in files.items()}
    report = BuildReport(root=root, ended=[a.tittel for a in project.omrader.values()
                                           if a.status == "avviklet"], repaired=damaged)
    report.changed_sources = sorted(
        {n for n in prints if previous.get("inputs", {}).get(n) != prints[n]} |
        {n for n in previous.get("inputs", {}) if n not in prints}) if previous else []
    docx_dir, md_dir = root / DOCX_DIR, root / MD_DIR
    fragments, staging = root / FRAGMENT_DIR, root / STAGING_DIR

    def fresh(slug: str) -> bool:
        known = old.get(slug, {})
        return (known.get("key") == keys[slug] and "meta" in known and "gaps" in known
                and f"{DOCX_DIR}/{slug}.docx" not in damaged and f"{MD_DIR}/{slug}.md" not in damaged
                and (docx_dir / f"{slug}.docx").is_file() and (md_dir / f"{slug}.md").is_file()
                and (fragments / f"{slug}.html").is_file())
    todo = [p for p in planned if not fresh(p.slug)]
    outputs: dict[str, dict] = {slug: dict(old.get(slug, {})) for slug in keys}
    staged: list[tuple[Path, Path]] = []  # (staged file, its place in build/)
    submitted: dict[pdf.Job, str] = {}

    def needs_pdf(slug: str, source: Path) -> None:
        """Hand the DOCX to LibreOffice if its PDF is missing or made from other bytes."""
        if converter is None or slug in submitted.values():
            return
        if (root / PDF_DIR / f"{slug}.pdf").is_file() and outputs[slug].get("pdf_of") == outputs[slug]["docx"]:
            return
        job = pdf.Job(source, root / WORK_DIR / "ut" / f"{slug}.pdf", outputs[slug]["meta"]["title"])
        submitted[job] = slug
        converter.submit(job)
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for path in (docx_dir, md_dir, fragments, staging / "docx", staging / "md"):
            path.mkdir(parents=True, exist_ok=True)
        say("Lager Word-dokumenter", 0, len(todo))
        # closed as soon as the loop ends, also when it ends with Ctrl-C: the workers stop then
        making = make_many(project, todo, template, workers, times,
                           {s: o.get("meta", {}).get("made_iso") for s, o in old.items()},
                           warm.environments(project, [p.slug for p in todo]) if todo else None)
        with contextlib.closing(making):
            for done, made in enumerate(making, start=1):
                avbrudd.check()
                slug = made.slug
                outputs[slug].update(key=keys[slug], docx=manifest._hash(made.docx),
                                     meta=manifest.shared(made.meta), kind=sys.intern(made.kind),
                                     gaps=made.gaps)
                source = docx_dir / f"{slug}.docx"
                if source.is_file() and source.read_bytes() == made.docx:
                    report.unchanged.append(source)
                else:
                    atomic_write(staging / "docx" / f"{slug}.docx", made.docx)
                    staged.append((staging / "docx" / f"{slug}.docx", source))
                    report.written.append(source)
                    source = staging / "docx" / f"{slug}.docx"
                target = md_dir / f"{slug}.md"
                if not (target.is_file() and target.read_bytes() == made.markdown):
                    atomic_write(staging / "md" / f"{slug}.md", made.markdown)
                    staged.append((staging / "md" / f"{slug}.md", target))
                atomic_write(fragments / f"{slug}.html", made.html)
                needs_pdf(slug, source)
                say("Lager Word-dokumenter", done, len(todo))
        report.rebuilt = [outputs[p.slug]["meta"]["title"] for p in todo]  # in the framework's order
        report.written.sort()
        report.unchanged.sort()
        gaps = {p.slug: outputs[p.slug]["gaps"] for p in planned}
        problems += lovkrav.gap_problems(project, gaps)
        try:
            avbrudd.check()
            _raise_on_errors(problems)
        except (InputError, KeyboardInterrupt):
            if converter is not None:
                converter.close()  # LibreOffice may be reading a staged file
            shutil.rmtree(staging, ignore_errors=True)
            raise
        project.warnings.extend(sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0)))
        rebuilt = {p.slug for p in todo}
        report.unchanged += [docx_dir / f"{p.slug}.docx" for p in planned if p.slug not in rebuilt]
    except OSError as exc:
        if converter is not None:
            converter.close()  # LibreOffice may be reading a staged file
        shutil.rmtree(staging, ignore_errors=True)  # give back the space
        raise BuildError(f"Kunne ikke skrive til {root / BUILD}: {disk_problem(exc)}. Tidligere "
                         "filer er urørt.") from None

    def install() -> None:
        """Every new output in place at once: the Word files and Markdown only when the PDFs
        were made too (a build that fails leaves the earlier one whole)."""
        try:
            for staged_file, target in staged:
                _install(staged_file, target)
            for folder, suffix in ((docx_dir, ".docx"), (md_dir, ".md"), (root / BUILD / "html", ".html"),
                                   (root / PDF_DIR, ".pdf"), (fragments, ".html")):
                for stale in sorted(folder.glob(f"*{suffix}")) if folder.is_dir() else []:
                    if stale.stem not in keys:
                        stale.unlink()
                        if folder != fragments:
                            report.removed.append(stale)
        except OSError as exc:
            raise BuildError(f"Kunne ikke skrive til {root / BUILD}: {disk_problem(exc)}.") from None
    for slug in outputs:
        if "docx" not in outputs[slug]:
            outputs[slug]["docx"] = manifest._hash((docx_dir / f"{slug}.docx").read_bytes())
        if slug not in submitted.values():
            needs_pdf(slug, docx_dir / f"{slug}.docx")
    documents = [Document(p.slug, _meta(outputs[p.slug]["meta"]), (), outputs[p.slug]["kind"])
                 for p in planned]
    report.documents = documents
    report.warnings = list(project.warnings)
    pdf_ok = False
    if with_pdf:
        from ..konverter.doktor import font_problems
        report.warnings += [warning(malsett.shown(root, template), text) for text in font_problems(template)]
        try:
            _build_pdfs(project, documents, report, converter, submitted, outputs, previous, tool,
                        say, install)
        except BaseException:
            converter.close()  # LibreOffice may still be writing into the work folder
            for waiting in (staging, root / WORK_DIR / "klar", root / WORK_DIR / "ut"):
                shutil.rmtree(waiting, ignore_errors=True)  # give back the space
            raise
        pdf_ok = True
    else:
        install()
        pdf_ok = previous.get("pdf", False) and all(
            outputs[s].get("pdf_of") == outputs[s].get("docx") for s in outputs)
    shutil.rmtree(staging, ignore_errors=True)
    avbrudd.check()
    say("Lager nettsiden", 0, 0)
    # a PDF is offered only if it was made from the DOCX now in build/ (the manifest says so)
    current = {slug for slug, o in outputs.items() if o.get("pdf_of") and o.get("pdf_of") == o.get("docx")
               and (root / PDF_DIR / f"{slug}.pdf").is_file()}
    _build_site(project, documents, report,
                lambda doc: (fragments / f"{doc.slug}.html").read_text(encoding="utf-8"), current)
    files = {}
    for folder in (docx_dir, md_dir, root / PDF_DIR, root / BUILD / "html", root / BUILD / "assets"):
        for path in folder.glob("*") if folder.is_dir() else []:
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(root).as_posix()] = manifest.record(path)
    for name in ("index.html", SOURCE_REPORT, "kilder.html", *sorted(p.name for p in (root / BUILD).glob("samlet*.pdf")),
                 *sorted(p.name for p in (root / BUILD).glob("side-*.html")),
                 *sorted(p.name for p in (root / BUILD).glob("saker-*.html"))):
        if (root / BUILD / name).is_file():
            files[f"{BUILD}/{name}"] = manifest.record(root / BUILD / name)
    manifest.save(root, {"tool": tool, "pdf": pdf_ok, "inputs": prints, "outputs": outputs,
                         "files": files, "bundle_of": previous.get("bundle_of") if not with_pdf
                         else report.bundle_key, "cover_of": previous.get("cover_of") if not with_pdf
                         else report.cover_hash, "summary": {
                             "documents": len(documents), "ended": report.ended}})
    return report


@dataclass
class Made:
    """What a worker sends back for one document: its bytes and the facts the build needs."""

    slug: str
    meta: dict
    kind: str
    gaps: list[str]
    docx: bytes
    markdown: bytes
    html: bytes


_MAKING: dict = {}  # set before the worker processes are forked: project, planned, template


def _make(slug: str) -> Made:
    """Compose, check and render one document (in a worker process, or inline)."""
    project, planned, template = _MAKING["project"], _MAKING["planned"], _MAKING["template"]
    if "env" not in _MAKING:
        _MAKING["env"] = environment(project)
    doc = compose(project, planned[slug], _MAKING["env"])
    markdown = render_markdown(doc).encode("utf-8")
    when = _MAKING["made"].get(slug)
    earlier = _MAKING["earlier"].get(slug)
    if earlier and _unchanged_text(project.root, slug, markdown):
        when = earlier  # the text is as before: it was made then (and its bytes stay the same)
    if when is not None:
        doc = Document(doc.slug, replace(doc.meta, made_iso=str(when)), doc.blocks, doc.kind)
    return Made(slug=slug, meta=asdict(doc.meta), kind=doc.kind,
                gaps=lovkrav.document_gaps(project, doc),
                docx=render_docx(doc, template), markdown=markdown,
                html=str(render_body(doc)).encode("utf-8"))


def _unchanged_text(root: Path, slug: str, markdown: bytes) -> bool:
    path = root / MD_DIR / f"{slug}.md"
    try:
        return path.read_bytes() == markdown
    except OSError:
        return False


def make_many(project: Project, todo: list, template: Path, workers: int,
              made: dict | None = None, earlier: dict | None = None,
              env=None) -> Iterator[Made]:
    """Yield a `Made` for each planned document in `todo` on `workers` processes, each as soon
    as it is made (so LibreOffice gets it at once), not in `todo`'s order.

    The pool's processes are forked with Ctrl-C blocked: a SIGINT that arrived during the fork
    was raised inside a fork hook and lost, and a terminal's Ctrl-C (sent to the whole process
    group) would make every worker print a traceback. The build itself stops them.
    """
    _MAKING.clear()
    _MAKING.update(project=project, planned={p.slug: p for p in todo}, template=template,
                   made={k: v.isoformat() for k, v in (made or {}).items()},
                   earlier=earlier or {})
    if env is not None:  # compiled here, shared by the forked workers
        _MAKING["env"] = env
    slugs = [p.slug for p in todo]
    try:
        if workers > 1 and len(slugs) >= 4:
            with avbrudd.blocked():  # the workers are forked here, with Ctrl-C blocked
                pool = _pool(workers)
            try:
                yield from pool.imap_unordered(_make, slugs, chunksize=1 if len(slugs) < 64 else 4)
                pool.close()
                pool.join()
            finally:
                pool.terminate()  # on Ctrl-C or a fault too: no worker outlives the build
        else:
            for slug in slugs:
                yield _make(slug)
    finally:
        _MAKING.clear()


def _move(staged: Path, target: Path) -> None:
    """Move a staged file into build/ atomically, also when build/ is on another disk."""
    try:
        os.replace(staged, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _install(staged, target)
        staged.unlink()


def _meta(data: dict) -> Meta:
    return Meta(**{**data, "parties": tuple(data["parties"])})


def _install(staged: Path, target: Path) -> None:
    """Put a staged file in place atomically, keeping the staged copy (LibreOffice may still be
    reading it) as a second link to the same file."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(staged, tmp)
    except OSError:
        shutil.copyfile(staged, tmp)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_if_changed(target: Path, data: bytes) -> None:
    if not (target.is_file() and target.read_bytes() == data):
        atomic_write(target, data)


SOURCE_REPORT = "kilder.md"
CHANGES = ".mellomlager/endringer.json"
"""The change report in short for the page («samarbeid endringer --nettside»), with the sources
it was made for: the page shows it only while the sources are the same."""


def page_changes(root: Path) -> dict | None:
    """The recorded changes since the previous version, if made for the sources as they are."""
    data = manifest.load_file(root / CHANGES)
    if not data or data.get("inputs") != manifest.fingerprint(root):
        return None
    return {k: data.get(k) for k in ("punkter", "fra", "dato", "feil")}


def _build_site(project: Project, documents: list[Document], report: BuildReport,
                body_of: Callable[[Document], str] | None = None,
                current_pdfs: set[str] | None = None) -> None:
    """Write the download page, the agreement pages and their assets (only what changed)."""
    build_dir = project.root / BUILD
    try:
        changes = page_changes(project.root)
        # the reports first, as Markdown and as pages: the download page links to the pages
        _write_if_changed(build_dir / SOURCE_REPORT, source_report(project).encode("utf-8"))
        for name, data in report_pages(project, build_dir):
            if data is not None:
                _write_if_changed(build_dir / name, data)
            else:
                (build_dir / name).unlink(missing_ok=True)
        written = set()
        for name, data in render_site(project, documents, build_dir, body_of, current_pdfs, changes):
            _write_if_changed(build_dir / name, data)
            written.add(name)
        for stale in sorted([*build_dir.glob("side-*.html"), *build_dir.glob("saker-*.html")]):
            # pages of a longer list than now, and councils' pages no longer needed
            if stale.name not in written:
                stale.unlink()
                report.removed.append(stale)
    except TemplateError as exc:
        raise InputError(f"Feil i nettsidemalene (maler/{SITE_TEMPLATES}/): {exc}") from None
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive nettsiden i {build_dir}: {disk_problem(exc)}. "
                         "Tidligere filer er urørt.") from None


def refresh_site(root: Path) -> bool:
    """Write the download page again from the last build's record (after the case papers were
    made, so that the page lists them). Nothing is written, and False returned, when the
    agreements have not been built from these sources; the caller holds the build lock."""
    data = manifest.load(root)
    outputs = data.get("outputs", {})
    if data.get("tool") != manifest.tool_fingerprint() or data.get("inputs") != manifest.fingerprint(root):
        return False
    project = load_project(root)
    planned = plan(project)
    if not all("meta" in outputs.get(p.slug, {}) for p in planned):
        return False
    documents = [Document(p.slug, _meta(outputs[p.slug]["meta"]), (), outputs[p.slug]["kind"])
                 for p in planned]
    fragments = root / FRAGMENT_DIR
    if not all((fragments / f"{d.slug}.html").is_file() for d in documents):
        return False
    current = {slug for slug, o in outputs.items() if o.get("pdf_of") and o.get("pdf_of") == o.get("docx")
               and (root / PDF_DIR / f"{slug}.pdf").is_file()}
    _build_site(project, documents, BuildReport(root=root),
                lambda doc: (fragments / f"{doc.slug}.html").read_text(encoding="utf-8"), current)
    files = data.get("files", {})
    for name in list(files):  # the page was written as the build would write it: record it
        if name == f"{BUILD}/index.html" or name.startswith((f"{BUILD}/html/", f"{BUILD}/side-", f"{BUILD}/saker-")):
            if (root / name).is_file():
                files[name] = manifest.record(root / name)
            else:
                del files[name]
    for page in (root / BUILD).glob("saker-*.html"):  # the councils' pages the cases gave
        files[page.relative_to(root).as_posix()] = manifest.record(page)
    manifest.save(root, data)
    return True


VOLUME = 50
"""Documents per file of the case file: one file holds at most this many, so that a project of
any size is joined in bounded memory (pikepdf holds about 2 MB per joined document)."""


def volumes(documents: list[Document]) -> list[tuple[str, list[Document]]]:
    """The case file's parts as (suffix of the file name, documents): one part, build/samlet.pdf,
    up to VOLUME documents; else build/samlet-1.pdf, build/samlet-2.pdf …"""
    if len(documents) <= VOLUME:
        return [("", documents)]
    parts = [documents[i:i + VOLUME] for i in range(0, len(documents), VOLUME)]
    return [(f"-{number}", part) for number, part in enumerate(parts, start=1)]


def bundle_meta(project: Project, number: int = 1, total: int = 1) -> Meta:
    fw = project.rammeavtale
    where = stage(fw.behandling, list(fw.parter))
    part = f", del {number} av {total}" if total > 1 else ""
    return Meta(title=f"{fw.tittel} – {norsk.say('samlet saksdokument', 'samla saksdokument')}{part}",
                subtitle=norsk.say("Samarbeidsavtalen, oversikten og alle delavtaler",
                                   "Samarbeidsavtalen, oversikta og alle delavtalane"),
                status=where.text, version=fw.versjon, draft=where.draft,
                date=norsk.date_text(fw.dato), date_iso=fw.dato.isoformat(),
                parties=tuple(project.kommuner[p].offisielt_navn for p in fw.parter),
                subject=norsk.say("Samlet saksdokument", "Samla saksdokument"),
                keywords=norsk.say("samarbeidsavtale; delavtaler; saksdokument",
                                   "samarbeidsavtale; delavtalar; saksdokument"),
                language=norsk.language_tag())


def _joined(joins: list[tuple]) -> Iterator[tuple]:
    """Join each part of the case file (arguments of samlet.join_to), yielding each when done.

    Several parts are joined one after the other in a process of its own, started fresh (not
    forked): pikepdf holds about 2 MB per joined document until the part is written, and that
    memory then goes with the process instead of staying in the build's. One part is joined
    here (starting a process would cost more than it saves)."""
    if len(joins) <= 1:
        for cover, parts, staged, when in joins:
            atomic_write(staged, joined_bytes(cover, parts, when))
            yield cover, parts, staged, when
        return
    import multiprocessing
    with avbrudd.blocked():  # Ctrl-C reaches the build, which stops the joiner
        pool = multiprocessing.get_context("spawn").Pool(1)
    try:
        for arguments in joins:
            pool.apply(join_to, arguments)
            avbrudd.check()
            yield arguments
        pool.close()
        pool.join()
    finally:
        pool.terminate()


def _previous_of(previous: dict, key: str, suffix: str) -> str | None:
    """The recorded hash of one part (one part: a string; several: a map by file suffix)."""
    value = previous.get(key)
    if isinstance(value, dict):
        return value.get(suffix)
    return value if suffix == "" else None


def _build_pdfs(project: Project, documents: list[Document], report: BuildReport,
                converter: pdf.Converter, submitted: dict[pdf.Job, str], outputs: dict[str, dict],
                previous: dict, tool: str, say, install: Callable[[], None] = lambda: None) -> None:
    """Wait for the PDFs handed to LibreOffice (and the case file's contents pages when they
    changed), normalise each as it arrives, put them in place when all succeeded, and join each
    part of the case file when any of its documents changed. A failure leaves every earlier PDF
    as it was."""
    root = project.root
    pdf_dir, work = root / PDF_DIR, root / WORK_DIR
    made = {d.slug: datetime.fromisoformat(d.meta.made_iso) if d.meta.made_iso
            else datetime(1980, 1, 1, tzinfo=timezone.utc) for d in documents}
    when = max(made.values(), default=datetime(1980, 1, 1, tzinfo=timezone.utc))  # the bundle
    ready_dir = work / "klar"
    finals = {job: (pdf_dir / f"{slug}.pdf", slug) for job, slug in submitted.items()}
    parts = volumes(documents)
    try:
        if finals and len(parts) == 1:  # the case file is joined here, at the end: its font now
            stempel.prepare()
        processes = min(converter.workers, max(1, len(finals)))
        stage = f"Lager PDF/A med {count_phrase(processes, 'LibreOffice-prosess', 'LibreOffice-prosesser')}"
        say(stage, 0, len(finals))
        ready: dict[pdf.Job, Path] = {}

        def normalised(job: pdf.Job) -> None:
            staged = ready_dir / f"{job.target.stem}.pdf"
            atomic_write(staged, normalise(job.target.read_bytes(), made.get(finals[job][1], when)))
            job.target.unlink(missing_ok=True)
            ready[job] = staged
            if len(ready) % 50 == 0:
                minne.give_back()
            say(stage, len(ready), len(finals))
        outcome = converter.finish(normalised)
        avbrudd.check()
        minne.give_back()  # what normalising every PDF left free in the heap
        # the contents pages give each document's pages in its part: they are made last
        staged_of = {finals[job][1]: path for job, path in ready.items()}
        pages = {d.slug: _page_count(staged_of.get(d.slug, pdf_dir / f"{d.slug}.pdf")) for d in documents}
        ended = [(a.tittel, norsk.date_text(a.avviklet.dato)) for a in project.omrader.values()
                 if a.avviklet is not None]
        covers: dict[str, tuple[str, Path]] = {}  # suffix → (hash of its Word file, its PDF)
        for number, (suffix, docs) in enumerate(parts, start=1):
            with norsk.written_standard(project.rammeavtale.malform):
                cover = contents_document(docs, bundle_meta(project, number, len(parts)), pages,
                                          ended if number == len(parts) else [])
            cover_bytes = render_docx(cover, malsett.find(root, DOCX_TEMPLATE))  # an internal step: no date
            cover_docx, cover_pdf = work / f"{COVER}{suffix}.docx", work / f"{COVER}{suffix}.pdf"
            covers[suffix] = (manifest._hash(cover_bytes), cover_pdf)
            if not cover_pdf.is_file() or _previous_of(previous, "cover_of", suffix) != covers[suffix][0]:
                atomic_write(cover_docx, cover_bytes)
                job = pdf.Job(cover_docx, work / "ut" / f"{COVER}{suffix}.pdf",
                              f"Innholdsside for samlet saksdokument{suffix}")
                finals[job] = (cover_pdf, ("innhold", suffix))
                converter.submit(job, first=True)
        if any(isinstance(slug, tuple) for _, slug in finals.values()):
            outcome = converter.finish(normalised)
            avbrudd.check()
        # every PDF was made: each part is joined from the new PDFs where they wait, then the
        # Word files, Markdown, PDFs and the parts go in place together
        waiting = {finals[job][1]: path for job, path in ready.items()}  # a tuple: a contents page
        for slug in waiting:
            if isinstance(slug, str):
                outputs[slug]["pdf_of"] = outputs[slug]["docx"]
        keys, joined_parts, joins = {}, [], []
        for suffix, docs in parts:
            cover_hash, cover_pdf = covers[suffix]
            keys[suffix] = manifest.combined(
                {**{d.slug: outputs[d.slug].get("pdf_of", "") for d in docs}, COVER: cover_hash},
                [*(d.slug for d in docs), COVER], tool)
            bundle = root / f"{BUILD}/samlet{suffix}.pdf"
            if not bundle.is_file() or _previous_of(previous, "bundle_of", suffix) != keys[suffix]:
                staged = ready_dir / f".samlet{suffix}.pdf"
                joins.append((waiting.get(("innhold", suffix), cover_pdf),
                              [(d.meta.title, waiting.get(d.slug, pdf_dir / f"{d.slug}.pdf")) for d in docs],
                              staged, when))
                joined_parts.append((staged, bundle))
        for done, arguments in enumerate(_joined(joins), start=1):
            say("Setter sammen saksdokumentet", done, len(joins))
        install()
        pdf_dir.mkdir(parents=True, exist_ok=True)
        for job, staged in ready.items():
            target, slug = finals[job]
            _move(staged, target)
            if isinstance(slug, str):
                report.pdf_written.append(target)
        report.pdf_written.sort()
        for staged, bundle in joined_parts:
            _move(staged, bundle)
            report.bundle_written = True
        wanted = {f"samlet{suffix}.pdf" for suffix, _ in parts}
        for stale in sorted((root / BUILD).glob("samlet*.pdf")):  # parts of an earlier split
            if stale.name not in wanted:
                stale.unlink()
    except OSError as exc:
        raise BuildError(f"Kunne ikke skrive PDF-ene: {disk_problem(exc)}. Tidligere filer er "
                         "urørt.") from None
    single = len(parts) == 1
    report.cover_hash = covers[""][0] if single else {s: h for s, (h, _) in covers.items()}
    report.bundle_key = keys[""] if single else keys
    report.bundle_parts = len(parts)
    report.pdf_retried = [j.name for j in outcome.retried]


def _page_count(path: Path) -> int:
    import pikepdf
    try:
        with pikepdf.open(path) as document:
            return len(document.pages)
    except (pikepdf.PdfError, OSError):
        return 0


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file and a rename: never a half file.

    No fsync per file: a build's outputs can always be made again, and the rename alone keeps
    readers (and a build that is killed) from ever seeing half a file. The fsync cost 2 ms per
    file, 0.23 s of a cold build, all of it on the critical path.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""DOCX → PDF/A-2b with LibreOffice: batch conversion in parallel workers, defensively.

One `soffice` process converts many files (starting LibreOffice costs ~0.7 s, converting a
document ~0.1 s). Each worker has its own user profile, since two processes sharing one fail.
LibreOffice's exit status says nothing about success, so every output is checked: it must
exist, start with %PDF and have pages. A batch that hangs is killed as a whole process group
(by its pid), and the files it had not finished are retried once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .feil import BuildError

PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "SelectPdfVersion": {"type": "long", "value": "2"},   # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
}, separators=(",", ":"))
INSTALL_HINT = ("sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui "
                "fonts-crosextra-carlito")
BATCH_SECONDS = 60.0
FILE_SECONDS = 15.0


@dataclass(frozen=True)
class Job:
    """Convert `source` (DOCX) to `target` (PDF); `name` is what a user calls the document."""

    source: Path
    target: Path
    name: str


@dataclass
class Outcome:
    converted: list[Job] = field(default_factory=list)
    retried: list[Job] = field(default_factory=list)
    failed: dict[Job, str] = field(default_factory=dict)


def find_soffice() -> str | None:
    """Return the LibreOffice command, honouring SAMARBEID_SOFFICE, or None."""
    override = os.environ.get("SAMARBEID_SOFFICE")
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    fallback = Path("/usr/lib/libreoffice/program/soffice")
    return str(fallback) if fallback.is_file() else None


@dataclass(frozen=True)
class FontMatch:
    """How fontconfig resolves a font the template asks for."""

    requested: str
    resolved: str
    file: str

    @property
    def ok(self) -> bool:
        return self.resolved.lower() == self.requested.lower()


def match_fonts(fonts: set[str]) -> list[FontMatch] | None:
    """Ask `fc-match` for each font; None when fontconfig is not installed."""
    if shutil.which("fc-match") is None:
        return None
    matches = []
    for font in sorted(fonts):
        result = subprocess.run(["fc-match", "-f", "%{family[0]}|%{file}", font],
                                capture_output=True, text=True, timeout=30)
        family, _, path = result.stdout.partition("|")
        matches.append(FontMatch(font, family.strip(), path.strip()))
    return matches


_VERSION = re.compile(rb'oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>')
_REGISTRY = "user/registrymodifications.xcu"
_LAST_VERSION = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" '
                 'oor:op="fuse"><value>{}</value></prop></item>')


def product_version(soffice: str) -> str | None:
    """Return LibreOffice's product version ("7.4") from its installed registry, or None.

    Read from share/registry/main.xcd next to the program (1 ms) rather than by starting
    `soffice --version`.
    """
    program = Path(os.path.realpath(soffice)).parent
    try:
        found = _VERSION.search((program.parent / "share/registry/main.xcd").read_bytes())
    except OSError:
        return None
    return found.group(1).decode() if found else None


def prepare_profile(profile: Path, version: str | None) -> None:
    """Record in a worker's user profile that this LibreOffice version has already run there.

    Without it, every headless start counts as the first start after an upgrade: LibreOffice
    runs its graphics self-tests (about 0.6 s of CPU and 1.2 GB of memory touched per process,
    measured with `perf stat`) and never records that it did, because a conversion run does not
    store the version (vcl's runGraphicsRenderTests checks utl::isProductVersionUpgraded).
    """
    if version is None:
        return
    registry = profile / _REGISTRY
    item = _LAST_VERSION.format(version)
    try:
        text = registry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
                '2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3'
                '.org/2001/XMLSchema-instance">\n</oor:items>\n')
    if item in text:
        return
    text = re.sub(r'<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion"'
                  r'.*?</item>\n?', "", text)
    if "</oor:items>" not in text:
        return
    text = text.replace("</oor:items>", item + "\n</oor:items>", 1)
    registry.parent.mkdir(parents=True, exist_ok=True)
    tmp = registry.with_name(registry.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, registry)


def soffice_version(soffice: str) -> str:
    result = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60,
                            start_new_session=True)
    return result.stdout.strip() or result.stderr.strip()


def check_pdf(path: Path) -> str | None:
    """Return None if `path` is a readable PDF with pages, else what is wrong (Norwegian)."""
    if not path.is_file():
        return "LibreOffice laget ingen PDF"
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            return "filen LibreOffice laget, er ikke en PDF"
    try:
        pages = len(PdfReader(str(path)).pages)
    except (PdfReadError, OSError, ValueError) as exc:
        return f"PDF-en kan ikke leses ({exc})"
    return None if pages > 0 else "PDF-en har ingen sider"


def convert(jobs: list[Job], work_dir: Path, workers: int | None = None,
            soffice: str | None = None, batch_seconds: float = BATCH_SECONDS,
            file_seconds: float = FILE_SECONDS) -> Outcome:
    """Convert every job; write each target atomically. Raise BuildError naming what failed.

    Targets that were there before a failed conversion are left untouched.
    """
    if not jobs:
        return Outcome()
    soffice = soffice or find_soffice()
    if soffice is None:
        raise BuildError("Fant ikke LibreOffice (soffice), som lager PDF-ene. Installer det "
                         f"med: {INSTALL_HINT}  (eller kjør «make avtaler» som root).")
    stems = [j.source.stem for j in jobs]
    if len(set(stems)) != len(stems):
        raise BuildError("To dokumenter har samme filnavn; PDF-ene ville overskrive hverandre.")
    work_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    outcome = Outcome()
    remaining = _run_round(jobs, work_dir, workers, soffice, batch_seconds, file_seconds, outcome,
                           final=False)
    if remaining:
        outcome.retried = list(remaining)
        _run_round(remaining, work_dir, min(workers, len(remaining)), soffice, batch_seconds,
                   file_seconds, outcome, final=True)
    if outcome.failed:
        lines = [f"  {job.name} ({job.source.name}): {why}" for job, why in outcome.failed.items()]
        raise BuildError("LibreOffice klarte ikke å lage PDF av disse dokumentene, heller ikke "
                         "ved nytt forsøk:\n" + "\n".join(lines) +
                         "\nTidligere PDF-er er urørt. Kjør «samarbeid doktor» for å sjekke "
                         "LibreOffice og skriftene.")
    return outcome


def _run_round(jobs, work_dir, workers, soffice, batch_seconds, file_seconds, outcome, final):
    batches = _split(jobs, workers)
    running = []
    version = product_version(soffice)
    for index, batch in enumerate(batches):
        out_dir = Path(tempfile.mkdtemp(prefix="pdf-", dir=work_dir))
        profile = work_dir / f"profil-{index}"
        prepare_profile(profile, version)
        command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
                   "--outdir", str(out_dir)] + [str(j.source) for j in batch]
        log = out_dir / "soffice.log"
        handle = log.open("wb")
        proc = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + batch_seconds + file_seconds * len(batch)
        running.append((batch, out_dir, log, handle, proc, deadline))

    remaining: list[Job] = []
    try:
        for batch, out_dir, log, handle, proc, deadline in running:
            _collect(batch, out_dir, log, handle, proc, deadline, outcome, remaining, final)
    except BaseException:
        # interrupted (Ctrl-C) or failed: stop every LibreOffice we started, then give up
        for _, out_dir, _, handle, proc, _ in running:
            if proc.poll() is None:
                _kill(proc)
            handle.close()
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    return remaining


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _collect(batch, out_dir, log, handle, proc, deadline, outcome, remaining, final) -> None:
    """Wait for one worker, check and install what it produced, note what must be retried."""
    timed_out = _wait(proc, deadline)
    handle.close()
    message = _last_words(log)
    for job in batch:
        produced = out_dir / f"{job.source.stem}.pdf"
        problem = check_pdf(produced)
        if problem is None:
            _install(produced, job.target)
            outcome.converted.append(job)
            continue
        if timed_out:
            problem = "LibreOffice svarte ikke innen tidsfristen og ble stoppet"
        why = f"{problem}" + (f". LibreOffice sa: {message}" if message else "")
        if final:
            outcome.failed[job] = why
        else:
            remaining.append(job)
    shutil.rmtree(out_dir, ignore_errors=True)


def _split(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Share jobs among workers so each gets about the same amount of work (largest first)."""
    batches: list[list[Job]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for job in sorted(jobs, key=lambda j: (-j.source.stat().st_size, j.source.name)):
        i = loads.index(min(loads))
        batches[i].append(job)
        loads[i] += job.source.stat().st_size
    return [b for b in batches if b]


def _wait(proc: subprocess.Popen, deadline: float) -> bool:
    """Wait for `proc` until `deadline`; kill its whole process group then. True if killed."""
    try:
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        return False
    except subprocess.TimeoutExpired:
        _kill(proc)
        return True


def _last_words(log: Path) -> str:
    """Return LibreOffice's own message lines (errors), without the progress lines."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    useful = [line.strip() for line in lines
              if line.strip() and not line.startswith("convert ") and "javaldx" not in line]
    return " / ".join(useful[-3:])


def _install(produced: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.move(str(produced), tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)

"""DOCX → PDF/A-2b with LibreOffice, defensively: warm workers fed over UNO (`Converter`), or
batch conversion in parallel processes (`convert`) where UNO is not available.

One LibreOffice process converts many files (starting it costs ~0.3 s with a prepared profile,
converting a document ~0.06 s). Each worker has its own user profile, since two processes
sharing one fail.
LibreOffice's exit status says nothing about success, so every output is checked: it must
exist, start with %PDF and have pages. A batch that hangs is killed as a whole process group
(by its pid), and the files it had not finished are retried once.
"""

from __future__ import annotations

import json
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..feil import BuildError

PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "SelectPdfVersion": {"type": "long", "value": "2"},   # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"},
}, separators=(",", ":"))
INSTALL_HINT = ("sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui "
                "python3-uno fonts-crosextra-carlito")
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
# at least three letters carried over to the next line when a word is hyphenated: never a
# paragraph ending on a line of its own with «ne.» («deltaker-ne.», seen in 10 of the 27
# agreements); LibreOffice's default is two, and DOCX has no setting for it
_HYPHENATION = ('<item oor:path="/org.openoffice.Office.Linguistic/Hyphenation"><prop '
                'oor:name="MinTrailing" oor:op="fuse"><value>3</value></prop></item>')


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
    """Record in a worker's user profile that this LibreOffice version has already run there,
    and the hyphenation the documents are set with (`_HYPHENATION`).

    Without the version, every headless start counts as the first start after an upgrade:
    LibreOffice runs its graphics self-tests (about 0.6 s of CPU and 1.2 GB of memory touched
    per process, measured with `perf stat`) and never records that it did, because a conversion
    run does not store the version (vcl's runGraphicsRenderTests checks
    utl::isProductVersionUpgraded).
    """
    registry = profile / _REGISTRY
    items = [_HYPHENATION] + ([_LAST_VERSION.format(version)] if version is not None else [])
    try:
        text = registry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
                '2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3'
                '.org/2001/XMLSchema-instance">\n</oor:items>\n')
    missing = [item for item in items if item not in text]
    if not missing:
        return
    if version is not None and _LAST_VERSION.format(version) in missing:  # an older version's
        text = re.sub(r'<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion"'
                      r'.*?</item>\n?', "", text)
    if "</oor:items>" not in text:
        return
    text = text.replace("</oor:items>", "\n".join(missing) + "\n</oor:items>", 1)
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
    import pikepdf
    if not path.is_file():
        return "LibreOffice laget ingen PDF"
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            return "filen LibreOffice laget, er ikke en PDF"
    try:
        with pikepdf.open(path) as document:
            pages = len(document.pages)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
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
                         f"med: {INSTALL_HINT}  (eller kjør «make avtaler» som root). Word-filene "
                         "alene bygges med «samarbeid bygg --uten-pdf».")
    stems = [j.source.stem for j in jobs]
    if len(set(stems)) != len(stems):
        raise BuildError("To dokumenter har samme filnavn; PDF-ene ville overskrive hverandre.")
    work_dir.mkdir(parents=True, exist_ok=True)
    stop_leftovers(work_dir)
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    outcome = Outcome()
    remaining = _run_round(jobs, work_dir, workers, soffice, batch_seconds, file_seconds, outcome,
                           final=False)
    if remaining:
        outcome.retried = list(remaining)
        _run_round(remaining, work_dir, min(workers, len(remaining)), soffice, batch_seconds,
                   file_seconds, outcome, final=True)
    _raise_failed(outcome)
    return outcome


_TMP: list[str] = []  # this process's private temporary folder for LibreOffice, once made


def _lo_env() -> dict[str, str]:
    """The environment for LibreOffice: its own temporary folder (it leaves its OSL_PIPE files
    in TMPDIR), removed again when the build ends, so nothing is left in /tmp."""
    if not _TMP:
        import atexit
        _TMP.append(tempfile.mkdtemp(prefix="samarbeid-lo-"))
        atexit.register(remove_tmp)
    return {**os.environ, "TMPDIR": _TMP[0]}


def remove_pipes(profile: Path, uno_pipe: str | None = None) -> None:
    """Remove the named pipes a stopped LibreOffice leaves in /tmp (always /tmp: LibreOffice
    does not look at TMPDIR for them): its single-instance pipe, named from the MD5 of its
    profile's URL (UTF-16, each byte in hex without padding), and the UNO pipe it listened on."""
    import hashlib
    digest = hashlib.md5(profile.resolve().as_uri().encode("utf-16-le")).digest()  # noqa: S324
    names = ["SingleOfficeIPC_" + "".join(f"{b:x}" for b in digest)]
    if uno_pipe:
        names.append(uno_pipe)
    for name in names:
        try:
            Path(f"/tmp/OSL_PIPE_{os.getuid()}_{name}").unlink()
        except OSError:
            pass


def stop_leftovers(work_dir: Path) -> None:
    """Stop LibreOffice processes left running on this project's profiles by a build that was
    killed (kill -9 reaches the build, not the LibreOffice it started in its own session)."""
    marker = f"UserInstallation={work_dir.resolve().as_uri()}/profil-".encode()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if marker not in handle.read():
                    continue
            os.kill(int(entry), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def remove_tmp() -> None:
    """Remove LibreOffice's temporary folder (after its processes have stopped)."""
    while _TMP:
        shutil.rmtree(_TMP.pop(), ignore_errors=True)


def _raise_failed(outcome: Outcome) -> None:
    """Raise BuildError naming every document that failed twice, with LibreOffice's words; a
    full disk is said as such, not as LibreOffice's store error."""
    if outcome.failed:
        folder = next(iter(outcome.failed)).target.parent
        try:
            free = shutil.disk_usage(folder if folder.exists() else folder.parent).free
        except OSError:
            free = None
        said = " ".join(outcome.failed.values())
        if (free is not None and free < 20_000_000) or "No space left" in said:
            raise BuildError(f"Disken er full der PDF-ene lages ({folder}): LibreOffice kunne "
                             "ikke lagre dem. Frigjør plass og bygg på nytt. Ingen filer i build/ "
                             "er endret.")
        lines = [f"  {job.name} ({job.source.name}): {why}" for job, why in outcome.failed.items()]
        raise BuildError("LibreOffice klarte ikke å lage PDF av disse dokumentene, heller ikke "
                         "ved nytt forsøk:\n" + "\n".join(lines) +
                         "\nTidligere PDF-er er urørt. Kjør «samarbeid doktor» for å sjekke "
                         "LibreOffice og skriftene.")


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
                                stdin=subprocess.DEVNULL, start_new_session=True, env=_lo_env())
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
    for part in proc.args:
        if str(part).startswith("-env:UserInstallation=file://"):
            from urllib.parse import unquote
            remove_pipes(Path(unquote(str(part).split("file://", 1)[1])))
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


# -- warm workers: LibreOffice started once per worker, fed one document at a time -------------

WORKER_SCRIPT = Path(__file__).with_name("lo_arbeider.py")
RECYCLE_AFTER = 200  # documents per LibreOffice process before a fresh one takes over
MEND_ROUNDS = 3      # conversions again with page breaks before headings left at a page's foot
SYSTEM_PYTHON = "/usr/bin/python3"


def warm_workers_possible(soffice: str | None) -> bool:
    """True when LibreOffice can be driven over UNO here: an installed LibreOffice (not a
    stand-in) and the system Python that its `uno` module belongs to. SAMARBEID_LO=batch turns
    it off."""
    return (soffice is not None and os.environ.get("SAMARBEID_LO", "") != "batch"
            and Path(SYSTEM_PYTHON).is_file() and product_version(soffice) is not None)


class _Worker:
    """One lo_arbeider.py process (and its LibreOffice) in its own process group."""

    def __init__(self, soffice: str, profile: Path, name: str):
        self.profile, self.name = profile, name
        self.proc = subprocess.Popen([SYSTEM_PYTHON, str(WORKER_SCRIPT), soffice, str(profile), name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, start_new_session=True,
                                     env=_lo_env())
        self.buffer = b""
        self.ready = False

    def line(self, deadline: float) -> str | None:
        """The next line it prints, or None on timeout or when it died."""
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                    return None
                chunk = os.read(fd, 65536)
            except (OSError, ValueError):  # closed under us: the build is stopping
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace").strip()

    def ask(self, job: Job, output: Path, deadline: float, breaks: list[str] | None = None) -> str | None:
        """Convert `job` into `output`; None when done, else what went wrong (Norwegian).
        With `breaks` (bookmark names), put page breaks there in the document converted last,
        still open, and export it again into `output` instead."""
        request = ({"brudd": breaks} if breaks is not None else {"kilde": str(job.source.resolve())})
        request = json.dumps(request | {"mål": str(output.resolve())}, ensure_ascii=False)
        try:
            self.proc.stdin.write(request.encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except OSError:
            return "LibreOffice stoppet uventet"
        answer = self.line(deadline)
        if answer is None:
            return ("LibreOffice svarte ikke innen tidsfristen og ble stoppet"
                    if self.proc.poll() is None else "LibreOffice stoppet uventet")
        try:
            reply = json.loads(answer)
        except ValueError:
            return f"uventet svar fra LibreOffice: {answer}"
        return None if reply.get("ok") else f"LibreOffice sa: {reply.get('feil', '')}"

    def kill(self) -> None:
        _kill(self.proc)
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        remove_pipes(self.profile, self.name)


class Converter:
    """Converts DOCX to PDF/A as documents are handed in, on `workers` warm LibreOffice
    processes fed over UNO (largest waiting document first). Where UNO is not available (no
    python3-uno, or a stand-in soffice), the documents are collected and converted in batches
    by `convert` at `finish`. A hung or crashed LibreOffice is killed with its process group,
    restarted, and its document retried once.

        with Converter(work_dir, workers) as converter:
            converter.start()            # optional: start LibreOffice before the first job
            converter.submit(job) …
            outcome = converter.finish() # raises BuildError naming what failed
    """

    def __init__(self, work_dir: Path, workers: int | None = None, soffice: str | None = None,
                 file_seconds: float = FILE_SECONDS, start_seconds: float = BATCH_SECONDS):
        self.work_dir = work_dir
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.soffice = soffice or find_soffice()
        self.file_seconds, self.start_seconds = file_seconds, start_seconds
        self.warm = warm_workers_possible(self.soffice)
        self.jobs: list[Job] = []
        self.queue: queue.PriorityQueue = queue.PriorityQueue()
        self.lock = threading.Lock()
        self.outcome = Outcome()
        self.threads: list = []
        self.live: dict[int, _Worker] = {}
        self.closed = False
        self.pending = 0
        self.results: queue.Queue = queue.Queue()
        self.batched = False

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start the warm workers now (they take about 0.3 s to come up)."""
        if not self.warm or self.threads or self.soffice is None:
            return
        self.work_dir.mkdir(parents=True, exist_ok=True)
        stop_leftovers(self.work_dir)
        version = product_version(self.soffice)
        for index in range(self.workers):
            prepare_profile(self.work_dir / f"profil-{index}", version)
            thread = threading.Thread(target=self._run, args=(index,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def submit(self, job: Job, first: bool = False) -> None:
        """Hand in a document (`first`: ahead of all waiting ones); without LibreOffice,
        `finish` says what to install."""
        self.jobs.append(job)
        if not self.warm:
            return
        self.start()
        with self.lock:
            self.pending += 1
        self.queue.put((-1 if first else 0, -job.source.stat().st_size, str(job.source), 0, job))

    def finish(self, converted: Callable[[Job], None] | None = None) -> Outcome:
        """Wait for every job, calling `converted(job)` (in this thread) as each one is done;
        raise BuildError naming those that failed twice."""
        if not self.jobs:
            return Outcome()
        if self.warm:
            from ..avbrudd import check
            while self.pending and not self.closed:
                check()
                try:
                    job = self.results.get(timeout=0.5)
                except queue.Empty:
                    continue
                with self.lock:
                    self.pending -= 1
                if converted is not None and job in self.outcome.converted:
                    converted(job)
        if not self.warm or (self.closed and self.pending):
            # no UNO here, or no worker could start LibreOffice over it: convert in batches
            self.batched = True
            rest = [j for j in self.jobs if j not in self.outcome.converted and j not in self.outcome.failed]
            batch = convert(rest, self.work_dir, self.workers, self.soffice)
            self.outcome.converted += batch.converted
            self.outcome.retried += batch.retried
            for job in batch.converted:
                if converted is not None:
                    converted(job)
        _raise_failed(self.outcome)
        return self.outcome

    def reset(self) -> None:
        """Forget the jobs of the last round (a follow-mode rebuild reuses the warm workers)."""
        with self.lock:
            self.jobs = []
            self.outcome = Outcome()

    @property
    def fell_back(self) -> bool:
        """True when the documents were (or will be) converted in batches, not by warm workers."""
        return not self.warm or self.batched

    def close(self) -> None:
        """Stop every worker and its LibreOffice (also on Ctrl-C or an error)."""
        with self.lock:
            self.closed = True
            workers = list(self.live.values())
        for worker in workers:
            worker.kill()
        for index in range(len(self.threads)):
            self.queue.put((9, 0, "", 0, None))
        remove_tmp()

    def _spawn(self, index: int, generation: int) -> _Worker | None:
        worker = _Worker(self.soffice, self.work_dir / f"profil-{index}",
                         f"samarbeid-{os.getpid()}-{index}-{generation}")
        with self.lock:
            if self.closed:
                worker.kill()
                return None
            self.live[index] = worker
        ready = worker.line(time.monotonic() + self.start_seconds)
        if ready != "klar":
            worker.kill()
            return None
        worker.ready = True
        return worker

    def _run(self, index: int) -> None:
        try:
            self._serve(index)
        except Exception:  # noqa: BLE001 - never a traceback from a worker thread
            with self.lock:  # something unforeseen: `finish` converts the rest in batches
                self.closed = True

    def _serve(self, index: int) -> None:
        generation = served = 0
        worker = self._spawn(index, generation)
        if worker is None:
            self._give_up()
            return
        while True:
            _, _, _, attempt, job = self.queue.get()
            if job is None or self.closed:
                break
            output = job.target.with_name(f".{job.target.stem}.uno.pdf")
            job.target.parent.mkdir(parents=True, exist_ok=True)
            output.unlink(missing_ok=True)
            why = worker.ask(job, output, time.monotonic() + self.file_seconds)
            if why is None:
                why = check_pdf(output)
            if why is None:
                if not self._mend(worker, job, output):
                    worker.kill()  # it failed on the mended copy: the next job gets a fresh one
                    generation += 1
                    worker = self._spawn(index, generation)
                os.replace(output, job.target)
                with self.lock:
                    self.outcome.converted.append(job)
                self._finished(job)
                served += 1
                if worker is None:
                    self._give_up()
                    return
                if served % RECYCLE_AFTER == 0:  # long runs: do not let LibreOffice grow
                    worker.kill()
                    generation += 1
                    worker = self._spawn(index, generation)
                    if worker is None:
                        self._give_up()
                        return
                continue
            output.unlink(missing_ok=True)
            if self.closed:
                break
            # hung, crashed or refused: the retry gets a fresh LibreOffice
            worker.kill()
            generation += 1
            worker = self._spawn(index, generation)
            if attempt == 0:
                with self.lock:
                    self.outcome.retried.append(job)
                self.queue.put((1, -job.source.stat().st_size, str(job.source), 1, job))
            else:
                with self.lock:
                    self.outcome.failed[job] = why
                self._finished(job)
            if worker is None:
                self._give_up()
                return
        worker.kill()

    def _mend(self, worker: _Worker, job: Job, output: Path) -> bool:
        """Where LibreOffice left a heading, or a sentence introducing a list or a table, alone
        at the foot of a page (`sidebrudd`), export the document again into `output` with a page
        break before it, up to MEND_ROUNDS times: in the document LibreOffice still has open,
        found by its hidden bookmarks (about half the time of loading it again), or else from a
        copy of the DOCX with the breaks.
        The first PDF stays when the headings cannot be matched or a conversion fails; False
        then means the worker is no longer to be trusted."""
        from . import sidebrudd
        breaks: list[int] = []
        leads: list[int] = []
        patched = output.with_name(f"{output.stem}.brudd.docx")
        second = output.with_name(f"{output.stem}.brudd.pdf")
        try:
            for _ in range(MEND_ROUNDS):
                headings, lead_ins = sidebrudd.page_faults(output)
                new = [i for i in headings if i not in breaks]
                new_leads = [k for k in lead_ins if k not in leads]
                if not (new or new_leads):
                    return True
                marks = sidebrudd.break_marks(job.source, breaks + new, leads + new_leads)
                if marks is None and not sidebrudd.with_page_breaks(
                        job.source, breaks + new, patched, leads + new_leads):
                    return True
                breaks += new
                leads += new_leads
                second.unlink(missing_ok=True)
                deadline = time.monotonic() + self.file_seconds
                why = (worker.ask(job, second, deadline, breaks=marks) if marks is not None
                       else worker.ask(replace(job, source=patched), second, deadline))
                if why is None:
                    why = check_pdf(second)
                if why is not None:
                    return False
                os.replace(second, output)
            return True
        except Exception:  # noqa: BLE001 - a PDF or DOCX it cannot read: keep the first PDF
            return True
        finally:
            patched.unlink(missing_ok=True)
            second.unlink(missing_ok=True)

    def _finished(self, job: Job) -> None:
        self.results.put(job)

    def _give_up(self) -> None:
        """This worker cannot start LibreOffice over UNO; when none can, fall back to batches."""
        with self.lock:
            self.live = {i: w for i, w in self.live.items() if w.proc.poll() is None}
            if self.live:
                return
            self.closed = True

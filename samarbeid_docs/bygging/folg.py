"""`samarbeid vis --følg`: build, serve the download page, and build again on every save.

The sources (avtaler/ and the project's maler/) are polled ten times a second; a change is built
at once with the incremental build, by LibreOffice workers kept warm between rounds, so one
changed area is a few documents. A source error does not stop anything: it is kept, located
(file and line), for the page to show, and the next save that fixes it builds again. The page
asks the server for the round it shows and reloads itself when a new one is done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import manifest
from ..feil import BuildError, InputError, os_reason
from ..konverter import pdf
from .bygg import BuildReport, build_held
from .laas import WORK_DIR, build_lock

POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.05  # an editor may write a file in more than one step


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each source file → (modification time in ns, size): a change in any is a new version."""
    found = {}
    for name in manifest.input_files(root):
        try:
            info = (root / name).stat()
        except OSError:
            continue
        found[name] = (info.st_mtime_ns, info.st_size)
    return found


def problem_text(exc: Exception) -> str:
    """A failed build as a user reads it: the message and each located problem."""
    lines = [getattr(exc, "message", str(exc))]
    for problem in getattr(exc, "problems", []):
        where = problem.file + (f":{problem.line}" if problem.line else "")
        lines.append(f"{where}: {problem.level.value}: {problem.message}")
    return "\n".join(lines)


class Follower:
    """Builds `root` again whenever its sources change; `version` counts the finished rounds
    and `error` holds the last round's problem (empty when it built)."""

    def __init__(self, root: Path, with_pdf: bool = True, workers: int | None = None,
                 on_round: Callable[["Follower"], None] | None = None):
        self.root, self.with_pdf, self.workers = root, with_pdf, workers
        self.on_round = on_round or (lambda follower: None)
        self.version = 0
        self.error = ""
        self.report: BuildReport | None = None
        self.seconds = 0.0
        self.converter: pdf.Converter | None = None
        self._state = threading.Lock()

    def status(self) -> tuple[int, str]:
        with self._state:
            return self.version, self.error

    def _converter(self) -> pdf.Converter | None:
        if not self.with_pdf:
            return None
        if self.converter is None or self.converter.closed:
            self.converter = pdf.Converter(self.root / WORK_DIR, self.workers)
        self.converter.reset()
        return self.converter

    def build_once(self) -> None:
        started = time.monotonic()
        report, error = None, ""
        try:
            with build_lock(self.root):
                report = build_held(self.root, self.with_pdf, self.workers,
                                    converter=self._converter())
        except (InputError, BuildError) as exc:
            error = problem_text(exc)
        except OSError as exc:  # a file where a folder should be, no access: said, and the next save tries again
            error = f"Kunne ikke bygge i {self.root}: {os_reason(exc)} ({exc.filename or ''})."
        with self._state:
            self.report = report if report is not None else self.report
            self.error = error
            self.seconds = time.monotonic() - started
            self.version += 1
        self.on_round(self)

    def run(self, stop: threading.Event) -> None:
        """Build now, then on every change until `stop` is set."""
        seen = snapshot(self.root)
        self.build_once()
        while not stop.wait(POLL_SECONDS):
            now = snapshot(self.root)
            if now == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            seen = snapshot(self.root)
            self.build_once()

    def close(self) -> None:
        if self.converter is not None:
            self.converter.close()

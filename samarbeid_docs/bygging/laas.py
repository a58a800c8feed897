"""The build folder: where each output lives, and one build of a project at a time (an
exclusive lock on the project folder). Standard library only, so the command line can use it before it
imports the heavy modules."""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ..feil import BuildError, os_reason

BUILD = "build"
DOCX_DIR = "build/docx"
MD_DIR = "build/md"
PDF_DIR = "build/pdf"
BUNDLE = "build/samlet.pdf"
# build/ holds only what is published (documents, page, assets). What the build keeps for
# itself lives beside it in a hidden folder that git ignores and `make clean` removes.
CACHE = ".mellomlager"
WORK_DIR = ".mellomlager/arbeid"  # LibreOffice profiles, conversions under way
COVER = "innhold"  # the bundle's contents page: .mellomlager/arbeid/innhold.docx and .pdf
FRAGMENT_DIR = ".mellomlager/arbeid/html"  # each document's body as HTML, for the site
STAGING_DIR = ".mellomlager/arbeid/neste"  # new outputs wait here until every check has passed
LEGACY = ("build/.arbeid", "build/.manifest.json", "build/.lås")  # where earlier versions kept them


@contextmanager
def build_lock(root: Path, on_wait: Callable[[str], None] | None = None):
    """Hold an exclusive lock on the project folder `root` for the duration of a build.

    The lock is taken on the folder itself, so a build writes nothing before it has checked
    the sources (no lock file in build/)."""
    try:
        handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise BuildError(f"Kunne ikke åpne prosjektmappen {root}: {disk_problem(exc)}.") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait("En annen bygging av dette prosjektet pågår; venter til den er ferdig …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def disk_problem(exc: OSError) -> str:
    """Say in Norwegian what a failed write means for the user."""
    return {errno.ENOSPC: "disken er full; frigjør plass og bygg på nytt",
            errno.EDQUOT: "diskkvoten er brukt opp; frigjør plass og bygg på nytt",
            errno.EROFS: "filsystemet er skrivebeskyttet",
            errno.EACCES: "du mangler skrivetilgang til mappen",
            errno.EPERM: "du mangler skrivetilgang til mappen"}.get(
        exc.errno, os_reason(exc))

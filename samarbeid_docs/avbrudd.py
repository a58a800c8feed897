"""Ctrl-C that cannot be lost.

Python raises KeyboardInterrupt wherever the main thread happens to be; when that is inside a
finaliser or a callback of the process pool, the exception is printed as "ignored" and the
build carries on. The handler here also records the request, and the build checks it between
its steps, so an interrupted build always stops (and its LibreOffice workers with it).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

requested = threading.Event()


def _handler(signum, frame):  # noqa: ARG001 - signal handler signature
    requested.set()
    raise KeyboardInterrupt


def install() -> None:
    """Handle Ctrl-C (SIGINT) this way from now on, in this process."""
    requested.clear()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed (even if its first raise got lost)."""
    if requested.is_set():
        raise KeyboardInterrupt


@contextmanager
def blocked():
    """Hold back Ctrl-C in this block (it is delivered when the block ends); processes forked
    here keep it blocked for their whole life."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)

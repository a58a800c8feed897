"""Give freed memory back to the operating system.

pikepdf (qpdf) allocates many small objects for the PDFs it opens; when they are freed, glibc
keeps the pages in the process, so a build that joins part after part of the case file would
hold the peak of every part for the rest of its run (measured: 137 MB after joining 50
agreements and closing them, 47 MB after `malloc_trim`). This asks glibc to return them.
Elsewhere (another C library) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the free pages of the heap to the operating system (glibc), if it can."""
    trim = _trim()
    if trim is not None:
        trim(0)

"""Find the project a command works on: the nearest folder holding avtaler/samarbeidsavtale.yaml."""

from __future__ import annotations

from pathlib import Path

from .feil import InputError

FRAMEWORK = "avtaler/samarbeidsavtale.yaml"


def find_root(start: Path) -> Path:
    """Return the nearest folder at or above `start` that holds avtaler/samarbeidsavtale.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / FRAMEWORK).is_file():
            return folder
    raise InputError(f"Fant ikke {FRAMEWORK} i {start} eller mappene over. Kjør kommandoen i "
                     "prosjektmappen, eller oppgi den med -C MAPPE.")

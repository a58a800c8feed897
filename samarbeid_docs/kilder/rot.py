"""Find the project a command works on: the nearest folder holding avtaler/samarbeidsavtale.yaml."""

from __future__ import annotations

from pathlib import Path

from ..feil import InputError

FRAMEWORK = "avtaler/samarbeidsavtale.yaml"


def find_root(start: Path) -> Path:
    """Return the nearest folder at or above `start` that holds avtaler/samarbeidsavtale.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / FRAMEWORK).is_file():
            return folder
    raise InputError(f"Fant ikke {FRAMEWORK} i {start} eller mappene over. Kjør kommandoen i "
                     "prosjektmappen, eller oppgi den med -C MAPPE.")


SOURCE_FOLDERS = ("avtaler", "maler")


def outside_link(root: Path, path: Path) -> Path | None:
    """Where `path` really is, if that is outside the project's avtaler/ and maler/ (a symbolic
    link out of the tree); None when it stays inside. A link within the tree is fine."""
    real = path.resolve()
    for folder in SOURCE_FOLDERS:
        if real.is_relative_to((root / folder).resolve()):
            return None
    return real


def link_message(target: Path) -> str:
    return (f"filen er en lenke til {target}, som er utenfor prosjektets avtaler/ og maler/; "
            "bare filer i prosjektet leses. Erstatt lenken med en vanlig fil")

"""Diagnostics: one shape for every problem a user sees, and the library's typed errors."""

from __future__ import annotations

import errno

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    ERROR = "FEIL"
    WARNING = "ADVARSEL"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about the sources, located as precisely as we know."""

    file: str
    line: int | None
    column: int | None
    level: Level
    message: str
    key: str = ""

    def __str__(self) -> str:
        location = self.file
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        key = f"{self.key}: " if self.key else ""
        return f"{location}: {self.level.value}: {key}{self.message}"


def error(file: str, message: str, *, line: int | None = None, column: int | None = None,
          key: str = "") -> Problem:
    return Problem(file, line, column, Level.ERROR, message, key)


def warning(file: str, message: str, *, line: int | None = None, column: int | None = None,
            key: str = "") -> Problem:
    return Problem(file, line, column, Level.WARNING, message, key)


def count_phrase(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def summary(problems: list[Problem], files_total: int) -> str:
    """Return the closing line, e.g. 'Avbrutt: 1 feil og 1 advarsel i 1 av 28 filer.'"""
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    counts = f"{count_phrase(errors, 'feil', 'feil')} og {count_phrase(warnings, 'advarsel', 'advarsler')}"
    where = f"i {files} av {count_phrase(files_total, 'fil', 'filer')}"
    if errors:
        return f"Avbrutt: {counts} {where}."
    if warnings:
        return f"Ingen feil, men {count_phrase(warnings, 'advarsel', 'advarsler')} {where}."
    return f"Ingen feil i {count_phrase(files_total, 'fil', 'filer')}."


class SamarbeidError(Exception):
    """Base of the errors the library raises on purpose; the CLI shows them without a traceback."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])


class InputError(SamarbeidError):
    """The sources (YAML, templates) are wrong: the user must change them."""

    exit_code = 2


class BuildError(SamarbeidError):
    """Writing the outputs failed (disk, template file, converter)."""

    exit_code = 1


_OS_REASONS = {
    errno.ENOENT: "finnes ikke",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EEXIST: "det står allerede en fil der en mappe skal være",
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "mangler tilgang",
    errno.ENOSPC: "disken er full",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EADDRINUSE: "porten er allerede i bruk",
    errno.EADDRNOTAVAIL: "adressen finnes ikke på denne maskinen",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ECONNREFUSED: "forbindelsen ble avvist",
    errno.ECONNRESET: "forbindelsen ble brutt",
    errno.ETIMEDOUT: "tidsavbrudd",
    errno.ENETUNREACH: "nettet kan ikke nås",
    errno.EHOSTUNREACH: "maskinen kan ikke nås",
}


def os_reason(exc: OSError) -> str:
    """What a failed file or network operation means, in Norwegian (the system's own text is
    English)."""
    reason = _OS_REASONS.get(exc.errno)
    if reason:
        return reason
    code = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    return f"systemfeil {code}" if code else "ukjent systemfeil"

"""Read the project's sources as they were at a git revision (the only module that runs git)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..feil import InputError

FOLDERS = ("avtaler", "maler")


def _git(root: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    if shutil.which("git") is None:
        raise InputError("Fant ikke git. Installer det med: sudo apt-get install -y git")
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=not binary,
                          timeout=120)


def top_level(root: Path) -> Path:
    result = _git(root, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise InputError(f"{root} er ikke i et git-depot, så endringer mellom revisjoner kan ikke "
                         "vises. Opprett et med «git init», eller kjør kommandoen i depotet.")
    return Path(result.stdout.strip())


def resolve(root: Path, revision: str) -> str:
    """Return the commit id of `revision`, or raise a clear InputError."""
    result = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0 or not result.stdout.strip():
        raise InputError(f"Fant ikke revisjonen «{revision}» i git. Se gyldige revisjoner med "
                         "«git log --oneline» (for eksempel HEAD, HEAD~1, main eller en "
                         "commit-id).")
    return result.stdout.strip()


def commit_author(root: Path, commit: str) -> tuple[str, datetime]:
    """Return the author name and the commit time (UTC) of `commit`."""
    result = _git(root, "show", "-s", "--format=%an%x00%ct", commit)
    name, _, stamp = result.stdout.strip().partition("\0")
    return name or "ukjent", datetime.fromtimestamp(int(stamp or 0), tz=timezone.utc)


def user_name(root: Path) -> str | None:
    """The name the user commits under (git config user.name), if git and a name are there."""
    if shutil.which("git") is None:
        return None
    result = _git(root, "config", "user.name")
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def export(root: Path, revision: str, target: Path) -> Path:
    """Write avtaler/ and maler/ as they were at `revision` into `target`; return `target`."""
    top = top_level(root)
    commit = resolve(root, revision)
    prefix = PurePosixPath(Path(root).resolve().relative_to(top.resolve()).as_posix())
    target.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        path = (prefix / folder).as_posix().lstrip("./") or folder
        listed = _git(top, "ls-tree", "--name-only", commit, "--", path)
        if not listed.stdout.strip():
            continue  # the folder did not exist at that revision
        result = _git(top, "archive", "--format=tar", commit, "--", path, binary=True)
        if result.returncode != 0:
            raise InputError(f"git kunne ikke hente {path} fra «{revision}»: "
                             f"{result.stderr.decode('utf-8', 'replace').strip()}")
        _extract(result.stdout, prefix, target)
    return target


def _extract(data: bytes, prefix: PurePosixPath, target: Path) -> None:
    """Extract regular files under `prefix` into `target`, refusing paths that leave it."""
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            if member.issym() or member.islnk():
                raise InputError(f"{member.name} er en lenke til {member.linkname} i revisjonen; "
                                 "bare vanlige filer i avtaler/ og maler/ leses. Erstatt lenken "
                                 "med en vanlig fil")
            if not member.isfile():
                continue
            name = PurePosixPath(member.name)
            try:
                relative = name.relative_to(prefix) if str(prefix) not in ("", ".") else name
            except ValueError:
                continue
            if ".." in relative.parts or relative.is_absolute():
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())


def last_commit_times(root: Path) -> dict[str, int]:
    """Each source file under avtaler/ and maler/ (relative to `root`) → the time (seconds
    since 1970, UTC) of the last commit that changed it; {} outside a git repository."""
    if shutil.which("git") is None:
        return {}
    result = _git(root, "log", "--format=@%ct", "--name-only", "--relative", "--", *FOLDERS)
    if result.returncode != 0:
        return {}
    times: dict[str, int] = {}
    current = 0
    for line in result.stdout.splitlines():
        if line.startswith("@"):
            current = int(line[1:])
        elif line.strip():
            times.setdefault(line.strip(), current)  # the log is newest first
    return times


def uncommitted(root: Path) -> set[str]:
    """The files under avtaler/ and maler/ (relative to `root`) that differ from the last
    commit: edited, added or not yet tracked."""
    if shutil.which("git") is None:
        return set()
    result = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *FOLDERS)
    if result.returncode != 0:
        return set()
    top = top_level(root).resolve()
    names = set()
    for line in result.stdout.splitlines():
        path = line[3:].split(" -> ")[-1].strip('"')
        names.add((top / path).resolve().relative_to(root.resolve()).as_posix())
    return names


def previous_version(root: Path) -> str | None:
    """The commit the sources changed from last: HEAD while avtaler/ or maler/ has changes not
    committed, else the parent of the last commit that changed them; None outside git or when
    the sources have no earlier version."""
    if shutil.which("git") is None or _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode:
        return None
    if uncommitted(root):
        return resolve(root, "HEAD")
    last = _git(root, "log", "-1", "--format=%H", "--", *FOLDERS).stdout.strip()
    if not last:
        return None
    parent = _git(root, "rev-parse", "--verify", "--quiet", f"{last}^")
    if parent.returncode != 0 or not parent.stdout.strip():
        return None
    # a parent without the sources (the project was added in the last commit): no earlier version
    listed = _git(root, "ls-tree", "--name-only", parent.stdout.strip(), "--", "avtaler/samarbeidsavtale.yaml")
    return parent.stdout.strip() if listed.returncode == 0 and listed.stdout.strip() else None

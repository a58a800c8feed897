"""When each document's sources last changed: the time its DOCX and PDF say they were made.

The usual reproducible-builds convention: `SOURCE_DATE_EPOCH` when it is set; otherwise the
time of the last git commit that changed any of the document's sources; outside git (a copy,
an export) the newest modification time of those files. The same sources give the same time,
so rebuilds stay byte-identical, and the time is true for the archive, unlike the agreement's
own date.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from . import git


def _git_times(root: Path) -> dict[str, int]:
    """Source file (relative to `root`) → time of the last commit that changed it."""
    try:
        top = git.top_level(root)
        result = git._git(root, "log", "--format=@%ct", "--name-only", "--relative", "--",
                          *git.FOLDERS)
    except Exception:  # noqa: BLE001 - no git, not a repository: use the files' times
        return {}
    if result.returncode != 0 or not top:
        return {}
    times: dict[str, int] = {}
    current = 0
    for line in result.stdout.splitlines():
        if line.startswith("@"):
            current = int(line[1:])
        elif line.strip():
            times.setdefault(line.strip(), current)  # the log is newest first
    return times


def source_times(root: Path, documents: dict[str, list[str]]) -> dict[str, datetime]:
    """Document → when its sources (relative paths) last changed, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.fromtimestamp(int(epoch), timezone.utc)
        return {slug: when for slug in documents}
    committed = _git_times(root)
    result = {}
    for slug, files in documents.items():
        stamps = []
        for name in files:
            path = root / name
            if name in committed and not _changed_since(path, committed[name]):
                stamps.append(committed[name])
            elif path.is_file():
                stamps.append(int(path.stat().st_mtime))
        result[slug] = datetime.fromtimestamp(max(stamps, default=315532800), timezone.utc)
    return result


def _changed_since(path: Path, committed: int) -> bool:
    """True if the file was changed after its last commit (an uncommitted edit)."""
    try:
        return int(path.stat().st_mtime) > committed and _dirty(path)
    except OSError:
        return False


def _dirty(path: Path) -> bool:
    result = git._git(path.parent, "diff", "--quiet", "HEAD", "--", path.name)
    return result.returncode == 1

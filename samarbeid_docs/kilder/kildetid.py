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


def source_times(root: Path, documents: dict[str, list[str]]) -> dict[str, datetime]:
    """Document → when its sources (relative paths) last changed, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.fromtimestamp(int(epoch), timezone.utc)
        return {slug: when for slug in documents}
    committed = git.last_commit_times(root)
    edited = git.uncommitted(root) if committed else set()
    result = {}
    for slug, files in documents.items():
        stamps = []
        for name in files:
            path = root / name
            if name in committed and name not in edited:
                stamps.append(committed[name])
            elif path.is_file():  # not committed yet, or outside git: the file's own time
                stamps.append(int(path.stat().st_mtime))
        result[slug] = datetime.fromtimestamp(max(stamps, default=315532800), timezone.utc)
    return result

"""Deterministic packaging of a python-docx document: equal content gives equal bytes.

python-docx stamps every ZIP member with the current time. This writes the same package parts
(content types, relationships, parts) again into a ZIP with fixed dates and a stable order.
"""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def package_bytes(document, replace: dict[str, bytes] | None = None) -> bytes:
    """Return `document` (python-docx) as DOCX bytes with fixed ZIP dates and member order.

    `replace` gives the bytes of parts written elsewhere (e.g. docProps/core.xml). Only
    python-docx's public `save` is used: its ZIP is read back and written again, member by
    member, with the content types first and every date the same."""
    written = io.BytesIO()
    document.save(written)
    with zipfile.ZipFile(written) as source:
        members = {name: source.read(name) for name in source.namelist()}
    for name, data in (replace or {}).items():
        if name in members:
            members[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, members[name])
    return out.getvalue()

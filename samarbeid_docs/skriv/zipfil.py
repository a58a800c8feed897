"""Deterministic packaging of a python-docx document: equal content gives equal bytes.

python-docx stamps every ZIP member with the current time. This writes the same package parts
(content types, relationships, parts) straight into a ZIP with fixed dates and a stable order,
in one pass.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class _Members:
    """Collects what python-docx's PackageWriter would write to a ZIP."""

    def __init__(self):
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def package_bytes(document, replace: dict[str, bytes] | None = None) -> bytes:
    """Return `document` (python-docx) as DOCX bytes with fixed ZIP dates and member order.

    `replace` gives the bytes of parts written elsewhere (e.g. docProps/core.xml)."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    collector = _Members()
    PackageWriter._write_content_types_stream(collector, package.parts)  # noqa: SLF001
    PackageWriter._write_pkg_rels(collector, package.rels)  # noqa: SLF001
    PackageWriter._write_parts(collector, package.parts)  # noqa: SLF001
    for name, data in (replace or {}).items():
        if name in collector.members:
            collector.members[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(collector.members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, collector.members[name])
    return out.getvalue()

"""Make LibreOffice's PDF/A output byte-reproducible, keeping its PDF/A metadata consistent.

Two conversions of the same DOCX differ only in the creation date (Info and XMP), the creation
date inside the embedded sRGB ICC profile, and the file identifier /ID. This step sets all of
them from the agreement's own date and the DOCX bytes, so equal sources give equal PDFs and git
shows no noise. The Info date and the XMP date are set to the same instant, as PDF/A requires.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from datetime import datetime

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

_XMP_DATES = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>")


def normalise(data: bytes, when: datetime, seed: bytes, writer: PdfWriter | None = None) -> bytes:
    """Return `data` (a PDF) with its dates set to `when` and its /ID derived from `seed`.

    `writer` may be a PdfWriter already cloned from `data` with further changes (page labels).
    """
    if writer is None:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter(clone_from=reader)
        writer.pdf_header = reader.pdf_header
    catalog = writer.root_object
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    if writer._info is not None:  # noqa: SLF001 - the Info dictionary LibreOffice wrote
        info = writer._info.get_object()
        info[NameObject("/CreationDate")] = TextStringObject(stamp)
        if "/ModDate" in info:
            info[NameObject("/ModDate")] = TextStringObject(stamp)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    if "/Metadata" in catalog:
        stream = catalog["/Metadata"].get_object()
        xmp = _XMP_DATES.sub(lambda m: b"<xmp:%s>%s</xmp:%s>" % (m.group(1), iso, m.group(1)),
                             stream.get_data())
        stream.set_data(xmp)
    for intent in catalog.get("/OutputIntents", []):
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is not None:
            profile = profile.get_object()
            icc = bytearray(profile.get_data())
            if len(icc) >= 36:
                icc[24:36] = struct.pack(">6H", when.year, when.month, when.day,
                                         when.hour, when.minute, when.second)
                profile.set_data(bytes(icc))
    digest = hashlib.md5(seed).digest()  # noqa: S324 - an identifier, not security
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

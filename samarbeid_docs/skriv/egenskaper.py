"""The package's property parts, written out in full: docProps/core.xml and docProps/app.xml.

python-docx writes core properties it does not model (keywords, category, lastModifiedBy,
revision) a second time in the wrong namespace, and the template's app.xml came from Word for
Mac with a page and word count of nothing. Both parts are written here, valid against ECMA-376
(Part 2 §11 for core properties, Part 1 §22.2 for extended properties), with only what is
true: this program, and the time the document was made from its sources.
"""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from ..tekst.dokument import Meta

APPLICATION = "samarbeid-docs"
LANGUAGE = "nb-NO"

_CORE_NS = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


def _el(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>" if value else ""


def core_xml(meta: Meta, made: datetime, category: str = "Interkommunalt samarbeid") -> bytes:
    """docProps/core.xml for one document; `made` is when it was made from its sources."""
    stamp = made.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = [
        _el("dc:title", meta.title), _el("dc:subject", meta.subject),
        _el("dc:creator", ", ".join(meta.parties)), _el("cp:keywords", meta.keywords),
        _el("dc:description", f"{meta.subtitle}. {meta.status}, versjon {meta.version}"
                              + (f", {meta.date}." if meta.date else ".")),
        _el("cp:lastModifiedBy", APPLICATION), _el("cp:revision", "1"),
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>',
        _el("cp:category", category), _el("cp:contentStatus", meta.status),
        _el("dc:language", meta.language or LANGUAGE), _el("cp:version", meta.version),
    ]
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            f"<cp:coreProperties {_CORE_NS}>{''.join(parts)}</cp:coreProperties>").encode("utf-8")


def app_xml() -> bytes:
    """docProps/app.xml: the producing application, and nothing it cannot know (no counts)."""
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
            "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/"
            "2006/docPropsVTypes\"><Template>avtale.docx</Template>"
            f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")

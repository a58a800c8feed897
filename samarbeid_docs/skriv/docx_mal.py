"""Build the built-in house-style DOCX template `samarbeid_docs/maler/avtale.docx` (run: `make mal`).

The template carries everything a council secretary sees as "the look": A4, margins, the
Carlito font (metric-compatible with Calibri, open licence), Norwegian language on every style
so Word spell-checks in bokmål, numbered headings, the header with title/status/version/date
and the footer with "Side X av Y". The body holds only the title block and the `innhold` slot
that the DOCX writer fills.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import ooxml
from ..tekst.dokument import Meta
from .egenskaper import app_xml, core_xml
from .zipfil import package_bytes

FONT = "Carlito"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
LABELLED_LIST = "Liste med etikett"
LABEL_WIDTH = Cm(1.0)  # the labelled list's hanging label («a)», «1.») before its text
DRAFT_STYLE = "Utkastmerking"


def _font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    ooxml.set_fonts(rpr, FONT)
    if color is not None:
        style.font.color.rgb = color
    ooxml.set_language(rpr)


def build_template(target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)

    # -- language and font on the document defaults and every style --------------------------
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_language(rpr)
    ooxml.set_fonts(rpr, FONT)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            ooxml.set_language(style.element.get_or_add_rPr())
            if style.element.rPr.find(qn("w:rFonts")) is not None:
                ooxml.set_fonts(style.element.rPr, FONT)

    normal = doc.styles["Normal"]
    _font(normal, 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    title = doc.styles["Title"]
    _font(title, 24, bold=True, color=ACCENT)
    title.paragraph_format.space_after = Pt(4)
    _strip_border(title)
    subtitle = doc.styles["Subtitle"]
    _font(subtitle, 13, color=ACCENT)
    subtitle.font.italic = False
    spacing = subtitle.element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is not None:
        spacing.getparent().remove(spacing)
    subtitle.paragraph_format.space_after = Pt(4)

    for name, size, before in (("Heading 1", 14, 16), ("Heading 2", 12, 10)):
        style = doc.styles[name]
        _font(style, size, bold=True, color=ACCENT)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    ooxml.add_heading_numbering(doc, ["Heading1", "Heading2"])
    ooxml.use_font_for_bullets(doc, FONT, "\u2022")

    for name in ("Header", "Footer"):
        _font(doc.styles[name], 9, color=RGBColor(0x40, 0x40, 0x40))
    _font(doc.styles["List Bullet"], 11)

    labelled = doc.styles.add_style(LABELLED_LIST, WD_STYLE_TYPE.PARAGRAPH)
    labelled.base_style = normal
    labelled.paragraph_format.left_indent = LABEL_WIDTH
    labelled.paragraph_format.first_line_indent = -LABEL_WIDTH
    labelled.paragraph_format.tab_stops.add_tab_stop(Cm(1.0), WD_TAB_ALIGNMENT.LEFT)
    labelled.paragraph_format.space_after = Pt(3)

    meta = doc.styles.add_style("Dokumentinfo", WD_STYLE_TYPE.PARAGRAPH)
    meta.base_style = normal
    _font(meta, 10, color=RGBColor(0x40, 0x40, 0x40))
    meta.paragraph_format.space_after = Pt(18)

    draft = doc.styles.add_style(DRAFT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    draft.base_style = normal
    _font(draft, 12, bold=True, color=RGBColor(0xC0, 0x00, 0x00))
    draft.paragraph_format.space_after = Pt(12)

    small = doc.styles.add_style("Tabelltekst", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    _font(small, 10)
    small.paragraph_format.space_after = Pt(0)
    small.paragraph_format.line_spacing = 1.0

    # -- header and footer --------------------------------------------------------------------
    header = section.header.paragraphs[0]
    header.text = "{{ dok.header }}"
    header.style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    ooxml.add_field(footer, "PAGE")
    footer.add_run(" av ")
    ooxml.add_field(footer, "NUMPAGES")

    # -- body: title block and the content slot -----------------------------------------------
    doc.add_paragraph("{{ dok.title }}", style="Title")
    doc.add_paragraph("{{ dok.subtitle }}", style="Subtitle")
    doc.add_paragraph("Status: {{ dok.status }} · Versjon {{ dok.version }} · {{ dok.date }}",
                      style="Dokumentinfo")
    doc.add_paragraph("{%p if dok.draft %}")
    doc.add_paragraph("{{ dok.banner }}", style=DRAFT_STYLE)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{p innhold }}")

    # no hyphenation in titles, headings, the title block, tables and the page margins: their
    # lines are short, and a hyphen there looks careless
    for style in (title, subtitle, doc.styles["Heading 1"], doc.styles["Heading 2"], meta, draft,
                  small, doc.styles["Header"], doc.styles["Footer"]):
        ooxml.put_in_ppr(style.element.get_or_add_pPr(), ooxml.element("w:suppressAutoHyphens"))

    _slim(doc, [normal, title, subtitle, doc.styles["Heading 1"], doc.styles["Heading 2"],
                doc.styles["Header"], doc.styles["Footer"], doc.styles["List Bullet"], labelled,
                meta, draft, small, doc.styles["Table Grid"]])

    _settings(doc)
    template_meta = Meta(title="Mal for avtaler", subtitle="Husstilen for avtalene",
                         status="Mal", version="1", date="", date_iso="", parties=("samarbeid-docs",),
                         subject="Mal for avtaler bygget av samarbeid-docs (maler/avtale.docx)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(package_bytes(doc, {
        "docProps/core.xml": core_xml(template_meta, datetime(2026, 1, 1, tzinfo=timezone.utc)),
        "docProps/app.xml": app_xml(),
        "word/fontTable.xml": font_table([FONT])}))


HYPHENATION_ZONE = 720  # twips (0,5 in)


def _settings(doc) -> None:
    """Norwegian hyphenation on, Norwegian theme-font language and number format, and none of
    Word for Mac's leftovers (revision ids, a preview picture, a claim of a clean spell check)."""
    settings = doc.settings.element
    for tag in ("w:rsids", "w:savePreviewPicture", "w:proofState"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    tab = settings.find(qn("w:defaultTabStop"))
    tab.addnext(ooxml.element("w:autoHyphenation", val="true"))
    # a 1,27 cm hyphenation zone: in ragged-right text only words that would leave a wide gap are
    # divided (85 → 49 divisions in five agreements, the same number of pages)
    settings.find(qn("w:autoHyphenation")).addnext(ooxml.element("w:hyphenationZone", val=str(HYPHENATION_ZONE)))
    lang = settings.find(qn("w:themeFontLang"))
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    lang.set(qn("w:val"), ooxml.LANGUAGE)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")


def font_table(fonts: list[str]) -> bytes:
    """word/fontTable.xml naming exactly the fonts the documents use. Carlito has the metrics of
    Calibri; naming Calibri as its alternative lets Word without Carlito lay out the same lines."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="Calibri"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>' for name in fonts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"{entries}</w:fonts>").encode("utf-8")


def _slim(doc, used) -> None:
    """Drop what python-docx's default template carries but no agreement uses: the styles
    nobody refers to (with the latent-style table), the second copy of every style in
    stylesWithEffects.xml and the blank-page thumbnail. They made every DOCX 800 kB of XML
    that LibreOffice parsed for each document: 98 → 61 ms per conversion, measured on the 27
    agreements. Word supplies its built-in styles again when a user picks one."""
    element = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in element.findall(qn("w:style"))}
    wanted = [s.style_id for s in used]
    wanted += [i for i, s in by_id.items() if s.get(qn("w:default")) == "1"]
    numbering = doc.part.numbering_part.element
    wanted += [e.get(qn("w:val")) for e in numbering.iter(qn("w:pStyle"))]
    keep: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            found = by_id[style_id].find(qn(link))
            if found is not None:
                wanted.append(found.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            element.remove(style)
    latent = element.find(qn("w:latentStyles"))
    if latent is not None:
        element.remove(latent)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]


def _strip_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "maler/avtale.docx")
    build_template(out)
    print(f"Skrev {out}")

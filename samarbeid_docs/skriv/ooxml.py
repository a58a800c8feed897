"""Raw WordprocessingML pieces python-docx has no API for: fields, numbering, language, tables."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LANGUAGE = "nb-NO"


def element(tag: str, *children, **attrs: str):
    """Return a new WordprocessingML element: `element("w:numId", val="3")`."""
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    for child in children:
        el.append(child)
    return el


def set_language(rpr, lang: str = LANGUAGE) -> None:
    """Set w:lang on a run-properties element (val, eastAsia and bidi)."""
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), lang)


def set_fonts(rpr, font: str) -> None:
    """Name `font` explicitly for every script in a run-properties element (no theme fonts)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def fonts_used(document) -> set[str]:
    """Return the font names that styles, defaults and numbering of `document` ask for."""
    names: set[str] = set()
    for part in (document.styles.element, document.part.numbering_part.element):
        for fonts in part.iter(qn("w:rFonts")):
            for attr in ("w:ascii", "w:hAnsi"):
                if fonts.get(qn(attr)):
                    names.add(fonts.get(qn(attr)))
    return names


def add_field(paragraph, instruction: str, initial_text: str = "1") -> None:
    """Append a complex field (e.g. 'PAGE', 'NUMPAGES') to `paragraph`."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(initial_text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def add_heading_numbering(document, style_ids: list[str]) -> int:
    """Create a multilevel list '1', '1.1', … and link it to the heading styles; return numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1

    abstract = element("w:abstractNum", element("w:multiLevelType", val="multilevel"),
                       abstractNumId=str(abstract_id))
    for level, style_id in enumerate(style_ids):
        indent = str(567 + 284 * level)
        abstract.append(element(
            "w:lvl",
            element("w:start", val="1"), element("w:numFmt", val="decimal"),
            element("w:pStyle", val=style_id),
            element("w:lvlText", val=".".join(f"%{i + 1}" for i in range(level + 1))),
            element("w:lvlJc", val="left"),
            element("w:pPr", element("w:ind", left=indent, hanging=indent)),
            ilvl=str(level)))
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(element("w:num", element("w:abstractNumId", val=str(abstract_id)),
                             numId=str(num_id)))
    for level, style_id in enumerate(style_ids):
        ppr = document.styles.element.get_by_id(style_id).get_or_add_pPr()
        put_in_ppr(ppr, element("w:numPr", element("w:ilvl", val=str(level)),
                                element("w:numId", val=str(num_id))))
    return num_id


def mark_header_row(row) -> None:
    """Repeat the row on every page and mark it as the table's header row."""
    row._tr.get_or_add_trPr().append(element("w:tblHeader", val="true"))


def keep_row_together(row) -> None:
    row._tr.get_or_add_trPr().append(element("w:cantSplit", val="true"))


def set_table_caption(table, caption: str) -> None:
    """Give the table an alternative-text title (w:tblCaption) for screen readers."""
    table._tbl.tblPr.append(element("w:tblCaption", val=caption))


def set_numbering(paragraph, num_id: str, level: int) -> None:
    """Number `paragraph` with list `num_id` at `level` (overrides the style's numbering)."""
    put_in_ppr(paragraph._p.get_or_add_pPr(),
               element("w:numPr", element("w:ilvl", val=str(level)), element("w:numId", val=num_id)))


def set_outline_level(paragraph, level: int) -> None:
    """Give `paragraph` an outline level (0 = top), which PDF export turns into bookmarks."""
    put_in_ppr(paragraph._p.get_or_add_pPr(), element("w:outlineLvl", val=str(level)))


LEAD_MARK = "_Innl"    # hidden bookmark on a sentence that introduces a list or a table
AFTER_MARK = "_Etter"  # and on the first paragraph of what it introduces
HEADING_MARK = "_Ovs"  # and on each heading, where the converter may put a page break


def bookmark(p, name: str, id_: str) -> None:
    """Put a bookmark `name` around the paragraph element `p` (a hidden one when `name`
    starts with «_»)."""
    start = element("w:bookmarkStart", id=id_, name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(element("w:bookmarkEnd", id=id_))


LIST_NAME = "Nummerert liste (samarbeid-docs)"


def numbered_list(numbering) -> str:
    """A new list «1.», «2.» … in the numbering part `numbering` (its XML element), starting at
    1, indented as the labelled-list style; return its numId. The list's definition is added
    the first time (a project's own template may lack it). Word renumbers such a list when a
    point is added or deleted, which typed numbers do not."""
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstract = next((a for a in abstracts
                     if (n := a.find(qn("w:name"))) is not None and n.get(qn("w:val")) == LIST_NAME), None)
    if abstract is None:
        abstract_id = max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1) + 1
        abstract = element(
            "w:abstractNum", element("w:multiLevelType", val="singleLevel"),
            element("w:name", val=LIST_NAME),
            element("w:lvl", element("w:start", val="1"), element("w:numFmt", val="decimal"),
                    element("w:lvlText", val="%1."), element("w:lvlJc", val="left"),
                    element("w:pPr", element("w:tabs", element("w:tab", val="num", pos="567")),
                            element("w:ind", left="567", hanging="567")),
                    ilvl="0"),
            abstractNumId=str(abstract_id))
        first_num = numbering.find(qn("w:num"))  # abstractNum elements precede num elements
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    new_id = str(max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1)
    numbering.append(element("w:num", element("w:abstractNumId", val=abstract.get(qn("w:abstractNumId"))),
                             element("w:lvlOverride", element("w:startOverride", val="1"), ilvl="0"),
                             numId=new_id))
    return new_id


def use_font_for_bullets(document, font: str, bullet: str) -> None:
    """Draw list bullets with `bullet` in `font` (the default uses Symbol, which free
    converters replace silently by another font)."""
    numbering = document.part.numbering_part.element
    for lvl in numbering.iter(qn("w:lvl")):
        if lvl.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        lvl.find(qn("w:lvlText")).set(qn("w:val"), bullet)
        fonts = lvl.find(qn("w:rPr")).find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), font)


def set_column_widths(table, widths: list[int]) -> None:
    """Fix the table's layout to `widths` (twips): table width, grid and every cell, so Word and
    LibreOffice do not re-balance the columns by themselves."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        old = tblpr.find(qn(tag))
        if old is not None:
            tblpr.remove(old)
    tblpr.append(element("w:tblW", w=str(sum(widths)), type="dxa"))
    tblpr.append(element("w:tblLayout", type="fixed"))
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for tr in tbl.findall(qn("w:tr")):
        for tc, width in zip(tr.findall(qn("w:tc")), widths):
            tcpr = tc.get_or_add_tcPr()
            old = tcpr.find(qn("w:tcW"))
            if old is not None:
                tcpr.remove(old)
            tcpr.insert(0, element("w:tcW", w=str(width), type="dxa"))


# the order ECMA-376 prescribes for the children of w:pPr (Word rejects other orders)
PPR_ORDER = [qn(f"w:{t}") for t in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange")]


def put_in_ppr(ppr, child) -> None:
    """Insert `child` into w:pPr at its place in the schema order (replacing one of its kind)."""
    old = ppr.find(child.tag)
    if old is not None:
        ppr.remove(old)
    rank = PPR_ORDER.index(child.tag)
    for index, existing in enumerate(ppr):
        if existing.tag in PPR_ORDER and PPR_ORDER.index(existing.tag) > rank:
            ppr.insert(index, child)
            return
    ppr.append(child)


def keep_with_next(p_element) -> None:
    """Keep the paragraph on the same page as the next one (w:keepNext)."""
    put_in_ppr(p_element.get_or_add_pPr(), element("w:keepNext"))


def bottom_border(p_element) -> None:
    """Draw a thin line under the paragraph: the line to write on in a signature field."""
    put_in_ppr(p_element.get_or_add_pPr(),
               element("w:pBdr", element("w:bottom", val="single", sz="6", space="1",
                                         color="000000")))


def no_borders(table, right_padding: int = 0) -> None:
    """A layout table: no grid lines, and `right_padding` twips inside each cell's right edge."""
    tblpr = table._tbl.tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    borders = element("w:tblBorders", *[element(f"w:{side}", val="nil") for side in
                                         ("top", "left", "bottom", "right", "insideH", "insideV")])
    margins = element("w:tblCellMar", element("w:left", w="0", type="dxa"),
                      element("w:right", w=str(right_padding), type="dxa"))
    # order in w:tblPr: … tblW, jc, …, tblBorders, shd, tblLayout, tblCellMar, tblLook, tblCaption
    layout = tblpr.find(qn("w:tblLayout"))
    layout.addprevious(borders)
    layout.addnext(margins)

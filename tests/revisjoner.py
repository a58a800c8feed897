"""Accept or reject every tracked change in a DOCX, as Word's "Accept all"/"Reject all" do."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _resolve(xml: bytes, keep: str) -> bytes:
    drop = "del" if keep == "ins" else "ins"
    root = etree.fromstring(xml)
    # paragraphs and rows whose own mark is the dropped kind disappear with their content
    for mark in root.xpath(f"//w:pPr/w:rPr/w:{drop}", namespaces=NS):
        paragraph = mark.getparent().getparent().getparent()
        paragraph.getparent().remove(paragraph)
    for mark in root.xpath(f"//w:trPr/w:{drop}", namespaces=NS):
        row = mark.getparent().getparent()
        row.getparent().remove(row)
    for wrapper in root.xpath(f"//w:{drop}", namespaces=NS):
        wrapper.getparent().remove(wrapper)
    for mark in root.xpath(f"//w:pPr/w:rPr/w:{keep} | //w:trPr/w:{keep}", namespaces=NS):
        mark.getparent().remove(mark)
    for wrapper in root.xpath(f"//w:{keep}", namespaces=NS):
        parent = wrapper.getparent()
        index = parent.index(wrapper)
        for child in list(wrapper):
            parent.insert(index, child)
            index += 1
        parent.remove(wrapper)
    for text in root.xpath("//w:delText", namespaces=NS):
        text.tag = f"{{{W}}}t"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def resolve_all(docx: bytes, keep: str) -> bytes:
    """Return `docx` with every change accepted (keep='ins') or rejected (keep='del')."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = _resolve(data, keep)
            target.writestr(name, data)
    return out.getvalue()

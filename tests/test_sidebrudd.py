"""A heading LibreOffice leaves alone at the foot of a page is found in its PDF and moved to the
next page with its text, by a page break in a copy of the DOCX (konverter/sidebrudd.py)."""

import subprocess

import pikepdf
import pytest
from docx import Document

from samarbeid_docs.konverter import pdf, sidebrudd

pytestmark = pytest.mark.slow

TEXT = ("Avtalen trer i kraft når kommunestyret i hver av deltakerkommunene har vedtatt den "
        "(kommuneloven § 20-4 andre ledd). ") * 3


def _mark(paragraph, name, number):
    """A hidden bookmark `name` on `paragraph`, as the DOCX writer puts one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), number)
    paragraph._p.insert(1, start)
    paragraph._p.append(end)


def _documents(folder, marked=False):
    """A heading followed by three lines, pushed down the page a line at a time: with one of these
    lengths LibreOffice 7.4 moves the three lines to page 2 and leaves the heading on page 1.
    `marked`: the headings carry the DOCX writer's hidden bookmarks («_Ovs1», «_Ovs2»)."""
    jobs = []
    for lines in range(18, 32):
        document = Document()
        for i in range(lines):
            document.add_paragraph(f"Avsnitt {i} med noen ord, så det fyller en linje.")
        first = document.add_heading("Ikrafttredelse", 1)
        document.add_paragraph(TEXT)
        second = document.add_heading("Versjonshistorikk", 1)
        document.add_paragraph("Siste avsnitt.")
        if marked:
            _mark(first, "_Ovs1", "1")
            _mark(second, "_Ovs2", "2")
        source = folder / f"{'m' if marked else 'd'}{lines}.docx"
        document.save(source)
        jobs.append(pdf.Job(source, folder / "ut" / f"d{lines}.pdf", source.stem))
    return jobs


def _lead_in_documents(folder):
    """A sentence introducing a list, marked as the DOCX writer marks it (hidden bookmarks
    «_Innl1» and «_Etter1»), pushed down the page a line at a time."""
    jobs = []
    for lines in range(20, 30):
        document = Document()
        for i in range(lines):
            document.add_paragraph(f"Avsnitt {i} med noen ord, så det fyller en linje.")
        lead = document.add_paragraph("Ved oppløsning gjelder dette:")
        lead.paragraph_format.keep_with_next = True
        _mark(lead, "_Innl1", "1")
        for j in range(4):
            item = document.add_paragraph(f"Punkt {j}: " + "en lang nok tekst til to linjer " * 4,
                                          style="List Bullet")
            item.paragraph_format.keep_with_next = j < 3
            if j == 0:
                _mark(item, "_Etter1", "2")
        source = folder / f"l{lines}.docx"
        document.save(source)
        jobs.append(pdf.Job(source, folder / "ut" / f"l{lines}.pdf", source.stem))
    return jobs


def _page_ends_with(path, text, page=1) -> bool:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    return bool(lines) and lines[-1].strip() == text


def test_a_sentence_left_at_a_pages_foot_without_its_list_is_found_and_moved(tmp_path):
    jobs = _lead_in_documents(tmp_path)
    pdf.convert(jobs, tmp_path / "arbeid", 2)
    alone = [job for job in jobs if _page_ends_with(job.target, "Ved oppløsning gjelder dette:")]
    assert alone, "LibreOffice kept every sentence with its list: the case this mends is gone"
    assert {job.name for job in alone} == {job.name for job in jobs if sidebrudd.orphaned_lead_ins(job.target)}
    assert all(sidebrudd.orphaned_lead_ins(job.target) == [1] for job in alone)
    for job in _warm(alone, tmp_path / "varm"):
        assert not _page_ends_with(job.target, "Ved oppløsning gjelder dette:"), job.name
        assert sidebrudd.orphaned_lead_ins(job.target) == [], job.name


def _warm(jobs, folder):
    """`jobs` again through the warm converter the build uses, which mends them as they come."""
    warm_jobs = [pdf.Job(job.source, folder / "ut" / job.target.name, job.name) for job in jobs]
    with pdf.Converter(folder / "arbeid", 2) as converter:
        if not converter.warm:
            pytest.skip("no UNO here: the batch fallback does not mend page breaks")
        for job in warm_jobs:
            converter.submit(job)
        converter.finish()
    return warm_jobs


def _page_ends_with_heading(path, page=1) -> bool:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and lines[-1].strip() == "Ikrafttredelse"


def test_the_heading_left_at_a_pages_foot_is_found_and_the_converter_moves_it(tmp_path):
    jobs = _documents(tmp_path)
    # as LibreOffice converts them on its own (batch, nothing mended)
    pdf.convert(jobs, tmp_path / "arbeid", 2)
    orphaned = {job.name: sidebrudd.orphaned_headings(job.target) for job in jobs}
    alone = [job for job in jobs if _page_ends_with_heading(job.target)]
    assert alone, "LibreOffice kept every heading with its text: the case this mends is gone"
    # the detector names exactly the documents where the heading ends page 1, and that heading
    assert {job.name for job in alone} == {name for name, found in orphaned.items() if found}
    assert all(orphaned[job.name] == [0] for job in alone)
    # a page break before it, in a copy, gives a PDF where it opens page 2 with its text
    source = alone[0].source
    mended = tmp_path / "mended.docx"
    assert sidebrudd.with_page_breaks(source, [0], mended)
    assert not sidebrudd.with_page_breaks(source, [5], tmp_path / "ingen.docx")  # no such heading
    out = pdf.Job(mended, tmp_path / "ut2" / "mended.pdf", "mended")
    pdf.convert([out], tmp_path / "arbeid2", 1)
    assert not _page_ends_with_heading(out.target) and sidebrudd.orphaned_headings(out.target) == []
    assert Document(source).paragraphs[-4].paragraph_format.page_break_before is None  # original kept

    # the warm converter the build uses mends them as they come
    for job in _warm(jobs, tmp_path / "varm"):
        assert not _page_ends_with_heading(job.target), job.name
        assert sidebrudd.orphaned_headings(job.target) == [], job.name



def test_marked_headings_are_mended_in_the_open_document_without_loading_it_again(tmp_path, monkeypatch):
    """With the DOCX writer's marks on the headings, LibreOffice puts the break into the document
    it has open and exports it again: no patched copy is converted."""
    jobs = _documents(tmp_path, marked=True)
    asked = []
    ask = pdf._Worker.ask

    def recording(self, job, output, deadline, breaks=None):
        asked.append((job.source.name, breaks))
        return ask(self, job, output, deadline, breaks=breaks)
    monkeypatch.setattr(pdf._Worker, "ask", recording)
    for job in _warm(jobs, tmp_path / "varm"):
        assert not _page_ends_with_heading(job.target), job.name
        assert sidebrudd.orphaned_headings(job.target) == [], job.name
    mended = [(name, breaks) for name, breaks in asked if breaks is not None]
    assert mended, "LibreOffice kept every heading with its text: the case this mends is gone"
    assert all(breaks == ["_Ovs1"] for _, breaks in mended)
    assert sorted(name for name, breaks in asked if breaks is None) == sorted(j.source.name for j in jobs)


def test_a_break_before_a_sentence_goes_before_the_heading_above_it(tmp_path):
    """«16.2 Oppløsning» was left alone on a page when the break went before its sentence."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    document = Document()
    document.add_paragraph("Før.")
    document.add_heading("Oppløsning", 2)
    lead = document.add_paragraph("Ved oppløsning gjelder dette:")
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "1")
    start.set(qn("w:name"), "_Innl3")
    lead._p.insert(0, start)
    source, mended = tmp_path / "a.docx", tmp_path / "b.docx"
    document.save(source)
    assert sidebrudd.with_page_breaks(source, [], mended, [3])
    out = Document(str(mended))
    assert [p.paragraph_format.page_break_before for p in out.paragraphs] == [None, True, None]
    assert not sidebrudd.with_page_breaks(source, [], tmp_path / "c.docx", [4])  # no such mark
    # the heading has no mark of its own: the converter must convert a patched copy
    assert sidebrudd.break_marks(source, [], [3]) is None


def _page_drawing(content: bytes):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].obj.Contents = pdf.make_stream(content)
    return pdf, pdf.pages[0]


_DRAWING = (
    b"/Artifact <</Type/Pagination/Subtype/Header>> BDC\nBT\n56.7 800 Td /F1 9 Tf<0BDC>Tj\nET\nEMC\n"
    b"/P <</MCID 0>> BDC\nBT\n1 0 0 1 56.7 700.25 Tm /F1 11 Tf[<BDC>-3<01>]TJ\n0 -14.5 Td<02>Tj\n"
    b"-.5 -13 TD<03 04>Tj\nET\nEMC\n/Span /MC0 BDC BT 0 0 Td ET EMC\n"
    b"/Artifact BMC\nBT\n300 30 Td<1E>Tj\nET\nEMC\n")


def test_the_quick_reading_of_a_page_finds_the_same_lines_as_qpdf():
    """The page's body lines as `_body_lines` reads them, without qpdf's parser: the header and
    footer (artifacts) left out, a «BDC» inside a hex string not taken for an operator."""
    pdf, page = _page_drawing(_DRAWING)
    assert sidebrudd._text_lines(_DRAWING) == [700.25, 685.75, 672.75, 0.0]
    assert sidebrudd._body_lines(page) == sidebrudd._body_lines_qpdf(page) == [700.25, 685.75, 672.75, 0.0]


@pytest.mark.parametrize("extra", [b"BT (Saksdokument side 1) Tj ET\n", b"% a comment\n",
                                   b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI\n"])
def test_a_page_the_quick_reading_does_not_cover_goes_to_qpdf(extra):
    content = _DRAWING + b"BT 10 20 Td ET\n" + extra
    pdf, page = _page_drawing(content)
    assert sidebrudd._text_lines(content) is None
    assert sidebrudd._body_lines(page) == sidebrudd._body_lines_qpdf(page) == [700.25, 685.75, 672.75, 0.0, 20.0]

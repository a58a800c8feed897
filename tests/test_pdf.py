"""PDF: the real build read back with pypdf, and a fake LibreOffice that hangs or crashes."""

import os
import re
import signal
import time

import pytest
from docx import Document
from pypdf import PdfReader

from samarbeid_docs.bygging.bygg import DOCX_DIR, PDF_DIR, build
from samarbeid_docs.feil import BuildError
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.konverter import pdf

from .conftest import REPO, _copy_project, edit, eventually, in_ci
from .docx_tekst import docx_lines

pytestmark = pytest.mark.slow  # left out of `make test-rask`

needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None and not in_ci(),
    reason="LibreOffice is not installed (in CI this is a failure, not a skip)")


@pytest.fixture
def built(full_build):
    return full_build


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _xmp(reader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@needs_libreoffice
def test_every_pdf_is_tagged_pdfa_2b_in_norwegian_with_properties(built):
    root, report = built
    pdfs = sorted((root / PDF_DIR).glob("*.pdf"))
    assert len(pdfs) == 27
    for path in pdfs + [root / "build/samlet.pdf"]:
        reader = PdfReader(str(path))
        catalog = reader.trailer["/Root"]
        xmp = _xmp(reader)
        assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp, path
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"], path
        assert catalog["/Lang"] == "nb-NO", path
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], path
        if path.parent.name == "pdf":
            props = Document(str(root / DOCX_DIR / f"{path.stem}.docx")).core_properties
            assert reader.metadata.title == props.title, path
            assert reader.metadata.author == props.author, path
            assert reader.metadata.subject == props.subject, path
            assert f"<rdf:li xml:lang=\"x-default\">{props.title}</rdf:li>" in xmp.replace("&amp;", "&")
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                descriptor = font.get_object()["/FontDescriptor"]
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), path


@needs_libreoffice
def test_pdf_text_has_every_participant_and_cost_figure_of_the_docx(built):
    root, _ = built
    project = load_project(root)
    for slug, area in project.omrader.items():
        if area.status == "avviklet":
            continue
        text = _normal(" ".join(p.extract_text() for p in PdfReader(str(root / PDF_DIR / f"{slug}.pdf")).pages))
        for party in area.deltakere:
            assert f"{project.kommuner[party].navn} kommune" in text, (slug, party)
        rows = [line for line in docx_lines(root / DOCX_DIR / f"{slug}.docx")
                if re.search(r"\d\u00a0%$", line) or line.startswith("Sum |")]
        assert rows or not area.is_host_model, slug
        for row in rows:
            for cell in row.split(" | ")[1:]:
                assert _normal(cell) in text, (slug, cell)


@needs_libreoffice
def test_bundle_has_a_bookmark_per_document_with_headings_and_page_labels(built):
    root, _ = built
    project = load_project(root)
    reader = PdfReader(str(root / "build/samlet.pdf"))
    tops = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    areas = [a.tittel for a in project.omrader.values() if a.status != "avviklet"]
    assert tops == [f"{project.rammeavtale.tittel} – samlet saksdokument", project.rammeavtale.tittel,
                    "Oversikt over samarbeidsområdene", *areas]
    children = [item for item in reader.outline if isinstance(item, list)]
    assert len(children) == len(tops) - 1  # the contents page has no headings
    assert children[0][0]["/Title"] == "1 Parter"
    assert all(child[0]["/Title"].startswith("1 ") for child in children)
    tops_at = [reader.get_destination_page_number(item) for item in reader.outline
               if not isinstance(item, list)]
    assert tops_at == sorted(tops_at) and tops_at[0] == 0
    for start, end, child in zip(tops_at[1:], tops_at[2:] + [len(reader.pages)], children):
        # every heading bookmark points into its own document's pages of the bundle
        assert all(start <= reader.get_destination_page_number(c) < end
                   for c in child if not isinstance(c, list))
    labels = reader.page_labels
    assert labels[:tops_at[1]] == ["i", "ii"][:tops_at[1]]
    # after the contents, the viewer's page numbers are the stamped ones the contents page gives
    assert labels[tops_at[1]:] == [str(n) for n in range(1, len(reader.pages) - tops_at[1] + 1)]
    contents = "".join(reader.pages[i].extract_text() for i in range(tops_at[1]))
    for title, start in zip(tops[1:], tops_at[1:]):
        assert re.search(rf"{re.escape(title)} – side {labels[start]}\b", contents.replace("\n", " "))
        assert f"Saksdokument side {labels[start]} av" in reader.pages[start].extract_text()
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@needs_libreoffice
def test_doktor_reports_libreoffice_fonts_and_a_working_export():
    from samarbeid_docs.konverter.doktor import examine
    found = examine(REPO / "samarbeid_docs/maler/avtale.docx")
    assert found.ok, found.lines
    assert found.lines[0].startswith("LibreOffice: LibreOffice ")
    assert "Skrift Carlito: fc-match gir Carlito" in found.lines[1]
    assert found.lines[2].startswith("PDF-eksport: OK (PDF/A-2b: ja, merket: ja, språk: nb-NO")


# -- a fake LibreOffice on PATH (the fixture `fake_soffice` is in conftest.py) -----------------------


def _jobs(tmp_path, names=("barnevern", "legevakt")):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    jobs = []
    for name in names:
        (src / f"{name}.docx").write_bytes(b"PK fake docx")
        jobs.append(pdf.Job(src / f"{name}.docx", tmp_path / "ut" / f"{name}.pdf", f"Avtale {name}"))
    return jobs


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split()[2] != "Z"


def test_fake_soffice_is_found_on_path(fake_soffice):
    fake_soffice("ok")
    assert pdf.find_soffice().endswith("/bin/soffice")


def test_hung_converter_is_killed_retried_and_named(fake_soffice, tmp_path):
    state = fake_soffice("hang")
    jobs = _jobs(tmp_path)
    jobs[0].target.parent.mkdir(parents=True)
    jobs[0].target.write_bytes(b"%PDF- tidligere versjon")
    started = time.monotonic()
    with pytest.raises(BuildError) as info:
        pdf.convert(jobs, tmp_path / "arbeid", workers=2, batch_seconds=1, file_seconds=0)
    assert time.monotonic() - started < 30
    message = info.value.message
    assert "Avtale barnevern (barnevern.docx): LibreOffice svarte ikke innen tidsfristen" in message
    assert "Avtale legevakt (legevakt.docx)" in message and "Tidligere PDF-er er urørt" in message
    assert jobs[0].target.read_bytes() == b"%PDF- tidligere versjon"
    pids = [int(p) for p in (state / "pids").read_text().split()]
    assert len(pids) == 4  # two workers, then one retry each
    assert eventually(lambda: not any(_alive(pid) for pid in pids))


def test_converter_that_hangs_once_succeeds_on_retry(fake_soffice, tmp_path):
    fake_soffice("hang-once")
    jobs = _jobs(tmp_path)
    outcome = pdf.convert(jobs, tmp_path / "arbeid", workers=1, batch_seconds=1, file_seconds=0)
    assert outcome.retried == sorted(jobs, key=lambda j: j.source.name)
    assert all(j.target.read_bytes().startswith(b"%PDF") for j in jobs)


@pytest.mark.parametrize(("mode", "expected"), [
    ("crash", "LibreOffice laget ingen PDF. LibreOffice sa: Error: source file could not be loaded"),
    ("silent", "LibreOffice laget ingen PDF"),
    ("garbage", "filen LibreOffice laget, er ikke en PDF"),
])
def test_exit_status_is_not_trusted(fake_soffice, tmp_path, mode, expected):
    fake_soffice(mode)
    with pytest.raises(BuildError) as info:
        pdf.convert(_jobs(tmp_path, ["lonn"]), tmp_path / "arbeid", workers=1)
    assert f"Avtale lonn (lonn.docx): {expected}" in info.value.message


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMARBEID_SOFFICE", str(tmp_path / "finnes-ikke"))
    with pytest.raises(BuildError) as info:
        pdf.convert(_jobs(tmp_path, ["lonn"]), tmp_path / "arbeid")
    assert "apt-get install -y --no-install-recommends libreoffice-writer-nogui" in info.value.message


def test_failed_pdf_build_leaves_earlier_pdfs_untouched(fake_soffice, minimal):
    fake_soffice("ok")
    build(minimal)
    before = {p: p.read_bytes() for p in [*(minimal / PDF_DIR).glob("*.pdf"), minimal / "build/samlet.pdf"]}
    assert len(before) == 4
    edit(minimal / "avtaler/omrader/plan.yaml", "byggesak", "byggesak og oppmåling")
    fake_soffice("crash")
    with pytest.raises(BuildError):
        build(minimal)
    assert {p: p.read_bytes() for p in before} == before
    assert not list((minimal / PDF_DIR).glob(".*"))


@needs_libreoffice
def test_the_case_file_prints_the_numbers_its_contents_page_gives(built):
    """Every document page of samlet.pdf prints «Saksdokument side N av M», and the contents
    page gives each document the range of those numbers (read back with pypdf)."""
    import re
    root, _ = built
    reader = PdfReader(str(root / "build/samlet.pdf"))
    tops_at = [reader.get_destination_page_number(item) for item in reader.outline
               if not isinstance(item, list)]
    first_page = tops_at[1]
    contents = " ".join(reader.pages[i].extract_text() for i in range(first_page))
    contents = " ".join(contents.split())
    total = len(reader.pages) - first_page
    for index in range(first_page, len(reader.pages)):
        text = " ".join(reader.pages[index].extract_text().split())
        assert f"Saksdokument side {index - first_page + 1} av {total}" in text, index
    starts = tops_at[1:] + [len(reader.pages)]
    titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)][1:]
    for title, start, end in zip(titles, starts, starts[1:]):
        first, last = start - first_page + 1, end - first_page
        expected = f"{title} – side {first}" + (f"–{last}" if last > first else "")
        assert expected in contents, expected
    # grouped as the framework groups them, with the ended areas listed
    for heading in ("Samarbeidsavtalen og vedlegget", "Delavtaler",
                    "Orienteringer om samarbeid organisert på annen måte", "Avviklede områder"):
        assert heading in contents
    assert re.search(r"Felles kemnerkontor, avviklet 1\. november 2020", contents)
    # the contents pages print the numbers the viewer gives them (i, ii), not a second «Side 1»
    roman = ["i", "ii", "iii", "iv"][:first_page]
    for index, number in enumerate(roman):
        text = " ".join(reader.pages[index].extract_text().split())
        assert f"Side {number} av {roman[-1]}" in text, index


@needs_libreoffice
def test_table_words_are_never_broken_without_a_hyphen(built):
    """Every word of every table cell of the framework and the overview is in the PDF text
    whole, or split at a line end with a hyphen."""
    from samarbeid_docs.bygging.bygg import compose_all
    from samarbeid_docs.tekst.dokument import Table, plain
    root, _ = built
    documents = {d.slug: d for d in compose_all(load_project(root))}
    for slug in ("samarbeidsavtale", "oversikt"):
        reader = PdfReader(str(root / PDF_DIR / f"{slug}.pdf"))
        raw = "\n".join(page.extract_text() for page in reader.pages)
        # a hyphen at a line end joins the halves; any other line end is a space
        # a hyphen at a line end is a hyphenation point (drop it) or a word's own hyphen (keep it)
        flat = raw.replace("\u00ad", "").replace("\u2011", "-").replace("\u00a0", " ")
        text = " ".join(flat.replace("-\n", "").split()) + " " + " ".join(flat.replace("-\n", "-").split())
        words = {w.strip(".,:;()«»") for b in documents[slug].blocks if isinstance(b, Table)
                 for row in (b.header, *b.rows) for cell in row for w in plain(cell).split()}
        missing = sorted(w for w in words if w and w not in text)
        assert missing == [], (slug, missing)


def test_no_hyphenated_word_leaves_two_letters_alone_on_a_line(built):
    """«deltaker-» at a line's end and «ne.» alone on the next, the paragraph's last line, was in
    10 of the 27 agreements: the profiles LibreOffice runs with carry at least three letters over
    (`pdf._HYPHENATION`)."""
    import subprocess
    root, _ = built
    stranded = []
    for path in sorted((root / PDF_DIR).glob("*.pdf")):
        lines = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                               text=True, check=True).stdout.splitlines()
        stranded += [(path.name, above.strip(), line.strip()) for above, line in zip(lines, lines[1:])
                     if above.rstrip().endswith("-") and re.fullmatch(r"\s*[a-zæøå]{1,2}[.,;:]?\s*", line)]
    assert stranded == []


@needs_libreoffice
def test_build_holds_only_what_is_published(built):
    """build/ is what goes on the web: the manifest, staging and LibreOffice profiles live in
    .mellomlager/ beside it, which git ignores."""
    root, _ = built
    build_dir = root / "build"
    hidden = [p.relative_to(root).as_posix() for p in build_dir.rglob(".*")]
    assert hidden == []
    assert {p.name for p in build_dir.iterdir() if p.is_dir()} <= {"docx", "pdf", "md", "html", "assets", "saker"}
    assert {p.suffix for p in build_dir.rglob("*") if p.is_file()} <= {
        ".docx", ".pdf", ".md", ".html", ".css", ".js", ".png", ".svg", ".woff2", ".zip"}
    assert (root / ".mellomlager/manifest.json").is_file()
    assert list((root / ".mellomlager/arbeid").glob("profil-*"))
    assert "/.mellomlager/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


@needs_libreoffice
def test_two_builds_of_the_same_sources_are_byte_identical(built, tmp_path):
    root, _ = built
    from samarbeid_docs.bygging.bygg import refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.konverter.pdf import Converter
    from samarbeid_docs.tekst.saker import cases
    again = _copy_project(tmp_path / "igjen", REPO)
    build(again, workers=1)  # another worker split too: the result must not depend on it
    with Converter(again / ".mellomlager/arbeid", 1) as converter:
        build_cases(again, converter=converter)
    refresh_site(again)

    def outputs(folder):
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and not p.name.startswith(".")
                and p.suffix != ".png"}
    first, second = outputs(root / "build"), outputs(again / "build")
    found = cases(load_project(root))
    # DOCX, PDF, Markdown, HTML; bundle, index, CSS, script, sources (Markdown and page); each
    # case as DOCX, PDF and Markdown; per council a zip and the combined case with its
    # attachments in one PDF
    assert len(first) == 27 * 4 + 6 + 3 * len(found) + 2 * len({c.council for c in found})
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@needs_libreoffice
def test_normalised_pdf_keeps_pdfa_metadata_consistent(built):
    root, _ = built
    reader = PdfReader(str(root / PDF_DIR / "landbruk.pdf"))
    # the PDF was made when its sources last changed, as the Word file says; not on the
    # agreement's own date (30 November 2026), which stays in the text
    from docx import Document as open_docx
    made = open_docx(str(root / "build/docx/landbruk.docx")).core_properties.created
    assert reader.metadata["/CreationDate"] == made.strftime("D:%Y%m%d%H%M%S+00'00'")
    assert made.strftime("<xmp:CreateDate>%Y-%m-%dT%H:%M:%SZ</xmp:CreateDate>") in _xmp(reader)
    assert not reader.metadata["/CreationDate"].startswith("D:20261130000000")
    profile = reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object()
    assert profile.get_data()[24:30] == bytes([made.year >> 8, made.year & 0xFF, 0, made.month,
                                               0, made.day])
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


@needs_libreoffice
def test_hostile_values_survive_into_the_pdf_exactly(minimal):
    build(minimal)
    reader = PdfReader(str(minimal / PDF_DIR / "plan.pdf"))
    text = _normal(" ".join(page.extract_text() for page in reader.pages))
    assert "Plan, miljø & geodata <kontor>" in text
    assert "Verdier med {{ jinja }} og {% if %} og *stjerner* skal stå urørt: \"sitat\" & 'apostrof'." in text
    assert reader.metadata.title == "Plan, miljø & geodata <kontor>"


def test_profile_records_the_version_so_libreoffice_skips_its_first_start_self_tests(tmp_path):
    program = tmp_path / "lo/program"
    program.mkdir(parents=True)
    (program / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "lo/share/registry").mkdir(parents=True)
    (tmp_path / "lo/share/registry/main.xcd").write_text(
        '<prop oor:name="ooSetupVersion" oor:type="xs:string"><value/></prop>'
        '<prop oor:name="ooSetupVersion">\n  <value>7.4</value>\n</prop>', encoding="utf-8")
    assert pdf.product_version(str(program / "soffice")) == "7.4"
    assert pdf.product_version(str(tmp_path / "finnes-ikke/soffice")) is None
    profile = tmp_path / "profil"
    pdf.prepare_profile(profile, "7.4")
    registry = profile / "user/registrymodifications.xcu"
    text = registry.read_text(encoding="utf-8")
    assert text.count('<prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>7.4</value>') == 1
    pdf.prepare_profile(profile, "7.4")
    assert registry.read_text(encoding="utf-8") == text  # already there: untouched
    pdf.prepare_profile(profile, "24.2")  # LibreOffice upgraded: the old record is replaced
    text = registry.read_text(encoding="utf-8")
    assert "<value>24.2</value>" in text and "<value>7.4</value>" not in text
    assert text.rstrip().endswith("</oor:items>")


@needs_libreoffice
def test_real_build_does_not_run_libreoffices_graphics_self_tests(built):
    root, _ = built
    profiles = sorted((root / ".mellomlager/arbeid").glob("profil-*"))
    assert profiles
    for profile in profiles:
        assert "ooSetupLastVersion" in (profile / "user/registrymodifications.xcu").read_text(encoding="utf-8")
        assert not (profile / "user/GraphicsRenderTests.log").exists(), profile


@needs_libreoffice
def test_bundle_joins_the_structure_trees_and_keeps_font_subsets_apart(built):
    import pikepdf
    root, _ = built
    project = load_project(root)
    with pikepdf.open(root / "build/samlet.pdf") as bundle:
        pages = {page.obj.objgen for page in bundle.pages}
        tree = bundle.Root.StructTreeRoot
        document = tree.K[0]
        assert len(tree.K) == 1 and document.S == "/Document"
        parts = list(document.K)
        assert all(part.S == "/Part" and part.P.objgen == document.objgen for part in parts)
        assert str(parts[1].T) == project.rammeavtale.tittel and len(parts) == 28
        nums = tree.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert sorted(keys) == sorted(int(page.obj.StructParents) for page in bundle.pages)
        assert len(set(keys)) == len(keys) and int(tree.ParentTreeNextKey) == max(keys) + 1
        for i in range(1, len(nums), 2):  # every marked element sits on a page of this file
            for element in nums[i]:
                assert element.Pg.objgen in pages
        tags: dict[str, set] = {}
        for page in bundle.pages:
            for font in page.Resources.Font.values():
                tags.setdefault(str(font.BaseFont), set()).add(font.objgen)
                assert font.FontDescriptor.FontName == font.BaseFont
        assert all(len(objects) == 1 for objects in tags.values())  # one subset per tag
        assert bundle.docinfo.Title == f"{project.rammeavtale.tittel} – samlet saksdokument"


# -- warm workers (LibreOffice over UNO): real faults, made with signals --------------------------

needs_uno = pytest.mark.skipif(
    not pdf.warm_workers_possible(pdf.find_soffice()) and not in_ci(),
    reason="LibreOffice with python3-uno is not installed (in CI this is a failure, not a skip)")


def _group_office(group: int) -> list[int]:
    """The LibreOffice process (soffice.bin) in process group `group`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        if int(fields[2]) == group and name == "soffice.bin" and fields[0] != "Z":
            found.append(int(entry))
    return found


def _real_jobs(built, tmp_path, names):
    root, _ = built
    return [pdf.Job(root / DOCX_DIR / f"{n}.docx", tmp_path / "ut" / f"{n}.pdf", f"Avtale {n}") for n in names]


def _office_of(converter, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        workers = [w for w in converter.live.values() if w.ready]
        if workers and (found := _group_office(workers[0].proc.pid)):
            return workers[0], found
        time.sleep(0.05)
    raise AssertionError("LibreOffice did not start")


@needs_uno
@pytest.mark.parametrize("fault", ["hang", "crash"])
def test_warm_worker_that_hangs_or_crashes_is_replaced_and_the_document_retried(built, tmp_path, fault):
    jobs = _real_jobs(built, tmp_path, ["landbruk", "lonn"])
    with pdf.Converter(tmp_path / "arbeid", workers=1, file_seconds=3) as converter:
        assert converter.warm
        converter.start()
        worker, office = _office_of(converter)
        for job in jobs:  # break it while it converts the first document
            converter.submit(job)
        for pid in office:
            os.kill(pid, signal.SIGSTOP if fault == "hang" else signal.SIGKILL)
        outcome = converter.finish()
        assert len(outcome.retried) >= 1 and set(outcome.converted) == set(jobs)
        assert converter.live[0] is not worker  # a fresh LibreOffice took over
    assert eventually(lambda: not any(_alive(pid) for pid in office))  # gone, not left stopped
    for job in jobs:
        assert PdfReader(str(job.target)).pages


@needs_uno
def test_without_uno_the_converter_falls_back_to_batches(built, tmp_path, monkeypatch):
    import sys
    monkeypatch.setattr(pdf, "SYSTEM_PYTHON", sys.executable)  # the venv's Python has no uno
    jobs = _real_jobs(built, tmp_path, ["brann"])
    with pdf.Converter(tmp_path / "arbeid", workers=1) as converter:
        converter.submit(jobs[0])
        outcome = converter.finish()
    assert outcome.converted == jobs and PdfReader(str(jobs[0].target)).pages


@needs_uno
def test_warm_and_batch_conversion_give_the_same_text(built, tmp_path, monkeypatch):
    names = ["samarbeidsavtale", "legevakt"]
    warm = _real_jobs(built, tmp_path / "varm", names)
    with pdf.Converter(tmp_path / "arbeid-varm", workers=2) as converter:
        for job in warm:
            converter.submit(job)
        converter.finish()
    monkeypatch.setenv("SAMARBEID_LO", "batch")
    cold = _real_jobs(built, tmp_path / "batch", names)
    with pdf.Converter(tmp_path / "arbeid-batch", workers=2) as converter:
        assert not converter.warm
        for job in cold:
            converter.submit(job)
        converter.finish()
    for a, b in zip(warm, cold):
        ra, rb = PdfReader(str(a.target)), PdfReader(str(b.target))
        assert [p.extract_text() for p in ra.pages] == [p.extract_text() for p in rb.pages]
        assert "/StructTreeRoot" in ra.trailer["/Root"] and ra.trailer["/Root"]["/Lang"] == "nb-NO"
        assert "<pdfaid:part>2</pdfaid:part>" in _xmp(ra)


@needs_uno
def test_a_long_run_gets_a_fresh_libreoffice_now_and_then(built, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "RECYCLE_AFTER", 2)
    jobs = _real_jobs(built, tmp_path, ["brann", "revisjon", "kontrollutvalgssekretariat"])
    with pdf.Converter(tmp_path / "arbeid", workers=1) as converter:
        converter.start()
        first, _ = _office_of(converter)
        for job in jobs:
            converter.submit(job)
        outcome = converter.finish()
        assert set(outcome.converted) == set(jobs) and outcome.retried == []
        assert converter.live[0] is not first


def test_a_damaged_part_of_the_bundle_is_named_with_what_to_do(tmp_path):
    from samarbeid_docs.konverter.samlet import join
    damaged = tmp_path / "lonn.pdf"
    damaged.write_bytes(b"%PDF-1.6 ikke mer")
    with pytest.raises(BuildError) as info:
        join(damaged, [("Felles lønningsavdeling", damaged)])
    assert f"Kunne ikke lese {damaged}" in info.value.message
    assert "Slett filen og bygg på nytt" in info.value.message


def test_no_agreement_or_case_paper_leaves_a_heading_at_a_pages_foot(full_build):
    """LibreOffice left «19 Ikrafttredelse» alone at the foot of a page in 4 of the 27
    agreements, and a heading in a case paper; the converter now moves such headings to the next
    page with their text (tests/test_sidebrudd.py shows the case and the mending)."""
    from samarbeid_docs.konverter import sidebrudd
    root, _ = full_build
    files = sorted((root / PDF_DIR).glob("*.pdf")) + sorted((root / "build/saker").glob("*/*.pdf"))
    assert len(files) > 27
    assert [f.name for f in files if sidebrudd.orphaned_headings(f)] == []
    # nor a sentence that introduces a list or a table, at the foot without it (4 agreements
    # had «Ved oppløsning gjelder dette:» so); the marks are there to be checked
    assert [f.name for f in files if sidebrudd.orphaned_lead_ins(f)] == []
    import pikepdf
    with pikepdf.open(root / PDF_DIR / "lonn.pdf") as document:
        assert any(str(k).startswith(("/5FInnl", "/_Innl")) for k in document.Root.Dests.keys())

"""Every built Word package opens as Word's own (issue 14, item 4): valid property parts, one of
each part, Norwegian everywhere, the fonts it uses listed, and honest dates (item 5)."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from samarbeid_docs.bygging.bygg import build
from samarbeid_docs.bygging.laas import DOCX_DIR
from samarbeid_docs.kilder.kildetid import source_times

from .conftest import REPO, _copy_project

SCHEMAS = Path(__file__).resolve().parent / "skjema"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DCTERMS = "{http://purl.org/dc/terms/}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


@pytest.fixture(scope="module")
def docx_files(tmp_path_factory):
    root = _copy_project(tmp_path_factory.mktemp("pakke") / "prosjekt", REPO)
    build(root, with_pdf=False)
    files = sorted((root / DOCX_DIR).glob("*.docx"))
    assert len(files) == 27
    return root, files


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_property_parts_are_valid_and_written_once(docx_files):
    _, files = docx_files
    core, app = _schema("kjerneegenskaper.xsd"), _schema("utvidede-egenskaper.xsd")
    for path in files:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            assert len(names) == len(set(names)), path.name
            core_xml = etree.fromstring(package.read("docProps/core.xml"))
            app_xml = etree.fromstring(package.read("docProps/app.xml"))
        assert core.validate(core_xml), (path.name, core.error_log)
        assert app.validate(app_xml), (path.name, app.error_log)
        tags = [child.tag for child in core_xml]
        assert len(tags) == len(set(tags))
        for tag in ("created", "modified"):
            assert core_xml.find(f"{DCTERMS}{tag}").get(f"{XSI}type") == "dcterms:W3CDTF"
        ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
        assert app_xml.findtext(f"{ns}Application") == "samarbeid-docs"
        assert app_xml.find(f"{ns}Pages") is None and app_xml.find(f"{ns}Words") is None


@pytest.mark.parametrize("bad", [
    b"<cp:keywords>a</cp:keywords><cp:keywords>b</cp:keywords>",  # twice
    b'<cp:keywords xmlns:cp="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">a</cp:keywords>',
    b"<cp:revisjon>1</cp:revisjon>",
])
def test_the_schema_catches_what_python_docx_wrote(bad):
    core = _schema("kjerneegenskaper.xsd")
    doc = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
           b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           b"<dc:title>T</dc:title>" + bad + b"</cp:coreProperties>")
    assert not core.validate(etree.fromstring(doc))


def test_norwegian_everywhere_and_the_fonts_listed(docx_files):
    _, files = docx_files
    for path in files:
        with zipfile.ZipFile(path) as package:
            settings = etree.fromstring(package.read("word/settings.xml"))
            fonts = etree.fromstring(package.read("word/fontTable.xml"))
            parts = [etree.fromstring(package.read(n)) for n in package.namelist()
                     if n.startswith("word/") and n.endswith(".xml")]
        assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "nb-NO"
        assert settings.find(f"{W}autoHyphenation").get(f"{W}val") == "true"
        languages = {v for part in parts for el in part.iter(f"{W}lang")
                     for k, v in el.attrib.items()}
        assert languages == {"nb-NO"}, (path.name, languages)
        used = {el.get(f"{W}{a}") for part in parts for el in part.iter(f"{W}rFonts")
                for a in ("ascii", "hAnsi", "cs", "eastAsia") if el.get(f"{W}{a}")}
        listed = {f.get(f"{W}name") for f in fonts.iter(f"{W}font")}
        assert used and used <= listed, (path.name, used, listed)
        assert listed == {"Carlito"}


def test_dates_say_when_the_sources_last_changed_not_the_agreement_date(docx_files):
    root, files = docx_files
    from docx import Document
    for path in files:
        created = Document(str(path)).core_properties.created
        assert created.replace(tzinfo=timezone.utc) != datetime(2026, 11, 30, tzinfo=timezone.utc)
    # outside git: the newest modification time of the document's sources
    landbruk = Document(str(root / DOCX_DIR / "landbruk.docx")).core_properties.created
    newest = max(int((root / n).stat().st_mtime) for n in (
        "avtaler/omrader/landbruk.yaml", "avtaler/samarbeidsavtale.yaml", "avtaler/kommuner.yaml",
        "avtaler/lover.yaml"))
    assert landbruk.replace(tzinfo=timezone.utc) >= datetime.fromtimestamp(newest, timezone.utc)


def test_source_times_follow_git_and_source_date_epoch(tmp_path, monkeypatch):
    root = _copy_project(tmp_path / "p", REPO)
    run = lambda *a, **env: subprocess.run(["git", "-C", str(root), *a], check=True,  # noqa: E731
                                            capture_output=True, env={**__import__("os").environ, **env})
    run("init", "-q")
    run("add", "-A")
    when = {"GIT_AUTHOR_DATE": "2026-03-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-03-01T12:00:00Z"}
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a", **when)
    files = {"nav": ["avtaler/omrader/nav.yaml", "avtaler/samarbeidsavtale.yaml"]}
    assert source_times(root, files)["nav"] == datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    (root / "avtaler/omrader/nav.yaml").write_text(
        (root / "avtaler/omrader/nav.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = {"GIT_AUTHOR_DATE": "2026-04-02T08:30:00Z", "GIT_COMMITTER_DATE": "2026-04-02T08:30:00Z"}
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "b", **later)
    times = source_times(root, {**files, "barnevern": ["avtaler/omrader/barnevern.yaml"]})
    assert times["nav"] == datetime(2026, 4, 2, 8, 30, tzinfo=timezone.utc)
    assert times["barnevern"] == datetime(2026, 3, 1, 12, tzinfo=timezone.utc)  # its own sources
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_times(root, files)["nav"] == datetime.fromtimestamp(1700000000, timezone.utc)

"""Incremental builds: what gets rebuilt when one source changes (no timings here)."""

import json

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging import manifest
from samarbeid_docs.bygging.bygg import DOCX_DIR, PDF_DIR, build

from .conftest import edit

pytestmark = pytest.mark.slow  # left out of `make test-rask`

FRAMEWORK_TITLE = "Samarbeidsavtale mellom Røros, Os og Holtålen"
OVERVIEW_TITLE = "Oversikt over samarbeidsområdene"


def test_nothing_changed_is_a_no_op_without_loading_the_sources(real_copy, fake_soffice):
    fake_soffice("ok", bookmarks=28)
    build(real_copy)
    assert manifest.up_to_date(real_copy, with_pdf=True) is not None
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "bygg"], prog_name="samarbeid")
    assert result.exit_code == 0
    assert result.stdout == ("Ingen endringer i kildene siden forrige bygging; alle 27 dokumentene "
                             "i build/ er oppdatert.\n")


def test_manifest_records_every_input_and_output(real_copy):
    build(real_copy, with_pdf=False)
    data = json.loads((real_copy / manifest.MANIFEST).read_text(encoding="utf-8"))
    assert "avtaler/omrader/barnevern.yaml" in data["inputs"]
    assert not any(name.startswith("maler/") for name in data["inputs"])  # built-in: the tool's
    edit(real_copy / "maler/klausuler/okonomi.md.j2", "# ", "# ", 1)  # the project's own copy ...
    build(real_copy, with_pdf=False)
    data = json.loads((real_copy / manifest.MANIFEST).read_text(encoding="utf-8"))
    assert "maler/klausuler/okonomi.md.j2" in data["inputs"]  # ... is one of its sources
    assert set(data["outputs"]) == {p.stem for p in (real_copy / DOCX_DIR).glob("*.docx")}
    assert all(len(o["key"]) == 64 and len(o["docx"]) == 64 for o in data["outputs"].values())
    assert data["tool"] == manifest.tool_fingerprint()
    assert data["pdf"] is False and manifest.up_to_date(real_copy, with_pdf=True) is None


def test_one_area_changed_rebuilds_it_and_the_documents_that_list_it(real_copy, fake_soffice):
    state = fake_soffice("ok", bookmarks=28)
    build(real_copy)
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "  - kommunenes forvaltningsoppgaver innen jordbruk og skogbruk",
         "  - kommunenes forvaltningsoppgaver innen jordbruk, skogbruk og reindrift")
    (state / "pids").unlink()
    report = build(real_copy)
    assert report.changed_sources == ["avtaler/omrader/landbruk.yaml"]
    assert report.rebuilt == [FRAMEWORK_TITLE, OVERVIEW_TITLE, "Felles landbrukskontor"]
    assert [p.name for p in report.written] == ["landbruk.docx"]
    assert [p.name for p in report.pdf_written] == ["landbruk.pdf"] and report.bundle_written
    # one LibreOffice for the one PDF; the bundle is joined from the PDFs, its contents page unchanged
    assert len((state / "pids").read_text().split()) == 1


def test_a_new_title_converts_the_bundles_contents_page_too(real_copy, fake_soffice):
    state = fake_soffice("ok")
    build(real_copy)
    cover = real_copy / ".mellomlager/arbeid/innhold.pdf"
    assert cover.is_file()
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "tittel: Felles landbrukskontor",
         "tittel: Felles landbrukskontor for Rørosregionen")
    (state / "pids").unlink()
    report = build(real_copy)
    assert "landbruk.pdf" in [p.name for p in report.pdf_written] and report.bundle_written
    assert "innhold.docx" in (state / "converted").read_text().split()


def test_a_clause_template_rebuilds_every_document_that_uses_it(real_copy):
    build(real_copy, with_pdf=False)
    edit(real_copy / "maler/klausuler/ansatte.md.j2", "De ansatte i tjenesten er ansatt i vertskommunen.", "De ansatte i tjenesten er tilsatt i vertskommunen.")
    report = build(real_copy, with_pdf=False)
    assert report.changed_sources == ["maler/klausuler/ansatte.md.j2"]
    assert len(report.rebuilt) == 21 and FRAMEWORK_TITLE not in report.rebuilt
    assert "Renovasjon (FIAS)" not in report.rebuilt  # information sheets do not use the clause
    assert len(report.written) == 21


def test_the_parties_file_rebuilds_everything(real_copy):
    build(real_copy, with_pdf=False)
    edit(real_copy / "avtaler/kommuner.yaml", "    samisk_navn: Rossen tjïelte", "    samisk_navn: Rossen tjïelte ")
    report = build(real_copy, with_pdf=False)
    assert report.changed_sources == ["avtaler/kommuner.yaml"] and len(report.rebuilt) == 27


def test_new_code_rebuilds_everything(real_copy, monkeypatch):
    build(real_copy, with_pdf=False)
    monkeypatch.setattr(manifest, "tool_fingerprint", lambda: "ny-versjon")
    assert len(build(real_copy, with_pdf=False).rebuilt) == 27


def test_an_output_deleted_by_hand_is_built_again(real_copy):
    build(real_copy, with_pdf=False)
    (real_copy / DOCX_DIR / "nav.docx").unlink()
    assert manifest.up_to_date(real_copy, with_pdf=False) is None
    report = build(real_copy, with_pdf=False)
    assert report.rebuilt == ["Felles NAV-kontor"]
    assert (real_copy / DOCX_DIR / "nav.docx").is_file()


def test_pdf_is_converted_again_only_when_its_docx_bytes_changed(real_copy, fake_soffice):
    state = fake_soffice("ok", bookmarks=28)
    build(real_copy)
    edit(real_copy / "maler/klausuler/kvalitet.md.j2", "# Innhold og kvalitet", "# Innhold og kvalitet\n")
    (state / "pids").unlink()
    report = build(real_copy)
    assert len(report.rebuilt) == 21 and report.written == [] and report.pdf_written == []
    assert not (state / "pids").exists()  # LibreOffice was not started at all
    assert len(list((real_copy / PDF_DIR).glob("*.pdf"))) == 27


def test_unchanged_documents_are_not_composed_again(real_copy, monkeypatch):
    from samarbeid_docs.bygging import bygg
    build(real_copy, with_pdf=False, workers=1)
    composed = []
    real_compose = bygg.compose

    def counting(project, planned, env=None):
        composed.append(planned.slug)
        return real_compose(project, planned, env)
    monkeypatch.setattr(bygg, "compose", counting)
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "jordbruk og skogbruk", "jordbruk, skogbruk")
    report = build(real_copy, with_pdf=False, workers=1)
    assert sorted(composed) == ["landbruk", "oversikt", "samarbeidsavtale"]
    assert len(report.documents) == 27  # the others are known from the manifest
    page = (real_copy / "build/html/nav.html").read_text(encoding="utf-8")
    assert "Felles NAV-kontor" in page and "<h2" in page  # its body from the stored fragment


def test_a_lost_fragment_is_made_again(real_copy):
    build(real_copy, with_pdf=False)
    (real_copy / ".mellomlager/arbeid/html/nav.html").unlink()
    report = build(real_copy, with_pdf=False)
    assert report.rebuilt == ["Felles NAV-kontor"]
    assert (real_copy / ".mellomlager/arbeid/html/nav.html").is_file()


def test_templates_kept_between_builds_in_one_process_follow_the_projects_own(real_copy):
    """`vis --følg` builds again and again in one process with the compiled templates kept:
    a template the project copies, edits or removes between two rounds is used at once."""
    from .conftest import local_template
    local_template(real_copy, "klausuler/klage.md.j2")  # the project has templates of its own
    build(real_copy, with_pdf=False)
    landbruk = real_copy / "build/md/landbruk.md"
    assert "Tillitsvalgte tas med i arbeidet" in landbruk.read_text(encoding="utf-8")
    copied = local_template(real_copy, "klausuler/ansatte.md.j2")
    edit(copied, "Tillitsvalgte tas med i arbeidet", "De tillitsvalgte tas med i arbeidet")
    build(real_copy, with_pdf=False)
    assert "De tillitsvalgte tas med i arbeidet" in landbruk.read_text(encoding="utf-8")
    copied.unlink()
    build(real_copy, with_pdf=False)
    assert "De tillitsvalgte" not in landbruk.read_text(encoding="utf-8")

"""The built-in templates and a project's own: a project needs no maler/, its own files replace
the built-in ones one by one, `samarbeid maler kopier` copies one for editing, and `sjekk` says
when the built-in one has changed since."""

import json

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import build
from samarbeid_docs.kilder import malsett

from .conftest import edit


def run(root, *args):
    return CliRunner().invoke(cli.main, ["-C", str(root), *args], prog_name="samarbeid")


def test_a_project_without_maler_builds_with_the_built_in_templates(minimal):
    assert not (minimal / "maler").exists()
    report = build(minimal, with_pdf=False)
    assert report.documents and (minimal / "build/docx/plan.docx").is_file()
    assert run(minimal, "sjekk", "--streng").exit_code == 0


def test_a_local_file_replaces_only_its_built_in_namesake(minimal):
    edit(minimal / "maler/klausuler/tvister.md.j2", "# Tvister", "# Uenighet og tvister")
    build(minimal, with_pdf=False)
    text = (minimal / "build/md/plan.md").read_text(encoding="utf-8")
    assert "Uenighet og tvister" in text and "Innhold og kvalitet" in text  # the rest built-in
    listed = run(minimal, "maler", "liste").stdout.splitlines()
    assert "klausuler/tvister.md.j2  egen (erstatter den innebygde)" in listed
    assert "klausuler/kvalitet.md.j2  innebygd" in listed


def test_kopier_copies_and_records_the_version_and_sjekk_warns_when_the_built_in_changes(minimal):
    result = run(minimal, "maler", "kopier", "klausuler/klage.md.j2")
    assert result.exit_code == 0, result.output
    local = minimal / "maler/klausuler/klage.md.j2"
    assert local.read_bytes() == (malsett.BUILTIN / "klausuler/klage.md.j2").read_bytes()
    assert run(minimal, "sjekk", "--streng").exit_code == 0  # copied to be edited: no warning
    again = run(minimal, "maler", "kopier", "klausuler/klage.md.j2")
    assert again.exit_code == 2 and "finnes allerede i prosjektet" in again.stderr
    wrong = run(minimal, "maler", "kopier", "klausuler/klag.md.j2")
    assert wrong.exit_code == 2 and "Mente du «klausuler/klage.md.j2»?" in wrong.stderr
    # the file name in the wrong folder: the one in the right folder, in the same written standard
    for name, meant in (("nn/klage.md.j2", "nn/klausuler/klage.md.j2"), ("klage", "klausuler/klage.md.j2")):
        wrong = run(minimal, "maler", "kopier", name)
        assert wrong.exit_code == 2 and f"Mente du «{meant}»?" in wrong.stderr
    assert "Mente du «nn/klausuler/klage.md.j2»?" in run(minimal, "maler", "vis", "nn/klage.md.j2").stderr
    # the built-in one changes after the copy (as a later version of samarbeid-docs would)
    origin = minimal / "maler/opphav.json"
    origin.write_text(json.dumps({"klausuler/klage.md.j2": "0" * 64}), encoding="utf-8")
    edit(local, "# ", "# Lokal: ", 1)
    stale = run(minimal, "sjekk")
    assert stale.exit_code == 0
    assert ("maler/klausuler/klage.md.j2: ADVARSEL: den innebygde malen denne filen erstatter, er "
            "endret siden filen ble kopiert") in stale.stderr
    assert run(minimal, "sjekk", "--streng").exit_code == 2


def test_a_hand_copied_file_equal_to_the_built_in_is_pointed_out(minimal):
    (minimal / "maler/klausuler").mkdir(parents=True)
    (minimal / "maler/klausuler/arkiv.md.j2").write_bytes(
        (malsett.BUILTIN / "klausuler/arkiv.md.j2").read_bytes())
    result = run(minimal, "sjekk")
    assert "maler/klausuler/arkiv.md.j2: ADVARSEL: filen er lik den innebygde malen" in result.stderr


def test_the_word_template_can_be_the_projects_own(minimal):
    assert run(minimal, "maler", "kopier", "avtale.docx").exit_code == 0
    assert malsett.find(minimal, "avtale.docx") == minimal / "maler/avtale.docx"
    build(minimal, with_pdf=False)
    import json as j
    inputs = j.loads((minimal / ".mellomlager/manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert "maler/avtale.docx" in inputs


def test_vis_prints_the_built_in_text():
    result = CliRunner().invoke(cli.main, ["maler", "vis", "klausuler/klage.md.j2"])
    assert result.exit_code == 0
    assert result.stdout == (malsett.BUILTIN / "klausuler/klage.md.j2").read_text(encoding="utf-8")


def test_the_built_in_templates_ship_with_the_package():
    import tomllib
    from .conftest import REPO
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["samarbeid_docs"]
    from fnmatch import fnmatch
    for name in malsett.builtin_names():
        assert any(fnmatch(f"maler/{name}", p) for p in patterns), name
    assert not (REPO / "maler").exists()  # this repository uses the built-in templates

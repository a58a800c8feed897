"""`sjekk` warns where free text gives the host's role to another municipality (issue 16)."""

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.roller import stale_roles

from .conftest import edit

AREA = "avtaler/omrader/plan.yaml"


def _warnings(root):
    return [(p.file, p.line, p.message) for p in stale_roles(load_project(root))]


@pytest.mark.parametrize("text", [
    "Plankontoret (Holtålen) har fagfolk innen plan.",
    "Tjenesten drives med Holtålen som vertskommune.",
    "Holtålen kommune er vertskommune for tjenesten.",
    "Vertskommunen Holtålen har arbeidsgiveransvaret.",
    "Kontoret ligger i Holtålen.",
])
def test_another_host_in_free_text_is_warned_at_its_line(minimal, text):
    edit(minimal / AREA, "oppgaver:\n  - byggesak\n", f"oppgaver:\n  - byggesak\n  - >-\n    behandling av\n    saker. {text}\n")
    found = _warnings(minimal)
    assert len(found) == 1, found
    file, line, message = found[0]
    lines = (minimal / AREA).read_text(encoding="utf-8").splitlines()
    assert file == AREA and "Holtålen" in lines[line - 1] and "saker." in lines[line - 1]
    assert "men vertskommunen for Plan, miljø & geodata <kontor> er Røros (vertskommune: roros)" in message


@pytest.mark.parametrize("text", [
    "Plankontoret (Røros) har fagfolk innen plan.",  # the host itself
    "Tjenesten gir råd til Holtålen kommune.",  # a participant, not in the host's role
    "Holtålen kommune var tidligere vertskommune.",  # told as the past
])
def test_the_host_itself_and_other_roles_pass(minimal, text):
    edit(minimal / AREA, "  - byggesak\n", f"  - byggesak. {text}\n")
    assert _warnings(minimal) == []


def test_history_and_sources_are_not_read(minimal):
    edit(minimal / AREA, "kilde:\n  - tittel: Testkilde",
         "historikk:\n  - dato: 2017-01-01\n    tekst: Tjenesten ble etablert med Holtålen som "
         "vertskommune.\nkilde:\n  - tittel: Plankontoret (Holtålen)")
    assert _warnings(minimal) == []


def test_framework_sentences_about_an_area(minimal):
    path = minimal / "avtaler/samarbeidsavtale.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nbakgrunn:" not in text
    path.write_text(text + "bakgrunn: >-\n  Samarbeidet er godt. Plan, miljø & geodata <kontor> drives med\n"
                    "  Holtålen som vertskommune.\n", encoding="utf-8")
    found = _warnings(minimal)
    assert [(f, line) for f, line, _ in found] == [("avtaler/samarbeidsavtale.yaml", len(text.splitlines()) + 3)]


def test_sjekk_shows_the_warning_and_still_passes(minimal):
    edit(minimal / AREA, "  - byggesak\n", "  - byggesak på plankontoret (Holtålen)\n")
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    assert f"{AREA}:10: ADVARSEL: teksten gir Holtålen vertskommunens rolle («plankontoret (Holtålen)»)" in result.output

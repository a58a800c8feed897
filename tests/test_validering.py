"""Validation: every error located as file:line:column with a clear Norwegian message."""

from pathlib import Path

import pytest

from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder.prosjekt import find_root, load_project

from .conftest import edit

AREA = "avtaler/omrader/plan.yaml"
PARTIES = "avtaler/kommuner.yaml"
FRAMEWORK = "avtaler/samarbeidsavtale.yaml"


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def test_minimal_project_is_valid(minimal):
    project = load_project(minimal)
    assert list(project.omrader) == ["plan"]
    assert project.warnings == []


def test_real_project_is_valid():
    project = load_project(Path(__file__).resolve().parent.parent)
    assert len(project.omrader) == 27
    groups = {g.id: len(g.omrader) for g in project.rammeavtale.grupper}
    assert groups == {"eksisterende": 8, "nye": 11, "roros-holtalen": 3, "regionale": 5}


CASES = [
    # (file, old, new, expected messages)
    (AREA, "vertskommune: roros", "vertskomune: roros",
     [f"{AREA}:6:1: FEIL: ukjent nøkkel 'vertskomune' (mente du 'vertskommune'?)"]),
    (PARTIES, "antall: 2030", "antall: mange",
     [f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: forventet et heltall, fikk 'mange'"]),
    (PARTIES, "antall: 2030", "antall: -2030",
     [f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: må være større enn 0, fikk -2030"]),
    (PARTIES, "antall: 2030", "antall: 2030.5",
     [f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: forventet et helt tall uten "
      "desimaler, fikk 2030.5"]),
    (AREA, "beløp: 1234567", "beløp: 1234567.50",
     [f"{AREA}:19:10: FEIL: budsjett.beløp: forventet et helt tall uten desimaler, fikk 1234567.5"]),
    (AREA, "beløp: 1234567", "beløp: 0",
     [f"{AREA}:19:10: FEIL: budsjett.beløp: må være større enn 0, fikk 0"]),
    (AREA, "deltakere: [roros, holtalen]", "deltakere: [roros, holtalen, rros]",
     [f"{AREA}:5:30: FEIL: deltakere[2]: ukjent kommune 'rros'; den må stå i avtaler/kommuner.yaml "
      "(mente du 'roros'?)"]),
    (AREA, "deltakere: [roros, holtalen]", "deltakere: [roros, holtalen\u0430]",
     [f"{AREA}:5:20: FEIL: deltakere[1]: navnet skal bestå av små bokstaver a–z, sifre og bindestrek, "
      "f.eks. \"nord-fron\" eller \"plan-og-bygg\", fikk 'holtalen\u0430'; tegnet «\u0430» (U+0430) "
      "ser ut som en bokstav fra a–z, men er fra et annet alfabet: skriv det på nytt fra tastaturet"]),
    (AREA, "vertskommune: roros", "vertskommune: tolga",
     [f"{AREA}:6:15: FEIL: vertskommune: vertskommunen 'tolga' er ikke blant deltakerne; legg den "
      "til i deltakere eller velg en av dem"]),
    (FRAMEWORK, "folketall_per: 2013-01-01", "folketall_per: 2016-01-01",
     [f"{AREA}:5:13: FEIL: deltakere[0]: Røros har ikke folketall per 2016-01-01 i "
      "avtaler/kommuner.yaml, som kostnadsfordelingen bruker (folketall_per i samarbeidsavtalen); "
      "legg inn tallet med kilde",
      f"{AREA}:5:20: FEIL: deltakere[1]: Holtålen har ikke folketall per 2016-01-01 i "
      "avtaler/kommuner.yaml, som kostnadsfordelingen bruker (folketall_per i samarbeidsavtalen); "
      "legg inn tallet med kilde"]),
    (FRAMEWORK, "dato: 2026-05-18", "dato: 2026-02-30",
     [f"{FRAMEWORK}:4:7: FEIL: dato: datoen 2026-02-30 finnes ikke"]),
    (FRAMEWORK, "dato: 2026-05-18", "dato: 18.5.2026",
     [f"{FRAMEWORK}:4:7: FEIL: dato: forventet en dato som ÅÅÅÅ-MM-DD, fikk '18.5.2026'"]),
    (AREA, "status: ny\n", "",
     [f"{AREA}:1:1: FEIL: mangler påkrevd felt 'status'; gyldige verdier er 'eksisterende', 'ny' eller 'avviklet'"]),
    (AREA, "form: vertskommune", "form: vertskomune",
     [f"{AREA}:3:7: FEIL: form: ukjent verdi 'vertskomune' (mente du 'vertskommune'?); gyldige verdier "
      "er 'vertskommune', 'vertskommune_nemnd', 'interkommunalt_selskap', 'aksjeselskap' eller 'ikke_avklart'"]),
    (AREA, "gruppe: nye", "gruppe: nye\ngruppe: eksisterende",
     [f"{AREA}:3:1: FEIL: nøkkelen 'gruppe' står to ganger (første gang på linje 2); slett den ene"]),
    (PARTIES, 'nummer: "1644"', "nummer: 1644",
     [f"{PARTIES}:33:17: FEIL: kommuner.holtalen.kommunenummer[0].nummer: forventet tekst, fikk 1644"]),
    (PARTIES, 'nummer: "1644"', 'nummer: "164"',
     [f"{PARTIES}:33:17: FEIL: kommuner.holtalen.kommunenummer[0].nummer: kommunenummer skal være "
      "fire sifre i anførselstegn, f.eks. \"0441\", fikk '164'"]),
    (AREA, "lover: [plan-og-bygningsloven]", "lover: [plan-og-bygningslova]",
     [f"{AREA}:13:9: FEIL: lover[0]: ukjent lov 'plan-og-bygningslova'; den må stå i avtaler/lover.yaml "
      "(mente du 'plan-og-bygningsloven'?)"]),
    (AREA, "gruppe: nye", "gruppe: eksisterende",
     [f"{AREA}:2:9: FEIL: gruppe: gruppe 'eksisterende' stemmer ikke med avtaler/samarbeidsavtale.yaml, "
      "der området står under 'nye'"]),
    (FRAMEWORK, "områder: [plan]", "områder: [plan, skole]",
     [f"{FRAMEWORK}:20:21: FEIL: grupper[0].områder[1]: området 'skole' har ingen fil "
      "avtaler/omrader/skole.yaml; lag filen eller fjern navnet"]),
    (AREA, "status: ny", "status: avviklet",
     [f"{AREA}:1:1: FEIL: status avviklet krever en blokk 'avviklet' med dato, grunn og kilde"]),
    (AREA, "modell: fast_og_folketall", "modell: folketall",
     [f"{AREA}:15:3: FEIL: kostnader: fast_andel_prosent brukes bare med modellen fast_og_folketall"]),
    # a municipality written as its name, not its key: the key it would be
    (AREA, "deltakere: [roros, holtalen]", "deltakere: [Røros, holtalen]",
     [f"{AREA}:5:13: FEIL: deltakere[0]: navnet skal bestå av små bokstaver a–z, sifre og bindestrek, "
      "f.eks. \"nord-fron\" eller \"plan-og-bygg\", fikk 'Røros'; skriv 'roros'"]),
    # a missing field that takes one of a few words: the words
    (AREA, "form: vertskommune\n", "",
     [f"{AREA}:1:1: FEIL: mangler påkrevd felt 'form'; gyldige verdier er 'vertskommune', "
      "'vertskommune_nemnd', 'interkommunalt_selskap', 'aksjeselskap' eller 'ikke_avklart'"]),
    # a misspelt party of the framework: its error, not a warning in every area that it echoes
    (FRAMEWORK, "parter: [roros, holtalen]", "parter: [roros, holtaln]",
     [f"{FRAMEWORK}:2:17: FEIL: parter[1]: ukjent kommune 'holtaln'; den må stå i avtaler/kommuner.yaml "
      "(mente du 'holtalen'?)"]),
    (AREA, "vertskommune: roros", "vertskommune: rooros",
     [f"{AREA}:6:15: FEIL: vertskommune: vertskommunen 'rooros' er ikke blant deltakerne (mente du "
      "'roros'?); legg den til i deltakere eller velg en av dem"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES,
                         ids=[c[2].split(":")[0].strip() + "→" + c[2].split("\n")[0][-20:] for c in CASES])
def test_each_error_class_has_its_message(minimal, file, old, new, expected):
    edit(minimal / file, old, new)
    assert problems(minimal) == expected


def test_all_errors_in_all_files_are_reported_at_once(minimal):
    edit(minimal / AREA, "beløp: 1234567", "beløp: 0")
    edit(minimal / PARTIES, "antall: 2030", "antall: mange")
    edit(minimal / FRAMEWORK, "dato: 2026-05-18", "dato: 2026-02-30")
    found = problems(minimal)
    assert len(found) == 3
    assert {p.split(":")[0] for p in found} == {AREA, PARTIES, FRAMEWORK}


def test_area_not_listed_in_the_framework(minimal):
    (minimal / "avtaler/omrader/ekstra.yaml").write_text(
        (minimal / AREA).read_text(encoding="utf-8").replace("Plan, miljø", "Annet"), encoding="utf-8")
    assert problems(minimal) == [
        "avtaler/omrader/ekstra.yaml:1: FEIL: området står ikke i noen gruppe i "
        "avtaler/samarbeidsavtale.yaml; legg det til under grupper"]


def test_two_areas_with_the_same_title(minimal):
    (minimal / "avtaler/omrader/kopi.yaml").write_text((minimal / AREA).read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    edit(minimal / FRAMEWORK, "områder: [plan]", "områder: [plan, kopi]")
    assert problems(minimal) == [
        f"{AREA}:1:9: FEIL: tittel: tittelen er den samme som i avtaler/omrader/kopi.yaml; "
        "to områder må ha ulike titler"]


def test_group_participants_are_enforced(real_copy):
    edit(real_copy / "avtaler/omrader/nav.yaml", "deltakere: [roros, holtalen]",
         "deltakere: [roros, os, holtalen]")
    assert problems(real_copy) == [
        "avtaler/omrader/nav.yaml:6:12: FEIL: deltakere: gruppen 'roros-holtalen' har deltakerne "
        "roros, holtalen; området har roros, os, holtalen"]


def test_two_municipalities_with_one_organisation_number(real_copy):
    """A number copied to the next party and not changed passed: each has a valid check digit."""
    edit(real_copy / "avtaler/kommuner.yaml", 'organisasjonsnummer: "937697767"',
         'organisasjonsnummer: "939898743"')
    found = problems(real_copy)
    lines = (real_copy / "avtaler/kommuner.yaml").read_text(encoding="utf-8").splitlines()
    holtalen = [n for n, text in enumerate(lines, 1) if text == '    organisasjonsnummer: "939898743"'][1]
    assert len(found) == 1 and found[0].startswith(f"avtaler/kommuner.yaml:{holtalen}:")
    assert found[0].endswith("FEIL: kommuner.holtalen.organisasjonsnummer: Holtålen har samme "
                             "organisasjonsnummer som Røros (939898743); "
                             "rett nummeret etter Enhetsregisteret")


def test_find_root_searches_upwards_and_explains_when_missing(minimal, tmp_path):
    assert find_root(minimal / "avtaler" / "omrader") == minimal.resolve()
    with pytest.raises(InputError) as info:
        find_root(tmp_path)
    assert "Fant ikke avtaler/samarbeidsavtale.yaml" in info.value.message
    assert "-C MAPPE" in info.value.message


def test_one_run_tells_the_faults_of_every_file(real_copy):
    """A fault inside one area file does not hide a fault across files in another."""
    edit(real_copy / "avtaler/omrader/barnevern.yaml", "vertskommune: roros", "vertskomune: roros")
    edit(real_copy / "avtaler/omrader/nav.yaml", "deltakere: [roros, holtalen]", "deltakere: [roros, holtaalen]")
    found = problems(real_copy)
    assert any("barnevern.yaml" in p and "ukjent nøkkel 'vertskomune'" in p for p in found), found
    assert any("nav.yaml" in p and "ukjent kommune 'holtaalen'" in p for p in found), found
    assert not any("har ingen fil" in p for p in found), found

"""An agreement that moves the host of a cooperation in operation to another participant
(`vertskommune_i_dag`): the handover is said as such in the sub-agreement, the overview, the
case papers and the notice, and the fields are checked."""

import re

import pytest

from samarbeid_docs.bygging.bygg import compose_all
from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.tekst.saker import PACKAGE, Case, compose_case

from .conftest import edit

FARMING = "avtaler/omrader/landbruk.yaml"  # in operation, Os hosts it today


def _move(root, extra=""):
    edit(root / FARMING, "vertskommune: os\n", f"vertskommune: holtalen\nvertskommune_i_dag: os\n{extra}")


def _text(project, slug):
    text = "\n".join(text_lines(next(d for d in compose_all(project) if d.slug == slug)))
    return text.replace("\u00a0", " ")  # «punkt 5.4» is bound with a non-breaking space


def test_the_handover_is_said_in_the_agreement_overview_and_cases(real_copy):
    _move(real_copy, "overføring: 2027-07-01\n")
    project = load_project(real_copy)
    text = _text(project, "landbruk")
    # who is host, and under which agreement, until the transfer day (§ 20-4 tredje ledd b, d)
    assert "Holtålen kommune er vertskommune fra overføringen etter punkt 5.4; fram til da er Os kommune vertskommune." in text
    assert ("Samarbeidet er i drift med Os kommune som vertskommune. Oppgavene og myndigheten "
            "overføres til vertskommunen, Holtålen kommune, fra Os kommune 1. juli 2027. Har ikke alle "
            "kommunestyrene vedtatt avtalen innen da, overføres de 1. januar eller 1. juli") in text
    assert "Til da er Os kommune vertskommune og utfører oppgavene." in text
    assert ("Fram til overføringen etter punkt 5.4 gjelder avtalen om det felles landbrukskontoret for "
            "Os, Røros og Holtålen, som ble opprettet 1. januar 2017, med Os kommune som vertskommune. "
            "Fra overføringen erstatter denne avtalen den.") in text
    # cases, appeals, the archive, the staff and the year's accounts
    assert "Det samme gjelder klager på vedtak Os kommune har truffet som vertskommune." in text
    assert "Os kommune avslutter sitt arkiv for tjenesten ved overføringen og har fortsatt arkivansvaret" in text
    assert "Overføringen vurderes etter reglene om virksomhetsoverdragelse i arbeidsmiljøloven kapittel 16." in text
    assert "I året overføringen skjer, fører hver av de to vertskommunene regnskapet" in text
    assert "ligger allerede hos vertskommunen" not in text  # what it said before: untrue here
    assert ("om at samarbeidet er videreført etter denne avtalen, og at Holtålen kommune overtar som "
            "vertskommune etter Os kommune fra 1. juli 2027") in text
    assert "Felles landbrukskontor | Røros, Os og Holtålen | Holtålen (overtar fra Os 1. juli 2027) | i drift" in \
        _text(project, "oversikt")
    case = {c: "\n".join(text_lines(compose_case(project, Case(c, "landbruk")))) for c in ("roros", "os", "holtalen")}
    assert ("Avtalen flytter vertskapet fra Os kommune til Holtålen kommune: oppgavene og "
            "myndigheten overføres 1. juli 2027.") in case["os"]
    # each council's resolution takes effect on the transfer day; the delegation to Os is withdrawn
    assert ("instruerer kommunedirektøren i Røros kommune om å trekke tilbake delegeringen til "
            "kommunedirektøren i Os kommune og om å delegere myndigheten") in case["roros"]
    assert "til kommunedirektøren i Holtålen kommune med virkning fra 1. juli 2027" in case["roros"]
    assert "Os kommune er vertskommune etter avtalen samarbeidet har i dag, fram til overføringen." in case["os"]
    assert "trekke tilbake delegeringen" not in case["os"]
    assert "Holtålen kommune påtar seg å være vertskommune med virkning fra 1. juli 2027" in case["holtalen"]
    assert ("instruerer kommunedirektøren i Holtålen kommune om å trekke tilbake delegeringen til "
            "kommunedirektøren i Os kommune med virkning fra 1. juli 2027") in case["holtalen"]
    package = "\n".join(text_lines(compose_case(project, Case("holtalen", PACKAGE))))
    assert ("at Holtålen kommune overtar som vertskommune for «Felles landbrukskontor» etter Os kommune "
            "fra 1. juli 2027") in package
    # the combined cases carry the same dates and the withdrawal
    roros = "\n".join(text_lines(compose_case(project, Case("roros", PACKAGE))))
    assert ("«Felles landbrukskontor» (Holtålen kommune, fra 1. juli 2027, og delegeringen til "
            "kommunedirektøren i Os kommune trekkes tilbake fra samme dag)") in roros
    os_package = "\n".join(text_lines(compose_case(project, Case("os", PACKAGE))))
    assert "«Felles landbrukskontor» (Holtålen kommune, fra 1. juli 2027)" in os_package
    assert "«Felles landbrukskontor», fra 1. juli 2027, og delegeringen til kommunedirektøren i Os kommune" in package


def test_a_host_not_yet_agreed_is_a_proposal_not_a_host_of_today(real_copy):
    _move(real_copy)
    edit(real_copy / FARMING, "vertskommune_status: avtalt\n", "vertskommune_status: foreslått\n")
    project = load_project(real_copy)
    assert "Holtålen (overtar fra Os) (forslag)" in _text(project, "oversikt")
    case = "\n".join(text_lines(compose_case(project, Case("os", "landbruk"))))
    assert "Holtålen kommune er vertskommune etter forslaget (det er ikke avtalt ennå)" in case
    assert "det må avtales mellom kommunene at Holtålen kommune overtar som vertskommune etter Os kommune" in case
    assert "i dag (det skal bekreftes" not in case and "er vertskommune i dag, slik avtalen" not in case


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: edit(r / FARMING, "vertskommune: os\n", "vertskommune: os\nvertskommune_i_dag: os\n"),
     "vertskommune_i_dag er den samme som vertskommune"),
    (lambda r: edit(r / FARMING, "vertskommune: os\n", "vertskommune: os\nvertskommune_i_dag: tolga\n"),
     "vertskommune_i_dag: vertskommunen 'tolga' er ikke blant deltakerne"),
    (lambda r: edit(r / "avtaler/omrader/barnehage.yaml", "\nvertskommune: ", "\nvertskommune_i_dag: os\nvertskommune: "),
     "vertskommune_i_dag er vertskommunen et samarbeid i drift har i dag, og brukes bare med status eksisterende"),
    (lambda r: edit(r / FARMING, "vertskommune: os\n", "vertskommune: os\noverføring: 2027-07-01\n"),
     "sett vertskommune_i_dag hvis avtalen flytter vertskapet"),
    (lambda r: _move(r, "overføring: 2020-01-01\n"),
     "overføringen 1. januar 2020 ligger ikke etter avtalens dato"),
])
def test_the_fields_are_checked(real_copy, change, expected):
    change(real_copy)
    with pytest.raises(InputError) as info:
        compose_all(load_project(real_copy))
    found = [p for p in info.value.problems if expected in str(p)]
    assert found, info.value.problems
    if expected.startswith("vertskommune_i_dag"):  # said at the key's own line, not the file's first
        lines = (real_copy / found[0].file).read_text(encoding="utf-8").splitlines()
        assert lines[found[0].line - 1].startswith("vertskommune_i_dag:"), found[0]


def test_a_fixed_transfer_day_says_what_applies_if_a_council_is_late(real_copy):
    """«1. juli 2027, forutsatt at alle har vedtatt avtalen før da» left no day if one was late."""
    edit(real_copy / "avtaler/omrader/barnehage.yaml", "\nvertskommune: os\n",
         "\nvertskommune: os\noverføring: 2027-07-01\n")
    text = _text(load_project(real_copy), "barnehage")
    assert ("overføres til vertskommunen 1. juli 2027, forutsatt at alle kommunestyrene har vedtatt "
            "avtalen før da. Har ikke alle vedtatt den innen da, overføres de 1. januar eller 1. juli, "
            "den første av disse datoene som ligger minst tre måneder etter at det siste kommunestyret "
            "har vedtatt avtalen.") in text


def test_a_handover_without_authority_has_no_appeals_to_hand_over(real_copy):
    """Where the host makes no decisions for the others, there are no appeals of its decisions
    to pass on at the transfer."""
    _move(real_copy, "overføring: 2027-07-01\n")
    area = real_copy / FARMING
    area.write_text(re.sub(r"\nmyndighet:\n(  - .*\n)+", "\n", area.read_text(encoding="utf-8")), encoding="utf-8")
    text = _text(load_project(real_copy), "landbruk")
    assert "Saker som er under behandling ved overføringen, går over til Holtålen kommune" in text
    assert "klager på vedtak Os kommune har truffet" not in text

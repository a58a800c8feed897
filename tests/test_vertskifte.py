"""An agreement that moves the host of a cooperation in operation to another participant
(`vertskommune_i_dag`): the handover is said as such in the sub-agreement, the overview, the
case papers and the notice, and the fields are checked."""

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
    return "\n".join(text_lines(next(d for d in compose_all(project) if d.slug == slug)))


def test_the_handover_is_said_in_the_agreement_overview_and_cases(real_copy):
    _move(real_copy, "overføring: 2027-07-01\n")
    project = load_project(real_copy)
    text = _text(project, "landbruk")
    assert ("Samarbeidet er i drift med Os kommune som vertskommune. Oppgavene og myndigheten "
            "overføres til vertskommunen, Holtålen kommune, 1. juli 2027, forutsatt at alle "
            "kommunestyrene har vedtatt avtalen før da. Til da utfører Os kommune oppgavene som "
            "vertskommune.") in text
    assert ("Saker som er under behandling, og arkivet for tjenesten overføres fra Os kommune til "
            "Holtålen kommune ved overgangen.") in text
    assert "ligger allerede hos vertskommunen" not in text  # what it said before: untrue here
    assert "om at samarbeidet er videreført etter denne avtalen, og at vertskapet er flyttet fra Os kommune" in text
    assert "Felles landbrukskontor | Røros, Os og Holtålen | Holtålen (overtar fra Os) | i drift" in \
        _text(project, "oversikt")
    os_case = "\n".join(text_lines(compose_case(project, Case("os", "landbruk"))))
    assert ("Avtalen flytter vertskapet fra Os kommune til Holtålen kommune: oppgavene og "
            "myndigheten overføres 1. juli 2027.") in os_case
    package = "\n".join(text_lines(compose_case(project, Case("holtalen", PACKAGE))))
    assert "at Holtålen kommune er ny vertskommune for «Felles landbrukskontor»" in package


def test_a_host_not_yet_agreed_is_a_proposal_not_a_host_of_today(real_copy):
    _move(real_copy)
    edit(real_copy / FARMING, "vertskommune_status: avtalt\n", "vertskommune_status: foreslått\n")
    project = load_project(real_copy)
    assert "Holtålen (overtar fra Os) (forslag)" in _text(project, "oversikt")
    case = "\n".join(text_lines(compose_case(project, Case("os", "landbruk"))))
    assert "Holtålen kommune er vertskommune etter forslaget (det er ikke avtalt ennå)" in case
    assert "i dag (det skal bekreftes" not in case


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
    assert any(expected in str(p) for p in info.value.problems), info.value.problems

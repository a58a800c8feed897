"""The law's requirements and the adoption lifecycle: one test per rule, exact messages."""

import pytest
from click.testing import CliRunner
from docx import Document

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import DOCX_DIR, build, compose_all
from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder.modell import Behandling, Vedtak
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.tekst.livslop import stage

from .conftest import REPO, ROOTS, _copy_project, edit, local_template
from .docx_tekst import docx_lines, header_footer

AREA = "avtaler/omrader/plan.yaml"
FRAMEWORK = "avtaler/samarbeidsavtale.yaml"
S = "§\u00a020-4"


def problems(root) -> list[str]:
    with pytest.raises(InputError) as info:
        compose_all(load_project(root))
    return [str(p) for p in info.value.problems]


def warnings(root) -> list[str]:
    project = load_project(root)
    compose_all(project)
    return [str(p) for p in project.warnings]


def add_to_area(root, text: str) -> None:
    path = root / AREA
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- § 20-4 in the data ------------------------------------------------------------------------

def test_a_participants(minimal):
    edit(minimal / AREA, "deltakere: [roros, holtalen]", "deltakere: [roros]")
    edit(minimal / FRAMEWORK, "    beskrivelse: Testgruppe.", "    beskrivelse: Testgruppe.\n    deltakere: [roros]")
    assert f"{AREA}:5:1: FEIL: mangler {S} bokstav a: deltakerne i samarbeidet; før opp minst to " \
           "kommuner under deltakere" in problems(minimal)


def test_b_host(minimal):
    edit(minimal / AREA, "vertskommune: roros\n", "")
    assert problems(minimal) == [
        f"{AREA}:1:1: FEIL: mangler {S} bokstav b: hvem av deltakerne som er vertskommune; "
        "sett vertskommune: til en av deltakerne"]


def test_c_tasks(minimal):
    edit(minimal / AREA, "oppgaver:\n  - byggesak\n", "")
    assert problems(minimal) == [
        f"{AREA}:1:1: FEIL: mangler {S} bokstav c: hvilke oppgaver og hvilken myndighet som legges "
        "til vertskommunen; før opp oppgavene under oppgaver (og myndigheten under myndighet)"]


def test_a_template_that_drops_a_clause_is_caught(minimal):
    local_template(minimal, "klausuler/uttreden.md.j2").write_text(
        "# Oppløsning\n\nSamarbeidet oppløses når {{ ord.alle_deltakerne }} er enige.\n",
        encoding="utf-8")
    assert problems(minimal) == [
        f"innebygd:maler/delavtale.md.j2: FEIL: mangler {S} bokstav g: hvordan deltakerne kan tre "
        "ut av samarbeidet; teksten i 1 av 1 delavtaler har ikke bestemmelsen – sett inn "
        "klausulen igjen i prosjektets egne maler (maler/klausuler/), eller slett den lokale "
        "kopien som mangler den"]


def test_a_build_that_fails_the_legal_check_changes_nothing_in_build(minimal):
    build(minimal, with_pdf=False)
    outputs = sorted(p for p in (minimal / "build").rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in outputs}
    edit(minimal / "maler/klausuler/okonomi.md.j2", "# ", "# Nytt: ", 1)  # every document changes ...
    local_template(minimal, "klausuler/uttreden.md.j2").write_text(  # ... and the exit clause is gone
        "# Oppløsning\n\nSamarbeidet oppløses når {{ ord.alle_deltakerne }} er enige.\n",
        encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(minimal, with_pdf=False)
    assert f"mangler {S} bokstav g" in str(info.value.problems[0])
    assert {p: p.read_bytes() for p in outputs} == before
    assert not (minimal / ".mellomlager/arbeid/neste").exists()


def test_every_real_sub_agreement_meets_every_letter():
    from .conftest import REAL_WARNINGS, REPO
    project = load_project(REPO)
    compose_all(project)
    assert sorted(p.file for p in project.warnings) == REAL_WARNINGS


# -- the board model (§ 20-3, § 20-4 fourth paragraph) ------------------------------------------

def test_board_model_needs_members_per_participant(minimal):
    edit(minimal / AREA, "form: vertskommune", "form: vertskommune_nemnd")
    add_to_area(minimal, "nemnd_medlemmer:\n  roros: 3\n  holtalen: 1\n")
    assert problems(minimal) == [
        f"{AREA}:24:1: FEIL: mangler {S} fjerde ledd: hvor mange medlemmer hver deltaker har i "
        "nemnda; før opp minst to per deltaker under nemnd_medlemmer (Holtålen har 1)"]
    edit(minimal / AREA, "  holtalen: 1\n", "")
    assert problems(minimal)[0].endswith("under nemnd_medlemmer (Holtålen mangler)")


def test_board_model_renders_its_own_clauses(minimal, tmp_path):
    edit(minimal / AREA, "form: vertskommune", "form: vertskommune_nemnd")
    add_to_area(minimal, "nemnd_medlemmer:\n  roros: 3\n  holtalen: 2\n")
    build(minimal, with_pdf=False)
    text = "\n".join(docx_lines(minimal / DOCX_DIR / "plan.docx"))
    assert "Røros kommune | 3" in text and "Holtålen kommune | 2" in text
    assert "felles folkevalgt nemnd etter kommuneloven (LOV-2018-06-22-83) §\u00a020-1 og §\u00a020-3" in text
    assert "særskilt klagenemnd" in text and "§\u00a020-6" in text
    assert "uten felles folkevalgt nemnd" not in text


# -- references to the 1992 act ---------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("etter kommunelovens § 28-1 b", "«kommunelovens § 28-1 b» viser til kommuneloven av 1992, som "
                                     "er opphevet; bruk kommuneloven § 20-2"),
    ("etter kommunelovens § 28, 1a og 1b", "«kommunelovens § 28, 1a» viser til kommuneloven av 1992, "
                                           "som er opphevet; bruk kommuneloven § 20-1"),
    ("etter kommunelovens § 28", "«kommunelovens § 28» viser til kommuneloven av 1992, som er "
                                 "opphevet; bruk kommuneloven kapittel 20 (vertskommune)"),
    ("etter § 28 c", "«§ 28 c» viser til kommuneloven av 1992, som er opphevet; bruk "
                     "kommuneloven § 20-3"),
])
def test_old_act_references_in_sources_are_errors(minimal, written, expected):
    edit(minimal / AREA, "formål: 'Verdier med", f"formål: 'Samarbeid {written}. Verdier med")
    found = problems(minimal)
    assert len(found) == 1 and found[0].startswith(f"{AREA}:8:") and found[0].endswith(expected)


def test_old_act_references_in_templates_are_errors(minimal):
    edit(minimal / "maler/klausuler/vertskommune.md.j2", "# Vertskommune\n",
         "# Vertskommune\n\nSe kommuneloven § 28-1 e.\n")
    assert problems(minimal) == [
        "maler/klausuler/vertskommune.md.j2:3:4: FEIL: «kommuneloven § 28-1 e» viser til kommuneloven av 1992, "
        "som er opphevet; bruk kommuneloven § 20-4"]


def test_a_reference_marked_1992_is_history_not_an_error(minimal):
    edit(minimal / AREA, "formål: 'Verdier med", "formål: 'Før: kommuneloven (1992) § 28-1 b. Verdier med")
    project = load_project(minimal)
    plan = next(d for d in compose_all(project) if d.slug == "plan")
    assert "Før: kommuneloven (1992) §\u00a028-1 b." in "\n".join(text_lines(plan))
    assert project.warnings == []


def test_old_titles_are_warnings_and_strict_makes_them_fatal(minimal):
    edit(minimal / AREA, "formål: 'Verdier med", "formål: 'Rådmannen og fylkesmannen. Verdier med")
    assert warnings(minimal) == [
        f"{AREA}:8:10: ADVARSEL: «Rådmannen» er en eldre betegnelse; bruk kommunedirektør "
        "(kommuneloven § 13-1)",
        f"{AREA}:8:23: ADVARSEL: «fylkesmannen» er en eldre betegnelse; bruk statsforvalteren"]
    runner = CliRunner()
    assert runner.invoke(cli.main, ["-C", str(minimal), "sjekk"]).exit_code == 0
    assert runner.invoke(cli.main, ["-C", str(minimal), "sjekk", "--streng"]).exit_code == 2


# -- tasks moved to the state -----------------------------------------------------------------

def test_tax_collection_must_be_marked_ended(minimal):
    edit(minimal / AREA, "tittel: Plan, miljø & geodata <kontor>", "tittel: Felles kemnerkontor")
    assert problems(minimal) == [
        f"{AREA}:4:1: FEIL: skatteoppkreverfunksjonen (med arbeidsgiverkontrollen) ble overført "
        "fra kommunene til Skatteetaten 1. november 2020; sett status: avviklet med en blokk "
        "avviklet (dato, grunn, kilde)"]


def test_real_ended_areas_yield_no_document_only_an_overview_line():
    from .conftest import REPO
    project = load_project(REPO)
    documents = compose_all(project)
    assert {"kemner", "arbeidsgiverkontroll"}.isdisjoint(d.slug for d in documents)


# -- the adoption lifecycle -------------------------------------------------------------------

def _record(kommune, day, sak="16/1"):
    from datetime import date
    return Vedtak(kommune=kommune, dato=date.fromisoformat(day), saksnummer=sak)


def test_stages():
    from datetime import date
    parts = ["roros", "holtalen"]
    assert stage(Behandling(), parts).code == "utkast"
    assert stage(Behandling(sendt=date(2026, 6, 1)), parts).code == "til_behandling"
    one = Behandling(vedtak=[_record("roros", "2026-06-16")])
    assert stage(one, parts).code == "til_behandling" and stage(one, parts).missing == ("holtalen",)
    both = Behandling(vedtak=[_record("roros", "2026-06-16"), _record("holtalen", "2026-06-20")])
    assert stage(both, parts).code == "vedtatt" and not stage(both, parts).draft
    live = Behandling(vedtak=both.vedtak, i_kraft=date(2026, 7, 1))
    assert stage(live, parts).text == "I kraft fra 1. juli 2026"


ADOPTION = """behandling:
  sendt: 2026-06-01
  vedtak:
{records}
{extra}"""


FRAMEWORK_ADOPTED = ("behandling:\n  sendt: 2026-06-01\n  vedtak:\n"
                     "    - {kommune: roros, dato: 2026-06-02, saksnummer: PS 44/16}\n"
                     "    - {kommune: holtalen, dato: 2026-06-02, saksnummer: PS 6/16}\n")


def _adopt(root, records, extra="", framework=True):
    """Adoption `records` in the plan area; the framework adopted by both councils before it."""
    lines = "\n".join(f"    - kommune: {k}\n      dato: {d}\n      saksnummer: \"{s}\"" for k, d, s in records)
    add_to_area(root, ADOPTION.format(records=lines, extra=extra))
    if framework:
        path = root / "avtaler/samarbeidsavtale.yaml"
        path.write_text(path.read_text(encoding="utf-8") + FRAMEWORK_ADOPTED, encoding="utf-8")


def test_a_sub_agreement_adopted_before_the_framework_is_warned_about(minimal):
    """The two are the agreement under § 20-4 together: a council that adopted only the
    sub-agreement has adopted half of it."""
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16"), ("holtalen", "2026-06-17", "PS 7/16")],
           framework=False)
    assert [w for w in warnings(minimal) if "ført inn at de har vedtatt samarbeidsavtalen" in w] == [
        f"{AREA}:24:1: ADVARSEL: delavtalen er vedtatt av kommunestyrene i Røros og Holtålen, men det er "
        "ikke ført inn at de har vedtatt samarbeidsavtalen. Delavtalen bygger på samarbeidsavtalen, og "
        "bestemmelsene der binder ikke kommunene før de har vedtatt den. Før inn vedtakene under "
        "«behandling» i avtaler/samarbeidsavtale.yaml når de er gjort, og send ikke meldingen til "
        "statsforvalteren før det er på plass"]
    path = minimal / "avtaler/samarbeidsavtale.yaml"
    path.write_text(path.read_text(encoding="utf-8") + FRAMEWORK_ADOPTED, encoding="utf-8")
    assert not [w for w in warnings(minimal) if "ført inn at de har vedtatt samarbeidsavtalen" in w]


def test_a_host_adopted_but_still_marked_proposed_is_warned_about(minimal):
    """Every council adopted, and the documents went on saying «Røros (forslag)»."""
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16"), ("holtalen", "2026-06-17", "PS 7/16")])
    assert [w for w in warnings(minimal) if "foreslått" in w] == [
        f"{AREA}:6:1: ADVARSEL: vertskommunen står som foreslått, men avtalen er vedtatt i Røros og "
        "Holtålen; sett vertskommune_status: avtalt, med vedtaket som vertskommune_kilde, så sier "
        "dokumentene ikke lenger «forslag»"]
    edit(minimal / AREA, "vertskommune: roros\n", "vertskommune: roros\nvertskommune_status: avtalt\n"
         "vertskommune_kilde:\n  tittel: Vedtakene\n")
    assert not [w for w in warnings(minimal) if "foreslått" in w]


@pytest.mark.parametrize(("records", "extra", "expected"), [
    ([("roros", "2026-06-16", "PS 45/16"), ("tolga", "2026-06-17", "12/16")], "",
     f"{AREA}:30:7: FEIL: ukjent kommune 'tolga'; den må stå i avtaler/kommuner.yaml"),
    ([("roros", "2026-06-16", "PS 45/16"), ("roros", "2026-06-17", "PS 46/16")], "",
     f"{AREA}:30:7: FEIL: Røros har to vedtak; behold det siste gyldige"),
    ([("roros", "2026-05-01", "PS 45/16")], "",
     f"{AREA}:27:7: FEIL: vedtaket i Røros (1. mai 2026) er datert før avtaleteksten (18. mai 2026)\n"
     f"{AREA}:27:7: FEIL: vedtaket i Røros (1. mai 2026) er datert før avtalen ble sendt til "
     "behandling (1. juni 2026)"),
    ([("roros", "2026-05-20", "PS 45/16")], "",
     f"{AREA}:27:7: FEIL: vedtaket i Røros (20. mai 2026) er datert før avtalen ble sendt til "
     "behandling (1. juni 2026)"),
    ([("roros", "2026-06-16", "PS 45/16")], "  i_kraft: 2026-07-01\n",
     f"{AREA}:30:3: FEIL: i_kraft er satt, men Holtålen har ikke vedtatt avtalen; avtalen kan "
     "ikke tre i kraft før alle har vedtatt den"),
    ([("roros", "2026-06-16", "PS 45/16"), ("holtalen", "2026-08-20", "PS 7/16")], "  i_kraft: 2026-07-01\n",
     f"{AREA}:6:1: ADVARSEL: vertskommunen står som foreslått, men avtalen er vedtatt i Røros og "
     "Holtålen; sett vertskommune_status: avtalt, med vedtaket som vertskommune_kilde, så sier "
     "dokumentene ikke lenger «forslag»\n"
     f"{AREA}:33:3: FEIL: avtalen kan ikke tre i kraft 1. juli 2026, før det siste vedtaket "
     "(20. august 2026)"),
])
def test_adoption_records_are_checked(minimal, records, extra, expected):
    _adopt(minimal, records, extra)
    assert problems(minimal) == expected.split("\n")


def test_a_council_that_does_not_take_part_cannot_adopt(real_copy):
    path = real_copy / "avtaler/omrader/nav.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n    - kommune: os\n"
                    "      dato: 2026-12-16\n      saksnummer: \"PS 1/26\"\n", encoding="utf-8")
    assert [p for p in problems(real_copy) if "FEIL" in p] == [
        "avtaler/omrader/nav.yaml:25:7: FEIL: Os deltar ikke i avtalen; vedtaket hører ikke hjemme her"]


def test_draft_is_marked_until_every_council_has_adopted(minimal):
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16")])
    build(minimal, with_pdf=False)
    path = minimal / DOCX_DIR / "plan.docx"
    lines = docx_lines(path)
    assert ("[Utkastmerking] UTKAST – vedtatt i Røros så langt, ikke ennå i Holtålen. Forslag som "
            "ikke er avtalt ennå: Røros som vertskommune for Plan, miljø & geodata <kontor>.") in lines
    assert header_footer(path)[0].startswith("UTKAST · ") and "Til behandling" in header_footer(path)[0]
    assert "Holtålen kommune | ikke behandlet ennå |  | " in lines


def test_adopted_agreement_lists_the_records_and_drops_the_marking(minimal):
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16"), ("holtalen", "2026-06-20", "PS 31/16")],
           "  i_kraft: 2026-07-01\n")
    build(minimal, with_pdf=False)
    path = minimal / DOCX_DIR / "plan.docx"
    lines = docx_lines(path)
    assert not any("UTKAST" in line for line in lines)
    assert header_footer(path)[0].replace("\u00a0", " ") == ("Plan, miljø & geodata <kontor> · I kraft fra 1. juli 2026 · "
                                      "versjon 1.0 · 18. mai 2026")
    assert "[Heading 1] Vedtak i kommunestyrene" in lines
    assert "Røros kommune | kommunestyret | 16.\u00a0juni\u00a02026 | PS 45/16" in lines
    assert "Holtålen kommune | kommunestyret | 20.\u00a0juni\u00a02026 | PS 31/16" in lines
    # the version history ends with the adoption, not with the draft the councils received
    assert lines.index("20.\u00a0juni\u00a02026 | Vedtatt i kommunestyrene i Røros og Holtålen.") > \
        lines.index("18.\u00a0mai\u00a02026 | Utkast til ny delavtale.")
    assert Document(str(path)).core_properties.title == "Plan, miljø & geodata <kontor>"


def test_status_command_shows_each_council(minimal):
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16")])
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "status"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Avtale", "Status", "Røros", "Holtålen"]
    plan = next(line for line in lines if line.startswith("Plan, miljø"))
    assert "Til behandling" in plan and "vedtatt 16. juni 2026 (sak PS 45/16)" in plan and "ikke vedtatt" in plan


def test_status_shows_an_orientation_as_one_not_to_adopt():
    """The regional cooperations organised by their own agreements stood as «Utkast … ikke
    vedtatt», as if the councils were to adopt them here."""
    result = CliRunner().invoke(cli.main, ["-C", str(REPO), "status"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    revision = next(line for line in result.stdout.splitlines() if line.startswith("Revisjon "))
    assert "Orientering, ikke til vedtak" in revision and "vedtatt" not in revision.replace("til vedtak", "")
    assert revision.split()[-4:] == ["deltar", "deltar", "deltar", "ikke"]


# -- two parties read naturally ---------------------------------------------------------------

def test_two_party_agreement_reads_naturally():
    from samarbeid_docs.tekst.dokument import text_lines
    from samarbeid_docs.tekst.sammenstill import compose, plan

    from .conftest import REPO
    project = load_project(REPO)
    text = "\n".join(text_lines(compose(project, next(p for p in plan(project) if p.slug == "nav"))))
    assert "fakturerer samarbeidskommunen a konto" in text
    assert "drøfter det med samarbeidskommunen i samarbeidsorganet" in text
    assert "Avtalen har to deltakere. Trer én av dem ut, er samarbeidet oppløst" in text
    assert "på vegne av begge deltakerne" in text and "Slår de to kommunene seg sammen, opphører avtalen." in text
    body = text.split("Versjonshistorikk")[0]  # the framework's history names all three
    assert "de tre kommunene" not in body and "den tredje kommunen" not in body
    assert "alle deltakerne" not in text and "alle kommunestyrene" not in text
    assert "Holtålen kommune er samarbeidskommune." in text


def test_file_names_must_be_slugs(minimal):
    (minimal / AREA).rename(minimal / "avtaler/omrader/Plan Bygg.yaml")
    found = problems_load(minimal)
    assert "avtaler/omrader/Plan Bygg.yaml: FEIL: filnavnet skal bestå av små bokstaver a–z, sifre " \
           "og bindestrek (f.eks. plan-og-bygg.yaml); gi filen nytt navn" in found


def problems_load(root):
    with pytest.raises(InputError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def test_iks_and_other_forms_are_described_as_such_not_as_host_model(real_copy):
    edit(real_copy / "avtaler/omrader/renovasjon.yaml", "form: aksjeselskap", "form: interkommunalt_selskap")
    edit(real_copy / "avtaler/omrader/renovasjon.yaml",
         "selskap: Fjellregionen Interkommunale Avfallsselskap AS (FIAS)", "selskap: Testselskap IKS")
    build(real_copy, with_pdf=False)
    text = "\n".join(docx_lines(real_copy / DOCX_DIR / "renovasjon.docx"))
    assert "organisert som et interkommunalt selskap etter IKS-loven: Testselskap IKS" in text
    assert "ikke et vertskommunesamarbeid" in text and "vertskommune for samarbeidet" not in text
    brann = "\n".join(docx_lines(real_copy / DOCX_DIR / "brann.docx"))
    assert "Samarbeidet er organisert etter sin egen avtale mellom kommunene som deltar." in brann
    assert "kildene" not in brann


def test_sjekk_exits_2_on_a_missing_legal_element(minimal):
    edit(minimal / AREA, "vertskommune: roros\n", "")
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 2
    assert f"mangler {S} bokstav b" in result.stderr


def test_the_statutory_word_for_all_parties_in_the_framework_is_a_warning(minimal):
    """The framework calls its parties «deltakerkommunene»; «samarbeidskommunene» is § 20-1's
    word for those that are not host. Its own text is flagged, its history and quotations not,
    nor the sub-agreements, where the word is used as the law uses it."""
    path = minimal / FRAMEWORK
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sammenslåing: Slår kommunene seg sammen, opphører avtalen.",
        "sammenslåing: Slår samarbeidskommunene seg sammen, opphører avtalen, «som for "
        "samarbeidskommunene».")
        + "formål:\n  - Samarbeidskommunane skal samarbeide.\n"
        + "historikk:\n  - dato: 2016-05-18\n    tekst: Samarbeidskommunene vedtok avtalen.\n"
        "    kilde:\n      tittel: Testkilde\n", encoding="utf-8")
    add_to_area(minimal, "# samarbeidskommunene i en kommentar\n")
    edit(minimal / AREA, "formål: 'Verdier med", "formål: 'Samarbeidskommunene får hjelp. Verdier med")
    found = [w for w in warnings(minimal) if "kommunelovens ord" in w]
    assert found == [
        f"{FRAMEWORK}:11:20: ADVARSEL: «samarbeidskommunene» er kommunelovens ord (§ 20-1) for "
        "kommunene som ikke er vertskommune, men samarbeidsavtalen kaller alle partene "
        "deltakerkommuner (punkt 1); skriv «deltakerkommunene» når alle partene er ment",
        f"{FRAMEWORK}:24:5: ADVARSEL: «Samarbeidskommunane» er kommunelovens ord (§ 20-1) for "
        "kommunene som ikke er vertskommune, men samarbeidsavtalen kaller alle partene "
        "deltakerkommuner (punkt 1); skriv «deltakarkommunane» når alle partene er ment"]


def test_the_real_framework_calls_its_parties_as_point_1_does():
    from samarbeid_docs.tekst.lovkrav import framework_party_term

    from .conftest import REPO
    assert framework_party_term(REPO) == []


def test_the_1992_acts_selskapskontroll_is_a_warning(minimal):
    """Kommuneloven 2018 calls the control of the municipality's companies eierskapskontroll
    (§ 23-4); «selskapskontroll» was the 1992 act's word (§ 77 nr. 5)."""
    edit(minimal / AREA, "formål: 'Verdier med", "formål: 'Selskapskontrollen følges opp. Verdier med")
    assert warnings(minimal) == [
        f"{AREA}:8:10: ADVARSEL: «Selskapskontrollen» er en eldre betegnelse; bruk eierskapskontroll "
        "(kommuneloven § 23-4)"]


def test_a_host_cooperation_without_a_statutory_task_is_a_warning(minimal):
    """Kommuneloven chapter 20 is for tasks the law lays on the municipalities (§ 20-1); an area
    that names no act under `lover` is flagged at its form, with what to do."""
    edit(minimal / AREA, "lover: [plan-og-bygningsloven]\n", "")
    found = [w for w in warnings(minimal) if "lovpålagte" in w]
    assert found == [
        f"{AREA}:3:1: ADVARSEL: området er vertskommunesamarbeid, men viser ikke til noen lov under "
        "lover. Kommuneloven kapittel 20 gjelder lovpålagte oppgaver (§ 20-1): før opp loven som "
        "pålegger kommunene oppgavene, eller, er de ikke lovpålagte, avtal samarbeidet uten "
        "kapittel 20, for eksempel som kjøp av tjenester fra vertskommunen"]


def test_the_real_project_flags_exactly_the_areas_with_no_statutory_task():
    from samarbeid_docs.tekst.lovkrav import statutory_tasks

    from .conftest import REPO
    flagged = sorted(p.file for p in statutory_tasks(load_project(REPO)))
    assert flagged == ["avtaler/omrader/naring.yaml", "avtaler/omrader/naringsfond.yaml"]


def _give_the_disabled_service_decisions(root) -> None:
    edit(root / "avtaler/omrader/funksjonshemmede.yaml", "lover: [helse-og-omsorgstjenesteloven]\n",
         "myndighet:\n  - å treffe vedtak om tjenester etter helse- og omsorgstjenesteloven\n"
         "lover: [helse-og-omsorgstjenesteloven]\n")


def test_two_hosts_deciding_under_the_same_act_are_warned_about(real_copy):
    """Two host cooperations with different hosts that both take decisions under the same act
    leave it open who decides a case: the later area's `myndighet` is flagged, naming the other."""
    from samarbeid_docs.tekst.lovkrav import overlapping_authority
    assert overlapping_authority(load_project(real_copy)) == []
    _give_the_disabled_service_decisions(real_copy)
    found = [w for w in warnings(real_copy) if "samme lov" in w]
    assert found == [
        "avtaler/omrader/forvaltningskontor-omsorg.yaml:18:5: ADVARSEL: myndighet legger vedtak "
        "etter helse- og omsorgstjenesteloven til Os, og «Felles tjeneste for funksjonshemmede» "
        "(avtaler/omrader/funksjonshemmede.yaml) legger vedtak etter samme lov til Holtålen. "
        "Skriv i myndighet i begge filene hvilke vedtak hver vertskommune treffer, så det ikke er "
        "tvil om hvem som avgjør en sak, eller legg vedtakene til den ene og beskriv det den "
        "andre gjør, under oppgaver"]


def test_one_host_deciding_under_the_same_act_in_two_areas_is_not_warned_about(real_copy):
    _give_the_disabled_service_decisions(real_copy)
    edit(real_copy / "avtaler/omrader/funksjonshemmede.yaml", "vertskommune: holtalen", "vertskommune: os")
    from samarbeid_docs.tekst.lovkrav import overlapping_authority
    assert overlapping_authority(load_project(real_copy)) == []


def test_a_task_left_to_a_later_agreement_is_warned_about(minimal):
    """§ 20-4 third paragraph letter c: the agreement itself says which tasks go to the host;
    a task «som kommunene blir enige om» later is flagged at its line, with what to do."""
    from samarbeid_docs.tekst.lovkrav import deferred_tasks
    assert deferred_tasks(load_project(minimal)) == []
    edit(minimal / AREA, "  - byggesak\n",
         "  - byggesak\n  - andre oppgaver som kommunene blir enige om i samarbeidsorganet\n")
    found = [w for w in warnings(minimal) if "stå åpent" in w]
    assert len(found) == 1 and found[0].startswith(f"{AREA}:") and "ADVARSEL: oppgaver[1] lar det stå " \
        "åpent hvilke oppgaver vertskommunen får («blir enige om»)." in found[0]
    assert f"({S} tredje ledd bokstav c)" in found[0]


def test_the_real_project_flags_exactly_the_area_whose_tasks_are_left_open():
    from samarbeid_docs.tekst.lovkrav import deferred_tasks

    from .conftest import REPO
    flagged = [p.file for p in deferred_tasks(load_project(REPO))]
    assert flagged == ["avtaler/omrader/spesialiserte-helse-omsorg.yaml"]


def test_a_budget_on_other_figures_than_the_rule_gives_is_warned_about_and_said(minimal):
    """The agreements say a budget year is shared on the population one year before it: a
    budget for 2017 computed with the figures of 1 January 2013 is warned about at its line,
    and the agreement says so under its table instead of stating the rule and breaking it."""
    edit(minimal / AREA, "  år: 2014\n", "  år: 2017\n")
    project = load_project(minimal)
    compose_all(project)
    found = [p for p in project.warnings if "budsjettet for 2017" in p.message]
    assert len(found) == 1 and found[0].file == AREA and found[0].line == 18, project.warnings
    assert ("skal etter samarbeidsavtalen fordeles med folketallet per 1. januar 2016, men tabellen "
            "regnes med folketallet per 1. januar 2013 (folketall_per i samarbeidsavtale.yaml): hent "
            "tallene med «samarbeid folketall hent --år 2016» og sett folketall_per til dem, eller "
            "rett budsjettåret") in found[0].message
    plan = next(d for d in compose_all(load_project(minimal)) if d.slug == "plan")
    text = "\n".join(text_lines(plan))
    assert "Tabellen er et regneeksempel: budsjettet for 2017 fordelt med folketallet per 1. januar 2013:" in text
    assert ("Etter regelen over bygger fordelingen for 2017 på folketallet per 1. januar 2016. "
            "De endelige andelene og beløpene fastsettes med de tallene og kan avvike fra tabellen.") in text
    edit(minimal / AREA, "  år: 2017\n", "  år: 2014\n")  # the figures the rule gives: silent
    project = load_project(minimal)
    plan = next(d for d in compose_all(project) if d.slug == "plan")
    assert not [p for p in project.warnings if "budsjettet for" in p.message]
    assert "Etter regelen over" not in "\n".join(text_lines(plan))


def test_tasks_with_section_signs_percentages_or_odd_spaces_are_found_in_the_text(minimal):
    """The text binds «§ 12» and «50 %» with non-breaking spaces and a reader's spaces are one:
    a task written so was reported missing (§ 20-4 letter c), and the build refused."""
    edit(minimal / AREA, "oppgaver:\n  - byggesak\n",
         "oppgaver:\n  - byggesak\n  - føre tilsyn etter § 12\n  - dekke 50 % av kostnadene\n"
         "  - saker   etter  §§ 20-4 og 20-5 \nunderretning:\n  - vedtak etter § 12\n")
    project = load_project(minimal)
    documents = compose_all(project)  # raises InputError on a letter it finds missing
    text = "\n".join(text_lines(next(d for d in documents if d.slug == "plan")))
    assert "føre tilsyn etter § 12" in text.replace("\u00a0", " ")
    assert not [p for p in project.warnings if "bokstav" in p.message]
    build(minimal, with_pdf=False)  # and the build's own check of the written text agrees


def test_a_decision_dated_after_today_is_warned_about(minimal, monkeypatch):
    """A decision is recorded once the council has made it: one dated after today is a typing
    error or a decision not yet made (the letter to the county governor would report it)."""
    _adopt(minimal, [("roros", "2026-06-16", "PS 45/16")])
    monkeypatch.setenv("SAMARBEID_DATO", "2026-06-10")
    assert warnings(minimal) == [f"{AREA}:27:7: ADVARSEL: vedtaket i Røros er datert 16. juni 2026, "
                                 "etter dagens dato (10. juni 2026); før inn et vedtak når "
                                 "kommunestyret har fattet det"]
    monkeypatch.setenv("SAMARBEID_DATO", "2026-06-16")
    assert warnings(minimal) == []


def test_a_population_figure_far_from_the_one_before_is_warned_about(real_copy):
    """A digit too many («56380» for Røros) gave only indirect host-distribution warnings."""
    edit(real_copy / "avtaler/kommuner.yaml", "antall: 5635\n", "antall: 56350\n")
    project = load_project(real_copy)
    found = [str(p) for p in compose_and_warnings(project) if "folketallet for Røros" in p.message]
    assert len(found) == 1 and found[0].startswith("avtaler/kommuner.yaml:"), found
    assert ("folketallet for Røros går fra 5\u00a0589 per 1. januar 2013 til 56\u00a0350 per 1. januar "
            "2016, mer enn en kommune vanligvis endrer seg") in found[0]
    real = load_project(REPO)
    assert not [p for p in compose_and_warnings(real) if "folketallet for" in p.message]


def compose_and_warnings(project):
    compose_all(project)
    return project.warnings



def test_a_party_to_the_sub_agreement_only_has_no_framework_to_adopt(real_copy):
    """Tolga takes part in the farming office without being a party to the framework: its
    adoption of the sub-agreement is all there is for it to adopt."""
    area = real_copy / "avtaler/omrader/landbruk.yaml"
    edit(area, "deltakere: [roros, os, holtalen]", "deltakere: [roros, os, holtalen, tolga]")
    area.write_text(area.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n" + "".join(
        f"    - {{kommune: {k}, dato: 2026-12-0{i + 1}, saksnummer: PS {i}/26}}\n"
        for i, k in enumerate(["roros", "os", "holtalen", "tolga"])), encoding="utf-8")
    framework = real_copy / "avtaler/samarbeidsavtale.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n" + "".join(
        f"    - {{kommune: {k}, dato: 2026-12-01, saksnummer: PS 9{i}/26}}\n"
        for i, k in enumerate(["roros", "os", "holtalen"])), encoding="utf-8")
    found = [w for w in warnings(real_copy) if "landbruk" in w]
    assert any("tolga er ikke part i samarbeidsavtalen" in w for w in found), found
    assert not any("vedtatt samarbeidsavtalen" in w for w in found), found


def test_a_misspelt_municipality_in_the_board_is_named(tmp_path):
    """«dalbyg: 3» under nemnd_medlemmer: not only «Dalbygd mangler», but which key is wrong."""
    root = _copy_project(tmp_path / "fjellregion", ROOTS / "fjellregion")
    edit(root / "avtaler/omrader/ppt.yaml", "{dalbygd: 3,", "{dalbyg: 3,")
    # one error, at the key, before the «Dalbygd mangler» it would otherwise echo in
    assert problems(root) == ["avtaler/omrader/ppt.yaml:14:19: FEIL: nemnd_medlemmer: 'dalbyg' er ikke "
                              "blant deltakerne (mente du 'dalbygd'?); bruk kortnavnene under deltakere"]


def test_a_board_limited_to_matters_of_no_principal_importance_is_warned_about(tmp_path):
    """The agreement says the board decides «også i saker av prinsipiell betydning»: an item
    that limits it to the others contradicts that, in the same section."""
    root = _copy_project(tmp_path / "fjellregion", ROOTS / "fjellregion")
    edit(root / "avtaler/omrader/ppt.yaml", "hjelp etter barnehageloven\n",
         "hjelp etter barnehageloven som ikke er av prinsipiell betydning\n")
    found = [w for w in warnings(root) if "prinsipiell" in w]
    assert len(found) == 1 and found[0].startswith("avtaler/omrader/ppt.yaml:12:5: ADVARSEL: myndighet[0] "
                                                   "begrenser nemnda til saker uten prinsipiell betydning")
    assert "(kommuneloven § 20-3 andre ledd)" in found[0]

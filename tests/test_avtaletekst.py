"""What the agreements say (issue 13): the revision to adopt now, read as a municipal lawyer and
a council secretary would. One test (or a table of them) per rule."""

from __future__ import annotations

import re
from datetime import date

import pytest

from samarbeid_docs.bygging.bygg import build, compose_all
from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.nettside.kilderapport import source_report
from samarbeid_docs.tekst.dokument import Heading, Table, heading_numbers, plain, text_lines
from samarbeid_docs.tekst.livslop import transfer_date
from samarbeid_docs.tekst.lovkrav import check_sources, working_notes

from .conftest import REPO, edit

AREA = "avtaler/omrader/plan.yaml"
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]
DATE = re.compile(r"(?<!per )(?<!forskrift )(?<!lov )\b(\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})\b")  # not reference dates
PAST = re.compile(r"\b(forutsatte|ble|har brukt|har vært|hadde|siden|skulle|var|opprettet|avviklet)\b")
FRAMEWORK = "avtaler/samarbeidsavtale.yaml"


@pytest.fixture(scope="module")
def real():
    """The real project's documents as plain text, by slug."""
    project = load_project(REPO)
    return project, {d.slug: d for d in compose_all(project)}


def numbered_headings(doc) -> list[tuple[str, str]]:
    """(number, title) of every heading, as the documents show them."""
    numbers = heading_numbers(doc.blocks)
    return [(numbers[i], plain(b.runs)) for i, b in enumerate(doc.blocks) if isinstance(b, Heading)]


def text(doc) -> str:
    return "\n".join(text_lines(doc))


def body_without_history(doc) -> str:
    """The text to adopt, without the version history table (which is history by design)."""
    blocks, skip = [], False
    for block in doc.blocks:
        if isinstance(block, Heading):
            skip = plain(block.runs) == "Versjonshistorikk"
        if not skip:
            blocks.append(block)
    return text(type(doc)(doc.slug, doc.meta, tuple(blocks), doc.kind))


def problems(root) -> list[str]:
    with pytest.raises(InputError) as info:
        compose_all(load_project(root))
    return [str(p) for p in info.value.problems]


def headings(doc) -> list[str]:
    return [plain(b.runs) for b in doc.blocks if isinstance(b, Heading)]


# -- 1. one frame: the revision to adopt now --------------------------------------------------

def test_documents_carry_the_current_date_numbers_and_counties(real):
    _, docs = real
    agreements = [d for d in docs.values() if d.kind in ("samarbeidsavtale", "delavtale")]
    assert len(agreements) == 22
    for doc in agreements:
        body = body_without_history(doc)
        assert doc.meta.date == "30. november 2026", doc.slug
        for old in ("1640", "1644", "0441", "0436", "Sør-Trøndelag", "Hedmark", "fylkesmann",
                    "rådmann"):
            assert old not in body, (doc.slug, old)
        # a date before the document's own date is only ever told as the past
        for sentence in re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])|\n", body):
            for day, month, year in DATE.findall(sentence):
                when = date(int(year), MONTHS.index(month) + 1, int(day))
                if when < date(2026, 11, 30):
                    assert PAST.search(sentence), (doc.slug, sentence)
    frame = text(docs["samarbeidsavtale"])
    assert "Røros kommune | 5025 | Trøndelag" in frame and "Os kommune | 3430 | Innlandet" in frame
    assert "Holtålen kommune | 5026 | Trøndelag" in frame
    assert "Statsforvalteren i Trøndelag" in text(docs["barnevern"])
    assert "Os kommune orienterer Statsforvalteren i Innlandet" in text(docs["landbruk"])


def test_every_agreement_has_a_version_history_from_the_data(real):
    _, docs = real
    for doc in docs.values():
        if doc.kind not in ("samarbeidsavtale", "delavtale"):
            continue
        assert "Versjonshistorikk" in headings(doc), doc.slug
        table = next(b for i, b in enumerate(doc.blocks) if isinstance(b, Table)
                     and isinstance(doc.blocks[i - 1], Heading)
                     and plain(doc.blocks[i - 1].runs) == "Versjonshistorikk")
        when = [plain(r[0]) for r in table.rows]
        assert when[0] == "18. mai 2016" and "2017" in when and when[-1] == "30. november 2026"
        assert "kommuneloven (1992) §\u00a028-1 b" in plain(table.rows[0][1])
        revision = next(r for r in table.rows if plain(r[0]) == "2017")
        assert "40\u00a0% likt og 60\u00a0% etter folketall" in plain(revision[1])
    landbruk = text(docs["landbruk"])
    assert "1. januar 2017 | Landbrukskontorene i Os, Holtålen og Røros ble slått sammen" in landbruk


def test_existing_areas_are_continued_and_say_what_they_replace(real):
    project, docs = real
    for slug, area in project.omrader.items():
        if area.status != "eksisterende" or not area.is_host_model:
            continue
        body = text(docs[slug])
        assert "Samarbeidet er i drift, og avtalen viderefører det." in body, slug
        assert "ligger allerede hos vertskommunen" in body, slug
        assert "Fra da erstatter den " in body, slug
    assert ("Fra da erstatter den avtalen om det felles landbrukskontoret for Os, Røros og Holtålen, "
            "som ble opprettet 1. januar 2017.") in text(docs["landbruk"])


def test_the_transfer_point_names_authority_only_where_the_agreement_delegates_it(real):
    """«Når oppgaver og myndighet overføres» stood over agreements that delegate no authority
    (the emergency ward, IT); their point is «Når oppgavene overføres»."""
    project, docs = real
    seen = set()
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status == "avviklet":
            continue
        titles = [title for _, title in numbered_headings(docs[slug])]
        expected = "Når oppgaver og myndighet overføres" if area.myndighet else "Når oppgavene overføres"
        assert expected in titles, (slug, titles)
        seen.add(bool(area.myndighet))
    assert seen == {True, False}


def test_new_areas_get_a_rule_that_yields_a_transfer_date(real, minimal):
    _, docs = real
    assert ("overføres til vertskommunen 1. januar eller 1. juli, den første av disse datoene som "
            "ligger minst tre måneder etter at det siste kommunestyret har vedtatt avtalen.") \
        in text(docs["skolekontor"])
    # once every council has adopted, the rule gives the date
    (minimal / AREA).write_text((minimal / AREA).read_text(encoding="utf-8") + (
        "behandling:\n  vedtak:\n    - kommune: roros\n      dato: 2026-09-10\n      saksnummer: PS 1/26\n"
        "    - kommune: holtalen\n      dato: 2026-10-02\n      saksnummer: PS 9/26\n"), encoding="utf-8")
    plan = text(next(d for d in compose_all(load_project(minimal)) if d.slug == "plan"))
    assert "Etter vedtakene i kommunestyrene blir det 1. juli 2027." in plan


@pytest.mark.parametrize(("adopted", "moved"), [
    (date(2026, 9, 30), date(2027, 1, 1)), (date(2026, 10, 1), date(2027, 1, 1)),
    (date(2026, 10, 2), date(2027, 7, 1)), (date(2027, 4, 1), date(2027, 7, 1)),
    (date(2027, 4, 2), date(2028, 1, 1)), (date(2026, 12, 31), date(2027, 7, 1)),
])
def test_transfer_rule(adopted, moved):
    assert transfer_date(adopted) == moved


def test_a_past_date_cannot_be_a_future_step(minimal):
    edit(minimal / AREA, "status: ny\n", "status: ny\noverføring: 2020-01-01\n")
    edit(minimal / FRAMEWORK, "dato: 2026-05-18\n", "dato: 2026-05-18\ni_kraft: 2016-07-01\n")
    found = problems(minimal)
    assert f"{FRAMEWORK}:5:1: FEIL: i_kraft (1. juli 2016) ligger før avtalens dato (18. mai " \
           "2026); fjern i_kraft (avtalen trer da i kraft når alle har vedtatt den) eller sett en " \
           "senere dato" in found
    assert any(p.startswith(f"{AREA}:5:") and "overføringen 1. januar 2020 ligger ikke etter "
               "avtalens dato (18. mai 2026)" in p for p in found)


# -- the law check knows which act was in force when --------------------------------------------

HISTORY = "historikk:\n  - {when}\n    tekst: {text}\n"


@pytest.mark.parametrize(("when", "cites", "message"), [
    ("dato: 2016-05-18", "Vedtatt etter kommuneloven (1992) § 28-1 b.", None),
    ("år: 2017", "Revidert etter kommunelovens § 28-1 b.", None),
    ("dato: 2016-05-18", "Vedtatt etter kommuneloven § 20-2.",
     "hendelsen er fra 18. mai 2016, før kommuneloven 2018 gjaldt, men viser til «§ 20-2»"),
    ("dato: 2021-03-01", "Vedtatt etter kommuneloven (1992) § 28-1 b.",
     "hendelsen er fra 1. mars 2021, da kommuneloven av 1992 var opphevet, men viser til «§ 28-1 b»"),
    ("år: 2020", "Revidert etter kommuneloven kapittel 20.", None),
])
def test_history_cites_the_act_in_force_on_its_date(minimal, when, cites, message):
    edit(minimal / FRAMEWORK, "kilde:\n  - tittel: Testkilde\n",
         "kilde:\n  - tittel: Testkilde\n" + HISTORY.format(when=when, text=cites))
    if message is None:
        compose_all(load_project(minimal))
    else:
        assert any(message in p for p in problems(minimal))


def test_a_text_dated_under_the_1992_act_cannot_use_the_chapter_20_clauses(minimal):
    edit(minimal / FRAMEWORK, "dato: 2026-05-18", "dato: 2016-05-18")
    assert f"{FRAMEWORK}:4:1: FEIL: avtalen er datert 18. mai 2016, før kommuneloven 2018 gjaldt " \
           "(1. november 2019), men avtaletekstene viser til kommuneloven kapittel 20; sett dato til " \
           "datoen for denne versjonen, og før den gamle avtalen opp under historikk" in problems(minimal)


# -- 2. appeals per act ---------------------------------------------------------------------------

def test_appeals_go_to_the_state_body_the_act_names(real):
    _, docs = real
    barnevern = text(docs["barnevern"])
    # the body first, then the decisions: «…helsenemnda: statsforvalteren» read as one clause
    assert "- til statsforvalteren: vedtak barnevernstjenesten treffer etter barnevernsloven, unntatt " \
           "akuttvedtak, som prøves av barneverns- og helsenemnda (barnevernsloven §\u00a012-9)" in barnevern
    assert "Administrasjonen i vertskommunen er underinstans etter forvaltningsloven §\u00a033 andre " \
           "ledd" in barnevern
    assert "Klageinstansen har ikke omgjøringsrett etter forvaltningsloven §\u00a035 andre og tredje ledd, " \
           "det vil si at den bare kan endre et vedtak når det er klaget på det. " \
           "Statlige klageinstanser kan likevel oppheve vedtak som må anses som ugyldige " \
           "(kommuneloven §\u00a020-5 andre ledd)" in barnevern
    assert "- til statsforvalteren: vedtak etter sosialtjenesteloven (sosialtjenesteloven §\u00a048)" in text(docs["nav"])
    assert "- til statsforvalteren: vedtak etter skogbrukslova (skogbrukslova §\u00a021)" in text(docs["landbruk"])
    assert "(pasient- og brukerrettighetsloven §\u00a07-2 første ledd)" in text(docs["forvaltningskontor-omsorg"])
    # an act without a state appeal body: the delegating municipality hears the appeal
    fond = text(docs["naringsfond"])
    assert "Klageinstans er den kommunen som har delegert myndigheten" in fond
    assert "Der loven gjør et statlig organ til klageinstans" not in fond
    # no decisions delegated: no appeal or legality review to speak of
    lonn = text(docs["lonn"])
    assert "Vertskommunen treffer ikke vedtak på vegne av samarbeidskommunene etter denne avtalen, så " \
           "det er ingen slike vedtak å klage på eller kreve lovlighetskontroll av (kommuneloven §\u00a020-5 " \
           "og §\u00a020-7). Avtalen endrer ikke hvem som treffer vedtak i saker tjenesten gjelder, eller " \
           "hvordan klager på slike vedtak behandles. Det følger av lovene som gjelder for tjenesten, og " \
           "av delegeringsreglementet i den enkelte kommunen." in lonn
    assert "Hver kommune treffer selv alle vedtak i saker tjenesten gjelder, blant annet:" in lonn
    # a member's instructions: for its own part, agreed where they touch the others, never unlawful
    assert "Instruks som får følger for de andre deltakerne eller for kostnadsfordelingen, krever at " \
           "deltakerne blir enige om det. Ingen instruks kan gå ut på at vertskommunen skal handle i " \
           "strid med lov" in lonn
    assert "om å delegere den til kommunedirektøren i vertskommunen (kommuneloven §\u00a020-2 andre ledd " \
           "og §\u00a020-4 andre ledd)" in lonn
    assert "lovlighetskontroll av vedtak" not in lonn and "underinstans" not in lonn


def test_the_appeal_body_is_data_with_its_source(minimal):
    edit(minimal / "avtaler/lover.yaml", "    url: https://lovdata.no/lov/2008-06-27-71\n",
         "    url: https://lovdata.no/lov/2008-06-27-71\n    klageinstans:\n      organ: Testorganet\n"
         "      hjemmel: plan- og bygningsloven § 99\n      kilde:\n        tittel: Testkilde\n")
    plan = text(next(d for d in compose_all(load_project(minimal)) if d.slug == "plan"))
    assert "- til Testorganet: vedtak etter plan- og bygningsloven (plan- og bygningsloven §\u00a099)" in plan
    edit(minimal / "avtaler/lover.yaml", "      kilde:\n        tittel: Testkilde\n", "")
    with pytest.raises(InputError):
        load_project(minimal)


# -- 3. delegated authority -----------------------------------------------------------------------

@pytest.mark.parametrize(("item", "message"), [
    ("vedtakene treffes av den kommunen barnet hører til", "sier at noen andre enn vertskommunen"),
    ("tilskudd tildeles etter den enkelte kommunens vedtak", "sier at noen andre enn vertskommunen"),
    ("hver kommune vedtar selv sine planer", "sier at noen andre enn vertskommunen"),
    ("å lede tjenestene innenfor den enkelte kommunens budsjett", "ledelse eller instruksjon"),
])
def test_authority_is_only_what_the_host_decides(minimal, item, message):
    edit(minimal / AREA, "  - vedtak etter plan- og bygningsloven", f"  - {item}")
    found = problems(minimal)
    assert any(p.startswith(f"{AREA}:12:5: FEIL: myndighet[0]") and message in p for p in found)


def test_what_each_council_keeps_is_its_own_section(real):
    _, docs = real
    ppt = text(docs["ppt"])
    assert "Det hver kommune beholder" in headings(docs["ppt"])
    assert "Vertskommunen utfører oppgavene ovenfor, men får ikke myndighet til å treffe vedtak på " \
           "vegne av samarbeidskommunen etter denne avtalen." in ppt
    # the allocation office decides applications; the service for the disabled only provides
    assert "Vertskommunen utfører oppgavene ovenfor, men får ikke myndighet til å treffe vedtak på " \
           "vegne av samarbeidskommunene etter denne avtalen." in text(docs["funksjonshemmede"])
    assert "- saker av prinsipiell betydning\n- enkeltvedtak etter opplæringslova og barnehageloven " \
           "som bygger på tjenestens sakkyndige vurderinger" in ppt
    helse = text(docs["helseledelse"])
    assert "- arbeidsgiveransvaret for egne ansatte og ledelsen av helsetjenestene som kommunen " \
           "driver selv" in helse


# -- 4. withdrawal, dissolution, other law -----------------------------------------------------------

def test_withdrawal_and_dissolution_in_full(real):
    _, docs = real
    three, two = text(docs["barnevern"]), text(docs["nav"])
    # the exit at the first new year at least the notice period after the last party was told:
    # an agreed period, which the statute allows (after a lawyer's read: «blir fristen lengre»
    # was not always true, and «fristen» meant two things)
    assert ("Deltakeren trer ut med virkning fra den første 1. januar som ligger minst ett år "
            "etter at den siste av de andre deltakerne mottok oppsigelsen.") in three
    assert "minst ett år etter at den andre deltakeren mottok oppsigelsen." in two
    assert ("Dette er en annen oppsigelsesfrist enn lovens ett års varsel, avtalt etter kommuneloven "
            "§\u00a020-8 andre ledd andre punktum.") in three
    # two parties: the host's cases go back to the other one; no «new host» among two
    assert "Er det vertskommunen som trer ut, overføres sakene til Holtålen kommune." in two
    assert "den nye vertskommunen" not in two and "den nye vertskommunen." in three
    for body in (three, two):
        assert "Kostnadene fram til oppløsningen gjøres opp etter fordelingsnøkkelen" in body
        assert "Eiendeler som er anskaffet for samarbeidet" in body
        assert "De ansatte i tjenesten er ansatt i vertskommunen. Går oppgavene tilbake" in body
        assert "Arkivet fra samarbeidet blir hos vertskommunen, som bevarer det etter arkivlova" in body
    assert "Samarbeidet fortsetter mellom de andre deltakerne. Fordelingsnøkkelen regnes da ut på " \
           "nytt for dem" in three
    assert "Avtalen har to deltakere. Trer én av dem ut, er samarbeidet oppløst" in two
    assert "Samarbeidet fortsetter mellom" not in two


def test_content_another_act_requires_is_in_the_agreement(real, minimal):
    _, docs = real
    nav = text(docs["nav"])
    assert "Krav etter annen lov" in headings(docs["nav"])
    assert "Avtalen skal ha bestemmelser om lokalisering og utforming, organisering og drift av " \
           "kontoret" in nav
    assert "Krav etter annen lov" not in headings(docs["barnevern"])
    # a template that drops the clause fails the check (kommuneloven § 20-4 third paragraph i)
    edit(minimal / "avtaler/lover.yaml", "    url: https://lovdata.no/lov/2008-06-27-71\n",
         "    url: https://lovdata.no/lov/2008-06-27-71\n    avtalekrav:\n      - hjemmel: testloven § 1\n"
         "        tekst: Avtalen skal si hvem som fører testregisteret.\n        kilde:\n"
         "          tittel: Testkilde\n")
    plan = text(next(d for d in compose_all(load_project(minimal)) if d.slug == "plan"))
    assert "Avtalen skal si hvem som fører testregisteret. (testloven §\u00a01)" in plan
    edit(minimal / "maler/delavtale.md.j2", '{% include "klausuler/annen-lov.md.j2" %}', "")
    assert any("mangler §\u00a020-4 bokstav i" in p for p in problems(minimal))


# -- 5. the framework's own provisions ------------------------------------------------------------

def test_framework_has_its_own_provisions(real):
    _, docs = real
    frame = docs["samarbeidsavtale"]
    names = headings(frame)
    for heading in ("Varighet og oppsigelse", "Endringer", "Forholdet mellom samarbeidsavtalen og "
                    "delavtalene", "Sammenslåing av kommuner", "Tvister", "Ikrafttredelse", "Vedlegg",
                    "Versjonshistorikk"):
        assert heading in names, heading
    assert names.index("Sammenslåing av kommuner") < names.index("Tvister")
    body = text(frame)
    assert "Hver deltakerkommune kan si den opp skriftlig med ett års varsel" in body
    assert "Er det motstrid, går delavtalen foran for det den regulerer uttrykkelig." in body
    assert "1. Oversikt over samarbeidsområdene" in body
    # what the agreement governs (the 21 host cooperations) is told apart from what its tables
    # only show (the cooperations organised otherwise, the ended areas)
    assert ("Avtalen gjelder 21 samarbeidsområder som er vertskommunesamarbeid, hvert med sin egen "
            "delavtale. Tabellene viser i tillegg fire samarbeid som er organisert på annen måte, for "
            "eksempel som selskap. De reguleres ikke av denne avtalen. Hvert av dem er beskrevet i en egen "
            "orientering, som ikke er vedlegg til avtalen. "
            "To områder er avviklet. De har ingen avtale og står i tabellene med dato og grunn. "
            "De 27 områdene er ordnet i fire grupper.") in body
    assert "Avtalen omfatter 27" not in body
    tvister = body.split("Tvister\n")[1].split("\n\n")[1]
    assert "slår" not in tvister.lower()


# -- 6. economy as agreed -------------------------------------------------------------------------

def test_cost_key_is_the_2017_revision_with_a_population_rule(real):
    _, docs = real
    frame, barnevern = text(docs["samarbeidsavtale"]), text(docs["barnevern"])
    assert "40\u00a0% av kostnadene fordeles likt mellom deltakerne, og 60\u00a0% fordeles etter " \
           "folketallet i hver kommune, slik det har vært gjort siden 1. januar 2019." in frame
    for body in (frame, barnevern):
        assert "Fordelingen for et budsjettår bygger på folketallet per 1. januar året før " \
               "budsjettåret" in body
        assert "Folketall 01.01.2026" in body
    assert "Kommunestyret i vertskommunen vedtar budsjettet for tjenesten" in barnevern
    tvister = next(n for n, h in numbered_headings(docs["barnevern"]) if h == "Tvister")
    assert f"Blir kommunene ikke enige om budsjettet, løses uenigheten etter punkt\u00a0{tvister}." in barnevern
    assert "I det første driftsåret" not in barnevern  # the service is in operation already
    assert "Kostnadene som fordeles, er netto driftsutgifter for tjenesten" in barnevern
    assert "senest 31. mars året etter" in barnevern
    # the steering group only discusses: an administrative host cooperation has no political body
    assert "Den er et rådgivende organ og har ikke myndighet til å treffe vedtak" in barnevern
    assert "styres av" not in barnevern and "styres av" not in frame
    assert "Røros kommune | 5\u00a0638 | 48,8\u00a0%" in barnevern


def test_each_agreement_uses_the_newest_figures_all_its_parties_have(minimal):
    edit(minimal / FRAMEWORK, "folketall_per: 2013-01-01\n", "")
    plan = text(next(d for d in compose_all(load_project(minimal)) if d.slug == "plan"))
    assert "Folketall 01.01.2013" in plan  # the only date both parties of the fixture have


# -- 7. hosts agreed or proposed --------------------------------------------------------------------

def test_a_proposed_host_is_shown_where_the_reader_decides(real):
    _, docs = real
    # a new area: the host is a proposal; an area in operation: the host is to be confirmed
    # (the real sources' organisation numbers and figures are from secondary sources)
    checks = ("organisasjonsnummeret mot Enhetsregisteret og folketallet per 1. januar 2026 mot SSB "
              "for Røros kommune, Os kommune og Holtålen kommune.")
    assert docs["skolekontor"].meta.banner == (
        "UTKAST til behandling i kommunestyrene i Røros, Os og Holtålen. Forslag som ikke er "
        "avtalt ennå: Holtålen som vertskommune for Felles skolekontor. Kontrolleres før behandling: "
        + checks)
    assert docs["barnevern"].meta.banner == (
        "UTKAST til behandling i kommunestyrene i Røros, Os og Holtålen. Kontrolleres før "
        "behandling: Røros som vertskommune for Felles barnevernstjeneste; " + checks)
    assert "Forslag" not in docs["landbruk"].meta.banner
    assert "vertskommune" not in docs["landbruk"].meta.banner
    overview = text(docs["oversikt"])
    assert "Felles legevakt | Røros, Os og Holtålen | Røros (kontrolleres) | i drift" in overview
    assert "Felles skolekontor | Røros, Os og Holtålen | Holtålen (forslag) | nytt" in overview
    assert "Felles landbrukskontor | Røros, Os og Holtålen | Os | i drift" in overview
    assert "om områdene ble fordelt etter folketallet per 1. januar 2026, slik mandater fordeles " \
           "ved valg (Sainte-Laguës metode)." in overview
    assert "advarsel" not in overview and "der kjent" not in overview
    for doc in docs.values():
        assert "forslag til forhandling" not in text(doc).lower()


def test_an_agreed_host_needs_its_source(minimal):
    edit(minimal / AREA, "vertskommune: roros\n", "vertskommune: roros\nvertskommune_status: avtalt\n")
    with pytest.raises(InputError) as info:
        load_project(minimal)
    assert "vertskommune_status: avtalt krever vertskommune_kilde" in str(info.value.problems[0])


# -- 8. no working notes in an agreement --------------------------------------------------------------

@pytest.mark.parametrize("note", [
    "se avtaler/kommuner.yaml", "https://rorosnytt.no/sak", "som kildene vi har viser",
    "organisasjonsnummer ikke registrert i kildene", "Faktaene i denne avtalen bygger på dette",
])
def test_a_working_note_fails_the_build_and_is_located(minimal, note):
    edit(minimal / AREA, "  - byggesak", f"  - byggesak, {note}")
    found = problems(minimal)
    assert any(p.startswith(f"{AREA}:10: FEIL: arbeidsnotat i teksten til plan") for p in found), found
    assert (minimal / "build").exists() is False


def test_no_working_notes_in_the_real_documents(real):
    _, docs = real
    for doc in docs.values():
        assert working_notes(text(doc)) == [], doc.slug
        assert "Kilder" not in headings(doc), doc.slug


def test_a_blank_is_listed_and_blocks_the_councils(minimal):
    kommuner = minimal / "avtaler/kommuner.yaml"
    kommuner.write_text(re.sub(r"    organisasjonsnummer: \"937697767\"\n    organisasjonsnummer_kilde:\n"
                               r"      tittel: .*\n", "", kommuner.read_text(encoding="utf-8")),
                        encoding="utf-8")
    plan = next(d for d in compose_all(load_project(minimal)) if d.slug == "plan")
    assert "Fylles ut før behandling: organisasjonsnummer for Holtålen kommune." in plan.meta.banner
    assert "Holtålen kommune | 1644 | Sør-Trøndelag | ____________" in text(plan)
    (minimal / AREA).write_text((minimal / AREA).read_text(encoding="utf-8")
                                + "behandling:\n  sendt: 2026-06-01\n", encoding="utf-8")
    assert any("avtalen er sendt til behandling, men mangler organisasjonsnummer for Holtålen "
               "kommune" in p for p in problems(minimal))


def test_facts_from_a_secondary_source_are_to_be_checked_before_the_councils(minimal):
    """`sekundær: true` on a source: the draft says which organisation numbers and which
    population figures to check, against which register; once sent to the councils, a warning."""
    kommuner = minimal / "avtaler/kommuner.yaml"
    edit(kommuner, "      tittel: Testkilde for organisasjonsnummer\n",
         "      tittel: Testkilde for organisasjonsnummer\n      sekundær: true\n")  # Røros only

    def banner():
        return next(d for d in compose_all(load_project(minimal)) if d.slug == "plan").meta.banner
    assert banner().endswith(". Kontrolleres før behandling: organisasjonsnummeret til Røros kommune "
                             "mot Enhetsregisteret.")
    edit(kommuner, "        antall: 2030\n        kilde:\n",
         "        antall: 2030\n        kilde:\n          sekundær: true\n")  # Holtålen's figure
    assert banner().endswith("Kontrolleres før behandling: organisasjonsnummeret til Røros kommune "
                             "mot Enhetsregisteret; folketallet per 1. januar 2013 for Holtålen kommune "
                             "mot SSB.")
    assert not any("sekundærkilder" in str(p) for p in check_sources(load_project(minimal)))
    (minimal / AREA).write_text((minimal / AREA).read_text(encoding="utf-8")
                                + "behandling:\n  sendt: 2026-06-01\n", encoding="utf-8")
    found = [str(p) for p in check_sources(load_project(minimal)) if "sekundærkilder" in str(p)]
    assert len(found) == 1 and "ADVARSEL" in found[0] and "organisasjonsnummeret til Røros kommune" in found[0]


def test_sources_go_to_the_reviewers_report(real):
    project, _ = real
    report = source_report(project)
    assert report.startswith("# Kilder til «Samarbeidsavtale mellom Røros, Os og Holtålen»")
    assert "<http://rorosnytt.no/kommuneres-plan-b/>" in report
    assert "Vertskommune Os, avtalt: Os kommune" in report
    assert "forslag til forhandling" in report  # the working note lives here, not in the text
    assert "Folketall per 1. januar 2026: 1\u00a0871 (brukt i samarbeidsavtalen)" in report


def test_build_writes_the_source_report(minimal):
    build(minimal, with_pdf=False)
    report = (minimal / "build/kilder.md").read_text(encoding="utf-8")
    # the source's words are escaped, so a Markdown reader (GitHub) shows them as written
    assert "### Plan, miljø \\& geodata \\<kontor\\> (plan)" in report
    from markdown_it import MarkdownIt
    tokens = MarkdownIt("commonmark").parse(report)
    headings = [t.children and "".join(c.content for c in t.children) for t in tokens if t.type == "inline"]
    assert "Plan, miljø & geodata <kontor> (plan)" in headings


# -- 9. information sheets ------------------------------------------------------------------------

def test_information_sheets_are_not_drafts_of_an_agreement(real):
    _, docs = real
    for slug in ("brann", "renovasjon", "revisjon", "kontrollutvalgssekretariat"):
        doc = docs[slug]
        assert doc.meta.status == "Orientering" and not doc.meta.draft and not doc.meta.banner
        assert doc.meta.subtitle.startswith("Orientering om ")
        assert "UTKAST" not in text(doc) and "under samarbeidsavtalen" not in text(doc)
    assert "gebyr" not in text(docs["renovasjon"])


# -- 10. faithful to the reference case, good bokmål --------------------------------------------

def test_the_seed_obligations_keep_their_strength(real):
    project, docs = real
    frame = text(docs["samarbeidsavtale"])
    assert "forplikter hver kommune seg til å velge de andre deltakerkommunene som samarbeidspartnere" in frame
    assert "Det skal tilstrebes at tjenesteområdene har et kostnadsfokus" in frame
    assert "Det skal tilstrebes at tjenesten har et kostnadsfokus" in text(docs["barnevern"])
    assert project.omrader["flyktning"].tittel == "Felles flyktningetjeneste"
    assert "lokaler" not in project.rammeavtale.indirekte_kostnader
    for doc in docs.values():
        assert "barneverntjeneste" not in text(doc), doc.slug


@pytest.mark.parametrize("purpose", ["Gi barn en tjeneste", "samarbeidet gir barn en tjeneste.",
                                     "'«plan og bygg» samler tjenesten.'"])
def test_a_purpose_is_a_whole_sentence(minimal, purpose):
    edit(minimal / AREA, "formål: 'Verdier", "formål_gammel: 'Verdier")
    edit(minimal / AREA, "formål_gammel:", f"formål: {purpose}\nmerknad:")
    with pytest.raises(InputError) as info:
        load_project(minimal)
    assert "skriv formålet som hele setninger" in str(info.value.problems[0])


def test_a_purpose_may_open_with_a_quoted_name(minimal):
    edit(minimal / AREA, "formål: 'Verdier", "formål_gammel: 'Verdier")
    edit(minimal / AREA, "formål_gammel:", "formål: '«Plan og bygg» samler tjenesten i én kommune.'\nmerknad:")
    assert load_project(minimal).omrader["plan"].formal.startswith("«Plan og bygg» samler")


def test_no_sentence_repeats_the_one_before(real):
    _, docs = real
    for doc in docs.values():
        sentences = [s.strip() for s in re.split(r"(?<=[.:])\s+", text(doc)) if len(s.strip()) > 30]
        for first, second in zip(sentences, sentences[1:]):
            assert first != second, (doc.slug, first)
        assert "i saker som ikke har prinsipiell betydning (kommuneloven" not in text(doc) or \
            text(doc).count("i saker som ikke har prinsipiell betydning") == 1, doc.slug


# -- 10. what is optional is left out when the data has none (issue 18) -------------------------

def test_a_framework_without_the_optional_provisions_leaves_them_out(minimal):
    from .conftest import edit
    framework = minimal / "avtaler/samarbeidsavtale.yaml"
    for line in ("indirekte_kostnader: Indirekte kostnader fordeles ikke.\n",
                 "samarbeidsorgan:\n  - kommunedirektørene\n",
                 "sammenslåing: Slår kommunene seg sammen, opphører avtalen.\n",
                 "vertskap:\n  prinsipp: Vertskap etter folketall.\n  metode: Testmetode.\n"
                 "  begrunnelse: Testbegrunnelse.\n"):
        edit(framework, line, "")
    project = load_project(minimal)
    docs = {d.slug: d for d in compose_all(project)}
    whole = text(docs["samarbeidsavtale"])
    for gone in ("Vertskommuneområder", "Sainte", "Samarbeidsorgan", "Sammenslåing av kommuner",
                 "Indirekte kostnader"):
        assert gone not in whole, gone
    assert ("Avtalen fastsetter de felles rammene for samarbeidet mellom deltakerkommunene og "
            "hvilke samarbeidsområder det omfatter.") in whole
    assert "Indirekte kostnader" not in text(docs["plan"])
    assert project.warnings == []  # no host-duty check without a principle to check against


def _marks_by_section(doc, marks: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """For each numbered section (level-1 heading) of `doc`: how many table rows carry each mark."""
    section, found = 0, {}
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            section += 1
        elif isinstance(block, Table):
            for row in block.rows:
                cells = " ".join(plain(cell) for cell in row)
                for mark in marks:
                    if f"({mark})" in cells:
                        found.setdefault(section, dict.fromkeys(marks, 0))[mark] += 1
    return found


def test_the_overview_says_in_which_sections_the_hosts_to_settle_stand(real):
    """«8 av områdene i drift» left the reader to look for them in every table; the overview
    now names the sections, and each count matches the rows marked in that section's table."""
    from samarbeid_docs.norsk import count_text, join_names
    _, documents = real
    overview = documents["oversikt"]
    intro = " ".join(text_lines(overview))
    assert "alle i punkt\u00a03" in intro  # a point is not parted from its number
    intro = intro.replace("\u00a0", " ")
    marks = _marks_by_section(overview, ("forslag", "kontrolleres"))
    for mark, said in (("forslag", "nye områder, "), ("kontrolleres", "områder som er i drift, ")):
        places = [(counts[mark], section) for section, counts in sorted(marks.items()) if counts[mark]]
        total = sum(n for n, _ in places)
        where = (f"alle i punkt {places[0][1]}" if len(places) == 1
                 else join_names([f"{count_text(n)} i punkt {s}" for n, s in places]))
        assert f"for {count_text(total)} {said}{where}. De er merket «{mark}» i tabellene." in intro
    assert "for åtte områder som er i drift, fem i punkt 2 og tre i punkt 4." in intro
    assert "for elleve nye områder, alle i punkt 3." in intro
    framework = documents["samarbeidsavtale"]
    assert "vertskommunen for åtte av områdene (se oversikten)" in framework.meta.banner


def test_a_reference_to_another_point_gives_its_number():
    """«se punktet om oppløsning» left the reader to search; a clause now writes
    {{ punkt("Oppløsning") }} and the document shows the heading's number, which is known only
    when every clause is in. A heading the document lacks is named instead."""
    from samarbeid_docs.tekst.klausuler import parse, reference
    blocks = parse(f"# Parter\n\n# Uttreden og oppløsning\n\n## Uttreden\n\n## Oppløsning\n\n"
                   f"Se {reference('oppløsning')}, {reference('Tvister')} og\n{reference('Parter')}.\n")
    assert plain(blocks[-1].runs) == "Se punkt\u00a02.2, punktet om tvister og punkt\u00a01."


def test_two_party_and_host_wording(real):
    project, docs = real
    nav = text(docs["nav"])
    assert "på vegne av samarbeidskommunen i saker" in nav and "samarbeidskommunene" not in nav
    # nothing more required by other acts is not said in a sentence of its own
    assert "Annen lov krever ikke" not in text(docs["barnevern"])
    from samarbeid_docs.tekst.saker import Case, compose_case
    host = "\n".join(text_lines(compose_case(project, Case("roros", "barnevern"))))
    assert ("Budsjettet for tjenesten innarbeides i kommunens årsbudsjett, med inntekter fra Os kommune "
            "og Holtålen kommune etter avtalens fordelingsnøkkel.") in host
    assert "Kommunens andel av kostnadene" not in host
    guest = "\n".join(text_lines(compose_case(project, Case("os", "barnevern"))))
    assert "Kommunens andel av kostnadene etter avtalens fordelingsnøkkel innarbeides" in guest
    nav_host = "\n".join(text_lines(compose_case(project, Case("roros", "nav"))))
    assert "tar imot myndigheten som Holtålen kommune delegerer" in nav_host


def test_a_key_phased_in_says_so_wherever_it_says_since_when(real):
    """The 2017 revision phased the key in over three years for child welfare and IMA: their
    agreements and the framework say so where they say since when the key has applied; an area
    without a phase-in does not."""
    _, docs = real
    assert "Kommunene har brukt denne nøkkelen siden 1. januar 2019, med innfasing over tre år." \
        in text(docs["barnevern"])
    assert "faset inn" not in body_without_history(docs["legevakt"])
    assert "For «Felles barnevernstjeneste» og «Intermediæravdeling og øyeblikkelig hjelp» ble " \
           "nøkkelen faset inn over tre år." in text(docs["samarbeidsavtale"])


def test_the_host_lists_use_one_separator_and_the_table_is_explained(real):
    """One title with a comma («Felles kontor for plan, miljø, …») makes every municipality's
    list use semicolons, so the lists read alike; the table says what it counts and how."""
    _, docs = real
    overview = text(docs["oversikt"])
    lists = [line for line in overview.splitlines()
             if line.startswith(("- Os kommune: ", "- Holtålen kommune: "))]
    assert len(lists) == 2 and all("; " in line and ", " not in line for line in lists), lists
    assert "Tabellen teller områder. Avtalen måler fordelingen i årsverk, men antall årsverk i " \
           "hvert område er ikke oppgitt." in overview


def test_a_merger_names_who_is_left_to_negotiate(real):
    _, docs = real
    assert "Slår to av deltakerne seg sammen, skal den nye kommunen og den tredje deltakeren " \
           "forhandle med sikte på å videreføre samarbeidet." in text(docs["barnevern"])
    assert "Slår de to kommunene seg sammen, opphører avtalen." in text(docs["ppt"])


def test_an_act_known_by_another_name_is_introduced_by_it(real):
    _, docs = real
    nav = text(docs["nav"])
    assert "(arbeids- og velferdsforvaltningsloven), LOV-2006-06-16-20, heretter kalt NAV-loven" in nav
    assert "heretter kalt" not in text(docs["barnevern"]).split("Oppgavene utføres")[1].split("\n\n")[0]


def test_free_text_set_inside_a_sentence_gets_one_full_stop(real_copy):
    """«erstatter» ends a sentence the template closes itself: a source that ends it with its own
    full stop must not give «..» in the agreement or the case papers."""
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "som ble opprettet\n  1. januar 2017\n",
         "som ble opprettet\n  1. januar 2017.\n")
    project = load_project(real_copy)
    text = "\n".join(text_lines(next(d for d in compose_all(project) if d.slug == "landbruk")))
    assert "som ble opprettet 1. januar 2017." in text and ".." not in text
    from samarbeid_docs.tekst.saker import Case, compose_case
    case = "\n".join(text_lines(compose_case(project, Case("os", "landbruk"))))
    assert "opprettet 1. januar 2017." in case and ".." not in case


def test_two_marked_areas_in_one_section_are_both(monkeypatch):
    """The overview says «begge i punkt 2», not «alle», when two areas there are marked."""
    from samarbeid_docs.tekst import kontekst
    monkeypatch.setattr(kontekst, "_unsettled", lambda area, status: True)
    two = kontekst._marked_text([object()] * 2, [{"merket": {"ny": 2}}], "foreslatte", "ny", True)
    four = kontekst._marked_text([object()] * 4, [{"merket": {"ny": 4}}], "foreslatte", "ny", True)
    assert two["foreslatte_hvor"] == "begge i punkt 2" and four["foreslatte_hvor"] == "alle i punkt 2"


def test_an_overview_of_one_area_says_so_in_the_singular(minimal):
    overview = next(d for d in compose_all(load_project(minimal)) if d.slug == "oversikt")
    assert "Oversikten viser samarbeidsområdet i «Samarbeidsavtale mellom Røros og Holtålen»" in text(overview)
    framework = next(d for d in compose_all(load_project(minimal)) if d.slug == "samarbeidsavtale")
    assert "Området er ordnet i én gruppe." in text(framework)

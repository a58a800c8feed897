"""What the law requires of the agreements, checked in the data and in the rendered text.

* kommuneloven § 20-4 third paragraph, letters a–i (and the fourth paragraph for the model with
  a joint board, § 20-3): each letter is checked in the area's data *and* in the text the clause
  templates produced, so a template that drops a clause is caught as well as a file that lacks
  the facts.
* References to the repealed 1992 act (§ 28-1 b and its siblings) in sources and templates.
* Tasks that have moved from the municipalities to the state (tax collection, 2020).
* The adoption records: councils that take part, dates in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import norsk
from ..feil import Problem, error, warning
from ..kilder import malsett
from ..kilder.modell import Omrade
from .kontekst import transfer_heading
from ..kilder.prosjekt import AREAS, FRAMEWORK, PARTIES, Project
from .dokument import Document, Heading, plain, text_lines
from .livslop import stage
from .roller import stale_roles

SECTION = "§\u00a020-4"


@dataclass(frozen=True)
class Requirement:
    """One letter of § 20-4: what it asks for, how the data and the text show it."""

    letter: str
    asks: str
    fix: str
    key: str
    in_data: Callable[[Omrade, Project], bool]
    in_text: Callable[[str, list[str], Omrade, Project], bool]


def _flat(text: str) -> str:
    """Text compared as a reader sees it: any run of spaces (non-breaking too) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2011", "-")).strip()


def _names(area: Omrade, project: Project) -> list[str]:
    return [project.kommuner[p].offisielt_navn for p in area.deltakere if p in project.kommuner]


# The headings and phrases the clause sets use for each letter, in both written standards: the
# rendered text of an agreement is checked in its own standard.
PHRASES = norsk.Words({
    "parter": "Parter", "er_vert": "er vertskommune",
    "oppgaver": "Oppgaver som legges til vertskommunen",
    "myndighet": "Myndighet som legges til vertskommunen",
    "myndighet_nemnd": "Myndighet som legges til nemnda",
    "overfores": "overføres til vertskommunen", "allerede": "ligger allerede hos vertskommunen",
    "underretning": "Underretning og rapportering", "underrette": "underrette",
    "oppgjor": "Økonomisk oppgjør", "nokkel": "Fordelingsnøkkel",
    "uttreden": "Uttreden", "si_opp": "si opp avtalen",
    "opplosning": "Oppløsning", "oppl_oses": "oppløses",
    "endringer": "Endringer",
}, {
    "parter": "Partar", "er_vert": "er vertskommune",
    "oppgaver": "Oppgåver som blir lagde til vertskommunen",
    "myndighet": "Mynde som blir lagt til vertskommunen",
    "myndighet_nemnd": "Mynde som blir lagt til nemnda",
    "overfores": "blir overførte til vertskommunen", "allerede": "ligg allereie hos vertskommunen",
    "underretning": "Underretting og rapportering", "underrette": "underrette",
    "oppgjor": "Økonomisk oppgjer", "nokkel": "Fordelingsnøkkel",
    "uttreden": "Uttreding", "si_opp": "seie opp avtalen",
    "opplosning": "Oppløysing", "oppl_oses": "oppløysast",
    "endringer": "Endringar",
})
P = PHRASES

REQUIREMENTS = [
    Requirement("a", "deltakerne i samarbeidet", "før opp minst to kommuner under deltakere",
                "deltakere",
                lambda a, p: len(a.deltakere) >= 2,
                lambda t, h, a, p: P["parter"] in h and all(_flat(n) in _flat(t) for n in _names(a, p))),
    Requirement("b", "hvem av deltakerne som er vertskommune",
                "sett vertskommune: til en av deltakerne", "vertskommune",
                lambda a, p: a.vertskommune is not None,
                lambda t, h, a, p: f"{p.kommuner[a.vertskommune].offisielt_navn} {P['er_vert']}" in t),
    Requirement("c", "hvilke oppgaver og hvilken myndighet som legges til vertskommunen",
                "før opp oppgavene under oppgaver (og myndigheten under myndighet)", "oppgaver",
                lambda a, p: bool(a.oppgaver),
                lambda t, h, a, p: P["oppgaver"] in h
                and (P["myndighet"] in h or (a.has_board and P["myndighet_nemnd"] in h))
                and all(_flat(o) in _flat(t) for o in a.oppgaver)),
    Requirement("d", "når oppgaver og myndighet overføres",
                "sett overføring: (dato), eller bruk status eksisterende/ny", "overføring",
                lambda a, p: True,
                lambda t, h, a, p: transfer_heading(bool(a.myndighet)) in h
                and (P["overfores"] in t or P["allerede"] in t)),
    Requirement("e", "hvilke av vertskommunens vedtak deltakerne skal underrettes om",
                "før opp vedtakene under underretning", "underretning",
                lambda a, p: True,
                lambda t, h, a, p: P["underretning"] in h and P["underrette"] in t
                and all(_flat(u) in _flat(t) for u in a.underretning)),
    Requirement("f", "hvordan det økonomiske oppgjøret mellom samarbeidskommunene og "
                     "vertskommunen skal foregå", "angi kostnader: (modell) eller bruk "
                                                  "samarbeidsavtalens", "kostnader",
                lambda a, p: True,
                lambda t, h, a, p: P["oppgjor"] in h and P["nokkel"] in h),
    Requirement("g", "hvordan deltakerne kan tre ut av samarbeidet",
                "angi oppsigelsesfrist_måneder (standard: 12)", "oppsigelsesfrist_måneder",
                lambda a, p: True,
                lambda t, h, a, p: P["uttreden"] in h and P["si_opp"] in t),
    Requirement("h", "hvordan samarbeidet skal oppløses", "klausulen om oppløsning", "tittel",
                lambda a, p: True,
                lambda t, h, a, p: P["opplosning"] in h and P["oppl_oses"] in t),
    Requirement("i", "annet som etter lov skal fastsettes i avtale",
                "før opp kravet under avtalekrav for loven i avtaler/lover.yaml", "lover",
                lambda a, p: True,
                # what other acts require stands in the text; with nothing required, nothing is said
                lambda t, h, a, p: P["endringer"] in h
                and all(_flat(k.tekst) in _flat(t) for key in a.lover for k in p.lover[key].avtalekrav)),
]

TEMPLATE_OF = {"delavtale": "delavtale.md.j2"}


def _board_short(area: Omrade, project: Project) -> list[str]:
    """Each participant with fewer than two members in the board, said as «Holtålen har 1»."""
    members = area.nemnd_medlemmer or {}
    short = []
    for party in area.deltakere:
        count = members.get(party, 0)
        if count < 2:
            name = project.kommuner[party].navn if party in project.kommuner else party
            short.append(f"{name} har {count}" if count else f"{name} mangler")
    return short


# -- checks on the sources -------------------------------------------------------------------

def check_sources(project: Project) -> list[Problem]:
    """Checks that need only the data: § 20-4 facts, state transfers, adoption records."""
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        shown = f"{AREAS}/{slug}.yaml"
        if area.is_host_model and area.status != "avviklet":
            for req in REQUIREMENTS:
                if not req.in_data(area, project):
                    line, column = project.where(shown, req.key)
                    problems.append(error(shown, f"mangler {SECTION} bokstav {req.letter}: "
                                                 f"{req.asks}; {req.fix}", line=line, column=column))
            short = _board_short(area, project) if area.has_board else []
            if short:
                line, column = project.where(shown, "nemnd_medlemmer")
                problems.append(error(shown, f"mangler {SECTION} fjerde ledd: hvor mange "
                                             "medlemmer hver deltaker har i nemnda; før opp minst "
                                             "to per deltaker under nemnd_medlemmer ("
                                             f"{norsk.join_names(short)})",
                                      line=line, column=column))
        problems += _state_transfers(project, slug, area, shown)
        problems += _adoption(project, shown, area.behandling, area.deltakere,
                              ("behandling",), area.status)
    fw = project.rammeavtale
    problems += _adoption(project, FRAMEWORK, fw.behandling, list(fw.parter), ("behandling",),
                          "eksisterende")
    problems += old_law_references(project.root)
    problems += dated_law_references(project)
    problems += delegated_authority(project)
    problems += board_not_principal(project)
    problems += dates_in_the_past(project)
    problems += blanks_before_adoption(project)
    problems += proposed_host_adopted(project)
    problems += adopted_before_framework(project)
    problems += host_duty(project)
    problems += stale_roles(project)
    problems += framework_party_term(project.root)
    problems += statutory_tasks(project)
    problems += overlapping_authority(project)
    problems += deferred_tasks(project)
    problems += budget_population(project)
    problems += population_jumps(project)
    from .malform import mixed_standard
    problems += mixed_standard(project)
    return problems


# A municipality's population grows or shrinks by a few per cent a year; a figure a fifth
# above or below the one before, per year between them, is most likely a typing error (a
# digit too many) or another municipality's figure. A merger makes a new municipality.
YEARLY_CHANGE = 0.2


def population_jumps(project: Project) -> list[Problem]:
    """Warn where a municipality's population figure moves implausibly from the one before."""
    problems: list[Problem] = []
    for key, party in project.kommuner.items():
        figures = sorted(party.folketall, key=lambda f: f.per)
        for before, after in zip(figures, figures[1:]):
            years = max(1.0, (after.per - before.per).days / 365.25)
            factor = after.antall / before.antall
            if abs(factor - 1) <= YEARLY_CHANGE * years:
                continue
            line, column = project.where(PARTIES, "kommuner", key)
            problems.append(warning(
                PARTIES, f"folketallet for {party.navn} går fra {norsk.number(before.antall)} per "
                         f"{norsk.date_text(before.per)} til {norsk.number(after.antall)} per "
                         f"{norsk.date_text(after.per)}, mer enn en kommune vanligvis endrer seg; "
                         "sjekk tallet mot kilden (et siffer for mye, eller en annen kommunes tall)",
                line=line, column=column))
            break  # one wrong figure moves away from the one before and back: said once
    return problems


def budget_population(project: Project) -> list[Problem]:
    """Warn where an area's budget table is computed with other population figures than the
    agreements' own rule gives for that budget year («folketallet per 1. januar året før
    budsjettåret»): the document would state the rule and then break it."""
    from .kontekst import key_components, population_date, rule_date
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status == "avviklet" or area.budsjett is None:
            continue
        model = area.kostnader or project.rammeavtale.kostnader
        if not any(c.basis == "folketall" for c in key_components(model, {p: 1 for p in area.deltakere})):
            continue  # the key does not use population figures
        used, wanted = population_date(project, area.deltakere), rule_date(project, area.budsjett.aar)
        if used is None or used == wanted:
            continue
        shown = f"{AREAS}/{slug}.yaml"
        line, column = project.where(shown, "budsjett", "år")
        pinned = project.rammeavtale.folketall_per is not None
        problems.append(warning(
            shown, f"budsjettet for {area.budsjett.aar} skal etter samarbeidsavtalen fordeles med "
                   f"folketallet per {norsk.date_text(wanted)}, men tabellen regnes med folketallet "
                   f"per {norsk.date_text(used)}"
                   + (" (folketall_per i samarbeidsavtale.yaml)" if pinned else
                      ", de nyeste tallene kildene har for alle deltakerne")
                   + f": hent tallene med «samarbeid folketall hent --år {wanted.year}»"
                   + (" og sett folketall_per til dem" if pinned else "")
                   + ", eller rett budsjettåret",
            line=line, column=column))
    return problems


# -- the time frame: which act a dated text may cite ------------------------------------------

# Kommuneloven 2018 chapter 20 applied in every municipality from its constituent meeting in
# autumn 2019, at the latest by 1 November 2019 (regjeringen.no, «Kommuneloven (2018)»); the
# date in avtaler/lover.yaml (i_kraft of LOV-2018-06-22-83) takes precedence.
ACT_2018 = "LOV-2018-06-22-83"
ACT_2018_IN_FORCE = date(2019, 11, 1)
NEW_REFERENCE = re.compile(r"§§?\s*20\s*-\s*\d+|kapittel\s+20\b|kommuneloven\s+(?:av\s+)?2018", re.I)


def act_2018_in_force(project: Project) -> date:
    law = next((law for law in project.lover.values() if law.id == ACT_2018), None)
    return law.i_kraft if law is not None and law.i_kraft else ACT_2018_IN_FORCE


def dated_law_references(project: Project) -> list[Problem]:
    """A text cites the act in force on its date: the 1992 act (§ 28-1 b …) before the 2018
    act took effect, chapter 20 after. The agreements' own text is dated by the framework's
    `dato`; each history entry by its own date."""
    cutoff = act_2018_in_force(project)
    fw = project.rammeavtale
    problems: list[Problem] = []
    if fw.dato < cutoff:
        line, column = project.where(FRAMEWORK, "dato")
        problems.append(error(FRAMEWORK, f"avtalen er datert {norsk.date_text(fw.dato)}, før "
                                         "kommuneloven 2018 gjaldt "
                                         f"({norsk.date_text(cutoff)}), men avtaletekstene viser "
                                         "til kommuneloven kapittel 20; sett dato til datoen for "
                                         "denne versjonen, og før den gamle avtalen opp under "
                                         "historikk", line=line, column=column))
    entries = [(FRAMEWORK, ("historikk", i), e) for i, e in enumerate(fw.historikk)]
    for slug, area in project.omrader.items():
        entries += [(f"{AREAS}/{slug}.yaml", ("historikk", i), e)
                    for i, e in enumerate(area.historikk)]
    for shown, path, entry in entries:
        old = OLD_LETTERED.search(entry.tekst) or OLD_BARE.search(entry.tekst)
        new = NEW_REFERENCE.search(entry.tekst)
        before = entry.dato < cutoff if entry.dato else entry.aar < cutoff.year
        after = entry.dato >= cutoff if entry.dato else entry.aar > cutoff.year
        line, column = project.where(shown, *path, "tekst")
        when = norsk.date_text(entry.dato) if entry.dato else str(entry.aar)
        if old and after:
            problems.append(error(shown, f"hendelsen er fra {when}, da kommuneloven av 1992 var "
                                         f"opphevet, men viser til «{old.group(0).strip()}»; vis "
                                         "til kommuneloven 2018 kapittel 20", line=line,
                                  column=column))
        if new and before:
            problems.append(error(shown, f"hendelsen er fra {when}, før kommuneloven 2018 gjaldt, "
                                         f"men viser til «{new.group(0).strip()}»; vis til "
                                         "kommuneloven (1992) § 28-1 b eller c, som gjaldt da",
                                  line=line, column=column))
    return problems


def dates_in_the_past(project: Project) -> list[Problem]:
    """No date before the agreement's own date may be presented as a future step."""
    fw = project.rammeavtale
    problems: list[Problem] = []
    if fw.i_kraft and fw.i_kraft < fw.dato:
        line, column = project.where(FRAMEWORK, "i_kraft")
        problems.append(error(FRAMEWORK, f"i_kraft ({norsk.date_text(fw.i_kraft)}) ligger før "
                                         f"avtalens dato ({norsk.date_text(fw.dato)}); fjern "
                                         "i_kraft (avtalen trer da i kraft når alle har vedtatt "
                                         "den) eller sett en senere dato", line=line, column=column))
    for i, entry in enumerate(fw.historikk):
        if entry.dato and entry.dato > fw.dato:
            line, column = project.where(FRAMEWORK, "historikk", i, "dato")
            problems.append(error(FRAMEWORK, f"historikken har en hendelse "
                                             f"{norsk.date_text(entry.dato)}, etter avtalens dato "
                                             f"({norsk.date_text(fw.dato)}); historikken kan bare "
                                             "vise det som har skjedd", line=line, column=column))
    for slug, area in project.omrader.items():
        shown = f"{AREAS}/{slug}.yaml"
        moving = area.status == "ny" or area.vertskommune_i_dag is not None  # to a new host
        if moving and area.overforing and area.overforing <= fw.dato:
            line, column = project.where(shown, "overføring")
            problems.append(error(shown, f"overføringen {norsk.date_text(area.overforing)} ligger "
                                         "ikke etter avtalens dato "
                                         f"({norsk.date_text(fw.dato)}); sett en senere dato, "
                                         "eller fjern overføring så regelen for nye områder "
                                         "gjelder", line=line, column=column))
        if area.status == "eksisterende" and area.overforing and area.vertskommune_i_dag is None:
            line, column = project.where(shown, "overføring")
            problems.append(error(shown, "et område i drift har allerede oppgavene hos "
                                         "vertskommunen; fjern overføring, sett status: ny, eller "
                                         "sett vertskommune_i_dag hvis avtalen flytter vertskapet",
                                  line=line, column=column))
    return problems


def blanks_before_adoption(project: Project) -> list[Problem]:
    """An agreement with facts left blank cannot go to the councils; one whose organisation
    numbers or population figures rest on a secondary source gets a warning."""
    from .kontekst import blanks, unverified
    fw = project.rammeavtale
    agreements = [(FRAMEWORK, fw.behandling, list(fw.parter))]
    agreements += [(f"{AREAS}/{slug}.yaml", a.behandling, a.deltakere)
                   for slug, a in project.omrader.items()
                   if a.is_host_model and a.status != "avviklet"]
    problems: list[Problem] = []
    for shown, behandling, participants in agreements:
        if stage(behandling, participants).code == "utkast":
            continue
        if not all(p in project.kommuner for p in participants):
            continue
        missing = blanks(project, participants)
        line, column = project.where(shown, "behandling")
        if missing:
            problems.append(error(shown, "avtalen er sendt til behandling, men mangler "
                                         f"{norsk.join_names(missing)}; fyll inn i "
                                         "avtaler/kommuner.yaml før den går til kommunestyrene",
                                  line=line, column=column))
        unchecked = unverified(project, participants)
        if unchecked:
            problems.append(warning(shown, "avtalen er sendt til behandling, men bygger på "
                                           "sekundærkilder: kontroller "
                                           f"{norsk.join_names(unchecked)}, og fjern «sekundær: true» "
                                           "fra kildene i avtaler/kommuner.yaml når det er gjort",
                                    line=line, column=column))
    return problems


def adopted_before_framework(project: Project) -> list[Problem]:
    """A sub-agreement adopted by a council that has not adopted the framework: the two are
    the agreement under § 20-4 together (the sub-agreement says so), so the council has
    adopted only half of it, and the notice to the statsforvalter would go out on that."""
    fw = project.rammeavtale
    framework = stage(fw.behandling, list(fw.parter)).adopted
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status == "avviklet":
            continue
        early = [project.kommuner[k].navn for k in stage(area.behandling, area.deltakere).adopted
                 if k in project.kommuner and k in fw.parter and k not in framework]
        if early:
            shown = f"{AREAS}/{slug}.yaml"
            line, column = project.where(shown, "behandling")
            problems.append(warning(shown, norsk.say(
                f"delavtalen er vedtatt av kommunestyrene i {norsk.join_names(early)}, men det er ikke "
                "ført inn at de har vedtatt samarbeidsavtalen. Delavtalen bygger på "
                "samarbeidsavtalen, og bestemmelsene der binder ikke kommunene før de har vedtatt "
                f"den. Før inn vedtakene under «behandling» i {FRAMEWORK} når de er gjort, og send "
                "ikke meldingen til statsforvalteren før det er på plass",
                f"delavtalen er vedteken av kommunestyra i {norsk.join_names(early)}, men det er ikkje "
                "ført inn at dei har vedteke samarbeidsavtalen. Delavtalen byggjer på "
                "samarbeidsavtalen, og føresegnene der bind ikkje kommunane før dei har vedteke "
                f"han. Før inn vedtaka under «behandling» i {FRAMEWORK} når dei er gjorde, og send "
                "ikkje meldinga til statsforvaltaren før det er på plass"), line=line, column=column))
    return problems


def proposed_host_adopted(project: Project) -> list[Problem]:
    """An agreement adopted by every council while its host is still marked as only proposed:
    the documents would go on saying «forslag» about a host the councils have agreed."""
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.vertskommune_status != "foreslått" or \
                stage(area.behandling, area.deltakere).code not in ("vedtatt", "i_kraft"):
            continue
        shown = f"{AREAS}/{slug}.yaml"
        councils = norsk.join_names([project.kommuner[v.kommune].navn for v in area.behandling.vedtak
                                     if v.kommune in project.kommuner])
        line, column = project.where(shown, "vertskommune_status" if "vertskommune_status" in
                                     area.model_fields_set else "vertskommune")
        problems.append(warning(shown, f"vertskommunen står som foreslått, men avtalen er vedtatt i "
                                       f"{councils}; sett vertskommune_status: avtalt, med vedtaket som "
                                       "vertskommune_kilde, så sier dokumentene ikke lenger «forslag»",
                                line=line, column=column))
    return problems


# -- delegated authority (kommuneloven § 20-2) -----------------------------------------------

SOMEONE_ELSE_DECIDES = re.compile(
    r"\b(treffes|avgjøres|vedtas|tildeles|fastsettes|gjøres)\s+(av|etter)\s+(den enkelte|hver|"
    r"den kommunen|kommunen|kommunestyret|kommunene)\b|\bvedtar\s+selv\b|\bingen myndighet\b|"
    r"\b(hver|den enkelte)\s+kommunes?\s+(vedtar|bestemmer|avgjør|fastsetter)\b", re.I)
LEADS_OTHERS = re.compile(r"\b(lede|ledelse|instruere|instruksjon)\b", re.I)


_NOT_PRINCIPAL = re.compile(r"\b(?:ikke|ikkje)\s+(?:er\s+|har\s+)?(?:av\s+)?prinsipiell\s+betydning", re.I)


def board_not_principal(project: Project) -> list[Problem]:
    """A board's authority limited to matters of no principal importance: the agreement says the
    board decides «også i saker av prinsipiell betydning», and it is the board that may leave the
    other matters to the chief executive of the host (kommuneloven § 20-3 andre ledd)."""
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.has_board or area.status == "avviklet":
            continue
        for i, item in enumerate(area.myndighet):
            if _NOT_PRINCIPAL.search(item):
                shown = f"{AREAS}/{slug}.yaml"
                line, column = project.where(shown, "myndighet", i)
                problems.append(warning(shown, f"myndighet[{i}] begrenser nemnda til saker uten "
                                               "prinsipiell betydning, men avtalen sier at nemnda også "
                                               "treffer vedtak i saker av prinsipiell betydning. Stryk "
                                               "begrensningen: det er nemnda som kan gi kommunedirektøren "
                                               "i vertskommunen saker uten prinsipiell betydning "
                                               "(kommuneloven § 20-3 andre ledd)",
                                        line=line, column=column))
    return problems


def delegated_authority(project: Project) -> list[Problem]:
    """What the host may decide (`myndighet`) is only what it decides itself, and never more
    than chapter 20 allows: it cannot lead or instruct another municipality's staff."""
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status == "avviklet":
            continue
        shown = f"{AREAS}/{slug}.yaml"
        for i, item in enumerate(area.myndighet):
            found = SOMEONE_ELSE_DECIDES.search(item), LEADS_OTHERS.search(item)
            if not any(found):
                continue  # the file's positions are looked up only for a message
            line, column = project.where(shown, "myndighet", i)
            if found[0]:
                problems.append(error(shown, f"myndighet[{i}] sier at noen andre enn "
                                             "vertskommunen treffer vedtaket; under myndighet "
                                             "står bare det vertskommunen avgjør selv. Flytt "
                                             "det kommunene beholder til forbeholdt, og oppgaver "
                                             "vertskommunen bare utfører til oppgaver",
                                      line=line, column=column))
            else:
                problems.append(error(shown, f"myndighet[{i}] gir vertskommunen ledelse eller "
                                             "instruksjon, som kommuneloven kapittel 20 ikke gir "
                                             "over ansatte i en annen kommune; beskriv oppgaven "
                                             "under oppgaver, og legg ledelsen av egne ansatte "
                                             "under forbeholdt", line=line, column=column))
    return problems


def statutory_tasks(project: Project) -> list[Problem]:
    """Warn where a host cooperation names no act under `lover`: kommuneloven chapter 20 is for
    tasks the law lays on the municipalities (§ 20-1, «lovpålagte oppgaver»). Either the act
    that lays the tasks on them is missing from the source, or the tasks are not statutory and
    the municipalities may agree on them without chapter 20, for instance as a purchase of
    services from the host (which kommuneloven does not regulate)."""
    problems = []
    for slug, area in project.omrader.items():
        if area.is_host_model and area.status != "avviklet" and not area.lover:
            shown = f"{AREAS}/{slug}.yaml"
            line, column = project.where(shown, "form")
            problems.append(warning(shown, "området er vertskommunesamarbeid, men viser ikke til noen "
                                           "lov under lover. Kommuneloven kapittel 20 gjelder lovpålagte "
                                           "oppgaver (§ 20-1): før opp loven som pålegger kommunene "
                                           "oppgavene, eller, er de ikke lovpålagte, avtal samarbeidet "
                                           "uten kapittel 20, for eksempel som kjøp av tjenester fra "
                                           "vertskommunen",
                                    line=line, column=column))
    return problems


# a task whose content is left to a later agreement between the municipalities or their staff
DEFERRED = re.compile(r"\b(?:blir|bli|vert) (?:enige|einige|samde) om\b|"
                      r"\b(?:avtales|fastsettes|bestemmes) senere\b|"
                      r"\b(?:avtalast|fastsetjast|bestemmast) seinare\b", re.I)


def deferred_tasks(project: Project) -> list[Problem]:
    """Warn where a task leaves it to a later agreement what the host is to do («… som kommunene
    blir enige om i samarbeidsorganet»): kommuneloven § 20-4 third paragraph letter c asks the
    agreement itself to say which tasks go to the host, and the second paragraph has each
    council adopt changes to it, so the tasks cannot be settled later by the administration."""
    problems: list[Problem] = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status == "avviklet":
            continue
        for i, item in enumerate(area.oppgaver):
            found = DEFERRED.search(item)
            if not found:
                continue
            shown = f"{AREAS}/{slug}.yaml"
            line, column = project.where(shown, "oppgaver", i)
            problems.append(warning(
                shown, f"oppgaver[{i}] lar det stå åpent hvilke oppgaver vertskommunen får "
                       f"(«{found.group(0)}»). Avtalen må selv si hvilke oppgaver som legges til "
                       f"vertskommunen ({SECTION} tredje ledd bokstav c), og en endring må vedtas "
                       "av kommunestyrene (andre ledd): før opp oppgavene, eller legg dem i et "
                       "vedlegg som vedtas sammen med avtalen",
                line=line, column=column))
    return problems


DECISION = re.compile(r"vedtak", re.I)


def overlapping_authority(project: Project) -> list[Problem]:
    """Warn where two host cooperations with different hosts both take decisions under the same
    act: an applicant, and each council that delegates, must be able to tell which host decides
    a case (kommuneloven § 20-2 andre ledd delegates a defined authority). The warning stands at
    the later area's `myndighet`, naming the earlier one, once per pair of areas. It is a warning,
    not an error: two texts that already draw the line between them still raise it."""
    deciding: dict[str, list[tuple[str, Omrade]]] = {}
    for slug, area in project.omrader.items():
        if (area.is_host_model and area.status != "avviklet" and area.vertskommune
                and any(DECISION.search(item) for item in area.myndighet)):
            for law in area.lover:
                deciding.setdefault(law, []).append((slug, area))
    problems: list[Problem] = []
    flagged: set[tuple[str, str]] = set()
    for law, areas in deciding.items():
        for i, (slug, area) in enumerate(areas):
            for earlier_slug, earlier in areas[:i]:
                if earlier.vertskommune == area.vertskommune or (earlier_slug, slug) in flagged:
                    continue
                flagged.add((earlier_slug, slug))
                shown = f"{AREAS}/{slug}.yaml"
                index = next(j for j, item in enumerate(area.myndighet) if DECISION.search(item))
                line, column = project.where(shown, "myndighet", index)
                act = project.lover[law].kort if law in project.lover else law
                hosts = project.kommuner
                problems.append(warning(
                    shown, f"myndighet legger vedtak etter {act} til "
                           f"{hosts[area.vertskommune].navn}, og «{earlier.tittel}» "
                           f"({AREAS}/{earlier_slug}.yaml) legger vedtak etter samme lov til "
                           f"{hosts[earlier.vertskommune].navn}. Skriv i myndighet i begge "
                           "filene hvilke vedtak hver vertskommune treffer, så det ikke er tvil "
                           "om hvem som avgjør en sak, eller legg vedtakene til den ene og "
                           "beskriv det den andre gjør, under oppgaver",
                    line=line, column=column))
    return problems


def host_duty(project: Project) -> list[Problem]:
    """Warn when a municipality hosts clearly more or fewer areas than population warrants."""
    from .kontekst import host_table
    if project.rammeavtale.vertskap is None:
        return []  # no principle for sharing the host duty: nothing to measure against
    limit = project.rammeavtale.vertskap.tillatt_avvik
    line, column = project.where(FRAMEWORK, "vertskap")
    problems = []
    for share in host_table(project):
        if abs(share.deviation) > limit:
            name = project.kommuner[share.key].navn
            problems.append(warning(FRAMEWORK, f"{name} er vertskommune for {share.hosted} områder, "
                                               f"men en rimelig fordeling etter folketall "
                                               f"(Sainte-Laguë) gir {share.target}; avviket er "
                                               f"større enn tillatt ({limit}). Flytt vertskap, "
                                               "eller forklar det i vertskap.begrunnelse og øk "
                                               "vertskap.tillatt_avvik", line=line, column=column))
    return problems


STATE_TRANSFERS = [
    (re.compile(r"kemner|skatteoppkrev|arbeidsgiverkontroll", re.I), date(2020, 11, 1),
     "skatteoppkreverfunksjonen (med arbeidsgiverkontrollen) ble overført fra kommunene til "
     "Skatteetaten"),
]


def _state_transfers(project: Project, slug: str, area: Omrade, shown: str) -> list[Problem]:
    text = " ".join([area.tittel, *area.oppgaver])
    problems = []
    for pattern, when, what in STATE_TRANSFERS:
        if pattern.search(text) and area.status != "avviklet":
            line, column = project.where(shown, "status")
            problems.append(error(shown, f"{what} {norsk.date_text(when)}; sett status: avviklet "
                                         "med en blokk avviklet (dato, grunn, kilde)",
                                  line=line, column=column))
    return problems


def today() -> date:
    """The date the checks compare recorded decisions with (SAMARBEID_DATO=ÅÅÅÅ-MM-DD sets it,
    for tests and for checking sources as they will stand on a later day)."""
    import os
    given = os.environ.get("SAMARBEID_DATO")
    try:
        return date.fromisoformat(given) if given else date.today()
    except ValueError:
        return date.today()


def _adoption(project: Project, shown: str, behandling, participants: list[str], path: tuple,
              status: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    fw_date = project.rammeavtale.dato
    for i, record in enumerate(behandling.vedtak):
        line, column = project.where(shown, *path, "vedtak", i)
        if record.kommune not in project.kommuner:
            problems.append(error(shown, f"ukjent kommune '{record.kommune}'; den må stå i "
                                         "avtaler/kommuner.yaml", line=line, column=column))
            continue
        name = project.kommuner[record.kommune].navn
        if record.kommune not in participants:
            problems.append(error(shown, f"{name} deltar ikke i avtalen; vedtaket hører ikke "
                                         "hjemme her", line=line, column=column))
        if record.kommune in seen:
            problems.append(error(shown, f"{name} har to vedtak; behold det siste gyldige",
                                  line=line, column=column))
        seen.add(record.kommune)
        if record.dato < fw_date:
            problems.append(error(shown, f"vedtaket i {name} ({norsk.date_text(record.dato)}) er "
                                         f"datert før avtaleteksten ({norsk.date_text(fw_date)})",
                                  line=line, column=column))
        if record.dato > today():
            problems.append(warning(shown, f"vedtaket i {name} er datert "
                                           f"{norsk.date_text(record.dato)}, etter dagens dato "
                                           f"({norsk.date_text(today())}); før inn et vedtak når "
                                           "kommunestyret har fattet det", line=line, column=column))
        if behandling.sendt and record.dato < behandling.sendt:
            problems.append(error(shown, f"vedtaket i {name} ({norsk.date_text(record.dato)}) er "
                                         "datert før avtalen ble sendt til behandling "
                                         f"({norsk.date_text(behandling.sendt)})",
                                  line=line, column=column))
    if behandling.i_kraft:
        line, column = project.where(shown, *path, "i_kraft")
        where = stage(behandling, participants)
        if where.missing:
            names = norsk.join_names([project.kommuner[p].navn for p in where.missing])
            problems.append(error(shown, f"i_kraft er satt, men {names} har ikke vedtatt avtalen; "
                                         "avtalen kan ikke tre i kraft før alle har vedtatt den",
                                  line=line, column=column))
        latest = max((r.dato for r in behandling.vedtak), default=None)
        if latest and behandling.i_kraft < latest:
            problems.append(error(shown, f"avtalen kan ikke tre i kraft "
                                         f"{norsk.date_text(behandling.i_kraft)}, før det siste "
                                         f"vedtaket ({norsk.date_text(latest)})",
                                  line=line, column=column))
    return problems


# -- references to the repealed 1992 act -----------------------------------------------------

OLD_LETTERED = re.compile(r"(?:kommunelovens?\s+)?§§?\s*28(?:\s*-\s*1\s*|\s*,\s*1\s*|\s+)([a-k])\b",
                          re.I)
OLD_BARE = re.compile(r"kommunelovens?\s+§\s*28\b(?!\s*-\s*\d)", re.I)
CURRENT = {"a": "kommuneloven § 20-1", "b": "kommuneloven § 20-2", "c": "kommuneloven § 20-3",
           "e": "kommuneloven § 20-4"}
SOFT_TERMS = [(re.compile(r"\brådm[ae]nn(en|ene)?\b", re.I), "rådmann",
               "kommunedirektør (kommuneloven § 13-1)"),
              (re.compile(r"\bfylkesm[ae]nn(en|ene)?\b", re.I), "fylkesmann", "statsforvalteren"),
              # the 1992 act's «selskapskontroll» (§ 77 nr. 5) is the 2018 act's eierskapskontroll
              (re.compile(r"\bselskapskontroll(en)?\b", re.I), "selskapskontroll",
               "eierskapskontroll (kommuneloven § 23-4)")]


def _history_lines(lines: list[str]) -> set[int]:
    """Line numbers (1-based) inside a top-level `historikk:` block of a YAML file."""
    inside, numbers = False, set()
    for number, line in enumerate(lines, start=1):
        if re.match(r"^\S", line):
            inside = line.startswith("historikk:")
        if inside:
            numbers.add(number)
    return numbers


def old_law_references(root: Path) -> list[Problem]:
    """Flag references to the 1992 act in sources and templates (unless marked '1992')."""
    problems: list[Problem] = []
    files = sorted((root / "avtaler").rglob("*.yaml")) + _clause_files(root)
    for path in files:
        shown = malsett.shown(root, path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports unreadable files
        history = _history_lines(lines)
        for number, line in enumerate(lines, start=1):
            if number in history:
                continue  # dated history: dated_law_references judges it by its own date
            found = list(OLD_LETTERED.finditer(line))
            spans = [m.span() for m in found]
            found += [m for m in OLD_BARE.finditer(line)
                      if not any(a <= m.start() < b for a, b in spans)]
            for match in sorted(found, key=lambda m: m.start()):
                if "1992" in line[max(0, match.start() - 60):match.start()]:
                    continue
                letter = match.group(1).lower() if match.re is OLD_LETTERED else ""
                current = CURRENT.get(letter, "kommuneloven kapittel 20 (vertskommune)")
                problems.append(error(shown, f"«{match.group(0).strip()}» viser til kommuneloven av "
                                             f"1992, som er opphevet; bruk {current}",
                                      line=number, column=match.start() + 1))
            quoted = [m.span() for m in re.finditer(r"«[^»]*»", line)]
            for pattern, old, new in SOFT_TERMS:
                for match in pattern.finditer(line):
                    if any(a <= match.start() < b for a, b in quoted) or "statsforvalteren" in line:
                        continue  # a quotation, or a line that explains the renaming
                    problems.append(warning(shown, f"«{match.group(0)}» er en eldre betegnelse; "
                                                   f"bruk {new}", line=number,
                                            column=match.start() + 1))
    return problems


# «samarbeidskommune» is kommuneloven § 20-1's word for the municipalities that delegate to the
# host; the framework calls every party «deltakerkommune» (its point 1, bokmål and nynorsk)
STATUTORY_TERM = re.compile(r"\bsamarbeidskommun(?:e|en|ene|er|ane|ar)\b", re.I)


def framework_party_term(root: Path) -> list[Problem]:
    """Flag «samarbeidskommunene» in the framework's own text. The framework names its parties
    «deltakerkommunene» in point 1; the same word for all of them there and for the
    non-host municipalities in the sub-agreements (§ 20-1) would let a reader take a duty
    of the framework to bind only some of the parties. History and quotations are left as
    written."""
    path = root / FRAMEWORK
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []  # the loader reports unreadable files
    history = _history_lines(lines)
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        if number in history or not text.strip():
            continue
        quoted = [m.span() for m in re.finditer(r"«[^»]*»", text)]
        for match in STATUTORY_TERM.finditer(text):
            if any(a <= match.start() < b for a, b in quoted):
                continue
            word = match.group(0)
            new = ("deltakarkommun" if word.lower().endswith(("ane", "ar")) else "deltakerkommun") + \
                word[len("samarbeidskommun"):].lower()
            problems.append(warning(FRAMEWORK, f"«{word}» er kommunelovens ord (§ 20-1) for kommunene "
                                               "som ikke er vertskommune, men samarbeidsavtalen kaller "
                                               f"alle partene deltakerkommuner (punkt 1); skriv «{new}» "
                                               "når alle partene er ment", line=number,
                                    column=match.start() + 1))
    return problems


# -- checks on the rendered text -------------------------------------------------------------

def check_documents(project: Project, documents: list[Document]) -> list[Problem]:
    """Check every sub-agreement's rendered text for each letter of § 20-4.

    A letter missing from every document built from one template is reported once, against
    the template; a letter missing from some documents only, against those areas' files.
    """
    return gap_problems(project, {d.slug: document_gaps(project, d) for d in documents})


# Notes for the people who maintain the sources, which must never reach a document for a
# council: file names, web addresses, remarks about what the sources say or lack.
WORKING_NOTES = [
    re.compile(r"[\w./-]+\.ya?ml\b", re.I),
    re.compile(r"https?://[^\s)»\]]+", re.I),
    re.compile(r"\bkildene vi har\b", re.I),
    re.compile(r"\b(?:ikke|er)\s+(?:registrert|avklart|bekreftet|funnet|oppgitt)\s+i\s+kildene\b", re.I),
    re.compile(r"\bi kildegrunnlaget\b", re.I),
    re.compile(r"\bk(?:ilde|jelde)ne har ikkj?e\b", re.I),
    re.compile(r"Faktaene i denne avtalen bygger på", re.I),
    re.compile(r"\bforslag til forhandling\b", re.I),
    re.compile(r"\bsekundærkilde\b", re.I),
]
NOTE = "notat:"


def working_notes(text: str) -> list[str]:
    """The working notes found in a document's text, each as the matched words."""
    found: list[str] = []
    for pattern in WORKING_NOTES:
        found += [m.group(0) for m in pattern.finditer(text) if m.group(0) not in found]
    return found


def document_gaps(project: Project, doc: Document) -> list[str]:
    """The letters of § 20-4 (and "nemnd") that one sub-agreement's text lacks, and for every
    document the working notes in its text (as 'notat:<words>')."""
    text = "\n".join(text_lines(doc))
    notes = [NOTE + n for n in working_notes(text)]
    if doc.kind != "delavtale":
        return notes
    area = project.omrader[doc.slug]
    headings = [plain(b.runs) for b in doc.blocks if isinstance(b, Heading)]
    form = norsk.NYNORSK if doc.meta.language == norsk.TAGS[norsk.NYNORSK] else norsk.BOKMAL
    with norsk.written_standard(form):  # the text is checked in its own written standard
        gaps = [req.letter for req in REQUIREMENTS if not req.in_text(text, headings, area, project)]
    if area.has_board and not all(_flat(n) in _flat(text) for n in _names(area, project)):
        gaps.append("nemnd")
    return gaps + notes


def _locate(root: Path, words: str) -> tuple[str, int | None]:
    """The source file and line a working note comes from (the first that contains it)."""
    files = (sorted((root / AREAS).glob("*.yaml")) + sorted((root / "avtaler").glob("*.yaml"))
             + _clause_files(root))
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, start=1):
            if words.lower() in line.lower() and not line.lstrip().startswith(("#", "{#")):
                return malsett.shown(root, path), number
    return "maler", None


def _clause_files(root: Path) -> list[Path]:
    """The clause templates the project uses (its own in place of the built-in ones)."""
    return [path for name, path in malsett.all_templates(root).items() if name.endswith(".j2")]


def gap_problems(project: Project, gaps: dict[str, list[str]]) -> list[Problem]:
    """Problems for the gaps of every sub-agreement (slug → its `document_gaps`)."""
    missing: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for slug, letters in gaps.items():
        for letter in letters:
            if letter.startswith(NOTE):
                words = letter[len(NOTE):]
                shown, line = _locate(project.root, words)
                problems.append(error(shown, f"arbeidsnotat i teksten til {slug}: «{words}». "
                                             "Filnavn, nettadresser og merknader om kildene hører "
                                             "hjemme i kilde- og merknadsfeltene, ikke i en tekst "
                                             "som skal vedtas; skriv teksten om", line=line))
            else:
                missing.setdefault(letter, []).append(slug)
    total = sum(1 for slug in gaps if project.omrader.get(slug) is not None
                and project.omrader[slug].is_host_model and project.omrader[slug].status != "avviklet")
    total = total or len(gaps)
    for req in REQUIREMENTS:
        slugs = missing.get(req.letter, [])
        if not slugs:
            continue
        message = (f"mangler {SECTION} bokstav {req.letter}: {req.asks}; teksten i "
                   f"{len(slugs)} av {total} delavtaler har ikke bestemmelsen")
        if len(slugs) == total:
            template = malsett.find(project.root, TEMPLATE_OF["delavtale"])
            problems.append(error(malsett.shown(project.root, template), message + " – sett inn "
                                  "klausulen igjen i prosjektets egne maler (maler/klausuler/), "
                                  "eller slett den lokale kopien som mangler den"))
        else:
            for slug in slugs:
                shown = f"{AREAS}/{slug}.yaml"
                line, column = project.where(shown, req.key)
                problems.append(error(shown, f"mangler {SECTION} bokstav {req.letter}: {req.asks}; "
                                             "den bygde teksten har ikke bestemmelsen; "
                                             f"{req.fix}", line=line, column=column))
    return problems

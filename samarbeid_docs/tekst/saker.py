"""Case papers (saksframlegg) for each council: one per agreement the council takes part in.

A council adopts an agreement through a case: the chief executive's proposed resolution, the
agreement as an attachment, the facts, the council's own share of the costs and the legal
basis. The proposed resolution follows the council's role (kommuneloven kapittel 20):
- a samarbeidskommune in an administrative host cooperation instructs its own
  kommunedirektør to delegate the authority the agreement names (§ 20-2 andre ledd);
- the host accepts the tasks and the authority it receives;
- in a board cooperation each council delegates to the board, elects its members and
  appoints the appeals board (§ 20-3 andre ledd, § 20-6);
- the framework agreement is adopted by each party.
Nothing here asks a council to decide what it cannot: the budget share is worked into the
council's own budget, and names of board members are left as blanks to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import norsk
from ..beregning import cost_split
from ..kilder.modell import Kostnadsmodell, Omrade
from ..kilder.prosjekt import Project
from .dokument import Document, Meta
from .klausuler import parse, render_markdown
from .kontekst import (BLANK, appeal_routes, area_view, blanks, governor_offices, key_components,
                       host_mark, key_summary, own_key, phase_in_text, population_date, rule_date,
                       transfer_heading)
from .livslop import stage
from .livslop import STAGES
from .sammenstill import FRAMEWORK_SLUG, environment, in_language, version_of, written_form

TEMPLATE = "saksframlegg.md.j2"
PACKAGE_TEMPLATE = "saksframlegg-samlet.md.j2"
PACKAGE = "samlet"
"""The combined case: the framework and every sub-agreement of the council in one decision."""


@dataclass(frozen=True)
class Case:
    """One council's case for one agreement (`slug` FRAMEWORK_SLUG: the framework)."""

    council: str
    slug: str

    @property
    def path(self) -> str:
        """Where the case is written under build/: saker/<kommune>/<avtale>."""
        return f"saker/{self.council}/{self.slug}"


def cases(project: Project) -> list[Case]:
    """Every case: for each party, the framework and each active sub-agreement it is part of."""
    fw = project.rammeavtale
    found = []
    for council in sorted(set(fw.parter) | {p for a in project.omrader.values() for p in a.deltakere}):
        if council in fw.parter:
            found += [Case(council, PACKAGE), Case(council, FRAMEWORK_SLUG)]
        for slug, area in project.omrader.items():
            if area.is_host_model and area.status != "avviklet" and council in area.deltakere:
                found.append(Case(council, slug))
    return found


def current_key(project: Project, area: Omrade | None) -> Kostnadsmodell | None:
    """The key in force today where the agreement changes it (`area` None: the framework's);
    None where the agreement keeps the key it has, or the cooperation is new."""
    fw = project.rammeavtale
    if area is None:
        return fw.kostnader_i_dag
    if area.status != "eksisterende":
        return None
    if area.kostnader_i_dag is not None:
        return area.kostnader_i_dag
    return fw.kostnader_i_dag if area.kostnader is None else None


@dataclass(frozen=True)
class ShareChange:
    """One council's share today and under the agreement, on the same population figures."""

    key: str
    before_tenths: int
    after_tenths: int
    before_kroner: int | None
    after_kroner: int | None


def share_changes(project: Project, participants: list[str], current: Kostnadsmodell,
                  proposed: Kostnadsmodell, budget: int | None = None) -> list[ShareChange]:
    """Each participant's share under today's key and under the agreement's, computed from the
    same population figures (and the same budget): the difference is the key's alone."""
    day = population_date(project, participants)
    population = {p: project.kommuner[p].folketall_per(day).antall for p in participants}
    before, after = (cost_split(population, model.fast_andel_prosent or 0, budget,
                                components=key_components(model, population))
                     for model in (current, proposed))
    return [ShareChange(a.key, b.tenths_of_percent, a.tenths_of_percent, b.kroner, a.kroner)
            for b, a in zip(before.parts, after.parts)]


def change_view(project: Project, council: str, current: Kostnadsmodell | None,
                proposed: Kostnadsmodell, participants: list[str],
                budget: int | None = None, year: int | None = None) -> dict[str, Any] | None:
    """The change in words and as a table, for «Økonomiske konsekvenser»; None: key unchanged."""
    if current is None:
        return None
    changes = share_changes(project, participants, current, proposed, budget)
    rows = [{"navn": project.kommuner[c.key].offisielt_navn,
             "for": norsk.percent_tenths(c.before_tenths),
             "etter": norsk.percent_tenths(c.after_tenths),
             "endring": norsk.points_change(c.after_tenths - c.before_tenths),
             "kroner": norsk.kroner_change(c.after_kroner - c.before_kroner)
             if budget is not None else ""} for c in changes]
    own = next(c for c in changes if c.key == council)
    kroner = ""
    if budget is not None:
        diff = own.after_kroner - own.before_kroner
        before, after = norsk.kroner_text(own.before_kroner), norsk.kroner_text(own.after_kroner)
        kroner = (norsk.say(f"Med dagens nøkkel ville andelen av budsjettet for {year} vært {before}; "
                            f"med den nye blir den {after}",
                            f"Med nøkkelen i dag ville delen av budsjettet for {year} ha vore {before}; "
                            f"med den nye blir den {after}")
                  + ("." if diff == 0 else ", " + (norsk.say("en økning", "ein auke") if diff > 0
                                                   else norsk.say("en reduksjon", "ein reduksjon"))
                     + f" på {norsk.kroner_text(abs(diff))}."))
    return {"i_dag": key_summary(current), "i_dag_fra": norsk.date_text(current.fra) if current.fra else "",
            "rader": rows, "med_kroner": budget is not None,
            "egen_for": norsk.percent_tenths(own.before_tenths),
            "egen_etter": norsk.percent_tenths(own.after_tenths),
            "egen_endring": norsk.points_change(own.after_tenths - own.before_tenths),
            "egen_kroner": kroner,
            "per_tekst": norsk.date_text(population_date(project, participants))}


def _in_force(model: Kostnadsmodell, day, phase_in: str = "") -> str:
    """The day the key took effect, when it is in force on `day` («1. januar 2019»), with how
    long it was phased in over in this cooperation («… (faset inn over tre år)»); else ''."""
    if not (model.fra and model.fra <= day):
        return ""
    since = norsk.date_text(model.fra)
    if phase_in:
        since += norsk.say(f" (faset inn over {phase_in})",
                           f" (fasa inn over {phase_in})")
    return since


def _role(area, council: str) -> str:
    if area.has_board:
        return "nemnd"
    return "vertskommune" if area.vertskommune == council else "samarbeidskommune"


def _open_points(project: Project, participants: list[str], area: Omrade | None = None) -> list[str]:
    """What must be settled before the council can adopt the agreement (§ 20-4 tredje ledd
    bokstav a and b): organisation numbers the sources lack, and a host only proposed."""
    points = blanks(project, participants)
    if area is not None and area.vertskommune and area.vertskommune_status == "foreslått":
        host = project.kommuner[area.vertskommune].offisielt_navn
        if area.vertskommune_i_dag:  # the agreement moves the host: that must be agreed
            today = project.kommuner[area.vertskommune_i_dag].offisielt_navn
            points.append(norsk.say(f"det må avtales mellom kommunene at {host} overtar som "
                                    f"vertskommune etter {today}",
                                    f"det må avtalast mellom kommunane at {host} tek over som "
                                    f"vertskommune etter {today}"))
        elif area.status == "eksisterende":  # the host it has today, not yet confirmed
            points.append(norsk.say(f"det må bekreftes at {host} er vertskommune i dag, slik avtalen "
                                    "bygger på",
                                    f"det må stadfestast at {host} er vertskommune i dag, slik avtalen "
                                    "byggjer på"))
        else:
            points.append(norsk.say(f"vertskommunen må avtales mellom kommunene (avtalen foreslår {host})",
                                    f"vertskommunen må avtalast mellom kommunane (avtalen føreslår {host})"))
    return points


def case_context(project: Project, case: Case) -> dict[str, Any]:
    """What the case paper says, for the council and the agreement of `case`."""
    fw = project.rammeavtale
    party = project.kommuner[case.council]
    name = party.offisielt_navn
    base = {
        "kommune": name,
        "blank": BLANK,
        "ramme_tittel": fw.tittel,
        "versjon": fw.versjon,
        "dato": norsk.date_text(fw.dato),
    }
    if case.slug == FRAMEWORK_SLUG:
        active = [a for a in project.omrader.values() if a.status != "avviklet"]
        kinds = [(sum(a.is_host_model for a in active),
                  norsk.say("vertskommunesamarbeid med egen delavtale", "vertskommunesamarbeid med eigen delavtale"),
                  norsk.say("vertskommunesamarbeid med egne delavtaler", "vertskommunesamarbeid med eigne delavtalar")),
                 (sum(not a.is_host_model for a in active),
                  norsk.say("samarbeid organisert på annen måte", "samarbeid organisert på annan måte"),
                  norsk.say("samarbeid organisert på annen måte", "samarbeid organiserte på annan måte")),
                 (len(project.omrader) - len(active), norsk.say("avviklet område", "avvikla område"),
                  norsk.say("avviklede områder", "avvikla område"))]
        new = [a.tittel for a in active if a.status == "ny" and a.is_host_model]
        return {**base, "rammeavtale": True,
                "alle": norsk.join_names([project.kommuner[p].navn for p in fw.parter if p == case.council]
                                         + [project.kommuner[p].navn for p in fw.parter if p != case.council]),
                "omrader": norsk.join_names([f"{norsk.count_text(n)} {one if n == 1 else many}"
                                             for n, one, many in kinds if n]),
                "nye": norsk.join_names([f"«{t}»" for t in new]),
                "nokkel": key_summary(fw.kostnader),
                "nokkel_i_kraft": _in_force(fw.kostnader, fw.dato),
                "endring": change_view(project, case.council, fw.kostnader_i_dag, fw.kostnader,
                                       list(fw.parter)),
                "mangler": _open_points(project, list(fw.parter)),
                "vedtak": [norsk.say(f"Kommunestyret i {name} vedtar «{fw.tittel}», versjon {fw.versjon}, "
                                     "slik den ligger ved saken.",
                                     f"Kommunestyret i {name} vedtek «{fw.tittel}», versjon {fw.versjon}, "
                                     "slik den ligg ved saka.")]}
    area = project.omrader[case.slug]
    view = area_view(project, case.slug)
    table = view["fordeling"] or {}
    row = next((r for r in table.get("rader", []) if r["navn"] == name), None)
    host = project.kommuner[area.vertskommune].offisielt_navn if area.vertskommune else ""
    others = [project.kommuner[p].offisielt_navn for p in area.deltakere if p != case.council]
    guests = [project.kommuner[p].offisielt_navn for p in area.deltakere if p != area.vertskommune]
    role = _role(area, case.council)
    proposed = area.kostnader or fw.kostnader
    members = norsk.count_text((area.nemnd_medlemmer or {}).get(case.council, 0))
    # «med Tolga kommune, med Tolga kommune som vertskommune» where the other party is the host
    partners = "" if others == [host] else f" med {norsk.join_names(others)},"
    resolution = [norsk.say(
        f"Kommunestyret i {name} vedtar delavtalen «{area.tittel}»{partners} med {host} som "
        "vertskommune, slik den ligger ved saken.",
        f"Kommunestyret i {name} vedtek delavtalen «{area.tittel}»{partners} med {host} som "
        "vertskommune, slik den ligg ved saka.")]
    # a host the agreement moves: each step takes effect on the transfer day, and the
    # delegation to today's host is withdrawn by each council that made it (§ 20-2 andre ledd)
    today = project.kommuner[area.vertskommune_i_dag].offisielt_navn if area.vertskommune_i_dag else ""
    when = (norsk.say(f" med virkning fra {view['avtale']['overforing']}",
                      f" med verknad frå {view['avtale']['overforing']}") if view["avtale"]["overforing"]
            else norsk.say(" med virkning fra overføringen etter avtalen",
                           " med verknad frå overføringa etter avtalen")) if today else ""
    withdraw = (norsk.say(f"trekke tilbake delegeringen til kommunedirektøren i {today} og om å ",
                          f"trekkje tilbake delegeringa til kommunedirektøren i {today} og om å ")
                if today and case.council != area.vertskommune_i_dag else "")
    if role == "samarbeidskommune" and area.myndighet:
        resolution.append(norsk.say(
            f"Kommunestyret instruerer kommunedirektøren i {name} om å {withdraw}delegere myndigheten "
            f"som er beskrevet i avtalen under «Myndighet som legges til vertskommunen», til "
            f"kommunedirektøren i {host}{when} (kommuneloven § 20-2 andre ledd).",
            f"Kommunestyret instruerer kommunedirektøren i {name} om å {withdraw}delegere myndet "
            f"som er skildra i avtalen under «Mynde som blir lagt til vertskommunen», til "
            f"kommunedirektøren i {host}{when} (kommunelova § 20-2 andre ledd)."))
    elif role == "vertskommune":
        resolution.append(norsk.say(
            f"{name} påtar seg å være vertskommune{when} og å utføre oppgavene etter avtalen"
            + (f", og kommunedirektøren i {name} tar imot myndigheten som "
               f"{norsk.join_names(guests) if len(guests) == 1 else 'samarbeidskommunene'} "
               f"delegerer etter kommuneloven § 20-2 andre ledd{', fra samme dag' if today else ''}."
               if area.myndighet else "."),
            f"{name} tek på seg å vere vertskommune{when} og å utføre oppgåvene etter avtalen"
            + (f", og kommunedirektøren i {name} tek imot myndet som "
               f"{norsk.join_names(guests) if len(guests) == 1 else 'samarbeidskommunane'} "
               f"delegerer etter kommunelova § 20-2 andre ledd{', frå same dag' if today else ''}."
               if area.myndighet else ".")))
        if today and area.myndighet:
            resolution.append(norsk.say(
                f"Kommunestyret instruerer kommunedirektøren i {name} om å trekke tilbake "
                f"delegeringen til kommunedirektøren i {today}{when} (kommuneloven § 20-2 andre ledd).",
                f"Kommunestyret instruerer kommunedirektøren i {name} om å trekkje tilbake "
                f"delegeringa til kommunedirektøren i {today}{when} (kommunelova § 20-2 andre ledd)."))
    if today and case.council == area.vertskommune_i_dag:
        resolution.append(norsk.say(
            f"{name} er vertskommune etter avtalen samarbeidet har i dag, fram til overføringen.",
            f"{name} er vertskommune etter avtalen samarbeidet har i dag, fram til overføringa."))
    elif role == "nemnd":
        if case.council == area.vertskommune:
            resolution.append(norsk.say(
                f"{name} påtar seg å være vertskommune for samarbeidet, med den felles folkevalgte "
                "nemnda (kommuneloven § 20-3).",
                f"{name} tek på seg å vere vertskommune for samarbeidet, med den felles folkevalde "
                "nemnda (kommunelova § 20-3)."))
        resolution += [
            norsk.say(f"Kommunestyret delegerer myndigheten som er beskrevet i avtalen under «Myndighet "
                      f"som legges til nemnda», til den felles folkevalgte nemnda i {host} "
                      "(kommuneloven § 20-3 andre ledd).",
                      f"Kommunestyret delegerer myndet som er skildra i avtalen under «Mynde som blir "
                      f"lagt til nemnda», til den felles folkevalde nemnda i {host} "
                      "(kommunelova § 20-3 andre ledd)."),
            norsk.say(f"Kommunestyret velger {members} medlemmer med varamedlemmer til nemnda: {BLANK}",
                      f"Kommunestyret vel {members} medlemmer med varamedlemmer til nemnda: {BLANK}"),
            norsk.say("Kommunestyret oppnevner medlem med varamedlem til den særskilte klagenemnda for "
                      f"vedtak som nemnda treffer (kommuneloven § 20-6): {BLANK}",
                      "Kommunestyret oppnemner medlem med varamedlem til den særskilde klagenemnda for "
                      f"vedtak som nemnda gjer (kommunelova § 20-6): {BLANK}")]
    if row and case.council == area.vertskommune:
        # the host budgets the whole service and bills the others their shares
        resolution.append(norsk.say(
            f"Budsjettet for tjenesten innarbeides i kommunens årsbudsjett, med inntekter fra "
            f"{norsk.join_names(guests)} etter avtalens fordelingsnøkkel.",
            f"Budsjettet for tenesta blir innarbeidd i årsbudsjettet til kommunen, med inntekter frå "
            f"{norsk.join_names(guests)} etter fordelingsnøkkelen i avtalen."))
    elif row:
        resolution.append(norsk.say("Kommunens andel av kostnadene etter avtalens fordelingsnøkkel "
                                    "innarbeides i kommunens budsjett.",
                                    "Kommunen sin del av kostnadene etter fordelingsnøkkelen i avtalen "
                                    "blir innarbeidd i budsjettet."))
    return {
        **base,
        "vedtak": resolution,
        "rammeavtale": False,
        "avtale": view["avtale"],
        "versjon": version_of(project, area),
        "rolle": role,
        "vert": host,
        "vert_selv": case.council == area.vertskommune,
        # the offices the host notifies, named as the agreement and the combined case name them
        "statsforvaltere": norsk.join_names(governor_offices(project, area.vertskommune, area.deltakere))
        if area.vertskommune else "",
        # a host only proposed: for a new area, not agreed yet; for one in operation, the host it
        # has today, to be confirmed
        "vert_foreslatt": area.vertskommune_status == "foreslått" and area.host_status != "eksisterende",
        "vert_bekreftes": area.vertskommune_status == "foreslått" and area.host_status == "eksisterende",
        "tre_eller_flere": len(area.deltakere) > 2,  # a participant's withdrawal recomputes the key
        "samarbeidskommuner": norsk.join_names(guests),
        "flere_samarbeidskommuner": len(guests) > 1,
        "andre": norsk.join_names(others),
        "deltakere": view["deltakere_tekst"],
        "medlemmer": members,
        "klage": appeal_routes(project, area),
        "andel": row["andel"] if row else "",
        "belop": row["belop"] if row else "",
        "budsjett_ar": table.get("budsjett_ar", ""),
        # the table computed on other figures than the agreement's rule gives: said here too
        "folketall_avvik": (norsk.say(
            f"Etter avtalen skal fordelingen for {table['budsjett_ar']} bygge på folketallet per "
            f"{norsk.date_text(rule_date(project, area.budsjett.aar))}, så den endelige andelen kan "
            "avvike fra dette.",
            f"Etter avtalen skal fordelinga for {table['budsjett_ar']} byggje på folketalet per "
            f"{norsk.date_text(rule_date(project, area.budsjett.aar))}, så den endelege delen kan "
            "avvike frå dette.") if table.get("folketall_avvik") else ""),
        "nokkel": key_summary(proposed),
        "nokkel_i_kraft": _in_force(proposed, fw.dato, phase_in_text(area)),
        "endring": change_view(project, case.council, current_key(project, area), proposed,
                               area.deltakere, area.budsjett.belop if area.budsjett else None,
                               area.budsjett.aar if area.budsjett else None),
        "i_drift": area.status == "eksisterende",
        "per_tekst": table.get("per_tekst", ""),
        "folketall_i_nokkel": proposed.modell != "sammensatt"
        or any(c.grunnlag == "folketall" for c in proposed.komponenter or []),
        "lover": norsk.join_names([law.kort for law in view["avtale"]["lover"]]),
        "mangler": _open_points(project, area.deltakere, area),
    }


def _council_status(behandling, participants: list[str], council: str) -> tuple[str, str]:
    where = stage(behandling, participants)
    adopted = where.adopted.get(council)
    if adopted is not None:
        return "vedtatt", f"{STAGES['vedtatt']} {norsk.date_text(adopted.dato)} ({adopted.saksnummer})"
    code = "utkast" if where.code == "utkast" else "til_behandling"
    return code, STAGES[code]


def case_status(project: Project, case: Case) -> tuple[str, str]:
    """(code, text) of a council's case, from the adoption records: «utkast» before the
    agreement is sent, «til_behandling» until this council has adopted it, then «vedtatt»
    with the date and case number. The combined case counts its agreements."""
    fw = project.rammeavtale
    if case.slug == FRAMEWORK_SLUG:
        return _council_status(fw.behandling, list(fw.parter), case.council)
    if case.slug != PACKAGE:
        area = project.omrader[case.slug]
        return _council_status(area.behandling, area.deltakere, case.council)
    parts = [(fw.behandling, list(fw.parter))] + [
        (project.omrader[c.slug].behandling, project.omrader[c.slug].deltakere)
        for c in cases(project) if c.council == case.council and c.slug not in (PACKAGE, FRAMEWORK_SLUG)]
    states = [_council_status(b, p, case.council) for b, p in parts]
    done = sum(code == "vedtatt" for code, _ in states)
    if done == len(states):
        return "vedtatt", norsk.say("Alle avtalene er vedtatt", "Alle avtalane er vedtekne")
    if done:
        return "til_behandling", norsk.say(f"{done} av {len(states)} avtaler vedtatt",
                                           f"{done} av {len(states)} avtalar vedtekne")
    return states[0]


def case_title(project: Project, case: Case) -> str:
    """What a case is about, as the paper's title and the page's list say it."""
    if case.slug == PACKAGE:
        return norsk.say(PACKAGE_TITLE, "Samarbeidsavtalen med delavtalar (samla sak)")
    if case.slug == FRAMEWORK_SLUG:
        return project.rammeavtale.tittel
    return project.omrader[case.slug].tittel


PACKAGE_TITLE = "Samarbeidsavtalen med delavtaler (samlet sak)"
NOTICE = "melding-statsforvalteren"
NOTICE_TEMPLATE = "melding-statsforvalteren.md.j2"


def notices(project: Project) -> list[Case]:
    """The host's notice to the statsforvalter (kommuneloven § 20-4 femte ledd), for each new
    host cooperation that every council has adopted: written by the host."""
    found = []
    for slug, area in project.omrader.items():
        if not area.is_host_model or area.status != "ny" or area.vertskommune is None:
            continue
        if not stage(area.behandling, area.deltakere).missing:
            found.append(Case(area.vertskommune, f"{NOTICE}-{slug}"))
    return found


def notice_context(project: Project, case: Case) -> dict[str, Any]:
    slug = case.slug.removeprefix(f"{NOTICE}-")
    area = project.omrader[slug]
    day = project.rammeavtale.dato
    view = area_view(project, slug)
    where = stage(area.behandling, area.deltakere)
    framework = stage(project.rammeavtale.behandling, list(project.rammeavtale.parter)).adopted
    offices = []
    for key in [area.vertskommune] + [p for p in area.deltakere if p != area.vertskommune]:
        office = project.kommuner[key].nummer_per(day).governor(day)
        if office not in offices:
            offices.append(office)
    return {
        "vert": project.kommuner[area.vertskommune].offisielt_navn,
        "til": offices[0], "kopi": norsk.join_names(offices[1:]),
        "avtale": view["avtale"], "deltakere": view["deltakere_tekst"],
        # each council's adoption of the sub-agreement and of the framework: the two together
        # are the agreement under § 20-4
        "vedtak": [{"kommune": project.kommuner[k].offisielt_navn, "dato": norsk.date_text(v.dato),
                    "saksnummer": v.saksnummer,
                    "ramme_dato": norsk.date_text(framework[k].dato) if k in framework else
                    norsk.say("ikke vedtatt", "ikkje vedteken") if k in project.rammeavtale.parter else
                    norsk.say("ikke part", "ikkje part"),
                    "ramme_sak": framework[k].saksnummer if k in framework else ""}
                   for k, v in where.adopted.items()],
        "paragraf": "§ 20-3" if area.has_board else "§ 20-2",
        "ramme": project.rammeavtale.tittel,
    }


def _moving(project: Project, area: Omrade, council: str) -> str:
    """For a host the agreement moves, what a point of the combined case adds: from when, and
    (for a council that delegated to today's host) that the delegation to it is withdrawn."""
    if not area.vertskommune_i_dag:
        return ""
    before = project.kommuner[area.vertskommune_i_dag].offisielt_navn
    day = norsk.date_text(area.overforing) if area.overforing else ""
    when = norsk.say(f"fra {day}" if day else "fra overføringen etter avtalen",
                     f"frå {day}" if day else "frå overføringa etter avtalen")
    if council == area.vertskommune_i_dag:
        return norsk.say(f", {when}", f", {when}")
    return norsk.say(f", {when}, og delegeringen til kommunedirektøren i {before} trekkes tilbake "
                     "fra samme dag",
                     f", {when}, og delegeringa til kommunedirektøren i {before} blir trekt "
                     "tilbake frå same dag")


def package_attachments(project: Project, council: str) -> list[str]:
    """The documents the council's combined case lists as its attachments, in that order: the
    framework, the overview, and every sub-agreement the council is part of (their slugs)."""
    from .sammenstill import plan
    frame = [p.slug for p in plan(project) if p.kind in ("samarbeidsavtale", "oversikt")]
    areas = [c.slug for c in cases(project)
             if c.council == council and c.slug not in (PACKAGE, FRAMEWORK_SLUG)]
    return [*frame, *areas]


def package_context(project: Project, council: str) -> dict[str, Any]:
    """The combined case: every agreement the council is part of, adopted in one decision.

    Each point of the resolution is {"tekst": …, "punkter": [the agreements it covers]}."""
    fw = project.rammeavtale
    name = project.kommuner[council].offisielt_navn
    rows, delegated, hosted, boards, notify = [], [], [], [], []
    marks = {"forslag": False, "kontroll": False}  # which marks the table's hosts carry
    hosted_authority: list[str] = []  # hosted areas where the others delegate authority
    changed = running = False
    own_keys: list[str] = []  # the council's agreements that set a key of their own
    already: list[str] = []  # the agreements the council has adopted already
    budgeted: list[str] = []  # the council's amount in each agreement with a budget
    for case in cases(project):
        if case.council != council or case.slug in (PACKAGE, FRAMEWORK_SLUG):
            continue
        one = case_context(project, case)
        area = project.omrader[case.slug]
        role = {"vertskommune": "vertskommune", "samarbeidskommune": "samarbeidskommune",
                "nemnd": norsk.say("deltaker med felles nemnd", "deltakar med felles nemnd")}[one["rolle"]]
        change = one["endring"]
        changed = changed or bool(change)
        running = running or bool(one["i_drift"])
        if own_key(project, area):
            own_keys.append(f"«{area.tittel}» ({own_key(project, area)})")
        # a host not yet agreed is marked as in the overview: proposed for a new cooperation,
        # to be confirmed for one in operation
        mark = host_mark(area)
        if mark:
            marks["forslag" if area.host_status == "ny" else "kontroll"] = True
        if area.vertskommune == council and area.status in ("ny", "eksisterende"):
            notify.append(area)
        if one["belop"] and area.budsjett:  # the council's amount, as its case paper gives it
            budgeted.append(f"«{area.tittel}» {one['belop']} kroner i {area.budsjett.aar}")
        adopted = stage(area.behandling, area.deltakere).adopted.get(council)
        rows.append({"tittel": area.tittel, "versjon": version_of(project, area),
                     "vert": one["vert"] + mark, "rolle": role,
                     "andel": one["andel"] or "–", "vedtatt": adopted is not None,
                     "endring": change["egen_endring"] if change else
                     norsk.say("uendret nøkkel", "uendra nøkkel") if one["i_drift"] else "nytt samarbeid"})
        if adopted is not None:  # the council has adopted it already: not again in this case
            already.append(f"«{area.tittel}» ({norsk.date_text(adopted.dato)}, sak {adopted.saksnummer})")
            continue
        # a host the agreement moves: the steps take effect on the transfer day, and the
        # delegation to today's host is withdrawn (as in the case paper of the agreement)
        moving = _moving(project, area, council)
        if one["rolle"] == "samarbeidskommune" and area.myndighet:
            delegated.append(f"«{area.tittel}» ({one['vert']}{moving})")
        elif one["rolle"] == "vertskommune":
            hosted.append(f"«{area.tittel}»{moving}")
            if area.myndighet:
                hosted_authority.append(f"«{area.tittel}»{moving}")
        elif one["rolle"] == "nemnd":
            boards.append((area.tittel, one["vert"], one["medlemmer"], area.vertskommune == council))
    others = norsk.join_names([project.kommuner[p].offisielt_navn for p in fw.parter if p != council])
    mine = [project.omrader[c.slug] for c in cases(project)
            if c.council == council and c.slug in project.omrader
            and project.omrader[c.slug].vertskommune_status == "foreslått"]
    proposed = [f"«{a.tittel}»" for a in mine if a.host_status != "eksisterende"]
    unconfirmed = [f"«{a.tittel}»" for a in mine if a.host_status == "eksisterende"]
    resolution = [{"tekst": norsk.say(
        f"Kommunestyret i {name} vedtar «{fw.tittel}», versjon {fw.versjon}, slik den ligger ved saken.",
        f"Kommunestyret i {name} vedtek «{fw.tittel}», versjon {fw.versjon}, slik den ligg ved saka."),
        "punkter": []}]
    if any(not r["vedtatt"] for r in rows):
        # which attachments they are, where they follow each other (3 and on: the framework and
        # the overview are 1 and 2)
        span = "" if any(r["vedtatt"] for r in rows) else (
            " (vedlegg 3)" if len(rows) == 1 else f" (vedlegg 3–{len(rows) + 2})")
        resolution.append({"tekst": norsk.say(
            f"Kommunestyret vedtar disse delavtalene, slik de ligger ved saken{span}, med "
            "vertskommunene som står i hver avtale:",
            f"Kommunestyret vedtek desse delavtalane, slik dei ligg ved saka{span}, med "
            "vertskommunane som står i kvar avtale:"), "punkter": [f"«{r['tittel']}»" for r in rows if not r["vedtatt"]]})
    if delegated:
        when = transfer_heading(True)  # the sub-agreement's point on when the authority goes
        resolution.append({"tekst": norsk.say(
            f"Kommunestyret instruerer kommunedirektøren i {name} om å delegere myndigheten som er "
            "beskrevet under «Myndighet som legges til vertskommunen» i hver av disse delavtalene, "
            "til kommunedirektøren i vertskommunen (kommuneloven § 20-2 andre ledd), fra "
            f"tidspunktet som står under «{when}» i den enkelte delavtalen:",
            f"Kommunestyret instruerer kommunedirektøren i {name} om å delegere myndet som er "
            "skildra under «Mynde som blir lagt til vertskommunen» i kvar av desse delavtalane, "
            "til kommunedirektøren i vertskommunen (kommunelova § 20-2 andre ledd), frå "
            f"tidspunktet som står under «{when}» i den einskilde delavtalen:"),
            "punkter": delegated})
    if hosted:
        resolution.append({"tekst": norsk.say(
            f"{name} påtar seg å være vertskommune og å utføre oppgavene etter disse delavtalene:",
            f"{name} tek på seg å vere vertskommune og å utføre oppgåvene etter desse delavtalane:"),
            "punkter": hosted})
    if hosted_authority:  # only the agreements that lay authority on the host
        resolution.append({"tekst": norsk.say(
            f"Kommunestyret samtykker i at kommunedirektøren i {name} tar imot myndigheten som "
            "samarbeidskommunene delegerer etter kommuneloven § 20-2 andre ledd i disse delavtalene:",
            f"Kommunestyret samtykkjer i at kommunedirektøren i {name} tek imot myndet som "
            "samarbeidskommunane delegerer etter kommunelova § 20-2 andre ledd i desse delavtalane:"),
            "punkter": hosted_authority})
    for title, host, members, own in boards:
        resolution.append({"tekst": norsk.say(
            (f"{name} påtar seg å være vertskommune for «{title}», med den felles folkevalgte "
             "nemnda (kommuneloven § 20-3). " if own else "")
            + f"Kommunestyret delegerer myndigheten som er beskrevet i delavtalen «{title}» under "
            f"«Myndighet som legges til nemnda», til den felles folkevalgte nemnda i {host} "
            f"(kommuneloven § 20-3 andre ledd), velger {members} medlemmer med varamedlemmer til "
            f"nemnda: {BLANK}, og oppnevner medlem med varamedlem til den særskilte klagenemnda "
            f"(§ 20-6): {BLANK}",
            (f"{name} tek på seg å vere vertskommune for «{title}», med den felles folkevalde "
             "nemnda (kommunelova § 20-3). " if own else "")
            + f"Kommunestyret delegerer myndet som er skildra i delavtalen «{title}» under "
            f"«Mynde som blir lagt til nemnda», til den felles folkevalde nemnda i {host} "
            f"(kommunelova § 20-3 andre ledd), vel {members} medlemmer med varamedlemmer til "
            f"nemnda: {BLANK}, og oppnemner medlem med varamedlem til den særskilde klagenemnda "
            f"(§ 20-6): {BLANK}"), "punkter": []})
    if any(r["andel"] != "–" for r in rows):
        resolution.append({"tekst": norsk.say(
            "Kommunens andeler av kostnadene etter fordelingsnøklene i avtalene innarbeides i "
            "kommunens budsjett." + (" For tjenestene der kommunen er vertskommune, innarbeides "
                                     "hele budsjettet for tjenesten, med inntekter fra de andre "
                                     "deltakerne." if hosted else ""),
            "Kommunen sine delar av kostnadene etter fordelingsnøklane i avtalane blir innarbeidde i "
            "budsjettet." + (" For tenestene der kommunen er vertskommune, blir heile budsjettet for "
                             "tenesta innarbeidd, med inntekter frå dei andre deltakarane."
                             if hosted else "")),
            "punkter": []})
    return {"kommune": name, "blank": BLANK, "vedtak": resolution, "rader": rows,
            "merket_forslag": marks["forslag"], "merket_kontroll": marks["kontroll"],
            "alt_vedtatt": norsk.join_names(already), "alt_vedtatt_flere": len(already) > 1,
            "budsjetterte": "; ".join(budgeted),
            "ramme_tittel": fw.tittel, "versjon": fw.versjon, "dato": norsk.date_text(fw.dato),
            "per_tekst": norsk.date_text(population_date(project, list(fw.parter))), "endret": changed,
            "i_drift": running, "egne_nokler": norsk.join_names(own_keys),
            "andre": others, "nokkel": key_summary(fw.kostnader), "nemnd": bool(boards),
            "melding": _notice_text(project, name, council, notify),
            "mangler": _open_points(project, list(fw.parter)) + (
                [norsk.say(f"vertskommunen må avtales mellom kommunene for {norsk.join_names(proposed)}",
                           f"vertskommunen må avtalast mellom kommunane for {norsk.join_names(proposed)}")]
                if proposed else []) + (
                [norsk.say(f"vertskommunen i dag må bekreftes for {norsk.join_names(unconfirmed)}",
                           f"vertskommunen i dag må stadfestast for {norsk.join_names(unconfirmed)}")]
                if unconfirmed else [])}


def _notice_text(project: Project, name: str, council: str, hosted: list[Omrade]) -> str:
    """What the host tells the county governors once every council has adopted: the new
    cooperations it hosts and those continued under new agreements, each to the offices its own
    sub-agreement names (kommuneloven § 20-4 femte ledd speaks of cooperations «opprettet»); an
    area of two parties in one county is not told to the other county's office."""
    if not hosted:
        return ""
    groups: dict[tuple[str, ...], list[Omrade]] = {}
    for area in hosted:
        groups.setdefault(tuple(governor_offices(project, council, area.deltakere)), []).append(area)
    parts = [f"{norsk.join_names(list(offices))} om {' og om '.join(_notice_about(project, name, areas))}"
             for offices, areas in groups.items()]
    told = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + norsk.say(", og ", ", og ") + parts[-1]
    law = norsk.say("kommuneloven § 20-4 femte ledd", "kommunelova § 20-4 femte ledd")
    cite = "" if any(a.status == "ny" for a in hosted) else "jf. "
    return norsk.say(
        f"Når alle kommunestyrene har vedtatt avtalene, orienterer {name}, som vertskommune for "
        f"{'disse samarbeidene' if len(hosted) > 1 else 'samarbeidet'}, {told} ({cite}{law}).",
        f"Når alle kommunestyra har vedteke avtalane, orienterer {name}, som vertskommune for "
        f"{'desse samarbeida' if len(hosted) > 1 else 'samarbeidet'}, {told} ({cite}{law}).")


def _notice_about(project: Project, name: str, hosted: list[Omrade]) -> list[str]:
    """What the notice says about `hosted`: new, continued, and moved to `name`."""
    new = [f"«{a.tittel}»" for a in hosted if a.status == "ny"]
    kept = [f"«{a.tittel}»" for a in hosted if a.status == "eksisterende" and not a.vertskommune_i_dag]
    moved = [a for a in hosted if a.vertskommune_i_dag]
    about = []
    if new:
        about.append(norsk.say("de nye samarbeidene " if len(new) > 1 else "det nye samarbeidet ",
                               "dei nye samarbeida " if len(new) > 1 else "det nye samarbeidet ")
                     + norsk.join_names(new))
    if kept:
        about.append(norsk.say(f"at {norsk.join_names(kept)} er videreført etter "
                               + ("nye avtaler" if len(kept) > 1 else "ny avtale"),
                               f"at {norsk.join_names(kept)} er {'vidareførte' if len(kept) > 1 else 'vidareført'} etter "
                               + ("nye avtalar" if len(kept) > 1 else "ny avtale")))
    for area in moved:  # each host it takes over from, and when
        before = project.kommuner[area.vertskommune_i_dag].offisielt_navn
        day = norsk.date_text(area.overforing) if area.overforing else ""
        about.append(norsk.say(
            f"at {name} overtar som vertskommune for «{area.tittel}» etter {before}"
            + (f" fra {day}" if day else " ved overføringen etter avtalen"),
            f"at {name} tek over som vertskommune for «{area.tittel}» etter {before}"
            + (f" frå {day}" if day else " ved overføringa etter avtalen")))
    return about


def compose_case(project: Project, case: Case, env=None) -> Document:
    """The case paper for `case`, as the document IR (Word, Markdown and PDF like the rest), in
    the written standard of its agreement."""
    slug = case.slug.removeprefix(f"{NOTICE}-")
    form = written_form(project, slug if slug in project.omrader else None)
    with norsk.written_standard(form):
        return in_language(_compose_case(project, case, (env or environment(project))(form)), form)


def _compose_case(project: Project, case: Case, env) -> Document:
    """The case paper for `case`, as the document IR (Word, Markdown and PDF like the rest)."""
    fw = project.rammeavtale
    if case.slug.startswith(f"{NOTICE}-"):
        context = notice_context(project, case)
        # the notice is sent once the last council has adopted: it is dated then, not with the
        # agreement (a notice dated before the decisions it reports)
        area = project.omrader[case.slug.removeprefix(f"{NOTICE}-")]
        sent = max((v.dato for v in area.behandling.vedtak), default=fw.dato)
        title = norsk.say(f"Melding om opprettet vertskommunesamarbeid: {context['avtale']['tittel']}",
                          f"Melding om oppretta vertskommunesamarbeid: {context['avtale']['tittel']}")
        meta = Meta(title=title, subtitle=norsk.say(f"Fra {context['vert']} til {context['til']}",
                                                    f"Frå {context['vert']} til {context['til']}"),
                    status="Melding", version=fw.versjon, date=norsk.date_text(sent),
                    date_iso=sent.isoformat(), parties=(context["vert"],),
                    subject=norsk.say("Melding til statsforvalteren", "Melding til statsforvaltaren"),
                    keywords=norsk.say("melding; statsforvalteren; kommuneloven § 20-4 femte ledd",
                                       "melding; statsforvaltaren; kommunelova § 20-4 femte ledd"))
        markdown = render_markdown(env, NOTICE_TEMPLATE, context, project.root)
        return Document(case.path, meta, parse(markdown), "melding")
    if case.slug == PACKAGE:
        context, template = package_context(project, case.council), PACKAGE_TEMPLATE
    else:
        context, template = case_context(project, case), TEMPLATE
    code, status = case_status(project, case)
    meta = Meta(title=f"Saksframlegg: {case_title(project, case)}", subtitle=context["kommune"],
                status=status, draft=code == "utkast",
                version=version_of(project, project.omrader.get(case.slug)),
                date=norsk.date_text(fw.dato), date_iso=fw.dato.isoformat(),
                parties=(context["kommune"],), subject="Saksframlegg",
                keywords=norsk.say("saksframlegg; interkommunalt samarbeid; kommuneloven kapittel 20",
                                   "saksframlegg; interkommunalt samarbeid; kommunelova kapittel 20"))
    markdown = render_markdown(env, template, context, project.root)
    return Document(case.path, meta, parse(markdown), "sak")

"""Template contexts: the facts of one document, computed and formatted, as plain values.

Pure functions of the validated project. Templates never format numbers or dates themselves:
every figure reaches them as Norwegian text, so all documents format alike.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any

from datetime import date

from .. import norsk
from ..beregning import Component, HostShare, cost_split, host_fairness
from ..beregning import key_components as classic_components
from ..kilder.modell import Hendelse, Kilde, Kommune, Kostnadsmodell, Omrade, newest_common_date
from ..kilder.prosjekt import Project
from .livslop import Stage, stage, transfer_date, transfer_rule

# A blank the council secretary fills in by hand (an unknown fact; listed in the draft banner).
BLANK = "_" * 12

FORM_TEXT = norsk.Words({
    "vertskommune": "administrativt vertskommunesamarbeid",
    "vertskommune_nemnd": "vertskommunesamarbeid med felles folkevalgt nemnd",
    "interkommunalt_selskap": "interkommunalt selskap (IKS)",
    "aksjeselskap": "aksjeselskap eid av kommunene",
    "ikke_avklart": "samarbeid etter egen avtale",
}, {
    "vertskommune": "administrativt vertskommunesamarbeid",
    "vertskommune_nemnd": "vertskommunesamarbeid med felles folkevald nemnd",
    "interkommunalt_selskap": "interkommunalt selskap (IKS)",
    "aksjeselskap": "aksjeselskap eigd av kommunane",
    "ikke_avklart": "samarbeid etter eigen avtale",
})
STATUS_TEXT = norsk.Words({"eksisterende": "eksisterende", "ny": "nytt", "avviklet": "avviklet"},
                          {"eksisterende": "eksisterande", "ny": "nytt", "avviklet": "avvikla"})


@dataclass(frozen=True)
class PartyView:
    key: str
    navn: str
    offisielt: str
    nummer: str
    fylke: str
    orgnr: str
    samisk: str = ""


def party_view(key: str, party: Kommune, day) -> PartyView:
    number = party.nummer_per(day)
    orgnr = party.organisasjonsnummer or ""
    orgnr = f"{orgnr[:3]}\u00a0{orgnr[3:6]}\u00a0{orgnr[6:]}" if orgnr else BLANK
    return PartyView(key, party.navn, party.offisielt_navn, number.nummer, number.fylke, orgnr,
                     party.samisk_navn or "")


def blanks(project: Project, participants: list[str]) -> list[str]:
    """The facts an agreement lacks, to be filled in by hand before it goes to the councils."""
    return [f"{norsk.say('organisasjonsnummer for', 'organisasjonsnummer for')} {project.kommuner[p].offisielt_navn}"
            for p in participants if not project.kommuner[p].organisasjonsnummer]


def unverified(project: Project, participants: list[str]) -> list[str]:
    """The facts an agreement shows that rest on a secondary source (`kilde.sekundær`), each
    with the register to check it against before the councils get it: the organisation numbers
    (Enhetsregisteret) and the population figures its tables use (SSB)."""
    parties = [project.kommuner[p] for p in participants]
    numbers = [k.offisielt_navn for k in parties if k.organisasjonsnummer
               and k.organisasjonsnummer_kilde and k.organisasjonsnummer_kilde.sekundaer]
    day = population_date(project, participants)
    counts = [k.offisielt_navn for k in parties
              if day and (f := k.folketall_per(day)) is not None and f.kilde.sekundaer]
    register = norsk.say("Enhetsregisteret", "Einingsregisteret")
    population = f"{norsk.say('folketallet', 'folketalet')} per {norsk.date_text(day)}" if day else ""
    if numbers and numbers == counts:
        return [f"organisasjonsnummeret mot {register} og {population} mot SSB for {norsk.join_names(numbers)}"]
    return ([f"organisasjonsnummeret til {norsk.join_names(numbers)} mot {register}"] if numbers else []) + \
        ([f"{population} for {norsk.join_names(counts)} mot SSB"] if counts else [])


def population_date(project: Project, participants: list[str]) -> date | None:
    """The reference date of an agreement's population figures: the framework's pinned date,
    or the newest date the sources have figures for every participant."""
    pinned = project.rammeavtale.folketall_per
    if pinned is not None:
        return pinned
    return newest_common_date([project.kommuner[p] for p in participants])


def rule_date(project: Project, budget_year: int) -> date:
    """The population date the agreements' rule gives for `budget_year`."""
    return date(budget_year - project.rammeavtale.folketall_aar_for_budsjett, 1, 1)


def population_rule(project: Project) -> str:
    """Which figures a budget year uses, as the agreements state it."""
    years = project.rammeavtale.folketall_aar_for_budsjett
    which = {0: "i budsjettåret", 1: norsk.say("året før budsjettåret", "året før budsjettåret"),
             2: "to år før budsjettåret"}[years]
    return norsk.say(
        f"Fordelingen for et budsjettår bygger på folketallet per 1. januar {which}, slik "
        "Statistisk sentralbyrå (SSB) publiserer det i tabell 07459.",
        f"Fordelinga for eit budsjettår byggjer på folketalet per 1. januar {which}, slik "
        "Statistisk sentralbyrå (SSB) publiserer det i tabell 07459.")


def history_view(events: list[Hendelse]) -> list[dict[str, str]]:
    """Version history rows, oldest first: when (date or year) and what happened."""
    return [{"når": norsk.date_text(e.dato) if e.dato else str(e.aar), "tekst": e.tekst}
            for e in sorted(events, key=lambda e: e.sort_key)]


def governor_offices(project: Project, host: str, participants: list[str]) -> list[str]:
    """The state county governors' offices the host notifies, as named on the document date:
    the host's own, and those of the other participants' counties when they differ."""
    day = project.rammeavtale.dato
    offices: list[str] = []
    for key in [host] + [p for p in participants if p != host]:
        office = project.kommuner[key].nummer_per(day).governor(day)
        if office not in offices:
            offices.append(office)
    return offices


def governors(project: Project, host: str, participants: list[str]) -> str:
    return norsk.join_names(governor_offices(project, host, participants))


def area_history(project: Project, area: Omrade) -> list[dict[str, str]]:
    """A sub-agreement's history: the framework's versions (named as such), the area's own
    events, and this draft, described for the area (new or revised)."""
    fw = project.rammeavtale
    events = [e.model_copy(update={"tekst": f"{norsk.say('Samarbeidsavtalen', 'Samarbeidsavtalen')}: {e.tekst}"})
              for e in fw.historikk if e.dato != fw.dato]
    events += list(area.historikk)
    rows = history_view(events)
    now = (norsk.say("Utkast til revidert delavtale, tilpasset kommuneloven av 2018 kapittel 20.",
                     "Utkast til revidert delavtale, tilpassa kommunelova av 2018 kapittel 20.")
           if area.status == "eksisterende" else "Utkast til ny delavtale.")
    rows.append({"når": norsk.date_text(fw.dato), "tekst": now})
    where = stage(area.behandling, area.deltakere)
    if where.adopted and not where.missing:  # every council has adopted it: the history says so
        names = norsk.join_names([project.kommuner[p].navn for p in area.deltakere])
        rows.append({"når": norsk.date_text(max(v.dato for v in where.adopted.values())),
                     "tekst": norsk.say(f"Vedtatt i kommunestyrene i {names}.",
                                        f"Vedteken i kommunestyra i {names}.")})
    return rows


def _stem(name: str) -> str:
    """«plan- og bygningsloven», «plan- og bygningslova» → «plan- og bygningslov»."""
    return re.sub(r"(?:loven|lova)$", "lov", name.lower().strip())


def appeal_routes(project: Project, area: Omrade) -> list[dict[str, str]]:
    """The acts under which a state body, not the delegating municipality, hears appeals.
    Where the authority the host gets (`myndighet`) names some of the area's acts, only
    those: the host makes no decision under the others, so no appeal of one goes anywhere."""
    named = [key for key in area.lover
             if any(_stem(project.lover[key].kort) in item.lower() for item in area.myndighet)]
    routes = []
    for key in named or area.lover:
        law = project.lover[key]
        if law.klageinstans is not None:
            routes.append({"lov": law.kort, "organ": law.klageinstans.organ,
                           "hjemmel": law.klageinstans.hjemmel,
                           "gjelder": law.klageinstans.gjelder or ""})
    return routes


def required_by_law(project: Project, area: Omrade) -> list[dict[str, str]]:
    """Content other acts require the agreement to settle (kommuneloven § 20-4 third
    paragraph letter i), from each act's data."""
    return [{"lov": project.lover[k].kort, "hjemmel": krav.hjemmel, "tekst": krav.tekst}
            for k in area.lover for krav in project.lover[k].avtalekrav]


def source_text(source: Kilde) -> str:
    parts = [source.utgiver, f"«{source.tittel}»"] if source.utgiver else [f"«{source.tittel}»"]
    text = ", ".join(parts)
    if source.url:
        text += f", {source.url}"
    return text


def _distinct(sources: list[Kilde]) -> list[str]:
    seen: list[str] = []
    for s in sources:
        text = source_text(s)
        if text not in seen:
            seen.append(text)
    return seen


BASIS_TEXT = norsk.Words({"likt": "likt mellom deltakerne", "folketall": "etter folketallet i hver kommune"},
                         {"likt": "likt mellom deltakarane", "folketall": "etter folketalet i kvar kommune"})


def key_components(model: Kostnadsmodell, population: dict[str, int]) -> list[Component]:
    """The key as components of the general arithmetic (the classic keys are two of them)."""
    if model.modell != "sammensatt":
        return classic_components(population, model.fast_andel_prosent or 0)
    parts = []
    for part in model.komponenter or []:
        values = {"folketall": population, "bruk": part.verdier, "avtalt": part.andeler}.get(part.grunnlag)
        parts.append(Component(part.grunnlag, part.prosent, dict(values) if values else None))
    return parts


def key_text(project: Project, model: Kostnadsmodell, participants: list[str]) -> str:
    """A composite key in words: «20 % likt mellom deltakerne, 50 % etter folketallet i hver
    kommune og 30 % etter bruk, målt som antall saker i 2025»."""
    parts = []
    for part in model.komponenter or []:
        share = norsk.percent(part.prosent)
        if part.grunnlag == "bruk":
            period = f" i {part.periode}" if part.periode else ""
            parts.append(norsk.say(f"{share} etter bruk, målt som {part.maal}{period}",
                                   f"{share} etter bruk, målt som {part.maal}{period}"))
        elif part.grunnlag == "avtalt":
            agreed = [f"{project.kommuner[k].navn} {norsk.measure(v)}\u00a0%"
                      for k, v in (part.andeler or {}).items() if k in participants]
            parts.append(norsk.say(f"{share} etter avtalte andeler ({norsk.join_names(agreed)})",
                                   f"{share} etter avtalte delar ({norsk.join_names(agreed)})"))
        else:
            parts.append(f"{share} {BASIS_TEXT[part.grunnlag]}")
    return norsk.join_names(parts)


def in_sentence(text: str | None) -> str:
    """A source's free text as the templates set it inside a sentence that has its own full
    stop: without a full stop of its own at the end («… som vertskommune.» gave «..»)."""
    text = (text or "").strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def key_summary(model: Kostnadsmodell | None) -> str:
    """A key in a few words, for a change report: «etter folketall», «40 % likt, resten etter
    folketall», «20 % likt, 50 % etter folketall og 30 % etter bruk målt som antall saker i 2025»
    (no brackets: the summary often stands in brackets itself)."""
    if model is None:
        return "samarbeidsavtalens"
    if model.modell == "folketall":
        return norsk.say("etter folketall", "etter folketal")
    if model.modell == "fast_og_folketall":
        return norsk.say(f"{norsk.percent(model.fast_andel_prosent)} likt, resten etter folketall",
                         f"{norsk.percent(model.fast_andel_prosent)} likt, resten etter folketal")
    words = {"likt": "likt", "folketall": norsk.say("etter folketall", "etter folketal"),
             "avtalt": norsk.say("etter avtalte andeler", "etter avtalte delar")}
    parts = [f"{norsk.percent(c.prosent)} " + (f"etter bruk målt som {c.maal}{f' i {c.periode}' if c.periode else ''}"
                                   if c.grunnlag == "bruk" else words[c.grunnlag])
             for c in model.komponenter or []]
    return norsk.join_names(parts)


def cost_table(project: Project, participants: list[str], model: Kostnadsmodell,
               budget: int | None = None) -> dict[str, Any]:
    """Return the cost table of `participants` at their population date."""
    day = population_date(project, participants)
    figures = {p: project.kommuner[p].folketall_per(day) for p in participants}
    fixed = model.fast_andel_prosent or 0
    population = {p: f.antall for p, f in figures.items()}
    split = cost_split(population, fixed, budget, components=key_components(model, population))
    used = [c for c in (model.komponenter or []) if c.grunnlag == "bruk"]
    rows = [{
        "navn": project.kommuner[part.key].offisielt_navn,
        "folketall": norsk.number(part.population),
        "ekstra": [norsk.measure(c.verdier[part.key]) for c in used],
        "andel": norsk.percent_tenths(part.tenths_of_percent),
        "belop": norsk.number(part.kroner) if part.kroner is not None else "",
    } for part in split.parts]
    said = []
    for basis, opening in (("bruk", norsk.say("Tallene for bruk er hentet fra", "Tala for bruk er henta frå")),
                           ("avtalt", norsk.say("De avtalte andelene er hentet fra",
                                                "Dei avtalte delane er henta frå"))):
        # named, not linked: an address in the text of an agreement is a working note
        sources = list(dict.fromkeys(", ".join(filter(None, [c.kilde.utgiver, f"«{c.kilde.tittel}»"]))
                                     for c in model.komponenter or [] if c.grunnlag == basis and c.kilde))
        if sources:
            said.append(f"{opening} {'; '.join(sources)}.")
    return {
        "per_tekst": norsk.date_text(day),
        "per_kort": norsk.date_short(day),
        "modell": model.modell,
        "komponenter_tekst": key_text(project, model, participants) if model.komponenter else "",
        "ekstra_titler": [f"{c.maal[:1].upper()}{c.maal[1:]}{f' {c.periode}' if c.periode else ''}"
                          for c in used],
        "ekstra_sum": [norsk.measure(sum(c.verdier[p] for p in participants)) for c in used],
        "nokkel_kilder": " ".join(said),
        "fast_prosent": norsk.percent(fixed) if fixed else "",
        "rest_prosent": norsk.percent(100 - fixed) if fixed else "",
        "rader": rows,
        "sum_folketall": norsk.number(split.population_total),
        "sum_andel": norsk.percent_tenths(sum(p.tenths_of_percent for p in split.parts)),
        "sum_belop": norsk.number(split.kroner_total) if budget is not None else "",
        "avrundet": budget is not None and split.percent_adjusted,
        "kilder": _distinct([f.kilde for f in figures.values()]),
        # the rule for which year's population a budget uses, where population counts at all
        "regel": population_rule(project) if any(
            c.basis == "folketall" for c in key_components(model, population)) else "",
        "fra": norsk.date_text(model.fra) if model.fra else "",
    }


def phase_in_text(area: Omrade) -> str:
    """«tre år» when the area's key was phased in over three years; else ''."""
    n = area.nokkel_innfasing_ar
    return f"{norsk.count_text(n)} år" if n else ""


def _phase_ins(project: Project, named: bool) -> str:
    """The framework's note on the areas whose key was phased in: «For «A» og «B» ble nøkkelen
    faset inn over tre år.» (grouped by the number of years; counted, not named, when the areas
    stand in parts of the overview); '' when none was."""
    by_years: dict[str, list[str]] = {}
    for area in project.omrader.values():
        if area.nokkel_innfasing_ar and area.status != "avviklet" and area.kostnader is None:
            by_years.setdefault(phase_in_text(area), []).append(f"«{area.tittel}»")
    said = []
    for years, titles in by_years.items():
        which = (norsk.join_names(titles) if named else
                 norsk.say(f"{norsk.count_text(len(titles))} av områdene (se delavtalene)",
                           f"{norsk.count_text(len(titles))} av områda (sjå delavtalane)"))
        said.append(norsk.say(f"For {which} ble nøkkelen faset inn over {years}.",
                              f"For {which} blei nøkkelen fasa inn over {years}."))
    return " ".join(said)


def framework_view(project: Project) -> dict[str, Any]:
    fw = project.rammeavtale
    return {
        "tittel": fw.tittel,
        "dato": norsk.date_text(fw.dato),
        "versjon": fw.versjon,
        "i_kraft": norsk.date_text(fw.i_kraft) if fw.i_kraft else "",
        "bakgrunn": fw.bakgrunn or "",
        "oppsigelse": norsk.notice_text(fw.oppsigelsesfrist_maneder),
        "styringsgruppe": in_sentence(fw.styringsgruppe),
        "formal": fw.formal or [],
        "indirekte_kostnader": fw.indirekte_kostnader or "",
        "samarbeidsorgan": fw.samarbeidsorgan or [],
        "sammenslaing": fw.sammenslaing or "",
        "parter": norsk.join_names([project.kommuner[p].navn for p in fw.parter]),
        "kilder": _distinct(fw.kilde),
    }


def _host_text(project: Project, area: Omrade) -> str:
    """The host as the overview's tables show it; a host the agreement moves, with today's."""
    if not area.vertskommune:
        return ""
    name = project.kommuner[area.vertskommune].navn
    if area.vertskommune_i_dag:
        before = project.kommuner[area.vertskommune_i_dag].navn
        day = f" {norsk.date_text(area.overforing)}" if area.overforing else ""
        name += norsk.say(f" (overtar fra {before}{day})", f" (tek over frå {before}{day})")
    return name


def host_marked(project: Project, area: Omrade) -> str:
    """The host as a list shows it, marked as the overview marks it while it is not agreed:
    «Os (forslag)» for a new host, «Os (kontrolleres)» for today's host to be confirmed."""
    return _host_text(project, area) + host_mark(area)


def host_mark(area: Omrade) -> str:
    """« (forslag)», « (kontrolleres)» or nothing: the mark of a host not yet agreed."""
    return (" (forslag)" if _unsettled(area, "ny") else
            norsk.say(" (kontrolleres)", " (skal kontrollerast)") if _unsettled(area, "eksisterende") else "")


def area_view(project: Project, slug: str) -> dict[str, Any]:
    """Return the context of one area's sub-agreement (or its information sheet)."""
    area = project.omrader[slug]
    fw = project.rammeavtale
    day = fw.dato
    parties = [party_view(p, project.kommuner[p], day) for p in area.deltakere]
    host = next((p for p in parties if p.key == area.vertskommune), None)
    others = [p for p in parties if p.key != area.vertskommune]
    group = project.group_of(slug)
    where = stage(area.behandling, area.deltakere)
    transfer = ""
    if area.overforing:
        transfer = norsk.date_text(area.overforing)
    elif (area.status == "ny" or area.vertskommune_i_dag) and not where.missing and where.adopted:
        transfer = norsk.date_text(transfer_date(max(v.dato for v in where.adopted.values())))
    today_host = project.kommuner.get(area.vertskommune_i_dag) if area.vertskommune_i_dag else None
    view: dict[str, Any] = {
        "tittel": area.tittel,
        "gruppe": group.tittel,
        "form": area.form,
        "form_tekst": FORM_TEXT[area.form],
        "status": area.status,
        "formal": area.formal or "",
        "oppgaver": area.oppgaver,
        "myndighet": area.myndighet,
        # the heading of the point on the transfer: «og myndighet» only where authority moves
        "overforing_tittel": transfer_heading(bool(area.myndighet)),
        "underretning": area.underretning,
        "merknad": area.merknad or "",
        "selskap": in_sentence(area.selskap),
        "andre_deltakere": norsk.join_names(area.andre_deltakere),
        "andre_deltakere_merknad": area.andre_deltakere_merknad or "",
        "i_drift": area.status == "eksisterende",
        # the agreement moves the host of a cooperation in operation: today's host, by name
        "vert_i_dag": today_host.offisielt_navn if today_host else "",
        "erstatter": in_sentence(area.erstatter),
        "overforing": transfer,
        "overforing_fast": area.overforing is not None,
        "overforing_regel": transfer_rule(),
        "forbeholdt": area.forbeholdt,
        "klage_statlig": appeal_routes(project, area),
        "avtalekrav": required_by_law(project, area),
        "historikk": area_history(project, area),
        "oppsigelse": norsk.notice_text(area.oppsigelsesfrist_maneder),
        "oppsigelse_er_lov": area.oppsigelsesfrist_maneder == 12,
        "oppsigelse_tid": norsk.period_text(area.oppsigelsesfrist_maneder),
        "lover": [project.lover[k] for k in area.lover],
        "arsverk": norsk.measure(area.arsverk.antall) if area.arsverk else "",
        "innfasing": phase_in_text(area),
        "kilder": _distinct(area.kilde),
        "nemnd": [{"kommune": project.kommuner[p].offisielt_navn,
                   "medlemmer": str((area.nemnd_medlemmer or {}).get(p, 0))}
                  for p in area.deltakere] if area.has_board else [],
    }
    count = len(area.deltakere)
    context: dict[str, Any] = {
        "ord": {
            "alle_deltakerne": norsk.say("begge deltakerne", "begge deltakarane") if count == 2
            else norsk.say("alle deltakerne", "alle deltakarane"),
            "alle_kommunestyrene": norsk.say("begge kommunestyrene", "begge kommunestyra") if count == 2
            else norsk.say("alle kommunestyrene", "alle kommunestyra"),
            "samarbeidskommunene": "samarbeidskommunen" if count == 2
            else norsk.say("samarbeidskommunene", "samarbeidskommunane"),
            # «hver samarbeidskommune» is one named municipality when there are only two parties
            "hver_samarbeidskommune": (f"{others[0].offisielt}" if count == 2 and others
                                       else norsk.say("hver samarbeidskommune", "kvar samarbeidskommune")),
            "kommunestyret_i_hver_samarbeidskommune": (
                f"kommunestyret i {others[0].offisielt}" if count == 2 and others
                else norsk.say("kommunestyret i hver samarbeidskommune",
                               "kommunestyret i kvar samarbeidskommune")),
        },
        "avtale": view,
        "ramme": framework_view(project),
        "parter": parties,
        "deltakere_tekst": norsk.join_names([p.offisielt for p in parties]),
        "vert": host,
        "samarbeidskommuner": others,
        "samarbeidskommuner_tekst": norsk.join_names([p.offisielt for p in others]),
        "historikk": view["historikk"],
        "statsforvalter": governors(project, area.vertskommune, area.deltakere)
        if area.vertskommune else "",
        "deltakere_kort": norsk.join_names([project.kommuner[p].navn for p in area.deltakere]),
        "under_rammeavtalen": area.is_host_model,
        "fordeling": None,
    }
    if area.is_host_model and area.status != "avviklet":
        model = area.kostnader or fw.kostnader
        budget = area.budsjett.belop if area.budsjett else None
        table = cost_table(project, area.deltakere, model, budget)
        if area.budsjett:
            table["budsjett_ar"] = str(area.budsjett.aar)
            table["budsjett_tekst"] = norsk.kroner_text(area.budsjett.belop)
            wanted, used = rule_date(project, area.budsjett.aar), population_date(project, area.deltakere)
            table["folketall_avvik"] = "" if used in (None, wanted) else norsk.say(
                f"Etter regelen over bygger fordelingen for {area.budsjett.aar} på folketallet per "
                f"{norsk.date_text(wanted)}. De endelige andelene og beløpene fastsettes med de "
                "tallene og kan avvike fra tabellen.",
                f"Etter regelen over byggjer fordelinga for {area.budsjett.aar} på folketalet per "
                f"{norsk.date_text(wanted)}. Dei endelege delane og beløpa blir fastsette med dei "
                "tala og kan avvike frå tabellen.")
        context["fordeling"] = table
    return context


def signed(value: int) -> str:
    """`2` → '+2', `-1` → '−1' (minus sign), `0` → '0'."""
    return "0" if value == 0 else f"+{value}" if value > 0 else f"\u2212{-value}"


def host_table(project: Project) -> list[HostShare]:
    """Each framework party's host duty against the Sainte-Laguë target (active host areas)."""
    fw = project.rammeavtale
    day = population_date(project, list(fw.parter))
    population = {p: project.kommuner[p].folketall_per(day).antall for p in fw.parter}
    active = [a for a in project.omrader.values() if a.is_host_model and a.status != "avviklet"]
    hosted = {p: sum(1 for a in active if a.vertskommune == p) for p in fw.parter}
    return host_fairness(population, hosted)


LISTED = 50
"""At most this many areas are listed in one document. A project with more lists them in parts
of the overview (oversikt-1, oversikt-2 …) instead of in the framework and the overview
themselves, so that no document grows with the number of areas: a framework listing 3000 areas
took LibreOffice 6,8 s and 320 MB to convert, and Word users would page through 60 pages."""


def listing_parts(project: Project) -> list[list[str]]:
    """The areas of each part of the overview (slugs, in the framework's group order); empty
    when the framework and the overview list every area themselves."""
    slugs = [slug for group in project.rammeavtale.grupper for slug in group.omrader]
    if len(slugs) <= LISTED:
        return []
    return [slugs[i:i + LISTED] for i in range(0, len(slugs), LISTED)]


def host_distribution(project: Project, named: bool = True) -> dict[str, Any]:
    """Return the framework's host table: population share, target and areas hosted per party."""
    fw = project.rammeavtale
    active = [a for a in project.omrader.values() if a.is_host_model and a.status != "avviklet"]
    # one separator for every municipality's list, so the lists read alike
    semicolons = any("," in a.tittel for a in active)
    rows = []
    for share in host_table(project):
        mine = [a for a in active if a.vertskommune == share.key]
        staff = [a.arsverk.antall for a in mine if a.arsverk]
        rows.append({"navn": project.kommuner[share.key].offisielt_navn,
                     "folketall": norsk.number(share.population),
                     "andel": norsk.percent_tenths(share.tenths_of_percent),
                     "mal": str(share.target),
                     "antall": str(share.hosted),
                     "avvik": signed(share.deviation),
                     "arsverk": norsk.decimal(sum(staff)) if staff else "",
                     "arsverk_omrader": f"{len(staff)} av {len(mine)}",
                     "omrader": _title_list([a.tittel for a in mine], semicolons) if named else ""})
    day = population_date(project, list(fw.parter))
    allowed = fw.vertskap.tillatt_avvik if fw.vertskap else 1
    return {"rader": rows, "sum_folketall": norsk.number(sum(s.population for s in host_table(project))),
            "sum_antall": str(len(active)), "per_tekst": norsk.date_text(day),
            "per_kort": norsk.date_short(day), "tillatt_avvik": str(allowed),
            "avvik_tekst": _deviation_text(project, host_table(project)),
            "arsverk_mangler": not all(a.arsverk for a in active)}


def _title_list(titles: list[str], semicolons: bool) -> str:
    """Titles in running text; with semicolons when a title (in this list or a list beside it)
    has a comma of its own, so that «Teknisk drift, bygg og avløp» is not read as two areas."""
    if semicolons and len(titles) > 2:
        return "; ".join(titles[:-1]) + " og " + titles[-1]
    return norsk.join_names(titles)


def _area_count(n: int) -> str:
    return f"{norsk.count_text(n)} {'område' if n == 1 else norsk.say('områder', 'område')}"


def _deviation_text(project: Project, shares) -> str:
    """The host table in one plain sentence: who hosts more or fewer areas than population
    alone would give. (How far off is acceptable is the build's check, `vertskap.tillatt_avvik`,
    not a rule of the agreement, so the document does not state one.)"""
    off = [(project.kommuner[s.key].navn,
            f"{_area_count(abs(s.deviation))} {norsk.say('mer', 'meir') if s.deviation > 0 else 'mindre'}")
           for s in sorted(shares, key=lambda s: -s.deviation) if s.deviation]
    if not off:
        return norsk.say("Hver kommune er vertskommune for så mange områder som folketallet tilsier.",
                         "Kvar kommune er vertskommune for så mange område som folketalet tilseier.")
    (name, first), rest = off[0], off[1:]
    said = norsk.join_names([f"{name} er vertskommune for {first}"] + [f"{n} for {p}" for n, p in rest])
    return norsk.say(f"{said} enn folketallet alene tilsier.", f"{said} enn folketalet åleine tilseier.")


def framework_context(project: Project, part: int = 0) -> dict[str, Any]:
    """The framework's and the overview's context; with `part`, that of the overview's part
    `part`, which lists only its own areas. In a project with more than LISTED areas, the
    framework and the overview count each group's areas and say in which parts they are."""
    fw = project.rammeavtale
    parties = [party_view(p, project.kommuner[p], fw.dato) for p in fw.parter]
    parts = listing_parts(project)
    listed = set(parts[part - 1]) if part else None
    part_of = {slug: number for number, slugs in enumerate(parts, start=1) for slug in slugs}
    groups = []
    for group in fw.grupper:
        items = []
        for slug in group.omrader if not parts or part else ():
            if listed is not None and slug not in listed:
                continue
            area = project.omrader[slug]
            items.append({
                "tittel": area.tittel,
                "vert": _host_text(project, area),
                "vert_merket": host_marked(project, area),  # as every table shows it
                "form_tekst": FORM_TEXT[area.form],
                "status": area.status,
                "status_tekst": {"eksisterende": "i drift", "ny": "nytt"}.get(area.status, STATUS_TEXT[area.status]),
                # every participant, those outside the project too, as the download page shows them
                "deltakere": norsk.join_names([project.kommuner[p].navn for p in area.deltakere]
                                              + list(area.andre_deltakere)),
                "avviklet_dato": norsk.date_text(area.avviklet.dato) if area.avviklet else "",
                "avviklet_grunn": area.avviklet.grunn if area.avviklet else "",
                "er_vertskommune": area.is_host_model,
                "foreslatt": _unsettled(area, "ny"),
                "ukontrollert": _unsettled(area, "eksisterende"),
                "dokument": (norsk.say("ingen (avviklet)", "ingen (avvikla)") if area.status == "avviklet"
                             else "delavtale" if area.is_host_model else "orientering"),
            })
        where = sorted({part_of[s] for s in group.omrader}) if parts else []
        if part and not items:
            continue
        ended = sum(1 for s in group.omrader if project.omrader[s].status == "avviklet")
        marked = {status: sum(1 for slug in group.omrader if _unsettled(project.omrader[slug], status))
                  for status in ("ny", "eksisterende")}
        groups.append({"tittel": group.tittel, "beskrivelse": group.beskrivelse, "omrader": items,
                       "merket": marked,
                       "antall": norsk.count_text(len(group.omrader)),
                       "avviklet": norsk.count_text(ended) if ended else "",
                       "deler": (f"del {where[0]}" if len(where) == 1 else f"del {where[0]}–{where[-1]}")
                       if where else ""})
    areas = list(project.omrader.values())
    return {
        "del": {"nummer": part, "antall": len(parts), "antall_tekst": norsk.count_text(len(parts)),
                "navn": norsk.join_names([f"del {n}" for n in range(1, len(parts) + 1)])
                if len(parts) <= 5 else f"del 1–{len(parts)}",
                "her": norsk.count_text(len(parts[part - 1])) if part else "",
                "forste": project.omrader[parts[part - 1][0]].tittel if part else "",
                "siste": project.omrader[parts[part - 1][-1]].tittel if part else "",
                "alle": norsk.number(sum(len(p) for p in parts)), "hoyst": str(LISTED)},
        "i_deler": bool(parts),
        "ramme": framework_view(project),
        "parter": parties,
        "deltakere_tekst": norsk.join_names([p.offisielt for p in parties]),
        "grupper": groups,
        "fordeling": cost_table(project, list(fw.parter), fw.kostnader),
        # the agreements that set a key of their own, so the key above is not read as everyone's
        # (a large project in parts counts them instead of naming them all)
        "egne_nokler": _own_keys(project, named=not parts), "egne_nokler_navngitt": not parts,
        "innfasing": _phase_ins(project, named=not parts),
        "vertskap": {"prinsipp": fw.vertskap.prinsipp if fw.vertskap else "",
                     **host_distribution(project, named=not parts)},
        "antall_omrader": norsk.count_text(len(project.omrader)),
        "antall": _document_counts(project),
        # a count in words, or "" (the names a project's own copy of the template may use),
        # and the sections of the overview the areas stand in
        **_marked_text(areas, groups, "foreslatte", "ny", not parts),
        **_marked_text(areas, groups, "ukontrollerte", "eksisterende", not parts),
        "historikk": history_view(list(fw.historikk)) + (
            [] if any(e.dato == fw.dato for e in fw.historikk)
            else [{"når": norsk.date_text(fw.dato), "tekst": f"Utkast, versjon {fw.versjon}."}]),
        "tidligere_versjoner": any(e.sort_key < fw.dato for e in fw.historikk),
    }


# the overview's sections: «Om oversikten» is section 1, and each group a section after it
FIRST_GROUP_SECTION = 2


def _unsettled(area: Omrade, status: str) -> bool:
    """True for an area of `status` whose host is only proposed (a new area: a proposal; an
    area in operation: to be confirmed)."""
    return (area.is_host_model and area.vertskommune is not None and area.host_status == status
            and area.vertskommune_status == "foreslått")


def _marked_text(areas: list[Omrade], groups: list[dict], name: str, status: str, where: bool) -> dict:
    """`name`: how many areas of `status` have a host not yet agreed, in words; `name`_hvor:
    (with `where`) the sections of the overview they stand in, «alle i punkt 3» or «fem i
    punkt 2 og tre i punkt 4». A count alone («8 av områdene i drift») left the reader to
    find them in every table."""
    count = sum(1 for a in areas if _unsettled(a, status))
    places = [(g["merket"][status], i + FIRST_GROUP_SECTION) for i, g in enumerate(groups)
              if g["merket"][status]]
    if not count or not where or not places:
        text = ""
    elif len(places) == 1:
        text = ("begge " if count == 2 else "alle " if count > 1 else "") + f"i punkt {places[0][1]}"
    else:
        text = norsk.join_names([f"{norsk.count_text(n)} i punkt {section}" for n, section in places])
    return {name: norsk.count_text(count) if count else "", f"{name}_hvor": text}


def _document_counts(project: Project) -> dict[str, str]:
    areas = list(project.omrader.values())
    counts = {
        "delavtaler": sum(1 for a in areas if a.is_host_model and a.status != "avviklet"),
        "orienteringer": sum(1 for a in areas if not a.is_host_model and a.status != "avviklet"),
        "avviklet": sum(1 for a in areas if a.status == "avviklet"),
        "grupper": len(project.rammeavtale.grupper),
    }
    return {key: norsk.count_text(n) for key, n in counts.items()}


def draft_banner(project: Project, where: Stage, participants: list[str],
                 area: Omrade | None = None, listed: str = "se oversikten",
                 among: list[Omrade] | None = None, facts: bool = False) -> str:
    """The visible marking of a draft: where it stands in the councils, what is still only a
    proposal or must be checked, and the blanks to fill in before the councils get it.
    `facts`: the document shows the parties' organisation numbers and population figures, and
    those from a secondary source are to be checked too (`unverified`)."""
    names = [project.kommuner[k].navn for k in participants]
    adopted = [project.kommuner[k].navn for k in participants if k in where.adopted]
    if adopted:
        waiting = [n for n in names if n not in adopted]
        text = norsk.say(f"UTKAST – vedtatt i {norsk.join_names(adopted)} så langt, ikke ennå i "
                         f"{norsk.join_names(waiting)}.",
                         f"UTKAST – vedteke i {norsk.join_names(adopted)} så langt, ikkje enno i "
                         f"{norsk.join_names(waiting)}.")
    else:
        text = norsk.say(f"UTKAST til behandling i kommunestyrene i {norsk.join_names(names)}.",
                         f"UTKAST til behandling i kommunestyra i {norsk.join_names(names)}.")
    # one area's agreement; a part of the overview: its own areas; else all of them
    areas = [area] if area else among if among is not None else list(project.omrader.values())
    proposed = host_list(project, areas, "ny", listed)
    if proposed:
        text += norsk.say(f" Forslag som ikke er avtalt ennå: {proposed}.",
                          f" Må avtalast før behandlinga: {proposed}.")
    unchecked = host_list(project, areas, "eksisterende", listed)
    checks = ([unchecked] if unchecked else []) + (unverified(project, participants) if facts else [])
    if checks:
        text += norsk.say(f" Kontrolleres før behandling: {'; '.join(checks)}.",
                          f" Må kontrollerast før behandlinga: {'; '.join(checks)}.")
    missing = blanks(project, participants)
    if missing:
        text += norsk.say(f" Fylles ut før behandling: {norsk.join_names(missing)}.",
                          f" Må fyllast ut før behandlinga: {norsk.join_names(missing)}.")
    return text


def host_list(project: Project, areas: list[Omrade], status: str, listed: str) -> str:
    """'Røros som vertskommune for Felles legevakt, …' for hosts not yet agreed, in areas of
    `status` (new areas: a proposal; areas in operation: to be confirmed)."""
    items = [f"{project.kommuner[a.vertskommune].navn} som vertskommune for {a.tittel}"
             for a in areas if a.is_host_model and a.vertskommune and a.host_status == status
             and a.vertskommune_status == "foreslått"]
    if len(items) > 3:
        count = norsk.count_text(len(items))  # words up to twelve, as in running text
        return norsk.say(f"vertskommunen for {count} av områdene ({listed})",
                         f"vertskommunen for {count} av områda ({listed})")
    return norsk.join_names(items)


def adoption_view(project: Project, where: Stage, participants: list[str]) -> dict[str, Any]:
    """The adoption records per council, for the documents' list of decisions."""
    rows = []
    for key in participants:
        record = where.adopted.get(key)
        rows.append({
            "kommune": project.kommuner[key].offisielt_navn,
            "organ": record.organ if record else "",
            "dato": norsk.date_text(record.dato) if record else "",
            "saksnummer": record.saksnummer if record else "",
            "vedtatt": record is not None,
        })
    return {"status": where.text, "har_vedtak": bool(where.adopted), "rader": rows,
            "alle": not where.missing,
            "i_kraft": norsk.date_text(where.in_force) if where.in_force else ""}


def transfer_heading(authority: bool) -> str:
    """The heading of the point that says when the tasks (and the authority, where the agreement
    delegates any) go to the host."""
    if authority:
        return norsk.say("Når oppgaver og myndighet overføres", "Når oppgåver og mynde blir overførte")
    return norsk.say("Når oppgavene overføres", "Når oppgåvene blir overførte")


def own_key(project: Project, area: Omrade) -> str:
    """The area's key in a few words where it differs from the framework's, else ""."""
    if area.kostnader is None or key_summary(area.kostnader) == key_summary(project.rammeavtale.kostnader):
        return ""
    return key_summary(area.kostnader)


def _own_keys(project: Project, named: bool = True) -> str:
    """«Felles barnevernstjeneste» (20 % likt, …) and … for every area in operation or new
    whose key differs from the framework's; their number in words when not `named`."""
    own = [(area, own_key(project, area)) for area in project.omrader.values()
           if area.is_host_model and area.status != "avviklet" and own_key(project, area)]
    if not own:
        return ""
    if not named:
        return norsk.count_text(len(own))
    return norsk.join_names([f"«{a.tittel}» ({key})" for a, key in own])

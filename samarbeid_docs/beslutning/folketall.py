"""`samarbeid folketall hent`: fetch population per 1 January from SSB into a reviewed record.

The figures go to avtaler/folketall-ssb.yaml with the query and the fetch date for each, so git
shows exactly what came from SSB. A figure that would change one already recorded is only
written with --bekreft; the command first shows every change and its effect on the cost split.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from . import ssb
from .. import norsk
from ..beregning import cost_split
from ..kilder.prosjekt import SSB_FILE, Project

HEADER = ("# yaml-language-server: $schema=../schema/folketall-ssb.schema.json\n"
          "#\n"
          "# Folketall hentet fra Statistisk sentralbyrå (tabell 07459) med «samarbeid folketall hent».\n"
          "# Rediger ikke for hånd: kjør kommandoen på nytt, så viser git hva som kom fra SSB.\n")


@dataclass
class Fetched:
    url: str
    updated: str
    digest: str
    from_file: str | None = None       # the saved answer's file name, when read from one
    new: list[tuple[str, int, int]] = field(default_factory=list)          # key, year, count
    same: list[tuple[str, int, int]] = field(default_factory=list)
    changed: list[tuple[str, int, int, int]] = field(default_factory=list)  # key, year, old, new
    missing: list[tuple[str, int]] = field(default_factory=list)


def compare(project: Project, years: list[int], raw: bytes | None, today: date,
            from_file: str | None = None) -> Fetched:
    """Fetch (or read `raw`, the saved answer in the file named `from_file`) and sort every
    figure into new, unchanged and changed."""
    codes = {key: party.nummer_per(today).nummer for key, party in project.kommuner.items()}
    url = ssb.query_url(list(codes.values()), years)
    data = raw if raw is not None else ssb.fetch(url)
    response = ssb.parse(data, from_file if raw is not None and from_file else "")
    by_code = {code: key for key, code in codes.items()}
    result = Fetched(url, response.updated, hashlib.sha256(data).hexdigest(),
                     from_file if raw is not None else None)
    for (code, year), count in sorted(response.figures.items()):
        key = by_code.get(code)
        if key is None or year not in years:
            continue
        existing = project.kommuner[key].folketall_per(date(year, 1, 1))
        if existing is None:
            result.new.append((key, year, count))
        elif existing.antall == count:
            result.same.append((key, year, count))
        else:
            result.changed.append((key, year, existing.antall, count))
    result.missing = [(by_code[c], y) for c, y in response.missing if c in by_code and y in years]
    # a year the answer does not cover at all (a saved answer for other years) is missing too
    result.missing += sorted((key, y) for key, code in codes.items() for y in years
                             if (code, y) not in response.figures and (key, y) not in result.missing)
    return result


def report_lines(project: Project, fetched: Fetched) -> list[str]:
    name = lambda key: project.kommuner[key].navn  # noqa: E731
    day = lambda year: norsk.date_text(date(year, 1, 1))  # noqa: E731
    lines = [f"Fra SSB tabell 07459 (oppdatert hos SSB: {fetched.updated or 'ukjent'}):"]
    lines += [f"  ny: {name(k)} per {day(y)}: {norsk.number(n)}" for k, y, n in fetched.new]
    lines += [f"  endret: {name(k)} per {day(y)}: {norsk.number(o)} → {norsk.number(n)}"
              for k, y, o, n in fetched.changed]
    lines += [f"  uendret: {name(k)} per {day(y)}: {norsk.number(n)}" for k, y, n in fetched.same]
    lines += [f"  mangler hos SSB: {name(k)} per {day(y)}" for k, y in fetched.missing]
    lines += effect_lines(project, fetched)
    return lines


def effect_lines(project: Project, fetched: Fetched) -> list[str]:
    """How every cost key in use (one per set of participants) would change with the figures."""
    fw = project.rammeavtale
    figures = {(k, y): n for k, y, n in fetched.new + fetched.same}
    figures.update({(k, y): n for k, y, _, n in fetched.changed})
    # agreements with the same parties and the same key move together
    groups: dict[tuple[tuple[str, ...], str], tuple[object, list[str]]] = {}
    for area in project.omrader.values():
        if area.is_host_model and area.status != "avviklet":
            model = area.kostnader or fw.kostnader
            groups.setdefault((tuple(area.deltakere), model.model_dump_json()), (model, []))[1].append(area.tittel)
    from ..tekst.kontekst import key_components, population_date
    lines = []
    for year in sorted({y for _, y in figures}):
        for (parties, _), (model, titles) in groups.items():
            if not any(c.basis == "folketall" for c in key_components(model, {p: 1 for p in parties})):
                continue  # a key without population does not move with new figures
            if not all((p, year) in figures for p in parties):
                continue
            day = population_date(project, list(parties))
            in_use = (date(year, 1, 1) == fw.folketall_per if fw.folketall_per
                      else date(year, 1, 1) >= day)
            current = {p: project.kommuner[p].folketall_per(day).antall for p in parties}
            fresh = {p: figures[(p, year)] for p in parties}
            before = {p.key: p.tenths_of_percent
                      for p in cost_split(current, components=key_components(model, current)).parts}
            after = {p.key: p.tenths_of_percent
                     for p in cost_split(fresh, components=key_components(model, fresh)).parts}
            shift = ", ".join(f"{project.kommuner[p].navn} {norsk.percent_tenths(before[p])} "
                              + (f"→ {norsk.percent_tenths(after[p])}" if after[p] != before[p]
                                 else "(uendret)") for p in parties)
            names = norsk.join_names([project.kommuner[p].navn for p in parties])
            which = (norsk.join_names([f"«{t}»" for t in titles]) if len(titles) <= 3
                     else f"{len(titles)} avtaler")
            lines.append(f"Kostnadsnøkkelen for {names} ({which}) med folketall per "
                         f"{norsk.date_text(date(year, 1, 1))}: {shift}" +
                         ("" if in_use else " (brukes ikke: avtalene bruker nyere tall)"
                          if not fw.folketall_per else
                          f" (gjelder når folketall_per i samarbeidsavtale.yaml settes til "
                          f"{year}-01-01)"))
    return lines


def write(project: Project, fetched: Fetched, today: date) -> Path:
    """Add the new and changed figures to avtaler/folketall-ssb.yaml (atomically)."""
    from ..bygging.bygg import atomic_write
    path = project.root / SSB_FILE
    records = []
    if path.is_file():
        records = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("folketall", [])
    updates = {(k, y): n for k, y, n in fetched.new}
    updates.update({(k, y): n for k, y, _, n in fetched.changed})
    records = [r for r in records if (r["kommune"], int(str(r["per"])[:4])) not in updates]
    for (key, year), count in sorted(updates.items()):
        record = {"kommune": key, "per": f"{year}-01-01", "antall": count,
                  "hentet": today.isoformat(), "spørring": fetched.url}
        if fetched.updated:
            record["oppdatert_hos_ssb"] = fetched.updated
        if fetched.from_file:
            record["fra_fil"] = fetched.from_file
        records.append(record)
    records.sort(key=lambda r: (r["kommune"], str(r["per"])))
    text = HEADER + yaml.safe_dump({"tabell": "07459", "folketall": records}, allow_unicode=True,
                                   sort_keys=False, width=200)
    atomic_write(path, text.encode("utf-8"))
    return path

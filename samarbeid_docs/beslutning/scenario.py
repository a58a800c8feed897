"""`samarbeid scenario sammenslåing A B --navn N`: the whole agreement set as if A and B merged.

The sources are copied with the two parties replaced by one merged party (population summed
for every date both have), participants and hosts remapped, and agreements left with a single
party ended as no longer inter-municipal. The copy is checked and built like the real set, into
build/scenarier/<slug>/, and compared with the real set in the change report.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from ..feil import InputError
from ..kilder import kilde
from ..kilder.prosjekt import AREAS, FRAMEWORK, PARTIES, SSB_FILE

SCENARIO_SOURCE = {"tittel": "Scenario: sammenslåing (beregnet av samarbeid-docs, ikke et vedtak)"}


def slug_of(name: str) -> str:
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(part for part in "".join(c if c.isalnum() else " " for c in text).split()) or "scenario"


@dataclass
class Merger:
    first: str
    second: str
    name: str
    slug: str
    reassigned: list[str] = field(default_factory=list)   # areas whose host moved to the merged party
    ended: list[str] = field(default_factory=list)        # areas left with one party


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200),
                    encoding="utf-8")


def _remap(keys: list[str], merger: Merger) -> list[str]:
    out: list[str] = []
    for key in keys:
        key = merger.slug if key in (merger.first, merger.second) else key
        if key not in out:
            out.append(key)
    return out


def merged_sources(root: Path, target: Path, first: str, second: str, name: str,
                   when: str) -> Merger:
    """Write the scenario's sources into `target` (avtaler/ and maler/); return what changed."""
    merger = Merger(first, second, name, slug_of(name))
    parties = kilde.load(root / PARTIES, PARTIES).data
    known = parties.get("kommuner", {})
    for key in (first, second):
        if key not in known:
            raise InputError(f"Ukjent kommune «{key}». Bruk kortnavnene i {PARTIES}: "
                             f"{', '.join(known)}.")
    if first == second:
        raise InputError("Oppgi to ulike kommuner som skal slås sammen.")
    if merger.slug in known:
        raise InputError(f"Navnet «{name}» gir kortnavnet «{merger.slug}», som alt er i bruk.")
    if (root / "maler").is_dir():  # the project's own templates, if it has any
        shutil.copytree(root / "maler", target / "maler")
    (target / AREAS).mkdir(parents=True)
    a, b = known[first], known[second]
    figures_b = {str(f["per"]): f["antall"] for f in b.get("folketall", [])}
    summed = [{"per": str(f["per"]), "antall": f["antall"] + figures_b[str(f["per"])],
               "kilde": {"tittel": f"Summen av folketallet i {a['navn']} og {b['navn']} "
                                   "(scenario, ikke et tall fra SSB)"}}
              for f in a.get("folketall", []) if str(f["per"]) in figures_b]
    merged = {"navn": name,
              "kommunenummer": [{"nummer": a["kommunenummer"][-1]["nummer"],
                                 "fylke": a["kommunenummer"][-1]["fylke"],
                                 "kilde": {**SCENARIO_SOURCE,
                                           "merknad": "Nummeret er lånt fra den første kommunen."}}],
              "folketall": summed}
    parties["kommuner"] = {merger.slug: merged, **{k: v for k, v in known.items()
                                                   if k not in (first, second)}}
    _dump(target / PARTIES, parties)
    for name_ in ("avtaler/lover.yaml",):
        shutil.copy(root / name_, target / name_)
    if (root / SSB_FILE).is_file():
        fetched = kilde.load(root / SSB_FILE, SSB_FILE).data
        fetched["folketall"] = [r for r in fetched.get("folketall", [])
                                if r.get("kommune") not in (first, second)]
        _dump(target / SSB_FILE, fetched)

    framework = kilde.load(root / FRAMEWORK, FRAMEWORK).data
    framework["parter"] = _remap(framework["parter"], merger)
    _merge_key(framework.get("kostnader"), merger)
    for group in framework.get("grupper", []):
        if group.get("deltakere"):
            group["deltakere"] = _remap(group["deltakere"], merger)
    framework.setdefault("behandling", {})["vedtak"] = []
    framework["behandling"].pop("i_kraft", None)
    _dump(target / FRAMEWORK, framework)

    for path in sorted((root / AREAS).glob("*.yaml")):
        area = kilde.load(path, f"{AREAS}/{path.name}").data
        area["deltakere"] = _remap(area["deltakere"], merger)
        _merge_key(area.get("kostnader"), merger)
        if area.get("nemnd_medlemmer"):  # the merged council keeps the seats of both
            area["nemnd_medlemmer"] = _merge_values(area["nemnd_medlemmer"], merger)
        moved = area.get("vertskommune") in (first, second)
        if moved:
            area["vertskommune"] = merger.slug
            area["vertskommune_begrunnelse"] = (f"Scenario: {name} overtar vertskapet etter "
                                                "sammenslåingen; det må forhandles på nytt.")
            area["vertskommune_status"] = "foreslått"
            area.pop("vertskommune_kilde", None)
        behandling = area.get("behandling") or {}
        if behandling.get("vedtak"):
            behandling["vedtak"] = [v for v in behandling["vedtak"] if v["kommune"] not in (first, second)]
            behandling.pop("i_kraft", None)
        if len(area["deltakere"]) < 2 and area.get("status") != "avviklet":
            area["status"] = "avviklet"
            area["avviklet"] = {"dato": when,
                                "grunn": f"Etter sammenslåingen er bare {name} igjen; området er "
                                         "ikke lenger et interkommunalt samarbeid.",
                                "kilde": SCENARIO_SOURCE}
            merger.ended.append(area["tittel"])
        elif moved and area.get("status") != "avviklet":
            merger.reassigned.append(area["tittel"])
        _dump(target / AREAS / path.name, area)
    return merger


def _merge_values(values: dict, merger: Merger) -> dict:
    """Per-municipality figures with the two merged ones summed under the new key."""
    merged = {k: v for k, v in values.items() if k not in (merger.first, merger.second)}
    both = [values[k] for k in (merger.first, merger.second) if k in values]
    if both:
        total = sum(Decimal(str(v).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
                    for v in both)
        merged[merger.slug] = int(total) if total == int(total) else str(total).replace(".", ",")
    return merged


def _merge_key(key: dict | None, merger: Merger) -> None:
    """Use figures and agreed shares of a composite key: the merged municipality has the sum."""
    for part in (key or {}).get("komponenter") or []:
        for name in ("verdier", "andeler"):
            if isinstance(part.get(name), dict):
                part[name] = _merge_values(part[name], merger)


def build_scenario(root: Path, first: str, second: str, name: str, when: str,
                   with_pdf: bool = False):
    """Build the merged set into build/scenarier/<slug>/; return (merger, report text)."""
    from ..bygging.bygg import build, compose_all
    from ..gjennomgang.endringer import Version, compare, format_report
    from ..kilder.prosjekt import load_project
    with tempfile.TemporaryDirectory(prefix="samarbeid-scenario-") as tmp:
        work = Path(tmp) / "prosjekt"
        merger = merged_sources(root, work, first, second, name, when)
        try:
            build(work, with_pdf=with_pdf)
        except InputError as exc:
            raise InputError("Scenarioet gir kilder med feil (i en kopi, kildene dine er urørt):",
                             exc.problems) from None
        before_project = load_project(root)
        before = Version("dagens avtaler", before_project,
                         {d.slug: d for d in compose_all(before_project)})
        after_project = load_project(work)
        after = Version(f"scenario «{name}»", after_project,
                        {d.slug: d for d in compose_all(after_project)})
        text = format_report(compare(before, after))
        target = root / "build" / "scenarier" / merger.slug
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(work / "build", target, ignore=shutil.ignore_patterns(".*"))
        (target / "endringer.txt").write_text(text, encoding="utf-8")
    return merger, text

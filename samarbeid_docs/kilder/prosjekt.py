"""Load a project folder: every YAML source, validated and cross-checked, all problems at once."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import kilde, malsett
from .. import norsk
from ..feil import InputError, Level, Problem, error, warning
from .modell import (Folketall, Kilde, Kommune, Kommuner, Lov, Lover, Omrade, Samarbeidsavtale,
                     SsbFil, newest_common_date)

SOURCES = "avtaler"
from .rot import FRAMEWORK, find_root  # noqa: F401 - part of this module's interface
PARTIES = "avtaler/kommuner.yaml"
LAWS = "avtaler/lover.yaml"
SSB_FILE = "avtaler/folketall-ssb.yaml"
AREAS = "avtaler/omrader"


@dataclass(frozen=True)
class Project:
    """Everything the sources say, validated; areas in the framework's order."""

    root: Path
    kommuner: dict[str, Kommune]
    lover: dict[str, Lov]
    rammeavtale: Samarbeidsavtale
    omrader: dict[str, Omrade]
    files: dict[str, str]
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, kilde.Source] = field(default_factory=dict)

    def where(self, shown: str, *path) -> tuple[int | None, int | None]:
        """Return (line, column) of `path` in the source file `shown` (key first, then value)."""
        source = self.sources.get(shown)
        if source is None:
            return (None, None)
        return source.key_where(tuple(path)) if path else (1, None)

    @property
    def file_count(self) -> int:
        return len(self.sources) or 3 + len(self.omrader)

    def group_of(self, slug: str):
        return next(g for g in self.rammeavtale.grupper if slug in g.omrader)


def load_project(root: Path) -> Project:
    """Load and validate every source under `root`; raise InputError listing all problems."""
    problems: list[Problem] = []
    parties = _load_model(root, PARTIES, Kommuner, problems)
    fetched = _load_model(root, SSB_FILE, SsbFil, problems) if (root / SSB_FILE).is_file() else None
    if parties is not None and fetched is not None:
        parties = (_merge_ssb(parties[0], fetched[0], fetched[1], problems), parties[1])
    laws = _load_model(root, LAWS, Lover, problems)
    framework = _load_model(root, FRAMEWORK, Samarbeidsavtale, problems)
    areas: dict[str, tuple[Omrade | None, kilde.Source | None]] = {}
    refused: set[str] = set()  # files refused by name: said once, not again as missing
    area_dir = root / AREAS
    paths = sorted(area_dir.glob("*.yaml")) if area_dir.is_dir() else []
    for path in paths:
        shown = f"{AREAS}/{path.name}"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem):
            problems.append(error(shown, "filnavnet skal bestå av små bokstaver a–z, sifre og "
                                         "bindestrek (f.eks. plan-og-bygg.yaml); gi filen nytt navn"))
            continue
        if re.fullmatch(r"samarbeidsavtale|oversikt(-[0-9]+)?", path.stem):
            problems.append(error(shown, f"navnet {path.stem} brukes av samarbeidsavtalen og "
                                         "oversikten; gi filen et annet navn (f.eks. etter tjenesten)"))
            refused.add(path.stem)
            continue
        areas[path.stem] = _load_area(root, shown, problems)
    for path in sorted(area_dir.glob("*.yml")) if area_dir.is_dir() else []:
        problems.append(error(f"{AREAS}/{path.name}", "områdefiler skal slutte på .yaml; "
                                                         "gi filen nytt navn"))
    if not paths:
        problems.append(error(AREAS, "mappen har ingen områdefiler (*.yaml); legg inn minst ett område (se README.md)"))
    if all(x is not None for x in (parties, laws, framework)):
        # the checks across files run on every area that could be read, so that one run tells
        # every fault; an area file with its own faults is left out of them until it is fixed
        parsed = {k: v for k, v in areas.items() if v[0] is not None}
        problems += _cross_check(parties[0], laws[0], framework[0], framework[1], parsed,
                                 present=set(areas) | refused)
        problems += _numbers_on_the_date(parties[0], parties[1], framework[0],
                                         [m for m, _ in parsed.values()])
        problems += _shared_organisation_numbers(parties[0], parties[1])
        problems += _key_values(parties[0], framework[0], framework[1], parsed)
        problems += _laws_in_force(laws[0], framework[0], parsed)
    problems += _stale_schemas(root)
    problems += malsett.override_problems(root)
    errors = [p for p in problems if p.level is Level.ERROR]
    if errors:
        raise InputError("Kildene har feil.", sorted(problems, key=_order))
    ordered = [slug for g in framework[0].grupper for slug in g.omrader]
    sources = {FRAMEWORK: framework[1], PARTIES: parties[1], LAWS: laws[1]}
    if fetched is not None:
        sources[SSB_FILE] = fetched[1]
    sources.update({src.shown: src for _, src in areas.values()})
    return Project(
        root=root,
        kommuner=dict(parties[0].kommuner),
        lover=dict(laws[0].lover),
        rammeavtale=framework[0],
        omrader={slug: areas[slug][0] for slug in ordered},
        files={slug: f"{AREAS}/{slug}.yaml" for slug in ordered},
        warnings=sorted(problems, key=_order),
        sources=sources,
    )


def _stale_schemas(root: Path) -> list[Problem]:
    """A warning for each schema in schema/ that no longer matches the model and the project's
    keys (a new municipality, law, group or area): the editor would not offer it."""
    from .skjema import SCHEMA_DIR, schemas
    folder = root / SCHEMA_DIR
    if not folder.is_dir():
        return []
    return [warning(f"{SCHEMA_DIR}/{name}", "skjemaet er utdatert (kommunene, lovene, gruppene "
                                            "eller områdene er endret, eller samarbeid-docs er "
                                            "oppdatert); kjør «samarbeid skjema», så foreslår "
                                            "editoren de riktige verdiene")
            for name, text in schemas(root).items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def ssb_day(stamp: str) -> str:
    """SSB's «updated» stamp (2025-02-20T07:00:00Z) as a short Norwegian date, or as given."""
    try:
        return date.fromisoformat(stamp[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return stamp


def ssb_source(record) -> Kilde:
    how = (f"lest {record.hentet.strftime('%d.%m.%Y')} fra et lagret svar ({record.fra_fil})"
           if record.fra_fil else f"hentet {record.hentet.strftime('%d.%m.%Y')}")
    updated = f", oppdatert hos SSB {ssb_day(record.oppdatert_hos_ssb)}" if record.oppdatert_hos_ssb else ""
    return Kilde(tittel=f"Befolkning per {record.per.strftime('%d.%m.%Y')}, tabell 07459{updated}, "
                        f"{how} med samarbeid folketall hent",
                 utgiver="Statistisk sentralbyrå", tabell="07459", url=record.sporring)


def _merge_ssb(parties: Kommuner, fetched: SsbFil, source: kilde.Source,
               problems: list[Problem]) -> Kommuner:
    """Add the figures fetched from SSB to the parties; SSB's figure wins over one typed in."""
    merged = dict(parties.kommuner)
    for i, record in enumerate(fetched.folketall):
        party = merged.get(record.kommune)
        if party is None:
            line, column = source.where(("folketall", i, "kommune"))
            problems.append(error(SSB_FILE, f"ukjent kommune '{record.kommune}'; den må stå i "
                                            f"{PARTIES}", line=line, column=column))
            continue
        typed = party.folketall_per(record.per)
        if typed is not None and typed.antall != record.antall:
            line, column = source.where(("folketall", i, "antall"))
            problems.append(warning(SSB_FILE, f"{PARTIES} har {typed.antall} for {party.navn} per "
                                              f"{record.per.isoformat()}, SSB har {record.antall}; "
                                              "SSB-tallet brukes. Fjern tallet i kommuner.yaml.",
                                    line=line, column=column))
        figures = [f for f in party.folketall if f.per != record.per]
        figures.append(Folketall(per=record.per, antall=record.antall, kilde=ssb_source(record)))
        merged[record.kommune] = party.model_copy(update={"folketall": sorted(figures, key=lambda f: f.per)})
    return Kommuner(kommuner=merged)


def _order(p: Problem):
    return (p.file, p.line or 0, p.column or 0, p.message)


# -- loading one file ------------------------------------------------------------------------

def _load_model(root: Path, shown: str, model: type[BaseModel], problems: list[Problem]):
    path = root / shown
    if not path.is_file():
        problems.append(error(shown, "filen mangler; den må finnes i et prosjekt (hent den fra git eller se README.md)"))
        return None
    try:
        source = kilde.load(path, shown, root)
    except kilde.LoadError as exc:
        problems += exc.problems
        return None
    problems += _folded_lists(source)
    value = _validate(model, source, problems)
    return None if value is None else (value, source)


def _load_area(root: Path, shown: str, problems: list[Problem]):
    try:
        source = kilde.load(root / shown, shown, root)
    except kilde.LoadError as exc:
        problems += exc.problems
        return (None, None)
    problems += _folded_lists(source)
    return (_validate(Omrade, source, problems), source)


def _folded_lists(source: kilde.Source) -> list[Problem]:
    """A list typed in a text written without «|» (with «>-», in quotes …), which YAML joins
    into one line."""
    return [warning(source.shown, f"linjen begynner som et punkt i en liste, men teksten er skrevet "
                                  f"{how}, så YAML slår linjene sammen til én: skriv «|» etter kolonet "
                                  "og teksten på linjene under, så blir punktene en liste",
                    line=line, key=kilde.key_text(path))
            for path, line, how in source.folded_lists]


def _validate(model: type[BaseModel], source: kilde.Source, problems: list[Problem]):
    if not isinstance(source.data, dict):
        problems.append(error(source.shown, "filen må være en blokk med nøkler (nøkkel: verdi)",
                              line=1))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(_problem_from(err, model, source))
        return None


# -- pydantic errors in Norwegian ------------------------------------------------------------

_PATTERN_MESSAGES = {
    r"^\d{4}$": "kommunenummer skal være fire sifre i anførselstegn, f.eks. \"0441\"",
    r"^\d{9}$": "organisasjonsnummer skal være ni sifre i anførselstegn uten mellomrom",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "navnet skal bestå av små bokstaver a–z, sifre og bindestrek, "
                                 "f.eks. \"nord-fron\" eller \"plan-og-bygg\"",
    r"^https?://\S+$": "skal være en lenke som begynner med https:// eller http://",
    r"^https://lovdata\.no/\S+$": "skal være en lenke til lovdata.no",
    r"^LOV-\d{4}-\d{2}-\d{2}(-\d+)?$": "skal være Lovdatas identifikator, f.eks. LOV-2018-06-22-83",
}


def _lookalike(value: Any) -> str:
    """Name the first letter that only looks like a-z («а», Cyrillic, in «tolgа»): the value
    shown in the message looks right otherwise."""
    import unicodedata
    if not isinstance(value, str):
        return ""
    for char in value:
        if char.isalpha() and not ("a" <= char.lower() <= "z" or char in "æøåÆØÅ") and \
                unicodedata.normalize("NFKD", char)[0].lower() not in "abcdefghijklmnopqrstuvwxyz":
            return (f"; tegnet «{char}» (U+{ord(char):04X}) ser ut som en bokstav fra a–z, men er "
                    "fra et annet alfabet: skriv det på nytt fra tastaturet")
    return ""


def _shown_value(value: Any) -> str:
    if value is None:
        return "en tom verdi"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en blokk med nøkler"
    return repr(value)


def _model_at(model: type[BaseModel], path: tuple) -> Any:
    """The model of the block at `path` (keys and list indexes), or None."""
    current: Any = model
    for part in path:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            break
        match = next((f for name, f in current.model_fields.items()
                      if (f.alias or name) == part), None)
        if match is None:
            return None
        current = _inner_model(match.annotation)
        if current is not None and isinstance(part, str) and _is_dict(match.annotation):
            current = ("dict", current)
        if isinstance(current, tuple):
            current = current[1]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the YAML keys the model expects at `loc` (for 'did you mean')."""
    found = _model_at(model, loc[:-1])
    return [f.alias or n for n, f in found.model_fields.items()] if found else []


def _choices(model: type[BaseModel], loc: tuple) -> str:
    """«; gyldige verdier er 'a', 'b' eller 'c'» for a missing field that takes one of a few
    words, so the message says what to write."""
    from typing import Literal, get_args, get_origin
    found = _model_at(model, loc[:-1])
    field = next((f for n, f in found.model_fields.items() if (f.alias or n) == loc[-1]), None) if found else None
    if field is None or get_origin(field.annotation) is not Literal:
        return ""
    return "; gyldige verdier er " + norsk.join_names([f"'{v}'" for v in get_args(field.annotation)], "eller")


def _is_dict(annotation) -> bool:
    return "dict[" in str(annotation)


def _inner_model(annotation):
    from typing import get_args
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(get_args(item))
    return None


def _plain_key(word: str) -> str:
    """A key as its letters sound, to compare «opplæringsloven» with «opplaeringslova»."""
    return word.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")


def _as_key(value: Any, pattern: str) -> str:
    """For a key written as a name («vågå», «Nord-Fron»), the key it would be: «; skriv 'vaga'»."""
    if not isinstance(value, str) or pattern != r"^[a-z0-9]+(-[a-z0-9]+)*$" or \
            not re.fullmatch(r"[a-zæøåA-ZÆØÅ0-9 _-]+", value.strip()):
        return ""  # only names written with Norwegian letters, capitals, spaces: not lookalikes
    key = re.sub(r"[^a-z0-9]+", "-", _plain_key(value.strip())).strip("-")
    return f"; skriv '{key}'" if key and re.fullmatch(pattern, key) else ""


def _suggest(word: str, choices: list[str]) -> str:
    plain = {_plain_key(c): c for c in choices}
    close = difflib.get_close_matches(_plain_key(word), list(plain), n=1, cutoff=0.6)
    return f" (mente du '{plain[close[0]]}'?)" if close else ""


def _problem_from(err: dict, model: type[BaseModel], source: kilde.Source) -> Problem:
    loc = tuple(p for p in err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        line, column = source.key_where(loc)
        return error(source.shown, f"ugyldig navn {loc[-1]!r}: " + _PATTERN_MESSAGES.get(
            ctx.get("pattern", ""), "ugyldig nøkkel"), line=line, column=column,
            key=kilde.key_text(loc[:-1]))
    key = kilde.key_text(loc)
    if kind == "missing":
        line, column = source.where(loc[:-1])
        return error(source.shown, f"mangler påkrevd felt '{loc[-1]}'{_choices(model, loc)}",
                     line=line, column=column, key=kilde.key_text(loc[:-1]))
    if kind == "extra_forbidden":
        line, column = source.key_where(loc)
        hint = _suggest(str(loc[-1]), _allowed_keys(model, loc))
        return error(source.shown, f"ukjent nøkkel '{loc[-1]}'{hint}", line=line, column=column,
                     key=kilde.key_text(loc[:-1]))
    line, column = source.where(loc)
    messages = {
        "string_type": f"forventet tekst, fikk {_shown_value(value)}",
        "int_type": (f"forventet et helt tall uten desimaler, fikk {_shown_value(value)}"
                     if isinstance(value, float) else
                     f"forventet et heltall, fikk {_shown_value(value)}; skriv det uten mellomrom "
                     f"og anførselstegn: {re.sub(r'[^0-9]', '', value)}"
                     if isinstance(value, str) and re.fullmatch(r"[0-9][0-9 \u00a0.]*", value) else
                     f"forventet et heltall, fikk {_shown_value(value)}"),
        "int_parsing": f"forventet et heltall, fikk {_shown_value(value)}",
        "list_type": f"forventet en liste, fikk {_shown_value(value)}",
        "dict_type": f"forventet en blokk med nøkler, fikk {_shown_value(value)}",
        "model_type": f"forventet en blokk med nøkler, fikk {_shown_value(value)}",
        "model_attributes_type": f"forventet en blokk med nøkler, fikk {_shown_value(value)}",
        "greater_than": f"må være større enn {ctx.get('gt')}, fikk {_shown_value(value)}",
        "greater_than_equal": f"må være minst {ctx.get('ge')}, fikk {_shown_value(value)}",
        "less_than": f"må være mindre enn {ctx.get('lt')}, fikk {_shown_value(value)}",
        "less_than_equal": f"må være høyst {ctx.get('le')}, fikk {_shown_value(value)}",
        "too_short": ("listen kan ikke være tom" if ctx.get("min_length") == 1 else
                      f"må ha minst {ctx.get('min_length')} elementer"),
        "string_pattern_mismatch": f"{_PATTERN_MESSAGES.get(ctx.get('pattern', ''), 'har feil form')}"
                                   f", fikk {_shown_value(value)}{_lookalike(value)}"
                                   f"{_as_key(value, ctx.get('pattern', ''))}",
        "value_error": str(ctx.get("error", err["msg"])),
        "bool_type": f"forventet true eller false, fikk {_shown_value(value)}",
        "string_too_long": (f"teksten er for lang ({len(value) if isinstance(value, str) else '?'} "
                            f"tegn, høyst {ctx.get('max_length')}); kort den ned"),
    }
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " eller ")
        options = [o.strip(" '") for o in expected.replace(" eller ", ",").split(",")]
        hint = _suggest(str(value), options)
        message = f"ukjent verdi {_shown_value(value)}{hint}; gyldige verdier er {expected}"
    else:
        message = messages.get(kind, f"ugyldig verdi {_shown_value(value)} ({err['msg']})")
    return error(source.shown, message, line=line, column=column, key=key)


# -- checks across files ---------------------------------------------------------------------

def _laws_in_force(laws: Lover, framework: Samarbeidsavtale,
                   areas: dict[str, tuple[Omrade, kilde.Source]]) -> list[Problem]:
    """An agreement dated after a law was repealed may not rest on it."""
    day = framework.dato
    problems = []
    for slug, (area, source) in areas.items():
        if area.status == "avviklet":
            continue
        for index, key in enumerate(area.lover):
            law = laws.lover.get(key)
            if law is not None and law.opphevet is not None and law.opphevet <= day:
                line, column = source.where(("lover", index))
                problems.append(error(source.shown, f"{law.kort} ble opphevet "
                                      f"{norsk.date_text(law.opphevet)}, før avtalenes dato "
                                      f"{norsk.date_text(day)}; vis til loven som gjelder nå",
                                      line=line, column=column, key=f"lover[{index}]"))
    if "kommuneloven" in laws.lover:
        law = laws.lover["kommuneloven"]
        if law.opphevet is not None and law.opphevet <= day:
            problems.append(error(FRAMEWORK, f"kommuneloven i {LAWS} er oppført som opphevet "
                                  f"{norsk.date_text(law.opphevet)}, men avtalene dateres "
                                  f"{norsk.date_text(day)} og bygger på den; rett opphevet-datoen"))
    return problems


def _key_values(parties: Kommuner, framework: Samarbeidsavtale, framework_source: kilde.Source,
                areas: dict[str, tuple[Omrade, kilde.Source]]) -> list[Problem]:
    """A composite cost key's use figures and agreed shares must name every participant of
    each agreement that uses the key, and only known municipalities."""
    problems: list[Problem] = []
    seen: set[tuple[str, int, str]] = set()
    for slug, (area, source) in areas.items():
        if area.status == "avviklet" or not area.is_host_model:
            continue
        keys = [((area.kostnader, source) if area.kostnader else (framework.kostnader, framework_source))
                + ("kostnader",)]
        # the key in force today, where the agreement changes it: the case papers compute it too
        if area.kostnader_i_dag is not None:
            keys.append((area.kostnader_i_dag, source, "kostnader_i_dag"))
        elif area.status == "eksisterende" and area.kostnader is None and framework.kostnader_i_dag:
            keys.append((framework.kostnader_i_dag, framework_source, "kostnader_i_dag"))
        for model, where, root_key in keys:
            problems += _key_values_of(parties, area, slug, model, where, source, root_key, seen)
    return problems


def _key_values_of(parties: Kommuner, area: Omrade, slug: str, model, where: kilde.Source,
                   source: kilde.Source, root_key: str, seen: set) -> list[Problem]:
    """The check of `_key_values` for one key (`root_key`: kostnader or kostnader_i_dag)."""
    problems: list[Problem] = []
    for index, part in enumerate(model.komponenter or []):
        values = part.verdier if part.grunnlag == "bruk" else part.andeler
        if values is None:
            continue
        field = "verdier" if part.grunnlag == "bruk" else "andeler"
        path = (root_key, "komponenter", index, field)
        line, column = where.where(path)
        key = kilde.key_text(path)
        for name in values:
            if name not in parties.kommuner and (where.shown, root_key, index, name) not in seen:
                seen.add((where.shown, root_key, index, name))
                problems.append(error(where.shown, f"ukjent kommune '{name}'; den må stå i "
                                      f"{PARTIES}{_suggest(name, sorted(parties.kommuner))}",
                                      line=line, column=column, key=key))
        missing = [parties.kommuner[d].navn for d in area.deltakere
                   if d not in values and d in parties.kommuner]
        outside = [parties.kommuner[n].navn for n in values
                   if n in parties.kommuner and n not in area.deltakere]
        if outside and where is source:  # the area's own key names someone not taking part
            problems.append((error if part.grunnlag == "avtalt" else warning)(
                where.shown, f"{field} har {norsk.join_names(outside)}, som ikke deltar i "
                f"{area.tittel}; " + (
                    "de avtalte andelene må gjelde deltakerne og til sammen være 100: fjern "
                    "kommunen, eller før den opp under deltakere" if part.grunnlag == "avtalt" else
                    "tallet brukes ikke: fjern det, eller før kommunen opp under deltakere"),
                line=line, column=column, key=key))
        elif outside and part.grunnlag == "avtalt":
            problems.append(warning(
                where.shown, f"området {slug} ({area.tittel}) bruker samarbeidsavtalens avtalte "
                f"andeler, men {norsk.join_names(outside)} deltar ikke der: andelene til "
                "deltakerne regnes om så de blir 100 til sammen. Gi området sin egen nøkkel under "
                "kostnader hvis det ikke er meningen", line=line, column=column, key=key))
        if missing:
            whose = "" if where is source else f" (området {slug} bruker samarbeidsavtalens nøkkel)"
            problems.append(error(where.shown, f"{field} mangler {norsk.join_names(missing)}, som "
                                  f"deltar i {area.tittel}{whose}; før opp et tall for hver "
                                  "deltaker", line=line, column=column, key=key))
        elif part.grunnlag == "bruk" and sum(values[d] for d in area.deltakere) <= 0:
            problems.append(error(where.shown, "bruken er 0 for alle deltakerne i "
                                  f"{area.tittel}; da kan ingen del fordeles etter bruk",
                                  line=line, column=column, key=key))
    return problems


def _shared_organisation_numbers(parties: Kommuner, source: kilde.Source) -> list[Problem]:
    """Two municipalities cannot have one organisation number (a number copied to the next
    party and not changed): each is printed in the agreements as the party's identity."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for key, party in parties.kommuner.items():
        number = party.organisasjonsnummer
        if number is None:
            continue
        if number in seen:
            line, column = source.where(("kommuner", key, "organisasjonsnummer"))
            problems.append(error(source.shown, f"{party.navn} har samme organisasjonsnummer som "
                                                f"{parties.kommuner[seen[number]].navn} ({number}); "
                                                "rett nummeret etter Enhetsregisteret",
                                  line=line, column=column, key=f"kommuner.{key}.organisasjonsnummer"))
        else:
            seen[number] = key
    return problems


def _numbers_on_the_date(parties: Kommuner, source: kilde.Source, framework: Samarbeidsavtale,
                         areas: list[Omrade]) -> list[Problem]:
    """Every party in an agreement needs a municipality number valid on the agreements' date
    (the number is printed, and it gives the county and the statsforvalter)."""
    day = framework.dato
    used = set(framework.parter) | {k for a in areas if a.status != "avviklet" for k in a.deltakere}
    problems = []
    for key in sorted(used & set(parties.kommuner)):
        party = parties.kommuner[key]
        if any((n.fra is None or n.fra <= day) and (n.til is None or day <= n.til)
               for n in party.kommunenummer):
            continue

        def period(n) -> str:
            if n.fra and n.til:
                return f"{n.nummer} gjaldt fra {norsk.date_text(n.fra)} til {norsk.date_text(n.til)}"
            if n.til:
                return f"{n.nummer} gjaldt til {norsk.date_text(n.til)}"
            return f"{n.nummer} gjelder fra {norsk.date_text(n.fra)}"
        later = [n for n in party.kommunenummer if n.fra is not None and n.fra > day]
        hint = (f"; nummeret som gjelder nærmest etter, er {later[0].nummer}" if later else "")
        path = ("kommuner", key, "kommunenummer")
        line, column = source.where(path)
        problems.append(error(source.shown, f"{party.navn} har ikke noe kommunenummer som gjelder "
                                            f"{norsk.date_text(day)}, datoen i {FRAMEWORK} "
                                            f"({'; '.join(period(n) for n in party.kommunenummer)})"
                                            f"{hint}. Legg inn nummeret som gjelder da, med "
                                            "fra-dato og kilde", line=line, column=column,
                              key=f"kommuner.{key}.kommunenummer"))
    return problems


def _cross_check(parties: Kommuner, laws: Lover, framework: Samarbeidsavtale,
                 framework_source: kilde.Source,
                 areas: dict[str, tuple[Omrade, kilde.Source]],
                 present: set[str] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    known = sorted(parties.kommuner)
    fw = framework_source

    def unknown_party(slug: str, shown: str, where: tuple[int | None, int | None], key: str):
        problems.append(error(shown, f"ukjent kommune '{slug}'; den må stå i {PARTIES}"
                                     f"{_suggest(slug, known)}",
                              line=where[0], column=where[1], key=key))

    for i, slug in enumerate(framework.parter):
        if slug not in parties.kommuner:
            unknown_party(slug, fw.shown, fw.where(("parter", i)), f"parter[{i}]")

    listed: dict[str, tuple[int, int]] = {}
    ids: set[str] = set()
    for gi, group in enumerate(framework.grupper):
        if group.id in ids:
            line, column = fw.where(("grupper", gi, "id"))
            problems.append(error(fw.shown, f"gruppen '{group.id}' står to ganger; gi hver gruppe "
                                            "sin egen id", line=line, column=column,
                                  key=f"grupper[{gi}].id"))
        ids.add(group.id)
        for ai, slug in enumerate(group.omrader):
            path = ("grupper", gi, "områder", ai)
            line, column = fw.where(path)
            if slug in listed:
                problems.append(error(fw.shown, f"området '{slug}' står i to grupper; behold det i én",
                                      line=line, column=column, key=kilde.key_text(path)))
                continue
            listed[slug] = (gi, ai)
            if slug not in (areas if present is None else present):
                problems.append(error(fw.shown, f"området '{slug}' har ingen fil {AREAS}/{slug}.yaml; lag filen eller fjern navnet"
                                                f"{_suggest(slug, sorted(areas))}",
                                      line=line, column=column, key=kilde.key_text(path)))
        for di, slug in enumerate(group.deltakere or []):
            if slug not in parties.kommuner:
                path = ("grupper", gi, "deltakere", di)
                unknown_party(slug, fw.shown, fw.where(path), kilde.key_text(path))

    titles: dict[str, str] = {}
    for slug, (area, src) in areas.items():
        shown = src.shown
        if slug not in listed:
            problems.append(error(shown, f"området står ikke i noen gruppe i {FRAMEWORK}; "
                                         "legg det til under grupper", line=1))
        else:
            group = framework.grupper[listed[slug][0]]
            if area.gruppe != group.id:
                line, column = src.where(("gruppe",))
                problems.append(error(shown, f"gruppe '{area.gruppe}' stemmer ikke med "
                                             f"{FRAMEWORK}, der området står under '{group.id}'",
                                      line=line, column=column, key="gruppe"))
            _check_participants(area, src, group, framework, set(parties.kommuner), problems)
        if area.tittel in titles:
            line, column = src.where(("tittel",))
            problems.append(error(shown, f"tittelen er den samme som i {titles[area.tittel]}; "
                                         "to områder må ha ulike titler",
                                  line=line, column=column, key="tittel"))
        titles.setdefault(area.tittel, shown)
        for i, slug_p in enumerate(area.deltakere):
            if slug_p not in parties.kommuner:
                unknown_party(slug_p, shown, src.where(("deltakere", i)), f"deltakere[{i}]")
        if len(set(area.deltakere)) != len(area.deltakere):
            line, column = src.where(("deltakere",))
            problems.append(error(shown, "en kommune står flere ganger blant deltakerne; fjern den ene",
                                  line=line, column=column, key="deltakere"))
        if area.vertskommune_i_dag is not None:  # checked here, at the key's own line
            line, column = src.where(("vertskommune_i_dag",))
            if area.status != "eksisterende" or not area.is_host_model:
                problems.append(error(shown, "vertskommune_i_dag er vertskommunen et samarbeid i drift "
                                             "har i dag, og brukes bare med status eksisterende og form "
                                             "vertskommune; fjern den", line=line, column=column,
                                      key="vertskommune_i_dag"))
            elif area.vertskommune_i_dag == area.vertskommune:
                problems.append(error(shown, "vertskommune_i_dag er den samme som vertskommune; fjern "
                                             "vertskommune_i_dag når vertskapet ikke flyttes",
                                      line=line, column=column, key="vertskommune_i_dag"))
        for field_name in ("vertskommune", "vertskommune_i_dag"):
            host = getattr(area, field_name)
            if host and host not in area.deltakere:
                line, column = src.where((field_name,))
                problems.append(error(shown, f"vertskommunen '{host}' er ikke blant "
                                             f"deltakerne{_suggest(host, list(area.deltakere))}; "
                                             "legg den til i deltakere eller velg en av dem",
                                      line=line, column=column, key=field_name))
        for key in area.nemnd_medlemmer or {}:
            if key not in area.deltakere:
                line, column = src.key_where(("nemnd_medlemmer", key))
                problems.append(error(shown, f"'{key}' er ikke blant deltakerne"
                                             f"{_suggest(key, list(area.deltakere))}; bruk "
                                             "kortnavnene under deltakere",
                                      line=line, column=column, key="nemnd_medlemmer"))
        for i, law in enumerate(area.lover):
            if law not in laws.lover:
                line, column = src.where(("lover", i))
                problems.append(error(shown, f"ukjent lov '{law}'; den må stå i {LAWS}"
                                             f"{_suggest(law, sorted(laws.lover))}",
                                      line=line, column=column, key=f"lover[{i}]"))
        if area.budsjett and not area.is_host_model:
            line, column = src.where(("budsjett",))
            problems.append(error(shown, "budsjett og kostnadsfordeling gjelder bare "
                                         "vertskommunesamarbeid; fjern budsjett eller sett "
                                         "form: vertskommune", line=line, column=column,
                                  key="budsjett"))
        if area.is_host_model and area.status != "avviklet":
            _check_population(area, src, parties, framework, problems)
    return problems


def _check_population(area: Omrade, src: kilde.Source, parties: Kommuner,
                      framework: Samarbeidsavtale, problems: list[Problem]) -> None:
    """The cost split needs a population figure for every participant at one date: the
    framework's pinned date, or any date all of them share."""
    known = [(i, parties.kommuner[p]) for i, p in enumerate(area.deltakere) if p in parties.kommuner]
    if len(known) != len(area.deltakere):
        return  # unknown participants are reported on their own
    if framework.folketall_per is not None:
        for i, party in known:
            if party.folketall_per(framework.folketall_per) is None:
                line, column = src.where(("deltakere", i))
                problems.append(error(
                    src.shown, f"{party.navn} har ikke folketall per "
                               f"{framework.folketall_per.isoformat()} i {PARTIES}, som "
                               "kostnadsfordelingen bruker (folketall_per i samarbeidsavtalen); "
                               "legg inn tallet med kilde", line=line, column=column,
                    key=f"deltakere[{i}]"))
    elif newest_common_date([party for _, party in known]) is None:
        line, column = src.where(("deltakere",))
        problems.append(error(
            src.shown, "deltakerne har ikke folketall for en felles dato i "
                       f"{PARTIES}, og kostnadene kan ikke fordeles; legg inn folketall per "
                       "1. januar samme år for alle, med kilde", line=line, column=column,
            key="deltakere"))


def _check_participants(area: Omrade, src: kilde.Source, group, framework: Samarbeidsavtale,
                        known: set[str], problems: list[Problem]) -> None:
    """A group is a chapter: an area in it may have any of the group's parties (all the
    framework's parties when the group names none). A municipality outside the framework
    agreement may take part too, but only as a party to the sub-agreement: a warning says so."""
    allowed = group.deltakere if group.deltakere is not None else list(framework.parter)
    beyond = [p for p in area.deltakere if p in framework.parter and p not in allowed]
    # (not while the framework names a party the sources do not know: that error comes first,
    # and «dovre is not a party» in every area is only its echo when «dovr» was meant)
    outside = [p for p in area.deltakere if p not in framework.parter and p in known
               and all(k in known for k in framework.parter)]
    if not beyond and not outside:
        return  # nothing to say: the file's positions are not looked up (nor kept)
    line, column = src.where(("deltakere",))
    if beyond:
        problems.append(error(src.shown, f"gruppen '{group.id}' har deltakerne "
                                         f"{', '.join(allowed)}; området har "
                                         f"{', '.join(area.deltakere)}",
                              line=line, column=column, key="deltakere"))
    if outside and area.is_host_model and area.status != "avviklet":
        problems.append(warning(src.shown, f"{', '.join(outside)} er ikke part i samarbeidsavtalen; "
                                           "kommunen blir bare part i denne delavtalen og må "
                                           "vedta den selv", line=line, column=column,
                                key="deltakere"))

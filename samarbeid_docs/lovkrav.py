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

from . import norsk
from .dokument import Document, Heading, plain, text_lines
from .feil import Problem, error, warning
from .livslop import stage
from .modell import Omrade
from .prosjekt import AREAS, FRAMEWORK, Project

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


def _names(area: Omrade, project: Project) -> list[str]:
    return [project.kommuner[p].offisielt_navn for p in area.deltakere if p in project.kommuner]


REQUIREMENTS = [
    Requirement("a", "deltakerne i samarbeidet", "før opp minst to kommuner under deltakere",
                "deltakere",
                lambda a, p: len(a.deltakere) >= 2,
                lambda t, h, a, p: "Parter" in h and all(n in t for n in _names(a, p))),
    Requirement("b", "hvem av deltakerne som er vertskommune",
                "sett vertskommune: til en av deltakerne", "vertskommune",
                lambda a, p: a.vertskommune is not None,
                lambda t, h, a, p: f"{p.kommuner[a.vertskommune].offisielt_navn} er vertskommune" in t),
    Requirement("c", "hvilke oppgaver og hvilken myndighet som legges til vertskommunen",
                "før opp oppgavene under oppgaver (og myndigheten under myndighet)", "oppgaver",
                lambda a, p: bool(a.oppgaver),
                lambda t, h, a, p: "Oppgaver som legges til vertskommunen" in h
                and "Myndighet som legges til vertskommunen" in h
                and all(o in t for o in a.oppgaver)),
    Requirement("d", "når oppgaver og myndighet overføres",
                "sett overføring: (dato), eller bruk status eksisterende/ny", "overføring",
                lambda a, p: True,
                lambda t, h, a, p: "Når oppgaver og myndighet overføres" in h
                and "overføres til vertskommunen" in t),
    Requirement("e", "hvilke av vertskommunens vedtak deltakerne skal underrettes om",
                "før opp vedtakene under underretning", "underretning",
                lambda a, p: True,
                lambda t, h, a, p: "Underretning og rapportering" in h and "underrette" in t
                and all(u in t for u in a.underretning)),
    Requirement("f", "hvordan det økonomiske oppgjøret mellom samarbeidskommunene og "
                     "vertskommunen skal foregå", "angi kostnader: (modell) eller bruk "
                                                  "samarbeidsavtalens", "kostnader",
                lambda a, p: True,
                lambda t, h, a, p: "Økonomisk oppgjør" in h and "Fordelingsnøkkel" in h),
    Requirement("g", "hvordan deltakerne kan tre ut av samarbeidet",
                "angi oppsigelsesfrist_måneder (standard: 12)", "oppsigelsesfrist_måneder",
                lambda a, p: True,
                lambda t, h, a, p: "Uttreden" in h and "si opp avtalen" in t),
    Requirement("h", "hvordan samarbeidet skal oppløses", "klausulen om oppløsning", "tittel",
                lambda a, p: True,
                lambda t, h, a, p: "Oppløsning" in h and "oppløses" in t),
    Requirement("i", "annet som etter lov skal fastsettes i avtale",
                "klausulen om endringer, som tar inn krav fra annen lov", "tittel",
                lambda a, p: True,
                lambda t, h, a, p: "Endringer" in h and "annen lov" in t),
]

TEMPLATE_OF = {"delavtale": "maler/delavtale.md.j2"}


def _board_ok(area: Omrade) -> bool:
    members = area.nemnd_medlemmer or {}
    return all(members.get(p, 0) >= 2 for p in area.deltakere)


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
            if area.has_board and not _board_ok(area):
                line, column = project.where(shown, "nemnd_medlemmer")
                problems.append(error(shown, f"mangler {SECTION} fjerde ledd: hvor mange "
                                             "medlemmer hver deltaker har i nemnda; før opp minst "
                                             "to per deltaker under nemnd_medlemmer",
                                      line=line, column=column))
        problems += _state_transfers(project, slug, area, shown)
        problems += _adoption(project, shown, area.behandling, area.deltakere,
                              ("behandling",), area.status)
    fw = project.rammeavtale
    problems += _adoption(project, FRAMEWORK, fw.behandling, list(fw.parter), ("behandling",),
                          "eksisterende")
    problems += old_law_references(project.root)
    problems += host_duty(project)
    return problems


def host_duty(project: Project) -> list[Problem]:
    """Warn when a municipality hosts clearly more or fewer areas than population warrants."""
    from .kontekst import host_table
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
              (re.compile(r"\bfylkesm[ae]nn(en|ene)?\b", re.I), "fylkesmann", "statsforvalteren")]


def old_law_references(root: Path) -> list[Problem]:
    """Flag references to the 1992 act in sources and templates (unless marked '1992')."""
    problems: list[Problem] = []
    files = sorted((root / "avtaler").rglob("*.yaml")) + sorted((root / "maler").rglob("*.j2"))
    for path in files:
        shown = path.relative_to(root).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports unreadable files
        for number, line in enumerate(lines, start=1):
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
            for pattern, old, new in SOFT_TERMS:
                for match in pattern.finditer(line):
                    problems.append(warning(shown, f"«{match.group(0)}» er en eldre betegnelse; "
                                                   f"bruk {new}", line=number,
                                            column=match.start() + 1))
    return problems


# -- checks on the rendered text -------------------------------------------------------------

def check_documents(project: Project, documents: list[Document]) -> list[Problem]:
    """Check every sub-agreement's rendered text for each letter of § 20-4.

    A letter missing from every document built from one template is reported once, against
    the template; a letter missing from some documents only, against those areas' files.
    """
    return gap_problems(project, {d.slug: document_gaps(project, d) for d in documents
                                  if d.kind == "delavtale"})


def document_gaps(project: Project, doc: Document) -> list[str]:
    """The letters of § 20-4 (and "nemnd") that one sub-agreement's text lacks; [] for others."""
    if doc.kind != "delavtale":
        return []
    area = project.omrader[doc.slug]
    text = "\n".join(text_lines(doc))
    headings = [plain(b.runs) for b in doc.blocks if isinstance(b, Heading)]
    gaps = [req.letter for req in REQUIREMENTS if not req.in_text(text, headings, area, project)]
    if area.has_board and not all(f"{n}" in text for n in _names(area, project)):
        gaps.append("nemnd")
    return gaps


def gap_problems(project: Project, gaps: dict[str, list[str]]) -> list[Problem]:
    """Problems for the gaps of every sub-agreement (slug → its `document_gaps`)."""
    missing: dict[str, list[str]] = {}
    for slug, letters in gaps.items():
        for letter in letters:
            missing.setdefault(letter, []).append(slug)
    total = len(gaps)
    problems: list[Problem] = []
    for req in REQUIREMENTS:
        slugs = missing.get(req.letter, [])
        if not slugs:
            continue
        message = (f"mangler {SECTION} bokstav {req.letter}: {req.asks}; teksten i "
                   f"{len(slugs)} av {total} delavtaler har ikke bestemmelsen")
        if len(slugs) == total:
            problems.append(error(TEMPLATE_OF["delavtale"], message + " – sett inn klausulen "
                                  "igjen i malen (se maler/klausuler/)"))
        else:
            for slug in slugs:
                shown = f"{AREAS}/{slug}.yaml"
                line, column = project.where(shown, req.key)
                problems.append(error(shown, f"mangler {SECTION} bokstav {req.letter}: {req.asks}; "
                                             "den bygde teksten har ikke bestemmelsen; "
                                             f"{req.fix}", line=line, column=column))
    return problems

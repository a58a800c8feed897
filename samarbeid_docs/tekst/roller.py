"""Free text that gives the host's role to another municipality than the data does.

When an area's `vertskommune` changes, sentences typed by hand ("Landbrukskontoret (Os) …",
"med Os som vertskommune") do not follow. This check reads the free text of every area file and
warns, at the text's file and line, where it names a municipality as host, seat or location of
the service and that municipality is not the host in the data. History, sources and what the
agreement replaces tell the past and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..feil import Problem, warning
from ..kilder.prosjekt import AREAS, FRAMEWORK, Project

PAST = ("historikk", "erstatter", "behandling", "url")
"""Keys whose text tells the past, or is not prose; with every key ending in «kilde»/«kilder»."""

HOST_WORDS = r"(?i:vertskommune|vertskommunen|vertskommunene)"
SEAT_WORDS = r"(?i:kontor|kontoret|tjeneste|tjenesten|avdeling|avdelingen|enhet|enheten|kontorene)"


def _patterns(names: list[str]) -> list[re.Pattern]:
    name = "(?P<navn>" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
    named = rf"(?<!\w){name}(?:\s+kommune)?(?!\w)"
    return [
        re.compile(rf"{named}\s+(?i:(?:er|blir|skal\s+være|som)\s+)+{HOST_WORDS}(?!\w)"),
        re.compile(rf"(?<!\w){HOST_WORDS}\s*(?:(?i:er|blir)\s+|[:,–-]\s*)?{named}"),
        re.compile(rf"(?<!\w)\w*{SEAT_WORDS}\s*\(\s*{named}\s*\)"),
        re.compile(rf"(?<!\w)(?i:lagt|legges|ligger|lokalisert|plassert)\s+(?i:til|i|på)\s+{named}"),
    ]


def _texts(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string in `data` with its key path, leaving out history and sources."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and (key in PAST or key.endswith(("kilde", "kilder"))):
                continue
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _line(lines: list[str], start: int | None, words: str) -> int | None:
    """The line where `words` begin, in a (possibly folded) text that starts at line `start`:
    the first line that holds the longest beginning of them."""
    if start is None:
        return None
    end = min(start + 60, len(lines))
    parts = words.split()
    for count in range(len(parts), 0, -1):
        prefix = " ".join(parts[:count])
        for number in range(start, end + 1):
            if prefix in " ".join(lines[number - 1].split()):
                return number
    return start


def _problem(project: Project, shown: str, line, said: str, named: str, area) -> Problem:
    host = area.vertskommune
    if host is None:
        fact = f"{area.tittel} har ingen vertskommune i dataene (form: {area.form})"
    else:
        fact = f"vertskommunen for {area.tittel} er {project.kommuner[host].navn} (vertskommune: {host})"
    return warning(shown, f"teksten gir {named} vertskommunens rolle («{said}»), men {fact}. Rett "
                          "teksten, eller flytt den til historikk hvis den forteller hvordan det "
                          "var før", line=line)


def stale_roles(project: Project) -> list[Problem]:
    """Warnings for every place in the areas' and the framework's free text that names another
    municipality than the data as an area's host. In the framework a sentence is about an area
    when it names the area's title."""
    by_name = {k.navn: key for key, k in project.kommuner.items()}
    by_name.update({k.samisk_navn: key for key, k in project.kommuner.items() if k.samisk_navn})
    if not by_name:
        return []
    patterns = _patterns(list(by_name))
    active = {slug: a for slug, a in project.omrader.items() if a.status != "avviklet"}
    problems: list[Problem] = []

    def scan(shown: str, texts_of) -> None:
        source = project.sources.get(shown)
        if source is None:
            return
        lines = source.path.read_text(encoding="utf-8").splitlines()
        told: set[tuple] = set()
        for path, text, area in texts_of(source):
            for pattern in patterns:
                for match in pattern.finditer(text):
                    named = match.group("navn")
                    if by_name[named] == area.vertskommune or (path, match.group(0)) in told:
                        continue
                    told.add((path, match.group(0)))
                    line = _line(lines, source.where(path)[0], match.group(0))
                    problems.append(_problem(project, shown, line, match.group(0), named, area))

    for slug, area in active.items():
        def own(source, area=area):
            for path, text in _texts(source.data):
                if not (path and path[0] in ("vertskommune", "deltakere", "form", "status")):
                    yield path, " ".join(text.split()), area
        scan(f"{AREAS}/{slug}.yaml", own)

    def framework(source):
        for path, text in _texts(source.data):
            for sentence in re.split(r"(?<=[.;:!?])\s+", " ".join(text.split())):
                about = [a for a in active.values() if a.tittel in sentence]
                if len(about) == 1:
                    yield path, sentence, about[0]
    scan(FRAMEWORK, framework)
    return problems

"""Is the text in the sources written in the standard its documents are written in?

The clauses come in both written standards, but the text a region writes in its sources (the
purpose, the tasks, the history, the law's short name) goes into the documents as written. A
project switched to nynorsk (`målform: nynorsk`) therefore still gives bokmål sentences from
its sources, between nynorsk clauses. This check names the file, the line and the words, so
the text can be written again; it does not translate.
"""

from __future__ import annotations

import re
from typing import Any

from .. import norsk
from ..feil import Problem, warning
from ..kilder.prosjekt import AREAS, FRAMEWORK, LAWS, Project

# Common word forms found in only one standard. Words that are a different word in the other
# («gjeld», debt; «tilsette», to appoint) are left out: the check must not cry wolf.
BOKMAL_ONLY = ("ikke", "hvis", "hver", "hvert", "noen", "disse", "være", "fra", "uten", "selv",
               "bare", "hvordan", "egen", "eget", "annen", "ble", "kommunene", "deltakerne",
               "tjenesten", "tjenester", "tjenestene", "oppgavene", "myndigheten", "gjelder",
               "vedtatt", "avtalene", "kommunestyrene", "måneder", "samarbeidskommunene")
NYNORSK_ONLY = ("ikkje", "kommunane", "frå", "kvar", "dei", "berre", "vere", "eit", "oppgåver",
                "oppgåvene", "tenesta", "tenester", "deltakarane", "avtalane", "kommunestyra",
                "vedteke", "sjølv", "utan", "korleis", "samarbeidskommunane")

# What is not text of the documents: sources and their titles, working notes, keys and dates.
_SKIP = re.compile(r"kilde|url|begrunnelse|^id$|^kort$|^tittel$|^deltakere$|^vertskommune|"
                   r"^status$|^form$|^gruppe$|^lover$|^parter$|^omrader$|^målform$")
_QUOTED = re.compile(r"«[^«»]*»")


def words_of_the_other_standard(text: str, form: str) -> list[str]:
    """The words in `text` that belong only to the standard other than `form`, outside
    quotations (a law's own words or a title may be quoted as written)."""
    while _QUOTED.search(text):
        text = _QUOTED.sub(" ", text)
    other = BOKMAL_ONLY if form == norsk.NYNORSK else NYNORSK_ONLY
    return [w for w in other if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)]


def _texts(data: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """(path, text) of every string in a source's data that goes into the documents."""
    if isinstance(data, str):
        return [(path, data)]
    if isinstance(data, dict):
        return [found for key, value in data.items() if not _SKIP.search(str(key))
                for found in _texts(value, path + (key,))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _texts(value, path + (i,))]
    return []


def _check_file(project: Project, shown: str, data: dict, form: str) -> list[Problem]:
    found: list[str] = []
    first: tuple | None = None
    for path, text in _texts(data):
        words = [w for w in words_of_the_other_standard(text, form) if w not in found]
        if words and first is None:
            first = path
        found += words
    if not found:
        return []
    line, column = project.where(shown, *first)
    other, this = ("bokmål", "nynorsk") if form == norsk.NYNORSK else ("nynorsk", "bokmål")
    shown_words = ", ".join(f"«{w}»" for w in found[:5])
    return [warning(shown, f"teksten ser ut til å være skrevet på {other} ({shown_words}), men "
                           f"dokumentene skrives på {this} (målform): skriv teksten i filen om på "
                           f"{this}; ord i «…» regnes som sitat", line=line, column=column)]


def mixed_standard(project: Project) -> list[Problem]:
    """A warning for each source file whose text is in the other written standard than its
    documents, and for each law whose short name is bokmål where every document citing it is
    in nynorsk."""
    from .sammenstill import written_form
    fw = project.rammeavtale
    problems = _check_file(project, FRAMEWORK, fw.model_dump(by_alias=True), written_form(project))
    for slug, area in project.omrader.items():
        if area.status == "avviklet":
            continue  # an ended area has no document of its own
        problems += _check_file(project, f"{AREAS}/{slug}.yaml", area.model_dump(by_alias=True),
                                written_form(project, slug))
    forms_of: dict[str, set[str]] = {}
    for slug, area in project.omrader.items():
        for key in area.lover:
            forms_of.setdefault(key, set()).add(written_form(project, slug))
    for key, forms in forms_of.items():
        law = project.lover.get(key)
        if law is None or forms != {norsk.NYNORSK} or not law.kort.endswith("loven"):
            continue
        line, column = project.where(LAWS, "lover", key, "kort")
        suggested = law.kort[:-5].replace("tjeneste", "teneste") + "lova"
        problems.append(warning(LAWS, f"kortnavnet «{law.kort}» er bokmål, men avtalene som viser "
                                      f"til loven, skrives på nynorsk: skriv det nynorske "
                                      f"kortnavnet, for eksempel «{suggested}»",
                                line=line, column=column))
    return problems

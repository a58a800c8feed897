"""The adoption lifecycle of an agreement: utkast → til behandling → vedtatt → i kraft.

Every participating council adopts the agreement itself (kommuneloven § 20-4 second
paragraph). Until all have, the agreement is a draft and its documents say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import norsk
from ..kilder.modell import Behandling, Vedtak

STAGES = norsk.Words({"utkast": "Utkast", "til_behandling": "Til behandling", "vedtatt": "Vedtatt",
                      "i_kraft": "I kraft"},
                     {"utkast": "Utkast", "til_behandling": "Til behandling", "vedtatt": "Vedteke",
                      "i_kraft": "I kraft"})


@dataclass(frozen=True)
class Stage:
    code: str
    adopted: dict[str, Vedtak]
    missing: tuple[str, ...]
    in_force: date | None

    @property
    def draft(self) -> bool:
        return self.code in ("utkast", "til_behandling")

    @property
    def text(self) -> str:
        if self.code == "i_kraft" and self.in_force:
            return norsk.say(f"I kraft fra {norsk.date_text(self.in_force)}",
                             f"I kraft frå {norsk.date_text(self.in_force)}")
        return STAGES[self.code]


def stage(behandling: Behandling, participants: list[str]) -> Stage:
    """Return where an agreement with `participants` stands, from its adoption records."""
    adopted = {v.kommune: v for v in behandling.vedtak if v.kommune in participants}
    missing = tuple(p for p in participants if p not in adopted)
    if not missing:
        code = "i_kraft" if behandling.i_kraft else "vedtatt"
    elif behandling.vedtak or behandling.sendt:
        code = "til_behandling"
    else:
        code = "utkast"
    return Stage(code, adopted, missing, behandling.i_kraft if not missing else None)


@dataclass(frozen=True)
class StatusRow:
    title: str
    status: str
    councils: dict[str, str]


def status_rows(project) -> tuple[list[str], list[StatusRow]]:
    """Return the council columns and one row per agreement: where it stands, per council."""
    fw = project.rammeavtale
    involved = list(fw.parter) + sorted(
        {p for a in project.omrader.values() if a.status != "avviklet" for p in a.deltakere}
        - set(fw.parter))
    agreements = [(fw.tittel, fw.behandling, list(fw.parter), None)]
    agreements += [(a.tittel, a.behandling, a.deltakere, a) for a in project.omrader.values()]
    rows = []
    for title, behandling, participants, area in agreements:
        if area is not None and area.status == "avviklet":
            rows.append(StatusRow(title, f"Avviklet {norsk.date_text(area.avviklet.dato)}",
                                  {k: "" for k in involved}))
            continue
        if area is not None and not area.is_host_model:  # organised by its own agreement or
            # statutes: an orientation, which the councils do not adopt under this agreement
            rows.append(StatusRow(title, norsk.say("Orientering, ikke til vedtak",
                                                   "Orientering, ikkje til vedtak"),
                                  {k: norsk.say("deltar", "deltek") if k in participants else
                                   norsk.say("deltar ikke", "deltek ikkje") for k in involved}))
            continue
        where = stage(behandling, participants)
        cells = {}
        for key in involved:
            record = where.adopted.get(key)
            if key not in participants:
                cells[key] = "deltar ikke"
            elif record:
                cells[key] = f"vedtatt {norsk.date_text(record.dato)} (sak {record.saksnummer})"
            else:
                cells[key] = "ikke vedtatt"
        rows.append(StatusRow(title, where.text, cells))
    return involved, rows


TRANSFER_MONTHS = (1, 7)
TRANSFER_LEAD_MONTHS = 3
def transfer_rule() -> str:
    """The rule for the transfer day, in words (where the sources give no fixed day)."""
    return norsk.say("1. januar eller 1. juli, den første av disse datoene som ligger minst tre "
                     "måneder etter at det siste kommunestyret har vedtatt avtalen",
                     "1. januar eller 1. juli, den første av desse datoane som ligg minst tre "
                     "månader etter at det siste kommunestyret har vedteke avtalen")


def transfer_date(last_adoption: date) -> date:
    """The transfer day the rule yields: the first 1 January or 1 July at least three months
    after the last council adopted the agreement."""
    month = last_adoption.month + TRANSFER_LEAD_MONTHS
    year = last_adoption.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    earliest = date(year, month, min(last_adoption.day, 28))
    if earliest > date(earliest.year, 1, 1) and earliest <= date(earliest.year, 7, 1):
        return date(earliest.year, 7, 1)
    if earliest <= date(earliest.year, 1, 1):
        return date(earliest.year, 1, 1)
    return date(earliest.year + 1, 1, 1)

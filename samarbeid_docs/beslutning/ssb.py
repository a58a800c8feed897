"""Population figures from Statistics Norway (SSB), table 07459, through PxWebApi v2.

The response is JSON-stat 2.0: `id` and `size` give the dimensions in order, each dimension's
`category.index` maps a code to its position, and `value` is the flat row-major array (the last
dimension varies fastest). Missing cells are null, with a `status` such as "..".
"""

from __future__ import annotations

import json
import math
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..feil import SamarbeidError, os_reason

TABLE = "07459"
API = "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data"
TIMEOUT = 30


class SsbError(SamarbeidError):
    """SSB could not be reached or answered something we cannot use; nothing was changed.
    Exit status 2, as for other input the command cannot use (1 is kept for internal faults)."""

    exit_code = 2


@dataclass(frozen=True)
class Response:
    figures: dict[tuple[str, int], int]   # (region code, year) → persons at 1 January
    missing: list[tuple[str, int]]
    updated: str
    label: str
    names: dict[str, str] | None = None   # region code → the municipality's name, as SSB gives it


def query_url(region_codes: list[str], years: list[int]) -> str:
    """The PxWebApi v2 query for persons per 1 January, summed under today's numbers."""
    params = [
        ("lang", "no"),
        ("outputFormat", "json-stat2"),
        ("codelist[Region]", "agg_KommSummer"),
        ("outputValues[Region]", "aggregated"),
        ("valueCodes[Region]", ",".join(f"K-{c}" for c in region_codes)),
        ("valueCodes[ContentsCode]", "Personer1"),
        ("valueCodes[Tid]", ",".join(str(y) for y in years)),
    ]
    return f"{API}?{urllib.parse.urlencode(params, safe=',[]')}"


KLASS = "https://data.ssb.no/api/klass/v1/classifications/131/codesAt.json"
"""SSB's classification 131, «Standard for kommuneinndeling»: the municipalities on a date."""


def municipalities_url(day) -> str:
    return f"{KLASS}?{urllib.parse.urlencode({'date': day.isoformat()})}"


def parse_municipalities(raw: bytes | str) -> dict[str, str]:
    """Number → name of every municipality in a KLASS answer (classification 131)."""
    try:
        data = json.loads(raw)
        codes = data["codes"]
        found = {str(c["code"]): str(c["name"]) for c in codes}
    except (ValueError, KeyError, TypeError):
        raise SsbError("Svaret fra SSB om kommuneinndelingen (KLASS 131) kunne ikke leses. Ingen "
                       "filer er endret.") from None
    if not found:
        raise SsbError("SSB svarte uten kommuner (KLASS 131). Ingen filer er endret.")
    return found


def offline_hint(url: str | None) -> str:
    """What to do without a network: fetch `url` elsewhere and give the saved answer."""
    if url is None:
        return ("Uten nett: oppgi kommunene med kommunenummer (f.eks. --kommuner 3324,3326), så "
                "sier kommandoen hvilken adresse svaret fra SSB skal hentes fra og lagres, til "
                "--fra-fil.")
    return (f"Uten nett: åpne {url} på en maskin som er på nett, lagre svaret i en fil og kjør "
            "kommandoen igjen med --fra-fil FIL.")


def fetch(url: str, timeout: float = TIMEOUT) -> bytes:
    """GET `url`; any network or HTTP problem becomes an SsbError in Norwegian."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "samarbeid-docs"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        raise SsbError(f"SSB svarte med feil {exc.code} ({exc.reason}). Ingen filer er endret.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, socket.gaierror):
            said = "fant ikke data.ssb.no"
        elif isinstance(reason, (TimeoutError, socket.timeout)):
            said = f"SSB svarte ikke innen {int(timeout)} sekunder"
        elif isinstance(reason, OSError):
            said = os_reason(reason)
        else:
            said = "nettverksfeil"
        hint = offline_hint(None if url.startswith(KLASS) else url)
        raise SsbError(f"Fikk ikke kontakt med SSB ({said}). Er maskinen på nett? {hint} Ingen "
                       "filer er endret.") from None


def _index(category: dict) -> dict[str, int]:
    index = category.get("index")
    if isinstance(index, list):
        return {code: i for i, code in enumerate(index)}
    if isinstance(index, dict):
        return {str(code): int(pos) for code, pos in index.items()}
    raise ValueError("category.index mangler")


def parse(raw: bytes | str, source: str = "") -> Response:
    """Read a JSON-stat 2.0 answer for table 07459; SsbError if it is not one. `source`: the
    saved answer's file, named in the message with the line where the JSON breaks."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        where = (f"{source}:{exc.lineno}:{exc.colno}: " if source and isinstance(exc, json.JSONDecodeError)
                 else f"{source}: " if source else "")
        what = "Det lagrede svaret fra SSB er ikke gyldig JSON" if source else "Svaret fra SSB er ikke JSON"
        raise SsbError(f"{where}{what}, så den kan ikke leses som tabell {TABLE}. "
                       + ("Lagre svaret fra SSB på nytt. " if source else "") + "Ingen filer er endret.") from None
    try:
        if not isinstance(data, dict):
            raise ValueError("svaret er ikke et JSON-stat-datasett")
        if data.get("class") != "dataset" or not str(data.get("version", "")).startswith("2"):
            raise ValueError("ikke et JSON-stat 2.0-datasett")
        ids, sizes, values = data["id"], data["size"], data["value"]
        if len(ids) != len(sizes) or math.prod(sizes) != len(values):
            raise ValueError(f"størrelsene {sizes} passer ikke med {len(values)} verdier")
        for needed in ("Region", "Tid"):
            if needed not in ids:
                raise ValueError(f"dimensjonen {needed} mangler")
        indexes = [_index(data["dimension"][dim]["category"]) for dim in ids]
        strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
        region_pos, time_pos = ids.index("Region"), ids.index("Tid")
        figures: dict[tuple[str, int], int] = {}
        missing: list[tuple[str, int]] = []
        for region, r in indexes[region_pos].items():
            for year, t in indexes[time_pos].items():
                position = [0] * len(ids)
                position[region_pos], position[time_pos] = r, t
                value = values[sum(p * s for p, s in zip(position, strides))]
                key = (region.removeprefix("K-"), int(year))
                if value is None:
                    missing.append(key)
                elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
                        or value != int(value):
                    raise ValueError(f"verdien for {region} {year} er ikke et antall: {value!r}")
                else:
                    figures[key] = int(value)
    except ValueError as exc:  # our own reasons, in Norwegian
        raise SsbError(f"Svaret fra SSB kunne ikke leses som tabell {TABLE} ({exc}). Ingen filer "
                       "er endret.") from None
    except (KeyError, TypeError, IndexError, AttributeError):
        raise SsbError(f"Svaret fra SSB kunne ikke leses som tabell {TABLE} (det mangler deler "
                       "av et JSON-stat 2.0-datasett). Ingen filer er endret.") from None
    labels = data["dimension"]["Region"].get("category", {}).get("label") or {}
    # SSB labels a municipality by its name («Røros»); a label given with its number in front
    # («1811 Bindal», as the statistics bank shows it) gets the name only
    names = {str(code).removeprefix("K-"): re.sub(rf"^(?:K-)?{re.escape(str(code).removeprefix('K-'))}\s+",
                                                  "", str(name).strip())
             for code, name in labels.items()} if isinstance(labels, dict) else {}
    return Response(figures, missing, str(data.get("updated", "")), str(data.get("label", "")), names)

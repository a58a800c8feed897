"""Typed model of the sources: parties, laws, the framework agreement and each cooperation area.

Field names are the YAML keys the staff write (Norwegian domain words). The model does no I/O;
`prosjekt.py` loads files and turns validation errors into located problems.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      StrictInt, model_validator)


def _iso_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"forventet en dato som ÅÅÅÅ-MM-DD, fikk {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"datoen {value} finnes ikke") from None


def _norwegian_decimal(value: object) -> object:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"skriv tallet som tekst i anførselstegn, f.eks. '6,55', fikk {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(f"forventet et tall som '6,55', fikk {value!r}") from None
    raise ValueError(f"forventet et tall som '6,55', fikk {value!r}")


GOVERNOR_RENAMED = date(2021, 1, 1)


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("teksten er tom")
    return value


def _whole_sentence(value: str) -> str:
    """A purpose is stated as whole sentences: a capital first letter, a full stop at the end."""
    _non_blank(value)
    text = value.strip()
    if not text[0].isupper() or text[-1] not in ".!":
        raise ValueError("skriv formålet som hele setninger, med stor forbokstav og punktum, "
                         "f.eks. «Samarbeidet skal gi …»")
    return value


Dato = Annotated[date, BeforeValidator(_iso_date)]
Tall = Annotated[Decimal, BeforeValidator(_norwegian_decimal)]
# Limits the writers and a reader can take: a title fits a page header and a file's properties
# (python-docx, Word and PDF readers shorten longer ones), a text is at most a long paragraph.
MAX_TITLE = 200
MAX_TEXT = 4000
Tekst = Annotated[str, Field(strict=True, max_length=MAX_TEXT), AfterValidator(_non_blank)]
Tittel = Annotated[str, Field(strict=True, max_length=MAX_TITLE), AfterValidator(_non_blank)]
Slug = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Positiv = Annotated[StrictInt, Field(gt=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False,
                              str_strip_whitespace=False)


class Kilde(Strict):
    """Where a fact comes from. `tittel` is required; a URL where there is one."""

    tittel: Tekst
    utgiver: Tekst | None = None
    url: Annotated[str, Field(strict=True, pattern=r"^https?://\S+$")] | None = None
    tabell: Tekst | None = None
    merknad: Tekst | None = None


class Folketall(Strict):
    per: Dato
    antall: Positiv
    kilde: Kilde


class Kommunenummer(Strict):
    nummer: Annotated[str, Field(strict=True, pattern=r"^\d{4}$")]
    fylke: Tekst
    fra: Dato | None = None
    til: Dato | None = None
    # The state county governor's office for this number's county, where its name is not
    # simply "Statsforvalteren i <fylke>" (e.g. an office that covers several counties).
    statsforvalter: Tekst | None = None
    kilde: Kilde

    def governor(self, day: date) -> str:
        """The office the host notifies (§ 20-4 fifth paragraph), by its title on `day`.

        The title changed from fylkesmannen to statsforvalteren on 1 January 2021.
        """
        if self.statsforvalter:
            return self.statsforvalter
        title = "Statsforvalteren" if day >= GOVERNOR_RENAMED else "Fylkesmannen"
        return f"{title} i {self.fylke}"


class Kommune(Strict):
    navn: Tekst
    samisk_navn: Tekst | None = None
    samisk_navn_kilde: Kilde | None = None
    organisasjonsnummer: Annotated[str, Field(strict=True, pattern=r"^\d{9}$")] | None = None
    organisasjonsnummer_kilde: Kilde | None = None
    kommunenummer: Annotated[list[Kommunenummer], Field(min_length=1)]
    folketall: Annotated[list[Folketall], Field(min_length=1)]

    @property
    def offisielt_navn(self) -> str:
        return f"{self.navn} kommune"

    def nummer_per(self, day: date) -> Kommunenummer:
        """Return the municipality number valid on `day` (the latest one if none matches)."""
        for entry in self.kommunenummer:
            if (entry.fra is None or entry.fra <= day) and (entry.til is None or day <= entry.til):
                return entry
        return self.kommunenummer[-1]

    def folketall_per(self, day: date) -> Folketall | None:
        return next((f for f in self.folketall if f.per == day), None)


def newest_common_date(parties: list[Kommune]) -> date | None:
    """The newest reference date for which every one of `parties` has a population figure."""
    common = set.intersection(*({f.per for f in k.folketall} for k in parties)) if parties else set()
    return max(common, default=None)


class Kommuner(Strict):
    kommuner: dict[Slug, Kommune]


class SsbFolketall(Strict):
    """One figure fetched from SSB by `samarbeid folketall hent` (avtaler/folketall-ssb.yaml)."""

    kommune: Slug
    per: Dato
    antall: Positiv
    hentet: Dato
    sporring: Annotated[str, Field(alias="spørring", strict=True, pattern=r"^https://\S+$")]
    oppdatert_hos_ssb: Tekst | None = None


class SsbFil(Strict):
    tabell: Literal["07459"]
    folketall: list[SsbFolketall] = []


class Klageinstans(Strict):
    """The state body an act makes the appeal instance for the municipality's decisions."""

    organ: Tekst
    hjemmel: Tekst
    gjelder: Tekst | None = None
    kilde: Kilde


class Avtalekrav(Strict):
    """Content an act requires to be set by agreement (kommuneloven § 20-4 third paragraph i)."""

    hjemmel: Tekst
    tekst: Tekst
    kilde: Kilde


class Lov(Strict):
    kort: Tekst
    tittel: Tekst
    id: Annotated[str, Field(strict=True, pattern=r"^LOV-\d{4}-\d{2}-\d{2}(-\d+)?$")]
    url: Annotated[str, Field(strict=True, pattern=r"^https://lovdata\.no/\S+$")]
    i_kraft: Dato | None = None
    opphevet: Dato | None = None
    ikraft_kilde: Kilde | None = None
    klageinstans: Klageinstans | None = None
    avtalekrav: list[Avtalekrav] = []


class Lover(Strict):
    lover: dict[Slug, Lov]


class Kostnadsmodell(Strict):
    """How the participants share the costs the host's budget carries."""

    modell: Literal["folketall", "fast_og_folketall"]
    fast_andel_prosent: Annotated[StrictInt, Field(gt=0, lt=100)] | None = None
    fra: Dato | None = None
    kilde: Kilde | None = None

    @model_validator(mode="after")
    def _fixed_share_given(self):
        if self.modell == "fast_og_folketall" and self.fast_andel_prosent is None:
            raise ValueError("modellen fast_og_folketall krever fast_andel_prosent (f.eks. 40)")
        if self.modell == "folketall" and self.fast_andel_prosent is not None:
            raise ValueError("fast_andel_prosent brukes bare med modellen fast_og_folketall")
        return self


class Gruppe(Strict):
    id: Slug
    tittel: Tittel
    beskrivelse: Tekst
    deltakere: list[Slug] | None = None
    omrader: Annotated[list[Slug], Field(alias="områder", min_length=1)]


class Vertskap(Strict):
    prinsipp: Tekst
    prinsipp_kilde: Kilde | None = None
    # Working notes for reviewers: shown in the source report, never in an agreement.
    metode: Tekst | None = None
    begrunnelse: Tekst | None = None
    tillatt_avvik: Annotated[StrictInt, Field(ge=0, le=50)] = 1


class Hendelse(Strict):
    """One step in an agreement's history: a version, a revision, an area set up."""

    dato: Dato | None = None
    aar: Annotated[StrictInt, Field(ge=1900, le=2100)] | None = Field(default=None, alias="år")
    tekst: Tekst
    kilde: Kilde | None = None

    @model_validator(mode="after")
    def _when(self):
        if (self.dato is None) == (self.aar is None):
            raise ValueError("skriv enten dato (ÅÅÅÅ-MM-DD) eller år for hendelsen")
        return self

    @property
    def sort_key(self) -> date:
        return self.dato or date(self.aar, 12, 31)


class Vedtak(Strict):
    """One council's adoption of the agreement (kommuneloven § 20-4 second paragraph)."""

    kommune: Slug
    dato: Dato
    saksnummer: Tekst
    organ: Tekst = "kommunestyret"


class Behandling(Strict):
    """Where the agreement stands: sent to the councils, adopted by each, in force."""

    sendt: Dato | None = None
    vedtak: list[Vedtak] = []
    i_kraft: Dato | None = None


class Samarbeidsavtale(Strict):
    """The framework agreement (samarbeidsavtalen) that lists every area."""

    tittel: Tittel
    parter: Annotated[list[Slug], Field(min_length=2)]
    versjon: Tekst
    # The date of this version: the text is written under the law in force on this date.
    dato: Dato
    behandling: Behandling = Behandling()
    # A fixed date the agreement takes effect; without it, when the last council adopts it.
    i_kraft: Dato | None = None
    bakgrunn: Tekst | None = None
    historikk: list[Hendelse] = []
    # Pin the population figures to one date; without it, each agreement uses the newest
    # figures the sources have for all of its participants.
    folketall_per: Dato | None = None
    # Which year's figures a budget year uses: 1 = 1 January the year before the budget year.
    folketall_aar_for_budsjett: Annotated[StrictInt, Field(ge=0, le=2)] = Field(
        default=1, alias="folketall_år_før_budsjettår")
    folketall_begrunnelse: Tekst | None = None
    kostnader: Kostnadsmodell
    indirekte_kostnader: Tekst
    samarbeidsorgan: Annotated[list[Tekst], Field(min_length=1)]
    styringsgruppe: Tekst | None = None
    styringsgruppe_kilde: Kilde | None = None
    sammenslaing: Annotated[str, Field(alias="sammenslåing", strict=True), AfterValidator(_non_blank)]
    oppsigelsesfrist_maneder: Annotated[StrictInt, Field(alias="oppsigelsesfrist_måneder", ge=1,
                                                         le=60)] = 12
    vertskap: Vertskap
    grupper: Annotated[list[Gruppe], Field(min_length=1)]
    kilde: Annotated[list[Kilde], Field(min_length=1)]


class Budsjett(Strict):
    aar: Annotated[StrictInt, Field(alias="år", ge=1900, le=2100)]
    belop: Annotated[StrictInt, Field(alias="beløp", gt=0)]
    kilde: Kilde


class Arsverk(Strict):
    antall: Tall
    kilde: Kilde


class Avvikling(Strict):
    dato: Dato
    grunn: Tekst
    kilde: Kilde


Form = Literal["vertskommune", "vertskommune_nemnd", "interkommunalt_selskap", "aksjeselskap",
               "ikke_avklart"]
HOST_FORMS = ("vertskommune", "vertskommune_nemnd")
Status = Literal["eksisterende", "ny", "avviklet"]


class Omrade(Strict):
    """One cooperation area (a sub-agreement)."""

    tittel: Tittel
    gruppe: Slug
    form: Form
    status: Status
    deltakere: Annotated[list[Slug], Field(min_length=1)]
    andre_deltakere: list[Tekst] = []
    andre_deltakere_merknad: Tekst | None = None
    vertskommune: Slug | None = None
    # "avtalt": the councils have agreed on the host (give the source); "foreslått": a
    # proposal, shown as such in the draft banner and the overview until it is agreed.
    vertskommune_status: Literal["avtalt", "foreslått"] = "foreslått"
    vertskommune_kilde: Kilde | None = None
    vertskommune_begrunnelse: Tekst | None = None
    selskap: Tekst | None = None
    formal: Annotated[str, Field(alias="formål", strict=True, max_length=MAX_TEXT),
                      AfterValidator(_whole_sentence)]
    oppgaver: list[Tekst] = []
    myndighet: list[Tekst] = []
    forbeholdt: list[Tekst] = []
    lover: list[Slug] = []
    underretning: list[Tekst] = []
    # What an existing cooperation ran on until now, which this agreement replaces.
    erstatter: Tekst | None = None
    historikk: list[Hendelse] = []
    overforing: Dato | None = Field(default=None, alias="overføring")
    kostnader: Kostnadsmodell | None = None
    budsjett: Budsjett | None = None
    arsverk: Arsverk | None = Field(default=None, alias="årsverk")
    oppsigelsesfrist_maneder: Annotated[StrictInt, Field(alias="oppsigelsesfrist_måneder", ge=1, le=60)] = 12
    nemnd_medlemmer: dict[Slug, StrictInt] | None = None
    behandling: Behandling = Behandling()
    avviklet: Avvikling | None = None
    merknad: Tekst | None = None
    kilde: list[Kilde] = []

    @model_validator(mode="after")
    def _consistent(self):
        if self.status == "avviklet" and self.avviklet is None:
            raise ValueError("status avviklet krever en blokk 'avviklet' med dato, grunn og kilde")
        if self.status != "avviklet" and self.avviklet is not None:
            raise ValueError(f"blokken 'avviklet' passer ikke med status {self.status}")
        if self.form in HOST_FORMS:
            if self.vertskommune_status == "avtalt" and self.vertskommune_kilde is None:
                raise ValueError("vertskommune_status: avtalt krever vertskommune_kilde (hvor "
                                 "vertskommunen er avtalt); ellers sett vertskommune_status: "
                                 "foreslått")
        elif self.vertskommune is not None:
            raise ValueError(f"form {self.form} har ingen vertskommune; fjern 'vertskommune' "
                             "eller sett form: vertskommune")
        return self

    @property
    def is_host_model(self) -> bool:
        return self.form in HOST_FORMS

    @property
    def has_board(self) -> bool:
        return self.form == "vertskommune_nemnd"

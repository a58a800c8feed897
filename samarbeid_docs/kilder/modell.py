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
                      StrictBool, StrictInt, WithJsonSchema, model_validator)

from .. import norsk


def _said(value: object) -> str:
    """A value as a message shows it: «en tom verdi» for nothing, not Python's None."""
    return "en tom verdi" if value is None else repr(value)


# The years the agreements can be about: the 1992 act's cooperations to this century's end.
YEARS = (1900, 2100)


def _iso_date(value: object) -> object:
    if isinstance(value, date):
        day = value
    elif not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"forventet en dato som ÅÅÅÅ-MM-DD, fikk {_said(value)}")
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"datoen {value} finnes ikke") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"datoen {day.isoformat()} ligger utenfor årene {YEARS[0]}–{YEARS[1]}; "
                         "sjekk årstallet")
    return day


# at most twelve digits before the decimal sign (below LARGEST), spaces allowed between them
DECIMAL_TEXT = r"^[0-9](?:[ \u00a0]?[0-9]){0,11}([.,][0-9]+)?$"


# The largest number a source can give: no figure in an agreement comes near a thousand
# billion, and the number formats (Babel) fail on much larger ones.
LARGEST = 10**12


def _norwegian_decimal(value: object) -> object:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"skriv tallet som tekst i anførselstegn, f.eks. '6,55', fikk {value!r}")
    number = None
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"tallet kan ikke være negativt, fikk {value}")
        number = Decimal(value)
    elif isinstance(value, str) and re.fullmatch(DECIMAL_TEXT, value):
        try:
            number = Decimal(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            pass
    elif isinstance(value, str) and re.fullmatch(DECIMAL_TEXT, value.lstrip("-−")):
        raise ValueError(f"tallet kan ikke være negativt, fikk {value!r}")
    elif isinstance(value, str) and re.fullmatch(r"[0-9][0-9 \u00a0]*([.,][0-9]+)?", value):
        raise ValueError(f"tallet {value} er for stort (høyst {LARGEST - 1}); sjekk det")
    if number is None:
        raise ValueError(f"forventet et tall som '6,55', fikk {_said(value)}")
    if number >= LARGEST:
        raise ValueError(f"tallet {value} er for stort (høyst {LARGEST - 1}); sjekk det")
    return number


GOVERNOR_RENAMED = date(2021, 1, 1)


def _org_number(value: str) -> str:
    """An organisation number's last digit is its modulus 11 check digit (Enhetsregisteret)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    rest = sum(int(d) * w for d, w in zip(value, weights)) % 11
    check = 0 if rest == 0 else 11 - rest
    if check == 10 or int(value[8]) != check:
        raise ValueError(f"organisasjonsnummeret {value} har feil kontrollsiffer; sjekk det i "
                         "Enhetsregisteret (brreg.no)")
    return value


def _no_repeats(values: list) -> list:
    seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise ValueError(f"{', '.join(map(str, dict.fromkeys(seen)))} står to ganger; behold det ene")
    return values


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("teksten er tom")
    return value


WHOLE_SENTENCE = "^\\s*[«\"'(„]*[A-ZÆØÅÁČĐŊŠŦŽÄÖÜÉ0-9][\\s\\S]*[.!]\\s*$"
"""What the schema can say of a whole sentence (the model checks any capital letter)."""


def _whole_sentence(value: str) -> str:
    """A purpose is stated as whole sentences: a capital first letter, a full stop at the end."""
    _non_blank(value)
    text = value.strip()
    first = text.lstrip("«\"'(„")[:1]  # a sentence may open with a quoted name: «Plan og bygg» …
    if not (first.isupper() or first.isdigit()) or text[-1] not in ".!":
        raise ValueError("skriv formålet som hele setninger, med stor forbokstav og punktum, "
                         "f.eks. «Samarbeidet skal gi …»")
    return value


# What the schema says of a value is as tight as what the model accepts (a test holds them
# together): a date is a string ÅÅÅÅ-MM-DD, a decimal number a whole number or text "6,55".
Dato = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema(
    {"type": "string", "format": "date", "pattern": r"^(19\d{2}|20\d{2}|2100)-\d{2}-\d{2}$",
     "examples": ["2026-01-01"]})]
Tall = Annotated[Decimal, BeforeValidator(_norwegian_decimal), WithJsonSchema(
    {"anyOf": [{"type": "integer", "minimum": 0, "maximum": LARGEST - 1},
               {"type": "string", "pattern": DECIMAL_TEXT}],
     "examples": ["6,5", 12]})]
# Limits the writers and a reader can take: a title fits a page header and a file's properties
# (python-docx, Word and PDF readers shorten longer ones), a text is at most a long paragraph.
MAX_TITLE = 200
MAX_TEXT = 4000
NOT_BLANK = {"pattern": r"\S"}
Tekst = Annotated[str, Field(strict=True, max_length=MAX_TEXT, json_schema_extra=NOT_BLANK),
                  AfterValidator(_non_blank)]
Tittel = Annotated[str, Field(strict=True, max_length=MAX_TITLE, json_schema_extra=NOT_BLANK),
                   AfterValidator(_non_blank)]
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(strict=True, pattern=SLUG)]
Positiv = Annotated[StrictInt, Field(gt=0, lt=LARGEST)]
# the check on the sources tells what a board needs (§ 20-3: at least two per party); the
# schema says it at once in the editor
Medlemmer = Annotated[StrictInt, Field(lt=100, json_schema_extra={"minimum": 2})]

KEYS = "x-samarbeid-nøkler"
"""Marks a key into the project's own data; `samarbeid skjema` lists the keys the project has
(as an enum, so the editor offers them) and removes the mark."""


def _key(kind: str):
    return Annotated[str, Field(strict=True, pattern=SLUG, json_schema_extra={KEYS: kind})]


KommuneId = _key("kommuner")
LovId = _key("lover")
GruppeId = _key("grupper")
OmradeId = _key("områder")


TITLES = {"url": "Nettadresse", "id": "Nøkkel", "oppdatert_hos_ssb": "Oppdatert hos SSB",
          "nemnd_medlemmer": "Medlemmer i nemnda", "fast_andel_prosent": "Fast andel (prosent)",
          "folketall_år_før_budsjettår": "Folketall fra året før budsjettåret",
          "oppsigelsesfrist_måneder": "Oppsigelsesfrist (måneder)", "i_kraft": "I kraft",
          "ikraft_kilde": "Kilde for ikrafttredelsen", "mål": "Hva som måles"}
"""Titles that read better than the key as words."""


def key_title(name: str) -> str:
    """A field's title in the schema: its YAML key as words, «Folketall per»; «… kilde» keys
    are «Kilde for …»."""
    if name in TITLES:
        return TITLES[name]
    if name.endswith("_kilde"):
        return f"Kilde for {name.removesuffix('_kilde').replace('_', ' ')}"
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def _schema(title: str, description: str, *rules: dict) -> ConfigDict:
    """A model's Norwegian title and description in the JSON Schema (the class docstring is
    for developers), and rules across fields the model checks, where JSON Schema can say them."""
    extra: dict = {"description": description}
    if rules:
        extra["allOf"] = list(rules)
    return ConfigDict(title=title, json_schema_extra=extra)


class Strict(BaseModel):
    # a field's docstring is its description in the JSON Schema: the text the editor shows
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False,
                              str_strip_whitespace=False, use_attribute_docstrings=True,
                              field_title_generator=lambda name, info: key_title(info.alias or name))


class Kilde(Strict):
    """Where a fact comes from. `tittel` is required; a URL where there is one."""

    model_config = _schema("Kilde",
                           "Hvor et faktum kommer fra: tittel påkrevd, nettadresse der det finnes en.")

    tittel: Tekst
    """Tittelen på kilden, f.eks. dokumentets, vedtakets eller nettsidens navn."""
    utgiver: Tekst | None = None
    """Hvem som har gitt ut kilden, f.eks. «Statistisk sentralbyrå» eller «Røros kommune»."""
    url: Annotated[str, Field(strict=True, pattern=r"^https?://\S+$")] | None = None
    """Nettadressen til kilden (som begynner med http:// eller https://)."""
    tabell: Tekst | None = None
    """Tabellnummeret når kilden er en statistikktabell, f.eks. «07459»."""
    merknad: Tekst | None = None
    """En merknad om kilden, f.eks. hvilken side eller hvilket punkt som gjelder."""
    sekundaer: StrictBool = Field(default=False, alias="sekundær")
    """true når kilden gjengir en annen kilde (en kopi av SSBs tall, en liste hos en annen enn
    Enhetsregisteret). Et utkast sier da at organisasjonsnummeret eller folketallet skal
    kontrolleres mot Enhetsregisteret eller SSB før behandling. Fjern linjen når det er gjort."""


class Folketall(Strict):
    model_config = _schema("Folketall", "Et folketall per dato, med kilde.")

    per: Dato
    """Datoen tallet gjelder, vanligvis 1. januar (ÅÅÅÅ-MM-DD)."""
    antall: Positiv
    """Antall innbyggere per datoen, som helt tall."""
    kilde: Kilde
    """Hvor tallet kommer fra (SSB-tabell og nettadresse)."""


class Kommunenummer(Strict):
    model_config = _schema("Kommunenummer",
                           "Et kommunenummer med fylket og datoene det gjelder for.")

    nummer: Annotated[str, Field(strict=True, pattern=r"^\d{4}$")]
    """Det firesifrede kommunenummeret, f.eks. «5025»."""
    fylke: Tekst
    """Fylket kommunen hører til med dette nummeret, f.eks. «Trøndelag»."""
    fra: Dato | None = None
    """Første dag nummeret gjelder (tomt: gjaldt før avtalenes tid)."""
    til: Dato | None = None
    """Siste dag nummeret gjelder (tomt: gjelder fortsatt)."""
    # The state county governor's office for this number's county, where its name is not
    # simply "Statsforvalteren i <fylke>" (e.g. an office that covers several counties).
    statsforvalter: Tekst | None = None
    """Navnet på statsforvalterembetet når det ikke bare er «Statsforvalteren i <fylke>», f.eks. et
    embete som dekker flere fylker."""
    kilde: Kilde
    """Hvor nummeret og fylket er hentet fra."""

    @model_validator(mode="after")
    def _period(self):
        if self.fra and self.til and self.fra > self.til:
            raise ValueError(f"fra ({self.fra.isoformat()}) er etter til ({self.til.isoformat()})")
        return self

    def governor(self, day: date) -> str:
        """The office the host notifies (§ 20-4 fifth paragraph), by its title on `day`.

        The title changed from fylkesmannen to statsforvalteren on 1 January 2021.
        """
        if self.statsforvalter:
            return self.statsforvalter
        title = norsk.say("Statsforvalteren", "Statsforvaltaren") if day >= GOVERNOR_RENAMED else "Fylkesmannen"
        return f"{title} i {self.fylke}"


class Kommune(Strict):
    model_config = _schema("Kommune", "En part i samarbeidet.")

    navn: Tekst
    """Kommunens navn uten «kommune», f.eks. «Røros»."""
    samisk_navn: Tekst | None = None
    """Kommunens offisielle samiske navn, der den har et, f.eks. «Plaassje»."""
    samisk_navn_kilde: Kilde | None = None
    """Hvor det samiske navnet er hentet fra."""
    organisasjonsnummer: Annotated[str, Field(strict=True, pattern=r"^\d{9}$"),
                                   AfterValidator(_org_number)] | None = None
    """Kommunens organisasjonsnummer i Enhetsregisteret (ni sifre)."""
    organisasjonsnummer_kilde: Kilde | None = None
    """Hvor organisasjonsnummeret er hentet fra."""
    kommunenummer: Annotated[list[Kommunenummer], Field(min_length=1)]
    """Kommunenumrene kommunen har hatt, med fylke og datoene de gjelder for."""
    folketall: Annotated[list[Folketall], Field(min_length=1)]
    """Folketall per dato, med kilde. Kostnadsfordelingen bruker de nyeste tallene alle deltakerne
    i en avtale har."""

    @model_validator(mode="after")
    def _one_figure_per_date(self):
        days = [f.per for f in self.folketall]
        twice = sorted({d for d in days if days.count(d) > 1})
        if twice:
            raise ValueError(f"folketall: to tall for samme dato ({', '.join(d.isoformat() for d in twice)}); "
                             "behold det ene")
        return self

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
    model_config = _schema("Partene", "Partene i samarbeidet (avtaler/kommuner.yaml).")

    kommuner: dict[Slug, Kommune]
    """Partene, med en kort nøkkel per kommune (små bokstaver a–z, sifre og bindestrek, f.eks.
    roros), som de andre filene bruker."""


class SsbFolketall(Strict):
    """One figure fetched from SSB by `samarbeid folketall hent` (avtaler/folketall-ssb.yaml)."""

    model_config = _schema("Folketall fra SSB",
                           "Ett folketall hentet fra SSB med «samarbeid folketall hent».")

    kommune: KommuneId
    """Nøkkelen til kommunen i avtaler/kommuner.yaml."""
    per: Dato
    """Datoen tallet gjelder (1. januar)."""
    antall: Positiv
    """Antall innbyggere per datoen."""
    hentet: Dato
    """Dagen tallet ble hentet fra SSB."""
    sporring: Annotated[str, Field(alias="spørring", strict=True, pattern=r"^https://\S+$")]
    """Nettadressen til spørringen mot SSBs API som ga tallet."""
    oppdatert_hos_ssb: Tekst | None = None
    """Når SSB sist oppdaterte tabellen, slik SSB oppgir det."""
    fra_fil: Tekst | None = None
    """Filen med et lagret svar fra SSB som tallet ble lest fra («samarbeid folketall hent
    --fra-fil»); da er «hentet» dagen filen ble lest, ikke dagen svaret ble hentet."""


class SsbFil(Strict):
    model_config = _schema("Folketall fra SSB",
                           "Folketall hentet fra SSB (avtaler/folketall-ssb.yaml). Filen skrives av «samarbeid "
                           "folketall hent», ikke for hånd.")

    tabell: Literal["07459"]
    """SSB-tabellen tallene kommer fra: 07459 (befolkning per 1. januar, etter region)."""
    folketall: list[SsbFolketall] = []
    """Tallene, ett per kommune og dato."""


class Klageinstans(Strict):
    """The state body an act makes the appeal instance for the municipality's decisions."""

    model_config = _schema("Klageinstans",
                           "Det statlige organet loven gjør til klageinstans for kommunens vedtak.")

    organ: Tekst
    """Klageinstansen, f.eks. «Statsforvalteren»."""
    hjemmel: Tekst
    """Paragrafen som gjør organet til klageinstans, f.eks. «barnevernsloven § 14-4»."""
    gjelder: Tekst | None = None
    """Hvilke vedtak klageretten gjelder, når den ikke gjelder alle."""
    kilde: Kilde
    """Hvor hjemmelen står."""


class Avtalekrav(Strict):
    """Content an act requires to be set by agreement (kommuneloven § 20-4 third paragraph i)."""

    model_config = _schema("Avtalekrav",
                           "Innhold en lov krever at avtalen fastsetter (kommuneloven § 20-4 tredje ledd bokstav i).")

    hjemmel: Tekst
    """Paragrafen som krever innholdet, f.eks. «NAV-loven § 14»."""
    tekst: Tekst
    """Det avtalen må si for å oppfylle kravet; sjekken stopper en avtale som mangler teksten."""
    kilde: Kilde
    """Hvor kravet står."""


class Lov(Strict):
    model_config = _schema("Lov", "En lov avtalene viser til.")

    kort: Tekst
    """Lovens korttittel slik den står i teksten, f.eks. «barnevernsloven»."""
    tittel: Tekst
    """Lovens fulle tittel."""
    id: Annotated[str, Field(strict=True, pattern=r"^LOV-\d{4}-\d{2}-\d{2}(-\d+)?$")]
    """Lovdatas identifikator, f.eks. «LOV-2021-06-18-97»."""
    url: Annotated[str, Field(strict=True, pattern=r"^https://lovdata\.no/\S+$")]
    """Lenken til loven på lovdata.no."""
    i_kraft: Dato | None = None
    """Dagen loven trådte i kraft. Sjekken bruker den til å se at avtalene viser til lov som gjaldt
    på avtalens dato."""
    opphevet: Dato | None = None
    """Dagen loven ble opphevet, hvis den er det."""
    ikraft_kilde: Kilde | None = None
    """Hvor datoen for ikrafttredelsen står."""
    klageinstans: Klageinstans | None = None
    """Klageinstansen for vedtak etter loven; brukes i klausulen om klage."""
    avtalekrav: list[Avtalekrav] = []
    """Innhold loven krever i avtalen (kommuneloven § 20-4 tredje ledd bokstav i)."""

    @model_validator(mode="after")
    def _dates_in_order(self):
        return _law_dates(self)


def _law_dates(law: "Lov") -> "Lov":
    if law.i_kraft and law.opphevet and law.opphevet <= law.i_kraft:
        raise ValueError(f"opphevet ({law.opphevet.isoformat()}) er ikke etter i_kraft "
                         f"({law.i_kraft.isoformat()})")
    return law


class Lover(Strict):
    model_config = _schema("Lovene", "Lovene avtalene viser til (avtaler/lover.yaml).")

    lover: dict[Slug, Lov]
    """Lovene, med en kort nøkkel per lov (f.eks. barnevernsloven) som områdene bruker under
    «lover»."""


class Komponent(Strict):
    """One part of a composite cost key: a percent of the costs split on one basis."""

    model_config = _schema(
        "Del av fordelingsnøkkelen", "En del av kostnadene og hva den fordeles etter: likt, "
        "folketall, bruk (et mål per kommune, med periode og kilde) eller avtalte andeler.",
        {"if": {"properties": {"grunnlag": {"const": "bruk"}}, "required": ["grunnlag"]},
         "then": {"required": ["verdier", "mål", "kilde"], "not": {"required": ["andeler"]}}},
        {"if": {"properties": {"grunnlag": {"const": "avtalt"}}, "required": ["grunnlag"]},
         "then": {"required": ["andeler", "kilde"], "not": {"required": ["verdier"]}}},
        {"if": {"properties": {"grunnlag": {"enum": ["likt", "folketall"]}}, "required": ["grunnlag"]},
         "then": {"not": {"anyOf": [{"required": ["verdier"]}, {"required": ["andeler"]},
                                    {"required": ["mål"]}, {"required": ["periode"]}]}}})

    grunnlag: Literal["likt", "folketall", "bruk", "avtalt"]
    """Hva denne delen fordeles etter: «likt» (like mye på hver deltaker), «folketall», «bruk»
    (et mål per kommune, f.eks. antall saker) eller «avtalt» (avtalte prosentandeler)."""
    prosent: Annotated[StrictInt, Field(gt=0, le=100)]
    """Hvor mange prosent av kostnadene denne delen gjelder; delene er til sammen 100."""
    maal: Tekst | None = Field(default=None, alias="mål")
    """Hva bruken måles i, f.eks. «antall saker», «brukere», «timer» eller «årsverk»."""
    periode: Tekst | None = None
    """Perioden bruken er målt i, f.eks. «2025»."""
    verdier: dict[KommuneId, Tall] | None = None
    """Bruken per kommune (kommunenøkkel: tall), for grunnlag bruk."""
    andeler: dict[KommuneId, Tall] | None = None
    """Den avtalte prosentandelen per kommune, til sammen 100, for grunnlag avtalt."""
    kilde: Kilde | None = None
    """Hvor tallene eller andelene kommer fra (kreves for bruk og avtalt)."""

    @model_validator(mode="after")
    def _values_fit_the_basis(self):
        if self.grunnlag == "bruk" and (self.verdier is None or self.maal is None or self.kilde is None):
            raise ValueError("grunnlag bruk krever verdier (bruken per kommune), mål (hva som "
                             "måles, f.eks. antall saker) og kilde")
        if self.grunnlag == "avtalt":
            if self.andeler is None or self.kilde is None:
                raise ValueError("grunnlag avtalt krever andeler (prosent per kommune) og kilde")
            if sum(self.andeler.values()) != 100:
                raise ValueError("de avtalte andelene må til sammen være 100 prosent, er "
                                 f"{norsk.number(sum(self.andeler.values()))}")
        if self.grunnlag != "bruk" and (self.verdier is not None or self.maal or self.periode):
            raise ValueError(f"verdier, mål og periode brukes bare med grunnlag bruk, ikke {self.grunnlag}")
        if self.grunnlag != "avtalt" and self.andeler is not None:
            raise ValueError(f"andeler brukes bare med grunnlag avtalt, ikke {self.grunnlag}")
        return self


class Kostnadsmodell(Strict):
    """How the participants share the costs the host's budget carries."""

    model_config = _schema(
        "Fordelingsnøkkel", "Hvordan deltakerne deler kostnadene i vertskommunens budsjett.",
        {"if": {"properties": {"modell": {"const": "fast_og_folketall"}}, "required": ["modell"]},
         "then": {"required": ["fast_andel_prosent"]},
         "else": {"not": {"required": ["fast_andel_prosent"]}}},
        {"if": {"properties": {"modell": {"const": "sammensatt"}}, "required": ["modell"]},
         "then": {"required": ["komponenter"]},
         "else": {"not": {"required": ["komponenter"]}}})

    modell: Literal["folketall", "fast_og_folketall", "sammensatt"]
    """«folketall»: alt etter folketall; «fast_og_folketall»: en fast andel likt på deltakerne og
    resten etter folketall; «sammensatt»: delene under komponenter, f.eks. 20 % likt, 50 % etter
    folketall og 30 % etter bruk."""
    fast_andel_prosent: Annotated[StrictInt, Field(gt=0, lt=100)] | None = None
    """Prosenten som fordeles likt med fast_og_folketall, f.eks. 40 (brukes bare med den
    modellen)."""
    komponenter: Annotated[list[Komponent], Field(min_length=1)] | None = None
    """Delene av en sammensatt nøkkel, til sammen 100 prosent (brukes bare med modellen
    sammensatt)."""
    fra: Dato | None = None
    """Dagen nøkkelen gjelder fra."""
    kilde: Kilde | None = None
    """Hvor nøkkelen er vedtatt."""

    @model_validator(mode="after")
    def _fixed_share_given(self):
        if self.modell == "fast_og_folketall" and self.fast_andel_prosent is None:
            raise ValueError("modellen fast_og_folketall krever fast_andel_prosent (f.eks. 40)")
        if self.modell != "fast_og_folketall" and self.fast_andel_prosent is not None:
            raise ValueError("fast_andel_prosent brukes bare med modellen fast_og_folketall")
        if self.modell == "sammensatt":
            if not self.komponenter:
                raise ValueError("modellen sammensatt krever komponenter (delene av nøkkelen)")
            total = sum(c.prosent for c in self.komponenter)
            if total != 100:
                raise ValueError(f"komponentene må til sammen være 100 prosent, er {total}")
        elif self.komponenter is not None:
            raise ValueError("komponenter brukes bare med modellen sammensatt")
        return self


class Gruppe(Strict):
    model_config = _schema("Gruppe",
                           "Et kapittel i samarbeidsavtalen som samler samarbeidsområder.")

    id: Slug
    """Kort nøkkel for gruppen, som områdene viser til under «gruppe»."""
    tittel: Tittel
    """Overskriften på kapitlet."""
    beskrivelse: Tekst
    """Innledningen til kapitlet."""
    deltakere: list[KommuneId] | None = None
    """Kommunene som deltar i gruppens områder (tomt: alle partene)."""
    omrader: Annotated[list[OmradeId], Field(alias="områder", min_length=1)]
    """Områdene i gruppen: filnavnet uten .yaml (avtaler/omrader/<navn>.yaml)."""


class Vertskap(Strict):
    model_config = _schema("Vertskap", "Hvordan vertskommuneansvaret fordeles mellom partene.")

    prinsipp: Tekst
    """Prinsippet for fordelingen, slik det står i avtalen."""
    prinsipp_kilde: Kilde | None = None
    """Hvor prinsippet er vedtatt."""
    # Working notes for reviewers: shown in the source report, never in an agreement.
    metode: Tekst | None = None
    """Arbeidsnotat om fremgangsmåten; vises i kilderapporten, ikke i avtalen."""
    begrunnelse: Tekst | None = None
    """Arbeidsnotat om begrunnelsen; vises i kilderapporten, ikke i avtalen."""
    tillatt_avvik: Annotated[StrictInt, Field(ge=0, le=50)] = 1
    """Hvor mange vertskommuneområder en kommune kan ha over eller under en rimelig fordeling etter
    folketall før «samarbeid sjekk» advarer (standard 1)."""


class Hendelse(Strict):
    """One step in an agreement's history: a version, a revision, an area set up."""

    model_config = _schema(
        "Hendelse", "Et steg i avtalens historie: en versjon, en revisjon, et område som ble opprettet.",
        {"oneOf": [{"required": ["dato"]}, {"required": ["år"]}]})

    dato: Dato | None = None
    """Dagen det skjedde (ÅÅÅÅ-MM-DD). Skriv enten dato eller år."""
    aar: Annotated[StrictInt, Field(ge=1900, le=2100)] | None = Field(default=None, alias="år")
    """Året det skjedde, når dagen ikke er kjent. Skriv enten dato eller år."""
    tekst: Tekst
    """Hva som skjedde."""
    kilde: Kilde | None = None
    """Hvor det står."""

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

    model_config = _schema("Vedtak",
                           "Ett kommunestyres vedtak av avtalen (kommuneloven § 20-4 andre ledd).")

    kommune: KommuneId
    """Nøkkelen til kommunen som vedtok avtalen."""
    dato: Dato
    """Dagen for vedtaket."""
    saksnummer: Tekst
    """Saksnummeret i kommunens saksbehandling, f.eks. «PS 45/26»."""
    organ: Tekst = "kommunestyret"
    """Organet som vedtok (standard «kommunestyret»)."""


class Behandling(Strict):
    """Where the agreement stands: sent to the councils, adopted by each, in force."""

    model_config = _schema("Behandling",
                           "Hvor avtalen står: sendt til kommunestyrene, vedtatt i hvert, i kraft.")

    sendt: Dato | None = None
    """Dagen avtalen ble sendt til kommunestyrene."""
    vedtak: list[Vedtak] = []
    """Vedtakene, ett per kommune."""
    i_kraft: Dato | None = None
    """Dagen avtalen trådte i kraft."""


class Samarbeidsavtale(Strict):
    """The framework agreement (samarbeidsavtalen) that lists every area."""

    model_config = _schema("Samarbeidsavtalen",
                           "Samarbeidsavtalen mellom partene, som omfatter alle samarbeidsområdene "
                           "(avtaler/samarbeidsavtale.yaml).")

    tittel: Tittel
    """Tittelen på samarbeidsavtalen."""
    malform: Malform = Field(default="bokmål", alias="målform")
    """Skriftspråket avtalene, sakene og nedlastingssiden skrives på: «bokmål» (standard) eller
    «nynorsk», etter kommunenes vedtak om målform."""
    parter: Annotated[list[KommuneId], Field(min_length=2, json_schema_extra={"uniqueItems": True}),
                      AfterValidator(_no_repeats)]
    """Partene: nøklene fra avtaler/kommuner.yaml, minst to."""
    versjon: Tekst
    """Versjonsnummeret til denne utgaven, f.eks. «3.0»."""
    # The date of this version: the text is written under the law in force on this date.
    dato: Dato
    """Datoen for denne utgaven. Teksten skrives etter loven som gjelder denne dagen."""
    behandling: Behandling = Behandling()
    """Hvor avtalen står i behandlingen: sendt, vedtak i hvert kommunestyre, i kraft."""
    # A fixed date the agreement takes effect; without it, when the last council adopts it.
    i_kraft: Dato | None = None
    """En fast dag avtalen trer i kraft; uten den gjelder den fra det siste kommunestyret har
    vedtatt den."""
    bakgrunn: Tekst | None = None
    """Bakgrunnen for samarbeidet, slik den skal stå i avtalen."""
    formal: Annotated[list[Tekst], Field(min_length=1)] | None = Field(default=None, alias="formål")
    """Formålet med samarbeidet og det partene forplikter seg til, ett avsnitt per punkt; uten
    det skriver avtalen bare at den fastsetter rammene for samarbeidet."""
    historikk: list[Hendelse] = []
    """Tidligere versjoner og viktige hendelser; vises i versjonshistorikken."""
    # Pin the population figures to one date; without it, each agreement uses the newest
    # figures the sources have for all of its participants.
    folketall_per: Dato | None = None
    """Lås folketallene til én dato; uten den bruker hver avtale de nyeste tallene alle deltakerne
    har."""
    # Which year's figures a budget year uses: 1 = 1 January the year before the budget year.
    folketall_aar_for_budsjett: Annotated[StrictInt, Field(ge=0, le=2)] = Field(
        default=1, alias="folketall_år_før_budsjettår")
    """Hvilket års folketall et budsjettår bruker: 1 betyr 1. januar året før budsjettåret
    (standard)."""
    folketall_begrunnelse: Tekst | None = None
    """Hvorfor dette folketallsåret brukes; vises i avtalen."""
    kostnader: Kostnadsmodell
    """Fordelingsnøkkelen for kostnadene. Gjelder der et område ikke har sin egen."""
    kostnader_i_dag: Kostnadsmodell | None = None
    """Fordelingsnøkkelen som gjelder i dag, når denne utgaven endrer den; saksframleggene viser
    da hva hver kommunes andel går fra og til. Uten den viderefører avtalen nøkkelen som gjelder."""
    indirekte_kostnader: Tekst | None = None
    """Hvordan indirekte kostnader (lokaler, IKT, ledelse) håndteres; står i hver delavtale."""
    samarbeidsorgan: Annotated[list[Tekst], Field(min_length=1)] | None = None
    """Hvem det administrative samarbeidsorganet består av, ett per punkt (uten det har avtalen
    ikke noe slikt organ)."""
    styringsgruppe: Tekst | None = None
    """Hvem styringsgruppen består av; den er rådgivende og treffer ikke vedtak."""
    styringsgruppe_kilde: Kilde | None = None
    """Hvor styringsgruppen er vedtatt."""
    sammenslaing: Annotated[str, Field(strict=True, json_schema_extra=NOT_BLANK),
                            AfterValidator(_non_blank)] | None = Field(default=None, alias="sammenslåing")
    """Hva som skjer med avtalene hvis kommuner slår seg sammen (uten det har avtalen ingen egen
    bestemmelse om det)."""
    oppsigelsesfrist_maneder: Annotated[StrictInt, Field(alias="oppsigelsesfrist_måneder", ge=1,
                                                         le=60)] = 12
    """Oppsigelsesfristen i måneder (standard 12)."""
    vertskap: Vertskap | None = None
    """Prinsippet for hvem som er vertskommune for hva, og hvor stort avvik fra en fordeling etter
    folketall som tåles."""
    grupper: Annotated[list[Gruppe], Field(min_length=1)]
    """Kapitlene i avtalen; hver gruppe samler en del av samarbeidsområdene."""
    kilde: list[Kilde] = []
    """Kildene for samarbeidsavtalen (tidligere versjoner, vedtak)."""


class Budsjett(Strict):
    model_config = _schema("Budsjett", "Nettobudsjettet som fordeles på deltakerne.")

    aar: Annotated[StrictInt, Field(alias="år", ge=1900, le=2100)]
    """Budsjettåret."""
    belop: Annotated[StrictInt, Field(alias="beløp", gt=0, lt=LARGEST)]
    """Nettobudsjettet i hele kroner, uten desimaler og mellomrom, f.eks. 1234567."""
    kilde: Kilde
    """Hvor budsjettet er vedtatt."""


class Arsverk(Strict):
    model_config = _schema("Årsverk", "Antall årsverk i tjenesten.")

    antall: Tall
    """Antall årsverk: et helt tall eller tekst med desimalkomma i anførselstegn, f.eks. '6,5'
    (ikke 6.5)."""
    kilde: Kilde
    """Hvor tallet kommer fra."""


class Avvikling(Strict):
    model_config = _schema("Avvikling", "Når og hvorfor et samarbeid ble avviklet.")

    dato: Dato
    """Dagen samarbeidet ble avviklet."""
    grunn: Tekst
    """Hvorfor det ble avviklet."""
    kilde: Kilde
    """Hvor avviklingen er vedtatt eller omtalt."""


Malform = Literal["bokmål", "nynorsk"]
Form = Literal["vertskommune", "vertskommune_nemnd", "interkommunalt_selskap", "aksjeselskap",
               "ikke_avklart"]
HOST_FORMS = ("vertskommune", "vertskommune_nemnd")
Status = Literal["eksisterende", "ny", "avviklet"]


class Omrade(Strict):
    """One cooperation area (a sub-agreement)."""

    model_config = _schema(
        "Samarbeidsområde",
        "Ett samarbeidsområde, som blir en delavtale eller en orientering (avtaler/omrader/<navn>.yaml).",
        {"if": {"properties": {"status": {"const": "avviklet"}}, "required": ["status"]},
         "then": {"required": ["avviklet"]}, "else": {"not": {"required": ["avviklet"]}}},
        {"if": {"properties": {"form": {"enum": list(HOST_FORMS)}}, "required": ["form"]},
         "then": {"if": {"properties": {"vertskommune_status": {"const": "avtalt"}},
                         "required": ["vertskommune_status"]},
                  "then": {"required": ["vertskommune_kilde"]}},
         "else": {"not": {"required": ["vertskommune"]}}},
        {"if": {"properties": {"form": {"const": "vertskommune_nemnd"},
                               "status": {"enum": ["eksisterende", "ny"]}},
                "required": ["form", "status"]},
         "then": {"required": ["nemnd_medlemmer"]}},
        {"if": {"properties": {"form": {"not": {"const": "vertskommune_nemnd"}}}, "required": ["form"]},
         "then": {"not": {"required": ["nemnd_medlemmer"]}}},
        {"if": {"properties": {"status": {"enum": ["ny", "avviklet"]}}, "required": ["status"]},
         "then": {"not": {"anyOf": [{"required": ["kostnader_i_dag"]}, {"required": ["vertskommune_i_dag"]}]}}},
        # an ended area has no document of its own: its purpose is not asked for
        {"if": {"properties": {"status": {"not": {"const": "avviklet"}}}, "required": ["status"]},
         "then": {"required": ["formål"]}})

    tittel: Tittel
    """Navnet på samarbeidsområdet, slik det står i avtalens tittel."""
    malform: Malform | None = Field(default=None, alias="målform")
    """Skriftspråket for denne delavtalen og sakene om den, når det er et annet enn
    samarbeidsavtalens («bokmål» eller «nynorsk»)."""
    gruppe: GruppeId
    """Gruppen (kapitlet) i samarbeidsavtalen området hører til."""
    form: Form
    """Organiseringen: «vertskommune» (kommuneloven § 20-2), «vertskommune_nemnd» (§ 20-3, med
    felles folkevalgt nemnd), «interkommunalt_selskap», «aksjeselskap» eller «ikke_avklart»."""
    status: Status
    """«eksisterende» (i drift, videreføres), «ny» eller «avviklet»."""
    deltakere: Annotated[list[KommuneId], Field(min_length=1, json_schema_extra={"uniqueItems": True})]
    """Kommunene som deltar: nøklene fra avtaler/kommuner.yaml."""
    andre_deltakere: list[Tekst] = []
    """Deltakere utenfor samarbeidsavtalen, med navn."""
    andre_deltakere_merknad: Tekst | None = None
    """Merknad om deltakerne utenfor samarbeidsavtalen."""
    vertskommune: KommuneId | None = None
    """Vertskommunen: nøkkelen til en av deltakerne."""
    vertskommune_i_dag: KommuneId | None = None
    """Kommunen som er vertskommune i dag, når avtalen flytter vertskapet til en annen av
    deltakerne (bare for et samarbeid i drift). Overgangen skjer på datoen i overføring, eller
    etter regelen for nye samarbeid."""
    # "avtalt": the councils have agreed on the host (give the source); "foreslått": a
    # proposal, shown as such in the draft banner and the overview until it is agreed.
    vertskommune_status: Literal["avtalt", "foreslått"] = "foreslått"
    """«avtalt» (kommunene har avtalt vertskommunen; oppgi vertskommune_kilde) eller «foreslått»
    (standard; vises som forslag)."""
    vertskommune_kilde: Kilde | None = None
    """Hvor vertskommunen er avtalt."""
    vertskommune_begrunnelse: Tekst | None = None
    """Arbeidsnotat om hvorfor denne kommunen er vertskommune; vises i kilderapporten, ikke i
    avtalen eller saksframlegget."""
    selskap: Tekst | None = None
    """Navnet på selskapet, når området drives av et selskap."""
    formal: Annotated[str, Field(strict=True, max_length=MAX_TEXT,
                                 json_schema_extra={"pattern": WHOLE_SENTENCE}),
                      AfterValidator(_whole_sentence)] | None = Field(default=None, alias="formål")
    """Formålet med samarbeidet, som hele setninger med stor forbokstav og punktum. Skrevet med
    «|» kan det ha flere avsnitt (tom linje) og punktlister (linjer som begynner med «- »)."""
    oppgaver: list[Tekst] = []
    """Oppgavene vertskommunen utfører for deltakerne, ett per punkt."""
    myndighet: list[Tekst] = []
    """Myndigheten til å treffe vedtak som delegeres til vertskommunen (kommuneloven § 20-2), ett
    per punkt."""
    forbeholdt: list[Tekst] = []
    """Det hver kommune beholder selv, ett per punkt."""
    lover: Annotated[list[LovId], Field(json_schema_extra={"uniqueItems": True}),
                     AfterValidator(_no_repeats)] = []
    """Lovene området hører under: nøklene fra avtaler/lover.yaml. Gir klageordningen og
    lovkravene."""
    underretning: list[Tekst] = []
    """Flere saker vertskommunen skal underrette deltakerne om, ut over de faste (kommuneloven §
    20-4 tredje ledd bokstav e), ett per punkt."""
    # What an existing cooperation ran on until now, which this agreement replaces.
    erstatter: Tekst | None = None
    """Det samarbeidet bygde på til nå, som denne avtalen erstatter."""
    historikk: list[Hendelse] = []
    """Hendelser i områdets historie; vises i versjonshistorikken."""
    overforing: Dato | None = Field(default=None, alias="overføring")
    """Dagen oppgavene og myndigheten går over til vertskommunen."""
    kostnader: Kostnadsmodell | None = None
    """En egen fordelingsnøkkel for området; uten den gjelder samarbeidsavtalens."""
    kostnader_i_dag: Kostnadsmodell | None = None
    """Fordelingsnøkkelen området har i dag, når avtalen endrer den (bare for et samarbeid i
    drift); saksframleggene viser da hva hver kommunes andel går fra og til. Uten den viderefører
    avtalen nøkkelen som gjelder."""
    nokkel_innfasing_ar: Annotated[StrictInt, Field(ge=2, le=10)] | None = Field(
        default=None, alias="nøkkel_innfasing_år")
    """Antall år nøkkelen ble faset inn over i dette samarbeidet, fra dagen den gjelder fra (for
    eksempel 3: en tredjedel i året). Avtalene sier da at nøkkelen er brukt siden den dagen, faset
    inn over så mange år. Oppgi kilden under kilde."""
    budsjett: Budsjett | None = None
    """Nettobudsjettet som fordeles; gir kostnadstabellen i kroner."""
    arsverk: Arsverk | None = Field(default=None, alias="årsverk")
    """Antall årsverk i tjenesten, med kilde."""
    oppsigelsesfrist_maneder: Annotated[StrictInt, Field(alias="oppsigelsesfrist_måneder", ge=1, le=60)] = 12
    """Oppsigelsesfristen i måneder (standard 12)."""
    nemnd_medlemmer: dict[KommuneId, Medlemmer] | None = None
    """Antall medlemmer hver kommune har i nemnda (§ 20-3), per kommunenøkkel."""
    behandling: Behandling = Behandling()
    """Hvor avtalen står i behandlingen: sendt, vedtak i hvert kommunestyre, i kraft."""
    avviklet: Avvikling | None = None
    """Når og hvorfor området ble avviklet (kreves med status avviklet)."""
    merknad: Tekst | None = None
    """En merknad som vises i orienteringen under «Merknad»."""
    kilde: list[Kilde] = []
    """Kildene for området."""

    @model_validator(mode="after")
    def _consistent(self):
        if self.formal is None and self.status != "avviklet":
            raise ValueError("mangler påkrevd felt 'formål'")
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
        if self.kostnader_i_dag is not None and self.status != "eksisterende":
            raise ValueError("kostnader_i_dag er nøkkelen et samarbeid i drift har i dag, og "
                             f"brukes bare med status eksisterende, ikke {self.status}")
        if self.nemnd_medlemmer is not None and self.form != "vertskommune_nemnd":
            raise ValueError("nemnd_medlemmer brukes bare med form: vertskommune_nemnd "
                             "(vertskommunesamarbeid med felles folkevalgt nemnd)")
        return self

    @property
    def is_host_model(self) -> bool:
        return self.form in HOST_FORMS

    @property
    def host_status(self) -> str:
        """«ny» where the host takes the tasks over (a new cooperation, or one in operation whose
        host the agreement moves), else the area's status: a host not yet agreed is then a
        proposal, not a host of today to be confirmed."""
        return "ny" if self.vertskommune_i_dag is not None else self.status

    @property
    def has_board(self) -> bool:
        return self.form == "vertskommune_nemnd"

"""`samarbeid ny MAPPE --kommuner …`: a complete, commented starter project for any region.

The parties are given by name or municipality number. Their names, numbers and population
figures come from one query to Statistics Norway's table 07459 (all municipalities as they are
today), or from that query's saved answer (`--fra-fil`); the county follows from the number.
Nothing in the starter is left to fill in before it builds: it passes `samarbeid sjekk` and
`samarbeid bygg` at once, and its README says what to change first.
"""

from __future__ import annotations

import shutil
import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from .. import norsk
from ..beslutning import ssb
from ..feil import InputError
from ..kilder import skjema

COUNTIES_FROM = date(2024, 1, 1)
COUNTIES = {"03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland",
            "31": "Østfold", "32": "Akershus", "33": "Buskerud", "34": "Innlandet",
            "39": "Vestfold", "40": "Telemark", "42": "Agder", "46": "Vestland",
            "50": "Trøndelag", "55": "Troms", "56": "Finnmark"}
"""County by the first two digits of a municipality number, from 1 January 2024 (SSB, KLASS
104, «Standard for fylkesinndeling»)."""
SHARED_OFFICES = {"03": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
                  "31": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
                  "32": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
                  "33": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
                  "39": "Statsforvalteren i Vestfold og Telemark",
                  "40": "Statsforvalteren i Vestfold og Telemark",
                  "55": "Statsforvalteren i Troms og Finnmark",
                  "56": "Statsforvalteren i Troms og Finnmark"}
"""Counties whose state governor's office covers more than one county."""
COUNTY_SOURCE = ("Standard for fylkesinndeling (KLASS 104), gjeldende fra 1. januar 2024",
                 "Statistisk sentralbyrå", "https://www.ssb.no/klass/klassifikasjoner/104")
GOVERNOR_SOURCE = ("Statsforvalterens embeter", "Statsforvalteren", "https://www.statsforvalteren.no/")
LAWS = Path(__file__).with_name("lover.yaml")


@dataclass(frozen=True)
class Party:
    key: str
    name: str
    number: str
    figures: dict[int, int]   # year → inhabitants at 1 January


def slug(name: str) -> str:
    """The key a project uses for a municipality: «Holtålen» → holtalen."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def stale_figures(codes: list[str], answer: ssb.Response, day: date) -> list[tuple[str, int]]:
    """The parties whose newest population figure in the answer is older than 1 January the
    year before `day`: (name, year of the newest figure)."""
    found = []
    for party in parties(codes, answer):
        newest = max(party.figures)
        if newest < day.year - 1:
            found.append((party.name, newest))
    return found


def _plain(name: str) -> str:
    return " ".join(name.lower().replace("(", " ").replace(")", " ").split())


def _ascii(name: str) -> str:
    return _plain(name).replace("æ", "ae").replace("ø", "o").replace("å", "a")


def resolve(tokens: list[str], names: dict[str, str], source: str = "hos SSB") -> list[str]:
    """Municipality numbers for the names or numbers the user gave, in the order given
    (`source`: where the names come from, as a message says it)."""
    codes: list[str] = []
    for token in tokens:
        token = token.strip()
        if token.isascii() and token.isdigit() and len(token) == 4:
            if token not in names:
                raise InputError(f"Fant ikke kommunenummeret {token} {source} (tabell 07459, "
                                 "kommunene slik de er nå). Sjekk nummeret, eller skriv navnet "
                                 "på kommunen i stedet.")
            codes.append(token)
            continue
        wanted = _plain(token)
        exact = [c for c, n in names.items() if _plain(n) == wanted]
        if not exact:  # «Våler» for «Våler (Innlandet)»: ambiguous when SSB has two
            exact = [c for c, n in names.items() if _plain(n).startswith(wanted + " ")]
        if len(exact) == 1:
            codes.append(exact[0])
        elif len(exact) > 1:
            choices = ", ".join(f"{names[c]} ({c})" for c in sorted(exact))
            raise InputError(f"«{token}» passer på flere kommuner: {choices}. Oppgi nummeret.")
        else:
            # compared as written without æ, ø and å: «Vaga» is «Vågå» typed on a keyboard without them
            folded = {_ascii(n): n for n in names.values()}
            close = get_close_matches(_ascii(token), list(folded), n=1)
            hint = f" Mente du «{folded[close[0]]}»?" if close else ""
            raise InputError(f"Fant ingen kommune som heter «{token}» {source}.{hint} Skriv navnet "
                             "slik SSB skriver det, eller kommunenummeret med fire sifre, "
                             "f.eks. --kommuner \"Røros, 5026\".")
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise InputError("Samme kommune er oppgitt to ganger: "
                         + ", ".join(names[c] for c in repeated) + ".")
    if len(codes) < 2:
        raise InputError("Et samarbeid trenger minst to kommuner; oppgi dem med --kommuner.")
    return codes


def parties(codes: list[str], answer: ssb.Response) -> list[Party]:
    found = []
    for code in codes:
        figures = {year: n for (c, year), n in answer.figures.items() if c == code}
        if not figures:
            raise InputError(f"SSB har ikke folketall for {answer.names[code]} ({code}) i svaret.")
        name = answer.names[code]
        found.append(Party(slug(name), name, code, figures))
    return found


def _q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _source(title: str, publisher: str, url: str, indent: str, extra: str = "") -> str:
    lines = [f"{indent}kilde:", f"{indent}  tittel: {_q(title)}", f"{indent}  utgiver: {_q(publisher)}",
             f"{indent}  url: {url}"]
    if extra:
        lines.append(f"{indent}  {extra}")
    return "\n".join(lines)


def fetch_note(fetched: date, from_file: str | None, updated: str) -> str:
    """The source note of a figure `samarbeid ny` wrote: when, and whether from SSB or from a
    saved answer (`from_file`), with SSB's own date for the table where the answer gives it."""
    from ..kilder.prosjekt import ssb_day
    day = fetched.isoformat()
    if from_file:
        text = norsk.say(f"Lest {day} fra et lagret svar fra SSB ({from_file}) med samarbeid ny",
                         f"Lesen {day} frå eit lagra svar frå SSB ({from_file}) med samarbeid ny")
    else:
        text = norsk.say(f"Hentet {day} med samarbeid ny", f"Henta {day} med samarbeid ny")
    if updated:
        text += norsk.say(f"; tabellen oppdatert hos SSB {ssb_day(updated)}",
                          f"; tabellen oppdatert hos SSB {ssb_day(updated)}")
    return text


def kommuner_yaml(found: list[Party], query: str, note: str) -> str:
    out = ["# yaml-language-server: $schema=../schema/kommuner.schema.json", "#"] + norsk.say(
        ["# Partene, laget med «samarbeid ny»: navn, kommunenummer og folketall per 1. januar fra",
         "# SSBs tabell 07459, fylket etter kommunenummeret. Legg til organisasjonsnummeret (med",
         "# kilde) der avtalen skal vise det; hent nye folketall med «samarbeid folketall hent»."],
        ["# Partane, laga med «samarbeid ny»: namn, kommunenummer og folketal per 1. januar frå",
         "# tabell 07459 hos SSB, fylket etter kommunenummeret. Legg til organisasjonsnummeret (med",
         "# kjelde) der avtalen skal vise det; hent nye folketal med «samarbeid folketall hent»."]
    ) + ["", "kommuner:"]
    for party in found:
        county = COUNTIES[party.number[:2]]
        out += [f"  {party.key}:", f"    navn: {_q(party.name)}", "    kommunenummer:",
                f"      - nummer: {_q(party.number)}", f"        fylke: {_q(county)}"]
        if party.number[:2] in SHARED_OFFICES:
            office = SHARED_OFFICES[party.number[:2]]
            office = norsk.say(office, office.replace("Statsforvalteren", "Statsforvaltaren"))
            out.append(f"        statsforvalter: {_q(office)}")
        out.append(_source(*COUNTY_SOURCE, indent="        "))
        out.append("    folketall:")
        for year in sorted(party.figures):
            out += [f"      - per: {year}-01-01", f"        antall: {party.figures[year]}",
                    _source(f"Befolkning per 1. januar {year}, {party.name} (tabell 07459)",
                            "Statistisk sentralbyrå", query, indent="        ",
                            extra=f"merknad: {_q(note)}")]
    return "\n".join(out) + "\n"


def _list(keys: list[str]) -> str:
    return "[" + ", ".join(keys) + "]"


def framework_yaml(found: list[Party], day: date) -> str:
    names = norsk.join_names([p.name for p in found])
    keys = _list([p.key for p in found])
    if norsk.form() == norsk.NYNORSK:
        return f'''# yaml-language-server: $schema=../schema/samarbeidsavtale.schema.json
#
# Samarbeidsavtalen mellom {names}, laga med «samarbeid ny» {norsk.date_text(day)}.
# Hald musepeikaren over ein nøkkel i editoren for å sjå kva han tyder; README.md seier kva du
# bør endre først.

# Skriftspråket i avtalane, sakene og nedlastingssida.
målform: nynorsk
tittel: {_q(f"Samarbeidsavtale mellom {names}")}
parter: {keys}
versjon: "1.0"
# Datoen for denne utgåva: teksten blir skriven etter lova som gjeld denne dagen.
dato: {day.isoformat()}

# Føremålet, eitt avsnitt per punkt. Utan det skriv avtalen berre at han fastset rammene.
# formål:
#   - Samarbeidet skal gi innbyggjarane i kommunane robuste tenester med sterke fagmiljø.

# Fordelingsnøkkelen for kostnadene: folketall, fast_og_folketall (med fast_andel_prosent)
# eller sammensatt (med komponenter; sjå README.md).
kostnader:
  modell: folketall

# Kapitla i avtalen. Kvart område i avtaler/omrader/ står i éi gruppe.
grupper:
  - id: tjenester
    tittel: Felles tenester
    beskrivelse: Tenester som kommunane løyser saman etter denne avtalen.
    områder: [barnevern, lonn]
'''
    return f'''# yaml-language-server: $schema=../schema/samarbeidsavtale.schema.json
#
# Samarbeidsavtalen mellom {names}, laget med «samarbeid ny» {norsk.date_text(day)}.
# Hold musen over en nøkkel i editoren for å se hva den betyr; README.md sier hva du bør
# endre først.

tittel: {_q(f"Samarbeidsavtale mellom {names}")}
parter: {keys}
versjon: "1.0"
# Datoen for denne utgaven: teksten skrives etter loven som gjelder denne dagen.
dato: {day.isoformat()}

# Formålet, ett avsnitt per punkt. Uten det skriver avtalen bare at den fastsetter rammene.
# formål:
#   - Samarbeidet skal gi innbyggerne i kommunene robuste tjenester med sterke fagmiljøer.

# Fordelingsnøkkelen for kostnadene: folketall, fast_og_folketall (med fast_andel_prosent)
# eller sammensatt (med komponenter; se README.md).
kostnader:
  modell: folketall

# Kapitlene i avtalen. Hvert område i avtaler/omrader/ står i én gruppe.
grupper:
  - id: tjenester
    tittel: Felles tjenester
    beskrivelse: Tjenester som kommunene løser sammen etter denne avtalen.
    områder: [barnevern, lonn]
'''


def _area(title: str, found: list[Party], host: Party, purpose: str, tasks: list[str],
          authority: list[str], kept: list[str], laws: list[str], note: str) -> str:
    lines = ["# yaml-language-server: $schema=../../schema/omrade.schema.json", "#",
             f"# {note}", "", f"tittel: {_q(title)}", "gruppe: tjenester", "form: vertskommune",
             "status: ny", f"deltakere: {_list([p.key for p in found])}",
             f"vertskommune: {host.key}",
             norsk.say("# foreslått til kommunene har avtalt vertskommunen; sett da avtalt og vertskommune_kilde",
                       "# foreslått til kommunane har avtalt vertskommunen; set då avtalt og vertskommune_kilde"),
             "vertskommune_status: foreslått", f"formål: >-\n  {purpose}", "oppgaver:"]
    lines += [f"  - {t}" for t in tasks]
    if authority:
        lines.append("myndighet:")
        lines += [f"  - {a}" for a in authority]
    if kept:
        lines.append("forbeholdt:")
        lines += [f"  - {k}" for k in kept]
    if laws:
        lines.append(f"lover: {_list(laws)}")
    return "\n".join(lines) + "\n"


def areas(found: list[Party]) -> dict[str, str]:
    host = max(found, key=lambda p: (p.figures[max(p.figures)], p.key))  # a proposal: the largest
    if norsk.form() == norsk.NYNORSK:
        return {
            "barnevern": _area(
                "Felles barnevernsteneste", found, host,
                "Samarbeidet skal gi barn og familiar ei barnevernsteneste med eit fagmiljø som er "
                "stort nok til å vere robust, og sikre at pliktene kommunane har etter "
                "barnevernslova, blir oppfylte.",
                ["oppgåvene kommunane har som barnevernsteneste etter barnevernslova",
                 "førebyggjande arbeid, undersøkingar, hjelpetiltak og oppfølging av barn i fosterheim"],
                ["å gjere enkeltvedtak etter barnevernslova som lova legg til barnevernstenesta"],
                [], ["barnevernsloven"],
                "Eit døme på eit område med delegert mynde (kommunelova § 20-2). Endre det, "
                "eller slett fila og namnet under grupper i samarbeidsavtale.yaml."),
            "lonn": _area(
                "Felles lønskontor", found, host,
                "Samarbeidet skal utføre lønsarbeidet for kommunane i eitt fagmiljø, med lik "
                "kvalitet og mindre sårbarheit.",
                ["lønskøyring, reiserekningar og refusjonar for dei tilsette i kommunane",
                 "innrapportering av løn og trekk til offentlege styresmakter og pensjonsleverandørar"],
                [], ["tilsetjing, lønsfastsetjing og andre avgjerder som arbeidsgivar for eigne tilsette"],
                ["skattebetalingsloven"], "Eit døme på eit område utan delegert mynde. Endre det, eller slett fila og "
                    "namnet under grupper i samarbeidsavtale.yaml."),
        }
    return {
        "barnevern": _area(
            "Felles barnevernstjeneste", found, host,
            "Samarbeidet skal gi barn og familier en barnevernstjeneste med et fagmiljø som er "
            "stort nok til å være robust, og sikre at kommunenes plikter etter barnevernsloven "
            "blir oppfylt.",
            ["kommunenes oppgaver som barnevernstjeneste etter barnevernsloven",
             "forebyggende arbeid, undersøkelser, hjelpetiltak og oppfølging av barn i fosterhjem"],
            ["å treffe enkeltvedtak etter barnevernsloven som loven legger til barnevernstjenesten"],
            [], ["barnevernsloven"],
            "Et eksempel på et område med delegert myndighet (kommuneloven § 20-2). Endre det, "
            "eller slett filen og navnet under grupper i samarbeidsavtale.yaml."),
        "lonn": _area(
            "Felles lønnskontor", found, host,
            "Samarbeidet skal utføre lønnsarbeidet for kommunene i ett fagmiljø, med lik kvalitet "
            "og mindre sårbarhet.",
            ["lønnskjøring, reiseregninger og refusjoner for de ansatte i kommunene",
             "innrapportering av lønn og trekk til offentlige myndigheter og pensjonsleverandører"],
            [], ["tilsetting, lønnsfastsetting og andre avgjørelser som arbeidsgiver for egne ansatte"],
            ["skattebetalingsloven"], "Et eksempel på et område uten delegert myndighet. Endre det, eller slett filen og "
                "navnet under grupper i samarbeidsavtale.yaml."),
    }


def readme(found: list[Party], day: date) -> str:
    names = norsk.join_names([p.name for p in found])
    if norsk.form() == norsk.NYNORSK:
        return f"""# Interkommunalt samarbeid mellom {names}

Avtalane for samarbeidet, som kode: kjeldene står i `avtaler/`, og `samarbeid bygg` lagar
Word-filer, PDF/A og ei nedlastingsside i `build/`. Prosjektet blei laga med `samarbeid ny`
{norsk.date_text(day)} og skriv nynorsk (`målform: nynorsk` i samarbeidsavtale.yaml). Det
byggjer slik det står.

## Kom i gang

```
samarbeid sjekk      # sjekk kjeldene
samarbeid bygg       # bygg avtalane i build/
samarbeid vis        # sjå nedlastingssida i nettlesaren
```

## Det du bør endre først

1. `avtaler/samarbeidsavtale.yaml`: tittel, føremål (valfritt), fordelingsnøkkel og grupper.
2. `avtaler/omrader/`: dei to områda er døme. Endre dei, legg til fleire (éi fil per område)
   og før kvart område opp under ei gruppe.
3. `avtaler/kommuner.yaml`: organisasjonsnummer (med kjelde) der avtalane skal vise det. Nye
   folketal blir henta med `samarbeid folketall hent --år ÅÅÅÅ`.
4. `avtaler/lover.yaml`: lovene med nynorske kortnamn; kontroller klageinstansane mot Lovdata.

Editoren (til dømes VS Code med YAML-utvidinga) føreslår nøklar og verdiar frå `schema/`.
Etter at du har lagt til ein kommune, ei lov, ei gruppe eller eit område: køyr `samarbeid skjema`.

Lengre tekstar (`formål`, `bakgrunn`, `merknad`) skriv du med `|` når dei skal ha fleire avsnitt
eller ei punktliste: ei tom linje gir nytt avsnitt, linjer som byrjar med `- ` (eller
`– ` som i Word), blir punkt, `1.`, `2.` … ei nummerert liste og `a)`, `b)` … ei liste med bokstavar. Eit punkt rykt inn under
eit anna blir eit underpunkt. Utan `|` blir linjene slått saman til éi.

Klausulane følgjer med programmet, på nynorsk i `maler/nn/`. Vil de endre ein, kopierer
`samarbeid maler kopier nn/NAMN` han til `maler/nn/`, der den eigne fila blir brukt i staden.
"""
    return f"""# Interkommunalt samarbeid mellom {names}

Avtalene for samarbeidet, som kode: kildene står i `avtaler/`, og `samarbeid bygg` lager
Word-filer, PDF/A og en nedlastingsside i `build/`. Prosjektet ble laget med `samarbeid ny`
{norsk.date_text(day)}, og bygger som det står.

## Kom i gang

```
samarbeid sjekk      # sjekk kildene
samarbeid bygg       # bygg avtalene i build/
samarbeid vis        # se nedlastingssiden i nettleseren
```

## Det du bør endre først

1. `avtaler/samarbeidsavtale.yaml`: tittel, formål (valgfritt), fordelingsnøkkel og grupper.
2. `avtaler/omrader/`: de to områdene er eksempler. Endre dem, legg til flere (én fil per område)
   og før hvert område opp under en gruppe.
3. `avtaler/kommuner.yaml`: organisasjonsnummer (med kilde) der avtalene skal vise det. Nye
   folketall hentes med `samarbeid folketall hent --år ÅÅÅÅ`.

Editoren (for eksempel VS Code med YAML-utvidelsen) foreslår nøkler og verdier fra `schema/`.
Etter at du har lagt til en kommune, en lov, en gruppe eller et område: kjør `samarbeid skjema`.

Lengre tekster (`formål`, `bakgrunn`, `merknad`) skrives med `|` når de skal ha flere avsnitt
eller en punktliste: en tom linje gir nytt avsnitt, linjer som begynner med `- ` (eller
`– ` som i Word), blir punkter, `1.`, `2.` … en nummerert liste og `a)`, `b)` … en liste med bokstaver. Et punkt rykket
inn under et annet blir et underpunkt. Uten `|` blir linjene slått sammen til én.

Klausulene følger med programmet. Vil dere endre en, kopierer `samarbeid maler kopier NAVN`
den til `maler/`, der den egne filen brukes i stedet.
"""


# The law list in nynorsk: the short names and the words the agreements show (the official
# titles, the references and the sources stay as the law and the sources have them).
NYNORSK_LAWS = {
    "kommuneloven": {"kort": "kommunelova"},
    "forvaltningsloven": {"kort": "forvaltningslova"},
    "barnevernsloven": {"kort": "barnevernslova", "gjelder": "vedtak barnevernstenesta gjer etter "
                        "barnevernslova, med unntak av akuttvedtak, som blir prøvde av barneverns- og "
                        "helsenemnda"},
    "helse-og-omsorgstjenesteloven": {"kort": "helse- og omsorgstenestelova",
                                      "hjemmel": "pasient- og brukarrettslova § 7-2 første ledd",
                                      "gjelder": "vedtak om helse- og omsorgstenester"},
    "plan-og-bygningsloven": {"kort": "plan- og bygningslova", "gjelder": "vedtak etter plan- og bygningslova",
                              "hjemmel": "plan- og bygningslova § 1-9 femte ledd; departementet har lagt "
                                         "klagebehandlinga til statsforvaltaren"},
    "matrikkellova": {"kort": "matrikkellova", "gjelder": "vedtak etter matrikkellova",
                      "hjemmel": "matrikkellova § 46 andre ledd; klageorganet departementet peikar ut"},
    "jordlova": {"kort": "jordlova", "gjelder": "vedtak etter jordlova"},
    "konsesjonsloven": {"kort": "konsesjonslova", "gjelder": "vedtak etter konsesjonslova"},
    "skogbrukslova": {"kort": "skogbrukslova", "gjelder": "vedtak etter skogbrukslova"},
    "opplaeringslova": {"kort": "opplæringslova",
                        "gjelder": "enkeltvedtak der opplæringslova gjer staten til klageinstans"},
    "barnehageloven": {"kort": "barnehagelova", "hjemmel": "barnehagelova og forskrifter etter lova",
                       "gjelder": "vedtak om spesialpedagogisk hjelp, om godkjenning av barnehagar og om "
                       "kommunalt tilskot til ikkje-kommunale barnehagar"},
    "sivilbeskyttelsesloven": {"kort": "sivilbeskyttelseslova"},
    "integreringsloven": {"kort": "integreringslova", "gjelder": "vedtak om introduksjonsprogram, "
                          "introduksjonsstønad og opplæring i norsk og samfunnskunnskap"},
    "nav-loven": {"kort": "NAV-lova", "avtalekrav": [
        "NAV-kontoret blir oppretta ved avtale mellom Arbeids- og velferdsetaten og kommunane. "
        "Vertskommunen inngår avtalen på vegner av kommunane i samarbeidet (NAV-lova § 14 tredje "
        "ledd). Avtalen skal ha føresegner om lokalisering og utforming, organisering og drift av "
        "kontoret, kva kommunale tenester som inngår i kontoret, og korleis kontoret skal samhandle "
        "med representantar for brukarane og med dei andre tenestene i kommunane (§ 14 første "
        "ledd). Tenestene etter sosialtenestelova inngår alltid i kontoret (§ 13)."]},
    "sosialtjenesteloven": {"kort": "sosialtenestelova", "gjelder": "vedtak etter sosialtenestelova"},
    "forurensningsloven": {"kort": "forureiningslova"},
    "brann-og-eksplosjonsvernloven": {"kort": "brann- og eksplosjonsvernlova"},
    "skattebetalingsloven": {"kort": "skattebetalingslova"},
    "iks-loven": {"kort": "IKS-lova"},
    "aksjeloven": {"kort": "aksjelova"},
    "arkivlova": {"kort": "arkivlova"},
    "personopplysningsloven": {"kort": "personopplysningslova"},
    "arbeidsmiljoloven": {"kort": "arbeidsmiljølova"},
}


def _short_names() -> dict[str, str]:
    """Each act's short name in bokmål (as the law list has it) → in nynorsk."""
    names, law = {}, ""
    for line in LAWS.read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"):
            law = line.strip()[:-1]
        elif line.strip().startswith("kort: ") and law in NYNORSK_LAWS:
            names[line.strip()[6:]] = NYNORSK_LAWS[law]["kort"]
    return names


def laws_nynorsk() -> str:
    """The law list with its short names and the agreements' words in nynorsk, line by line
    from the bokmål list, so that its comments and sources stay as they are."""
    out, law, skip = [], "", False
    SHORT_NAMES = _short_names()
    lines = LAWS.read_text(encoding="utf-8").splitlines()
    out.append(lines[0])
    out += ["#", "# Lovene med nynorske kortnamn og ord i avtalane (laga med «samarbeid ny»). Dei offisielle",
            "# titlane og kjeldene står slik lova og kjeldene har dei."]
    krav = []
    for line in lines[1:]:
        indent = len(line) - len(line.lstrip())
        if skip and indent > skip:
            continue  # the rest of a folded text that was replaced
        skip = False
        stripped = line.strip()
        if indent == 2 and stripped.endswith(":") and not stripped.startswith("#"):
            law = stripped[:-1]
            krav = list(NYNORSK_LAWS.get(law, {}).get("avtalekrav", []))
        words = NYNORSK_LAWS.get(law, {})
        key, _, value = stripped.partition(": ")
        lead = line[:indent]
        if key == "kort" and "kort" in words:
            line = f"{lead}kort: {words['kort']}"
        elif key == "organ":
            line = line.replace("statsforvalteren", "statsforvaltaren")
        elif key == "hjemmel" and "hjemmel" in words:
            line = f"{lead}hjemmel: {words['hjemmel']}"
        elif key in ("hjemmel", "- hjemmel"):  # the act's name in a reference the agreements show
            for bokmal, nynorsk in sorted(SHORT_NAMES.items(), key=lambda kv: -len(kv[0])):
                line = line.replace(f"{bokmal} §", f"{nynorsk} §")
                if value == bokmal:
                    line = f"{lead}{key}: {nynorsk}"
        elif key == "gjelder" and "gjelder" in words:
            line, skip = f"{lead}gjelder: {words['gjelder']}", indent if value in (">-", ">", "|") else False
        elif key in ("tekst", "- tekst") and krav:
            line, skip = f"{lead}{key}: {krav.pop(0)}", indent if value in (">-", ">", "|") else False
        out.append(line)
    return "\n".join(out) + "\n"


GITIGNORE = "/build/\n/.mellomlager/\n"


def create(target: Path, codes: list[str], answer: ssb.Response, query: str, day: date,
           form: str = norsk.BOKMAL, fetched: date | None = None,
           from_file: str | None = None) -> list[Path]:
    """Write the starter project for the municipalities `codes` (numbers, from `resolve`) into
    `target` (a new or empty folder), in the written standard `form`; return the files. The
    figures were fetched on `fetched` (today if not given), or read from the saved answer in
    the file named `from_file`."""
    with norsk.written_standard(form):
        note = fetch_note(fetched or date.today(), from_file, answer.updated)
        return _create(target, codes, answer, query, day, note)


def _create(target: Path, codes: list[str], answer: ssb.Response, query: str, day: date,
            note: str) -> list[Path]:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"{target} finnes allerede og er ikke en tom mappe; velg en ny mappe.")
    if day < COUNTIES_FROM:
        raise InputError("Datoen må være 1. januar 2024 eller senere (fylkene slik de er nå).")
    missing = [c for c in codes if c not in (answer.names or {})]
    if missing:
        raise InputError("SSB har ikke folketall for kommunenummer " + ", ".join(missing) + ".")
    found = parties(codes, answer)
    unknown = [p for p in found if p.number[:2] not in COUNTIES]
    if unknown:
        raise InputError("Ukjent fylke for kommunenummer " + ", ".join(p.number for p in unknown) + ".")
    files = {
        "avtaler/kommuner.yaml": kommuner_yaml(found, query, note),
        "avtaler/samarbeidsavtale.yaml": framework_yaml(found, day),
        "README.md": readme(found, day),
        ".gitignore": GITIGNORE,
        **{f"avtaler/omrader/{slug_}.yaml": text for slug_, text in areas(found).items()},
    }
    written = []
    try:
        for name, text in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        if norsk.form() == norsk.NYNORSK:
            (target / "avtaler/lover.yaml").write_text(laws_nynorsk(), encoding="utf-8")
        else:
            shutil.copy(LAWS, target / "avtaler/lover.yaml")
        written.append(target / "avtaler/lover.yaml")
        for name, text in skjema.schemas(target).items():
            path = target / skjema.SCHEMA_DIR / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return written

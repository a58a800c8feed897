"""The reviewers' source report (build/kilder.md): where every fact in the documents comes from.

The agreements themselves carry no working notes: no file names, web addresses or remarks on
what the sources say. Those stay in the data and are gathered here, document by document, for
the people who check the facts before the councils get the text.
"""

from __future__ import annotations

import re

from .. import norsk
from ..kilder.modell import Hendelse, Kilde
from ..kilder.prosjekt import Project
from ..tekst.kontekst import population_date


_MARKDOWN = re.compile(r"([\\`*_\[\]<>!|~&#])")


def _md(text: str) -> str:
    """Text from the sources as literal Markdown: a title with «*», «<b>» or «![…](…)» is shown
    as written on GitHub, not as emphasis, markup or an image (commas and full stops, which do
    nothing there, are left as they are so the file reads well as text)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _source(k: Kilde) -> str:
    text = f"{_md(k.utgiver)}, «{_md(k.tittel)}»" if k.utgiver else f"«{_md(k.tittel)}»"
    if k.tabell:
        text += f", tabell {_md(k.tabell)}"
    if k.url:
        text += f", <{k.url}>"
    if k.merknad:
        text += f". {_md(k.merknad)}"
    return text


def _history(events: list[Hendelse]) -> list[str]:
    lines = []
    for e in sorted(events, key=lambda e: e.sort_key):
        # «18. mai 2016» opening a point would be read as a numbered list inside it: «18\. mai»
        when = re.sub(r"^(\d+)\.", r"\1\\.", norsk.date_text(e.dato)) if e.dato else str(e.aar)
        lines.append(f"- {when}: {_source(e.kilde) if e.kilde else norsk.say('denne versjonen (ingen kilde)', 'denne versjonen (inga kjelde)')}")
    return lines


def source_report(project: Project) -> str:
    """Return the source report as Markdown, in the project's written standard."""
    with norsk.written_standard(project.rammeavtale.malform):
        return _source_report(project)


def _source_report(project: Project) -> str:
    fw = project.rammeavtale
    say = norsk.say
    out = [f"# {say('Kilder til', 'Kjelder til')} «{_md(fw.tittel)}», versjon {_md(fw.versjon)} ({norsk.date_text(fw.dato)})", "",
           say("Rapporten er for dem som går gjennom avtalene. Den står ikke i avtalene: der står "
               "bare teksten som skal vedtas.",
               "Rapporten er for dei som går gjennom avtalane. Han står ikkje i avtalane: der står "
               "berre teksten som skal vedtakast."), "", "## Samarbeidsavtalen", ""]
    out += [f"- {_source(k)}" for k in fw.kilde] or [say(
        "Ingen kilde er oppgitt for samarbeidsavtalen selv (kilde: i samarbeidsavtale.yaml).",
        "Inga kjelde er oppgitt for samarbeidsavtalen sjølv (kilde: i samarbeidsavtale.yaml).")]
    if fw.historikk:
        out += ["", say("Versjonshistorikken:", "Versjonshistorikken:"), ""] + _history(list(fw.historikk))
    if fw.kostnader.kilde:
        out += ["", f"Fordelingsnøkkelen: {_source(fw.kostnader.kilde)}"]
    if fw.styringsgruppe_kilde:
        out += ["", f"{say('Styringsgruppen', 'Styringsgruppa')}: {_source(fw.styringsgruppe_kilde)}"]
    if fw.vertskap and fw.vertskap.prinsipp_kilde:
        out += ["", f"{say('Fordelingen av vertskommuneansvaret', 'Fordelinga av vertskommuneansvaret')}: "
                    f"{_source(fw.vertskap.prinsipp_kilde)}"]
    host = fw.vertskap
    for label, note in (("Metode for vertskapstabellen", host.metode if host else None),
                        (say("Valg av vertskommuner", "Val av vertskommunar"), host.begrunnelse if host else None),
                        (say("Folketallet", "Folketalet"), fw.folketall_begrunnelse)):
        if note:
            out += ["", f"{label}: {_md(note)}"]
    out += ["", say("## Partene", "## Partane"), ""]
    day = population_date(project, list(fw.parter))
    for key, party in project.kommuner.items():
        out += [f"### {_md(party.offisielt_navn)}", ""]
        for number in party.kommunenummer:
            span = ", ".join(x for x in (number.fra and f"{say('fra', 'frå')} {norsk.date_text(number.fra)}",
                                        number.til and f"til {norsk.date_text(number.til)}") if x)
            out += [f"- Kommunenummer {number.nummer} ({number.fylke}{', ' + span if span else ''}): "
                    f"{_source(number.kilde)}"]
        if party.organisasjonsnummer_kilde:
            out += [f"- Organisasjonsnummer: {_source(party.organisasjonsnummer_kilde)}"]
        elif not party.organisasjonsnummer:
            out += [say("- Organisasjonsnummer: mangler; står som felt til utfylling i avtalene.",
                        "- Organisasjonsnummer: manglar; står som felt til utfylling i avtalane.")]
        for figure in party.folketall:
            used = " (brukt i samarbeidsavtalen)" if figure.per == day else ""
            out += [f"- {say('Folketall', 'Folketal')} per {norsk.date_text(figure.per)}: {norsk.number(figure.antall)}"
                    f"{used}. {_source(figure.kilde)}"]
        out.append("")
    out += [say("## Lovene", "## Lovene"), ""]
    for law in project.lover.values():
        out += [f"- {_md(law.tittel)}, {law.id}, <{law.url}>"]
        if law.ikraft_kilde:
            out += [f"  - I kraft: {_source(law.ikraft_kilde)}"]
        if law.klageinstans:
            out += [f"  - Klageinstans {_md(law.klageinstans.organ)} ({_md(law.klageinstans.hjemmel)}): "
                    f"{_source(law.klageinstans.kilde)}"]
        for krav in law.avtalekrav:
            out += [f"  - Avtalekrav ({_md(krav.hjemmel)}): {_source(krav.kilde)}"]
    out += ["", say("## Områdene", "## Områda"), ""]
    for slug, area in project.omrader.items():
        out += [f"### {_md(area.tittel)} ({slug})", ""]
        if area.vertskommune:
            host = project.kommuner[area.vertskommune].navn
            if area.vertskommune_status == "avtalt" and area.vertskommune_kilde:
                out += [f"- Vertskommune {host}, avtalt: {_source(area.vertskommune_kilde)}"]
            else:
                out += [f"- Vertskommune {host}, {say('foreslått', 'føreslått')}"]
            if area.vertskommune_begrunnelse:
                out += [f"  - {say('Begrunnelse', 'Grunngiving')}: {_md(area.vertskommune_begrunnelse)}"]
        out += [f"- {_source(k)}" for k in area.kilde]
        if area.arsverk:
            out += [f"- Årsverk {norsk.measure(area.arsverk.antall)}: {_source(area.arsverk.kilde)}"]
        if area.budsjett:
            out += [f"- Budsjett {area.budsjett.aar}: {_source(area.budsjett.kilde)}"]
        if area.avviklet:
            out += [f"- {say('Avviklet', 'Avvikla')} {norsk.date_text(area.avviklet.dato)}: {_source(area.avviklet.kilde)}"]
        if area.historikk:
            out += ["- Historikk:"] + ["  " + line for line in _history(list(area.historikk))]
        if area.andre_deltakere_merknad:
            out += [f"- {say('Om andre deltakere', 'Om andre deltakarar')}: {_md(area.andre_deltakere_merknad)}"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"

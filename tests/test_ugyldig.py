"""The catalogue of bad input: each case through `samarbeid sjekk`, with its Norwegian message,
exit status 2 and never a traceback."""

import re
import pytest
from click.testing import CliRunner

from samarbeid_docs import cli

from .conftest import edit, local_template

AREA = "avtaler/omrader/plan.yaml"
PARTIES = "avtaler/kommuner.yaml"
FRAMEWORK = "avtaler/samarbeidsavtale.yaml"


def _replace(file, old, new):
    return lambda root: edit(root / file, old, new)


def _write(file, data: bytes):
    return lambda root: (root / file).write_bytes(data)


def _append(file, text):
    def change(root):
        path = root / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return change


def _rename(new_name):
    return lambda root: (root / AREA).rename(root / "avtaler/omrader" / new_name)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))

CATALOGUE = [
    ("ødelagt YAML", _replace(AREA, "gruppe: nye", "gruppe: [nye"),
     f"{AREA}:3:5: FEIL: listen er ikke avsluttet: mangler ']' eller et komma (fant «:»)"),
    ("tabulator", _replace(AREA, "status: ny", "status:\n\tny"),
     f"{AREA}:5:1: FEIL: tabulator brukt til innrykk; YAML krever mellomrom"),
    ("feil type", _replace(PARTIES, "antall: 2030", "antall: mange"),
     f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: forventet et heltall, fikk 'mange'"),
    ("negativt folketall", _replace(PARTIES, "antall: 2030", "antall: -5"),
     f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: må være større enn 0, fikk -5"),
    ("folketall med desimaler", _replace(PARTIES, "antall: 2030", "antall: 2030.5"),
     f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: forventet et helt tall uten "
     "desimaler, fikk 2030.5"),
    ("budsjett 0", _replace(AREA, "beløp: 1234567", "beløp: 0"),
     f"{AREA}:19:10: FEIL: budsjett.beløp: må være større enn 0, fikk 0"),
    ("budsjett med desimaler", _replace(AREA, "beløp: 1234567", "beløp: 1234567.89"),
     f"{AREA}:19:10: FEIL: budsjett.beløp: forventet et helt tall uten desimaler, fikk 1234567.89"),
    ("ukjent nøkkel", _replace(AREA, "vertskommune: roros", "vertskomune: roros"),
     f"{AREA}:6:1: FEIL: ukjent nøkkel 'vertskomune' (mente du 'vertskommune'?)"),
    ("dobbel nøkkel", _replace(AREA, "status: ny", "status: ny\nstatus: eksisterende"),
     f"{AREA}:5:1: FEIL: nøkkelen 'status' står to ganger (første gang på linje 4); slett den ene"),
    ("manglende felt", _replace(AREA, "gruppe: nye\n", ""),
     f"{AREA}:1:1: FEIL: mangler påkrevd felt 'gruppe'"),
    ("vertskommune utenfor deltakerne", _replace(AREA, "vertskommune: roros", "vertskommune: tolga"),
     f"{AREA}:6:15: FEIL: vertskommune: vertskommunen 'tolga' er ikke blant deltakerne; legg den "
     "til i deltakere eller velg en av dem"),
    ("ukjent kommune", _replace(AREA, "deltakere: [roros, holtalen]", "deltakere: [roros, holtalen, rros]"),
     f"{AREA}:5:30: FEIL: deltakere[2]: ukjent kommune 'rros'; den må stå i avtaler/kommuner.yaml "
     "(mente du 'roros'?)"),
    ("manglende folketallsår", _replace(FRAMEWORK, "folketall_per: 2013-01-01", "folketall_per: 2014-01-01"),
     f"{AREA}:5:13: FEIL: deltakere[0]: Røros har ikke folketall per 2014-01-01 i "
     "avtaler/kommuner.yaml, som kostnadsfordelingen bruker (folketall_per i samarbeidsavtalen); "
     "legg inn tallet med kilde"),
    ("dato som ikke finnes", _replace(FRAMEWORK, "dato: 2026-05-18", "dato: 2026-02-30"),
     f"{FRAMEWORK}:4:7: FEIL: dato: datoen 2026-02-30 finnes ikke"),
    ("tom fil", _write(AREA, b""),
     f"{AREA}: FEIL: filen er tom; se README.md for hva en avtalefil skal inneholde"),
    ("binærfil", _write(AREA, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     f"{AREA}: FEIL: filen er binær (inneholder NUL-byte), ikke YAML-tekst"),
    ("50 MB", _write(AREA, b"tittel: x\n" + b"# " + b"a" * 50_000_000 + b"\n"),
     f"{AREA}: FEIL: filen er for stor (50000013 byte, høyst 2000000); en avtale skal være noen få "
     "kilobyte"),
    ("billion laughs", _write(AREA, BOMB.encode()),
     f"{AREA}:2:8: FEIL: YAML-aliaser (*navn) er ikke tillatt; skriv verdien ut"),
    ("ikke UTF-8", _write(AREA, "tittel: Røros\n".encode("latin-1")),
     f"{AREA}:1: FEIL: filen er ikke UTF-8; lagre den som UTF-8 i editoren"),
    ("kontrolltegn", _replace(AREA, "tittel: Plan, miljø & geodata <kontor>", "tittel: Plan\x07bygg"),
     f"{AREA}:1:13: FEIL: filen inneholder tegnet U+0007, som ikke er tillatt i YAML; fjern det"),
    ("kontrolltegn som escape", _replace(AREA, "tittel: Plan, miljø & geodata <kontor>", 'tittel: "Plan\\x1bbygg"'),
     f"{AREA}:1:9: FEIL: tittel: teksten inneholder tegnet U+001B, som ikke kan stå i et dokument; fjern det"),
    ("retningsstyring", _replace(AREA, "tittel: Plan, miljø & geodata <kontor>", 'tittel: "Plan \\u202eRTL\\u202c"'),
     f"{AREA}:1:9: FEIL: tittel: teksten inneholder tegnet U+202E, som ikke kan stå i et dokument; fjern det"),
    ("folketall for stort", _replace(PARTIES, "antall: 2030", "antall: 99999999999999999999999999"),
     f"{PARTIES}:40:17: FEIL: kommuner.holtalen.folketall[0].antall: må være mindre enn 1000000000000, "
     "fikk 99999999999999999999999999"),
    ("budsjett skrevet med mellomrom", _replace(AREA, "beløp: 1234567", 'beløp: "1 234 567"'),
     f"{AREA}:19:10: FEIL: budsjett.beløp: forventet et heltall, fikk '1 234 567'; skriv det uten "
     "mellomrom og anførselstegn: 1234567"),
    ("år 9999", _replace(FRAMEWORK, "dato: 2026-05-18", "dato: 9999-05-18"),
     f"{FRAMEWORK}:4:7: FEIL: dato: datoen 9999-05-18 ligger utenfor årene 1900–2100; sjekk årstallet"),
    ("filnavn med mellomrom og æøå", _rename("Plan og miljø.yaml"),
     "avtaler/omrader/Plan og miljø.yaml: FEIL: filnavnet skal bestå av små bokstaver a–z, sifre og "
     "bindestrek (f.eks. plan-og-bygg.yaml); gi filen nytt navn"),
    ("utløpt kommunenummer", _replace(PARTIES, '      - nummer: "1644"\n        fylke: Sør-Trøndelag\n',
                                      '      - nummer: "1644"\n        fylke: Sør-Trøndelag\n'
                                      '        til: 2019-12-31\n'),
     f"{PARTIES}:33:7: FEIL: kommuner.holtalen.kommunenummer: Holtålen har ikke noe kommunenummer "
     f"som gjelder 18. mai 2026, datoen i {FRAMEWORK} (1644 gjaldt til 31. desember 2019). Legg "
     "inn nummeret som gjelder da, med fra-dato og kilde"),
    ("mal utenfor prosjektet", lambda root: local_template(root, "klausuler/kvalitet.md.j2").write_text(
        "# Innhold og kvalitet\n\n{% include '../../etc/passwd' %}\n", encoding="utf-8"),
     "maler/klausuler/kvalitet.md.j2:3: FEIL: fant ikke malen «../../etc/passwd» i maler/; en mal "
     "kan bare ta med filer i maler/ (ikke stier som går ut av mappen)"),
]


def _clause(text):
    return lambda root: local_template(root, "klausuler/klage.md.j2").write_text(
        f"# Klage\n\n{text}\n", encoding="utf-8")


# a project's own template that would stop the program: each is refused by `sjekk` and by
# `bygg` alike, at its line
TEMPLATES = [
    ("mal med absolutt sti", _clause("{% include '/etc/passwd' %}"),
     "maler/klausuler/klage.md.j2:3: FEIL: fant ikke malen «/etc/passwd» i maler/; en mal kan bare "
     "ta med filer i maler/ (ikke stier som går ut av mappen)"),
    ("mal som tar med seg selv", _clause("{% include 'klausuler/klage.md.j2' %}"),
     "maler/klausuler/klage.md.j2:3: FEIL: malen tar med seg selv uten ende (en include eller en "
     "makro som kaller seg selv); fjern kallet som går i ring"),
    ("makro som kaller seg selv", _clause("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
     "maler/klausuler/klage.md.j2:3: FEIL: malen tar med seg selv uten ende (en include eller en "
     "makro som kaller seg selv); fjern kallet som går i ring"),
    ("løkke uten ende", _clause("{% for i in range(100000000) %}x{% endfor %}"),
     "maler/klausuler/klage.md.j2:3: FEIL: malen ber om mer enn en avtale kan inneholde (for "
     "eksempel en løkke over range() med over 100 000 runder); gjør den mindre"),
    ("tekst uten ende", _clause("{{ 'a' * 10000000 }}"),
     re.compile("innebygd:maler/delavtale\\.md\\.j2: FEIL: malen gir 10\u00a0\\d{3}\u00a0\\d{3} tegn "
                "tekst, mer enn en avtale kan inneholde \\(høyst 2\u00a0000\u00a0000\\); finn malen som "
                "gjentar tekst, og gjør den mindre")),
]
CATALOGUE += TEMPLATES


@pytest.mark.parametrize(("name", "change", "expected"), TEMPLATES, ids=[c[0] for c in TEMPLATES])
def test_a_template_that_would_stop_the_program_is_refused_by_the_build_too(minimal, name, change, expected):
    build_ok = CliRunner().invoke(cli.main, ["-C", str(minimal), "bygg", "--uten-pdf"], prog_name="samarbeid")
    assert build_ok.exit_code == 0, build_ok.output
    before = {p: p.read_bytes() for p in (minimal / "build").rglob("*") if p.is_file()}
    change(minimal)
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "bygg", "--uten-pdf"], prog_name="samarbeid")
    assert result.exit_code == 2 and "Intern feil" not in result.output, result.output
    assert any(_says(line, expected) for line in result.stderr.splitlines()), result.stderr
    assert {p: p.read_bytes() for p in (minimal / "build").rglob("*") if p.is_file()} == before


def _says(line: str, expected) -> bool:
    """`line` is the expected message (a pattern where it holds a count the test cannot fix)."""
    return bool(expected.fullmatch(line)) if isinstance(expected, re.Pattern) else line == expected


def _refused(root):
    """`samarbeid sjekk` on `root`: exit 2 and no internal error."""
    result = CliRunner().invoke(cli.main, ["-C", str(root), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 2, result.output
    assert "Intern feil" not in result.output
    return result


@pytest.mark.parametrize(("name", "change", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_bad_input_gets_a_clear_message_and_exit_2(minimal, name, change, expected):
    change(minimal)
    result = _refused(minimal)
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert any(_says(line, expected) for line in lines), "\n".join(lines)
    assert lines[-1].startswith("Avbrutt: ")


def test_the_real_sources_pass(real_copy):
    from .conftest import REAL_WARNINGS
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"])
    assert result.exit_code == 0 and "FEIL" not in result.output, result.output
    warned = sorted({line.split(":")[0] for line in result.stderr.splitlines() if "ADVARSEL" in line})
    assert warned == REAL_WARNINGS, result.stderr


def test_hostile_values_are_never_evaluated(minimal):
    """A value with Jinja syntax is shown literally: 7*7 stays '{{ 7*7 }}', never '49'."""
    edit(minimal / AREA, "  - byggesak", "  - '{{ 7*7 }} {% for x in range(3) %}x{% endfor %}'")
    from samarbeid_docs.bygging.bygg import compose_all
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.tekst.dokument import text_lines
    doc = next(d for d in compose_all(load_project(minimal)) if d.slug == "plan")
    text = "\n".join(text_lines(doc))
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}" in text
    assert "49" not in text and "xxx" not in text




# what a stranger's review found sjekk accepted (issue 17 review): each is now an error
MORE = [
    ("to folketall for samme dato", _replace(PARTIES, "      - per: 2013-01-01\n        antall: 5589\n",
                                            "      - per: 2013-01-01\n        antall: 5589\n"
                                            "        kilde: {tittel: Dobbel}\n"
                                            "      - per: 2013-01-01\n        antall: 9999\n"),
     "to tall for samme dato (2013-01-01); behold det ene"),
    ("fra etter til", _replace(PARTIES, '        fylke: Sør-Trøndelag\n        til: 2017-12-31\n',
                               '        fylke: Sør-Trøndelag\n        fra: 2018-06-01\n        til: 2017-12-31\n'),
     "fra (2018-06-01) er etter til (2017-12-31)"),
    ("organisasjonsnummer med feil kontrollsiffer", _replace(PARTIES, '"939898743"', '"939898744"'),
     "organisasjonsnummeret 939898744 har feil kontrollsiffer"),
    ("samme part to ganger", _replace(FRAMEWORK, "parter: [roros, holtalen]", "parter: [roros, holtalen, roros]"),
     "parter: roros står to ganger; behold det ene"),
    ("samme lov to ganger", _replace(AREA, "lover: [plan-og-bygningsloven]",
                                     "lover: [plan-og-bygningsloven, plan-og-bygningsloven]"),
     "lover: plan-og-bygningsloven står to ganger"),
    ("nemndmedlemmer uten nemnd", _append(AREA, "nemnd_medlemmer: {roros: 2, holtalen: 2}\n"),
     "nemnd_medlemmer brukes bare med form: vertskommune_nemnd"),
    ("opphevet lov", _replace("avtaler/lover.yaml", "    url: https://lovdata.no/lov/2008-06-27-71\n",
                              "    url: https://lovdata.no/lov/2008-06-27-71\n    opphevet: 2020-01-01\n"),
     "plan- og bygningsloven ble opphevet 1. januar 2020, før avtalenes dato 18. mai 2026"),
    ("nøkkel i dag for et nytt samarbeid", _append(AREA, "kostnader_i_dag: {modell: folketall}\n"),
     "kostnader_i_dag er nøkkelen et samarbeid i drift har i dag"),
    ("for dyp nøsting", _append(AREA, "x: " + "[" * 3000 + "]" * 3000 + "\n"),
     "filen er nøstet for dypt"),
]


@pytest.mark.parametrize(("name", "change", "expected"), MORE, ids=[c[0] for c in MORE])
def test_what_sjekk_used_to_accept_is_refused(minimal, name, change, expected):
    change(minimal)
    assert expected in _refused(minimal).stderr


def test_a_named_pipe_as_a_source_is_refused_not_read_without_end(minimal):
    """`sjekk` hung on a FIFO in place of an area file."""
    import os
    area = minimal / AREA
    area.unlink()
    os.mkfifo(area)
    result = _refused(minimal)
    assert f"{AREA}: FEIL: er ikke en vanlig fil (men for eksempel en navngitt pipe eller en enhet); " \
           "erstatt den med en YAML-fil" in result.stderr.splitlines()


def test_a_key_written_with_or_without_ae_oe_aa_is_suggested():
    """«opplæringsloven» got no «mente du» for the key «opplaeringslova»."""
    from samarbeid_docs.kilder.prosjekt import _suggest
    assert _suggest("opplæringsloven", ["barnevernsloven", "opplaeringslova"]) == " (mente du 'opplaeringslova'?)"
    assert _suggest("holtaalen", ["roros", "holtålen"]) == " (mente du 'holtålen'?)"
    assert _suggest("xyz", ["roros", "os"]) == ""


def test_an_ended_area_needs_no_purpose_an_active_one_does(real_copy):
    """«formål» is asked for where a document states it; an ended area has no document."""
    ended = real_copy / "avtaler/omrader/kemner.yaml"
    ended.write_text(ended.read_text(encoding="utf-8").replace(
        "formål: >-\n  Samarbeidet gjaldt skatteoppkreving for de fire kommunene i ett kontor.\n", ""),
        encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 0 and "formål" not in result.output, result.output
    active = real_copy / "avtaler/omrader/lonn.yaml"
    text = active.read_text(encoding="utf-8")
    active.write_text(re.sub(r"formål: >-\n(?:  .*\n)+", "", text, count=1), encoding="utf-8")
    result = _refused(real_copy)
    assert any(line.startswith("avtaler/omrader/lonn.yaml:") and
               line.endswith(": FEIL: mangler påkrevd felt 'formål'") for line in result.stderr.splitlines()), result.stderr

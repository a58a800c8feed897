"""A composite cost key in the sources (20 % equally, 50 % by population, 30 % by use), through
the model, the check, the text and the tables of a sub-agreement."""

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import build

from .conftest import edit

AREA = "avtaler/omrader/plan.yaml"
COMPOSITE = '''kostnader:
  modell: sammensatt
  komponenter:
    - grunnlag: likt
      prosent: 20
    - grunnlag: folketall
      prosent: 50
    - grunnlag: bruk
      prosent: 30
      mål: antall saker
      periode: "2025"
      verdier: {roros: 120, holtalen: 30}
      kilde:
        tittel: Saksstatistikk for plan og byggesak 2025
'''
CLASSIC = "kostnader:\n  modell: fast_og_folketall\n  fast_andel_prosent: 40\n"


def sjekk(root):
    return CliRunner().invoke(cli.main, ["-C", str(root), "sjekk"], prog_name="samarbeid")


def test_a_composite_key_is_described_and_tabled_as_written(minimal):
    edit(minimal / AREA, CLASSIC, COMPOSITE)
    build(minimal, with_pdf=False)
    text = (minimal / "build/md/plan.md").read_text(encoding="utf-8")
    assert ("Kostnadene ved tjenesten fordeles slik: 20\u00a0% likt mellom deltakerne, 50\u00a0% etter "
            "folketallet i hver kommune og 30\u00a0% etter bruk, målt som antall saker i 2025.") in text
    assert "Tallene for bruk er hentet fra «Saksstatistikk for plan og byggesak 2025»." in text
    header = next(line for line in text.splitlines() if line.startswith("| Kommune | Folketall"))
    assert "| Antall saker 2025 |" in header and "| Andel av kostnadene |" in header
    # Røros: 20 %/2 + 50 % × 5 589/7 619 + 30 % × 120/150 = 70,7 % (by population alone 73,4 %)
    assert "| Røros kommune | 5\u00a0589 | 120 | 70,7\u00a0% | 872\u00a0568 |" in text
    assert "| Holtålen kommune | 2\u00a0030 | 30 | 29,3\u00a0% | 361\u00a0999 |" in text
    total = next(line for line in text.splitlines() if line.startswith("| **Sum**"))
    assert "**1\u00a0234\u00a0567**" in total and "**150**" in total and "**100,0\u00a0%**" in total


def test_use_figures_must_name_every_participant(minimal):
    edit(minimal / AREA, CLASSIC, COMPOSITE.replace("{roros: 120, holtalen: 30}", "{roros: 120, rros: 3}"))
    result = sjekk(minimal)
    assert result.exit_code == 2
    assert "FEIL: kostnader.komponenter[2].verdier: ukjent kommune 'rros'" in result.stderr
    assert ("kostnader.komponenter[2].verdier: verdier mangler Holtålen, som deltar i Plan, miljø & "
            "geodata <kontor>; før opp et tall for hver deltaker") in result.stderr


def test_the_parts_must_add_up_to_100_and_fit_their_basis(minimal):
    edit(minimal / AREA, CLASSIC, COMPOSITE.replace("prosent: 30", "prosent: 20"))
    result = sjekk(minimal)
    assert result.exit_code == 2 and "komponentene må til sammen være 100 prosent, er 90" in result.stderr
    edit(minimal / AREA, "prosent: 20\n      mål", "prosent: 30\n      mål")
    edit(minimal / AREA, "      mål: antall saker\n", "")
    result = sjekk(minimal)
    assert result.exit_code == 2 and "grunnlag bruk krever verdier (bruken per kommune), mål" in result.stderr


def test_agreed_shares_are_named_in_the_text(minimal):
    agreed = ("kostnader:\n  modell: sammensatt\n  komponenter:\n    - grunnlag: avtalt\n"
              "      prosent: 100\n      andeler: {roros: 60, holtalen: 40}\n"
              "      kilde:\n        tittel: Vedtak om fordeling\n")
    edit(minimal / AREA, CLASSIC, agreed)
    build(minimal, with_pdf=False)
    text = (minimal / "build/md/plan.md").read_text(encoding="utf-8")
    assert ("fordeles slik: 100\u00a0% etter avtalte andeler (Røros 60\u00a0% og Holtålen 40\u00a0%)."
            in text)
    assert "De avtalte andelene er hentet fra «Vedtak om fordeling»." in text
    assert "| Røros kommune | 5\u00a0589 | 60,0\u00a0% |" in text
    assert "| Holtålen kommune | 2\u00a0030 | 40,0\u00a0% |" in text


def test_agreed_shares_for_a_municipality_not_taking_part_are_refused(real_copy):
    """Agreed shares that name a municipality outside the area were quietly scaled up among the
    participants: the agreement said «Røros 50 %» and charged 62,5 %. (The NAV office has
    Røros and Holtålen, not Os.)"""
    area = real_copy / "avtaler/omrader/nav.yaml"
    original = area.read_text(encoding="utf-8")
    area.write_text(original + "kostnader:\n  modell: sammensatt\n  komponenter:\n"
                    "    - grunnlag: avtalt\n      prosent: 100\n"
                    "      andeler: {roros: 50, holtalen: 30, os: 20}\n"
                    "      kilde: {tittel: Avtale om andeler}\n", encoding="utf-8")
    result = sjekk(real_copy)
    assert result.exit_code == 2, result.output
    assert ("kostnader.komponenter[0].andeler: andeler har Os, som ikke deltar i Felles NAV-kontor; "
            "de avtalte andelene må gjelde deltakerne og til sammen være 100: fjern kommunen, eller "
            "før den opp under deltakere") in result.stderr
    assert "avtaler/omrader/nav.yaml:" in result.stderr and "Traceback" not in result.output
    # use figures for a non-participant are only warned about: they are not used
    area.write_text(original + "kostnader:\n  modell: sammensatt\n  komponenter:\n"
                    "    - grunnlag: folketall\n      prosent: 50\n"
                    "    - grunnlag: bruk\n      prosent: 50\n      mål: antall brukere\n"
                    "      verdier: {roros: 120, holtalen: 30, os: 9}\n"
                    "      kilde: {tittel: Brukertall}\n", encoding="utf-8")
    result = sjekk(real_copy)
    assert result.exit_code == 0, result.output
    assert "verdier har Os, som ikke deltar i Felles NAV-kontor; tallet brukes ikke" in result.stderr

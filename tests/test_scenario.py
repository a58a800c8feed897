"""The merger scenario on the real sources: sums exact, no agreement left with one party."""

import re

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.beslutning.scenario import slug_of

from .docx_tekst import docx_lines


def run(root, *args):
    return CliRunner().invoke(cli.main, ["-C", str(root), "scenario", "sammenslåing", *args],
                              prog_name="samarbeid")


def test_slug():
    assert slug_of("Nye Røros") == "nye-roros" and slug_of("Ålen & Søre Ål") == "alen-sore-al"


def test_merger_of_roros_and_holtalen(real_copy):
    result = run(real_copy, "roros", "holtalen", "--navn", "Nye Røros", "--dato", "2027-01-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  Parter: Røros, Os og Holtålen → Nye Røros og Os\n" in out
    assert "  Folketall for Nye Røros per 1. januar 2013 lagt til: 7\u00a0619\n" in out
    assert "  Folketall for Nye Røros per 1. januar 2026 lagt til: 7\u00a0675\n" in out
    assert ("Ny kostnadsfordeling i 19 avtaler\n  Nye Røros kommune: – → 68,2\u00a0%\n"
            "  Os kommune: 25,1\u00a0% → 31,8\u00a0%\n") in out
    assert ("Ikke lenger interkommunalt (3): Felles næringsfond, Felles NAV-kontor, "
            "Pedagogisk-psykologisk tjeneste (PP-tjenesten).") in out
    assert "Vertskap som må forhandles på nytt (13): " in out
    target = real_copy / "build/scenarier/nye-roros"
    assert (target / "endringer.txt").read_text(encoding="utf-8").startswith(
        "Endringer fra dagens avtaler til scenario «Nye Røros»")
    documents = sorted((target / "docx").glob("*.docx"))
    assert len(documents) == 24 and not (target / "docx/nav.docx").exists()
    for path in documents:
        lines = docx_lines(path)
        rows = [line.split(" | ") for line in lines if re.search(r"\d\u00a0%$", line)]
        if not rows:
            continue
        parties = [r for r in rows if not r[0].startswith("Sum")]
        total = next(r for r in rows if r[0] == "Sum")
        assert len(parties) >= 2, path.name
        assert sum(int(r[-1].replace(",", "").replace("\u00a0%", "")) for r in parties) == 1000
        assert total[-1] == "100,0\u00a0%"
    assert not (real_copy / "avtaler/kommuner.yaml").read_text(encoding="utf-8").count("Nye Røros")


def test_unknown_municipality(real_copy):
    result = run(real_copy, "roros", "trondheim", "--navn", "Stor-Røros")
    assert result.exit_code == 2
    assert "Ukjent kommune «trondheim». Bruk kortnavnene i avtaler/kommuner.yaml" in result.stderr


def test_merger_of_a_board_area_with_a_composite_key(real_copy):
    """The merged council keeps both councils' board seats and the sum of their use figures
    (before: the scenario failed on its own copy, blaming the user's sources)."""
    from .conftest import edit
    area = real_copy / "avtaler/omrader/barnevern.yaml"
    edit(area, "form: vertskommune", "form: vertskommune_nemnd")
    edit(area, "lover: [barnevernsloven]", "lover: [barnevernsloven]\n"
         "nemnd_medlemmer: {roros: 3, os: 2, holtalen: 2}\n"
         "kostnader:\n  modell: sammensatt\n  komponenter:\n"
         "    - {grunnlag: likt, prosent: 20}\n    - {grunnlag: folketall, prosent: 50}\n"
         "    - grunnlag: bruk\n      prosent: 30\n      mål: antall saker\n      periode: '2025'\n"
         "      verdier: {roros: 60, os: 25, holtalen: 15}\n"
         "      kilde: {tittel: Saksstatistikk 2025}")
    result = run(real_copy, "roros", "os", "--navn", "Nye Røros", "--dato", "2027-01-01")
    assert result.exit_code == 0, result.output
    text = (real_copy / "build/scenarier/nye-roros/md/barnevern.md").read_text(encoding="utf-8")
    assert "| Nye Røros kommune | 5 |" in text  # board seats: 3 + 2
    assert "| Nye Røros kommune | 7\u00a0509 | 85 | 74,8\u00a0% |" in text  # cases: 60 + 25
    assert "| **Sum** | **9\u00a0546** | **100** | **100,0\u00a0%** |" in text

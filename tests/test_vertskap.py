"""Host duty against a fair Sainte-Laguë distribution by population (issue 9, first part)."""

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.beregning import host_fairness
from samarbeid_docs.bygging.bygg import compose_all
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.dokument import text_lines

from .conftest import edit


def test_fairness_rows():
    rows = host_fairness({"roros": 5589, "os": 2035, "holtalen": 2030},
                         {"roros": 14, "os": 3, "holtalen": 4})
    assert [(r.key, r.target, r.hosted, r.deviation) for r in rows] == [
        ("roros", 12, 14, 2), ("os", 5, 3, -2), ("holtalen", 4, 4, 0)]


def test_vertskap_prints_the_table(real_copy):
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "vertskap"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Folketall per 1. januar 2026; rimelig fordeling av 21 vertskommuneområder "
                        "etter Sainte-Laguës metode; tillatt avvik 1.")
    squeeze = [" ".join(line.replace("\u00a0", "_").split()) for line in lines]
    assert squeeze[3] == "Røros kommune 5_638 59,1_% 12 12 0 – (0 av 12)"
    assert squeeze[4] == "Os kommune 1_871 19,6_% 4 5 +1 6,55 (1 av 5)"


def test_sjekk_warns_when_the_distribution_is_skewed(real_copy):
    for area in ("barnehage", "lonn", "flyktning"):
        edit(real_copy / f"avtaler/omrader/{area}.yaml", "vertskommune: os", "vertskommune: roros")
    project = load_project(real_copy)
    compose_all(project)
    warnings = [str(p) for p in project.warnings]
    framework = (real_copy / "avtaler/samarbeidsavtale.yaml").read_text(encoding="utf-8").splitlines()
    at = framework.index("vertskap:") + 1  # the line the warning points to
    assert (f"avtaler/samarbeidsavtale.yaml:{at}:1: ADVARSEL: Røros er vertskommune for 15 områder, men "
            "en rimelig fordeling etter folketall (Sainte-Laguë) gir 12; avviket er større enn "
            "tillatt (1). Flytt vertskap, eller forklar det i vertskap.begrunnelse og øk "
            "vertskap.tillatt_avvik") in warnings
    assert any(w.startswith(f"avtaler/samarbeidsavtale.yaml:{at}:1: ADVARSEL: Os er vertskommune for 2 ")
               for w in warnings)
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk", "--streng"])
    assert result.exit_code == 2


def test_a_single_move_is_within_the_allowed_deviation(real_copy):
    edit(real_copy / "avtaler/omrader/barnehage.yaml", "vertskommune: os", "vertskommune: holtalen")
    project = load_project(real_copy)
    compose_all(project)
    assert [p for p in project.warnings if "vertskommune for" in p.message] == []


def test_the_overview_shows_target_and_deviation(real_copy):
    project = load_project(real_copy)
    overview = next(d for d in compose_all(project) if d.slug == "oversikt")
    text = "\n".join(text_lines(overview))
    assert "Kommune | Folketall 01.01.2026 | Andel av folketallet | Etter folketall | Vertskommune for | Avvik" in text
    assert "Os kommune | 1\u00a0871 | 19,6\u00a0% | 4 | 5 | +1" in text


def test_the_overview_says_the_host_table_in_a_sentence(real_copy):
    """A council member reads «Avvik +1 / −1» as something wrong; the overview says it plainly,
    and lists each municipality's areas so that a title with a comma stays one area."""
    text = "\n".join(text_lines(next(d for d in compose_all(load_project(real_copy)) if d.slug == "oversikt")))
    text = text.replace("\u00a0", " ")
    assert ("Os er vertskommune for ett område mer og Holtålen for ett område mindre enn folketallet "
            "alene tilsier.") in text
    # the allowed deviation is the build's check (vertskap.tillatt_avvik), not a rule of the agreement
    assert "avviket avtalen tillater" not in text and "Avtalen tillater et avvik" not in text
    assert "Felles kontor for plan, miljø, geodata og byggesak; Teknisk drift, bygg og avløp, herunder " \
           "beredskap; Spesialiserte" in text
    for area in ("barnehage", "lonn", "flyktning"):
        edit(real_copy / f"avtaler/omrader/{area}.yaml", "vertskommune: os", "vertskommune: roros")
    text = "\n".join(text_lines(next(d for d in compose_all(load_project(real_copy)) if d.slug == "oversikt")))
    assert ("Røros er vertskommune for tre områder mer, Holtålen for ett område mindre og Os for to "
            "områder mindre enn folketallet alene tilsier.") in text.replace("\u00a0", " ")

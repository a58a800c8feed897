"""`samarbeid folketall hent`: SSB figures into a reviewed record, never overwritten silently."""

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import compose_all
from samarbeid_docs.kilder.prosjekt import SSB_FILE, load_project
from samarbeid_docs.tekst.dokument import text_lines

from .conftest import edit
from .test_ssb import DATA


def hent(root, *args):
    return CliRunner().invoke(cli.main, ["-C", str(root), "folketall", "hent", *args],
                              prog_name="samarbeid")


def _forget_os_2016(root):
    """Remove Os's typed-in figure for 2016, so the recorded SSB answer brings it as new."""
    import re
    path = root / "avtaler/kommuner.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  os:\n")
    block = re.compile(r"      - per: 2016-01-01\n        antall: 1956\n(?:        .*\n|          .*\n|            .*\n)*")
    path.write_text(text[:start] + block.sub("", text[start:], count=1), encoding="utf-8")


def test_new_figures_are_written_with_their_query_and_date(real_copy):
    _forget_os_2016(real_copy)
    result = hent(real_copy, "--år", "2016", "--år", "2025", "--fra-fil", str(DATA))
    assert result.exit_code == 0, result.output
    assert "  ny: Os per 1. januar 2016: 1\u00a0234\n" in result.stdout
    assert "  uendret: Røros per 1. januar 2016: 5\u00a0635\n" in result.stdout
    assert "  mangler hos SSB: Tolga per 1. januar 2025\n" in result.stdout
    assert "Kostnadsnøkkelen for Røros, Os og Holtålen (18 avtaler) med folketall per 1. januar 2016: " \
           "Røros 48,8\u00a0% → 51,3\u00a0%, Os 25,1\u00a0% → 21,7\u00a0%" in result.stdout
    # a few agreements are named; a share that does not move is said to be unchanged
    assert ("Kostnadsnøkkelen for Røros og Holtålen («Felles NAV-kontor», «Felles næringsfond» og "
            "«Pedagogisk-psykologisk tjeneste (PP-tjenesten)») med folketall per 1. januar 2016: "
            "Røros 64,1\u00a0% (uendret), Holtålen 35,9\u00a0% (uendret) (brukes ikke: avtalene "
            "bruker nyere tall)") in result.stdout
    record = (real_copy / SSB_FILE).read_text(encoding="utf-8")
    assert "kommune: os\n  per: '2016-01-01'\n  antall: 1234\n" in record
    assert "spørring: https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?" in record
    project = load_project(real_copy)
    figure = project.kommuner["os"].folketall_per(__import__("datetime").date(2016, 1, 1))
    assert figure.antall == 1234 and figure.kilde.tabell == "07459"
    # read from a saved answer: the source says so, and which, and SSB's date for the table
    today = __import__("datetime").date.today().strftime("%d.%m.%Y")
    assert "fra_fil: ssb-07459.json\n" in record
    assert figure.kilde.tittel == ("Befolkning per 01.01.2016, tabell 07459, oppdatert hos SSB "
                                   f"20.02.2025, lest {today} fra et lagret svar (ssb-07459.json) "
                                   "med samarbeid folketall hent")


def test_a_changed_figure_needs_confirmation(real_copy, tmp_path):
    changed = tmp_path / "svar.json"
    changed.write_text(DATA.read_text(encoding="utf-8").replace("1234, 1895", "1234, 1890"),
                       encoding="utf-8")
    result = hent(real_copy, "--år", "2025", "--fra-fil", str(changed))
    assert result.exit_code == 2
    assert "  endret: Os per 1. januar 2025: 1\u00a0895 → 1\u00a0890\n" in result.stdout
    assert "kjør igjen med --bekreft" in result.stderr and not (real_copy / SSB_FILE).exists()
    assert hent(real_copy, "--år", "2025", "--fra-fil", str(changed), "--bekreft").exit_code == 0
    project = load_project(real_copy)
    assert [str(w) for w in project.warnings] == [
        "avtaler/folketall-ssb.yaml:9:11: ADVARSEL: avtaler/kommuner.yaml har 1895 for Os per "
        "2025-01-01, SSB har 1890; SSB-tallet brukes. Fjern tallet i kommuner.yaml."]


def test_changing_the_reference_date_in_one_place_updates_every_cost_table(real_copy):
    _forget_os_2016(real_copy)
    assert hent(real_copy, "--år", "2016", "--fra-fil", str(DATA)).exit_code == 0
    edit(real_copy / "avtaler/samarbeidsavtale.yaml", "folketall_år_før_budsjettår: 1",
         "folketall_år_før_budsjettår: 1\nfolketall_per: 2016-01-01")
    documents = compose_all(load_project(real_copy))
    landbruk = "\n".join(text_lines(next(d for d in documents if d.slug == "landbruk")))
    assert "Os kommune | 1\u00a0234 | 21,7\u00a0%" in landbruk  # 40 % equal, 60 % by population
    assert "Folketall 01.01.2016" in landbruk


def test_offline_changes_nothing(real_copy, monkeypatch):
    monkeypatch.setattr("samarbeid_docs.beslutning.ssb.API", "http://127.0.0.1:9/api")
    result = hent(real_copy, "--år", "2026")
    assert result.exit_code == 2
    assert "Fikk ikke kontakt med SSB (" in result.stderr and "Ingen filer er endret" in result.stderr
    assert "refused" not in result.stderr.lower() and "errno" not in result.stderr.lower()
    assert "Uten nett: åpne http://127.0.0.1:9/api?" in result.stderr  # the address to save
    assert not (real_copy / SSB_FILE).exists()


def test_a_malformed_answer_changes_nothing(real_copy, tmp_path):
    broken = tmp_path / "svar.json"
    broken.write_text('{"class": "dataset", "version": "2.0"}', encoding="utf-8")
    result = hent(real_copy, "--år", "2026", "--fra-fil", str(broken))
    assert result.exit_code == 2 and "kunne ikke leses som tabell 07459" in result.stderr
    for junk in ("ikke json", "[1, 2]", '{"class": "dataset", "version": "2.0", "id": 3}'):
        broken.write_text(junk, encoding="utf-8")
        result = hent(real_copy, "--år", "2026", "--fra-fil", str(broken))
        assert result.exit_code == 2 and "svaret fra ssb" in result.stderr.lower(), junk
        assert not any(w in result.stderr for w in ("Expecting", "object has no", "line 1")), junk
    # JSON that does not parse: the file and where it breaks, as for the YAML sources
    broken.write_text('{"class": "dataset",\n "version": 2.0,,}', encoding="utf-8")
    result = hent(real_copy, "--år", "2026", "--fra-fil", str(broken))
    assert "svar.json:2:17: Det lagrede svaret fra SSB er ikke gyldig JSON" in result.stderr
    assert not (real_copy / SSB_FILE).exists()


def test_a_year_the_answer_does_not_have_is_said_to_be_missing(real_copy):
    """A saved answer without the year asked for said only «Ingen nye tall å skrive.»"""
    result = hent(real_copy, "--år", "2030", "--fra-fil", str(DATA))
    assert result.exit_code == 0, result.output
    assert "  mangler hos SSB: Røros per 1. januar 2030\n" in result.stdout
    assert "Ingen nye tall å skrive. Svaret har ikke tallene for årene du ba om" in result.output
    assert not (real_copy / SSB_FILE).exists()

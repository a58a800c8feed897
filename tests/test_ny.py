"""`samarbeid ny`: a starter project for any region that passes `sjekk` and builds at once."""

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.kilder import malsett

from .conftest import REPO

ANSWER = REPO / "tests/data/ssb-07459.json"  # SSB's answer for Røros, Holtålen, Os and Tolga


def run(*args, cwd=None):
    base = ["-C", str(cwd)] if cwd else []
    return CliRunner().invoke(cli.main, [*base, *args], prog_name="samarbeid")


def new(tmp_path, parties="Røros, Holtålen, 3430"):
    return run("ny", "region", "--kommuner", parties, "--fra-fil", str(ANSWER), "--dato", "2026-11-30",
               cwd=tmp_path)


def test_ny_writes_a_project_that_passes_sjekk_and_builds(tmp_path):
    result = new(tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "region"
    for name in ("avtaler/kommuner.yaml", "avtaler/lover.yaml", "avtaler/samarbeidsavtale.yaml",
                 "avtaler/omrader/barnevern.yaml", "avtaler/omrader/lonn.yaml", "README.md",
                 ".gitignore", "schema/omrade.schema.json"):
        assert (root / name).is_file(), name
    assert not (root / "maler").exists()  # the built-in templates
    for path in (root / "avtaler").rglob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema="), path
    parties = (root / "avtaler/kommuner.yaml").read_text(encoding="utf-8")
    assert 'nummer: "3430"' in parties and 'fylke: "Innlandet"' in parties and "antall: 5635" in parties
    # the figures' source says they were read from a saved answer, on which day (not the
    # agreements' date), and SSB's own date for the table
    today = __import__("datetime").date.today().isoformat()
    assert (f'merknad: "Lest {today} fra et lagret svar fra SSB (ssb-07459.json) med samarbeid ny; '
            'tabellen oppdatert hos SSB 20.02.2025"') in parties
    assert run("sjekk", "--streng", cwd=root).exit_code == 0
    assert run("skjema", "--sjekk", cwd=root).exit_code == 0
    built = run("bygg", "--uten-pdf", cwd=root)
    assert built.exit_code == 0, built.output
    text = (root / "build/md/samarbeidsavtale.md").read_text(encoding="utf-8")
    assert "Partene i avtalen er Røros kommune, Holtålen kommune og Os kommune" in text
    assert "Avtalen gjelder to samarbeidsområder som er vertskommunesamarbeid, hvert med sin egen delavtale." in text
    assert "De to områdene er ordnet i én gruppe." in text
    assert "Røros som vertskommune for Felles barnevernstjeneste" in text  # a proposal, said so
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Interkommunalt samarbeid mellom Røros, Holtålen og Os")


@pytest.mark.slow
def test_the_starter_builds_pdfs_too(tmp_path):
    assert new(tmp_path).exit_code == 0
    built = run("bygg", cwd=tmp_path / "region")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "region/build/samlet.pdf").is_file()


@pytest.mark.parametrize(("parties", "expected"), [
    # the names are looked up in the saved answer, and the message says so
    ("Røros, Rros", f"Fant ingen kommune som heter «Rros» i {ANSWER}. Mente du «Røros»?"),
    # typed without «æ», «ø» and «å»: the name meant
    ("Roros, Holtalen", f"Fant ingen kommune som heter «Roros» i {ANSWER}. Mente du «Røros»?"),
    ("Røros, 9999", f"Fant ikke kommunenummeret 9999 i {ANSWER}"),
    ("Røros", "Et samarbeid trenger minst to kommuner"),
    ("Røros, 5025", "Samme kommune er oppgitt to ganger: Røros."),
])
def test_parties_that_cannot_be_found_are_said_plainly(tmp_path, parties, expected):
    result = new(tmp_path, parties)
    assert result.exit_code == 2 and expected in result.stderr, result.output
    assert not (tmp_path / "region").exists()


def test_ny_never_writes_into_a_folder_in_use(tmp_path):
    (tmp_path / "region").mkdir()
    (tmp_path / "region/notat.txt").write_text("mitt", encoding="utf-8")
    result = new(tmp_path)
    assert result.exit_code == 2 and "finnes allerede og er ikke en tom mappe" in result.stderr
    assert (tmp_path / "region/notat.txt").read_text(encoding="utf-8") == "mitt"


def test_offline_without_a_saved_answer_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr("samarbeid_docs.beslutning.ssb.API", "http://127.0.0.1:9/api")
    result = run("ny", "region", "--kommuner", "Røros, Os", cwd=tmp_path)
    assert result.exit_code == 2 and "Fikk ikke kontakt med SSB" in result.stderr
    assert "--fra-fil" in result.stderr and not (tmp_path / "region").exists()
    # names need the list of municipalities; with numbers, the address to save is known
    assert "Uten nett: oppgi kommunene med kommunenummer" in result.stderr
    result = run("ny", "region", "--kommuner", "5025,5026", cwd=tmp_path)
    assert result.exit_code == 2 and "Uten nett: åpne http://127.0.0.1:9/api?" in result.stderr
    assert "valueCodes[Region]=K-5025,K-5026" in result.stderr and "--fra-fil FIL" in result.stderr


def test_the_starter_law_list_is_this_repositorys():
    from samarbeid_docs.oppstart.ny import LAWS
    assert LAWS.read_bytes() == (REPO / "avtaler/lover.yaml").read_bytes()
    assert malsett.BUILTIN.is_dir()


def test_online_names_are_looked_up_in_ssbs_list_of_municipalities(tmp_path, monkeypatch):
    """Without --fra-fil: names through KLASS 131, figures through table 07459 (both faked here;
    this machine cannot reach SSB)."""
    import json
    asked = []

    def fake_fetch(url, timeout=30):
        asked.append(url)
        if "klass" in url:
            return json.dumps({"codes": [{"code": "5025", "name": "Røros"},
                                         {"code": "5026", "name": "Holtålen"},
                                         {"code": "3430", "name": "Os"}]}).encode()
        return ANSWER.read_bytes()
    monkeypatch.setattr("samarbeid_docs.beslutning.ssb.fetch", fake_fetch)
    result = run("ny", "region", "--kommuner", "Røros, Os", "--dato", "2026-11-30", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert asked[0].startswith("https://data.ssb.no/api/klass/v1/classifications/131/codesAt.json?date=2026-11-30")
    assert "valueCodes[Region]=K-5025,K-3430" in asked[1]
    today = __import__("datetime").date.today().isoformat()
    parties = (tmp_path / "region/avtaler/kommuner.yaml").read_text(encoding="utf-8")
    assert f'merknad: "Hentet {today} med samarbeid ny; tabellen oppdatert hos SSB 20.02.2025"' in parties
    assert run("sjekk", "--streng", cwd=tmp_path / "region").exit_code == 0


def test_ny_writes_a_nynorsk_project_with_nynorsk_outputs(tmp_path):
    from .test_nynorsk import BOKMAL_ONLY, _words_found
    result = run("ny", "region", "--kommuner", "Røros, Holtålen, 3430", "--fra-fil", str(ANSWER),
                 "--dato", "2026-11-30", "--målform", "nynorsk", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "region"
    framework = (root / "avtaler/samarbeidsavtale.yaml").read_text(encoding="utf-8")
    assert "målform: nynorsk" in framework and "Felles tenester" in framework
    laws = (root / "avtaler/lover.yaml").read_text(encoding="utf-8")
    assert laws.startswith("# yaml-language-server: $schema=") and "kort: barnevernslova" in laws
    assert "organ: statsforvaltaren" in laws and "statsforvalteren" not in laws.split("kilde")[0]
    import re
    shown = [line for line in laws.splitlines() if re.match(r"\s*-? ?(kort|hjemmel|gjelder|organ|tekst): ", line)]
    assert len(shown) > 40 and not [line for line in shown if re.search(r"loven\b|tjeneste|statsforvalteren", line)]
    from samarbeid_docs.oppstart.ny import LAWS, NYNORSK_LAWS
    assert all(f"\n  {key}:\n" in LAWS.read_text(encoding="utf-8") for key in NYNORSK_LAWS)
    assert (root / "README.md").read_text(encoding="utf-8").count("nynorsk") >= 1
    assert run("sjekk", "--streng", cwd=root).exit_code == 0
    built = run("bygg", "--uten-pdf", cwd=root)
    assert built.exit_code == 0, built.output
    for path in (root / "build/md").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert _words_found(text, BOKMAL_ONLY) == [], path.name
    text = (root / "build/md/barnevern.md").read_text(encoding="utf-8")
    assert "etter barnevernslova" in text and "Statsforvaltaren i Trøndelag" in text

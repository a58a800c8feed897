"""The `samarbeid` command: exit codes, messages and help, through click's CliRunner."""

import re

import click
import pytest
from click.testing import CliRunner

from samarbeid_docs import cli

from .conftest import REPO, edit


def run(*args):
    return CliRunner().invoke(cli.main, list(args), prog_name="samarbeid")


def test_sjekk_clean_project_exits_0(real_copy, minimal):
    result = run("-C", str(minimal), "sjekk")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Ingen feil i ") and result.stderr == ""
    # the real project's two warnings (kommuneloven § 20-1) do not fail it; --streng does
    result = run("-C", str(real_copy), "sjekk")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingen feil, men 3 advarsler i 3 av 30 filer.\n"
    assert run("-C", str(real_copy), "sjekk", "--streng").exit_code == 2


def test_sjekk_reports_located_errors_and_exits_2(real_copy):
    edit(real_copy / "avtaler/omrader/barnevern.yaml", "vertskommune: roros", "vertskomune: roros")
    result = run("-C", str(real_copy), "sjekk")
    assert result.exit_code == 2
    assert result.stderr == (
        "avtaler/omrader/barnevern.yaml:7:1: FEIL: ukjent nøkkel 'vertskomune' "
        "(mente du 'vertskommune'?)\n"
        "Avbrutt: 1 feil og 0 advarsler i 1 av 30 filer.\n")
    assert "Traceback" not in result.output


def test_works_from_a_subfolder(real_copy, monkeypatch):
    monkeypatch.chdir(real_copy / "avtaler" / "omrader")
    assert run("sjekk").exit_code == 0


def test_outside_a_project_explains_what_to_do(tmp_path):
    result = run("-C", str(tmp_path), "bygg")
    assert result.exit_code == 2
    assert "Fant ikke avtaler/samarbeidsavtale.yaml" in result.stderr
    assert "-C MAPPE" in result.stderr


def test_missing_folder(tmp_path):
    result = run("-C", str(tmp_path / "finnes-ikke"), "sjekk")
    assert result.exit_code == 2
    assert "finnes ikke" in result.stderr


def test_bygg_prints_a_norwegian_summary(real_copy):
    result = run("-C", str(real_copy), "bygg", "--uten-pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Bygget 27 dokumenter i build/docx/ (27 skrevet, 0 uendret):",
        "  samarbeidsavtalen, oversikten, 21 delavtaler og 4 orienteringer om samarbeid som er organisert på annen måte."]
    assert "Felles kemnerkontor, Arbeidsgiverkontrollen" in result.stdout
    assert (real_copy / "build/docx/barnevern.docx").is_file()


def test_internal_error_shows_no_traceback_unless_debug(real_copy, monkeypatch):
    def boom(root):
        raise RuntimeError("simulert")
    monkeypatch.setattr("samarbeid_docs.bygging.bygg.build_held", lambda root, **kw: boom(root))
    result = run("-C", str(real_copy), "bygg")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Intern feil" in result.stderr and "--debug" in result.stderr
    result = run("--debug", "-C", str(real_copy), "bygg")
    assert "RuntimeError: simulert" in result.stderr


def test_skjema_is_up_to_date_in_the_repository():
    result = run("-C", str(REPO), "skjema", "--sjekk")
    assert result.exit_code == 0, result.output


def test_skjema_check_fails_when_a_schema_is_stale(tmp_path):
    root = tmp_path / "p"
    (root / "avtaler").mkdir(parents=True)
    (root / "avtaler/samarbeidsavtale.yaml").write_text("tittel: x\n", encoding="utf-8")
    assert run("-C", str(root), "skjema", "--sjekk").exit_code == 2
    assert run("-C", str(root), "skjema").exit_code == 0
    assert run("-C", str(root), "skjema", "--sjekk").exit_code == 0


def _commands():
    return sorted(cli.main.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_norwegian_help_and_is_in_the_readme(name):
    command = cli.main.commands[name]
    assert command.help and len(command.help) > 20
    assert re.search(r"[æøå]|\b(og|som|alle|i)\b", command.help)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"samarbeid {name}" in readme
    result = run(name, "--hjelp")
    assert result.exit_code == 0 and result.stdout.startswith(f"Bruk: samarbeid {name} [VALG]")
    for english in ("Usage", "Options", "Show this message"):
        assert english not in result.stdout


def test_every_yaml_source_points_at_its_schema():
    for path in sorted((REPO / "avtaler").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} does not start with a schema line"
        assert (path.parent / match.group(1)).resolve().is_file(), path


@pytest.mark.parametrize("args", [(), ("folketall",)])
def test_no_arguments_prints_the_help_and_exits_0(args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Bruk: samarbeid {' '.join(args)}{' ' if args else ''}[VALG] KOMMANDO")
    assert result.stderr == "" and "Feil" not in result.stdout


def test_main_help_lists_every_command_with_its_whole_summary():
    result = run("--hjelp")
    commands = result.stdout.split("Kommandoer:\n")[1].split("\n\n")[0]
    assert "..." not in commands
    names = [line.split()[0] for line in commands.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert names == sorted(cli.main.commands) and len(names) >= 11
    for name in names:
        summary = cli.main.commands[name].get_short_help_str(limit=1000)
        assert " ".join(summary.split()) in " ".join(commands.split()), name


def test_fullforing_prints_a_completion_script_that_completes_commands():
    import os
    import subprocess
    for shell, marker in (("bash", "_samarbeid_completion()"), ("zsh", "#compdef samarbeid"),
                          ("fish", "complete --no-files --command samarbeid")):
        result = run("fullføring", shell)
        assert result.exit_code == 0 and marker in result.stdout, shell
    env = {**os.environ, "_SAMARBEID_COMPLETE": "bash_complete", "COMP_WORDS": "samarbeid ful",
           "COMP_CWORD": "1"}
    done = subprocess.run([str(REPO / ".venv/bin/samarbeid")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "plain,fullføring"
    wrong = run("fullføring", "tcsh")
    assert wrong.exit_code == 2
    assert "ugyldig verdi for SKALL: «tcsh» er ikke et av valgene bash, zsh, fish" in wrong.stderr


def _all_commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*path, name))


def test_subcommand_help_has_no_english_from_click_and_every_argument_is_described():
    english = re.compile(r"\b(TEXT|INTEGER|FILENAME|PATH|FILE|required|default)\b|<=x<=|"
                         r"(?i:\b(arguments?|options?|positional|usage|commands?|show this)\b)")
    checked = 0
    for path, command in _all_commands(cli.main):
        result = run(*path, "--hjelp")
        assert result.exit_code == 0, path
        assert not english.search(result.stdout), (path, english.search(result.stdout).group(0))
        headings = re.findall(r"^(\S[^:\n]*):$", result.stdout, re.M)
        assert len(headings) == len(set(headings)), (path, headings)  # no section twice
        for param in command.params:
            if isinstance(param, click.Argument):
                assert getattr(param, "help", ""), (path, param.name)
                assert param.make_metavar(click.Context(command)).strip("[]") in result.stdout
        checked += 1
    assert checked >= 13
    assert "FØRSTE" in run("scenario", "sammenslåing", "--hjelp").stdout


def test_every_command_shows_examples_that_parse_and_its_exit_codes(tmp_path, monkeypatch):
    import shlex
    monkeypatch.chdir(tmp_path)
    (tmp_path / "svar-fra-ssb.json").write_text("{}", encoding="utf-8")  # the example's saved answer
    for path, command in [((), cli.main), *_all_commands(cli.main)]:
        help_text = run(*path, "--hjelp").stdout
        examples = cli.EXAMPLES[path]
        assert examples and re.search(r"\nEksemp(el|ler):\n", help_text), path
        if not isinstance(command, click.Group):
            assert "Avslutningsstatus:\n  0 når" in help_text, path
            for example in examples:
                assert f"  {example}\n" in help_text  # whole, not re-wrapped
                words = shlex.split(example.split(" > ")[0])
                assert words[: len(path) + 1] == ["samarbeid", *path], example
                command.make_context(path[-1], words[len(path) + 1:])  # options and arguments exist


# every way of using the command wrongly that click can detect, with the Norwegian answer
USAGE_ERRORS = [
    (("ukjent",), "ukjent kommando «ukjent»"),
    (("sjek",), "ukjent kommando «sjek» (mente du «sjekk»?)"),
    (("sjekk", "--strneg"), "ukjent valg «--strneg» (mente du «--streng»?)"),
    (("bygg", "-x"), "ukjent valg «-x»"),
    (("bygg", "--jobber"), "valget «--jobber» trenger en verdi"),
    (("bygg", "--uten-pdf=ja"), "valget «--uten-pdf» tar ingen verdi"),
    (("bygg", "--jobber", "x"), "ugyldig verdi for --jobber: «x» er ikke et heltall"),
    (("bygg", "--jobber", "0"), "ugyldig verdi for --jobber: 0 er utenfor grensene 1–64"),
    (("sjekk", "ekstra"), "uventet argument «ekstra»"),
    (("fullføring", "bash", "a", "b"), "uventet argument «a» (og 1 til)"),
    (("--debug",), "mangler kommando; velg en av bygg, doktor"),
    (("scenario", "--debug"), "ukjent valg «--debug»"),
    (("tekst",), "mangler argumentet FIL"),
    (("scenario", "sammenslåing", "roros"), "mangler argumentet ANDRE"),
    (("scenario", "sammenslåing", "roros", "os"), "mangler valget --navn, som er påkrevd"),
    (("scenario", "sammenslåing", "roros", "os", "--navn", "X", "--dato", "2028-13-01"),
     "ugyldig verdi for --dato: «2028-13-01» er ikke en dato på formen ÅÅÅÅ-MM-DD"),
    (("fullføring", "tcsh"), "ugyldig verdi for SKALL: «tcsh» er ikke et av valgene bash, zsh, fish"),
    (("fullføring", "zhs"), "(mente du «zsh»?)"),
    (("endringer", "--format", "html"), "ugyldig verdi for --format: «html» er ikke et av valgene tekst, markdown"),
    (("-q", "-v", "sjekk"), "bruk enten -q/--stille eller -v/--detaljert, ikke begge"),
    (("sjekk", "-v", "-q"), "bruk enten -q/--stille eller -v/--detaljert, ikke begge"),
    (("bygg", "--jobber", "\u0663"), "ugyldig verdi for --jobber: «\u0663» er ikke et heltall"),
    (("scenario", "sammenslåing", "roros", "os", "--navn", " "), "ugyldig verdi for --navn: navnet kan ikke være tomt"),
    (("scenario", "sammenslåing", "roros", "os", "--navn", "X", "--dato", "0001-01-01"),
     "ugyldig verdi for --dato: 0001-01-01 er utenfor årene 1900–2100"),
    (("folketall", "hent", "--år", "1900"), "ugyldig verdi for --år: 1900 er utenfor grensene 1986–2100"),
    (("vis", "--port", "70000"), "ugyldig verdi for --port: 70000 er utenfor grensene 0–65535"),
]


@pytest.mark.parametrize("args,expected", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_are_worded_in_norwegian_by_our_own_code(args, expected, tmp_path):
    result = run("-C", str(tmp_path), *args) if args[0] != "--debug" else run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("Feil: ") and expected in line, line
    assert re.search(r"Se «samarbeid[^»]* --hjelp»\.$", line), line
    english = re.compile(r"\b(No such|Invalid|Missing|Got unexpected|requires|does not|is not|"
                         r"Error|Usage|Did you mean|Possible options|argument|option)\b")
    assert not english.search(line.replace("argumentet", "").replace("argument «", "")), line


def test_the_file_and_directory_check_is_ours_too(tmp_path, real_copy):
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x", encoding="utf-8")
    result = run("-C", str(a_file), "sjekk")
    assert result.exit_code == 2
    assert f"ugyldig verdi for -C: «{a_file}» er en fil, ikke en mappe" in result.stderr
    result = run("-C", str(real_copy), "folketall", "hent", "--år", "2026", "--fra-fil", str(tmp_path))
    assert result.exit_code == 2
    assert f"Feil: Kan ikke lese {tmp_path} (--fra-fil): er en mappe, ikke en fil." in result.stderr
    result = run("-C", str(real_copy), "folketall", "hent", "--år", "2026", "--fra-fil", "finnes-ikke.json")
    assert "Feil: Kan ikke lese finnes-ikke.json (--fra-fil): finnes ikke." in result.stderr


def test_file_arguments_are_read_from_the_c_folder_as_git_does(real_copy, tmp_path, monkeypatch):
    """`samarbeid -C MAPPE tekst build/docx/x.docx` reads MAPPE/build/docx/x.docx."""
    from samarbeid_docs.bygging.bygg import build
    build(real_copy, with_pdf=False)
    monkeypatch.chdir(tmp_path)
    result = run("-C", str(real_copy), "tekst", "build/docx/barnevern.docx")
    assert result.exit_code == 0 and "Felles barnevernstjeneste" in result.stdout
    data = REPO / "tests/data/ssb-07459.json"
    (real_copy / "svar.json").write_bytes(data.read_bytes())
    result = run("-C", str(real_copy), "folketall", "hent", "--år", "2026", "--fra-fil", "svar.json")
    assert result.exit_code == 0, result.output


def test_every_parameter_uses_a_type_whose_messages_are_ours():
    """click's own types word their errors in English: every parameter uses one of ours (or
    a type that cannot fail: text and flags)."""
    ours = (cli._Int, cli._Choice, cli._Path, cli._Date, click.types.StringParamType,
            click.types.BoolParamType)
    for path, command in [((), cli.main), *_all_commands(cli.main)]:
        for param in command.params:
            assert isinstance(param.type, ours), (path, param.name, type(param.type).__name__)


def test_stille_and_detaljert_on_every_command():
    for path, command in [((), cli.main), *_all_commands(cli.main)]:
        names = {name for p in command.params for name in p.opts}
        assert {"-q", "--stille", "-v", "--detaljert"} <= names, path


def test_stille_shows_only_errors_and_detaljert_each_step_with_its_time(real_copy):
    for area in ("naring", "naringsfond"):  # without the real project's three warnings
        edit(real_copy / f"avtaler/omrader/{area}.yaml", "\noppgaver:", "\nlover: [kommuneloven]\noppgaver:")
    edit(real_copy / "avtaler/omrader/spesialiserte-helse-omsorg.yaml", " som kommunene blir enige om "
         "i det administrative samarbeidsorganet", "")
    normal = run("-C", str(real_copy), "sjekk")
    assert normal.exit_code == 0 and normal.stdout.startswith("Ingen feil i ")
    for args in (("-q", "sjekk"), ("sjekk", "--stille")):
        quiet = run("-C", str(real_copy), *args)
        assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == "", args
    verbose = run("-C", str(real_copy), "sjekk", "-v")
    assert verbose.stdout == normal.stdout  # the result is the same; the steps go to stderr
    steps = verbose.stderr.replace(normal.stderr, "")
    assert re.search(r"· Leser og sjekker kildene i avtaler/: ferdig på \d+,\d\d\xa0s", steps), steps
    assert re.search(r"Ferdig på \d+,\d\d\xa0s i alt\.", steps), steps
    built = run("-C", str(real_copy), "bygg", "--uten-pdf", "-v")
    assert built.exit_code == 0, built.output
    for stage in ("Sjekker kildene", "Lager Word-dokumenter (27)", "Lager nettsiden"):
        assert re.search(rf"· {re.escape(stage)}: ferdig på \d+,\d\d\xa0s", built.stderr), stage
    again = run("-C", str(real_copy), "-q", "bygg", "--uten-pdf")
    assert again.exit_code == 0 and again.output == ""
    edit(real_copy / "avtaler/omrader/barnevern.yaml", "vertskommune: roros", "vertskomune: roros")
    failed = run("-C", str(real_copy), "-q", "sjekk")
    assert failed.exit_code == 2 and "FEIL: ukjent nøkkel 'vertskomune'" in failed.stderr


def test_the_summary_says_all_some_or_none_were_made_now():
    """«(6 laget nå, resten uendret)» when all six were made said there was a rest."""
    from samarbeid_docs.cli import _made_now
    assert _made_now(6, 6) == "alle laget nå"
    assert _made_now(2, 6) == "2 laget nå, resten uendret"
    assert _made_now(0, 6) == "uendret"

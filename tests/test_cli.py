"""The `samarbeid` command: exit codes, messages and help, through click's CliRunner."""

import re

import click
import pytest
from click.testing import CliRunner

from samarbeid_docs import cli

from .conftest import REPO, edit


def run(*args):
    return CliRunner().invoke(cli.main, list(args), prog_name="samarbeid")


def test_sjekk_clean_project_exits_0(real_copy):
    result = run("-C", str(real_copy), "sjekk")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ingen feil i 30 filer.\n"


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
        "  samarbeidsavtalen, oversikten, 21 delavtaler og 4 orienteringer om regionale samarbeid."]
    assert "Felles kemnerkontor, Arbeidsgiverkontrollen" in result.stdout
    assert (real_copy / "build/docx/barnevern.docx").is_file()


def test_internal_error_shows_no_traceback_unless_debug(real_copy, monkeypatch):
    def boom(root):
        raise RuntimeError("simulert")
    monkeypatch.setattr("samarbeid_docs.bygg.build_held", lambda root, **kw: boom(root))
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
    assert run("-C", str(root), "skjema", "--sjekk").exit_code == 1
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
    assert "ugyldig verdi «tcsh» for SKALL; velg en av 'bash', 'zsh', 'fish'" in wrong.stderr


def _all_commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*path, name))


def test_subcommand_help_has_no_english_from_click_and_every_argument_is_described():
    english = re.compile(r"\b(TEXT|INTEGER|FILENAME|PATH|FILE|required|default|Arguments|Options)\b|<=x<=")
    checked = 0
    for path, command in _all_commands(cli.main):
        result = run(*path, "--hjelp")
        assert result.exit_code == 0, path
        assert not english.search(result.stdout), (path, english.search(result.stdout).group(0))
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

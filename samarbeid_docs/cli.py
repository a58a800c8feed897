"""The `samarbeid` command: a thin click shell over the library, with Norwegian help."""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import os
import sys
import traceback
from datetime import date
from pathlib import Path

import click

from . import __version__, utskrift
from .feil import Level, SamarbeidError, count_phrase, os_reason, summary

CONTEXT = {"help_option_names": ["-h", "--hjelp", "--help"], "max_content_width": 100}


class _NorwegianHelp:
    """Norwegian headings and help texts in place of click's English ones."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        if isinstance(self, click.Group):
            kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)
        self.params += [  # on every command, before or after its name: `samarbeid -v bygg`, `samarbeid bygg -v`
            click.Option(["-q", "--stille"], is_flag=True, expose_value=False, is_eager=True,
                         callback=_level(utskrift.QUIET),
                         help="Vis bare feil og det kommandoen skal skrive ut (ingen fremdrift, "
                              "oppsummering eller advarsler)."),
            click.Option(["-v", "--detaljert"], is_flag=True, expose_value=False, is_eager=True,
                         callback=_level(utskrift.VERBOSE),
                         help="Vis hvert steg kommandoen gjør og hvor lang tid det tar."),
        ]

    def parse_args(self, ctx, args):
        try:
            return self._parse_args(ctx, args)
        except click.UsageError as exc:  # the option parser leaves out which command it was
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, self
            raise

    def _parse_args(self, ctx, args):
        if isinstance(self, click.Group):  # a group hands what is left to its command
            return super().parse_args(ctx, args)
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # left-over words are told about below, in Norwegian
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            more = f" (og {len(rest) - 1} til)" if len(rest) > 1 else ""
            raise _Usage(f"uventet argument «{rest[0]}»{more}", ctx)
        return rest

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="Bruk: ")

    def format_arguments(self, ctx, formatter):
        arguments = [(a.make_metavar(ctx), getattr(a, "help", "") or "")
                     for a in self.get_params(ctx) if isinstance(a, click.Argument)]
        if arguments:
            with formatter.section("Argumenter"):
                formatter.write_dl(arguments)

    def format_options(self, ctx, formatter):
        options = [_option_record(o, ctx) for o in self.get_params(ctx) if isinstance(o, click.Option)]
        options = [r for r in options if r]
        if options:
            with formatter.section("Valg"):
                formatter.write_dl(options)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                # the whole first sentence: a summary cut at «...» tells the reader nothing
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Kommandoer"):
                formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter):
        path = tuple(ctx.command_path.split()[1:])
        examples = EXAMPLES.get(path, ())
        if examples:
            with formatter.section("Eksempler" if len(examples) > 1 else "Eksempel"):
                for example in examples:  # a command line is shown whole, never re-wrapped
                    formatter.write(f"{'':>{formatter.current_indent}}{example}\n")
        with formatter.section("Avslutningsstatus"):
            formatter.write_text(EXIT_CODES.get(path, EXIT_CODES[()]))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option


def _level(level: int):
    def callback(ctx, param, value):
        if value:
            if utskrift.chosen() not in (None, level):
                raise _Usage("bruk enten -q/--stille eller -v/--detaljert, ikke begge", ctx)
            utskrift.set_level(level)
    return callback


def _metavar(kind: click.ParamType) -> str | None:
    """The Norwegian word for what a value is (click's own are English)."""
    for cls, word in ((click.IntRange, "TALL"), (click.types.IntParamType, "TALL"), (click.Path, "STI"),
                      (click.types.StringParamType, "TEKST"), (_Date, "DATO")):
        if isinstance(kind, cls):
            return word
    return None


EXAMPLES: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("samarbeid sjekk", "samarbeid bygg", "samarbeid -C ../avtalene endringer main HEAD"),
    ("sjekk",): ("samarbeid sjekk", "samarbeid sjekk --streng"),
    ("bygg",): ("samarbeid bygg", "samarbeid bygg --uten-pdf", "samarbeid bygg --jobber 2"),
    ("doktor",): ("samarbeid doktor",),
    ("status",): ("samarbeid status",),
    ("endringer",): ("samarbeid endringer", "samarbeid endringer main HEAD --format markdown",
                     "samarbeid endringer HEAD~1 HEAD --docx"),
    ("vis",): ("samarbeid vis", "samarbeid vis --port 8000", "samarbeid vis --følg"),
    ("tekst",): ("samarbeid tekst build/docx/barnevern.docx",),
    ("fullføring",): ("samarbeid fullføring bash > ~/.local/share/bash-completion/completions/samarbeid",
                      'samarbeid fullføring zsh > "${fpath[1]}/_samarbeid"',
                      "samarbeid fullføring fish > ~/.config/fish/completions/samarbeid.fish"),
    ("vertskap",): ("samarbeid vertskap",),
    ("skjema",): ("samarbeid skjema", "samarbeid skjema --sjekk"),
    ("saker",): ("samarbeid saker", "samarbeid saker -v"),
    ("ny",): ('samarbeid ny hallingdal --kommuner "Gol, Hemsedal, Ål, Nes, Flå, Hol"',
              'samarbeid ny region --kommuner 3324,3326 --fra-fil svar-fra-ssb.json',
              'samarbeid ny sunnfjord --kommuner "Sunnfjord, Askvoll, Fjaler" --målform nynorsk'),
    ("maler",): ("samarbeid maler liste", "samarbeid maler kopier klausuler/klage.md.j2"),
    ("maler", "liste"): ("samarbeid maler liste",),
    ("maler", "kopier"): ("samarbeid maler kopier klausuler/klage.md.j2", "samarbeid maler kopier avtale.docx"),
    ("maler", "vis"): ("samarbeid maler vis klausuler/klage.md.j2",),
    ("scenario",): ('samarbeid scenario sammenslåing roros holtalen --navn "Nye Røros"',),
    ("scenario", "sammenslåing"): ('samarbeid scenario sammenslåing roros holtalen --navn "Nye Røros"',
                                   'samarbeid scenario sammenslåing roros os --navn "Nye Røros" '
                                   "--dato 2028-01-01 --pdf"),
    ("folketall",): ("samarbeid folketall hent --år 2026",),
    ("folketall", "hent"): ("samarbeid folketall hent --år 2026",
                            "samarbeid folketall hent --år 2025 --år 2026 --bekreft",
                            "samarbeid folketall hent --år 2026 --fra-fil svar-fra-ssb.json"),
}
"""Examples shown under each command's help; a test checks that every command has some."""

_INTERRUPTED = "130 når du avbryter med Ctrl+C"
EXIT_CODES: dict[tuple[str, ...], str] = {
    (): ("0 når kommandoen lyktes, 2 ved feil i kildene, filene eller bruken (meldingen sier "
         f"hvilken fil og linje og hva du gjør), 1 ved intern feil, {_INTERRUPTED}."),
    ("sjekk",): ("0 når kildene er uten feil (advarsler stopper ikke), 2 ved feil, eller ved "
                 f"advarsler med --streng, 1 ved intern feil, {_INTERRUPTED}."),
    ("doktor",): f"0 når alt er i orden, 1 når noe mangler (utskriften sier hva), {_INTERRUPTED}.",
    ("vis",): ("0 når du stopper serveren med Ctrl+C, 2 når build/ mangler (kjør «samarbeid bygg» "
               "først) eller porten er opptatt."),
    ("folketall", "hent"): ("0 når tallene er skrevet (eller det ikke var noe nytt), 2 ved feil i "
                            "kildene eller bruken, når svaret fra SSB ikke kan brukes eller SSB ikke "
                            f"kan nås, og når tall som alt står i kildene vil endres uten --bekreft, "
                            f"1 ved intern feil, {_INTERRUPTED}."),
}


def _option_record(option: click.Option, ctx) -> tuple[str, str] | None:
    """An option's line in the help, its limits said in Norwegian (click's own are English)."""
    if option.hidden:
        return None
    names = ", ".join(option.opts + option.secondary_opts)
    if not option.is_flag and not option.count:
        names += f" {option.metavar or _metavar(option.type) or option.make_metavar(ctx)}"
    extra = []
    kind = option.type
    if isinstance(kind, click.IntRange) and (kind.min is not None or kind.max is not None):
        extra.append(f"{kind.min if kind.min is not None else ''}–{kind.max if kind.max is not None else ''}")
    if option.required:
        extra.append("påkrevd")
    help_text = option.help or ""
    if option.multiple and "gjentas" not in help_text:
        extra.append("kan gjentas")
    return names, help_text + (f"  [{'; '.join(extra)}]" if extra else "")


class _Argument(click.Argument):
    """A positional argument with a help text of its own (click's arguments have none)."""

    def __init__(self, *args, help: str = "", **kwargs):  # noqa: A002 - as click.Option names it
        super().__init__(*args, **kwargs)
        self.help = help

    def make_metavar(self, ctx=None) -> str:
        shown = self.metavar or self.name.upper()
        return shown if self.required else f"[{shown}]"


def argument(*names, **kwargs):
    """`click.argument` with `help=`; the metavar keeps its Norwegian letters."""
    return click.argument(*names, cls=_Argument, **kwargs)


class _Usage(click.UsageError):
    """A usage error worded by us, in Norwegian."""


class _Int(click.IntRange):
    """A whole number within limits; says what is wrong in Norwegian."""

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.lstrip("+-").isdigit()):
                self.fail(f"«{value}» er ikke et heltall", param, ctx)
            number = int(text)
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            self.fail(f"{number} er utenfor grensene {self.min}–{self.max}", param, ctx)
        return number


class _Choice(click.Choice):
    """One of a fixed set of words (completion comes from click.Choice)."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        close = difflib.get_close_matches(str(value), list(self.choices), n=1)
        self.fail(f"«{value}» er ikke et av valgene {', '.join(self.choices)}"
                  + (f" (mente du «{close[0]}»?)" if close else ""), param, ctx)


class _Path(click.Path):
    """A path, checked by us so that what is wrong is said in Norwegian."""

    def convert(self, value, param, ctx):
        path = Path(value)
        if self.exists and not path.exists():
            self.fail(f"finner ikke «{value}»", param, ctx)
        if not self.file_okay and path.is_file():
            self.fail(f"«{value}» er en fil, ikke en mappe", param, ctx)
        if not self.dir_okay and path.is_dir():
            self.fail(f"«{value}» er en mappe, ikke en fil", param, ctx)
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:  # click's remaining checks (e.g. permissions)
            self.fail(f"kan ikke bruke «{value}» (mangler tilgang?)", param, ctx)


class _Text(click.types.StringParamType):
    """Text that says something: not empty, not only spaces."""

    def convert(self, value, param, ctx):
        text = super().convert(value, param, ctx)
        if not text.strip():
            self.fail("navnet kan ikke være tomt", param, ctx)
        return text.strip()


class _Date(click.ParamType):
    """A date written ÅÅÅÅ-MM-DD."""

    name = "dato"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value)) if str(value).isascii() else None
        except ValueError:
            day = None
        if day is None or len(str(value)) != 10:
            self.fail(f"«{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2028-01-01", param, ctx)
        if not 1900 <= day.year <= 2100:
            self.fail(f"{value} er utenfor årene 1900–2100", param, ctx)
        return day


def _param_hint(param: click.Parameter, ctx) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.make_metavar(ctx).strip("[]") if ctx else (param.name or "").upper()


def _all_options(ctx) -> list[str]:
    if ctx is None:
        return []
    return sorted(name for p in ctx.command.get_params(ctx) if isinstance(p, click.Option)
                  for name in p.opts + p.secondary_opts)


def _usage_text(exc: click.UsageError) -> str:
    """The Norwegian message for a usage error, made from what the error carries (which
    command, option or parameter, which value), never from click's English wording."""
    ctx = exc.ctx
    if isinstance(exc, _Usage):
        return exc.message
    if isinstance(exc, click.exceptions.NoSuchCommand):
        close = difflib.get_close_matches(exc.command_name, sorted(exc.possibilities or ()), n=1)
        return f"ukjent kommando «{exc.command_name}»" + (f" (mente du «{close[0]}»?)" if close else "")
    if isinstance(exc, click.NoSuchOption):
        close = difflib.get_close_matches(exc.option_name, _all_options(ctx), n=1)
        return f"ukjent valg «{exc.option_name}»" + (f" (mente du «{close[0]}»?)" if close else "")
    if isinstance(exc, click.BadOptionUsage):
        option = next((p for p in (ctx.command.get_params(ctx) if ctx else ())
                       if exc.option_name in getattr(p, "opts", ()) + getattr(p, "secondary_opts", ())), None)
        if option is not None and option.is_flag:
            return f"valget «{exc.option_name}» tar ingen verdi"
        return f"valget «{exc.option_name}» trenger en verdi"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        if isinstance(exc.param, click.Option):
            return f"mangler valget {_param_hint(exc.param, ctx)}, som er påkrevd"
        return f"mangler argumentet {_param_hint(exc.param, ctx)}"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return f"ugyldig verdi for {_param_hint(exc.param, ctx)}: {exc.message}"
    return "ugyldig bruk av kommandoen"


class _Command(_NorwegianHelp, click.Command):
    pass


class _Group(_NorwegianHelp, click.Group):
    """Maps the library's errors to messages and exit codes; no traceback unless --debug."""

    command_class = _Command

    def __init__(self, *args, **kwargs):
        # alone, a group shows its help; with options but no command it says what is missing
        kwargs.setdefault("invoke_without_command", True)
        kwargs.setdefault("no_args_is_help", True)
        super().__init__(*args, **kwargs)
        inner = self.callback

        def callback(*positional, **named):
            ctx = click.get_current_context()
            if ctx.invoked_subcommand is None:
                raise _Usage(f"mangler kommando; velg en av {', '.join(sorted(self.commands))}", ctx)
            return inner(*positional, **named) if inner else None
        self.callback = functools.update_wrapper(callback, inner) if inner else callback

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "samarbeid")
        utskrift.reset()
        try:
            code = super().main(*args, **kwargs)
            utskrift.finished()
            sys.exit(code if isinstance(code, int) else 0)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help())  # `samarbeid` alone: the help, as a request, not an error
            sys.exit(0)
        except click.UsageError as exc:
            hint = f"«{exc.ctx.command_path} --hjelp»" if exc.ctx else "«samarbeid --hjelp»"
            click.echo(f"Feil: {_usage_text(exc)}. Se {hint}.", err=True)
            sys.exit(2)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Avbrutt.", err=True)
            sys.exit(1)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SamarbeidError as exc:
            _report_error(exc, ctx)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Avbrutt av brukeren. Filer som allerede var bygget, er urørt.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader (e.g. `| head`) stopped reading; stop quietly as other tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo("Intern feil i samarbeid-docs. Kjør kommandoen på nytt med --debug og "
                           "send utskriften til den som drifter verktøyet.", err=True)
            ctx.exit(1)


def _report_error(exc: SamarbeidError, ctx) -> None:
    if exc.problems and exc.message.endswith(":"):
        click.echo(exc.message, err=True)
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    if exc.problems:
        total = _count_sources(ctx.obj.get("root")) if ctx.obj else 0
        click.echo(summary(exc.problems, _files_counted(total, exc.problems)), err=True)
    else:
        click.echo(f"Feil: {exc.message}", err=True)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("-C", "mappe", type=_Path(file_okay=False, path_type=Path), default=None,
              metavar="MAPPE",
              help="Kjør som om kommandoen ble startet i MAPPE (som git -C).")
@click.option("--debug", is_flag=True, help="Vis full feilsporing ved interne feil.")
@click.version_option(__version__, "--versjon", "--version", message="samarbeid %(version)s",
                      help="Vis versjonen og avslutt.")
@click.pass_context
def main(ctx, mappe: Path | None, debug: bool):
    """Avtaler som kode for interkommunalt samarbeid.

    Leser avtalene i avtaler/ og klausulene i maler/, sjekker dem og bygger
    Word-dokumenter (DOCX) med kostnadsfordeling i build/.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    ctx.obj["start"] = mappe or Path.cwd()


def _root(ctx) -> Path:
    from .feil import InputError
    from .kilder.rot import find_root
    ctx = ctx.find_root()
    start = ctx.obj["start"]
    if not start.is_dir():
        raise InputError(f"Mappen {start} finnes ikke.")
    ctx.obj["root"] = find_root(start)
    utskrift.detail(f"Prosjektmappe: {ctx.obj['root']}")
    return ctx.obj["root"]


def _load(ctx, root: Path | None = None):
    """The project, read and checked (with -v: how long that took)."""
    from .kilder.prosjekt import load_project
    root = root or _root(ctx)
    with utskrift.step("Leser og sjekker kildene i avtaler/"):
        return load_project(root)


def _from_start(ctx, path: Path) -> Path:
    """A path the user gave, relative to the folder the command runs in (-C MAPPE, as git -C)."""
    start = ctx.find_root().obj["start"]
    return path if path.is_absolute() else start / path


def _read_file(ctx, path: Path, option: str) -> bytes:
    from .feil import InputError
    where = _from_start(ctx, path)
    try:
        return where.read_bytes()
    except OSError as exc:
        raise InputError(f"Kan ikke lese {path} ({option}): {os_reason(exc)}.") from None


def _files_counted(sources: int, problems) -> int:
    """The files a summary speaks of: the sources, and any other file a problem is in (a
    template in maler/, a schema in schema/)."""
    return sources + len({p.file for p in problems if not p.file.startswith("avtaler/")})


def _count_sources(root: Path | None) -> int:
    if root is None:
        return 0
    return len(list((root / "avtaler").glob("*.yaml"))) + len(list((root / "avtaler" / "omrader").glob("*.yaml")))


@main.command("sjekk")
@click.option("--streng", is_flag=True, help="Behandle advarsler som feil.")
@click.pass_context
def sjekk(ctx, streng: bool):
    """Sjekk alle kildene og vis alle feil på én gang (fil:linje:kolonne)."""
    from .bygging.bygg import compose_all
    from .feil import InputError
    from .gjennomgang.vedtatt import changed_after_sending
    project = _load(ctx)
    with utskrift.step("Setter sammen avtalene og sjekker lovkravene"):
        changed = changed_after_sending(_root(ctx), project)
        try:
            compose_all(project)
        except InputError as exc:  # every error at once, the text changed after adoption too
            exc.problems = sorted(exc.problems + changed, key=lambda p: (p.file, p.line or 0, p.column or 0))
            raise
        if any(p.level is Level.ERROR for p in changed):
            raise InputError("Avtalene oppfyller ikke kravene.", sorted(
                changed + project.warnings, key=lambda p: (p.file, p.line or 0, p.column or 0)))
    project.warnings.extend(changed)
    for problem in project.warnings:
        utskrift.say(str(problem), err=True)
    utskrift.say(summary(project.warnings, _files_counted(project.file_count, project.warnings)))
    if streng and any(p.level is Level.WARNING for p in project.warnings):
        ctx.exit(2)


@main.command("bygg")
@click.option("--uten-pdf", is_flag=True, help="Bygg bare Word-dokumentene (trenger ikke LibreOffice).")
@click.option("--jobber", type=_Int(1, 64), default=None, metavar="N",
              help="Antall LibreOffice-prosesser som lager PDF samtidig (standard: antall kjerner).")
@click.pass_context
def bygg(ctx, uten_pdf: bool, jobber: int | None):
    """Bygg alle avtalene som Word (build/docx/) og PDF/A (build/pdf/, build/samlet.pdf).

    Sjekker alle kildene først; ved feil skrives ingenting, og tidligere
    bygde filer blir stående urørt.
    """
    from .bygging import manifest
    root = _root(ctx)
    progress = utskrift.progress()
    with utskrift.step("Sammenligner kildene med forrige bygging"):
        current = manifest.up_to_date(root, with_pdf=not uten_pdf)
    if current is not None:  # nothing changed: answer without loading the heavy modules
        summary = current.get("summary", {})
        utskrift.say(f"Ingen endringer i kildene siden forrige bygging; alle "
                   f"{summary.get('documents', '')} dokumentene i build/ er oppdatert.")
        return
    from . import avbrudd
    from .bygging import laas
    from .konverter import pdf
    avbrudd.install()
    with laas.build_lock(root, on_wait=lambda text: utskrift.say(text, err=True)):
        # LibreOffice starts first: it comes up (about 0,4 s) while the rest of the program is
        # imported and the sources are checked, and is stopped if they have faults
        converter = pdf.Converter(root / laas.WORK_DIR, jobber) if not uten_pdf else None
        with converter or contextlib.nullcontext():
            if converter is not None:
                converter.start()
            from .bygging.bygg import build_held
            # the modules just imported live as long as the process: keep the garbage
            # collector (and the forked workers' copy-on-write pages) off them
            gc.freeze()
            from .gjennomgang.vedtatt import changed_after_sending
            report = build_held(root, with_pdf=not uten_pdf, workers=jobber,
                                progress=progress, converter=converter,
                                checks=(changed_after_sending,))
    progress.close()
    utskrift.say(_build_summary(report, with_pdf=not uten_pdf))


def _build_summary(report, with_pdf: bool = True) -> str:
    docs = report.documents
    kinds = {"delavtale": 0, "orientering": 0}
    for doc in docs:
        if doc.kind not in ("samarbeidsavtale", "oversikt"):  # nor the overview's parts
            kinds["delavtale" if doc.meta.subtitle.startswith("Delavtale") else "orientering"] += 1
    lines = []
    if report.changed_sources:
        shown = report.changed_sources[:5]
        more = len(report.changed_sources) - len(shown)
        lines.append("Endret siden forrige bygging: " + ", ".join(shown) +
                     (f" og {more} til" if more > 0 else "") + ".")
    for name, why in sorted(report.repaired.items()):
        lines.append(f"Laget på nytt: {name} {why}.")
    if report.rebuilt and len(report.rebuilt) < len(docs):
        lines.append("Bygget på nytt: " + ", ".join(report.rebuilt) + ".")
    parts = sum(1 for doc in docs if doc.kind == "oversikt") - 1
    made = ["samarbeidsavtalen", "oversikten" + (f" (hoveddokumentet og {count_phrase(parts, 'del', 'deler')})"
                                                 if parts > 0 else "")]
    if kinds["delavtale"]:
        made.append(count_phrase(kinds["delavtale"], "delavtale", "delavtaler"))
    if kinds["orientering"]:
        made.append(count_phrase(kinds["orientering"], "orientering", "orienteringer")
                    + " om samarbeid som er organisert på annen måte")
    from .norsk import join_names
    lines += [
        f"Bygget {len(docs)} dokumenter i build/docx/ "
        f"({len(report.written)} skrevet, {len(report.unchanged)} uendret):",
        f"  {join_names(made)}.",
    ]
    if with_pdf:
        lines.append(f"PDF/A i build/pdf/ ({_made_now(len(report.pdf_written), len(docs))}) og "
                     + ("samlet saksdokument i build/samlet.pdf" if report.bundle_parts == 1 else
                        f"samlet saksdokument i {report.bundle_parts} deler (build/samlet-1.pdf …)")
                     + f"{' (laget nå)' if report.bundle_written else ' (uendret)'}.")
        if report.pdf_retried:
            lines.append("Laget på nytt etter at LibreOffice stoppet opp: "
                         + ", ".join(report.pdf_retried) + ".")
    lines.append("Nedlastingsside: build/index.html (se den med «samarbeid vis»).")
    if report.removed:
        names = [p.name for p in report.removed]
        lines.append(f"Fjernet {len(names)} gamle filer: " + ", ".join(names[:10])
                     + (f" og {len(names) - 10} til." if len(names) > 10 else "."))
    if report.ended:
        lines.append("Avviklede områder uten egen delavtale (står i oversikten): "
                     + ", ".join(report.ended) + ".")
    if report.warnings:
        lines += [str(w) for w in report.warnings]
        lines.append(f"{len(report.warnings)} advarsler.")
    else:
        lines.append("Ingen advarsler.")
    return "\n".join(lines)


@main.command("doktor")
@click.pass_context
def doktor(ctx):
    """Sjekk at maskinen kan lage PDF: LibreOffice, skriftene i malen og en prøveeksport.

    Sier hva som må installeres hvis noe mangler.
    """
    from .kilder import malsett
    from .konverter.doktor import examine
    from .tekst.sammenstill import DOCX_TEMPLATE
    root = _root(ctx)
    with utskrift.step("Sjekker LibreOffice, skriftene og en prøveeksport"):
        found = examine(malsett.find(root, DOCX_TEMPLATE))
    for line in found.lines:
        click.echo(line)
    utskrift.say("Alt i orden." if found.ok else "Noe mangler; se over.")
    if not found.ok:
        ctx.exit(1)


@main.command("status")
@click.pass_context
def status(ctx):
    """Vis hvor hver avtale står: utkast, til behandling, vedtatt eller i kraft, per kommunestyre."""
    from .tekst.livslop import status_rows
    project = _load(ctx)
    councils, rows = status_rows(project)
    header = ["Avtale", "Status"] + [project.kommuner[k].navn for k in councils]
    table = [header] + [[r.title, r.status] + [r.councils[k] for k in councils] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in widths))
    from .tekst.livslop import stage
    for slug, area in project.omrader.items():  # kommuneloven § 20-4 femte ledd
        if not area.is_host_model or area.status != "ny" or area.vertskommune is None:
            continue
        host = project.kommuner[area.vertskommune].offisielt_navn
        missing = stage(area.behandling, area.deltakere).missing
        if missing:
            continue
        click.echo(f"Melding til statsforvalteren om «{area.tittel}» skal sendes fra {host}: "
                   f"se build/saker/{area.vertskommune}/melding-statsforvalteren-{slug}.docx "
                   "(«samarbeid saker»).")


@main.command("endringer")
@argument("fra", required=False, default=None, metavar="FRA",
          help="Revisjonen det sammenlignes fra (standard: HEAD, siste commit).")
@argument("til", required=False, default=None, metavar="TIL",
          help="Revisjonen det sammenlignes til (standard: arbeidskopien, også det som ikke er committet).")
@click.option("--format", "fmt", type=_Choice(["tekst", "markdown"]), default="tekst",
              help="tekst (standard) eller markdown, for en kommentar i en pull request.")
@click.option("--docx", "as_docx", is_flag=True,
              help="Skriv også build/endringer/<avtale>.docx med sporede endringer.")
@click.option("--nettside", "on_page", is_flag=True,
              help="Vis endringene på nedlastingssiden og skriv hele rapporten i "
                   "build/endringer.md. Uten FRA: siden forrige versjon av kildene i git.")
@click.pass_context
def endringer(ctx, fra: str | None, til: str | None, fmt: str, as_docx: bool, on_page: bool):
    """Vis hva som er endret mellom to git-revisjoner (standard: siste commit mot arbeidskopien).

    For hver avtale: deltakere, vertskommune, status, datoer, budsjett, den nye
    kostnadsfordelingen per kommune og teksten ord for ord.
    """
    from .gjennomgang.endringer import changes_between, format_report
    root = _root(ctx)
    if on_page:
        if til is not None:
            raise _Usage("--nettside sammenligner med arbeidskopien, som siden er bygget fra; "
                         "oppgi bare FRA", ctx=ctx)
        if as_docx or fmt != "tekst":
            raise _Usage("--nettside skriver rapporten i build/endringer.md og på siden; bruk "
                         "--docx og --format uten --nettside", ctx=ctx)
        _changes_on_page(root, fra)
        return
    with utskrift.step(f"Leser og setter sammen avtalene i {fra or 'HEAD'} og "
                       f"{til or 'arbeidskopien'}, og sammenligner dem"):
        report, before, after = changes_between(root, fra or "HEAD", til)
    click.echo(format_report(report, markdown=fmt == "markdown"), nl=False)
    if as_docx:
        from .gjennomgang.sporing import write_tracked
        with utskrift.step("Skriver Word-filer med sporede endringer"):
            written = write_tracked(root, before, after, report)
        if written:
            utskrift.say(f"Skrev {len(written)} dokumenter med sporede endringer i build/endringer/.")


def _changes_on_page(root: Path, fra: str | None) -> None:
    """`endringer --nettside`: the change report since `fra` (default: the previous version of
    the sources) in build/endringer.md and, in short, on the download page."""
    from . import norsk
    from .bygging import laas
    from .bygging.bygg import CHANGES, _raise_on_errors, atomic_write, refresh_site
    from .bygging.manifest import fingerprint, save_file
    from .feil import BuildError, InputError
    from .gjennomgang.endringer import changes_between, format_report, page_summary
    from .kilder import git
    from .kilder.prosjekt import load_project
    from .tekst import lovkrav
    # the working copy must be sound, and a revision given must exist: both are the user's to fix
    _raise_on_errors(lovkrav.check_sources(load_project(root)))
    if fra is not None:
        git.top_level(root)
        commit = git.resolve(root, fra)
        shown = fra if not commit.startswith(fra) else commit[:7]
    else:
        fra = git.previous_version(root)
        shown = fra[:7] if fra else ""
    record: dict = {"inputs": fingerprint(root), "punkter": [], "fra": "", "dato": "", "feil": ""}
    text = ""
    if fra is None:
        utskrift.say("Kildene har ingen tidligere versjon i git, så nedlastingssiden viser ingen endringer.")
    else:
        try:
            with utskrift.step(f"Sammenligner arbeidskopien med {shown}"):
                report, before, _after = changes_between(root, fra, None)
        except InputError as exc:  # the earlier version cannot be read by this tool: said, not fatal
            record["feil"] = (f"Endringene siden forrige versjon ({shown}) kan ikke vises: denne "
                              "versjonen av verktøyet kan ikke lese kildene slik de var da.")
            first = exc.problems[0] if exc.problems else None
            utskrift.say(f"Merk: {record['feil']}"
                         + (f" Første feil: {first.file}:{first.line or ''}: {first.message}" if first else ""))
        else:
            record.update(punkter=page_summary(report), fra=report.old_label,
                          dato=norsk.date_text(before.when.date()) if before.when else "")
            text = format_report(report, markdown=True)
    with laas.build_lock(root, on_wait=lambda line: utskrift.say(line, err=True)):
        target = root / laas.BUILD / "endringer.md"
        try:
            if text:
                atomic_write(target, text.encode("utf-8"))
            else:
                target.unlink(missing_ok=True)
            save_file(root / CHANGES, record)
        except OSError as exc:
            raise BuildError(f"Kunne ikke skrive {target}: {laas.disk_problem(exc)}.") from None
        page = refresh_site(root)
    changes = [item for item in record["punkter"] if not item.get("advarsel")]
    if changes:
        utskrift.say(f"{count_phrase(len(changes), 'endring', 'endringer')} siden "
                     f"{record['fra']} er skrevet i build/endringer.md"
                     + (" og vises på nedlastingssiden." if page else
                        "; nedlastingssiden viser dem når avtalene er bygget («samarbeid bygg»)."))
    elif fra is not None and not record["feil"]:
        utskrift.say(f"Ingen endringer i avtalene siden {record['fra']}.")
    for item in record["punkter"]:
        if item.get("advarsel"):
            utskrift.say(f"ADVARSEL: {' '.join(item['hva'])}", err=True)


@main.command("vis")
@click.option("--port", type=_Int(0, 65535), default=0, metavar="PORT",
              help="Port på 127.0.0.1 (standard: en ledig port).")
@click.option("--følg", "follow", is_flag=True,
              help="Bygg på nytt hver gang en fil i avtaler/ eller maler/ lagres; siden lastes "
                   "inn på nytt av seg selv, og feil i kildene vises på siden.")
@click.option("--uten-pdf", is_flag=True, help="Med --følg: bygg bare Word-dokumentene.")
@click.option("--jobber", type=_Int(1, 64), default=None, metavar="N",
              help="Med --følg: antall LibreOffice-prosesser (standard: antall kjerner).")
@click.pass_context
def vis(ctx, port: int, follow: bool, uten_pdf: bool, jobber: int | None):
    """Vis nedlastingssiden i build/ i nettleseren: starter en lokal server på 127.0.0.1."""
    from .feil import InputError
    from .nettside.vis import address, make_server
    root = _root(ctx)
    folder = root / "build"
    if not follow and not (folder / "index.html").is_file():
        raise InputError("Fant ikke build/index.html. Bygg først med «make avtaler» eller "
                         "«samarbeid bygg», eller bruk «samarbeid vis --følg».")
    follower = None
    if follow:
        import threading
        from . import avbrudd
        from .bygging.folg import Follower

        def said(f) -> None:
            if f.error:
                utskrift.say(f"Bygging {f.version}: kildene har feil (vises på siden):\n{f.error}", err=True)
            else:
                rebuilt = f.report.rebuilt if f.report else []
                utskrift.say(f"Bygging {f.version} ferdig på {utskrift.seconds(f.seconds)}"
                             + (f": {', '.join(rebuilt)}." if rebuilt and len(rebuilt) < 6 else "."))
        avbrudd.install()
        follower = Follower(root, with_pdf=not uten_pdf, workers=jobber, on_round=said)
    try:
        server = make_server(folder, port, follower.status if follower else None)
    except OSError as exc:
        raise InputError(f"Kunne ikke starte serveren på port {port}: {os_reason(exc)}. "
                         "Prøv en annen port, eller la være å oppgi --port.") from None
    click.echo(f"Åpne {address(server)} i nettleseren. Stopp med Ctrl+C."
               + (" Siden bygges på nytt når du lagrer en fil i avtaler/ eller maler/." if follow else ""))
    stop = None
    try:
        if follower is None:
            server.serve_forever()
        else:
            stop = threading.Event()
            threading.Thread(target=server.serve_forever, daemon=True).start()
            follower.run(stop)
    except KeyboardInterrupt:
        utskrift.say("Stoppet.")
    finally:
        if stop is not None:
            stop.set()
            server.shutdown()
        if follower is not None:
            follower.close()
        server.server_close()


@main.command("tekst")
@argument("fil", type=_Path(path_type=Path), metavar="FIL",
          help="Word-filen (.docx) eller PDF-filen som skal skrives ut som tekst.")
@click.pass_context
def tekst(ctx, fil: Path):
    """Skriv ut teksten i en DOCX- eller PDF-fil (brukes av git diff, se make git-oppsett)."""
    from .gjennomgang.tekstutdrag import extract
    click.echo(extract(_from_start(ctx, fil)), nl=False)


@main.command("fullføring")
@argument("skall", type=_Choice(["bash", "zsh", "fish"]), metavar="SKALL",
          help="Skallet du bruker: bash, zsh eller fish.")
def fullforing(skall: str):
    """Skriv ut skriptet som gir tab-fullføring av kommandoer og valg i bash, zsh eller fish.

    Legg utskriften der skallet ditt leter etter fullføringer (se eksemplene) og åpne et nytt skall.
    """
    from click.shell_completion import get_completion_class
    completion = get_completion_class(skall)(main, {}, "samarbeid", "_SAMARBEID_COMPLETE")
    click.echo(completion.source())


@main.command("vertskap")
@click.pass_context
def vertskap(ctx):
    """Vis om vertskommuneansvaret er fordelt rimelig etter folketall, og hvor mye hver kommune avviker (Sainte-Laguës metode)."""
    from .tekst.kontekst import host_distribution
    project = _load(ctx)
    table = host_distribution(project)
    header = ["Kommune", "Folketall", "Andel", "Rimelig", "Vertskap", "Avvik", "Årsverk der kjent"]
    rows = [[r["navn"], r["folketall"], r["andel"], r["mal"], r["antall"], r["avvik"],
             f"{r['arsverk'] or '–'} ({r['arsverk_omrader']})"] for r in table["rader"]]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    click.echo(f"Folketall per {table['per_tekst']}; rimelig fordeling av {table['sum_antall']} "
               f"vertskommuneområder etter Sainte-Laguës metode; tillatt avvik "
               f"{table['tillatt_avvik']}.")
    for index, row in enumerate([header, *rows]):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        click.echo("  ".join(cells).rstrip())
        if index == 0:
            click.echo("  ".join("-" * w for w in widths))


@main.group("scenario", cls=_Group)
def scenario():
    """Beregn hva som skjer med alle avtalene i et tenkt tilfelle, uten å endre kildene."""


@scenario.command("sammenslåing")
@argument("forste", metavar="FØRSTE",
          help="Nøkkelen til den ene kommunen som slås sammen (fra avtaler/kommuner.yaml, f.eks. roros).")
@argument("andre", metavar="ANDRE", help="Nøkkelen til den andre kommunen (f.eks. holtalen).")
@click.option("--navn", required=True, type=_Text(), metavar="TEKST",
              help="Navnet på den sammenslåtte kommunen, f.eks. «Nye Røros».")
@click.option("--dato", type=_Date(), default=None, metavar="ÅÅÅÅ-MM-DD",
              help="Dato for sammenslåingen (standard: i dag).")
@click.option("--pdf", "with_pdf", is_flag=True, help="Lag også PDF-er (tar lengre tid).")
@click.pass_context
def sammenslaing(ctx, forste: str, andre: str, navn: str, dato, with_pdf: bool):
    """Bygg alle avtalene som om to kommuner slo seg sammen, i build/scenarier/<navn>/.

    Folketallet summeres, kostnadsfordelingen regnes ut på nytt i hver avtale, vertskap som
    går over til den nye kommunen, merkes for ny forhandling, og avtaler mellom bare de to
    kommunene er ikke lenger interkommunale. Til slutt vises alle endringene.
    """
    from .beslutning.scenario import build_scenario
    root = _root(ctx)
    when = (dato or date.today()).isoformat()
    with utskrift.step("Slår sammen kildene i en kopi, bygger og sammenligner"):
        merger, text = build_scenario(root, forste, andre, navn, when, with_pdf=with_pdf)
    click.echo(text, nl=False)
    click.echo("")
    if merger.reassigned:
        click.echo(f"Vertskap som må forhandles på nytt ({len(merger.reassigned)}): "
                   + ", ".join(merger.reassigned) + ".")
    if merger.ended:
        click.echo(f"Ikke lenger interkommunalt ({len(merger.ended)}): " + ", ".join(merger.ended) + ".")
    utskrift.say(f"Dokumentene ligger i build/scenarier/{merger.slug}/ (endringene i endringer.txt).")


@main.group("folketall", cls=_Group)
def folketall():
    """Folketall fra Statistisk sentralbyrå (tabell 07459) til avtalene."""


@folketall.command("hent")
@click.option("--år", "years", type=_Int(1986, 2100), multiple=True, required=True,
              help="Året folketallet per 1. januar gjelder (kan gjentas).")
@click.option("--bekreft", is_flag=True, help="Skriv også tall som endrer et tall som alt står i kildene.")
@click.option("--fra-fil", "from_file", type=_Path(path_type=Path), metavar="FIL",
              help="Les et lagret svar fra SSB (JSON-stat 2.0) i stedet for å hente det.")
@click.pass_context
def folketall_hent(ctx, years, bekreft: bool, from_file: Path | None):
    """Hent folketall per 1. januar for alle partene fra SSB og skriv dem i avtaler/folketall-ssb.yaml.

    Viser først alle endringer og virkningen på kostnadsnøkkelen. Tall som endrer et tall som
    alt står i kildene, skrives bare med --bekreft. Uten nett stopper den uten å endre noe.
    """
    from .beslutning.folketall import compare, report_lines, write
    root = _root(ctx)
    project = _load(ctx, root)
    raw = _read_file(ctx, from_file, "--fra-fil") if from_file else None
    fetched = compare(project, sorted(set(years)), raw, date.today(),
                      from_file.name if from_file else None)
    for line in report_lines(project, fetched):
        click.echo(line)
    if fetched.changed and not bekreft:
        click.echo("Noen tall endrer tall som alt står i kildene. Se over endringene og kjør igjen "
                   "med --bekreft for å skrive dem. Ingenting er skrevet.", err=True)
        ctx.exit(2)
    if not (fetched.new or fetched.changed):
        utskrift.say("Ingen nye tall å skrive." + (
            " Svaret har ikke tallene for årene du ba om (se «mangler» over); hent dem når SSB har "
            "publisert dem, eller lagre et nytt svar til --fra-fil." if fetched.missing and not fetched.same else ""))
        return
    path = write(project, fetched, date.today())
    utskrift.say(f"Skrev {len(fetched.new) + len(fetched.changed)} tall i {path.relative_to(root)}. "
               "Se over endringen med «git diff» og bygg med «samarbeid bygg».")


@main.command("saker")
@click.option("--uten-pdf", is_flag=True, help="Lag bare Word og Markdown (trenger ikke LibreOffice).")
@click.option("--jobber", type=_Int(1, 64), default=None, metavar="N",
              help="Antall LibreOffice-prosesser som lager PDF samtidig (standard: antall kjerner).")
@click.pass_context
def saker(ctx, uten_pdf: bool, jobber: int | None):
    """Lag saksframlegg for hvert kommunestyre og hver avtale det deltar i, i build/saker/.

    Hvert saksframlegg har kommunedirektørens forslag til vedtak etter kommunens rolle
    (vertskommune, samarbeidskommune eller deltaker med felles nemnd), vedlegg,
    saksopplysninger, kommunens andel av kostnadene og endringen fra i dag, og det
    juridiske grunnlaget. Hver kommune får også en samlet sak for hele avtaleverket og
    en zip-fil med sine Word-filer. Bare sakene der kildene er endret, lages på nytt.
    """
    from . import avbrudd
    from .bygging import laas
    from .konverter import pdf
    root = _root(ctx)
    avbrudd.install()
    progress = utskrift.progress()
    with laas.build_lock(root, on_wait=lambda text: utskrift.say(text, err=True)):
        from .bygging.bygg import refresh_site
        from .bygging.saker import build_cases
        converter = pdf.Converter(root / laas.WORK_DIR, jobber) if not uten_pdf else None
        with converter or contextlib.nullcontext():
            report = build_cases(root, converter=converter, progress=progress)
        with utskrift.step("Oppdaterer nedlastingssiden"):
            page = refresh_site(root)
    progress.close()
    councils = len(report.councils)
    lines = [f"{count_phrase(len(report.cases), 'saksframlegg', 'saksframlegg')} for "
             f"{count_phrase(councils, 'kommunestyre', 'kommunestyrer')} i build/saker/, én mappe "
             f"per kommune ({_made_now(len(report.written), len(report.cases))})"
             + ("." if uten_pdf else f"; PDF/A av {len(report.pdf_written)} laget nå.")]
    if report.agreements_current:
        lines.append("Word-filene til hver kommune (avtaler og saker) ligger samlet i "
                     "build/saker/<kommune>.zip.")
        if report.bundles:
            lines.append("Den samlede saken med alle vedleggene i én PDF til møtepapirene: "
                         f"build/saker/<kommune>/samlet-med-vedlegg.pdf "
                         f"({_made_now(len(report.bundles_written), report.bundles)}).")
        elif not uten_pdf:
            lines.append("Den samlede saken med alle vedleggene i én PDF er ikke laget: avtalene "
                         "har ikke PDF fra kildene slik de er nå. Kjør «samarbeid bygg» uten "
                         "--uten-pdf og så «samarbeid saker».")
    else:
        lines.append("Avtalene er ikke bygget fra kildene slik de er nå, så zip-filene per kommune "
                     "er ikke laget på nytt. Kjør «samarbeid bygg» og så «samarbeid saker» "
                     "(eller «make avtaler», som gjør begge).")
    if report.removed:
        lines.append(f"Fjernet {len(report.removed)} gamle filer: " + ", ".join(report.removed) + ".")
    for letter in report.notices:
        lines.append(f"Alle kommunestyrene har vedtatt avtalen: melding til statsforvalteren fra "
                     f"vertskommunen i build/{letter.path}.docx.")
    if page:
        lines.append("Nedlastingssiden viser sakene per kommune: build/index.html.")
    utskrift.say("\n".join(lines))


@main.command("ny")
@argument("mappe", type=_Path(file_okay=False, path_type=Path), metavar="MAPPE",
          help="Mappen prosjektet skal ligge i (ny eller tom).")
@click.option("--kommuner", required=True, type=_Text(), metavar="LISTE",
              help="Partene, med navn eller kommunenummer skilt med komma, f.eks. «Gol, Hemsedal, Ål».")
@click.option("--fra-fil", "from_file", type=_Path(path_type=Path), metavar="FIL",
              help="Les et lagret svar fra SSB (tabell 07459, JSON-stat 2.0) i stedet for å hente det.")
@click.option("--dato", type=_Date(), default=None, metavar="ÅÅÅÅ-MM-DD",
              help="Datoen for avtalene (standard: i dag).")
@click.option("--målform", "malform", type=_Choice(["bokmål", "nynorsk"]), default="bokmål",
              help="Skriftspråket i avtalene, sakene og nedlastingssiden: bokmål (standard) eller nynorsk.")
@click.pass_context
def ny(ctx, mappe: Path, kommuner: str, from_file: Path | None, dato, malform: str):
    """Lag et nytt prosjekt for en region: partene, samarbeidsavtalen, to eksempelområder og en README.

    Navn, kommunenummer og folketall hentes fra SSB (tabell 07459); fylket følger av
    kommunenummeret. Prosjektet består «samarbeid sjekk» og kan bygges med en gang.
    """
    from .beslutning import ssb
    from .feil import InputError
    from .oppstart.ny import create, resolve
    day = dato or date.today()
    years = [day.year - 1, day.year]
    tokens = [t for t in kommuner.split(",") if t.strip()]
    if from_file:
        answer = ssb.parse(_read_file(ctx, from_file, "--fra-fil"), str(from_file))
        codes = resolve(tokens, answer.names or {}, f"i {from_file}")
        query = ssb.query_url(codes, years)
    else:
        with utskrift.step("Henter kommunene og folketallene fra SSB"):
            # names are looked up in SSB's list of municipalities (KLASS 131); the figures
            # come from table 07459, as «samarbeid folketall hent» gets them
            if all(t.strip().isascii() and t.strip().isdigit() for t in tokens):
                codes = [t.strip() for t in tokens]
            else:
                codes = resolve(tokens, ssb.parse_municipalities(ssb.fetch(ssb.municipalities_url(day))))
            query = ssb.query_url(codes, years)
            answer = ssb.parse(ssb.fetch(query))
    target = _from_start(ctx, mappe)
    with utskrift.step(f"Skriver prosjektet i {mappe}"):
        try:
            written = create(target, codes, answer, query, day, malform,
                             from_file=from_file.name if from_file else None)
        except OSError as exc:
            raise InputError(f"Kunne ikke skrive prosjektet i {mappe}: {os_reason(exc)}"
                             + (f" ({exc.filename})" if exc.filename else "")
                             + ". Velg en mappe du kan skrive i.") from None
    from .oppstart.ny import stale_figures
    for name, year in stale_figures(codes, answer, day):
        utskrift.say(f"Merk: svaret har ikke folketall for {name} nyere enn 1. januar {year}; "
                     "avtalene bruker det til du henter nyere med «samarbeid folketall hent».", err=True)
    utskrift.say(f"Laget et nytt prosjekt i {mappe} ({len(written)} filer). Neste steg:\n"
                 f"  cd {mappe}\n  samarbeid sjekk\n  samarbeid bygg\n"
                 "README.md i mappen sier hva du bør endre først.")


@main.group("maler", cls=_Group)
def maler():
    """De innebygde malene (klausulene, Word-malen og nettsiden) og prosjektets egne i maler/."""


@maler.command("liste")
@click.pass_context
def maler_liste(ctx):
    """Vis alle malene, og hvilke prosjektet har sin egen versjon av i maler/."""
    from .kilder import malsett
    root = _root(ctx)
    for name, path in malsett.all_templates(root).items():
        if path.is_relative_to(malsett.BUILTIN):
            where = "innebygd"
        elif (malsett.BUILTIN / name).is_file():
            where = "egen (erstatter den innebygde)"
        else:
            where = "egen"
        click.echo(f"{name}  {where}")


@maler.command("kopier")
@argument("navn", metavar="NAVN",
          help="Malen som skal kopieres, slik «samarbeid maler liste» viser den "
               "(f.eks. klausuler/klage.md.j2 eller avtale.docx).")
@click.pass_context
def maler_kopier(ctx, navn: str):
    """Kopier en innebygd mal til prosjektets maler/ for å endre den der.

    Prosjektets egen fil brukes i stedet for den innebygde. «samarbeid sjekk» sier fra når den
    innebygde malen senere blir endret, så du kan ta inn rettelsene.
    """
    from .kilder import malsett
    root = _root(ctx)
    target = malsett.copy(root, navn)
    utskrift.say(f"Kopierte den innebygde malen til {target.relative_to(root).as_posix()}. "
                 "Endre den der; den brukes fra neste bygging.")


@maler.command("vis")
@argument("navn", metavar="NAVN", help="Malen som skal vises (f.eks. klausuler/klage.md.j2).")
def maler_vis(navn: str):
    """Skriv ut den innebygde versjonen av en tekstmal, for å sammenligne med prosjektets egen."""
    from .feil import InputError
    from .kilder import malsett
    if navn.endswith(".docx") and navn in malsett.builtin_names():
        raise InputError(f"{navn} er en Word-fil og kan ikke skrives ut som tekst. Kopier den med "
                         f"«samarbeid maler kopier {navn}» og åpne kopien i Word.")
    if navn not in malsett.builtin_names():
        raise InputError(malsett.unknown(navn))
    click.echo((malsett.BUILTIN / navn).read_text(encoding="utf-8"), nl=False)


@main.command("skjema")
@click.option("--sjekk", "only_check", is_flag=True,
              help="Bare sjekk at skjemaene i schema/ er oppdatert (status 2 hvis ikke).")
@click.pass_context
def skjema(ctx, only_check: bool):
    """Skriv JSON-skjemaene i schema/ som editoren bruker til autofullføring."""
    from .bygging.bygg import atomic_write
    from .kilder.skjema import SCHEMA_DIR, schemas
    root = _root(ctx)
    stale = []
    for name, text in schemas(root).items():
        target = root / SCHEMA_DIR / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not only_check:
            atomic_write(target, text.encode("utf-8"))
    if only_check and stale:
        click.echo("Utdaterte skjemaer: " + ", ".join(stale) + ". Kjør «samarbeid skjema».",
                   err=True)
        ctx.exit(2)  # the project's files to bring up to date, as with every fault in the sources
    utskrift.say("Skjemaene er oppdatert." if not stale else
                 f"Skrev {count_phrase(len(stale), 'skjema', 'skjemaer')} i {SCHEMA_DIR}/.")


def _made_now(made: int, of: int) -> str:
    """«alle laget nå», «3 laget nå, resten uendret» or «uendret» for a build summary."""
    if made == 0:
        return "uendret"
    if made >= of:
        return "alle laget nå"
    return f"{made} laget nå, resten uendret"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


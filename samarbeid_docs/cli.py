"""The `samarbeid` command: a thin click shell over the library, with Norwegian help."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .feil import Level, SamarbeidError, summary

CONTEXT = {"help_option_names": ["-h", "--hjelp", "--help"], "max_content_width": 100}


class _NorwegianHelp:
    """Norwegian headings and help texts in place of click's English ones."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[VALG]")
        if isinstance(self, click.Group):
            kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix="Bruk: ")

    def format_options(self, ctx, formatter):
        params = self.get_params(ctx)
        arguments = [(a.make_metavar(ctx), getattr(a, "help", "") or "")
                     for a in params if isinstance(a, click.Argument)]
        options = [_option_record(o, ctx) for o in params if isinstance(o, click.Option)]
        if arguments:
            with formatter.section("Argumenter"):
                formatter.write_dl(arguments)
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
        if not isinstance(self, click.Group) or not path:
            with formatter.section("Avslutningsstatus"):
                formatter.write_text(EXIT_CODES.get(path, EXIT_CODES[()]))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option


_METAVARS = {"StringParamType": "TEKST", "IntParamType": "TALL", "IntRange": "TALL",
             "FloatParamType": "TALL", "Path": "STI", "File": "FIL", "DateTime": "DATO"}


EXAMPLES: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("samarbeid sjekk", "samarbeid bygg", "samarbeid -C ../avtalene endringer main HEAD"),
    ("sjekk",): ("samarbeid sjekk", "samarbeid sjekk --streng"),
    ("bygg",): ("samarbeid bygg", "samarbeid bygg --uten-pdf", "samarbeid bygg --jobber 2"),
    ("doktor",): ("samarbeid doktor",),
    ("status",): ("samarbeid status",),
    ("endringer",): ("samarbeid endringer", "samarbeid endringer main HEAD --format markdown",
                     "samarbeid endringer HEAD~1 HEAD --docx"),
    ("vis",): ("samarbeid vis", "samarbeid vis --port 8000"),
    ("tekst",): ("samarbeid tekst build/docx/barnevern.docx",),
    ("fullføring",): ("samarbeid fullføring bash > ~/.local/share/bash-completion/completions/samarbeid",
                      'samarbeid fullføring zsh > "${fpath[1]}/_samarbeid"',
                      "samarbeid fullføring fish > ~/.config/fish/completions/samarbeid.fish"),
    ("vertskap",): ("samarbeid vertskap",),
    ("skjema",): ("samarbeid skjema", "samarbeid skjema --sjekk"),
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
}


def _option_record(option: click.Option, ctx) -> tuple[str, str] | None:
    """An option's line in the help, its limits said in Norwegian (click's own are English)."""
    if option.hidden:
        return None
    names = ", ".join(option.opts + option.secondary_opts)
    if not option.is_flag and not option.count:
        names += f" {option.metavar or _METAVARS.get(type(option.type).__name__) or option.make_metavar(ctx)}"
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


_USAGE_ERRORS = [
    (r"No such command '([^']+)'", "ukjent kommando «{0}»"),
    (r"No such option:? '?([^'\s]+)'?", "ukjent valg «{0}»"),
    (r"Option '([^']+)' requires an argument", "valget «{0}» trenger en verdi"),
    (r"Got unexpected extra arguments? \(([^)]+)\)", "uventet argument «{0}»"),
    (r"Missing argument '([^']+)'", "mangler argumentet {0}"),
    (r"Invalid value for '([^']+)': '([^']*)' is not one of (.+?)\.?$", "ugyldig verdi «{1}» for {0}; velg en av {2}"),
]


def _usage_error_text(message: str) -> str:
    import re
    text = f"ugyldig bruk ({message})"
    for pattern, norwegian in _USAGE_ERRORS:
        if m := re.search(pattern, message):
            text = norwegian.format(*m.groups())
            break
    if m := re.search(r"Did you mean '([^']+)'", message):
        text += f" (mente du «{m.group(1)}»?)"
    elif m := re.search(r"\(Possible options: ([^)]+)\)", message):
        text += f" (mente du {m.group(1)}?)"
    return text


class _Command(_NorwegianHelp, click.Command):
    pass


class _Group(_NorwegianHelp, click.Group):
    """Maps the library's errors to messages and exit codes; no traceback unless --debug."""

    command_class = _Command

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        kwargs.setdefault("prog_name", "samarbeid")
        try:
            code = super().main(*args, **kwargs)
            sys.exit(code if isinstance(code, int) else 0)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help())  # `samarbeid` alone: the help, as a request, not an error
            sys.exit(0)
        except click.UsageError as exc:
            hint = f"«{exc.ctx.command_path} --hjelp»" if exc.ctx else "«samarbeid --hjelp»"
            click.echo(f"Feil: {_usage_error_text(exc.format_message())}. Se {hint}.", err=True)
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
        click.echo(summary(exc.problems, max(total, len({p.file for p in exc.problems}))),
                   err=True)
    else:
        click.echo(f"Feil: {exc.message}", err=True)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("-C", "mappe", type=click.Path(file_okay=False, path_type=Path), default=None,
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
    from .rot import find_root
    ctx = ctx.find_root()
    start = ctx.obj["start"]
    if not start.is_dir():
        raise InputError(f"Mappen {start} finnes ikke.")
    ctx.obj["root"] = find_root(start)
    return ctx.obj["root"]


def _count_sources(root: Path | None) -> int:
    if root is None:
        return 0
    return len(list((root / "avtaler").glob("*.yaml"))) + len(list((root / "avtaler" / "omrader").glob("*.yaml")))


@main.command("sjekk")
@click.option("--streng", is_flag=True, help="Behandle advarsler som feil.")
@click.pass_context
def sjekk(ctx, streng: bool):
    """Sjekk alle kildene og vis alle feil på én gang (fil:linje:kolonne)."""
    from .bygg import compose_all
    from .prosjekt import load_project
    project = load_project(_root(ctx))
    compose_all(project)
    for problem in project.warnings:
        click.echo(str(problem), err=True)
    click.echo(summary(project.warnings, project.file_count))
    if streng and any(p.level is Level.WARNING for p in project.warnings):
        ctx.exit(2)


@main.command("bygg")
@click.option("--uten-pdf", is_flag=True, help="Bygg bare Word-dokumentene (trenger ikke LibreOffice).")
@click.option("--jobber", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Antall LibreOffice-prosesser som lager PDF samtidig (standard: antall kjerner).")
@click.pass_context
def bygg(ctx, uten_pdf: bool, jobber: int | None):
    """Bygg alle avtalene som Word (build/docx/) og PDF/A (build/pdf/, build/samlet.pdf).

    Sjekker alle kildene først; ved feil skrives ingenting, og tidligere
    bygde filer blir stående urørt.
    """
    from . import manifest
    root = _root(ctx)
    current = manifest.up_to_date(root, with_pdf=not uten_pdf)
    if current is not None:  # nothing changed: answer without loading the heavy modules
        summary = current.get("summary", {})
        click.echo(f"Ingen endringer i kildene siden forrige bygging; alle "
                   f"{summary.get('documents', '')} dokumentene i build/ er oppdatert.")
        return
    from . import avbrudd, laas, pdf
    avbrudd.install()
    with laas.build_lock(root, on_wait=lambda text: click.echo(text, err=True)):
        # LibreOffice starts once the sources have been checked (a build that fails on them
        # starts none and writes nothing)
        converter = pdf.Converter(root / laas.WORK_DIR, jobber) if not uten_pdf else None
        with converter or contextlib.nullcontext():
            from .bygg import build_held
            # the modules just imported live as long as the process: keep the garbage
            # collector (and the forked workers' copy-on-write pages) off them
            gc.freeze()
            report = build_held(root, with_pdf=not uten_pdf, workers=jobber,
                                progress=_progress(), converter=converter)
    click.echo(_build_summary(report, with_pdf=not uten_pdf))


def _progress():
    """Progress on a terminal (one updating line); plain lines in CI and logs."""
    terminal = sys.stderr.isatty()
    shown: set[str] = set()

    def show(stage: str, done: int, total: int) -> None:
        if terminal and total:
            end = "\n" if done == total else ""
            click.echo(f"\r{stage}: {done} av {total}", err=True, nl=False)
            if end:
                click.echo("", err=True)
        elif stage not in shown:
            shown.add(stage)
            click.echo(f"{stage}{f' ({total})' if total else ''} …", err=True)
    return show


def _build_summary(report, with_pdf: bool = True) -> str:
    from .sammenstill import FRAMEWORK_SLUG, OVERVIEW_SLUG
    docs = report.documents
    kinds = {"delavtale": 0, "orientering": 0}
    for doc in docs:
        if doc.slug not in (FRAMEWORK_SLUG, OVERVIEW_SLUG):
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
    lines += [
        f"Bygget {len(docs)} dokumenter i build/docx/ "
        f"({len(report.written)} skrevet, {len(report.unchanged)} uendret):",
        f"  samarbeidsavtalen, oversikten, {kinds['delavtale']} delavtaler og "
        f"{kinds['orientering']} orienteringer om regionale samarbeid.",
    ]
    if with_pdf:
        lines.append(f"PDF/A i build/pdf/ ({len(report.pdf_written)} laget nå, resten uendret) og "
                     f"samlet saksdokument i build/samlet.pdf"
                     f"{' (laget nå)' if report.bundle_written else ' (uendret)'}.")
        if report.pdf_retried:
            lines.append("Laget på nytt etter at LibreOffice stoppet opp: "
                         + ", ".join(report.pdf_retried) + ".")
    lines.append("Nedlastingsside: build/index.html (se den med «samarbeid vis»).")
    if report.removed:
        lines.append(f"Fjernet {len(report.removed)} gamle filer: "
                     + ", ".join(p.name for p in report.removed) + ".")
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
    from .doktor import examine
    from .sammenstill import DOCX_TEMPLATE
    root = _root(ctx)
    found = examine(root / DOCX_TEMPLATE)
    for line in found.lines:
        click.echo(line)
    click.echo("Alt i orden." if found.ok else "Noe mangler; se over.")
    if not found.ok:
        ctx.exit(1)


@main.command("status")
@click.pass_context
def status(ctx):
    """Vis hvor hver avtale står: utkast, til behandling, vedtatt eller i kraft, per kommunestyre."""
    from .livslop import status_rows
    from .prosjekt import load_project
    project = load_project(_root(ctx))
    councils, rows = status_rows(project)
    header = ["Avtale", "Status"] + [project.kommuner[k].navn for k in councils]
    table = [header] + [[r.title, r.status] + [r.councils[k] for k in councils] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in widths))


@main.command("endringer")
@argument("fra", required=False, default=None, metavar="FRA",
          help="Revisjonen det sammenlignes fra (standard: HEAD, siste commit).")
@argument("til", required=False, default=None, metavar="TIL",
          help="Revisjonen det sammenlignes til (standard: arbeidskopien, også det som ikke er committet).")
@click.option("--format", "fmt", type=click.Choice(["tekst", "markdown"]), default="tekst",
              help="tekst (standard) eller markdown, for en kommentar i en pull request.")
@click.option("--docx", "as_docx", is_flag=True,
              help="Skriv også build/endringer/<avtale>.docx med sporede endringer.")
@click.pass_context
def endringer(ctx, fra: str | None, til: str | None, fmt: str, as_docx: bool):
    """Vis hva som er endret mellom to git-revisjoner (standard: siste commit mot arbeidskopien).

    For hver avtale: deltakere, vertskommune, status, datoer, budsjett, den nye
    kostnadsfordelingen per kommune og teksten ord for ord.
    """
    from .endringer import changes_between, format_report
    root = _root(ctx)
    report, before, after = changes_between(root, fra or "HEAD", til)
    click.echo(format_report(report, markdown=fmt == "markdown"), nl=False)
    if as_docx:
        from .sporing import write_tracked
        written = write_tracked(root, before, after, report)
        if written:
            click.echo(f"Skrev {len(written)} dokumenter med sporede endringer i build/endringer/.")


@main.command("vis")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="PORT",
              help="Port på 127.0.0.1 (standard: en ledig port).")
@click.pass_context
def vis(ctx, port: int):
    """Vis nedlastingssiden i build/ i nettleseren: starter en lokal server på 127.0.0.1."""
    from .feil import InputError
    from .vis import address, make_server
    root = _root(ctx)
    folder = root / "build"
    if not (folder / "index.html").is_file():
        raise InputError("Fant ikke build/index.html. Bygg først med «make avtaler» eller "
                         "«samarbeid bygg».")
    try:
        server = make_server(folder, port)
    except OSError as exc:
        raise InputError(f"Kunne ikke starte serveren på port {port}: {exc.strerror or exc}. "
                         "Prøv en annen port, eller la være å oppgi --port.") from None
    click.echo(f"Åpne {address(server)} i nettleseren. Stopp med Ctrl+C.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stoppet.")
    finally:
        server.server_close()


@main.command("tekst")
@argument("fil", type=click.Path(path_type=Path), metavar="FIL",
          help="Word-filen (.docx) eller PDF-filen som skal skrives ut som tekst.")
def tekst(fil: Path):
    """Skriv ut teksten i en DOCX- eller PDF-fil (brukes av git diff, se make git-oppsett)."""
    from .tekstutdrag import extract
    click.echo(extract(fil), nl=False)


@main.command("fullføring")
@argument("skall", type=click.Choice(["bash", "zsh", "fish"]), metavar="SKALL",
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
    from .kontekst import host_distribution
    from .prosjekt import load_project
    project = load_project(_root(ctx))
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
@click.option("--navn", required=True, help="Navnet på den sammenslåtte kommunen, f.eks. «Nye Røros».")
@click.option("--dato", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="ÅÅÅÅ-MM-DD",
              help="Dato for sammenslåingen (standard: i dag).")
@click.option("--pdf", "with_pdf", is_flag=True, help="Lag også PDF-er (tar lengre tid).")
@click.pass_context
def sammenslaing(ctx, forste: str, andre: str, navn: str, dato, with_pdf: bool):
    """Bygg alle avtalene som om to kommuner slo seg sammen, i build/scenarier/<navn>/.

    Folketallet summeres, kostnadsfordelingen regnes ut på nytt i hver avtale, vertskap som
    går over til den nye kommunen, merkes for ny forhandling, og avtaler mellom bare de to
    kommunene er ikke lenger interkommunale. Til slutt vises alle endringene.
    """
    from .scenario import build_scenario
    root = _root(ctx)
    from datetime import date
    when = (dato.date() if dato else date.today()).isoformat()
    merger, text = build_scenario(root, forste, andre, navn, when, with_pdf=with_pdf)
    click.echo(text, nl=False)
    click.echo("")
    if merger.reassigned:
        click.echo(f"Vertskap som må forhandles på nytt ({len(merger.reassigned)}): "
                   + ", ".join(merger.reassigned) + ".")
    if merger.ended:
        click.echo(f"Ikke lenger interkommunalt ({len(merger.ended)}): " + ", ".join(merger.ended) + ".")
    click.echo(f"Dokumentene ligger i build/scenarier/{merger.slug}/ (endringene i endringer.txt).")


@main.group("folketall", cls=_Group)
def folketall():
    """Folketall fra Statistisk sentralbyrå (tabell 07459) til avtalene."""


@folketall.command("hent")
@click.option("--år", "years", type=click.IntRange(1986, 2100), multiple=True, required=True,
              help="Året folketallet per 1. januar gjelder (kan gjentas).")
@click.option("--bekreft", is_flag=True, help="Skriv også tall som endrer et tall som alt står i kildene.")
@click.option("--fra-fil", "from_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Les et lagret svar fra SSB (JSON-stat 2.0) i stedet for å hente det.")
@click.pass_context
def folketall_hent(ctx, years, bekreft: bool, from_file: Path | None):
    """Hent folketall per 1. januar for alle partene fra SSB og skriv dem i avtaler/folketall-ssb.yaml.

    Viser først alle endringer og virkningen på kostnadsnøkkelen. Tall som endrer et tall som
    alt står i kildene, skrives bare med --bekreft. Uten nett stopper den uten å endre noe.
    """
    from datetime import date

    from .folketall import compare, report_lines, write
    from .prosjekt import load_project
    root = _root(ctx)
    project = load_project(root)
    raw = from_file.read_bytes() if from_file else None
    fetched = compare(project, sorted(set(years)), raw, date.today())
    for line in report_lines(project, fetched):
        click.echo(line)
    if fetched.changed and not bekreft:
        click.echo("Noen tall endrer tall som alt står i kildene. Se over endringene og kjør igjen "
                   "med --bekreft for å skrive dem. Ingenting er skrevet.", err=True)
        ctx.exit(2)
    if not (fetched.new or fetched.changed):
        click.echo("Ingen nye tall å skrive.")
        return
    path = write(project, fetched, date.today())
    click.echo(f"Skrev {len(fetched.new) + len(fetched.changed)} tall i {path.relative_to(root)}. "
               "Se over endringen med «git diff» og bygg med «make avtaler».")


@main.command("skjema")
@click.option("--sjekk", "only_check", is_flag=True,
              help="Bare sjekk at skjemaene i schema/ er oppdatert (status 1 hvis ikke).")
@click.pass_context
def skjema(ctx, only_check: bool):
    """Skriv JSON-skjemaene i schema/ som editoren bruker til autofullføring."""
    from .bygg import atomic_write
    from .skjema import SCHEMA_DIR, schemas
    root = _root(ctx)
    stale = []
    for name, text in schemas().items():
        target = root / SCHEMA_DIR / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not only_check:
            atomic_write(target, text.encode("utf-8"))
    if only_check and stale:
        click.echo("Utdaterte skjemaer: " + ", ".join(stale) + ". Kjør «samarbeid skjema».",
                   err=True)
        ctx.exit(1)
    click.echo("Skjemaene er oppdatert." if not stale else
               f"Skrev {len(stale)} skjemaer i {SCHEMA_DIR}/.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

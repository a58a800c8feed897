"""How much the command line tells: only errors (-q), the usual, or each step with its time (-v).

Errors are always shown (they are written by the command line's error handler, not here).
What a command is asked to print — the text of `tekst`, the table of `status`, the report of
`endringer` — is its result and is printed at every level; this module carries the rest.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

import click

QUIET, NORMAL, VERBOSE = 0, 1, 2
_state = {"level": NORMAL, "start": time.perf_counter(), "chosen": None}


def reset(level: int = NORMAL) -> None:
    _state.update(level=level, start=time.perf_counter(), chosen=None)


def set_level(level: int) -> None:
    _state.update(level=level, chosen=level)


def chosen() -> int | None:
    """The level asked for with -q or -v in this command, if any."""
    return _state["chosen"]  # type: ignore[return-value]


def level() -> int:
    return int(_state["level"])


def seconds(value: float) -> str:
    """`1,23 s`, with a decimal comma."""
    return f"{value:.2f}".replace(".", ",") + "\u00a0s"


def say(text: str, err: bool = False) -> None:
    """A message that is not the command's result: hidden by -q."""
    if level() >= NORMAL:
        click.echo(text, err=err)


def detail(text: str) -> None:
    """What a step does: shown only with -v, on stderr (stdout stays the result)."""
    if level() >= VERBOSE:
        click.echo(text, err=True)


@contextlib.contextmanager
def step(text: str) -> Iterator[None]:
    """With -v: the step when it starts and its time when it ends."""
    if level() < VERBOSE:
        yield
        return
    detail(f"· {text} …")
    began = time.perf_counter()
    yield
    detail(f"· {text}: ferdig på {seconds(time.perf_counter() - began)}")


def finished() -> None:
    detail(f"Ferdig på {seconds(time.perf_counter() - float(_state['start']))} i alt.")


def progress() -> Callable[[str, int, int], None]:
    """A build's progress: nothing with -q; one updating line on a terminal; plain lines in
    CI and logs; with -v each stage on its own line with its time."""
    terminal = sys.stderr.isatty()
    shown: set[str] = set()
    current: dict[str, object] = {}

    def close_stage() -> None:
        if current:
            total = current["total"]
            detail(f"· {current['stage']}{f' ({total})' if total else ''}: ferdig på "
                   f"{seconds(time.perf_counter() - float(current['began']))}")
            current.clear()

    def show(stage: str, done: int, total: int) -> None:
        if level() <= QUIET:
            return
        if level() >= VERBOSE:
            if current.get("stage") != stage:
                close_stage()
                current.update(stage=stage, began=time.perf_counter(), total=total)
                detail(f"· {stage}{f' ({total})' if total else ''} …")
            current["total"] = total
            return
        if terminal and total:
            click.echo(f"\r{stage}: {done} av {total}", err=True, nl=False)
            if done == total:
                click.echo("", err=True)
        elif stage not in shown:
            shown.add(stage)
            click.echo(f"{stage}{f' ({total})' if total else ''} …", err=True)
    show.close = close_stage  # type: ignore[attr-defined]
    return show

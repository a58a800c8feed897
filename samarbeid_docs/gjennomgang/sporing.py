"""Tracked changes: the old and the new version of an agreement merged into one IR whose runs,
paragraphs and table rows carry insert/delete marks, written as a DOCX with real Word
revisions (w:ins/w:del). Accepting all gives the new text, rejecting all the old text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from ..tekst.dokument import (Block, Document, Heading, Inline, ListBlock, ListItem, Paragraph, Run,
                              Signatures, Table, plain)

_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_NUMBER = r"\d+(?:[\u00a0\u202f]\d{3})*(?:,\d+)?"
TOKEN = re.compile(
    rf"\d{{1,2}}\.[ \u00a0](?:{_MONTHS})[ \u00a0]\d{{4}}"  # 1. juli 2016
    r"|\d{1,2}\.\d{1,2}\.\d{4}"  # 01.01.2026
    rf"|kr\u00a0{_NUMBER}(?:,-)?"  # kr 1 234 567
    r"|\d+(?:-\d+)+(?!\d)"  # § 20-2, 2016-2017
    rf"|{_NUMBER}(?:\u00a0%)?"  # 2 035, 58,3 %
    r"|\s+|\w+|[^\w\s]")
"""The units a change is shown in: a date, an amount, a number or percentage, a section number,
a word, a space or a single punctuation mark. Numbers are replaced whole, never digit by digit."""


def _tokens(runs: Inline) -> list[tuple[str, bool, bool]]:
    return [(t, r.bold, r.italic) for r in runs for t in TOKEN.findall(r.text)]


def _merge(runs: list[Run]) -> Inline:
    out: list[Run] = []
    for run in runs:
        if out and (out[-1].bold, out[-1].italic, out[-1].change) == (run.bold, run.italic, run.change):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        elif run.text:
            out.append(run)
    return tuple(out)


def diff_runs(old: Inline, new: Inline) -> Inline:
    """Return runs showing `old` → `new` word by word (formatting counts as part of a word)."""
    a, b = _tokens(old), _tokens(new)
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs += [Run(t, bo, it) for t, bo, it in b[j1:j2]]
        if op in ("delete", "replace"):
            runs += [Run(t, bo, it, "del") for t, bo, it in a[i1:i2]]
        if op in ("insert", "replace"):
            runs += [Run(t, bo, it, "ins") for t, bo, it in b[j1:j2]]
    return _merge(runs)


def aligned(old, new, key):
    """Yield (old item or None, new item or None) pairs: equal runs matched by `key`, changed
    stretches paired in order, and what is left over alone."""
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            yield from zip(old[i1:i2], new[j1:j2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        for k in range(max(len(olds), len(news))):
            yield (olds[k] if k < len(olds) else None, news[k] if k < len(news) else None)


def _mark_runs(runs: Inline, change: str) -> Inline:
    return tuple(replace(r, change=change) for r in runs)


def mark(block: Block, change: str) -> Block:
    """Return `block` entirely inserted or deleted."""
    if isinstance(block, (Heading, Paragraph)):
        return replace(block, runs=_mark_runs(block.runs, change), change=change)
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(replace(i, runs=_mark_runs(i.runs, change), change=change)
                                          for i in block.items))
    if isinstance(block, Table):
        return replace(block, header=tuple(_mark_runs(c, change) for c in block.header),
                       rows=tuple(tuple(_mark_runs(c, change) for c in row) for row in block.rows),
                       row_changes=tuple(change for _ in block.rows), header_change=change)
    if isinstance(block, Signatures):
        return replace(block, change=change)
    return block


def _key(block: Block):
    if isinstance(block, Heading):
        return ("H", block.level, plain(block.runs))
    if isinstance(block, Paragraph):
        return ("P", plain(block.runs))
    if isinstance(block, ListBlock):
        return ("L", tuple((i.label, plain(i.runs)) for i in block.items))
    if isinstance(block, Table):
        return ("T", tuple(plain(c) for c in block.header),
                tuple(tuple(plain(c) for c in row) for row in block.rows))
    return ("S", block.parties, block.title)


def _pair(old: Block, new: Block) -> list[Block]:
    """Merge two blocks in the same place; blocks that cannot be merged are deleted + inserted."""
    if isinstance(old, Heading) and isinstance(new, Heading) and old.level == new.level:
        return [replace(new, runs=diff_runs(old.runs, new.runs))]
    if isinstance(old, Paragraph) and isinstance(new, Paragraph):
        return [replace(new, runs=diff_runs(old.runs, new.runs))]
    if isinstance(old, ListBlock) and isinstance(new, ListBlock):
        return [replace(new, items=_merge_items(old.items, new.items))]
    if isinstance(old, Table) and isinstance(new, Table) and len(old.header) == len(new.header):
        return [_merge_tables(old, new)]
    return [mark(old, "del"), mark(new, "ins")]


def _merge_items(old: tuple[ListItem, ...], new: tuple[ListItem, ...]) -> tuple[ListItem, ...]:
    items: list[ListItem] = []
    for a, b in aligned(old, new, lambda i: (i.label, plain(i.runs))):
        if a and b and a.label == b.label:
            items.append(replace(b, runs=diff_runs(a.runs, b.runs)))
            continue
        if a:
            items.append(replace(a, runs=_mark_runs(a.runs, "del"), change="del"))
        if b:
            items.append(replace(b, runs=_mark_runs(b.runs, "ins"), change="ins"))
    return tuple(items)


def _merge_tables(old: Table, new: Table) -> Table:
    rows: list[tuple[Inline, ...]] = []
    changes: list[str] = []
    for a, b in aligned(old.rows, new.rows, lambda row: tuple(plain(c) for c in row)):
        if a and b:
            rows.append(tuple(diff_runs(x, y) for x, y in zip(a, b)))
            changes.append("")
            continue
        if a:
            rows.append(tuple(_mark_runs(c, "del") for c in a))
            changes.append("del")
        if b:
            rows.append(tuple(_mark_runs(c, "ins") for c in b))
            changes.append("ins")
    header = tuple(diff_runs(x, y) for x, y in zip(old.header, new.header))
    return replace(new, header=header, rows=tuple(rows), row_changes=tuple(changes))


def tracked_blocks(old: tuple[Block, ...], new: tuple[Block, ...]) -> tuple[Block, ...]:
    """Merge two versions of a document body into one with change marks."""
    blocks: list[Block] = []
    for a, b in aligned(old, new, _key):
        if a is not None and b is not None:
            blocks += [b] if _key(a) == _key(b) else _pair(a, b)
        elif a is not None:
            blocks.append(mark(a, "del"))
        else:
            blocks.append(mark(b, "ins"))
    return tuple(blocks)


def tracked_document(old: Document | None, new: Document | None) -> Document:
    """Return the change document: old → new (either may be None for added/removed)."""
    if old is None:
        return replace(new, blocks=tuple(mark(b, "ins") for b in new.blocks))
    if new is None:
        return replace(old, blocks=tuple(mark(b, "del") for b in old.blocks))
    return replace(new, blocks=tracked_blocks(old.blocks, new.blocks))


def write_tracked(root: Path, before, after, report) -> list[Path]:
    """Write build/endringer/<slug>.docx for every agreement whose text changed."""
    from datetime import datetime, timezone

    from ..bygging.bygg import atomic_write
    from ..skriv.docx import ChangeMarker, render_docx
    from ..tekst.dokument import text_lines
    from ..kilder import malsett
    from ..tekst.sammenstill import DOCX_TEMPLATE

    out_dir = root / "build" / "endringer"
    when = after.when or datetime.now(timezone.utc).replace(microsecond=0)
    written = []
    slugs = list(after.documents) + [s for s in before.documents if s not in after.documents]
    for slug in slugs:
        old, new = before.documents.get(slug), after.documents.get(slug)
        if old is not None and new is not None and text_lines(old) == text_lines(new):
            continue
        document = tracked_document(old, new)
        target = out_dir / f"{slug}.docx"
        atomic_write(target, render_docx(document, malsett.find(root, DOCX_TEMPLATE),
                                         marker=ChangeMarker(after.author, when)))
        written.append(target)
    return written

"""Markdown writer: the document IR as Markdown, for reading and diffing in any git host."""

from __future__ import annotations

import re

from .. import norsk
from ..tekst.dokument import (Document, Heading, Inline, ListBlock, Paragraph, Signatures, Table,
                              heading_labels)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # ~ too: GitHub reads ~~x~~ as struck out
_ENTITY = re.compile(r"&(?=[A-Za-z#][A-Za-z0-9]*;)")
_LINE_START = re.compile(r"^(\s*)([-+*#>]|\d+[.)])(?=\s|$)")
# a point's text that opens like a label («a) …») the parser would take as one (tekst.klausuler)
_LETTER_START = re.compile(r"^([a-zæøå])([.)])(?=\s)")


def escape(text: str) -> str:
    """Escape what Markdown would read as markup, and nothing else (keeps diffs readable)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return text.replace("{{", "{\\{").replace("{%", "{\\%")


def block_start(text: str) -> str:
    """Escape a line start that Markdown would read as a list item, heading or quote: «\\-»,
    and «1\\.» (a backslash before a digit escapes nothing in CommonMark: «\\1.» shows it)."""
    return _LINE_START.sub(lambda m: m.group(1) + (f"{m.group(2)[:-1]}\\{m.group(2)[-1]}"
                                                   if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)


def inline(runs: Inline) -> str:
    out = []
    for run in runs:
        text = escape(run.text).replace("\n", "  \n")
        if not text.strip():
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        core = text.strip()
        if run.bold:
            core = f"**{core}**"
        if run.italic:
            core = f"*{core}*"
        out.append(lead + core + trail)
    return "".join(out)


def render_markdown(document: Document) -> str:
    """The document as Markdown, in its written standard."""
    with norsk.written_standard(norsk.form_of(document.meta.language)):
        return _render_markdown(document)


def _render_markdown(document: Document) -> str:
    meta = document.meta
    lines = [f"# {escape(meta.title)}", "", f"*{escape(meta.subtitle)}*", "",
             f"Status: {escape(meta.status)} · Versjon {escape(meta.version)} · {escape(meta.date)}",
             ""]
    if meta.banner:
        lines += [f"**{escape(meta.banner)}**", ""]
    labels = heading_labels(document)
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            lines.append(f"{'#' * (block.level + 1)} {labels[index]}{inline(block.runs)}")
        elif isinstance(block, Paragraph):
            lines.append(block_start(inline(block.runs)))
        elif isinstance(block, ListBlock):
            # a sub-point is indented to its parent's text, as CommonMark needs («1. » is three
            # wide, «10. » four): two spaces under «1.» made «2.» start a new list
            indents = [0]
            for item in block.items:
                marker = item.label if item.label[:-1].isdigit() and item.label[-1:] in ".)" else "-"
                label = "" if marker != "-" or not item.label else f"{escape(item.label)} "
                text = inline(item.runs) if label else _LETTER_START.sub(r"\1\\\2", block_start(inline(item.runs)))
                del indents[item.level + 1:]
                indents += [indents[-1]] * (item.level + 1 - len(indents))
                lines.append(f"{' ' * indents[item.level]}{marker} {label}{text}")
                indents.append(indents[item.level] + len(marker) + 1)
        elif isinstance(block, Table):
            align = {"left": "---", "right": "---:", "center": ":---:"}
            lines.append("| " + " | ".join(inline(c) for c in block.header) + " |")
            lines.append("|" + "|".join(align[a] for a in block.align) + "|")
            for row in block.rows:
                lines.append("| " + " | ".join(inline(c) for c in row) + " |")
        elif isinstance(block, Signatures):
            for party in block.parties:
                lines.append(f"- **For {escape(party)}**: {norsk.say('sted og dato', 'stad og dato')}: "
                             f"________ underskrift: ________ ({escape(block.title)})")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"

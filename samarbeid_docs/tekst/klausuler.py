"""Clause texts: sandboxed Jinja with strict variables renders Markdown, parsed into the IR.

Values from the sources are escaped for Markdown (every ASCII punctuation character gets a
backslash) and can therefore never become markup: `Plan, miljø & geodata <kontor>` and
`{{ x }}` come out exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import (FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound,
                    TemplateSyntaxError)
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.container import container_plugin

from ..feil import InputError, error
from ..kilder import malsett
from ..norsk import number
from .dokument import (Block, Heading, Inline, ListBlock, ListItem, Paragraph, Run, Signatures, Table,
                       heading_numbers, plain)

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
_PERCENT = re.compile(r"(\d) %")
# a point, part or chapter is never parted from its number at a line's end («punkt 3», «del 2»)
_NUMBERED = re.compile(r"\b(punkt|del|kapittel) (?=\d)")
_LABEL = re.compile(r"^((?:\d+|[a-zæøå])[.)])\s+")


def md_escape(value: Any) -> Markup:
    """Return `value` as literal Markdown text (finalize hook of the Jinja environment)."""
    if isinstance(value, Markup):
        return value
    # Line breaks, tabs and runs of spaces become one space (as Markdown and HTML would show
    # them anyway); one space cannot start a code block. Non-breaking spaces are kept.
    text = _WHITESPACE.sub(" ", str(value))
    # Norwegian typography: a section sign is never left alone at the end of a line
    text = _PERCENT.sub("\\1\u00a0%", text.replace("§ ", "§\u00a0"))
    text = _NUMBERED.sub("\\1\u00a0", text)
    return Markup(_PUNCT.sub(r"\\\1", text))


_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*•+–])|(?P<number>\d{1,3})(?P<delim>[.)])"
                   r"|(?P<letter>[a-zæøå])(?P<ldelim>[.)]))[ \t]+(?=\S)")
_EMPTY_POINT = re.compile(r"^[ \t]*[-*•+–][ \t]*$")
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
_MAX_LEVEL = 2


class _Mark:
    """A line's list mark: a bullet, or a number or letter with its «.» or «)»."""

    def __init__(self, match: re.Match):
        self.end = match.end()
        self.indent = len(match.group("indent").expandtabs(4))
        self.dash = match.group("bullet") == "–"
        if match.group("bullet"):
            self.kind, self.value, self.delim = "bullet", 0, ""
        elif match.group("number"):
            self.kind, self.value, self.delim = "number", int(match.group("number")), match.group("delim")
        else:
            self.kind, self.value = "letter", _LETTERS.index(match.group("letter")) + 1
            self.delim = match.group("ldelim")

    def label(self, delim: str) -> str:
        if self.kind == "number":
            return f"{self.value}{delim}"
        return f"{_LETTERS[self.value - 1]}{delim}"


def paragraphs(value: Any) -> Markup:
    """A longer text from the sources (`{{ avtale.formal | avsnitt }}`) as Markdown blocks: an
    empty line starts a new paragraph, lines starting with «-», «*», «+» or «•» become a
    bulleted list (and with «–» in a run of at least two, or after a line ending with «:»), and lines labelled «1.», «2.» … (or «1)», «a)», «b)» …) a list with those
    labels; in YAML such a text is written with «|», which keeps its lines. A point indented
    under another is a point under it. A line under a point goes on with the point when it is
    indented, or when another point follows it; otherwise it starts a new paragraph. A point
    with no text is left out. Every piece is escaped like any other value, a point's text too
    («- 1. januar 2027: …» is a point that starts with a date), and a text of one line or one
    paragraph comes out exactly as `md_escape` gives it."""
    if isinstance(value, Markup):
        return value
    if "\n" not in str(value).strip():  # one line is one paragraph, whatever it starts with
        return md_escape(value)
    lines = [line for line in str(value).splitlines() if not _EMPTY_POINT.match(line)]
    marks, labels = _list_lines(lines)
    blocks: list[str] = []
    text: list[str] = []   # the lines of the paragraph being read
    items: list[list] = []  # the points of the list being read: [level, label, lines]
    indents: list[int] = []  # the indentation of the open point at each level
    kind = ""

    def close() -> None:
        if text:
            blocks.append(str(md_escape(" ".join(text))))
            text.clear()
        if items:
            blocks.append(_markdown_list(items))
            items.clear()
            indents.clear()

    for k, line in enumerate(lines):
        mark = marks[k] if labels[k] is not None else None
        if not line.strip():
            close()
        elif mark is not None:
            first = mark.kind + labels[k][-1:]
            if text or (items and mark.indent <= indents[0] and first != kind):
                close()
            if not items:
                indents.append(mark.indent)
                kind = first
            while len(indents) > 1 and mark.indent < indents[-1]:
                indents.pop()
            if mark.indent > indents[-1] and len(indents) <= _MAX_LEVEL:
                indents.append(mark.indent)
            indents[-1] = mark.indent if len(indents) > 1 else min(indents[0], mark.indent)
            items.append([len(indents) - 1, labels[k], [line[mark.end:]]])
        elif items and (line[:1].isspace() or _point_follows(marks, lines, labels, k, indents[0], kind)):
            items[-1][2].append(line)
        else:
            if items:
                close()
            text.append(line)
    close()
    return Markup("\n\n".join(blocks))


def _point_follows(marks: list, lines: list[str], labels: list, k: int, indent: int, kind: str) -> bool:
    """Whether a point of the same list (at `indent`, of `kind`) or one under it comes after
    line `k` before an empty line: then `k` goes on with the point above it, though it is not
    indented («Dette gjelder alle.» before «1. …» after a bulleted list is a paragraph)."""
    for j in range(k + 1, len(lines)):
        if not lines[j].strip():
            return False
        if labels[j] is not None:
            return marks[j].indent > indent or marks[j].kind + labels[j][-1:] == kind
    return False


def _markdown_list(items: list[list]) -> str:
    """The points as a Markdown list, each point's text escaped: a bullet «- », a numbered
    point «1. » or «1) » (a list of its own in Markdown, which `_list` numbers), a point with a
    letter «- a) » (the label the parser reads from a point's text)."""
    out, offsets = [], [0]
    for level, label, lines in items:
        del offsets[level + 1:]
        body = str(md_escape(" ".join(lines)))
        if not label:
            marker = "-"
        elif label[:-1].isdigit():
            marker = label
        else:
            marker, body = "-", f"{label} {body}"
        out.append(" " * offsets[level] + f"{marker} {body}")
        offsets.append(offsets[level] + len(marker) + 1)
    return "\n".join(out)


def _list_lines(lines: list[str]) -> tuple[list, list]:
    """Each line's list mark, and for each line that opens a point its label («» for a bullet,
    None for a line that is not a point). Every line with «-», «*», «+» or «•» opens a point;
    a line with «–», which can also open a wrapped line of a sentence, only in a run of at
    least two at the same indentation (the dashes Word puts before points, pasted into the
    sources), or after a line ending with «:». A number or a letter opens a point only in a run
    of at least two that count on (3., 4., 5. or a), b)), at the same indentation, so that a
    sentence opening with a date («12. mai 2016 vedtok …») stays a sentence. The run's labels
    all take the first one's «.» or «)»."""
    marks = [_Mark(m) if (m := _ITEM.match(line)) else None for line in lines]
    labels: list = ["" if mark and mark.kind == "bullet" and not mark.dash else None for mark in marks]
    i = 0
    while i < len(lines):
        first = marks[i]
        if first is None or labels[i] is not None or (first.kind == "bullet" and not first.dash):
            i += 1
            continue
        run = [i]
        for j in range(i + 1, len(lines)):
            mark = marks[j]
            if not lines[j].strip():
                break
            if mark is None or mark.indent > first.indent:
                continue  # a point's next line, or a point under it
            if mark.indent < first.indent or mark.kind != first.kind or \
                    mark.dash != first.dash or (not first.dash and mark.value != first.value + len(run)):
                break
            run.append(j)
        if len(run) >= 2 or (first.dash and i and lines[i - 1].rstrip().endswith(":")):
            for k in run:
                labels[k] = "" if first.dash else marks[k].label(first.delim)
        i += 1
    return marks, labels


class OutsideTemplate(TemplateError):
    """A template that is a link to a file outside the template folder."""

    def __init__(self, name: str, target: Path):
        super().__init__(f"«{name}» er en lenke til {target}, som er utenfor maler/; bare filer "
                         "i prosjektet leses. Erstatt lenken med en vanlig fil")


class _TypographyLoader(FileSystemLoader):
    """Loads clause templates with a non-breaking space after § (Norwegian typography), and
    only from inside the template folder: a symbolic link out of it is refused."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            raise OutsideTemplate(template, real)
        source = _NUMBERED.sub("\\1\u00a0", source.replace("§ ", "§\u00a0"))
        return source, filename, uptodate


def make_environment(root: Path, filters: dict[str, Any], form: str = "bokmål") -> SandboxedEnvironment:
    """The clause templates of the project at `root` in the written standard `form`: its own
    maler/ first, then the built-in."""
    env = SandboxedEnvironment(
        loader=_TypographyLoader([str(folder) for folder in malsett.folders(root, form)]),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    env.filters["avsnitt"] = paragraphs
    env.globals["malform"] = form
    env.globals["punkt"] = reference
    return env


REFERENCE = re.compile("⟦punkt:([^⟧]*)⟧")


def reference(title: str) -> Markup:
    """`{{ punkt("Tvister") }}` in a clause: «punkt 18», the number of the heading titled so in
    the finished document (numbers are known only once every clause is in). A heading the
    document lacks is named instead: «punktet om tvister»."""
    return Markup(f"⟦punkt:{' '.join(str(title).split())}⟧")


def _resolve_references(blocks: list[Block]) -> tuple[Block, ...]:
    """Each `reference` marker in the text replaced by the number of its heading."""
    numbers = heading_numbers(tuple(blocks))
    found: dict[str, str] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            found.setdefault(" ".join(plain(block.runs).split()).casefold(), numbers[index])

    def text(value: str) -> str:
        return REFERENCE.sub(lambda m: f"punkt\u00a0{found[m.group(1).casefold()]}"
                             if m.group(1).casefold() in found else f"punktet om {m.group(1).lower()}",
                             value)

    def runs(inline: Inline) -> Inline:
        return tuple(replace(r, text=text(r.text)) if "⟦" in r.text else r for r in inline)

    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = replace(block, runs=runs(block.runs))
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(replace(i, runs=runs(i.runs)) for i in block.items))
        elif isinstance(block, Table):
            block = replace(block, header=tuple(runs(c) for c in block.header),
                            rows=tuple(tuple(runs(c) for c in row) for row in block.rows))
        out.append(block)
    return tuple(out)


def template_closure(env: SandboxedEnvironment, name: str) -> list[str]:
    """Return `name` and every template it includes, directly or indirectly."""
    from jinja2 import meta
    seen: list[str] = []
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        try:
            source = env.loader.get_source(env, current)[0]
            todo += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
        except TemplateError:
            continue  # rendering reports missing or broken templates with their location
    return sorted(seen)


def render_markdown(env: SandboxedEnvironment, template: str, context: dict[str, Any],
                    root: Path) -> str:
    """Render `template` to Markdown; template faults become located InputErrors."""
    try:
        text = env.get_template(template).render(context)
    except RecursionError as exc:
        shown, line = _location_from_traceback(exc, root, template)
        raise InputError("Feil i en klausulmal.", [error(
            shown, "malen tar med seg selv uten ende (en include eller en makro som kaller seg "
                   "selv); fjern kallet som går i ring", line=line)]) from None
    except (OverflowError, MemoryError) as exc:
        shown, line = _location_from_traceback(exc, root, template)
        raise InputError("Feil i en klausulmal.", [error(
            shown, "malen ber om mer enn en avtale kan inneholde (for eksempel en løkke over "
                   "range() med over 100 000 runder); gjør den mindre", line=line)]) from None
    except TemplateSyntaxError as exc:
        shown = _shown(exc.filename, root, template)
        raise InputError("Feil i en klausulmal.", [error(
            shown, f"feil i malsyntaksen: {exc.message}", line=exc.lineno)]) from None
    except OutsideTemplate as exc:
        shown, line = _location_from_traceback(exc, root, template)
        raise InputError("Feil i en klausulmal.", [error(shown, str(exc), line=line)]) from None
    except TemplateNotFound as exc:
        shown, line = _location_from_traceback(exc, root, template)
        if env.globals.get("malform") == "nynorsk":
            raise InputError("Feil i en klausulmal.", [error(
                shown, f"malen «{exc.name}» finnes ikke på nynorsk (maler/nn/{exc.name}); skriv "
                       "den på nynorsk der, eller sett «målform: bokmål»", line=line)]) from None
        raise InputError("Feil i en klausulmal.", [error(
            shown, f"fant ikke malen «{exc.name}» i maler/; en mal kan bare ta med filer i "
                   "maler/ (ikke stier som går ut av mappen)", line=line)]) from None
    except UndefinedError as exc:
        shown, line = _location_from_traceback(exc, root, template)
        raise InputError("Feil i en klausulmal.", [error(
            shown, f"malen bruker en verdi som ikke finnes ({exc.message}); sjekk stavemåten",
            line=line)]) from None
    except TemplateError as exc:
        shown, line = _location_from_traceback(exc, root, template)
        raise InputError("Feil i en klausulmal.", [error(
            shown, f"malen kunne ikke fylles ut: {exc}", line=line)]) from None
    if len(text) > MAX_RENDERED:
        raise InputError("Feil i en klausulmal.", [error(
            _shown(None, root, template), f"malen gir {number(len(text))} tegn tekst, mer enn en "
            f"avtale kan inneholde (høyst {number(MAX_RENDERED)}); finn malen som gjentar tekst, "
            "og gjør den mindre")])
    return text


MAX_RENDERED = 2_000_000
"""The most text one document's templates may give: the longest real agreement is some 30 000
characters, and a template that repeats text without end would fill the memory."""


def _shown(filename: str | None, root: Path, template: str) -> str:
    return malsett.shown(root, Path(filename) if filename else malsett.find(root, template))


def _location_from_traceback(exc: Exception, root: Path, template: str):
    """Return (shown file, line) of the innermost template frame; Jinja rewrites tracebacks so
    template frames carry the template's file name and line."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return _shown(found[0], root, template), found[1]


# -- Markdown → IR ----------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
_MD.use(container_plugin, name="signaturer")


def parse(markdown: str) -> tuple[Block, ...]:
    """Parse clause Markdown into IR blocks."""
    tokens = _MD.parse(markdown)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            blocks.append(Heading(int(tok.tag[1]), _inline(tokens[i + 1])))
            i += 3
        elif tok.type == "paragraph_open":
            blocks.append(Paragraph(_inline(tokens[i + 1])))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            i, block = _list(tokens, i)
            blocks.append(block)
        elif tok.type == "table_open":
            i, block = _table(tokens, i)
            blocks.append(block)
        elif tok.type == "container_signaturer_open":
            i, block = _signatures(tokens, i)
            blocks.append(block)
        elif tok.type in ("code_block", "fence") and tok.content.strip():
            # indented or fenced text in a clause is shown as a plain paragraph, never dropped
            blocks.append(Paragraph((Run(" ".join(tok.content.split())),)))
            i += 1
        else:
            i += 1
    if "⟦punkt:" in markdown:
        return _resolve_references(blocks)
    return tuple(blocks)


def _inline(token: Token) -> Inline:
    runs: list[Run] = []
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold, italic))
        elif child.type == "softbreak":
            runs.append(Run(" ", bold, italic))
        elif child.type == "hardbreak":
            runs.append(Run("\n", bold, italic))
        elif child.type == "image":
            runs.append(Run(child.content, bold, italic))
    return _merge(runs)


def _merge(runs: list[Run]) -> Inline:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def _list(tokens: list[Token], i: int) -> tuple[int, ListBlock]:
    """A Markdown list, with the lists inside it, as one ListBlock: each point has its level,
    and a point of a numbered list its number as a label («3.», «1)»); a point of a bulleted list
    whose text opens with a label written in the clause («- a) …») has that label."""
    ordered = tokens[i].type == "ordered_list_open"
    counters: list[int | None] = []  # for each open list, the number of its next point
    items: list[ListItem] = []
    pending = ""
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "ordered_list_open":
            counters.append(int(tok.attrGet("start") or 1))
        elif tok.type == "bullet_list_open":
            counters.append(None)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
            if not counters:
                return i + 1, ListBlock(tuple(items), ordered)
        elif tok.type == "list_item_open" and counters and counters[-1] is not None:
            pending = f"{counters[-1]}{tok.markup}"
            counters[-1] += 1
        elif tok.type == "inline":
            runs, label, pending = _inline(tok), pending, ""
            # a label written in a clause («- a) …»), not one escaped in a value («a\\) …»)
            if not label and runs and _LABEL.match(tok.content) and (m := _LABEL.match(runs[0].text)):
                label = m.group(1)
                runs = (Run(runs[0].text[m.end():], runs[0].bold, runs[0].italic),) + runs[1:]
            items.append(ListItem(runs, label, max(len(counters) - 1, 0)))
        i += 1
    return i, ListBlock(tuple(items), ordered)


def _table(tokens: list[Token], i: int) -> tuple[int, Table]:
    header: list[Inline] = []
    rows: list[list[Inline]] = []
    align: list[str] = []
    in_head = False
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open" and not in_head:
            rows.append([])
        elif tok.type in ("th_open", "td_open"):
            style = tok.attrGet("style") or ""
            cell = _inline(tokens[i + 1])
            if in_head:
                header.append(cell)
                align.append("right" if "right" in style else
                             "center" if "center" in style else "left")
            else:
                rows[-1].append(cell)
        i += 1
    return i + 1, Table(tuple(header), tuple(tuple(r) for r in rows), tuple(align))


def _signatures(tokens: list[Token], i: int) -> tuple[int, Signatures]:
    parties: list[str] = []
    title = "ordfører"
    while tokens[i].type != "container_signaturer_close":
        tok = tokens[i]
        if tok.type == "container_signaturer_open":
            info = tok.info.strip().removeprefix("signaturer").strip()
            title = info or title
        if tok.type == "inline":
            parties.append("".join(r.text for r in _inline(tok)))
        i += 1
    return i + 1, Signatures(tuple(parties), title)

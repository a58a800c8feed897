"""Load YAML sources safely, keeping the line and column of every value.

Only the plain JSON-like subset is accepted: mappings, sequences and scalars. Plain scalars are
resolved the YAML 1.2 way (``true``/``false``, ``null``, decimal integers and numbers); ``no``,
``on``, ``012`` and dates stay strings, so nothing changes type behind the user's back. Aliases
are refused (no alias bombs), and so are duplicate keys (PyYAML would keep the last silently).
"""

from __future__ import annotations

import re
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..feil import Problem, error, os_reason

MAX_BYTES = 2_000_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
# control characters (C0, DEL and C1), surrogates and non-characters, and the invisible marks that
# change the reading direction or break a line where no editor shows it: in a text to be adopted
# they could make the words read differently from what they are
_NOT_IN_DOCUMENTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                               "\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _NoAliasComposer(Composer):
    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(event.start_mark)
        return super().compose_node(parent, index)


class _AliasRefused(Exception):
    def __init__(self, mark):
        super().__init__("alias")
        self.mark = mark


class _Loader(Reader, Scanner, Parser, _NoAliasComposer, BaseResolver):
    """Composes a node tree only; no implicit type resolution, no Python objects."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        BaseResolver.__init__(self)


@dataclass
class Source:
    """A loaded YAML file: its plain data and where each value stood.

    Where each value stood is needed only for a message, so it is not kept: the text is
    (compressed), and the positions are found again from it the first time a message asks.
    In a project of 3000 areas they took 21 MB that a build without faults never read."""

    path: Path
    shown: str
    data: Any
    packed: bytes | None = field(default=None, repr=False)  # the text, compressed (zlib)
    located: tuple[dict, dict] | None = field(default=None, repr=False)
    # texts written on several lines without «|» where a line that starts like a point in a list
    # was joined to the line above it: (where the value is, line of that point, how it is written)
    folded_lists: list[tuple[Path_, int, str]] = field(default_factory=list, repr=False)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        return self._located()[0]

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        return self._located()[1]

    def _located(self) -> tuple[dict, dict]:
        if self.located is None:
            text = zlib.decompress(self.packed).decode("utf-8") if self.packed is not None else None
            self.located = (loads(text, self.shown, self.path, keep_positions=True).located
                            if text is not None else ({}, {}))
        return self.located

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Return (line, column) of the value at `path`, or of its nearest located parent."""
        for table in (self.positions, self.key_positions):
            if path in table:
                return table[path]
        while path:
            path = path[:-1]
            if path in self.positions:
                return self.positions[path]
        return (None, None)

    def key_where(self, path: Path_) -> tuple[int | None, int | None]:
        """Return (line, column) of the key that names `path` (falls back to the value)."""
        if path in self.key_positions:
            return self.key_positions[path]
        return self.where(path)


class LoadError(Exception):
    """Raised with the problems that stopped a file from loading."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


_YAML_MESSAGES = [
    ("found character '\\t' that cannot start any token",
     "tabulator brukt til innrykk; YAML krever mellomrom"),
    ("mapping values are not allowed here",
     "kolon på feil sted; sett verdien i anførselstegn hvis den inneholder ': '"),
    ("could not find expected ':'", "mangler ':' etter en nøkkel"),
    ("found undefined alias", "ukjent alias"),
    ("did not find expected key", "innrykket stemmer ikke med linjene over"),
    ("found unexpected end of stream", "filen slutter midt i en verdi (mangler et avsluttende tegn?)"),
    ("did not find expected node content", "mangler en verdi"),
    ("found unknown escape character", "ukjent escape-tegn i tekst med doble anførselstegn"),
    ("expected a single document", "filen inneholder flere YAML-dokumenter (---); bruk bare ett"),
    ("control characters are not allowed", "filen inneholder kontrolltegn som ikke er tillatt"),
]


# PyYAML's messages with a part that varies: (pattern, Norwegian with {0} for the part)
_YAML_PATTERNS = [
    (re.compile(r"expected ',' or '\]', but got '?([^']*)'?"),
     "listen er ikke avsluttet: mangler ']' eller et komma (fant {0})"),
    (re.compile(r"expected ',' or '\}', but got '?([^']*)'?"),
     "oppslaget er ikke avsluttet: mangler '}}' eller et komma (fant {0})"),
    (re.compile(r"found character '(.+)' that cannot start any token"),
     "tegnet {0} kan ikke stå først i en verdi; sett verdien i anførselstegn"),
    (re.compile(r"expected <block end>, but found '<scalar>'"),
     "en verdi fortsetter etter at den er avsluttet (for eksempel tekst etter et avsluttende "
     "anførselstegn); sett hele verdien i anførselstegn, eller sjekk innrykket"),
    (re.compile(r"expected <block end>, but found '([^']*)'"),
     "innrykket stemmer ikke med linjene over (fant {0})"),
    (re.compile(r"found duplicate anchor"), "samme anker (&navn) står to ganger"),
    (re.compile(r"expected alphabetic or numeric character"),
     "ugyldig navn etter & eller * (YAML-anker eller -alias); sett verdien i anførselstegn"),
    (re.compile(r"expected <document start>"), "filen har tekst etter slutten av YAML-dokumentet"),
    (re.compile(r"found unexpected ':'"), "kolon på feil sted; sett verdien i anførselstegn"),
    (re.compile(r"expected a comment or a line break"),
     "ugyldig tegn etter | eller > (blokktekst); start teksten på neste linje"),
    (re.compile(r"found a tab character"), "tabulator brukt til innrykk; YAML krever mellomrom"),
    (re.compile(r"expected chomping or indentation indicators"),
     "ugyldig tegn etter | eller > (blokktekst); start teksten på neste linje"),
]


def _translate(problem: str | None) -> str:
    """PyYAML's problem in Norwegian; never its English words."""
    text = problem or ""
    for english, norwegian in _YAML_MESSAGES:
        if english in text:
            return norwegian
    for pattern, norwegian in _YAML_PATTERNS:
        found = pattern.search(text)
        if found:
            got = found.group(1) if found.groups() else ""
            got = {"<stream end>": "slutten av filen", "<scalar>": "en verdi",
                   "<block mapping start>": "en ny nøkkel"}.get(got, f"«{got}»")
            return norwegian.format(got)
    return ("YAML-teksten kan ikke leses her; sjekk tegnsetting, anførselstegn og innrykk på "
            "linjen")


_NO_SPACE = re.compile(r"^(\s*(?:- )?)([^\s:#'\"][^\s:]*):(\S.*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _closer_look(text: str, problem: str, message: str, line: int, column: int | None):
    """A better message, and line, for two mistakes PyYAML names from where it noticed them:
    a key with no space after its colon («vertskommune:vaga», read as one word, reported on the
    line after it), and a key indented one step off («   beløp:» under «  år:», reported as a
    colon in the wrong place, and the fix it suggests would be wrong)."""
    lines = text.split("\n")
    before = [n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and
              not lines[n - 1].lstrip().startswith("#")]
    if "could not find expected ':'" in problem:
        for n in ([line] if line <= len(lines) else []) + before[:1]:
            found = _NO_SPACE.match(lines[n - 1])
            if found and not found.group(3).startswith("//"):  # «- https://…» is a value, not a key
                key, value = found.group(2), found.group(3)
                return (f"mangler mellomrom etter kolonet i «{key}:{value}»; skriv «{key}: {value}»",
                        n, len(found.group(1)) + len(key) + 1)
    if "mapping values are not allowed here" in problem and before and line <= len(lines):
        here, above = lines[line - 1], lines[before[0] - 1]
        if (_indent(here) > _indent(above) and not above.rstrip().endswith(":")
                and not above.lstrip().startswith("- ") and ":" in above):
            return (f"innrykket stemmer ikke med linjen over: denne linjen er rykket inn "
                    f"{_indent(here)} mellomrom, linjen over {_indent(above)}; nøkler på samme nivå "
                    "skal stå like langt inn", line, 1)
    return message, line, column


def load(path: Path, shown: str | None = None, root: Path | None = None) -> Source:
    """Read and compose `path`; raise LoadError with located problems on any fault. With the
    project's `root`, a file that is a link out of the project is refused, not read."""
    shown = shown or str(path)
    if root is not None:
        from .rot import link_message, outside_link
        target = outside_link(root, path)
        if target is not None:
            raise LoadError([error(shown, link_message(target), line=1)])
    try:
        facts = path.stat()
        if not stat.S_ISREG(facts.st_mode):  # a named pipe or a device would be read without end
            raise LoadError([error(shown, "er ikke en vanlig fil (men for eksempel en navngitt "
                                          "pipe eller en enhet); erstatt den med en YAML-fil")])
        raw = b"" if facts.st_size > MAX_BYTES else path.read_bytes()
    except OSError as exc:
        raise LoadError([error(shown, f"kan ikke lese filen: {os_reason(exc)}")]) from None
    if facts.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
        size = max(facts.st_size, len(raw))
        raise LoadError([error(shown, f"filen er for stor ({size} byte, høyst {MAX_BYTES}); "
                                      "en avtale skal være noen få kilobyte")])
    if b"\x00" in raw:
        raise LoadError([error(shown, "filen er binær (inneholder NUL-byte), ikke YAML-tekst")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError([error(shown, "filen er ikke UTF-8; lagre den som UTF-8 i editoren",
                               line=line)]) from None
    text = text.removeprefix("\ufeff")
    return loads(text, shown, path)


TOO_DEEP = ("filen er nøstet for dypt (for mange lister eller oppslag inni hverandre); en "
            "avtalefil har bare noen få nivåer")


def _nfc(text: str) -> str:
    """One spelling of every letter: «å» typed as a + combining ring becomes «å» (NFC)."""
    import unicodedata
    return unicodedata.normalize("NFC", text)


def loads(text: str, shown: str, path: Path | None = None, keep_positions: bool = False) -> Source:
    """Compose YAML `text` (named `shown` in messages) into a Source; its positions are found
    again when asked for, unless `keep_positions`."""
    text = _nfc(text)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise LoadError([error(shown, f"filen inneholder tegnet U+{exc.character:04X}, som ikke er "
                                      "tillatt i YAML; fjern det", line=line, column=column)]) from None
    try:
        node = loader.get_single_node()
    except _AliasRefused as exc:
        raise LoadError([error(shown, "YAML-aliaser (*navn) er ikke tillatt; skriv verdien ut",
                               line=exc.mark.line + 1, column=exc.mark.column + 1)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        said = " ".join(part for part in (exc.context, exc.problem) if part)
        message = _translate(said)
        if line is not None:
            message, line, column = _closer_look(text, exc.problem or "", message, line, column)
        raise LoadError([error(shown, message, line=line, column=column)]) from None
    except yaml.YAMLError as exc:
        raise LoadError([error(shown, _translate(str(exc)))]) from None
    except RecursionError:
        raise LoadError([error(shown, TOO_DEEP)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise LoadError([error(shown, "filen er tom; se README.md for hva en avtalefil skal inneholde")])
    # positions are recorded only when asked for: never made is what keeps the memory down
    source = Source(path or Path(shown), shown, None, packed=zlib.compress(text.encode("utf-8"), 1),
                    located=({}, {}) if keep_positions else None)
    problems: list[Problem] = []
    try:
        source.data = _convert(node, (), source, problems, keep_positions)
    except RecursionError:
        raise LoadError([error(shown, TOO_DEEP)]) from None
    if problems:
        if not keep_positions:  # the messages are made again, with every position known
            return loads(text, shown, path, keep_positions=True)
        raise LoadError(problems)
    return source


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: Node, path: Path_, source: Source, problems: list[Problem],
             record: bool = True) -> Any:
    if record:
        source.positions[path] = _mark(node)
    if node.tag not in _PLAIN_TAGS:
        line, column = _mark(node)
        problems.append(error(source.shown, f"YAML-taggen {node.tag!r} er ikke tillatt",
                              line=line, column=column, key=key_text(path)))
        return None
    if isinstance(node, ScalarNode):
        if node.style != "|":
            folded = _folded_list_line(node)
            if folded is not None:
                source.folded_lists.append((path, *folded))
        bad = _NOT_IN_DOCUMENTS.search(node.value)
        if bad:
            line, column = _mark(node)
            problems.append(error(source.shown, f"teksten inneholder tegnet U+{ord(bad.group()):04X}, "
                                                "som ikke kan stå i et dokument; fjern det",
                                  line=line, column=column, key=key_text(path)))
            return node.value
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_convert(child, path + (i,), source, problems, record) for i, child in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line, column = _mark(key_node)
        if not isinstance(key_node, ScalarNode):
            problems.append(error(source.shown, "en nøkkel må være en enkel tekst",
                                  line=line, column=column, key=key_text(path)))
            continue
        key = key_node.value
        if key in result:
            if not record:  # said when loaded again with positions
                problems.append(error(source.shown, "nøkkelen står to ganger"))
                continue
            first = source.key_positions[path + (key,)][0]
            problems.append(error(source.shown, f"nøkkelen '{key}' står to ganger (første gang på "
                                                f"linje {first}); slett den ene",
                                  line=line, column=column, key=key_text(path)))
            continue
        if record:
            source.key_positions[path + (key,)] = (line, column)
        result[key] = _convert(value_node, path + (key,), source, problems, record)
    return result


_FOLDED_BREAK = re.compile(r"(?<!\n)\n(?=[^ \t\n])")
_LIST_LINE = re.compile(r"[ \t]*(?:([-*•+])|(\d{1,3}|[a-zæøå])[.)])[ \t]+\S")
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


def _counted(label: str) -> int:
    return int(label) if label.isdigit() else _LETTERS.index(label) + 1000


def _folded_list_line(node: ScalarNode) -> tuple[int, str] | None:
    """The line (from 1) of the first line in the text `node`, written on several lines without
    «|» (with «>» or «>-», in quotes, or plain), that starts like a point in a list («- », or
    «1. » or «a) » with its neighbour «2. » or «b) » in the text) and that YAML joins to the line
    above it: the list the writer meant is gone from the value. With it, how the text is
    written, for the message. A blank line, or a line indented more than the text in a «>» text,
    keeps the break, as YAML does; «1. januar» opening a wrapped line of a sentence is no list."""
    start, end = node.start_mark, node.end_mark
    if start.buffer is None or start.line == end.line:
        return None
    lines = start.buffer[start.index:end.index].split("\n")
    header = lines.pop(0)  # the «>-» line, or the text's first line
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    if not indents:
        return None
    base = min(indents)
    counted = {_counted(m.group(2)) for m in map(_LIST_LINE.match, lines) if m and m.group(2)}
    # the indentation of the line above, None after a blank line or the «>-» line
    previous = None if node.style == ">" else base
    for offset, line in enumerate(lines, start=1):
        if not line.strip():
            previous = None
            continue
        indent = len(line) - len(line.lstrip(" "))
        mark = _LIST_LINE.match(line)
        if previous == base and indent == base and mark and (
                mark.group(1) or _counted(mark.group(2)) + 1 in counted or _counted(mark.group(2)) - 1 in counted):
            how = {">": f"med «{header.split('#')[0].strip()}»", None: "uten «|»"}.get(node.style, "i anførselstegn")
            return start.line + 1 + offset, how
        if node.style == ">" or indent <= base:
            previous = indent
    return None


def _scalar(node: ScalarNode) -> Any:
    value = node.value
    if node.style == ">" or (node.style != "|" and node.start_mark.line != node.end_mark.line):
        # in a text written on several lines without «|» (folded, quoted or plain), a line break
        # is left only where the writer left a blank line (or, with «>», indented a line more):
        # a new paragraph, written as Markdown writes one
        return _FOLDED_BREAK.sub("\n\n", value)
    if node.style is not None:
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def key_text(path: Path_) -> str:
    """Return a key path as users read it: ``deltakere[2].navn``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out

"""The document IR: what every writer (DOCX, Markdown, HTML) consumes.

Clause texts are Markdown; `tekst.py` parses them into these blocks. A writer never sees
Markdown or Jinja, and the text of a document is the same whatever the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    change: str = ""  # "" | "ins" | "del": a tracked change (only in a change document)


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    runs: Inline
    change: str = ""  # the paragraph itself inserted or deleted


@dataclass(frozen=True)
class Paragraph:
    runs: Inline
    change: str = ""


@dataclass(frozen=True)
class ListItem:
    runs: Inline
    label: str = ""
    level: int = 0
    change: str = ""


@dataclass(frozen=True)
class ListBlock:
    """A bullet list (`ordered` False) or a list with written labels: '1.', 'a)'."""

    items: tuple[ListItem, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: tuple[str, ...]
    row_changes: tuple[str, ...] = ()  # per body row: "", "ins" or "del"
    header_change: str = ""

    @property
    def has_total_row(self) -> bool:
        """A last row whose first cell is bold is shown as a totals row."""
        return bool(self.rows) and bool(self.rows[-1][0]) and all(r.bold for r in self.rows[-1][0])


@dataclass(frozen=True)
class Signatures:
    """One signature field per party: place and date, signature line, title."""

    parties: tuple[str, ...]
    title: str = "ordfører"
    change: str = ""


Block = Heading | Paragraph | ListBlock | Table | Signatures


@dataclass(frozen=True)
class Meta:
    """Document-level facts shown in the title block, header and document properties."""

    title: str
    subtitle: str
    status: str
    version: str
    date: str
    date_iso: str
    parties: tuple[str, ...]
    subject: str
    keywords: str = ""
    draft: bool = False
    banner: str = ""
    language: str = "nb-NO"  # nb-NO (bokmål) or nn-NO (nynorsk): the document's written standard
    # when the document was made from its sources (ISO 8601, UTC): the document properties'
    # and the PDF's dates; never the agreement's own date, which stays in the text
    made_iso: str = ""

    @property
    def header(self) -> str:
        """The page header: (UTKAST ·) title · status · version · date."""
        if self.draft:  # «UTKAST» says what the status «Utkast» would say again
            status = "" if self.status == "Utkast" else f" · {self.status}"
            return f"UTKAST · {self.title}{status} · versjon {self.version} · {self.date}"
        return f"{self.title} · {self.status} · versjon {self.version} · {self.date}"


# Case papers and letters have headings without numbers, as Norwegian case papers do: their
# numbered lists (the proposed resolution, the appendices) are what a council refers to.
UNNUMBERED = frozenset({"sak", "melding"})


@dataclass(frozen=True)
class Document:
    slug: str
    meta: Meta
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    kind: str = ""

    @property
    def numbered(self) -> bool:
        """Whether the headings carry numbers (1, 1.1, …): agreements do, case papers do not."""
        return self.kind not in UNNUMBERED


def heading_labels(doc: "Document") -> dict[int, str]:
    """Each heading's text prefix by block index: «1 », «1.1 » … in a numbered document, ''
    in one without numbers."""
    if not doc.numbered:
        return {i: "" for i, b in enumerate(doc.blocks) if isinstance(b, Heading)}
    return {i: f"{n} " for i, n in heading_numbers(doc.blocks).items()}


def plain(runs: Inline) -> str:
    return "".join(r.text for r in runs)


def text_lines(doc: Document) -> list[str]:
    """Return the document as plain text lines: the basis of golden tests and checks."""
    lines = [doc.meta.title, doc.meta.subtitle,
             f"{doc.meta.status} · versjon {doc.meta.version} · {doc.meta.date}"]
    lines += [doc.meta.banner, ""] if doc.meta.banner else [""]
    labels = heading_labels(doc)
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            lines += [f"{labels[index]}{plain(block.runs)}"]
        elif isinstance(block, Paragraph):
            lines += [plain(block.runs)]
        elif isinstance(block, ListBlock):
            for item in block.items:
                label = item.label or "-"
                lines += ["  " * item.level + f"{label} {plain(item.runs)}"]
        elif isinstance(block, Table):
            lines += [" | ".join(plain(c) for c in block.header)]
            lines += [" | ".join(plain(c) for c in row) for row in block.rows]
        elif isinstance(block, Signatures):
            for party in block.parties:
                place = "Stad og dato" if doc.meta.language == "nn-NO" else "Sted og dato"
                lines += [f"For {party}: {place} ____ Underskrift ____ ({block.title})"]
        lines.append("")
    return lines


def heading_numbers(blocks: tuple[Block, ...]) -> dict[int, str]:
    """Return '1', '1.1', … for each heading, as Word's heading numbering shows them."""
    counters: list[int] = []
    numbers: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            del counters[block.level:]
            counters += [0] * (block.level - len(counters))
            counters[block.level - 1] += 1
            numbers[index] = ".".join(str(c) for c in counters)
    return numbers

"""HTML writer: the document IR as an accessible HTML fragment (headings, lists, tables)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import norsk
from ..tekst.dokument import (Block, Document, Heading, Inline, ListBlock, Paragraph, Signatures, Table,
                              heading_numbers, plain)


def inline(runs: Inline) -> Markup:
    out = Markup("")
    for run in runs:
        text = escape(run.text).replace("\n", Markup("<br>"))
        if run.bold:
            text = Markup("<strong>%s</strong>") % text
        if run.italic:
            text = Markup("<em>%s</em>") % text
        out += text
    return out


def render_body(document: Document, first_level: int = 2) -> Markup:
    """Return the document's body; its level-1 headings become <h{first_level}>."""
    with norsk.written_standard(norsk.form_of(document.meta.language)):
        return _render_body(document, first_level)


def _render_body(document: Document, first_level: int) -> Markup:
    return render_blocks(document.blocks, first_level)


def render_blocks(blocks: tuple[Block, ...], first_level: int = 2) -> Markup:
    """Return the blocks as HTML (a document's body, or a text from the sources)."""
    numbers = heading_numbers(blocks)
    parts: list[Markup] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            level = min(6, block.level + first_level - 1)
            anchor = f"punkt-{numbers[index].replace('.', '-')}"
            parts.append(Markup('<h%d id="%s"><span class="nr">%s</span> %s</h%d>')
                         % (level, anchor, numbers[index], inline(block.runs), level))
        elif isinstance(block, Paragraph):
            parts.append(Markup("<p>%s</p>") % inline(block.runs))
        elif isinstance(block, ListBlock):
            parts.append(_list(block))
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Signatures):
            fields = Markup("").join(
                Markup('<div class="signatur"><p><strong>For %s</strong></p><p>%s:</p>'
                       '<p class="linje" aria-hidden="true"></p><p>%s</p></div>')
                % (party, norsk.say("Sted og dato", "Stad og dato"), block.title)
                for party in block.parties)
            parts.append(Markup('<div class="signaturer">%s</div>') % fields)
    return Markup("\n").join(parts)


def _list(block: ListBlock) -> Markup:
    """The list, a point under a point as a list inside its <li>, so that a screen reader tells
    the levels; in a list with labels, which shows no bullets, a point without one gets «•»."""
    labelled = any(item.label for item in block.items)
    opening = Markup('<ul class="etiketter">') if labelled else Markup("<ul>")
    out = [opening]
    depth = -1  # the level of the open <li>, -1 before the first
    for item in block.items:
        level = min(item.level, depth + 1)  # a point is at most one level under the one above
        if level > depth and depth >= 0:
            out.append(opening)  # inside the open <li>
        else:
            out.append(Markup("</li>") if depth >= 0 else Markup(""))
            out += [Markup("</ul></li>")] * (depth - level)
        depth = level
        label = Markup('<span class="etikett">%s</span> ') % (item.label or "•") if labelled else ""
        out.append(Markup("<li>%s%s") % (label, inline(item.runs)))
    out.append(Markup("</li>") + Markup("</ul></li>") * depth + Markup("</ul>"))
    return Markup("").join(out)


def _table(block: Table) -> Markup:
    """A table in a region that scrolls sideways when it is too wide. A table of three columns
    or more is marked «bred»: on a phone (stil.css) each row is then shown as a block with
    each cell under its column's name (`data-kolonne`), since a reader who has to scroll
    sideways does not see that the last columns are there. The ARIA roles keep it a table to
    a screen reader when the style changes how it is drawn."""
    def cls(i):
        return Markup(' class="tall"') if block.align[i] == "right" else Markup("")
    names = [plain(c) for c in block.header]
    head = Markup("").join(Markup('<th scope="col" role="columnheader"%s>%s</th>') % (cls(i), inline(c))
                           for i, c in enumerate(block.header))
    rows = []
    for row in block.rows:
        total = block.has_total_row and row is block.rows[-1]
        cells = [Markup('<th scope="row" role="rowheader"%s>%s</th>') % (cls(0), inline(row[0]))]
        cells += [Markup('<td role="cell" data-kolonne="%s"%s>%s</td>') % (names[i], cls(i), inline(c))
                  for i, c in enumerate(row) if i]
        rows.append(Markup('<tr role="row"%s>%s</tr>') % (Markup(' class="sum"') if total else "",
                                                          Markup("").join(cells)))
    caption = "Tabell: " + ", ".join(names)
    wide = Markup(" bred") if len(names) >= 3 else Markup("")
    return Markup('<div class="tabell%s" tabindex="0" role="region" aria-label="%s"><table role="table">'
                  '<caption class="skjult">%s</caption><thead role="rowgroup"><tr role="row">%s</tr></thead>'
                  '<tbody role="rowgroup">%s</tbody></table></div>') % (
        wide, caption, caption, head, Markup("").join(rows))

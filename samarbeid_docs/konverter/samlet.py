"""The bundle's PDF: the contents page and every agreement's own PDF/A, joined into one.

Converting one big DOCX of everything would make LibreOffice lay out every agreement a second
time (as long as all the others together). Instead the PDFs already made are joined with
pikepdf, keeping what makes them archive-grade and accessible:

- the contents page comes first and gives the catalog: XMP and Info metadata (its DOCX carries
  the bundle's title), output intent, language, MarkInfo;
- the structure trees are joined under one Document element, each agreement a Part titled with
  its name; the parent-tree keys of every page are renumbered so they stay unique;
- embedded font subsets are renamed per agreement (LibreOffice names every file's first subset
  BAAAAA+…, and the PDF standard asks for different tags on different subsets in one file);
- one bookmark per agreement with the agreement's own bookmarks (its headings) below it;
- page labels i, ii … for the contents, then 1, 2 … to the end: the numbers stamped on the pages
  and given on the contents page, so a viewer's «go to page 73» finds «Saksdokument side 73».
"""

from __future__ import annotations

import hashlib
import os
import re
import string
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .. import minne, norsk
from ..feil import BuildError
from ..tekst.dokument import Document, Heading, ListBlock, ListItem, Meta, Paragraph, Run
from .stempel import stamp

_SUBSET = re.compile(r"^/?([A-Z]{6})\+(.*)$")


SECTIONS = [("samarbeidsavtale", "ramme"), ("oversikt", "ramme"), ("delavtale", "delavtaler"),
            ("orientering", "orienteringer")]
SECTION_TITLES = norsk.Words(
    {"ramme": "Samarbeidsavtalen og vedlegget", "delavtaler": "Delavtaler",
     "orienteringer": "Orienteringer om samarbeid organisert på annen måte"},
    {"ramme": "Samarbeidsavtalen og vedlegget", "delavtaler": "Delavtalar",
     "orienteringer": "Orienteringar om samarbeid organiserte på annan måte"})


def contents_document(documents: list[Document], meta: Meta, pages: dict[str, int] | None = None,
                      ended: list[tuple[str, str]] | None = None) -> Document:
    """The bundle's contents: every document with its pages in the case file (the numbers
    printed in each page's lower right corner), grouped as the framework groups them, and the
    ended areas, which have no document."""
    pages = pages or {}
    first = 1
    numbered = []
    for number, doc in enumerate(documents, start=1):
        count = pages.get(doc.slug, 0)
        where = (f" – side {first}" if count == 1 else f" – side {first}–{first + count - 1}") if count else ""
        numbered.append((doc.kind, ListItem((Run(f"{doc.meta.title}{where}"),), label=f"{number}.")))
        first += count
    intro = Paragraph((Run(norsk.say(
        "Saksdokumentet inneholder disse dokumentene. Sidetallene er saksdokumentets egne, trykt "
        "nederst til høyre på hver side; hvert dokument har i tillegg sine egne sidetall nederst "
        "på midten.",
        "Saksdokumentet inneheld desse dokumenta. Sidetala er saksdokumentet sine eigne, trykte "
        "nedst til høgre på kvar side; kvart dokument har i tillegg sine eigne sidetal nedst på "
        "midten.")),))
    blocks: list = [intro]
    for title in dict.fromkeys(t for _, t in SECTIONS):
        kinds = {k for k, t in SECTIONS if t == title}
        items = tuple(item for kind, item in numbered if kind in kinds)
        if items:
            blocks += [Heading(1, (Run(SECTION_TITLES[title]),)), ListBlock(items, ordered=True)]
    if ended:
        blocks += [Heading(1, (Run(norsk.say("Avviklede områder", "Avvikla område")),)),
                   Paragraph((Run(norsk.say("Disse områdene er avviklet og har ingen avtale i saksdokumentet:",
                                            "Desse områda er avvikla og har ingen avtale i saksdokumentet:")),)),
                   ListBlock(tuple(ListItem((Run(f"{title}, {norsk.say('avviklet', 'avvikla')} {when}"),))
                                   for title, when in ended))]
    return Document("innhold", meta, tuple(blocks), kind="innhold")


def join(cover: Path, parts: list[tuple[str, Path]], numbered_cover: bool = False,
         labels: list[str] | None = None) -> pikepdf.Pdf:
    """Return one PDF of `cover` followed by each (title, path) in `parts`, in order.

    The cover is a contents page, numbered i, ii apart from the documents; with
    `numbered_cover` it is a document itself (a council's case before its attachments): its
    pages are numbered with the rest, from 1, and its own bookmarks are kept under its title.
    `labels`, one per part («Vedlegg 3»), are printed before the running number on each of
    that part's pages, so a paper copy shows which attachment a page belongs to."""
    merged = _open(cover)
    sources = [(title, _open(path)) for title, path in parts]
    tree = _StructureJoiner(merged)
    own = merged.Root.get("/Outlines") if numbered_cover else None
    outline_parts = [(str(merged.docinfo.get("/Title", "Innhold")), 0,
                      own if own is not None and "/First" in own else None)]
    starts = [0]
    used_tags: set[str] = set()
    _retag_fonts(merged.pages, 0, used_tags)
    for number, (title, source) in enumerate(sources, start=1):
        first = len(merged.pages)
        merged.pages.extend(source.pages)
        new_pages = list(merged.pages)[first:]
        _retag_fonts(new_pages, number, used_tags)
        tree.add(source, new_pages, str(title))
        outlines = source.Root.get("/Outlines")
        copied = merged.copy_foreign(outlines) if outlines is not None and "/First" in outlines else None
        outline_parts.append((str(title), first, copied))
        starts.append(first)
    tree.finish()
    _set_outline(merged, outline_parts)
    ends = starts[1:] + [len(merged.pages)]
    page_labels = {page: label for label, start, end in zip(labels or [], starts[1:], ends[1:])
                   for page in range(start, end) if label}
    # the viewer's page numbers are the ones stamped on the pages and given on the contents
    # page: i, ii for the contents, then 1, 2 … through all the documents
    if numbered_cover:  # one numbering through the whole file, as the stamps print it
        merged.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=1)]))
        stamp(merged, 0, page_labels)
    else:
        numbering = Array([0, Dictionary(S=Name.r, St=1)])
        if len(starts) > 1:
            numbering.extend([starts[1], Dictionary(S=Name.D, St=1)])
        merged.Root.PageLabels = Dictionary(Nums=numbering)
        if len(starts) > 1:
            stamp(merged, starts[1], page_labels)
    merged.Root.PageMode = Name.UseOutlines
    return merged


def joined_bytes(cover: Path, parts: list[tuple[str, Path]], when, numbered_cover: bool = False,
                 labels: list[str] | None = None) -> bytes:
    """`join` `cover` and `parts` and return the file, byte-reproducible (dates `when`)."""
    from .pdf_normalisering import normalise
    joined = join(cover, parts, numbered_cover, labels)
    try:
        return normalise(joined, when)
    finally:
        joined.close()
        del joined
        minne.give_back()


def join_to(cover: Path, parts: list[tuple[str, Path]], target: Path, when) -> None:
    """`joined_bytes`, written to `target` through a temporary file beside it. Picklable, so
    that a build can run it in a process of its own, which takes the memory of every joined
    part with it when it ends."""
    data = joined_bytes(cover, parts, when)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _open(path: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise BuildError(f"Kunne ikke lese {path} til det samlede saksdokumentet ({exc}). Slett "
                         "filen og bygg på nytt, så lages den igjen.") from None


class _StructureJoiner:
    """Joins the parts' structure trees under one Document element of the cover's tree."""

    def __init__(self, merged: pikepdf.Pdf):
        self.pdf = merged
        root = merged.Root.get("/StructTreeRoot")
        self.nums: list = []
        self.role_map = Dictionary()
        self.kids = Array()
        self.next_key = 0
        if root is None:
            self.root = None
            return
        self.root = root
        self.document = merged.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document,
                                                        P=root, K=self.kids))
        self._take(root, list(merged.pages), str(merged.docinfo.get("/Title", "")), offset=0)

    def add(self, source: pikepdf.Pdf, pages: list[pikepdf.Page], title: str) -> None:
        if self.root is None or "/StructTreeRoot" not in source.Root:
            return
        copied = self.pdf.copy_foreign(source.Root.StructTreeRoot)
        self._take(copied, pages, title, offset=self.next_key)

    def _take(self, root, pages, title: str, offset: int) -> None:
        """Hang `root`'s children under a Part; shift its parent-tree keys by `offset`."""
        kids = root.get("/K")
        kids = list(kids) if isinstance(kids, Array) else ([kids] if kids is not None else [])
        if len(kids) == 1 and kids[0].get("/S") == Name.Document:
            part = kids[0]
            part.S = Name.Part
        else:
            part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(kids)))
            for kid in kids:
                if isinstance(kid, Dictionary):
                    kid.P = part
        part.P = self.document
        part.T = String(title)
        self.kids.append(part)
        for name, value in (root.get("/RoleMap") or {}).items():
            if name not in self.role_map:
                self.role_map[name] = value
        highest = -1
        for key, value in _number_tree(root.get("/ParentTree")):
            self.nums.extend([key + offset, value])
            highest = max(highest, key)
        next_key = int(root.get("/ParentTreeNextKey", highest + 1))
        if offset:
            for page in pages:
                _shift_struct_parents(page, offset)
        self.next_key = offset + max(next_key, highest + 1)

    def finish(self) -> None:
        if self.root is None:
            return
        self.root.K = Array([self.document])
        self.root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = self.role_map


def _number_tree(node) -> list[tuple[int, object]]:
    """Every (key, value) of a PDF number tree, leaves and kids alike."""
    if node is None:
        return []
    found = []
    nums = node.get("/Nums")
    if nums is not None:
        found += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        found += _number_tree(kid)
    return found


def _shift_struct_parents(page: pikepdf.Page, offset: int) -> None:
    obj = page.obj
    if "/StructParents" in obj:
        obj.StructParents = int(obj.StructParents) + offset
    for annotation in obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset
    for xobject in (obj.get("/Resources") or {}).get("/XObject", {}).values():
        if "/StructParents" in xobject:
            xobject.StructParents = int(xobject.StructParents) + offset


def _retag_fonts(pages: list[pikepdf.Page], part: int, used: set[str]) -> None:
    """Give every embedded subset font of this part a tag no other part uses."""
    done: set[tuple[int, int]] = set()
    for page in pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            for target in [font, *font.get("/DescendantFonts", [])]:
                if target.objgen in done or "/BaseFont" not in target:
                    continue
                done.add(target.objgen)
                found = _SUBSET.match(str(target.BaseFont))
                if not found:
                    continue
                tag = _new_tag(part, found.group(1), used)
                target.BaseFont = Name(f"/{tag}+{found.group(2)}")
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None and "/FontName" in descriptor:
                    descriptor.FontName = Name(f"/{tag}+{found.group(2)}")


def _new_tag(part: int, old: str, used: set[str]) -> str:
    """A six-letter subset tag derived from (part, old tag), unique within `used`."""
    seed = f"{part}:{old}".encode()
    while True:
        number = int.from_bytes(hashlib.sha256(seed).digest()[:8], "big")
        tag = "".join(string.ascii_uppercase[(number // 26 ** i) % 26] for i in range(6))
        if tag not in used:
            used.add(tag)
            return tag
        seed += b"+"


def _set_outline(merged: pikepdf.Pdf, parts: list) -> None:
    """One bookmark per document (title, first page), its own bookmarks copied below it.

    Built from the dictionaries directly: the copied bookmarks keep their destinations, which
    point at the copied pages (pikepdf copies pages and bookmarks with one object map).
    """
    pages = list(merged.pages)
    root = merged.make_indirect(Dictionary(Type=Name.Outlines))
    items = []
    total = 0
    for title, start, copied in parts:
        item = merged.make_indirect(Dictionary(Title=String(title), Parent=root,
                                               Dest=Array([pages[start].obj, Name.Fit])))
        total += 1
        if copied is not None:
            item.First, item.Last = copied.First, copied.Last
            # shut: the documents' titles first, each opened where the reader wants it (27
            # agreements of some 30 headings each were one list of 800 open bookmarks)
            item.Count = -abs(int(copied.get("/Count", 0)))
            child = copied.First
            while child is not None:
                child.Parent = item
                child = child.get("/Next")
        items.append(item)
    for before, after in zip(items, items[1:]):
        before.Next, after.Prev = after, before
    root.First, root.Last, root.Count = items[0], items[-1], total
    merged.Root.Outlines = root

"""What changed between two versions of the sources, in words a council reviewer reads.

Both versions are loaded and rendered with the same code; the report compares the facts of each
agreement (participants, host, status, dates, budget), the cost split recomputed from each
version's population figures, and the clause text word by word.
"""

from __future__ import annotations

import difflib
import getpass
import html
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .. import norsk
from ..bygging.bygg import compose_all
from ..feil import InputError, Problem
from ..kilder import git
from ..kilder.modell import Behandling, Omrade
from ..kilder.prosjekt import Project, load_project
from ..kilder.rot import FRAMEWORK
from ..tekst.dokument import Document, Heading, ListBlock, Paragraph, Table, heading_labels, plain
from ..tekst.kontekst import FORM_TEXT, cost_table, key_summary
from ..tekst.livslop import stage
from .sporing import TOKEN, aligned

WORKTREE = "arbeidskopien"


@dataclass
class WordDiff:
    """One changed paragraph: where it is, and its words as (op, text) with op '', '-' or '+'."""

    where: str
    parts: list[tuple[str, str]]


@dataclass
class AgreementChange:
    slug: str
    title: str
    kind: str  # "ny", "fjernet", "endret"
    facts: list[str] = field(default_factory=list)
    costs: list[CostLine] = field(default_factory=list)
    text: list[WordDiff] = field(default_factory=list)


@dataclass
class Report:
    old_label: str
    new_label: str
    common: list[str] = field(default_factory=list)
    changes: list[AgreementChange] = field(default_factory=list)
    shared_text: list[tuple[WordDiff, list[str]]] = field(default_factory=list)
    shared_costs: list[tuple[list[CostLine], list[str]]] = field(default_factory=list)
    # the documents whose text or cost table changed while their version and date did not: two
    # texts under one version, and a council could adopt the one it was not meant to
    unversioned: list[str] = field(default_factory=list)
    form: str = "bokmål"  # the written standard of the newer version: the report is in it

    @property
    def empty(self) -> bool:
        return not (self.common or self.changes or self.shared_text or self.shared_costs)


@dataclass
class Version:
    label: str
    project: Project
    documents: dict[str, Document]
    author: str = "samarbeid-docs"
    when: datetime | None = None  # UTC; who made this version and when, for tracked changes


# -- loading two versions ----------------------------------------------------------------------

def _login() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return None


def load_version(root: Path, revision: str | None, scratch: Path) -> Version:
    """Load and render the sources at `revision` (None: the working tree)."""
    if revision is None:
        folder, label = root, WORKTREE
        author = git.user_name(root) or _login() or "samarbeid-docs"
        when = datetime.now(timezone.utc).replace(microsecond=0)
    else:
        commit = git.resolve(root, revision)
        folder = git.export(root, revision, scratch / commit[:12])
        label = f"{revision} ({commit[:7]})" if not commit.startswith(revision) else commit[:7]
        author, when = git.commit_author(root, commit)
    try:
        project = load_project(folder)
        documents = {d.slug: d for d in compose_all(project)}
    except InputError as exc:
        prefix = "" if revision is None else f"{label}:"
        problems = [Problem(f"{prefix}{p.file}", p.line, p.column, p.level, p.message, p.key)
                    for p in exc.problems]
        raise InputError(f"Kildene i {label} har feil, så endringene kan ikke regnes ut. Rett "
                         "feilene (eller velg en annen revisjon):", problems) from None
    return Version(label, project, documents, author, when)


def changes_between(root: Path, old: str | None = "HEAD", new: str | None = None) -> tuple[Report, Version, Version]:
    if old is not None or new is not None:
        git.top_level(root)
    with tempfile.TemporaryDirectory(prefix="samarbeid-endringer-") as scratch:
        before = load_version(root, old, Path(scratch))
        after = load_version(root, new, Path(scratch))
    return compare(before, after), before, after


# -- comparing ---------------------------------------------------------------------------------

def _names(project: Project, keys) -> list[str]:
    return [project.kommuner[k].navn if k in project.kommuner else k for k in keys]


def _date(value) -> str:
    return norsk.date_text(value) if value else "ingen"


def _fact(facts: list[str], label: str, before, after) -> None:
    if before != after:
        facts.append(f"{label}: {before} → {after}")


def _area_facts(old: Project, new: Project, a: Omrade, b: Omrade) -> list[str]:
    facts: list[str] = []
    _fact(facts, "Tittel", f"«{a.tittel}»", f"«{b.tittel}»")
    added = [k for k in b.deltakere if k not in a.deltakere]
    removed = [k for k in a.deltakere if k not in b.deltakere]
    if added or removed:
        change = ([f"ny: {norsk.join_names(_names(new, added))}"] if added else []) + \
                 ([f"ute: {norsk.join_names(_names(old, removed))}"] if removed else [])
        facts.append(f"{norsk.say('Deltakere', 'Deltakarar')}: {'; '.join(change)} "
                     f"({norsk.say('nå', 'no')} {norsk.join_names(_names(new, b.deltakere))})")
    _fact(facts, "Vertskommune", _names(old, [a.vertskommune])[0] if a.vertskommune else "ingen",
          _names(new, [b.vertskommune])[0] if b.vertskommune else "ingen")
    _fact(facts, "Organisering", FORM_TEXT[a.form], FORM_TEXT[b.form])
    status_a = STATUS_WORD[a.status] + (f" ({_date(a.avviklet.dato)}: {a.avviklet.grunn})" if a.avviklet else "")
    status_b = STATUS_WORD[b.status] + (f" ({_date(b.avviklet.dato)}: {b.avviklet.grunn})" if b.avviklet else "")
    _fact(facts, "Status", status_a, status_b)
    _fact(facts, "Behandling", stage(a.behandling, a.deltakere).text, stage(b.behandling, b.deltakere).text)
    old_records = {(v.kommune, v.dato, v.saksnummer) for v in a.behandling.vedtak}
    for v in b.behandling.vedtak:
        if (v.kommune, v.dato, v.saksnummer) not in old_records:
            facts.append(f"{norsk.say('Nytt vedtak', 'Nytt vedtak')}: {_names(new, [v.kommune])[0]} {norsk.date_text(v.dato)} "
                         f"(sak {v.saksnummer})")
    _fact(facts, "Overføring", _date(a.overforing), _date(b.overforing))
    _fact(facts, "I kraft", _date(a.behandling.i_kraft), _date(b.behandling.i_kraft))
    budget = lambda x: (f"{norsk.kroner(x.belop)} ({x.aar})" if x else "ingen")  # noqa: E731
    _fact(facts, "Budsjett", budget(a.budsjett), budget(b.budsjett))
    _fact(facts, "Kostnadsmodell", key_summary(a.kostnader), key_summary(b.kostnader))
    unknown = norsk.say("ikke oppgitt", "ikkje oppgitt")
    _fact(facts, "Årsverk", norsk.measure(a.arsverk.antall) if a.arsverk else unknown,
          norsk.measure(b.arsverk.antall) if b.arsverk else unknown)
    _fact(facts, norsk.say("Oppsigelsesfrist", "Oppseiingsfrist"), norsk.notice_text(a.oppsigelsesfrist_maneder),
          norsk.notice_text(b.oppsigelsesfrist_maneder))
    return facts


Split = dict[str, tuple[str, str]]
"""Each party's official name → (share, amount in kroner or "")."""


def _split(project: Project, parties: list[str], model, budget: int | None = None) -> Split:
    table = cost_table(project, parties, model, budget)
    return {row["navn"]: (row["andel"], row["belop"]) for row in table["rader"]}


def _area_split(project: Project, area: Omrade) -> Split | None:
    if not area.is_host_model or area.status == "avviklet":
        return None
    return _split(project, area.deltakere, area.kostnader or project.rammeavtale.kostnader,
                  area.budsjett.belop if area.budsjett else None)


def _framework_split(project: Project) -> Split | None:
    """The framework's own table of the common cost key."""
    fw = project.rammeavtale
    if not all(p in project.kommuner for p in fw.parter):
        return None
    return _split(project, fw.parter, fw.kostnader)


@dataclass(frozen=True)
class CostLine:
    """One party's share (and amount, with a budget) before and after; "–" where it had none."""

    name: str
    was: str
    now: str
    was_kr: str = ""
    now_kr: str = ""

    def before(self) -> str:
        return self.was + (f" (kr{norsk.NBSP}{self.was_kr or '–'})" if self.was_kr or self.now_kr else "")

    def after(self) -> str:
        return self.now + (f" (kr{norsk.NBSP}{self.now_kr or '–'})" if self.was_kr or self.now_kr else "")

    def __str__(self) -> str:
        text = f"{self.name}: {self.was} → {self.now}"
        if self.was_kr or self.now_kr:
            kr = f"kr{norsk.NBSP}"
            text += f" ({kr}{self.was_kr or '–'} → {kr}{self.now_kr or '–'})"
        return text


def _cost_lines(before: Split | None, after: Split | None) -> list[CostLine]:
    """The parties whose share (or amount) differs between two splits; none if either is missing."""
    if before is None or after is None or before == after:
        return []
    lines = []
    for name in list(after) + [n for n in before if n not in after]:
        was, now = before.get(name, ("–", "")), after.get(name, ("–", ""))
        if was != now:
            lines.append(CostLine(name, was[0], now[0], was[1], now[1]))
    return lines


def _framework_facts(old: Project, new: Project) -> list[str]:
    a, b = old.rammeavtale, new.rammeavtale
    facts: list[str] = []
    _fact(facts, norsk.say("Samarbeidsavtalens tittel", "Tittelen på samarbeidsavtalen"), f"«{a.tittel}»", f"«{b.tittel}»")
    _fact(facts, "Versjon", a.versjon, b.versjon)
    _fact(facts, "Avtaledato", _date(a.dato), _date(b.dato))
    _fact(facts, norsk.say("Samarbeidsavtalen gjelder fra", "Samarbeidsavtalen gjeld frå"), _date(a.i_kraft), _date(b.i_kraft))
    _fact(facts, norsk.say("Folketall som fordeler kostnadene, per", "Folketal som fordeler kostnadene, per"),
          _date(a.folketall_per), _date(b.folketall_per))
    _fact(facts, norsk.say("Parter", "Partar"), norsk.join_names(_names(old, a.parter)), norsk.join_names(_names(new, b.parter)))
    _fact(facts, norsk.say("Samarbeidsavtalens behandling", "Behandlinga av samarbeidsavtalen"), stage(a.behandling, list(a.parter)).text,
          stage(b.behandling, list(b.parter)).text)
    for key, party in new.kommuner.items():
        previous = old.kommuner.get(key)
        old_figures = {f.per: f.antall for f in previous.folketall} if previous else {}
        for figure in party.folketall:
            if figure.per not in old_figures:
                facts.append(f"{norsk.say('Folketall', 'Folketal')} for {party.navn} per {_date(figure.per)} "
                             f"{norsk.say('lagt til', 'lagt til')}: "
                             f"{norsk.number(figure.antall)}")
            elif old_figures[figure.per] != figure.antall:
                facts.append(f"{norsk.say('Folketall', 'Folketal')} for {party.navn} per {_date(figure.per)}: "
                             f"{norsk.number(old_figures[figure.per])} → {norsk.number(figure.antall)}")
    return facts


# -- text, word by word ------------------------------------------------------------------------

class Unit(NamedTuple):
    """One heading, paragraph, list item or table row: where it stands, what it is matched by,
    its text, and for a row its table's columns and its cells."""

    where: str
    key: object
    text: str
    row: tuple[tuple[str, ...], tuple[str, ...]] | None = None


def _units(doc: Document) -> list[Unit]:
    """Every heading, paragraph, list item and table row of `doc`, in order.

    Text is matched by its words; a table row by its table (the heading and columns it stands
    under) and its first cell, so a changed cell is told as «first cell: column old → new».
    """
    labels = heading_labels(doc)
    units: list[Unit] = []
    where = doc.meta.title
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            where = f"{labels[index]}{plain(block.runs)}"
            units.append(Unit(where, where, where))
        elif isinstance(block, Paragraph):
            units.append(Unit(where, plain(block.runs), plain(block.runs)))
        elif isinstance(block, ListBlock):
            units += [Unit(where, text, text) for text in
                      (f"{item.label} {plain(item.runs)}".strip() for item in block.items)]
        elif isinstance(block, Table):
            header = tuple(plain(c) for c in block.header)
            for row in block.rows:
                cells = tuple(plain(c) for c in row)
                units.append(Unit(where, ("rad", where, header, cells[0]), " | ".join(cells),
                                  (header, cells)))
    return units


# Columns computed from population figures and budgets; their changes are told once, in the
# common facts and the new cost split, not again for every table they appear in.
COMPUTED_COLUMNS = ("folketall", "andel", "kostnad", "beløp", "budsjett", "sum")


def _told_elsewhere(column: str) -> bool:
    return column.lower().startswith(COMPUTED_COLUMNS)


def _row_change(a: Unit | None, b: Unit | None) -> list[WordDiff]:
    """A table row added, removed or changed, as a reader says it."""
    if a is None or b is None:
        unit = a or b
        header, cells = unit.row
        text = "; ".join(f"{h.lower()} {c}" for h, c in zip(header[1:], cells[1:]) if c)
        shown = f"rad «{cells[0]}»" + (f" ({text})" if text else "")
        return [WordDiff(unit.where, [("-" if a else "+", shown)])]
    header, old_cells = a.row
    new_cells = b.row[1]
    return [WordDiff(b.where, [("", f"{new_cells[0]}: {column.lower()} "), ("-", was or "–"),
                               ("", " → "), ("+", now or "–")])
            for column, was, now in zip(header[1:], old_cells[1:], new_cells[1:])
            if was != now and not _told_elsewhere(column)]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            parts.append(("-", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("+", "".join(b[j1:j2])))
    return parts


def _unit_change(a: Unit | None, b: Unit | None) -> list[WordDiff]:
    """What changed between two aligned units (either may be missing)."""
    if a and b and a.text == b.text:
        return []
    if a and b and a.row and b.row:
        if a.key[:3] != b.key[:3]:  # a row of one table where there was a row of another
            return _row_change(a, None) + _row_change(None, b)
        if a.key != b.key:  # the same table, the row renamed
            renamed = [WordDiff(b.where, [("", "rad «"), *word_diff(a.row[1][0], b.row[1][0]), ("", "»")])]
            return renamed + _row_change(a, b)
        return _row_change(a, b)
    if a and b and (a.row is None) != (b.row is None):  # a row where there was text, or back
        return [WordDiff(a.where, [("-", a.text)]), WordDiff(b.where, [("+", b.text)])]
    if (a or b).row:  # a row added or removed
        return _row_change(a, b)
    if a and b:
        return [WordDiff(b.where, word_diff(a.text, b.text))]
    return [WordDiff(a.where, [("-", a.text)])] if a else [WordDiff(b.where, [("+", b.text)])]


def text_changes(old: Document, new: Document) -> list[WordDiff]:
    changes: list[WordDiff] = []
    for a, b in aligned(_units(old), _units(new), lambda unit: unit.key):
        changes += _unit_change(a, b)
    return changes

def compare(before: Version, after: Version) -> Report:
    """What changed from `before` to `after`, said in the written standard of `after`."""
    form = after.project.rammeavtale.malform
    with norsk.written_standard(form):
        report = _compare(before, after)
    report.form = form
    return report


def _compare(before: Version, after: Version) -> Report:
    report = Report(before.label, after.label)
    old, new = before.project, after.project
    report.common = _framework_facts(old, new)
    framework_slugs = ("samarbeidsavtale", "oversikt")
    texts: dict[str, list[WordDiff]] = {}
    costs_of: dict[str, list[CostLine]] = {}
    for slug in framework_slugs:
        if slug in before.documents and slug in after.documents:
            texts[slug] = text_changes(before.documents[slug], after.documents[slug])
    slugs = list(new.omrader) + [s for s in old.omrader if s not in new.omrader]
    for slug in slugs:
        a, b = old.omrader.get(slug), new.omrader.get(slug)
        if a is None:
            report.changes.append(AgreementChange(slug, b.tittel, "ny", [
                f"{norsk.say('Deltakere', 'Deltakarar')}: {norsk.join_names(_names(new, b.deltakere))}",
                f"Vertskommune: {_names(new, [b.vertskommune])[0] if b.vertskommune else FORM_TEXT[b.form]}",
                f"Status: {STATUS_WORD[b.status]}"]))
            continue
        if b is None:
            report.changes.append(AgreementChange(slug, a.tittel, "fjernet"))
            continue
        change = AgreementChange(slug, b.tittel, "endret", _area_facts(old, new, a, b),
                                 _cost_lines(_area_split(old, a), _area_split(new, b)))
        if slug in before.documents and slug in after.documents:
            texts[slug] = text_changes(before.documents[slug], after.documents[slug])
        costs_of[slug] = change.costs
        report.changes.append(change)
    framework_costs = _cost_lines(_framework_split(old), _framework_split(new))
    costs_of["samarbeidsavtale"] = framework_costs
    report.unversioned = [title for slug, title in unversioned(before.documents, after.documents,
                                                                texts, costs_of)
                          if costs_of.get(slug) or _draft_text_changed(old, new, slug)]
    # the same text change in several documents (a changed clause) is shown once
    seen: dict[tuple, list[str]] = {}
    for slug, diffs in texts.items():
        for diff in diffs:
            key = (diff.where.split(" ", 1)[-1], tuple(diff.parts))
            seen.setdefault(key, []).append(slug)
    titles = {**{s: d.meta.title for s, d in after.documents.items()}}
    by_slug = {c.slug: c for c in report.changes}
    for (where, parts), slugs_with in seen.items():
        diff = WordDiff(where, list(parts))
        if len(slugs_with) > 1:
            report.shared_text.append((diff, [titles.get(s, s) for s in slugs_with]))
        elif slugs_with[0] in by_slug:
            by_slug[slugs_with[0]].text.append(diff)
        else:
            fw = AgreementChange(slugs_with[0], titles.get(slugs_with[0], slugs_with[0]), "endret")
            report.changes.insert(0, fw)
            by_slug[fw.slug] = fw
            fw.text.append(diff)
    if framework_costs and "samarbeidsavtale" in after.documents:
        fw = by_slug.get("samarbeidsavtale")
        if fw is None:
            fw = AgreementChange("samarbeidsavtale", titles["samarbeidsavtale"], "endret")
            report.changes.insert(0, fw)
        fw.costs = framework_costs
    # the same new cost split in several agreements (new population figures) is shown once
    groups: dict[tuple[CostLine, ...], list[AgreementChange]] = {}
    for change in report.changes:
        if change.kind == "endret" and change.costs:
            groups.setdefault(tuple(change.costs), []).append(change)
    for costs, members in groups.items():
        if len(members) > 1:
            report.shared_costs.append((list(costs), [m.title for m in members]))
            for member in members:
                member.costs = []
    report.changes = [c for c in report.changes if c.kind != "endret" or c.facts or c.costs or c.text]
    return report


# the sections that record what happened to the text (its history, the councils' decisions, the
# signatures), not what it says: a decision recorded there is no new text
RECORD_SECTIONS = frozenset({"Versjonshistorikk", "Vedtak i kommunestyrene", "Vedtak i kommunestyra",
                             "Underskrifter"})


def unversioned(before: dict[str, Document], after: dict[str, Document],
                texts: dict[str, list[WordDiff]], costs: dict[str, list[CostLine]]) -> list[tuple[str, str]]:
    """(slug, title) of the documents in both versions whose text (outside `RECORD_SECTIONS`)
    or cost table changed while their version and date stayed the same."""
    def new_text(slug: str) -> bool:  # a section's title without its number («21 Underskrifter»)
        return any(re.sub(r"^[\d.]+ ", "", diff.where) not in RECORD_SECTIONS for diff in texts.get(slug, []))
    return [(slug, doc.meta.title) for slug, doc in after.items()
            if slug in before and (new_text(slug) or costs.get(slug))
            and (before[slug].meta.version, before[slug].meta.date) == (doc.meta.version, doc.meta.date)]


def _as_draft(project: Project) -> Project:
    """`project` with no agreement sent or adopted: the text the councils are asked to adopt."""
    empty = Behandling()
    return replace(project, rammeavtale=project.rammeavtale.model_copy(update={"behandling": empty}),
                   omrader={slug: a.model_copy(update={"behandling": empty})
                            for slug, a in project.omrader.items()})


def _draft_text_changed(old: Project, new: Project, slug: str) -> bool:
    """Whether document `slug` still differs, outside `RECORD_SECTIONS`, when both versions are
    composed as drafts. Adopting an agreement changes its text in places besides the record of
    the decisions (the transfer day it gives once the last council has adopted it, «1. januar
    2027»), and that is not a new text. Composed again only for a document that changed, and
    only when adoption records changed too."""
    def records(project: Project):  # the overview shows where every area stands
        return (project.rammeavtale.behandling, {k: a.behandling for k, a in project.omrader.items()})
    if records(old) == records(new):
        return True
    from ..tekst.sammenstill import compose, environment, plan

    def draft(project: Project) -> Document | None:
        project = _as_draft(project)
        planned = next((p for p in plan(project) if p.slug == slug), None)
        return compose(project, planned, environment(project)) if planned else None
    a, b = draft(old), draft(new)
    if a is None or b is None:
        return True
    return any(re.sub(r"^[\d.]+ ", "", diff.where) not in RECORD_SECTIONS for diff in text_changes(a, b))


def _unversioned_text(titles: list[str]) -> str:
    """The warning for `Report.unversioned`: a document's version and date come from the
    framework's file (a new sub-agreement is always 1.0), so that is where to change them."""
    n, names = norsk.count_text(len(titles)), norsk.join_names([f"«{t}»" for t in titles])
    return norsk.say(
        f"Teksten er endret, men versjonen og datoen er de samme som før i {n} "
        f"{'dokument' if len(titles) == 1 else 'dokumenter'}: {names}. Sett ny dato, og ny versjon "
        f"der det passer, under «dato» og «versjon» i {FRAMEWORK} før avtalene sendes ut igjen, "
        "så ikke to ulike tekster har samme versjon og dato.",
        f"Teksten er endra, men versjonen og datoen er dei same som før i {n} dokument: {names}. "
        f"Set ny dato, og ny versjon der det passar, under «dato» og «versjon» i {FRAMEWORK} før "
        "avtalane blir sende ut att, så ikkje to ulike tekstar har same versjon og dato.")


# -- formatting ----------------------------------------------------------------------------------

def _diff_text(parts, markdown: bool) -> str:
    """Words with their changes: [-old-]{+new+} as git's word diff writes them, or in Markdown
    <del>/<ins>, which GitHub, GitLab and Gitea show struck through and underlined and which
    cannot be mistaken for the bold and italics of the agreement text itself."""
    from ..skriv.markdown import escape
    out = []
    for op, text in parts:
        shown = escape(text) if markdown else text
        if op == "" or not text.strip():
            out.append(shown)
        elif markdown:
            lead, core, trail = _split_space(shown)
            tag = "del" if op == "-" else "ins"
            out.append(f"{lead}<{tag}>{core}</{tag}>{trail}")
        else:
            out.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(lead) + len(core):]


STATUS_WORD = norsk.Words({"eksisterende": "eksisterende", "ny": "ny", "avviklet": "avviklet"},
                          {"eksisterende": "eksisterande", "ny": "ny", "avviklet": "avvikla"})
KIND_TEXT = norsk.Words({"ny": "ny avtale", "fjernet": "fjernet", "endret": "endret"},
                       {"ny": "ny avtale", "fjernet": "fjerna", "endret": "endra"})
FOLD_AFTER = 3
"""Lists of more agreements than this are folded in <details> in the Markdown report."""


def _cost_table(costs: list[CostLine]) -> list[str]:
    from ..skriv.markdown import escape
    rows = ["| Kommune | Før | Etter |", "| --- | ---: | ---: |"]
    rows += [f"| {escape(c.name)} | {escape(c.before())} | {escape(c.after())} |" for c in costs]
    return ["", *rows, ""]


def _titles(label: str, summary: str, titles: list[str], markdown: bool) -> str:
    """«(label A, B og C)» under a line of the report; in Markdown a long list is folded under
    `summary` in <details> (an HTML block, so its text is HTML-escaped, not Markdown-escaped)."""
    if not markdown:
        return f"    ({label} {', '.join(titles)})"
    if len(titles) <= FOLD_AFTER:
        from ..skriv.markdown import escape
        return f"  ({label} {escape(', '.join(titles))})"
    items = "".join(f"<li>{html.escape(t)}</li>" for t in titles)
    return f"  <details><summary>{summary}</summary><ul>{items}</ul></details>"


def format_report(report: Report, markdown: bool = False) -> str:
    with norsk.written_standard(report.form):
        return _format_report(report, markdown)


def _format_report(report: Report, markdown: bool) -> str:
    if report.empty:
        return norsk.say(f"Ingen endringer fra {report.old_label} til {report.new_label}.\n",
                         f"Ingen endringar frå {report.old_label} til {report.new_label}.\n")
    lines: list[str] = []
    h1, h2, bullet = ("## ", "### ", "- ") if markdown else ("", "", "  ")
    from ..skriv.markdown import escape
    said = escape if markdown else (lambda text: text)  # a title or fact is the sources' words
    lines.append(f"{h1}{norsk.say('Endringer fra', 'Endringar frå')} {report.old_label} til {report.new_label}")
    lines.append("")
    if report.unversioned:
        lines.append(f"{h2}{norsk.say('Samme versjon, ny tekst', 'Same versjon, ny tekst')}")
        lines.append(f"{bullet}{said(_unversioned_text(report.unversioned))}")
        lines.append("")
    if report.common:
        lines.append(f"{h2}Felles grunnlag")
        lines += [f"{bullet}{said(line)}" for line in report.common]
        lines.append("")
    for change in report.changes:
        lines.append(f"{h2}{said(change.title)} ({KIND_TEXT[change.kind]})")
        lines += [f"{bullet}{said(fact)}" for fact in change.facts]
        if change.costs and markdown:
            lines.append(f"{bullet}Kostnadsfordeling:")
            lines += _cost_table(change.costs)
        elif change.costs:
            lines.append(f"{bullet}Kostnadsfordeling:")
            lines += [f"    - {cost}" for cost in change.costs]
        for diff in change.text:
            lines.append(f"{bullet}Tekst, {diff.where}: {_diff_text(diff.parts, markdown)}")
        lines.append("")
    for costs, titles in report.shared_costs:
        lines.append(f"{h2}Ny kostnadsfordeling i {len(titles)} {norsk.say('avtaler', 'avtalar')}")
        if markdown:
            lines += _cost_table(costs)
            lines.append(_titles(norsk.say("gjelder", "gjeld"),
                                 norsk.say(f"Gjelder {len(titles)} avtaler", f"Gjeld {len(titles)} avtalar"),
                                 titles, markdown).strip())
        else:
            lines += [f"{bullet}{cost}" for cost in costs]
            lines.append(_titles(norsk.say("gjelder", "gjeld"), "", titles, markdown))
        lines.append("")
    if report.shared_text:
        lines.append(f"{h2}{norsk.say('Tekstendringer i flere avtaler', 'Tekstendringar i fleire avtalar')}")
        for diff, titles in report.shared_text:
            lines.append(f"{bullet}{diff.where}: {_diff_text(diff.parts, markdown)}")
            many = norsk.say("avtaler", "avtalar")
            lines.append(_titles(f"i {len(titles)} {many}:", f"I {len(titles)} {many}", titles, markdown))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def page_summary(report: Report) -> list[dict[str, object]]:
    """The change report in short, for the download page: each changed agreement with what
    changed in a few words (the full report, word for word, is in build/endringer.md)."""
    with norsk.written_standard(report.form):
        return _page_summary(report)


def _page_summary(report: Report) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    if report.unversioned:
        items.append({"tittel": norsk.say("Samme versjon, ny tekst", "Same versjon, ny tekst"),
                      "hva": [_unversioned_text(report.unversioned)], "advarsel": True})
    if report.common:
        items.append({"tittel": "Felles grunnlag", "hva": list(report.common)})
    for change in report.changes:
        what = {"ny": ["Ny avtale"], "fjernet": [norsk.say("Avtalen er tatt ut", "Avtalen er teken ut")]}.get(change.kind, [])
        what = what + list(change.facts)
        if change.costs:
            what.append("Ny kostnadsfordeling")
        if change.text:
            what.append(f"{norsk.say('Teksten er endret i', 'Teksten er endra i')} {_paragraphs(len(change.text))}")
        items.append({"tittel": change.title, "hva": what})
    for _costs, titles in report.shared_costs:
        items.append({"tittel": f"Ny kostnadsfordeling i {len(titles)} {norsk.say('avtaler', 'avtalar')}", "hva": titles})
    if report.shared_text:
        items.append({"tittel": norsk.say("Tekstendringer i flere avtaler", "Tekstendringar i fleire avtalar"),
                      "hva": [f"{diff.where.split(' ', 1)[-1]}: i {len(titles)} {norsk.say('avtaler', 'avtalar')}"
                              for diff, titles in report.shared_text]})
    return items


def _paragraphs(n: int) -> str:
    return norsk.say("ett avsnitt", "eitt avsnitt") if n == 1 else f"{norsk.count_text(n)} avsnitt"

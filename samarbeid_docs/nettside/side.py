"""The download page: build/index.html lists every agreement with status, parties, host, cost
key and its DOCX and PDF; build/html/<slug>.html shows each agreement from the same IR.

Everything is relative, static and offline: the folder works from disk, a file share or any
static host. Templates are in maler/nettside/ and render with autoescaping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from markupsafe import Markup
from jinja2.sandbox import SandboxedEnvironment

from .. import norsk
from ..feil import InputError
from ..kilder import malsett
from ..kilder.prosjekt import Project
from ..skriv.html import render_blocks, render_body
from ..tekst.dokument import Document
from ..tekst.klausuler import paragraphs, parse
from ..tekst.kontekst import FORM_TEXT, cost_table, host_marked
from ..tekst.livslop import STAGES, stage
from ..tekst.rapport import report_html
from ..tekst.saker import NOTICE, case_status, case_title, cases, notices

TEMPLATES = "nettside"
"""The page templates' folder among the templates (the project's maler/nettside/ overrides)."""
ASSETS = ("stil.css", "filter.js")
PER_PAGE = 100
"""Agreements per page: a project with more has its list on several pages (index.html,
side-2.html …), so that each page loads quickly whatever the number of agreements."""


def page_name(number: int) -> str:
    """The file of page `number` of the list of agreements (in build/)."""
    return "index.html" if number == 1 else f"side-{number}.html"


def card_pages(project: Project) -> list[list[tuple[Any, str]]]:
    """The agreements of each page as (group, slug), in the framework's order."""
    entries = [(group, slug) for group in project.rammeavtale.grupper for slug in group.omrader]
    return [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]


def status_order() -> list[tuple[str, str]]:
    """The statuses in the order an agreement goes through them, named in the standard in force."""
    return [(code, STAGES[code]) for code in STAGES] + [("orientering", "Orientering"),
                                                         ("avviklet", norsk.say("Avviklet", "Avvikla"))]


def _environment(root: Path, form: str = norsk.BOKMAL) -> SandboxedEnvironment:
    folders = [str(folder / TEMPLATES) for folder in malsett.folders(root, form)]
    return SandboxedEnvironment(loader=FileSystemLoader(folders), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _link(build: Path, relative: str, prefix: str = "") -> dict[str, str] | None:
    path = build / relative
    if not path.is_file():
        return None
    return {"href": prefix + relative, "storrelse": norsk.file_size(path.stat().st_size)}


def _files(build: Path, slug: str, prefix: str = "", current: set[str] | None = None) -> dict[str, Any]:
    """The document's downloads; its PDF only if it was made from the DOCX offered beside it
    (`current`: the build's record of which PDFs are; None: every PDF there)."""
    pdf = _link(build, f"pdf/{slug}.pdf", prefix=prefix)
    return {"docx": _link(build, f"docx/{slug}.docx", prefix=prefix),
            "pdf": pdf if current is None or slug in current else None}


def _search_text(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def index_context(project: Project, documents: dict[str, Document], build: Path,
                  current: set[str] | None = None, changes: dict | None = None,
                  page: int = 1, pages: list | None = None) -> dict[str, Any]:
    """The context of page `page` of the list of agreements (`pages` from card_pages)."""
    fw = project.rammeavtale
    parties = norsk.join_names([project.kommuner[p].navn for p in fw.parter])
    where = stage(fw.behandling, list(fw.parter))
    pages = pages or card_pages(project)
    main_docs, parts = [], []
    # the framework and the overview; in a project with many areas, the overview's parts too
    for slug in [s for s, d in documents.items() if d.kind in ("samarbeidsavtale", "oversikt")]:
        doc = documents[slug]
        entry = {"tittel": doc.meta.title, "status": doc.meta.status,
                 "status_kode": where.code, "versjon": doc.meta.version,
                 "dato": doc.meta.date, "html": f"html/{slug}.html", **_files(build, slug, current=current)}
        (main_docs if slug in ("samarbeidsavtale", "oversikt") else parts).append(entry)
    groups = []
    count = 0
    shown = pages[page - 1]
    first_number = sum(len(p) for p in pages[:page - 1]) + 1
    for group in fw.grupper:
        cards = []
        for slug in [s for g, s in shown if g is group]:
            area = project.omrader[slug]
            names = norsk.join_names([project.kommuner[p].navn for p in area.deltakere] +
                                     list(area.andre_deltakere))
            host = host_marked(project, area)  # «(forslag)» as in the overview
            card: dict[str, Any] = {
                "slug": slug, "tittel": area.tittel, "deltakere": names,
                "vert_etikett": "Vertskommune" if area.is_host_model else norsk.say("Organisering", "Organisering"),
                "vert": host if area.is_host_model else
                (f"{FORM_TEXT[area.form]}: {area.selskap}" if area.selskap else FORM_TEXT[area.form]),
                "fordeling": None, "avviklet": "", "html": None, "docx": None, "pdf": None,
                "versjon": "", "dato": "",
            }
            if area.status == "avviklet":
                card.update(status=norsk.say("Avviklet", "Avvikla"), status_kode="avviklet",
                            avviklet=f"{norsk.date_text(area.avviklet.dato)}. {area.avviklet.grunn}")
            else:
                doc = documents[slug]
                # an orientation is not adopted: its own kind in the filter, as its label says
                code = stage(area.behandling, area.deltakere).code if area.is_host_model else "orientering"
                card.update(status=doc.meta.status, status_kode=code, versjon=doc.meta.version,
                            dato=doc.meta.date, html=f"html/{slug}.html", **_files(build, slug, current=current))
                if area.is_host_model:
                    card["fordeling"] = cost_table(project, area.deltakere,
                                                   area.kostnader or fw.kostnader)
            card["sok"] = _search_text(area.tittel, names, card["vert"], group.tittel, card["status"])
            cards.append(card)
            count += 1
        if cards or len(pages) == 1:
            # the group's description keeps its paragraphs and lists, as in the agreement
            described = render_blocks(parse(paragraphs(group.beskrivelse))) if group.beskrivelse else ""
            groups.append({"id": group.id, "tittel": group.tittel, "beskrivelse": described,
                           "avtaler": cards})
    present = {c["status_kode"] for g in groups for c in g["avtaler"]}
    total = sum(len(p) for p in pages)
    numbers = [sum(len(p) for p in pages[:i]) for i in range(len(pages) + 1)]
    return {
        # the list of agreements on several pages: where this one is, and every page's range
        "sider": None if len(pages) == 1 else {
            "nummer": page, "antall": len(pages), "per_side": PER_PAGE,
            "alle": norsk.number(total), "fra": norsk.number(first_number),
            "til": norsk.number(first_number + count - 1),
            "forrige": page_name(page - 1) if page > 1 else None,
            "neste": page_name(page + 1) if page < len(pages) else None,
            "lenker": [{"href": page_name(i), "fra": norsk.number(numbers[i - 1] + 1),
                        "til": norsk.number(numbers[i]),
                        "forste": project.omrader[entries[0][1]].tittel,
                        "siste": project.omrader[entries[-1][1]].tittel, "her": i == page}
                       for i, entries in enumerate(pages, start=1)]},
        # the rest of the front page (the case file, changes, cases) only on page 1
        "oversikt_deler": parts if page == 1 else [],
        "oversikt_deler_tekst": norsk.count_text(len(parts)),
        "tittel": site_title(project),
        "ingress": norsk.say(
            f"Her ligger samarbeidsavtalen mellom {parties} og alle delavtalene som "
            "Word-filer til redigering og PDF til møtepapirer og arkiv. Status viser hvor "
            "hver avtale står i behandlingen i kommunestyrene.",
            f"Her ligg samarbeidsavtalen mellom {parties} og alle delavtalane som "
            "Word-filer til redigering og PDF til møtepapir og arkiv. Status viser kvar "
            "kvar avtale står i behandlinga i kommunestyra."),
        "hoveddokumenter": main_docs,
        "samlet": _link(build, "samlet.pdf") if page == 1 else None,
        # a large project's case file in parts (build/samlet-1.pdf …), in order
        "samlet_deler": [_link(build, p.name) for p in sorted(
            build.glob("samlet-*.pdf"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            if p.stem.rsplit("-", 1)[1].isdigit()] if page == 1 else [],
        "grupper": groups,
        "statuser": [(code, name) for code, name in status_order() if code in present],
        "antall": count,
        "kommuner": _councils_on_front(council_view(project, build), len(pages) > 1) if page == 1 else [],
        # what changed since the previous version of the sources («samarbeid endringer --nettside»)
        "endringer": changes if page == 1 else None,
        "endringsrapport": _link(build, "endringer.html"),
        # the newest source a document was made from: the same on every rebuild of the same sources
        "kildene_fra": _newest_source(documents.values()),
    }


REPORTS = ("kilder", "endringer")
"""The reviewers' reports published as build/<name>.md, each shown as build/<name>.html too."""


def report_pages(project: Project, build: Path) -> Iterator[tuple[str, bytes | None]]:
    """Each report's page as (relative path in build/, bytes), or None where its Markdown is
    not there (the page is then removed): what the download page links to."""
    form = project.rammeavtale.malform
    template = _environment(project.root, form).get_template("rapport.html.j2")
    for name in REPORTS:
        source = build / f"{name}.md"
        if not source.is_file():
            yield f"{name}.html", None
            continue
        # formatted, not raw Markdown, for a council secretary who follows the page's link
        title, body = report_html(source.read_text(encoding="utf-8"))
        with norsk.written_standard(form):
            yield f"{name}.html", template.render(tittel=title, tittel_tekst=title.striptags(),
                                                  innhold=body, markdown=source.name).encode("utf-8")


def site_title(project: Project) -> str:
    parties = norsk.join_names([project.kommuner[p].navn for p in project.rammeavtale.parter])
    return f"{norsk.say('Avtaler om interkommunalt samarbeid', 'Avtalar om interkommunalt samarbeid')} – {parties}"


def council_page(council: str) -> str:
    """The page of one council's case papers, in a project whose list of agreements is paged."""
    return f"saker-{council}.html"


def _councils_on_front(councils: list[dict[str, Any]], paged: bool) -> list[dict[str, Any]]:
    """The councils as the front page shows them: with every case, or, when the agreements are
    so many that their list is paged, with a link to the council's own page instead."""
    return [{**k, "saker": [], "side": council_page(k["id"])} if paged else {**k, "side": None}
            for k in councils]


def _cases_word(n: int) -> str:
    """How many cases, as a word agreeing with «sak» (common gender): ingen, én, to …"""
    return "ingen" if n == 0 else norsk.say("én", "éi") if n == 1 else norsk.count_text(n)


def council_view(project: Project, build: Path) -> list[dict[str, Any]]:
    """The case papers per council, with each case's status and files; [] before any case
    paper has been made («samarbeid saker»)."""
    found = cases(project)
    letters = notices(project)
    councils = []
    for council in sorted({c.council for c in found}, key=lambda k: project.kommuner[k].navn):
        name = project.kommuner[council].offisielt_navn
        rows = []
        own = [c for c in found if c.council == council]
        for case in own:
            code, text = case_status(project, case)
            title = case_title(project, case)
            rows.append({"tittel": title, "status": text, "status_kode": code,
                         "docx": _link(build, f"{case.path}.docx"), "pdf": _link(build, f"{case.path}.pdf")})
        for letter in (c for c in letters if c.council == council):
            area = project.omrader[letter.slug.removeprefix(f"{NOTICE}-")]
            rows.append({"tittel": norsk.say(f"Melding til statsforvalteren: {area.tittel}",
                                             f"Melding til statsforvaltaren: {area.tittel}"),
                         "status": norsk.say("Alle har vedtatt: skal sendes", "Alle har vedteke: skal sendast"),
                         "status_kode": "vedtatt",
                         "docx": _link(build, f"{letter.path}.docx"),
                         "pdf": _link(build, f"{letter.path}.pdf")})
        if not any(r["docx"] for r in rows):
            continue
        adopted = sum(r["status_kode"] == "vedtatt" for r in rows[:len(own)])
        councils.append({"id": council, "navn": name, "saker": rows,
                         "antall": f"{_cases_word(len(own))} {'sak' if len(own) == 1 else norsk.say('saker', 'saker')}",
                         "vedtatt": f"{_cases_word(adopted)} {norsk.say('vedtatt', 'vedtekne' if adopted > 1 else 'vedteken')}",
                         "zip": _link(build, f"saker/{council}.zip"),
                         "vedlegg": _link(build, f"saker/{council}/samlet-med-vedlegg.pdf")})
    return councils


def _newest_source(documents) -> str:
    from datetime import datetime
    times = [d.meta.made_iso for d in documents if d.meta.made_iso]
    if not times:
        return ""
    return norsk.date_text(max(datetime.fromisoformat(t) for t in times).date())


def render_site(project: Project, documents: list[Document], build: Path,
                body_of: Callable[[Document], str] | None = None,
                current: set[str] | None = None,
                changes: dict | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield every file of the site as (relative path in build/, bytes), one at a time.

    `body_of` gives a document's body as HTML (default: rendered from its blocks); a build that
    does not keep every document's blocks in memory passes the fragments it stored.
    """
    form = project.rammeavtale.malform
    env = _environment(project.root, form)
    by_slug = {d.slug: d for d in documents}
    body_of = body_of or render_body

    def written(render: Callable[[], str]) -> bytes:  # each page in the project's standard
        with norsk.written_standard(form):
            return render().encode("utf-8")
    pages = card_pages(project)
    for number in range(1, len(pages) + 1):  # one page at a time: its cards only in memory
        yield page_name(number), written(lambda: env.get_template("index.html.j2").render(
            index_context(project, by_slug, build, current, changes, number, pages)))
    if len(pages) > 1:  # so many agreements: each council's cases on a page of its own
        with norsk.written_standard(form):  # the councils' sentences in the project's standard
            title, councils = site_title(project), council_view(project, build)
        for council in councils:
            yield council_page(council["id"]), written(lambda: env.get_template("saker.html.j2").render(
                tittel=title, k={**council, "side": None}))
    page = env.get_template("avtale.html.j2")
    for doc in documents:
        yield f"html/{doc.slug}.html", written(lambda: page.render(
            dok=doc.meta, innhold=Markup(body_of(doc)),
            **_files(build, doc.slug, prefix="../", current=current)))
    files = {}
    for asset in ASSETS:
        # the style sheet and the script serve both written standards (the script's sentences
        # are in the page); a project may still give its own in maler/(nn/)nettside/
        folders = malsett.folders(project.root, form) + malsett.folders(project.root)
        path = next((f / TEMPLATES / asset for f in folders if (f / TEMPLATES / asset).is_file()), None)
        if path is None:
            raise InputError(f"Fant ikke {TEMPLATES}/{asset} på {form} (maler/"
                             f"{'nn/' if form == norsk.NYNORSK else ''}{TEMPLATES}/{asset}).")
        files[f"assets/{asset}"] = path.read_bytes()
    yield from files.items()

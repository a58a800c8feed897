"""Compose the document set: which documents exist, and each one's IR from its template."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import norsk
from ..kilder.prosjekt import Project
from .dokument import Document, Meta
from .klausuler import make_environment, parse, render_markdown
from .kontekst import FORM_TEXT, adoption_view, area_view, draft_banner, framework_context, listing_parts
from .livslop import stage

DOCX_TEMPLATE = "avtale.docx"
"""The Word template's name among the templates (malsett.find gives the file a project uses)."""
FRAMEWORK_SLUG = "samarbeidsavtale"
OVERVIEW_SLUG = "oversikt"


@dataclass(frozen=True)
class Planned:
    """One document to build: its file stem, template and the sources it depends on."""

    slug: str
    template: str
    kind: str
    part: int = 0  # a part of the overview's list of areas (1, 2 …); 0 for every other document


def plan(project: Project) -> list[Planned]:
    """Return the documents the project yields, in reading order (framework, overview, areas).

    Ended areas yield no document; they are listed in the framework and the overview.
    """
    docs = [Planned(FRAMEWORK_SLUG, "samarbeidsavtale.md.j2", "samarbeidsavtale"),
            Planned(OVERVIEW_SLUG, "oversikt.md.j2", "oversikt")]
    docs += [Planned(f"{OVERVIEW_SLUG}-{number}", "oversikt-del.md.j2", "oversikt", part=number)
             for number in range(1, len(listing_parts(project)) + 1)]
    for slug, area in project.omrader.items():
        if area.status == "avviklet":
            continue
        template = "delavtale.md.j2" if area.is_host_model else "orientering.md.j2"
        docs.append(Planned(slug, template, "delavtale" if area.is_host_model else "orientering"))
    return docs


def version_of(project: Project, area=None) -> str:
    """The version of an agreement: a new sub-agreement is 1.0, whatever the framework's version;
    the others (and the framework, `area` None) carry the framework's."""
    return "1.0" if area is not None and area.status == "ny" else project.rammeavtale.versjon


def written_form(project: Project, slug: str | None = None) -> str:
    """The written standard of a document: the area's own `målform`, else the framework's."""
    area = project.omrader.get(slug) if slug else None
    return (area.malform if area is not None and area.malform else None) or project.rammeavtale.malform


class Environments:
    """The clause templates' environments, one per written standard, each made when first
    needed; make one per build and share it (compiling the templates is most of the cost of
    composing a document)."""

    def __init__(self, project: Project):
        self.project = project
        self.made: dict[str, object] = {}

    def __call__(self, form: str):
        if form not in self.made:
            self.made[form] = make_environment(self.project.root, {}, form)
        return self.made[form]


def environment(project: Project) -> Environments:
    return Environments(project)


def compose(project: Project, planned: Planned, env: Environments | None = None) -> Document:
    """Render one planned document into the IR, in its written standard."""
    form = written_form(project, planned.slug)
    with norsk.written_standard(form):
        return in_language(_compose(project, planned, (env or environment(project))(form)), form)


def in_language(doc: Document, form: str) -> Document:
    """`doc` marked with the language tag of its written standard (nb-NO or nn-NO)."""
    return Document(doc.slug, replace(doc.meta, language=norsk.TAGS[form]), doc.blocks, doc.kind)


def _where_listed(planned: Planned, parts: list) -> str:
    """Where a draft's banner sends the reader for the areas it counts: the tables below (the
    overview, or a part of it), the overview's parts, or the overview."""
    if planned.kind == "oversikt" and (planned.part or not parts):
        return norsk.say("se tabellene nedenfor", "sjå tabellane nedanfor")
    if parts:
        return norsk.say("se delene av oversikten", "sjå delane av oversikta")
    return norsk.say("se oversikten", "sjå oversikta")


def _compose(project: Project, planned: Planned, env) -> Document:
    fw = project.rammeavtale
    parts = listing_parts(project) if planned.kind in ("samarbeidsavtale", "oversikt") else []
    parties_all = tuple(project.kommuner[p].offisielt_navn for p in fw.parter)
    if planned.kind in ("samarbeidsavtale", "oversikt"):
        where = stage(fw.behandling, list(fw.parter))
        participants = list(fw.parter)
    else:
        area = project.omrader[planned.slug]
        where = stage(area.behandling, area.deltakere)
        participants = area.deltakere
    area = project.omrader.get(planned.slug) if planned.kind in ("delavtale", "orientering") else None
    if planned.kind == "orientering":
        # information about a cooperation organised elsewhere: nothing here to adopt
        common = dict(status="Orientering", version=fw.versjon, date=norsk.date_text(fw.dato),
                      date_iso=fw.dato.isoformat(), draft=False, banner="")
    else:
        common = dict(status=where.text, version=fw.versjon, date=norsk.date_text(fw.dato),
                      date_iso=fw.dato.isoformat(), draft=where.draft,
                      banner=draft_banner(project, where, participants, area, _where_listed(planned, parts),
                                          [project.omrader[s] for s in parts[planned.part - 1]]
                                          if planned.part else None,
                                          facts=planned.kind in ("samarbeidsavtale", "delavtale"))
                      if where.draft else "")
    if planned.kind in ("samarbeidsavtale", "oversikt"):
        context = framework_context(project, planned.part)
        if planned.kind == "samarbeidsavtale":
            meta = Meta(title=fw.tittel, subtitle="Rammeavtale for interkommunalt samarbeid",
                        parties=parties_all, subject="Samarbeidsavtale",
                        keywords="samarbeidsavtale; vertskommune; interkommunalt samarbeid",
                        **common)
        else:  # the overview, or one of its parts
            meta = Meta(title=norsk.say("Oversikt over samarbeidsområdene", "Oversikt over samarbeidsområda")
                        + (f", del {planned.part} av {len(parts)}" if planned.part else ""),
                        subtitle=f"Vedlegg til {fw.tittel.lower()[0]}{fw.tittel[1:]}",
                        parties=parties_all, subject=norsk.say("Oversikt over samarbeidsområder",
                                                               "Oversikt over samarbeidsområde"),
                        keywords=norsk.say("oversikt; samarbeidsområder", "oversikt; samarbeidsområde"),
                        **common)
    else:
        context = area_view(project, planned.slug)
        area = project.omrader[planned.slug]
        parties = tuple(project.kommuner[p].offisielt_navn for p in area.deltakere)
        model = FORM_TEXT["vertskommune_nemnd" if area.has_board else "vertskommune"]
        if not area.is_host_model:
            subtitle = f"Orientering om {FORM_TEXT[area.form]}"
        elif set(area.deltakere) == set(fw.parter):
            among = f"mellom {norsk.join_names([project.kommuner[p].navn for p in fw.parter])}"
            # the framework by its own title, unless that title is just who its parties are
            subtitle = (f"Delavtale om {model} under samarbeidsavtalen {among}"
                        if fw.tittel == f"Samarbeidsavtale {among}" else
                        f"Delavtale om {model} under «{fw.tittel}»")
        else:  # not every party of the framework is a party here: say who is
            subtitle = (f"Delavtale mellom {norsk.join_names([project.kommuner[p].navn for p in area.deltakere])} "
                        f"om {model} under «{fw.tittel}»")
        common["version"] = version_of(project, area)
        meta = Meta(title=area.tittel, subtitle=subtitle, parties=parties,
                    subject=context["avtale"]["gruppe"],
                    keywords=f"{context['avtale']['gruppe']}; {context['avtale']['form_tekst']}",
                    **common)
    context["behandling"] = adoption_view(project, where, participants)
    markdown = render_markdown(env, planned.template, context, project.root)
    return Document(planned.slug, meta, parse(markdown), planned.kind)

"""Golden texts: rendered agreements compared with checked-in expected text.

Regenerate on purpose only, and review the diff: `make golden`.
"""

from pathlib import Path

import pytest

from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.skriv.docx import render_docx
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.kilder import malsett
from samarbeid_docs.tekst.sammenstill import DOCX_TEMPLATE, compose, plan

from .conftest import REPO
from .docx_tekst import docx_lines

GOLDEN = Path(__file__).resolve().parent / "golden"


def _check(name: str, lines: list[str], update: bool) -> None:
    path = GOLDEN / name
    text = "\n".join(lines).rstrip("\n") + "\n"
    if update:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run `make golden` and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden text; if the change is intended, run `make golden` "
        "and review the diff")


@pytest.mark.parametrize("slug", ["samarbeidsavtale", "landbruk", "nav", "renovasjon"])
def test_real_documents_match_golden_text(slug, update_golden):
    project = load_project(REPO)
    planned = next(p for p in plan(project) if p.slug == slug)
    _check(f"{slug}.txt", text_lines(compose(project, planned)), update_golden)


def test_minimal_docx_matches_golden_text(minimal, tmp_path, update_golden):
    project = load_project(minimal)
    doc = compose(project, next(p for p in plan(project) if p.slug == "plan"))
    out = tmp_path / "plan.docx"
    out.write_bytes(render_docx(doc, malsett.find(minimal, DOCX_TEMPLATE)))
    _check("minimal-plan.docx.txt", docx_lines(out), update_golden)


@pytest.mark.parametrize(("root", "council", "slug"), [
    ("repo", "roros", "barnevern"),      # the host
    ("repo", "os", "barnevern"),         # a samarbeidskommune delegating authority
    ("repo", "holtalen", "samarbeidsavtale"),
    ("repo", "os", "samlet"),            # the whole package in one decision
    ("fjellregion", "elvheim", "ppt"),   # a member of a board (§ 20-3)
    ("fjellregion", "myrstad", "lonn"),  # a new cost key: the change from today
])
def test_case_papers_match_golden_text(root, council, slug, update_golden):
    from samarbeid_docs.tekst.saker import Case, compose_case
    from .conftest import ROOTS
    project = load_project(REPO if root == "repo" else ROOTS / root)
    _check(f"sak-{council}-{slug}.txt", text_lines(compose_case(project, Case(council, slug))),
           update_golden)


@pytest.mark.parametrize("slug", ["samarbeidsavtale", "oversikt", "barnevern", "ppt", "revisjon"])
def test_nynorsk_documents_match_golden_text(slug, update_golden):
    """The nynorsk test region: the framework, the overview, a sub-agreement with delegated
    authority and a new key, a board agreement and an information sheet."""
    from .conftest import ROOTS
    project = load_project(ROOTS / "fjordregion")
    planned = next(p for p in plan(project) if p.slug == slug)
    _check(f"nn-{slug}.txt", text_lines(compose(project, planned)), update_golden)


@pytest.mark.parametrize(("council", "slug"), [
    ("dalsoy", "barnevern"),      # a samarbeidskommune, with the change from today's key
    ("dalsoy", "ppt"),            # the host of a board cooperation
    ("brekke", "samlet"),         # the combined case
])
def test_nynorsk_case_papers_match_golden_text(council, slug, update_golden):
    from samarbeid_docs.tekst.saker import Case, compose_case
    from .conftest import ROOTS
    project = load_project(ROOTS / "fjordregion")
    _check(f"nn-sak-{council}-{slug}.txt", text_lines(compose_case(project, Case(council, slug))),
           update_golden)

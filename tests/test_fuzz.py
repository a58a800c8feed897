"""Fuzzing: mutate the sources (values, types, structure, unicode, raw bytes) and demand that
loading, validation and rendering either succeed with every inserted character in the output
text, or stop with a clean located message. Any other exception is a failure with a traceback.

`make test` runs a quick profile; `make fuzz` runs at least 10 000 cases
(FUZZ_EKSEMPLER sets the number).
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from samarbeid_docs.bygging.bygg import compose_all
from samarbeid_docs.feil import InputError, Level
from samarbeid_docs.kilder import kilde
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.skriv.html import render_body
from samarbeid_docs.skriv.markdown import render_markdown
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.tekst.klausuler import parse

from .conftest import ROOTS

EXAMPLES = int(os.environ.get("FUZZ_EKSEMPLER", "60"))
FILES = ["avtaler/omrader/plan.yaml", "avtaler/samarbeidsavtale.yaml", "avtaler/kommuner.yaml",
         "avtaler/lover.yaml"]
# values that end up in the sub-agreement's text, so they must come out unchanged
RENDERED = {("tittel",), ("formål",), ("oppgaver", 0), ("myndighet", 0)}
HOSTILE = "{{ x }}{% if %}{# c #}<b>&amp;&<>\"'*_`#|[]()\\-+.!~^$@%:;,/?=\u00a0\u2009ïöæøåÅØÆ🙂\u202e\u0301"

texts = st.text(alphabet=st.one_of(st.sampled_from(HOSTILE), st.characters(codec="utf-8")),
                min_size=0, max_size=40)
scalars = st.one_of(texts, st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(texts, inner, max_size=3)),
                      max_leaves=6)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


def _set(data, path, value):
    if not path:
        return value
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _delete(data, path):
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return data


@st.composite
def mutations(draw):
    kind = draw(st.sampled_from(["rendered-text"] * 4 + ["replace", "replace-text", "delete",
                                                          "add", "raw"]))
    file = FILES[0] if kind == "rendered-text" else draw(st.sampled_from(FILES))
    source = kilde.load(ROOTS / "minimal" / file, file)
    data = source.data
    paths = sorted(RENDERED, key=str) if kind == "rendered-text" else list(_paths(data))
    path = draw(st.sampled_from(paths))
    inserted = None
    if kind == "rendered-text":
        inserted = draw(texts)
        data = _set(data, path, inserted)
    elif kind == "replace":
        data = _set(data, path, draw(values))
    elif kind == "replace-text" or (file == FILES[0] and path in RENDERED and draw(st.booleans())):
        inserted = draw(texts)
        data = _set(data, path, inserted)
        kind = "replace-text"
    elif kind == "delete" and path:
        data = _delete(data, path)
    elif kind == "add":
        target = data
        for part in path:
            target = target[part]
        if isinstance(target, dict):
            target[draw(texts)] = draw(values)
        elif isinstance(target, list):
            target.append(draw(values))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if kind == "raw":
        raw = draw(st.binary(max_size=8))
        at = draw(st.integers(0, len(text.encode("utf-8"))))
        blob = text.encode("utf-8")
        return file, blob[:at] + raw + blob[at:], None, path
    return file, text.encode("utf-8"), inserted, path


def _normal(text: str) -> str:
    return " ".join(text.split())


def _check(root: Path, file: str, blob: bytes, inserted: str | None, path) -> None:
    (root / file).write_bytes(blob)
    try:
        project = load_project(root)
        documents = compose_all(project)
    except InputError as exc:
        event("stoppet med melding")
        assert exc.problems or exc.message
        for problem in exc.problems:
            line = str(problem)
            assert problem.level in (Level.ERROR, Level.WARNING) and ": FEIL: " in line or \
                ": ADVARSEL: " in line, line
        return
    event("bygget" + (" med innsatt tekst" if inserted is not None else ""))
    outputs = []
    for doc in documents:
        outputs.append("\n".join(text_lines(doc)))
        outputs.append("\n".join(str(b) for b in parse(render_markdown(doc))))
        outputs.append(html.unescape(re.sub(r"<[^>]+>", "", str(render_body(doc)))))
    if inserted is not None and file == FILES[0] and path in RENDERED and _normal(inserted):
        plan = [d for d in documents if d.slug == "plan"]
        if plan:
            wanted = _normal(inserted)
            ir = _normal("\n".join(text_lines(plan[0])))
            assert wanted in ir, (wanted, "IR")
            md_text = _normal(" ".join(_plain_blocks(parse(render_markdown(plan[0])))))
            assert wanted in md_text, (wanted, "Markdown")
            html_text = _normal(html.unescape(re.sub(r"<[^>]+>", " ", str(render_body(plan[0])))))
            assert wanted in html_text or path == ("tittel",), (wanted, "HTML")
            if EXAMPLES <= 200 or hash(inserted) % 20 == 0:  # DOCX costs ~0.1 s; sample it
                from docx import Document as open_docx
                from samarbeid_docs.skriv.docx import render_docx
                from samarbeid_docs.kilder import malsett
                from samarbeid_docs.tekst.sammenstill import DOCX_TEMPLATE
                import io
                docx = open_docx(io.BytesIO(render_docx(plan[0], malsett.find(root, DOCX_TEMPLATE))))
                body = "\n".join(p.text for p in docx.paragraphs)
                assert wanted in _normal(body), (wanted, "DOCX")


def _plain_blocks(blocks):
    from samarbeid_docs.tekst.dokument import Heading, ListBlock, Paragraph, Table, plain
    for b in blocks:
        if isinstance(b, (Heading, Paragraph)):
            yield plain(b.runs)
        elif isinstance(b, ListBlock):
            yield from (plain(i.runs) for i in b.items)
        elif isinstance(b, Table):
            yield from (plain(c) for row in (b.header, *b.rows) for c in row)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(mutations())
def test_mutated_sources_render_or_fail_cleanly(tmp_path_factory, mutation):
    root = tmp_path_factory.getbasetemp() / "fuzz"
    if (root / "avtaler").exists():
        shutil.rmtree(root / "avtaler")
    shutil.copytree(ROOTS / "minimal" / "avtaler", root / "avtaler")
    _check(root, *mutation)

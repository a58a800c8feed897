"""The reviewers' reports (build/kilder.md, build/endringer.md) read from their Markdown into HTML,
for the site's pages of them (nettside/side.report_pages).

The Markdown is the reports' own, escaped where it holds the sources' words; of raw HTML only the
few tags the reports write themselves are let through (<ins>, <del> for changed words, <details>
with a list for a long list of agreements), each without attributes. Anything else is shown as
text, so a source that says «<script>» stays words on the page.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

_ALLOWED_TAG = re.compile(r"</?(?:ins|del|details|summary|ul|li)>")
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _allowed(html: str) -> bool:
    """Whether a piece of raw HTML holds only the reports' own tags (its text is escaped)."""
    return all(_ALLOWED_TAG.fullmatch(tag) for tag in _ANY_TAG.findall(html)) and \
        "<" not in _ANY_TAG.sub("", html)


def report_html(markdown: str) -> tuple[Markup, Markup]:
    """The report's title (its first heading, as HTML) and the rest as HTML (CommonMark with
    tables, as GitHub shows it), its headings set to start at <h2> under the page's <h1>."""
    md = MarkdownIt("commonmark").enable("table")
    first, _, rest = markdown.partition("\n")
    heading = first.startswith("#")
    tokens = _only_own_tags(md.parse(rest if heading else markdown))
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = min(levels) - 2 if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(2, int(token.tag[1]) - shift)}"
    # markdown-it escapes the text and checks every link (no javascript: addresses)
    title = _only_own_tags(md.parseInline(first.lstrip("#").strip())) if heading else []
    return (Markup(md.renderer.render(title, md.options, {})),
            Markup(md.renderer.render(tokens, md.options, {})))


def _only_own_tags(tokens: list) -> list:
    """`tokens` with every piece of raw HTML that is not the reports' own made text (escaped)."""
    for token in tokens:
        for part in [token, *(token.children or [])]:
            if part.type in ("html_inline", "html_block") and not _allowed(part.content):
                part.type = "text"
    return tokens

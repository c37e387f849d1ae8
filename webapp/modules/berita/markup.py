"""Editors write Markdown; readers get sanitised HTML. Two layers, both maintained libraries:

1. markdown-it-py renders CommonMark with raw HTML switched off (`html: False`): a `<script>` typed by an
   editor comes out as text, and links whose scheme is not safe are left unlinked by its `validateLink`.
2. nh3 (the Rust `ammonia` sanitiser) then keeps only the tags and attributes in `TAGS`/`ATTRIBUTES` and the
   URL schemes in `URL_SCHEMES`, whatever the renderer produced.

Headings shift down one level (`#` becomes `<h2>`) because the page's `<h1>` is the article's title.
"""
from __future__ import annotations

import math
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "strong", "em", "a", "code",
        "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "s"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
WORDS_PER_MINUTE = 200

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def to_html(text: str | None) -> str:
    """Markdown → sanitised HTML (a plain `str`, to be stored; wrap with `Markup` only when rendering)."""
    tokens = _md.parse(text or "")
    _shift_headings(tokens)
    rendered = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(rendered, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def safe(html: str | None) -> Markup:
    """Stored, already-sanitised HTML for a template; sanitised again (cheap) in case a row was edited by hand."""
    return Markup(nh3.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer nofollow"))


def plain_text(text: str | None) -> str:
    """The words of a Markdown text without any markup (for summaries, search and meta descriptions)."""
    return html_text(to_html(text))


def html_text(html: str) -> str:
    """The words of HTML made by `to_html`, without the markup."""
    stripped = nh3.clean(re.sub(r"</(p|li|h\d|tr|blockquote|pre)>", " ", html), tags=set())
    return re.sub(r"\s+", " ", nh3_unescape(stripped)).strip()


def nh3_unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


def reading_minutes(text: str | None, html: str | None = None) -> int:
    """Minutes to read at 200 words a minute, at least 1. `html`, the text's stored `to_html`, saves rendering
    the Markdown again (0.3 ms for a news article)."""
    words = len((html_text(html) if html is not None else plain_text(text)).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def excerpt(text: str | None, length: int = 160) -> str:
    words = plain_text(text)
    if len(words) <= length:
        return words
    return words[:length].rsplit(" ", 1)[0] + "…"

"""Atom 1.0 feeds of the region's news, whole and per category, so other sites can republish them.

Each entry carries the sanitised body as `type="html"` content: the template's autoescaping turns it into
text, which is what Atom expects of escaped HTML (a reader unescapes it once). Entry ids are tag URIs built
from the host, the article's creation day and its id, so they survive a change of slug.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, g, make_response, render_template, request, url_for

from . import bp, covers, markup
from .models import Article, Category
from .views_public import category_by_slug, latest, utc

ENTRIES = 20
CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def rfc3339(moment: datetime | None) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _host() -> str:
    return request.host.split(":", 1)[0].lower()


def _updated(article: Article) -> datetime:
    moments = [utc(m) for m in (article.publish_at, article.updated_at) if m is not None]
    return max(moments)


def _entry(article: Article) -> dict:
    created = utc(article.created_at or article.publish_at)
    share = covers.share_variant(article.cover)
    return {
        "id": f"tag:{_host()},{created:%Y-%m-%d}:berita/{article.id}",
        "title": article.title,
        "url": url_for("berita.article", slug=article.slug, _external=True),
        "published": rfc3339(article.publish_at),
        "updated": rfc3339(_updated(article)),
        "summary": article.summary or markup.excerpt(article.body, 300),
        "content": str(markup.safe(article.body_html)),  # a plain str: autoescaped into text
        "author": article.department.name if article.department else g.region.name,
        "category": article.category,
        "image": url_for("berita.cover", path=share["path"], _external=True) if share else None,
        "image_type": share["type"] if share else None,
    }


def _feed(category: Category | None):
    articles = latest(ENTRIES, category)
    updated = max((_updated(a) for a in articles), default=None)
    if updated is None:  # no news yet: the feed is as old as the region
        updated = utc(g.region.created_at or datetime.now(timezone.utc))
    if category is not None:
        self_url = url_for("berita.category_feed", slug=category.slug, _external=True)
        alternate = url_for("berita.index", kategori=category.slug, _external=True)
    else:
        self_url = url_for("berita.feed", _external=True)
        alternate = url_for("berita.index", _external=True)
    body = render_template("berita/feed.xml", category=category, entries=[_entry(a) for a in articles],
                           updated=rfc3339(updated), self_url=self_url, alternate=alternate)
    response = make_response(body)
    response.headers["Content-Type"] = CONTENT_TYPE
    response.headers["Cache-Control"] = "public, max-age=600"
    return response


@bp.get("/berita/feed.xml")
def feed():
    """The 20 newest public articles of the region."""
    return _feed(None)


@bp.get("/berita/kategori/<slug>/feed.xml")
def category_feed(slug):
    """The 20 newest public articles of one category; an unknown category is a 404."""
    category = category_by_slug(slug[:64])
    if category is None:
        abort(404)
    return _feed(category)

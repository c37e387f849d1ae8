"""Open data of Berita under /api/v1/: the region's news and its announcements, as the public pages show them.

- `/api/v1/news`: articles a visitor may read in the list (`Article.public(now)`: published, or scheduled
  and its time has come), newest first by publication time; `category` (a slug), `q` (words in the title,
  summary or text, as the site's search) and `since` (a local day).
- `/api/v1/news/<slug>`: one article with its body as the sanitised HTML the site shows (`body_html`)
  and as plain text (`body_text`). Archived articles stay readable here, as at their web address, and
  say so (`archived`); they are no longer listed.
- `/api/v1/announcements`: the current announcements (published, started, not expired), newest first;
  `state=expired` gives the ones that have expired instead, newest first as well.

Editors' names are never given: an article is signed by its office (`department`), as on the site.
Last-Modified for news is when any article of the region last changed or came out; announcements carry no
edit time, so they have an ETag only.
"""
from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from ...core.api.http import (ApiError, choice_param, date_param, json_response, latest, limit_param, local_midnight,
                              lookup_param, moment_keyset, page, text_param)
from ...core.api.schema import (BAD_REQUEST, NOT_FOUND, NOT_MODIFIED, PAGING, json_content, nullable, obj, page_of,
                                path, query, ref)
from ...extensions import db
from . import bp, markup
from .models import Announcement, Article, Category, Status
from .views_announcements import current, is_expired, visible
from .views_public import QUERY_MAX, QUERY_MIN, now_utc, readable_condition, text_search, utc

SLUG_MAX = 120
STATES = ("current", "expired")


def _after(query, column, ident_column, after: tuple[datetime, int] | None):
    if after is None:
        return query
    moment, ident = after
    return query.where(or_(column < moment, and_(column == moment, ident_column < ident)))


def _rows(query, column, ident_column, limit: int) -> tuple[list, tuple | None]:
    """One page, newest first, and the sort values of its last row when there is more."""
    query = _after(query, column, ident_column, moment_keyset()).order_by(column.desc(), ident_column.desc())
    rows = list(db.session.execute(query.limit(limit + 1)).unique().scalars())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, (utc(getattr(last, column.key)), last.id)


# ---------------------------------------------------------------------------------------------------- news

def _department(row) -> str | None:
    return row.department.name if row.department is not None else None


def _cover(article: Article) -> dict | None:
    if not article.cover:
        return None
    images = [{"url": url_for("berita.cover", path=v["path"], _external=True), "width": v.get("width"),
               "height": v.get("height"), "type": v.get("type")} for v in article.cover if v.get("path")]
    if not images:
        return None
    return {"alt": article.cover_alt or None, "caption": article.caption or None, "credit": article.credit or None,
            "images": images}


def _changed(article: Article) -> datetime:
    return latest([article.publish_at, article.updated_at])


def article_item(article: Article) -> dict:
    return {
        "id": article.id,
        "slug": article.slug,
        "url": url_for("berita.article", slug=article.slug, _external=True),
        "title": article.title,
        "summary": article.summary or markup.excerpt(article.body, 200),
        "category": {"slug": article.category.slug, "name": article.category.name} if article.category else None,
        "tags": [str(tag) for tag in article.tags or []],
        "department": _department(article),
        "published_at": utc(article.publish_at),
        "updated_at": _changed(article),
        "cover": _cover(article),
    }


def _category_param() -> Category | None:
    return lookup_param(
        "category", lambda slug: db.session.execute(select(Category).where(Category.slug == slug)).scalar_one_or_none(),
        64, lambda slug: _("There is no news category “%(slug)s”. Use a category's slug, as the items' "
                           "category.slug gives it.", slug=slug))


def _query_param() -> str | None:
    q = text_param("q")
    if q is not None and not QUERY_MIN <= len(q) <= QUERY_MAX:
        raise ApiError(_("Please type between %(min)d and %(max)d characters to search.", min=QUERY_MIN,
                         max=QUERY_MAX), "q")
    return q


def _news_changed_at(now: datetime) -> datetime | None:
    """When the region's news last changed: an edit, a status change, or an article's time to appear."""
    edited = db.session.execute(select(func.max(Article.updated_at))).scalar()
    appeared = db.session.execute(select(func.max(Article.publish_at)).where(Article.publish_at <= now)).scalar()
    return latest([edited, appeared])


@bp.get("/api/v1/news")
def api_news():
    """Published articles, newest first, `limit` at a time."""
    limit = limit_param()
    category, q, since = _category_param(), _query_param(), date_param("since")
    now = now_utc()
    query = select(Article).where(Article.public(now))
    if category is not None:
        query = query.where(Article.category_id == category.id)
    if q is not None:
        query = text_search(query, q)
    low = local_midnight(since) if since is not None else None
    if low is not None:
        query = query.where(Article.publish_at >= low)
    rows, following = _rows(query, Article.publish_at, Article.id, limit)
    return page([article_item(a) for a in rows], following, _news_changed_at(now))


@bp.get("/api/v1/news/<slug>")
def api_news_article(slug):
    """One readable article with its body; archived ones too (they say so)."""
    article = None
    if len(slug) <= SLUG_MAX and "\x00" not in slug:
        article = db.session.execute(select(Article).where(
            Article.slug == slug, readable_condition(now_utc()))).unique().scalar_one_or_none()
    if article is None:
        raise ApiError(_("There is no published article at “%(slug)s”.", slug=slug[:SLUG_MAX]), None, 404)
    body = {**article_item(article), "archived": article.status == Status.ARCHIVED,
            "body_html": str(markup.safe(article.body_html)), "body_text": markup.plain_text(article.body)}
    return json_response(body, _changed(article))


# ------------------------------------------------------------------------------------------- announcements

def announcement_item(item: Announcement, now: datetime) -> dict:
    attachment = None
    if item.attachment:
        attachment = {"url": url_for("berita.announcement_pdf", announcement_id=item.id, _external=True),
                      "name": item.attachment_name or None, "size": item.attachment_size}
    return {
        "id": item.id,
        "url": url_for("berita.announcement", announcement_id=item.id, _external=True),
        "title": item.title,
        "body_html": str(markup.safe(item.body_html)),
        "body_text": markup.plain_text(item.body),
        "department": _department(item),
        "starts_at": utc(item.starts_at),
        "expires_at": utc(item.expires_at) if item.expires_at is not None else None,
        "state": "expired" if is_expired(item, now) else "current",
        "attachment": attachment,
    }


@bp.get("/api/v1/announcements")
def api_announcements():
    """Current announcements (or, with state=expired, expired ones), newest first."""
    limit = limit_param()
    state = choice_param("state", STATES) or "current"
    now = now_utc()
    if state == "current":
        query = select(Announcement).where(current(now))
    else:
        query = select(Announcement).where(visible(now), Announcement.expires_at <= now)
    rows, following = _rows(query, Announcement.starts_at, Announcement.id, limit)
    return page([announcement_item(a, now) for a in rows], following)


# ------------------------------------------------------------------------------------------------- OpenAPI

def openapi() -> dict:
    moment = {"type": "string", "format": "date-time"}
    uri = {"type": "string", "format": "uri"}
    image = obj({"url": uri, "width": nullable("integer"), "height": nullable("integer"), "type": nullable("string")})
    article = {
        "id": {"type": "integer", "minimum": 1},
        "slug": {"type": "string"},
        "url": {**uri, "description": _("The article's web page.")},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "category": {"oneOf": [{"type": "null"}, obj({"slug": {"type": "string"}, "name": {"type": "string"}})]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "department": nullable("string", description=_("The office (OPD) that published it.")),
        "published_at": moment,
        "updated_at": moment,
        "cover": {"oneOf": [{"type": "null"}, obj({
            "alt": nullable("string"), "caption": nullable("string"), "credit": nullable("string"),
            "images": {"type": "array", "items": image, "description": _("The same picture in several sizes.")}})]},
    }
    full = {**article, "archived": {"type": "boolean"},
            "body_html": {"type": "string", "description": _("Sanitised HTML, as the site shows it.")},
            "body_text": {"type": "string", "description": _("The text without markup.")}}
    announcement = obj({
        "id": {"type": "integer", "minimum": 1},
        "url": uri,
        "title": {"type": "string"},
        "body_html": {"type": "string"},
        "body_text": {"type": "string"},
        "department": nullable("string"),
        "starts_at": moment,
        "expires_at": nullable("string", format="date-time"),
        "state": {"type": "string", "enum": list(STATES)},
        "attachment": {"oneOf": [{"type": "null"}, obj({
            "url": uri, "name": nullable("string"), "size": nullable("integer", minimum=0)})]},
    })
    paths = {
        "/api/v1/news": {"get": {
            "operationId": "beritaNews", "summary": _("Published news articles, newest first"),
            "parameters": [
                *PAGING,
                query("category", {"type": "string"}, _("A news category's slug (category.slug).")),
                query("q", {"type": "string", "minLength": QUERY_MIN, "maxLength": QUERY_MAX},
                      _("Words in the title, summary or text.")),
                query("since", {"type": "string", "format": "date"},
                      _("Published on this day or later (region time).")),
            ],
            "responses": {"200": json_content(ref("BeritaArticlePage"), _("A page of articles.")),
                          "304": NOT_MODIFIED, "400": BAD_REQUEST, "404": NOT_FOUND},
        }},
        "/api/v1/news/{slug}": {"get": {
            "operationId": "beritaNewsArticle", "summary": _("One article with its text"),
            "parameters": [path("slug", {"type": "string"})],
            "responses": {"200": json_content(ref("BeritaArticleFull"), _("The article.")), "304": NOT_MODIFIED,
                          "404": NOT_FOUND},
        }},
        "/api/v1/announcements": {"get": {
            "operationId": "beritaAnnouncements", "summary": _("Current (or expired) announcements"),
            "parameters": [*PAGING, query("state", {"type": "string", "enum": list(STATES)},
                                          _("current (the default) or expired."))],
            "responses": {"200": json_content(ref("BeritaAnnouncementPage"), _("A page of announcements.")),
                          "304": NOT_MODIFIED, "400": BAD_REQUEST, "404": NOT_FOUND},
        }},
    }
    schemas = {
        "BeritaArticle": obj(article),
        "BeritaArticleFull": obj(full),
        "BeritaArticlePage": page_of("BeritaArticle"),
        "BeritaAnnouncement": announcement,
        "BeritaAnnouncementPage": page_of("BeritaAnnouncement"),
    }
    return {"paths": paths, "schemas": schemas}

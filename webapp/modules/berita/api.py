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

from datetime import date, datetime, time, timezone

from flask import g, request, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from ...core.api.http import (ApiError, choice_param, cursor_param, date_param, json_response, latest, limit_param,
                              page)
from ...extensions import db
from . import bp, markup
from .models import Announcement, Article, Category, Status
from .views_announcements import current, is_expired, visible
from .views_public import QUERY_MAX, QUERY_MIN, now_utc, readable_condition, text_search, utc

MAX_ID = 2**31 - 1
SLUG_MAX = 120
STATES = ("current", "expired")


def _arg(name: str) -> str | None:
    """A text parameter for a database lookup; empty is missing (as in core.api.http), NUL is refused."""
    value = request.args.get(name, "").strip()
    if "\x00" in value:  # PostgreSQL cannot compare text holding NUL
        raise ApiError(_("%(name)s holds a character that is not allowed.", name=name), name)
    return value or None


def _keyset() -> tuple[datetime, int] | None:
    """The (time, id) after which the page starts, from the cursor; 400 when it is not one of ours."""
    values = cursor_param(2)
    if values is None:
        return None
    moment, ident = values
    try:
        moment = datetime.fromisoformat(moment) if isinstance(moment, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or type(ident) is not int or not 0 <= ident <= MAX_ID:
        raise ApiError(_("The cursor is not valid. Use the next_cursor of a previous page."), "cursor")
    return moment.astimezone(timezone.utc), ident


def _after(query, column, ident_column, after: tuple[datetime, int] | None):
    if after is None:
        return query
    moment, ident = after
    return query.where(or_(column < moment, and_(column == moment, ident_column < ident)))


def _rows(query, column, ident_column, limit: int) -> tuple[list, tuple | None]:
    """One page, newest first, and the sort values of its last row when there is more."""
    query = _after(query, column, ident_column, _keyset()).order_by(column.desc(), ident_column.desc())
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
    slug = _arg("category")
    if slug is None:
        return None
    found = db.session.execute(select(Category).where(Category.slug == slug[:64])).scalar_one_or_none()
    if found is None or len(slug) > 64:
        raise ApiError(_("There is no news category “%(slug)s”. Use a category's slug, as the items' "
                         "category.slug gives it.", slug=slug[:64]), "category")
    return found


def _query_param() -> str | None:
    q = _arg("q")
    if q is not None and not QUERY_MIN <= len(q) <= QUERY_MAX:
        raise ApiError(_("Please type between %(min)d and %(max)d characters to search.", min=QUERY_MIN,
                         max=QUERY_MAX), "q")
    return q


def _local_midnight(day: date) -> datetime | None:
    from zoneinfo import ZoneInfo

    try:
        return datetime.combine(day, time.min, tzinfo=ZoneInfo(g.region.timezone or "Asia/Jakarta")).astimezone(
            timezone.utc)
    except (OverflowError, ValueError):
        return None


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
    low = _local_midnight(since) if since is not None else None
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

def _nullable(kind: str, **more) -> dict:
    return {"type": [kind, "null"], **more}


def _object(properties: dict) -> dict:
    return {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _page(item: str) -> dict:
    return _object({"items": {"type": "array", "items": _ref(item)}, "next_cursor": _nullable("string"),
                    "next": _nullable("string", format="uri")})


NOT_MODIFIED = {"$ref": "#/components/responses/NotModified"}  # shared: core/api/spec.py
BAD = {"$ref": "#/components/responses/BadRequest"}
MISSING = {"$ref": "#/components/responses/NotFound"}
PAGING = [{"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/cursor"}]


def openapi() -> dict:
    moment = {"type": "string", "format": "date-time"}
    uri = {"type": "string", "format": "uri"}
    image = _object({"url": uri, "width": _nullable("integer"), "height": _nullable("integer"),
                     "type": _nullable("string")})
    article = {
        "id": {"type": "integer", "minimum": 1},
        "slug": {"type": "string"},
        "url": {**uri, "description": _("The article's web page.")},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "category": {"oneOf": [{"type": "null"}, _object({"slug": {"type": "string"}, "name": {"type": "string"}})]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "department": _nullable("string", description=_("The office (OPD) that published it.")),
        "published_at": moment,
        "updated_at": moment,
        "cover": {"oneOf": [{"type": "null"}, _object({
            "alt": _nullable("string"), "caption": _nullable("string"), "credit": _nullable("string"),
            "images": {"type": "array", "items": image, "description": _("The same picture in several sizes.")}})]},
    }
    full = {**article, "archived": {"type": "boolean"},
            "body_html": {"type": "string", "description": _("Sanitised HTML, as the site shows it.")},
            "body_text": {"type": "string", "description": _("The text without markup.")}}
    announcement = _object({
        "id": {"type": "integer", "minimum": 1},
        "url": uri,
        "title": {"type": "string"},
        "body_html": {"type": "string"},
        "body_text": {"type": "string"},
        "department": _nullable("string"),
        "starts_at": moment,
        "expires_at": _nullable("string", format="date-time"),
        "state": {"type": "string", "enum": list(STATES)},
        "attachment": {"oneOf": [{"type": "null"}, _object({
            "url": uri, "name": _nullable("string"), "size": _nullable("integer", minimum=0)})]},
    })
    paths = {
        "/api/v1/news": {"get": {
            "operationId": "beritaNews", "summary": _("Published news articles, newest first"),
            "parameters": [
                *PAGING,
                _query("category", {"type": "string"}, _("A news category's slug (category.slug).")),
                _query("q", {"type": "string", "minLength": QUERY_MIN, "maxLength": QUERY_MAX},
                       _("Words in the title, summary or text.")),
                _query("since", {"type": "string", "format": "date"},
                       _("Published on this day or later (region time).")),
            ],
            "responses": {"200": _json(_ref("BeritaArticlePage"), _("A page of articles.")), "304": NOT_MODIFIED,
                          "400": BAD, "404": MISSING},
        }},
        "/api/v1/news/{slug}": {"get": {
            "operationId": "beritaNewsArticle", "summary": _("One article with its text"),
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": _json(_ref("BeritaArticleFull"), _("The article.")), "304": NOT_MODIFIED,
                          "404": MISSING},
        }},
        "/api/v1/announcements": {"get": {
            "operationId": "beritaAnnouncements", "summary": _("Current (or expired) announcements"),
            "parameters": [*PAGING, _query("state", {"type": "string", "enum": list(STATES)},
                                           _("current (the default) or expired."))],
            "responses": {"200": _json(_ref("BeritaAnnouncementPage"), _("A page of announcements.")),
                          "304": NOT_MODIFIED, "400": BAD, "404": MISSING},
        }},
    }
    schemas = {
        "BeritaArticle": _object(article),
        "BeritaArticleFull": _object(full),
        "BeritaArticlePage": _page("BeritaArticle"),
        "BeritaAnnouncement": announcement,
        "BeritaAnnouncementPage": _page("BeritaAnnouncement"),
    }
    return {"paths": paths, "schemas": schemas}

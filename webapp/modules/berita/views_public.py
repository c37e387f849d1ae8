"""Public news pages: the list (category filter, search, keyset pagination), the monthly archive, an article
with its cover, share links and related articles, the cover images themselves, and the home card.

Only `Article.public(now)` articles are listed anywhere. An archived article stays readable at its own URL
(links from elsewhere keep working) with a note saying it is archived, but it is no longer listed, searched,
related or in the feeds. Query parameters are Indonesian like the paths: `kategori` (a category's slug), `q`
(words) and `sebelum` (the cursor of the next, older page).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import abort, g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, func, or_, select
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from ...core.search import like_pattern
from ...core.errors import render_error
from ...core.forms import BaseForm, strip
from ...core.rendering import render, wants_fragment
from ...core.uploads import send_upload
from ...extensions import db
from . import bp, covers, markup
from .models import PUBLIC_STATUSES, Article, Category, Status

PAGE_SIZE = 10
ARCHIVE_MONTHS = 24
RELATED = 3
RELATED_SCAN = 200  # newest public articles looked through for shared tags
QUERY_MIN, QUERY_MAX = 2, 100
COVER_PATH = re.compile(r"[A-Za-z0-9_-]+/berita/[0-9a-f]{32}\.(webp|jpg)")
YEAR_SECONDS = 365 * 24 * 3600
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CURSOR = re.compile(r"(\d{1,20})\.(\d{1,18})")


# Time

def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; naive values (SQLite returns them) are UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def region_zone() -> ZoneInfo:
    return ZoneInfo(g.region.timezone or "Asia/Jakarta")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next one in the region's time zone, as UTC."""
    zone = region_zone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


# Queries (every one runs through the scoped session: only the current region's rows)

def public_articles(now: datetime | None = None):
    """SELECT of the articles a visitor may see listed, not yet ordered."""
    return select(Article).where(Article.public(now or now_utc()))


def readable_condition(now: datetime):
    """Listed articles, and archived ones that had been published: still readable at their URL."""
    archived = and_(Article.status == Status.ARCHIVED, Article.publish_at.is_not(None), Article.publish_at <= now)
    return or_(Article.public(now), archived)


def text_search(query, q: str):
    pattern = like_pattern(q)
    return query.where(or_(Article.title.ilike(pattern, escape="\\"), Article.summary.ilike(pattern, escape="\\"),
                           Article.body.ilike(pattern, escape="\\")))


def newest_first(query):
    return query.order_by(Article.publish_at.desc(), Article.id.desc())


def cursor_of(article: Article) -> str:
    """"<microseconds since 1970 of publish_at>.<id>": where the next page starts."""
    return f"{(utc(article.publish_at) - _EPOCH) // timedelta(microseconds=1)}.{article.id}"


def older_than(query, cursor: str | None):
    """Rows strictly after `cursor` in newest-first order; a malformed cursor means the first page."""
    match = _CURSOR.fullmatch(cursor or "")
    if not match:
        return query
    moment = _EPOCH + timedelta(microseconds=int(match.group(1)))
    ident = int(match.group(2))
    return query.where(or_(Article.publish_at < moment, and_(Article.publish_at == moment, Article.id < ident)))


def page_of(query, cursor: str | None, limit: int = PAGE_SIZE) -> tuple[list[Article], str | None]:
    """One page, newest first, and the cursor of the next page (None on the last one)."""
    rows = list(db.session.execute(newest_first(older_than(query, cursor)).limit(limit + 1)).unique().scalars())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor_of(rows[-1])


def latest(limit: int, category: Category | None = None) -> list[Article]:
    query = public_articles()
    if category is not None:
        query = query.where(Article.category_id == category.id)
    return list(db.session.execute(newest_first(query).limit(limit)).unique().scalars())


def categories() -> list[Category]:
    return list(db.session.execute(select(Category).order_by(Category.position, Category.name)).scalars())


def category_by_slug(slug: str) -> Category | None:
    return db.session.execute(select(Category).where(Category.slug == slug)).scalar_one_or_none()


def archive_months(now: datetime | None = None) -> list[dict]:
    """Months of the last ARCHIVE_MONTHS (region time) with public articles: [{"year","month","count"}], newest first.

    The database counts each month between its bounds (computed here in the region's time zone, which SQLite
    cannot apply), in one query: no article's date comes back to Python. Each month is its own count over a
    range of the (region, status, publish date) index, which reads only the index entries of that month;
    one pass testing every row of the year against each month's bounds cost 3.5 ms at 5,000 articles on
    SQLite, growing with the articles of the year (docs/benchmarks.md).
    """
    now = now or now_utc()
    local_now = now.astimezone(region_zone())
    newest = local_now.year * 12 + local_now.month - 1
    months = [(n // 12, n % 12 + 1) for n in range(newest, newest - ARCHIVE_MONTHS, -1)]
    bounds = [month_bounds(year, month) for year, month in months]
    region_id = g.region.id

    def month_count(start: datetime, end: datetime):
        # Article.public(now), written as one range: with both "<= now" and "< end", SQLite may take
        # "<= now" as the range's end and read every entry from the month's start to today.
        until = Article.publish_at <= now if end > now else Article.publish_at < end
        return (select(func.count()).select_from(Article)
                .where(Article.region_id == region_id, Article.status.in_(PUBLIC_STATUSES),
                       Article.publish_at >= start, until)
                .scalar_subquery())

    counts = db.session.execute(select(*[month_count(start, end) for start, end in bounds])).one()
    return [{"year": y, "month": m, "count": n, "first_day": date(y, m, 1)}
            for (y, m), n in zip(months, counts) if n]


def related_articles(article: Article, now: datetime | None = None) -> list[Article]:
    """Up to RELATED newest public articles in the same category or sharing a tag, never the article itself."""
    now = now or now_utc()
    base = public_articles(now).where(Article.id != article.id)
    found = []
    if article.category_id is not None:
        found = list(db.session.execute(
            newest_first(base.where(Article.category_id == article.category_id)).limit(RELATED)).unique().scalars())
    tags = {str(t).casefold() for t in article.tags or []}
    if tags:
        rows = db.session.execute(newest_first(
            select(Article.id, Article.tags).where(Article.public(now), Article.id != article.id)).limit(RELATED_SCAN))
        known = {a.id for a in found}
        ids = [row.id for row in rows if row.id not in known and tags & {str(t).casefold() for t in row.tags or []}]
        if ids[:RELATED]:
            found += db.session.execute(select(Article).where(Article.id.in_(ids[:RELATED]))).unique().scalars()
    found.sort(key=lambda a: (utc(a.publish_at), a.id), reverse=True)
    return found[:RELATED]


# The list

class FilterForm(BaseForm):
    """The list's search and category filter, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search the news"), [Optional(), Length(min=QUERY_MIN, max=QUERY_MAX, message=_l(
        "Please type between %(min)d and %(max)d characters to search."))], filters=[strip])
    kategori = SelectField(_l("Category"), choices=[], default="", validate_choice=False)

    def fill(self, rows: list[Category]) -> None:
        self.kategori.choices = [("", _l("Every category"))] + [(c.slug, c.name) for c in rows]

    def query_args(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if field.data and not field.errors}


def feed_url(category: Category | None = None) -> str:
    if category is not None:
        return url_for("berita.category_feed", slug=category.slug)
    return url_for("berita.feed")


@bp.get("/berita/")
def index():
    """Newest public articles, filtered by category and words; htmx swaps the list or appends the next page."""
    form = FilterForm(formdata=request.args)
    all_categories = categories()
    form.fill(all_categories)
    form.validate()
    category = None
    if form.kategori.data:
        category = next((c for c in all_categories if c.slug == form.kategori.data), None)
        if category is None:
            return render_error(404, _("There is no news category called “%(slug)s”. Choose one from the list on "
                                       "the news page.", slug=form.kategori.data[:64]))
    cursor = request.args.get("sebelum") or None
    status, rows, next_cursor = 200, [], None
    if form.q.errors:
        status = 400
    else:
        query = public_articles()
        if category is not None:
            query = query.where(Article.category_id == category.id)
        if form.q.data:
            query = text_search(query, form.q.data)
        rows, next_cursor = page_of(query, cursor)
    return render("berita/index.html", block="page" if cursor else "list", status=status, form=form,
                  category=category, rows=rows, next_cursor=next_cursor, cursor=cursor, query=form.query_args(),
                  months=[] if wants_fragment() else archive_months(), feed=feed_url(category), month=None)


@bp.get("/berita/arsip/<int:year>/<int:month>")
def archive(year, month):
    """Public articles of one month in the region's time zone, newest first, ten at a time."""
    if not (1 <= month <= 12 and 2000 <= year <= 2200):
        abort(404)
    start, end = month_bounds(year, month)
    cursor = request.args.get("sebelum") or None
    query = public_articles().where(Article.publish_at >= start, Article.publish_at < end)
    rows, next_cursor = page_of(query, cursor)
    return render("berita/index.html", block="page" if cursor else "list", form=None, category=None, rows=rows,
                  next_cursor=next_cursor, cursor=cursor, query={}, months=[] if wants_fragment() else archive_months(),
                  feed=feed_url(), month={"year": year, "month": month, "first_day": date(year, month, 1)})


# An article

def readable_article(slug: str) -> Article:
    article = db.session.execute(
        select(Article).where(Article.slug == slug[:120], readable_condition(now_utc()))).unique().scalar_one_or_none()
    if article is None:
        abort(404)
    return article


def share_links(article: Article, url: str) -> dict:
    return {"whatsapp": "https://wa.me/?text=" + quote(f"{article.title} {url}", safe="")}


@bp.get("/berita/<slug>")
def article(slug):
    """One article: cover, office, date in region time, reading time, body, tags, sharing and related news."""
    item = readable_article(slug)
    url = url_for("berita.article", slug=item.slug, _external=True)
    share = covers.share_variant(item.cover)
    share_url = url_for("berita.cover", path=share["path"], _external=True) if share else None
    return render(
        "berita/article.html", block=None, article=item, url=url, body=markup.safe(item.body_html),
        description=item.summary or markup.excerpt(item.body, 200),
        minutes=markup.reading_minutes(item.body, item.body_html),
        archived=item.status == Status.ARCHIVED, related=related_articles(item), links=share_links(item, url),
        share_image=share, share_image_url=share_url, feed=feed_url(),
    )


@bp.get("/berita/gambar/<path:path>")
def cover(path):
    """A cover variant, only if it belongs to a readable article of this region; cached for a year (random names)."""
    match = COVER_PATH.fullmatch(path)
    if not match:
        abort(404)
    candidates = db.session.execute(select(Article.cover).where(
        readable_condition(now_utc()), cast(Article.cover, String).like(like_pattern(f'"{path}"'), escape="\\")
    )).scalars()
    if not any(v.get("path") == path for variants in candidates for v in variants or []):
        abort(404)
    return send_upload(path, f"public, max-age={YEAR_SECONDS}, immutable")


# Home card

def card_context() -> dict:
    """The three newest public articles for the home page card."""
    return {"articles": latest(3)}

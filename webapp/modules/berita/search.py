"""What /cari finds in Berita: current announcements, published information pages and public articles.

Words match anywhere in the title or text, in any case (LIKE, with %, _ and \\ taken literally). Results
link to their public pages.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ...core.modules import SearchHit
from ...extensions import db
from . import markup
from .models import Announcement, InfoPage
from .views_public import QUERY_MAX, QUERY_MIN, like_pattern, newest_first, now_utc, public_articles, text_search

KIND_ARTICLE = _l("News")
KIND_ANNOUNCEMENT = _l("Announcement")
KIND_PAGE = _l("Information page")


def _words(column, pattern):
    return column.ilike(pattern, escape="\\")


def articles(q: str, limit: int) -> list[SearchHit]:
    rows = db.session.execute(newest_first(text_search(public_articles(), q)).limit(limit)).unique().scalars()
    return [SearchHit(a.title, url_for("berita.article", slug=a.slug), a.summary or markup.excerpt(a.body),
                      a.publish_at, KIND_ARTICLE) for a in rows]


def announcements(q: str, limit: int) -> list[SearchHit]:
    """Announcements on show now: published, started, not expired."""
    now, pattern = now_utc(), like_pattern(q)
    query = (select(Announcement)
             .where(Announcement.published.is_(True), Announcement.starts_at <= now,
                    or_(Announcement.expires_at.is_(None), Announcement.expires_at > now),
                    or_(_words(Announcement.title, pattern), _words(Announcement.body, pattern)))
             .order_by(Announcement.starts_at.desc(), Announcement.id.desc()).limit(limit))
    return [SearchHit(a.title, url_for("berita.announcement", announcement_id=a.id), markup.excerpt(a.body), a.starts_at, KIND_ANNOUNCEMENT)
            for a in db.session.execute(query).unique().scalars()]


def pages(q: str, limit: int) -> list[SearchHit]:
    pattern = like_pattern(q)
    query = (select(InfoPage)
             .where(InfoPage.published.is_(True), or_(_words(InfoPage.title, pattern), _words(InfoPage.body, pattern)))
             .order_by(InfoPage.position, InfoPage.title).limit(limit))
    return [SearchHit(p.title, url_for("berita.page", slug=p.slug), markup.excerpt(p.body), None, KIND_PAGE)
            for p in db.session.execute(query).scalars()]


def search(query: str, limit: int) -> list[SearchHit]:
    """At most `limit` hits: announcements and information pages first (there are few), then the newest news."""
    q = (query or "").strip()[:QUERY_MAX]
    if len(q) < QUERY_MIN or limit <= 0:
        return []
    hits = announcements(q, limit) + pages(q, limit)
    return (hits + articles(q, limit))[:limit]

"""Writing articles: slugs, tags, publishing choices in the region's time zone, revisions and publish-due.

The views parse forms and call these; every rule that says no raises `Refused` with a translated message
naming its form field, before anything is written, so a refused save leaves nothing behind.

Revisions keep every version an editor saved: the first save records the initial text, and each later save
that changes the content records the new text (after making sure the text it replaces is on record too,
for rows written by other means such as demo data). Restoring a revision is one more such save.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from ...core.models import utcnow
from ...core.staff.common import Refused, slugify
from ...extensions import db
from . import markup
from .models import Article, ArticleRevision, Category, Status

# Paths under /berita/ that are not articles: a slug may never take one of them.
RESERVED_SLUGS = frozenset({"pengumuman", "info", "arsip", "feed.xml", "kategori", "gambar"})
SLUG_MAX = 100
TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 100_000
TAGS_MAX = 10
TAG_MAX = 40
CONTENT_FIELDS = ("title", "summary", "body", "caption", "credit", "tags", "category_id")


class Choice:
    """What the editor asks for when saving."""

    DRAFT = "draft"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    ARCHIVE = "archive"


def as_utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime (SQLite hands back naive values, which are stored as UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def local_to_utc(day: date, clock: time, tz_name: str) -> datetime:
    """A wall-clock date and time in the region's time zone (e.g. Asia/Jayapura) as UTC."""
    return datetime.combine(day, clock, tzinfo=ZoneInfo(tz_name)).astimezone(timezone.utc)


def utc_to_local(moment: datetime, tz_name: str) -> datetime:
    return as_utc(moment).astimezone(ZoneInfo(tz_name))


# What the editor typed

def parse_tags(text: str | None) -> list[str]:
    """"Banjir, Jalan ,banjir" → ["banjir", "jalan"]: trimmed, lowercased, unique, in the order typed."""
    tags: list[str] = []
    for part in (text or "").split(","):
        tag = " ".join(part.split()).lower()
        if not tag or tag in tags:
            continue
        if len(tag) > TAG_MAX:
            raise Refused(_("Each tag can have at most %(max)d characters: “%(tag)s” is longer.", max=TAG_MAX,
                            tag=tag), field="tags")
        tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise Refused(_("Please use at most %(max)d tags.", max=TAGS_MAX), field="tags")
    return tags


def _slug_taken(slug: str, article: Article | None) -> bool:
    query = select(Article.id).where(Article.slug == slug)
    if article is not None and article.id is not None:
        query = query.where(Article.id != article.id)
    return db.session.execute(query).first() is not None


def article_slug(title: str, typed: str | None, article: Article | None = None) -> str:
    """The address of an article: the typed slug, or one made from the title.

    A typed slug that is reserved or already used is refused (the editor chose it); one made from the
    title gets -2, -3 … instead, as two articles may well share a title.
    """
    typed = (typed or "").strip()
    if typed:
        slug = slugify(typed, SLUG_MAX)
        if not slug:
            raise Refused(_("Please use letters or numbers in the address."), field="slug")
        if slug in RESERVED_SLUGS or typed.lower() in RESERVED_SLUGS:
            raise Refused(_("“%(slug)s” is the address of another page of the news section. Please choose "
                            "another address.", slug=typed), field="slug")
        if _slug_taken(slug, article):
            raise Refused(_("Another article already uses the address “%(slug)s”. Please choose another one.",
                            slug=slug), field="slug")
        return slug
    base = slugify(title, SLUG_MAX)
    if not base:
        raise Refused(_("Please use letters or numbers in the title, or type an address."), field="slug")
    slug, n = base, 1
    while slug in RESERVED_SLUGS or _slug_taken(slug, article):
        n += 1
        slug = f"{base[:SLUG_MAX - len(str(n)) - 1]}-{n}"
    return slug


# Publishing

def is_public(article: Article, now: datetime) -> bool:
    """The same rule as `Article.public`, for one row in memory."""
    return (article.status in (Status.PUBLISHED, Status.SCHEDULED) and article.publish_at is not None
            and as_utc(article.publish_at) <= now)


def effective_status(article: Article, now: datetime) -> str:
    """The status a reader would see: a scheduled article whose time has come is published."""
    if article.status == Status.SCHEDULED and is_public(article, now):
        return Status.PUBLISHED
    return article.status


def choices_for(article: Article | None, now: datetime) -> list[str]:
    """The publishing choices that make sense for the article as it is: archiving only once published."""
    status = effective_status(article, now) if article is not None else Status.DRAFT
    if status in (Status.PUBLISHED, Status.ARCHIVED):
        return [Choice.PUBLISH, Choice.DRAFT, Choice.ARCHIVE]
    return [Choice.DRAFT, Choice.PUBLISH, Choice.SCHEDULE]


def publishing(article: Article | None, choice: str, when: datetime | None,
               now: datetime) -> tuple[str, datetime | None]:
    """The (status, publish_at) a choice leads to; refuses a schedule in the past or an unpublished archive."""
    if choice not in choices_for(article, now):
        if choice == Choice.ARCHIVE:
            raise Refused(_("Only a published article can be archived."), field="publishing")
        raise Refused(_("Please choose how to save the article."), field="publishing")
    if choice == Choice.DRAFT:
        return Status.DRAFT, None
    if choice == Choice.PUBLISH:
        if article is not None and article.publish_at is not None and (
                is_public(article, now) or article.status == Status.ARCHIVED):
            return Status.PUBLISHED, as_utc(article.publish_at)  # already out, or back from the archive
        return Status.PUBLISHED, now
    if choice == Choice.ARCHIVE:
        return Status.ARCHIVED, as_utc(article.publish_at) or now
    if when is None:
        raise Refused(_("Please give the date and time to publish at."), field="publish_date")
    if when <= now:
        raise Refused(_("That time has already passed. Please choose a time in the future."),
                      field="publish_date")
    return Status.SCHEDULED, when


# Saving

@dataclass
class Draft:
    """Everything a save writes, checked: the content fields plus slug, cover text, office and publishing."""

    content: dict
    slug: str
    cover_alt: str | None
    department_id: int | None
    status: str
    publish_at: datetime | None


def prepare(article: Article | None, values: dict, choice: str, when: datetime | None, now: datetime) -> Draft:
    """Check a save without writing anything; raises `Refused` naming the field at fault.

    `values` holds title, slug, summary, body, caption, credit, tags (a list), category_id, cover_alt and
    department_id.
    """
    status, publish_at = publishing(article, choice, when, now)
    content = _normal({name: values.get(name) for name in CONTENT_FIELDS})
    return Draft(content=content, slug=article_slug(values["title"], values.get("slug"), article),
                 cover_alt=values.get("cover_alt") or None, department_id=values.get("department_id"),
                 status=status, publish_at=publish_at)


def content_of(row) -> dict:
    """The versioned content of an article or a revision."""
    return _normal({name: getattr(row, name) for name in CONTENT_FIELDS})


def _normal(content: dict) -> dict:
    """Content in one shape for comparing: an empty summary is "", an empty caption is None."""
    normal = {}
    for name, value in content.items():
        if name == "tags":
            normal[name] = list(value or [])
        elif name in ("summary", "body"):
            normal[name] = value or ""
        else:
            normal[name] = value or None
    return normal


def latest_revision(article: Article) -> ArticleRevision | None:
    query = (select(ArticleRevision).where(ArticleRevision.article_id == article.id)
             .order_by(ArticleRevision.saved_at.desc(), ArticleRevision.id.desc()).limit(1))
    return db.session.execute(query).scalar_one_or_none()


def _record(article: Article, content: dict, user_id: int | None, when: datetime) -> None:
    db.session.add(ArticleRevision(article_id=article.id, status=article.status, saved_by_id=user_id,
                                   saved_at=when, **content))


def write(article: Article, draft: Draft, user, now: datetime, cover: list | None = None,
          drop_cover: bool = False) -> list | None:
    """Apply a checked draft to `article` (new or existing) and flush.

    Returns the cover it replaced (or None): the caller deletes its files once the change is committed.
    """
    new = article.id is None
    before = None if new else content_of(article)
    changed = new or before != draft.content
    if changed and not new:
        latest = latest_revision(article)
        if latest is None or content_of(latest) != before:  # e.g. written by demo data: keep it too
            _record(article, before, article.updated_by_id or article.created_by_id,
                    as_utc(article.updated_at or article.created_at) or now)
    for name, value in draft.content.items():
        setattr(article, name, value)
    article.body_html = markup.to_html(article.body)
    article.slug, article.cover_alt, article.department_id = draft.slug, draft.cover_alt, draft.department_id
    article.status, article.publish_at = draft.status, draft.publish_at
    replaced = None
    if cover is not None or drop_cover:
        replaced, article.cover = article.cover, cover
    user_id = user.id if user is not None else None
    if new:
        article.created_by_id, article.created_at = user_id, now
    article.updated_by_id, article.updated_at = user_id, now
    db.session.add(article)
    db.session.flush()
    if changed:
        _record(article, draft.content, user_id, now)
        db.session.flush()
    return replaced or None


def restore(article: Article, revision: ArticleRevision, user, now: datetime) -> None:
    """Make a revision's text the article's current content (a new revision records it); flushes."""
    if revision.article_id != article.id:
        raise ValueError("a revision of another article")
    content = content_of(revision)
    if content["category_id"] is not None and db.session.get(Category, content["category_id"]) is None:
        content["category_id"] = None
    draft = Draft(content=content, slug=article.slug, cover_alt=article.cover_alt,
                  department_id=article.department_id, status=article.status,
                  publish_at=as_utc(article.publish_at))
    write(article, draft, user, now)


def revisions(article: Article) -> list[ArticleRevision]:
    """The article's revisions, newest first."""
    query = (select(ArticleRevision).where(ArticleRevision.article_id == article.id)
             .order_by(ArticleRevision.saved_at.desc(), ArticleRevision.id.desc()))
    return list(db.session.execute(query).scalars())


# Lists and counts

def staff_list(status: str | None, q: str | None, now: datetime, limit: int, offset: int = 0) -> list[Article]:
    """The region's articles for editors, last changed first; `status` as a reader would see it."""
    query = select(Article)
    if status == Status.PUBLISHED:
        query = query.where(Article.public(now))
    elif status == Status.SCHEDULED:
        query = query.where(Article.status == Status.SCHEDULED, Article.publish_at > now)
    elif status in (Status.DRAFT, Status.ARCHIVED):
        query = query.where(Article.status == status)
    if q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(Article.title).like(pattern, escape="\\"),
                                func.lower(Article.slug).like(pattern, escape="\\")))
    changed = func.coalesce(Article.updated_at, Article.created_at)
    query = query.order_by(changed.desc(), Article.id.desc()).limit(limit).offset(offset)
    return list(db.session.execute(query).scalars())


def counts(now: datetime) -> dict[str, int]:
    """Drafts and articles waiting for their time, for the editors' dashboard."""
    drafts = select(func.count()).select_from(Article).where(Article.status == Status.DRAFT)
    waiting = select(func.count()).select_from(Article).where(Article.status == Status.SCHEDULED,
                                                               Article.publish_at > now)
    return {"drafts": db.session.execute(drafts).scalar_one(),
            "scheduled": db.session.execute(waiting).scalar_one()}


def publish_due(now: datetime | None = None) -> int:
    """Mark every scheduled article whose time has come as published, in every region; returns how many.

    Readers see them already (`Article.public`); this keeps the stored status and the editors' lists tidy.
    """
    now = now or utcnow()
    statement = (update(Article).where(Article.status == Status.SCHEDULED, Article.publish_at <= now)
                 .values(status=Status.PUBLISHED)
                 .execution_options(all_regions=True, synchronize_session=False))
    count = db.session.execute(statement).rowcount
    db.session.commit()
    return count

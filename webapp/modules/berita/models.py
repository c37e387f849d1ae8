"""Berita tables: news categories, articles with their revisions and cover-image variants, announcements
with an optional PDF, and the region's simple information pages. Every table is region-owned.

An article is public when its status is `published` or `scheduled` and its `publish_at` has passed
(`Article.public()`), so a scheduled article appears at its time without a cron job; `flask berita
publish-due` only tidies the stored status.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, and_)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import Department, User, utcnow
from ...core.scoping import RegionScoped
from ...extensions import db


class Status:
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    ALL = (DRAFT, SCHEDULED, PUBLISHED, ARCHIVED)


# A scheduled article is public once its time has come (`Article.public`).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


class NewsCategory(RegionScoped, db.Model):
    """A news category. (Named apart from Aspirasi's `Category`: SQLAlchemy resolves annotations by class name.)"""

    __tablename__ = "berita_category"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Article(RegionScoped, db.Model):
    """A news article. `body` is the editor's Markdown; `body_html` its sanitised rendering, made on save."""

    __tablename__ = "berita_article"
    __table_args__ = (
        UniqueConstraint("region_id", "slug"),
        # keyset pagination of the public list: newest first
        Index("ix_berita_article_public", "region_id", "status", "publish_at", "id"),
        # the public list, newest first: published and scheduled-but-due articles together, so no status in it
        Index("ix_berita_article_recent", "region_id", "publish_at", "id"),
        Index("ix_berita_article_category", "region_id", "category_id", "publish_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # cover image: variants [{"path", "width", "height", "type"}] smallest first; None when there is none
    cover: Mapped[list | None] = mapped_column(JSON)
    cover_alt: Mapped[str | None] = mapped_column(String(200))
    caption: Mapped[str | None] = mapped_column(String(300))
    credit: Mapped[str | None] = mapped_column(String(120))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("berita_category.id", ondelete="SET NULL"))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT)
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # UTC
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    category: Mapped[NewsCategory | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")

    @classmethod
    def public(cls, now: datetime):
        """The SQL condition for articles a visitor may read at `now` (UTC)."""
        return and_(cls.status.in_(PUBLIC_STATUSES), cls.publish_at.is_not(None), cls.publish_at <= now)


class ArticleRevision(RegionScoped, db.Model):
    """What an article said before an edit (and on its first save): nothing an editor writes is lost."""

    __tablename__ = "berita_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("berita_article.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str | None] = mapped_column(String(300))
    credit: Mapped[str | None] = mapped_column(String(120))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("berita_category.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    saved_by: Mapped[User | None] = relationship(lazy="joined")


class Announcement(RegionScoped, db.Model):
    """A pengumuman: shown in the home strip from `starts_at` until `expires_at`, optionally with a PDF."""

    __tablename__ = "berita_announcement"
    __table_args__ = (Index("ix_berita_announcement_current", "region_id", "starts_at", "expires_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    attachment: Mapped[str | None] = mapped_column(String(255))  # stored path of a validated PDF
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_size: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    department: Mapped[Department | None] = relationship(lazy="joined")


class InfoPage(RegionScoped, db.Model):
    """A simple page the region admin edits: about, services directory, privacy notice, terms."""

    __tablename__ = "berita_page"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)


Category = NewsCategory  # the name used inside this module

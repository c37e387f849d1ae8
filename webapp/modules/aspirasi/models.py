"""Aspirasi tables: categories and their routing, reports with photos, a timeline of events, supporters,
holidays for SLA arithmetic, and reply templates. Every table is region-owned."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import Area, Department, User, utcnow
from ...core.scoping import RegionScoped, current_region
from ...extensions import db


class Kind:
    PENGADUAN = "pengaduan"  # complaint
    ASPIRASI = "aspirasi"  # idea
    INFORMASI = "informasi"  # information request
    ALL = (PENGADUAN, ASPIRASI, INFORMASI)


class Privacy:
    PUBLIC = "publik"  # public, with the reporter's name
    ANONYMOUS = "anonim"  # public, name hidden from the public
    SECRET = "rahasia"  # not public at all; only handling staff
    ALL = (PUBLIC, ANONYMOUS, SECRET)


class Status:
    RECEIVED = "diterima"
    VERIFIED = "diverifikasi"
    DISPOSED = "didisposisikan"
    IN_PROGRESS = "ditindaklanjuti"
    DONE = "selesai"
    REJECTED = "ditolak"
    ALL = (RECEIVED, VERIFIED, DISPOSED, IN_PROGRESS, DONE, REJECTED)
    OPEN = (RECEIVED, VERIFIED, DISPOSED, IN_PROGRESS)
    CLOSED = (DONE, REJECTED)


class Action:
    """What a `ReportEvent` records. Public ones form the timeline; the rest are for staff and audit."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    EDITED = "edited"  # internal: what verification changed, with the old values
    DISPOSED = "disposed"
    NOTE = "note"  # internal note
    ASSIGNED = "assigned"  # internal
    REPLY = "reply"
    DONE = "done"
    REJECTED = "rejected"
    MERGED = "merged"
    RATED = "rated"
    REOPENED = "reopened"
    HIDDEN = "hidden"  # internal, moderation
    SHOWN = "shown"  # internal, moderation
    REDACTED = "redacted"  # internal: keeps the original text
    PHOTO_REDACTED = "photo_redacted"  # internal
    BLOCKED = "blocked"  # internal: the reporter's account was blocked


VERIFY_FIRST = "aspirasi_verify_first"  # region setting: a report becomes public only once verified


def verifies_first(region=None) -> bool:
    """Does `region` (default: the current one) keep new reports out of public view until verified?"""
    region = region if region is not None else current_region()
    return region is not None and (region.settings or {}).get(VERIFY_FIRST) is True


class Category(RegionScoped, db.Model):
    """What a report is about; carries an optional notice, routing and SLA days."""

    __tablename__ = "aspirasi_category"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    notice: Mapped[str | None] = mapped_column(Text)  # e.g. "For emergencies call 112"
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)  # rahasia by default
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    verify_days: Mapped[int] = mapped_column(Integer, default=3)
    response_days: Mapped[int] = mapped_column(Integer, default=5)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    department: Mapped[Department | None] = relationship(lazy="joined")


class CategoryRoute(RegionScoped, db.Model):
    """A category routed to a different OPD in one kecamatan (e.g. roads in Ciledug to its UPT)."""

    __tablename__ = "aspirasi_route"
    __table_args__ = (UniqueConstraint("category_id", "kecamatan_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("aspirasi_category.id", ondelete="CASCADE"))
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"))


class ReplyTemplate(RegionScoped, db.Model):
    __tablename__ = "aspirasi_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("aspirasi_category.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)


class Holiday(RegionScoped, db.Model):
    """A day off that SLA working-day arithmetic skips (national holidays, cuti bersama, local days)."""

    __tablename__ = "aspirasi_holiday"
    __table_args__ = (UniqueConstraint("region_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))


class Report(RegionScoped, db.Model):
    """One complaint, idea or information request, from submission to answer."""

    __tablename__ = "aspirasi_report"
    __table_args__ = (
        UniqueConstraint("region_id", "code"),
        UniqueConstraint("region_id", "api_token"),
        Index("ix_aspirasi_report_list", "region_id", "status", "created_at"),
        Index("ix_aspirasi_report_area", "region_id", "kelurahan_id", "category_id", "status"),
        # keyset pagination of the public list: newest first, or most supported first
        Index("ix_aspirasi_report_recent", "region_id", "created_at", "id"),
        Index("ix_aspirasi_report_supported", "region_id", "supporters", "id"),
        # the open data's Last-Modified: the newest change is one index lookup, not a scan of the region
        Index("ix_aspirasi_report_updated", "region_id", "updated_at"),
        # The home card's most recently finished reports: newest closed_at among the done ones, no sort.
        Index("ix_aspirasi_report_done", "region_id", "status", "closed_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12))  # "K7QM-3XPD" (see codes.py): the reporter's key, never public
    kind: Mapped[str] = mapped_column(String(16))
    category_id: Mapped[int] = mapped_column(ForeignKey("aspirasi_category.id"))
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text)
    kecamatan_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    kelurahan_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    address: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    privacy: Mapped[str] = mapped_column(String(8), default=Privacy.PUBLIC)
    status: Mapped[str] = mapped_column(String(16), default=Status.RECEIVED, index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    reporter_email: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(16), default="web")
    # Filed through Open311: by which client, the token it was given, and a link to its media (shown
    # to staff only: an outside URL is never republished)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id", ondelete="SET NULL"))
    api_token: Mapped[str | None] = mapped_column(String(32))
    media_url: Mapped[str | None] = mapped_column(String(500))
    locale: Mapped[str | None] = mapped_column(String(8))  # the reporter's language, for messages
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # moderation: out of public view
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("aspirasi_report.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    supporters: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    category: Mapped[Category] = relationship(lazy="joined")
    kecamatan: Mapped[Area] = relationship(foreign_keys=[kecamatan_id], lazy="joined")
    kelurahan: Mapped[Area] = relationship(foreign_keys=[kelurahan_id], lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    photos: Mapped[list[ReportPhoto]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportPhoto.id"
    )
    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.id"
    )

    @property
    def is_public(self) -> bool:
        """Not rahasia, not hidden, not merged, and, where the region verifies first, verified
        (the same rule as `services.public_clause()`)."""
        if self.privacy == Privacy.SECRET or self.hidden or self.merged_into_id is not None:
            return False
        region = current_region()
        waiting = region is not None and region.id == self.region_id and verifies_first(region)
        return not (waiting and self.status == Status.RECEIVED)

    @property
    def is_open(self) -> bool:
        return self.status in Status.OPEN


class ReportPhoto(RegionScoped, db.Model):
    """A re-encoded photo: 'before' from the reporter, 'after' from the OPD. Redaction keeps the original."""

    __tablename__ = "aspirasi_photo"
    __table_args__ = (Index("ix_aspirasi_photo_recent", "region_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("aspirasi_report.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(8), default="before")
    path: Mapped[str] = mapped_column(String(255))
    thumb_path: Mapped[str | None] = mapped_column(String(255))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    original_path: Mapped[str | None] = mapped_column(String(255))  # kept for audit after redaction
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report: Mapped[Report] = relationship(back_populates="photos")


class ReportEvent(RegionScoped, db.Model):
    """One line of a report's history: who did what, when and why. `public` events form the timeline."""

    __tablename__ = "aspirasi_event"
    __table_args__ = (Index("ix_aspirasi_event_recent", "region_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("aspirasi_report.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(24))  # submitted, verified, disposed, reply, note, done, …
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report: Mapped[Report] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Support(RegionScoped, db.Model):
    """A citizen's 'dukung' on a report, once per account or per browser."""

    __tablename__ = "aspirasi_support"
    __table_args__ = (UniqueConstraint("report_id", "supporter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("aspirasi_report.id", ondelete="CASCADE"), index=True)
    supporter: Mapped[str] = mapped_column(String(64))  # "u:<user id>" or "s:<hash of a browser token>"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

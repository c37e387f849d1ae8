"""Pencaker and Loker tables: job seekers with their AK/1 cards, employers, vacancies, applications and job
fairs. Every table is region-owned (`RegionScoped`), so one region's officers never see another's people.

The AK/1 card (Permenaker 39/2016): each application is a `Card` row. A new card, a renewal and a
correction are all applications; when an officer approves one it gets a number and two years of validity,
and the card it renews or corrects (`previous`) is made inactive, so a seeker's cards read as a chain
with the history of each one (`CardEvent`). What the card says is frozen into `snapshot` when it is
approved, so a later profile edit never changes a printed card without a new application.

Expiry needs no cron job: a vacancy is open while it is published and its closing day (in the region's
time zone) has not passed (`Vacancy.open_on(today)`), and a card is valid while active and
`valid_until` has not passed (`Card.state(today)`).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, and_)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.models import User, utcnow
from ...core.scoping import RegionScoped
from ...extensions import db


class Seeker(RegionScoped, db.Model):
    """A job seeker (pencari kerja): who they are, what they learnt and did, and what they look for.

    `user_id` is their account; a walk-in registered at the counter may have none (`consent_at` records
    that they agreed at the counter, `registered_by_id` which officer typed it).
    """

    __tablename__ = "pencaker_seeker"
    __table_args__ = (UniqueConstraint("region_id", "nik"), UniqueConstraint("region_id", "user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    nik: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str] = mapped_column(String(120))
    birth_place: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(1))  # "L" | "P" (as on the KTP)
    religion: Mapped[str | None] = mapped_column(String(16))
    marital_status: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(255))
    kecamatan_code: Mapped[str | None] = mapped_column(String(16))
    kelurahan_code: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    email: Mapped[str | None] = mapped_column(String(120))
    skills: Mapped[str] = mapped_column(Text, default="")
    jobs_wanted: Mapped[str] = mapped_column(String(255), default="")
    places_wanted: Mapped[str] = mapped_column(String(255), default="")
    expected_pay: Mapped[int | None] = mapped_column(Integer)  # rupiah per month
    disability: Mapped[str | None] = mapped_column(String(120))  # only for matching welcoming vacancies
    photo: Mapped[str | None] = mapped_column(String(255))  # upload path of the re-encoded 3x4 photo
    cv: Mapped[str | None] = mapped_column(String(255))  # upload path of a PDF
    registered_via: Mapped[str] = mapped_column(String(8), default="online")  # "online" | "counter"
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    educations: Mapped[list[SeekerEducation]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="SeekerEducation.year")
    trainings: Mapped[list[SeekerTraining]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="SeekerTraining.year")
    experiences: Mapped[list[SeekerExperience]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="SeekerExperience.start_year")
    cards: Mapped[list[Card]] = relationship(
        back_populates="seeker", cascade="all, delete-orphan", order_by="Card.id")

    @property
    def highest_education(self) -> SeekerEducation | None:
        from .constants import education_rank

        return max(self.educations, key=lambda e: education_rank(e.level), default=None)


class SeekerEducation(RegionScoped, db.Model):
    __tablename__ = "pencaker_education"
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # constants.EDUCATION_LEVELS
    major: Mapped[str] = mapped_column(String(120), default="")
    school: Mapped[str] = mapped_column(String(160))
    year: Mapped[int] = mapped_column(Integer)  # year finished
    seeker: Mapped[Seeker] = relationship(back_populates="educations")


class SeekerTraining(RegionScoped, db.Model):
    """Non-formal training, courses and certificates."""

    __tablename__ = "pencaker_training"
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    organizer: Mapped[str] = mapped_column(String(160), default="")
    year: Mapped[int] = mapped_column(Integer)
    certificate: Mapped[str] = mapped_column(String(120), default="")  # certificate name/number, if any
    seeker: Mapped[Seeker] = relationship(back_populates="trainings")


class SeekerExperience(RegionScoped, db.Model):
    __tablename__ = "pencaker_experience"
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    employer: Mapped[str] = mapped_column(String(160))
    position: Mapped[str] = mapped_column(String(120))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)  # None: still there
    description: Mapped[str] = mapped_column(Text, default="")
    seeker: Mapped[Seeker] = relationship(back_populates="experiences")


class CardStatus:
    SUBMITTED = "submitted"  # waiting for an officer
    NEEDS_CORRECTION = "correction"  # sent back to the seeker with a reason
    REJECTED = "rejected"
    ACTIVE = "active"  # approved: has a number and validity (expired is computed from valid_until)
    INACTIVE = "inactive"  # placed, replaced by a renewal/correction, or withdrawn by an officer
    ALL = (SUBMITTED, NEEDS_CORRECTION, REJECTED, ACTIVE, INACTIVE)
    PENDING = (SUBMITTED, NEEDS_CORRECTION)


class CardKind:
    NEW = "new"
    RENEWAL = "renewal"
    CORRECTION = "correction"
    ALL = (NEW, RENEWAL, CORRECTION)


class Card(RegionScoped, db.Model):
    """One AK/1 application, and the card it becomes when approved."""

    __tablename__ = "pencaker_card"
    __table_args__ = (
        UniqueConstraint("region_id", "number"),
        UniqueConstraint("verify_token"),
        Index("ix_pencaker_card_queue", "region_id", "status", "submitted_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default=CardKind.NEW)
    status: Mapped[str] = mapped_column(String(12), default=CardStatus.SUBMITTED)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("pencaker_card.id", ondelete="SET NULL"))
    number: Mapped[str | None] = mapped_column(String(32))
    issued_on: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)  # last day the card is valid
    snapshot: Mapped[dict | None] = mapped_column(JSON)  # what the card says, frozen on approval
    verify_token: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")  # the seeker's note (e.g. what to correct)
    reason: Mapped[str | None] = mapped_column(Text)  # the officer's reason for a correction/rejection
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deactivated_reason: Mapped[str | None] = mapped_column(String(16))  # "placed" | "replaced" | "officer"

    seeker: Mapped[Seeker] = relationship(back_populates="cards")
    previous: Mapped[Card | None] = relationship(remote_side=[id])
    events: Mapped[list[CardEvent]] = relationship(
        back_populates="card", cascade="all, delete-orphan", order_by="CardEvent.id")
    reports: Mapped[list[CardReport]] = relationship(
        back_populates="card", cascade="all, delete-orphan", order_by="CardReport.period")

    def state(self, today: date) -> str:
        """The status a person sees: a stored status, or "expired" for an active card past its validity."""
        if self.status == CardStatus.ACTIVE and self.valid_until and today > self.valid_until:
            return "expired"
        return self.status

    def is_valid(self, today: date) -> bool:
        return self.state(today) == CardStatus.ACTIVE


class CardEvent(RegionScoped, db.Model):
    """One step in a card's life: submitted, correction asked, resubmitted, approved, reported, ..."""

    __tablename__ = "pencaker_card_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("pencaker_card.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    card: Mapped[Card] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CardReport(RegionScoped, db.Model):
    """A six-monthly "still looking" report: period 1..4 of the card's two years."""

    __tablename__ = "pencaker_card_report"
    __table_args__ = (UniqueConstraint("card_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("pencaker_card.id", ondelete="CASCADE"), index=True)
    period: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    card: Mapped[Card] = relationship(back_populates="reports")


class Placement(RegionScoped, db.Model):
    """A seeker got a job: by their own report, by a hire through an application, or recorded by an officer."""

    __tablename__ = "pencaker_placement"
    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("pencaker_card.id", ondelete="SET NULL"))
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("pencaker_employer.id", ondelete="SET NULL"))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("pencaker_vacancy.id", ondelete="SET NULL"))
    employer_name: Mapped[str] = mapped_column(String(160))
    started_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(12))  # "self" | "hire" | "officer"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    seeker: Mapped[Seeker] = relationship()


class EmployerStatus:
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    ALL = (PENDING, VERIFIED, REJECTED)


class Employer(RegionScoped, db.Model):
    """A company that posts vacancies; its vacancies go live only once a Disnaker officer verified it."""

    __tablename__ = "pencaker_employer"
    __table_args__ = (
        UniqueConstraint("region_id", "owner_id"),  # one company per account and region
        Index("ix_pencaker_employer_queue", "region_id", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    nib: Mapped[str] = mapped_column(String(13))  # Nomor Induk Berusaha (OSS), 13 digits
    sector: Mapped[str] = mapped_column(String(2))  # constants.SECTORS (KBLI sections)
    address: Mapped[str] = mapped_column(String(255))
    kecamatan_code: Mapped[str | None] = mapped_column(String(16))
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_phone: Mapped[str] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=EmployerStatus.PENDING)
    reason: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    @property
    def verified(self) -> bool:
        return self.status == EmployerStatus.VERIFIED


class VacancyStatus:
    DRAFT = "draft"
    REVIEW = "review"  # submitted, waiting for Disnaker
    PUBLISHED = "published"  # open while closes_on has not passed (else shown as expired)
    RETURNED = "returned"  # sent back by Disnaker with a reason
    CLOSED = "closed"  # closed by the employer or by Disnaker
    ALL = (DRAFT, REVIEW, PUBLISHED, RETURNED, CLOSED)


class Vacancy(RegionScoped, db.Model):
    __tablename__ = "pencaker_vacancy"
    __table_args__ = (
        # keyset pagination of the public list: newest first
        Index("ix_pencaker_vacancy_public", "region_id", "status", "published_at", "id"),
        Index("ix_pencaker_vacancy_employer", "employer_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("pencaker_employer.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(160))
    sector: Mapped[str] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(Text)
    requirements: Mapped[str] = mapped_column(Text, default="")
    min_education: Mapped[str] = mapped_column(String(8))  # constants.EDUCATION_LEVELS, or "none"
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    kecamatan_code: Mapped[str | None] = mapped_column(String(16))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    employment_type: Mapped[str] = mapped_column(String(12))  # constants.EMPLOYMENT_TYPES (schema.org)
    pay_min: Mapped[int | None] = mapped_column(Integer)  # rupiah per month
    pay_max: Mapped[int | None] = mapped_column(Integer)
    openings: Mapped[int] = mapped_column(Integer, default=1)
    closes_on: Mapped[date] = mapped_column(Date)  # last day to apply (region's time zone)
    disability_friendly: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default=VacancyStatus.DRAFT)
    review_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    employer: Mapped[Employer] = relationship(lazy="joined")

    @classmethod
    def open_on(cls, today: date):
        """The SQL condition for vacancies a visitor can apply to on `today` (the region's date)."""
        return and_(cls.status == VacancyStatus.PUBLISHED, cls.closes_on >= today)

    def state(self, today: date) -> str:
        if self.status == VacancyStatus.PUBLISHED and self.closes_on < today:
            return "expired"
        return self.status

    def is_open(self, today: date) -> bool:
        return self.state(today) == VacancyStatus.PUBLISHED


class ApplicationStatus:
    SENT = "sent"  # terkirim
    SEEN = "seen"  # dilihat
    CALLED = "called"  # dipanggil (interview)
    ACCEPTED = "accepted"  # diterima
    REJECTED = "rejected"  # ditolak
    ALL = (SENT, SEEN, CALLED, ACCEPTED, REJECTED)
    FINAL = (ACCEPTED, REJECTED)


class Application(RegionScoped, db.Model):
    __tablename__ = "pencaker_application"
    __table_args__ = (UniqueConstraint("vacancy_id", "seeker_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("pencaker_vacancy.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("pencaker_seeker.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.SENT)
    cover_note: Mapped[str] = mapped_column(Text, default="")
    interview_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    interview_place: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    vacancy: Mapped[Vacancy] = relationship(lazy="joined")
    seeker: Mapped[Seeker] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.id")


class ApplicationEvent(RegionScoped, db.Model):
    """A status change of an application; each is told to the applicant."""

    __tablename__ = "pencaker_application_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("pencaker_application.id", ondelete="CASCADE"),
                                                index=True)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    application: Mapped[Application] = relationship(back_populates="events")


class VacancyReport(RegionScoped, db.Model):
    """Someone reported a vacancy (asks for money, fake, ...) for Disnaker to review."""

    __tablename__ = "pencaker_vacancy_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("pencaker_vacancy.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))  # constants.REPORT_REASONS
    details: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str | None] = mapped_column(String(120))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="open")  # "open" | "dismissed" | "actioned"
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    vacancy: Mapped[Vacancy] = relationship()


class JobFair(RegionScoped, db.Model):
    """A bursa kerja: an event with companies taking part."""

    __tablename__ = "pencaker_job_fair"
    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(160))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(String(60), default="")  # e.g. "08.00–15.00 WIB"
    place: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    companies: Mapped[list[JobFairCompany]] = relationship(
        back_populates="fair", cascade="all, delete-orphan", order_by="JobFairCompany.name")


class JobFairCompany(RegionScoped, db.Model):
    __tablename__ = "pencaker_job_fair_company"
    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("pencaker_job_fair.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("pencaker_employer.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(160))
    booth: Mapped[str] = mapped_column(String(40), default="")
    openings: Mapped[int | None] = mapped_column(Integer)
    fair: Mapped[JobFair] = relationship(back_populates="companies")

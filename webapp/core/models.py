"""Core tables: regions and their areas and departments, accounts and roles, one-time keys."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .scoping import RegionScoped, current_region_id


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
REGION_KINDS = ("kota", "kabupaten")


class Region(db.Model):
    """One tenant: a kota or kabupaten with its own name, colours, languages, areas, modules and data."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="kota")
    code: Mapped[str] = mapped_column(String(8), unique=True)  # Kemendagri code, e.g. "36.71"
    timezone: Mapped[str] = mapped_column(String(32), default="Asia/Jakarta")
    default_locale: Mapped[str] = mapped_column(String(8), default="id")
    locales: Mapped[list] = mapped_column(JSON, default=lambda: ["id", "en"])
    theme_color: Mapped[str] = mapped_column(String(7), default="#0b6e4f")
    logo: Mapped[str | None] = mapped_column(String(255))
    tagline: Mapped[str | None] = mapped_column(String(200))
    modules: Mapped[list] = mapped_column(JSON, default=list)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(255))
    emergency_numbers: Mapped[list] = mapped_column(JSON, default=list)  # [{"label": ..., "number": ...}]
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # A suspended region answers every request on its hosts with a "not available" page (platform admin).
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspended_note: Mapped[str | None] = mapped_column(String(255))

    hosts: Mapped[list[RegionHost]] = relationship(
        back_populates="region", cascade="all, delete-orphan", order_by="RegionHost.host"
    )

    def module_enabled(self, name: str) -> bool:
        return name in (self.modules or [])

    @property
    def display_kind(self) -> str:
        return "Kota" if self.kind == "kota" else "Kabupaten"

    @property
    def initials(self) -> str:
        words = [w for w in self.name.replace("Kota ", "").replace("Kabupaten ", "").split() if w]
        return "".join(w[0] for w in words[:2]).upper() or self.name[:1].upper()

    def __repr__(self) -> str:
        return f"<Region {self.slug}>"


class RegionHost(db.Model):
    """A host name that chooses its region; unique across the install."""

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)
    region: Mapped[Region] = relationship(back_populates="hosts")


class Area(RegionScoped, db.Model):
    """A kecamatan or a kelurahan/desa of the region, with its Kemendagri code."""

    __table_args__ = (UniqueConstraint("region_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(16))  # "kecamatan" | "kelurahan" | "desa"
    # An area merged away or renamed out of use stays for the reports that name it, but is not offered.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.name")


class Department(RegionScoped, db.Model):
    """An OPD (organisasi perangkat daerah): a region's department that answers and publishes."""

    __table_args__ = (UniqueConstraint("region_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(160))
    short_name: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Role:
    """Staff roles per region; a platform admin is a flag on the user, not a role."""

    REGION_ADMIN = "admin"
    DEPARTMENT_OFFICER = "opd"
    EDITOR = "editor"
    PRICE_OFFICER = "harga"
    MANPOWER_OFFICER = "disnaker"
    ALL = (REGION_ADMIN, DEPARTMENT_OFFICER, EDITOR, PRICE_OFFICER, MANPOWER_OFFICER)


class User(UserMixin, RegionScoped, db.Model):
    """A person with an account in one region (or none, for a platform admin)."""

    __table_args__ = (
        UniqueConstraint("region_id", "email"),
        UniqueConstraint("region_id", "phone"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(
        ForeignKey("region.id", ondelete="CASCADE"), index=True, default=current_region_id
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, e.g. +6281234567890
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(8))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the person proved they hold the phone/e-mail (the link after registering, or a reset link). Accounts
    # made by staff, commands or the demo are confirmed when made; a registration waits for its link, and
    # until then the account cannot sign in (accounts/confirm.py).
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Two-factor sign-in (accounts/two_factor.py): the authenticator app's secret, since when it is on, and
    # the last time step whose code was accepted (a code works once).
    two_factor_secret: Mapped[str | None] = mapped_column(String(255))  # encrypted (two_factor.py)
    two_factor_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    two_factor_last_step: Mapped[int | None] = mapped_column(Integer)

    session_key = None  # this browser's key (accounts/sessions.py), set at sign-in and when loaded; not stored

    roles: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def set_password(self, password: str) -> None:
        # scrypt (Werkzeug's default; the test suite picks a cheap method); bumping the version signs out
        # every other session.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        # "id.version.key": the version ends every session at a password change, the key this one alone.
        base = f"{self.id}.{self.session_version}"
        return f"{base}.{self.session_key}" if self.session_key else base

    @property
    def uses_two_factor(self) -> bool:
        return bool(self.two_factor_since and self.two_factor_secret)

    @property
    def is_active(self) -> bool:
        return not self.blocked

    def has_role(self, *roles: str) -> bool:
        """True for a platform admin, or when the user holds one of `roles` in their region."""
        if self.is_platform_admin:
            return True
        return any(grant.role in roles for grant in self.roles)

    @property
    def is_staff(self) -> bool:
        return self.is_platform_admin or bool(self.roles)

    def department_ids(self) -> set[int]:
        return {g.department_id for g in self.roles if g.department_id}


class RoleGrant(RegionScoped, db.Model):
    """A staff role held by a user in their region, tied to one OPD for department officers."""

    __table_args__ = (UniqueConstraint("user_id", "role", "department_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"))
    user: Mapped[User] = relationship(back_populates="roles")
    department: Mapped[Department | None] = relationship(lazy="joined")


class IdempotencyKey(RegionScoped, db.Model):
    """A one-time form key, so a double tap, a retry or an offline replay creates nothing twice."""

    __table_args__ = (UniqueConstraint("region_id", "scope", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    result: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApiKey(RegionScoped, db.Model):
    """A key an outside system (an Open311 client, a call centre's tool, the LAPOR! bridge) sends with
    what it files. Issued by the region admin, named after the client, revocable; only a SHA-256 digest
    of the secret is stored, and the first characters (`prefix`) to tell keys apart."""

    __tablename__ = "api_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None

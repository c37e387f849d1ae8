"""Tables behind signing in: the browsers signed in to an account, failed sign-ins, recovery codes.

None of them has a region: an account's rows follow the account (platform admins have no region), and
a failed sign-in for an unknown phone/e-mail is keyed with its region inside the digest.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ..models import utcnow


class UserSession(db.Model):
    """One browser signed in to an account. The browser's session (and remember-me) cookie carries a random
    key; only its SHA-256 digest is stored. Signing out deletes the row, so a copy of the cookie taken
    before stops working at once."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInThrottle(db.Model):
    """Recent failed sign-ins for one account, or for one phone/e-mail that has no account (so both behave
    the same and the lock tells nobody whether an account exists). Kept in the database so that every
    worker process sees the same count."""

    __tablename__ = "sign_in_throttle"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # HMAC of "user:<id>" or "login:<region>:<contact>"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locks: Mapped[int] = mapped_column(Integer, default=0)  # locks in a row: each one lasts twice as long
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (a lost or broken phone). Only its SHA-256
    digest is stored: the code has 80 random bits, so the digest cannot be turned back into it."""

    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

"""Signed-in browsers: a new session at every sign-in, and one that really ends at sign-out.

Flask keeps the session in a signed cookie, which the server cannot take back. So every sign-in makes a
random key, stores its digest as a `UserSession` row and puts the key into the account id that the
session and remember-me cookies carry (`User.get_id()`: "id.version.key"). The user loader accepts the
cookie only while the row exists (auth_setup.py). Signing out deletes the row, so a copy of the cookie
stops working too; a password change bumps `User.session_version` and deletes every row.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, select

from ...extensions import db
from ..models import User, utcnow
from .models import UserSession

# What an anonymous visit leaves in the session and may stay at sign-in: the reports this browser filed or
# tracked (Aspirasi), which the same phone showed a moment before anyway. Everything else is dropped.
KEPT_AT_SIGN_IN = ("my_codes",)
MAX_PER_ACCOUNT = 20  # signed-in browsers per account; signing in on one more signs the oldest out
REMEMBER_DAYS_DEFAULT = 365  # Flask-Login's REMEMBER_COOKIE_DURATION when the app does not set one
QUIET = {"synchronize_session": False}  # session rows are never loaded as objects: nothing to keep in step


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def sign_in(user: User, remember: bool = False) -> None:
    """Start a new session for `user` in this browser: nothing of the anonymous session is carried over
    (except KEPT_AT_SIGN_IN), and the new session has its own revocable key."""
    kept = {name: session[name] for name in KEPT_AT_SIGN_IN if name in session}
    session.clear()
    session.update(kept)
    user.session_key = secrets.token_urlsafe(24)
    db.session.add(UserSession(user_id=user.id, digest=digest(user.session_key)))
    db.session.flush()
    _prune(user)
    db.session.commit()
    login_user(user, remember=remember)


def sign_out() -> None:
    """End this browser's session: its row goes, so the cookie (or a copy of it) no longer signs anyone in."""
    key = getattr(current_user, "session_key", None)
    if key:
        db.session.execute(delete(UserSession).where(UserSession.digest == digest(key)), execution_options=QUIET)
        db.session.commit()
    logout_user()
    session.clear()


def end_all(user: User) -> None:
    """Forget every browser signed in to `user` (after a password change); the caller commits."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id), execution_options=QUIET)


def _prune(user: User) -> None:
    """Drop the account's sessions older than a remember-me cookie lives, and all but the newest few."""
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=REMEMBER_DAYS_DEFAULT)
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=int(duration))
    newest = (select(UserSession.id).where(UserSession.user_id == user.id)
              .order_by(UserSession.created_at.desc(), UserSession.id.desc()).limit(MAX_PER_ACCOUNT))
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id)
        .where((UserSession.created_at < utcnow() - duration) | UserSession.id.not_in(newest)),
        execution_options=QUIET,
    )

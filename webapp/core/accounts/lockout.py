"""Pausing sign-in after repeated failures, per account (per address, Flask-Limiter already counts).

After FAILURES_BEFORE_LOCK wrong passwords (or two-factor codes) within WINDOW, signing in with that phone
number or e-mail is paused for LOCK; each further lock in a row lasts twice as long, up to LOCK_MAX. A
successful sign-in or a new password clears the count.

A phone number or e-mail without an account is counted and paused the same way, so the pause tells a
stranger nothing about whether an account exists. While paused, the password is not even checked: the
answer is the same whether it was right or wrong, so guessing on during a pause learns nothing.

The counts live in the database (`SignInThrottle`), so every worker process sees the same ones. Keys are
HMACs (with the app's secret key), so the table holds no phone numbers or e-mail addresses.
"""
from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app, g
from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ..clock import as_utc
from ..models import User, utcnow
from .contact import Contact
from .models import SignInThrottle

FAILURES_BEFORE_LOCK = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
LOCK_MAX = timedelta(hours=24)
FORGET_AFTER = timedelta(days=1)  # a row untouched this long is dropped: the next lock starts short again


def _key(text: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"serambi.sign-in:{text}".encode(), hashlib.sha256).hexdigest()


def account_key(user: User) -> str:
    return _key(f"user:{user.id}")


def keys_for(contact: Contact | None, accounts: list[User]) -> list[str]:
    """What a sign-in with `contact` counts against: its accounts, or the phone/e-mail itself when none.

    Counting an account (not the text typed) means its phone number and e-mail share one count, and a
    platform admin has one count on every region's host."""
    if accounts:
        return [account_key(user) for user in accounts]
    if contact is None:
        return []  # not a phone number or e-mail at all: no account can ever match it
    return [_key(f"login:{g.region.id}:{contact.kind}:{contact.value}")]


def minutes_locked(keys: list[str], now: datetime | None = None) -> int | None:
    """Whole minutes (rounded up) until sign-in with these keys is possible again, or None when it is now."""
    if not keys:
        return None
    now = now or utcnow()
    until = db.session.execute(
        select(SignInThrottle.locked_until).where(SignInThrottle.key.in_(keys), SignInThrottle.locked_until > now)
    ).scalars().all()
    if not until:
        return None
    return max(1, math.ceil((max(as_utc(u) for u in until) - now).total_seconds() / 60))


def record_failure(keys: list[str], now: datetime | None = None) -> int | None:
    """Count one failed sign-in against each key; returns the minutes of a lock that this failure started."""
    now = now or utcnow()
    db.session.execute(
        delete(SignInThrottle).where(
            SignInThrottle.first_failure_at < now - FORGET_AFTER,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now - FORGET_AFTER),
        ),
        execution_options={"synchronize_session": False},
    )
    started = None
    for key in keys:
        row = _row(key, now)
        if as_utc(row.first_failure_at) < now - WINDOW:
            row.failures, row.first_failure_at = 0, now
        row.failures += 1
        if row.failures >= FAILURES_BEFORE_LOCK:
            length = min(LOCK * 2 ** row.locks, LOCK_MAX)
            row.locked_until, row.locks, row.failures, row.first_failure_at = now + length, row.locks + 1, 0, now
            started = max(started or 0, math.ceil(length.total_seconds() / 60))
    db.session.commit()
    return started


def forget(user: User) -> None:
    """The account proved itself (signed in, or chose a new password by a link): its count starts again."""
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == account_key(user)),
                       execution_options={"synchronize_session": False})
    db.session.commit()


def _row(key: str, now: datetime) -> SignInThrottle:
    """The key's row, locked for this transaction where the database can (PostgreSQL); SQLite's sign-in
    POSTs already hold the write lock (database.py). Two first failures racing to insert: one retries."""
    query = select(SignInThrottle).where(SignInThrottle.key == key).with_for_update()
    row = db.session.execute(query).scalar_one_or_none()
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = SignInThrottle(key=key, failures=0, first_failure_at=now, locks=0)
            db.session.add(row)
        return row
    except IntegrityError:
        return db.session.execute(query).scalar_one()

"""API keys: issued per client by the region admin, stored as a SHA-256 digest, revocable.

A key is shown once, when it is issued: "srb_" and 32 random URL-safe characters. With that much
randomness a plain SHA-256 is enough (nothing to guess from a digest), and it lets the lookup be one
indexed query. A key only ever works in the region that issued it: the lookup runs through the scoped
session, so another region's key is simply unknown.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import g, request
from sqlalchemy import select

from ...extensions import db
from ..models import ApiKey, User, utcnow

PREFIX = "srb_"
SHOWN = 8  # characters of the key kept in clear to tell keys apart ("srb_Ab12")
TOUCH_EVERY = timedelta(minutes=1)  # last-used time is written at most this often per key


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(name: str, user: User | None = None, commit: bool = True) -> tuple[ApiKey, str]:
    """A new key for the client `name`; returns the row and the secret (the only time it is known).

    With `commit=False` the row is only flushed, so a caller can save it together with a one-time key."""
    secret = PREFIX + secrets.token_urlsafe(24)
    key = ApiKey(name=name.strip()[:120], prefix=secret[:SHOWN], digest=digest(secret),
                 created_by_id=user.id if user is not None else None)
    db.session.add(key)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return key, secret


def revoke(key: ApiKey, user: User | None = None) -> bool:
    """Stop the key working at once; False when it already was revoked."""
    if key.revoked_at is not None:
        return False
    key.revoked_at = utcnow()
    key.revoked_by_id = user.id if user is not None else None
    db.session.commit()
    return True


def authenticate(secret: str | None) -> ApiKey | None:
    """The current region's active key with this secret, or None; notes when it was last used."""
    secret = (secret or "").strip()
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    key = db.session.execute(
        select(ApiKey).where(ApiKey.digest == digest(secret), ApiKey.revoked_at.is_(None))
    ).scalar_one_or_none()
    if key is None:
        return None
    now = utcnow()
    last = key.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite keeps naive datetimes
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last >= TOUCH_EVERY:
        key.last_used_at = now
        db.session.commit()
    g.api_key = key
    return key


def request_secret() -> str | None:
    """The key sent with this request: the `api_key` form field or query parameter (Open311), or the
    `X-Api-Key` header."""
    return request.form.get("api_key") or request.args.get("api_key") or request.headers.get("X-Api-Key")


def rate_limit_key() -> str:
    """Flask-Limiter key: one bucket per API key (by its digest), else per client address."""
    secret = request_secret()
    if secret:
        return "key:" + digest(secret)[:32]
    return "ip:" + (request.remote_addr or "")

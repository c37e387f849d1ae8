"""One-time form keys: the first submission with a key creates; every repeat gets the first result.

Forms carry a hidden `idempotency_key` (scripts may send an `Idempotency-Key` header instead). The
key row is inserted in the same transaction as whatever the submission creates, under a unique
index, so two racing copies of one submission cannot both commit.
"""
from __future__ import annotations

import re
import secrets
from typing import Callable

from flask import request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import IdempotencyKey

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_key() -> str:
    return secrets.token_urlsafe(18)


def submitted_key() -> str | None:
    """The key sent with this request, if it is well formed."""
    key = request.headers.get("Idempotency-Key") or request.form.get("idempotency_key") or ""
    return key if KEY_PATTERN.match(key) else None


def previous_result(scope: str, key: str | None) -> str | None:
    if not key:
        return None
    result = db.session.execute(
        select(IdempotencyKey.result).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    ).scalar_one_or_none()
    if result is None:
        # run_once need not ask again in this transaction: a twin committing in between is caught by the
        # unique index on (scope, key) when this one commits.
        db.session.info.setdefault("idempotency_checked", set()).add((scope, key))
    return result


def run_once(scope: str, key: str | None, create: Callable[[], str]) -> tuple[str, bool]:
    """Run `create` (which adds rows and returns a result string, e.g. an id) at most once per key.

    Returns (result, created). Commits the session.
    """
    if (scope, key) not in db.session.info.pop("idempotency_checked", ()):
        done = previous_result(scope, key)
        if done is not None:
            return done, False
    result = create()
    if key:
        db.session.add(IdempotencyKey(scope=scope, key=key, result=result))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        done = previous_result(scope, key)
        if done is None:
            raise
        return done, False
    return result, True

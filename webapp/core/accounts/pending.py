"""A sign-in waiting for its second step: the password was right, the authenticator code is still due.

It lives in the (signed) session for a few minutes, tied to the account's `session_version`, so a password
change in between cancels it. Nobody is signed in until the code is right.
"""
from __future__ import annotations

import time

from flask import session

from ...extensions import db
from ..models import User
from .services import users_here

PENDING = "two_factor_pending"
PENDING_SECONDS = 300


def start_pending(user: User, remember: bool, next_path: str | None) -> None:
    session[PENDING] = {"user": user.id, "version": user.session_version, "remember": bool(remember),
                        "next": next_path or "", "at": int(time.time())}


def pending_sign_in() -> tuple[User | None, dict]:
    """The account waiting for its code here, with what the first step asked for (remember, next)."""
    data = session.get(PENDING)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None, {}
    user = db.session.execute(users_here().where(User.id == data.get("user"))).scalar_one_or_none()
    if user is None or user.blocked or not user.uses_two_factor or user.session_version != data.get("version"):
        return None, {}
    return user, data


def drop_pending() -> None:
    session.pop(PENDING, None)

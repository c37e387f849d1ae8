"""Confirming a new account from its own phone or e-mail before it can be used.

Registering never says whether a phone number or e-mail address already has an account: both ways end on
the same "check your messages" page. A free contact gets a link that opens the new account; a taken one
gets its owner a notice instead (notices.py). Until its link is opened an account cannot sign in, and a
wrong password and an unconfirmed account get the same answer, so a stranger cannot tell either.

Someone who registers a number that is not theirs blocks nobody: the account is never confirmed, and when
the number's real owner registers it, the unconfirmed account is replaced (services.register). A reset
link confirms too, since it also proves the phone or mailbox.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, g, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ...extensions import db
from .. import notify
from ..models import User, utcnow
from ..signing import serializer
from .services import users_here

SALT = "serambi.confirm-account"


def _serializer() -> URLSafeTimedSerializer:
    return serializer(SALT)


def max_age() -> int:
    return current_app.config.get("ACCOUNT_CONFIRM_MAX_AGE", 7 * 24 * 3600)


def _stamp(user: User) -> str:
    """Ties a link to the account as registered: a replacement registration (even one that got the same id
    back, as SQLite may give) has another password hash, so the earlier link does not open it."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_token(user: User, next_path: str | None = None) -> str:
    return _serializer().dumps({"user": user.id, "version": user.session_version, "stamp": _stamp(user),
                                "next": next_path or ""})


def pending_for_token(token: str) -> tuple[User | None, str]:
    """The unconfirmed account this link opens and the page to go on to; (None, "") when the link is
    forged, expired, used, or not for this region."""
    try:
        data = _serializer().loads(token, max_age=max_age())
        user_id, version, next_path = int(data["user"]), int(data["version"]), str(data.get("next") or "")
        stamp = str(data["stamp"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None, ""
    user = db.session.execute(users_here().where(User.id == user_id)).scalar_one_or_none()
    if (user is None or user.blocked or user.confirmed_at is not None or user.session_version != version
            or not hmac.compare_digest(_stamp(user), stamp)):
        return None, ""
    return user, next_path


def mark_confirmed(user: User) -> None:
    """The person proved they hold the account's phone or mailbox (the caller commits)."""
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()


def destination(phone: str | None, email: str | None) -> tuple[str, str]:
    """Where a registration's message goes: the e-mail when there is one (free to send), else the phone."""
    return ("mail", email) if email else ("sms", phone)


def send_link(user: User, next_path: str | None = None) -> None:
    link = url_for("accounts.confirm_account", token=make_token(user, next_path), _external=True)
    region, days = g.region.name, max_age() // 86400
    channel, to = destination(user.phone, user.email)
    if channel == "mail":
        body = _(
            "Hello %(name)s,\n\nWelcome to %(region)s. Open this link within %(days)d days to start using your "
            "new account:\n\n%(link)s\n\nIf you did not create an account, ignore this message: "
            "nothing will be made.",
            name=user.name, region=region, days=days, link=link,
        )
        notify.deliver("mail", to, body, subject=_("Open your %(region)s account", region=region))
    else:
        notify.deliver("sms", to, _(
            "%(region)s: open %(link)s within %(days)d days to start using your new account. "
            "Not you? Ignore this message.", region=region, link=link, days=days))

"""Changing the phone number or e-mail address of an account: the new one must be confirmed from itself.

The account page does not change a phone or e-mail at once. It sends a link to the new one, and the change
is made when that link is opened while signed in to the same account. So nobody can take over someone
else's address (a typo, or on purpose), and the page says the same thing whether or not the address
already belongs to another account here: in that case no link goes out, and the other account's owner is
told instead (notices.py). Nobody learns through this page which addresses have accounts.

The link carries the account id, the field, the value and the account's `session_version`: it works once
(once the change is made the stored value equals the link's, which is refused as done), and a password
change in between kills it.
"""
from __future__ import annotations

from typing import NamedTuple

from flask import current_app, g, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from .. import notify
from ..models import User
from ..signing import serializer
from . import notices
from .contact import display_phone
from .services import ContactTaken, taken_contact

SALT = "serambi.contact-change"
FIELDS = ("phone", "email")


class Change(NamedTuple):
    field: str  # "phone" or "email"
    value: str  # in its stored form (E.164 phone, lower-case e-mail)


def _serializer() -> URLSafeTimedSerializer:
    return serializer(SALT)


def max_age() -> int:
    return current_app.config.get("CONTACT_CHANGE_MAX_AGE", 24 * 3600)


def shown(change: Change) -> str:
    return display_phone(change.value) if change.field == "phone" else change.value


def request_change(user: User, change: Change) -> None:
    """Send a confirmation link to the new phone/e-mail; when another account here has it, tell that
    account's owner instead (and send no link)."""
    if taken_contact(*((change.value, None) if change.field == "phone" else (None, change.value)), except_user=user):
        notices.contact_claimed(change.field, change.value)
        return
    token = _serializer().dumps({"user": user.id, "field": change.field, "value": change.value,
                                 "version": user.session_version})
    link = url_for("accounts.confirm_contact", token=token, _external=True)
    region, hours = g.region.name, max_age() // 3600
    if change.field == "email":
        body = _(
            "Hello %(name)s,\n\nYou asked to use this e-mail address for your %(region)s account. "
            "Open this link within %(hours)d hours, signed in to your account, to confirm it:\n\n%(link)s\n\n"
            "If it was not you, ignore this message: nothing changes.",
            name=user.name, region=region, hours=hours, link=link,
        )
        notify.deliver("mail", change.value, body, subject=_("Confirm your e-mail address for %(region)s",
                                                             region=region))
    else:
        notify.deliver("sms", change.value, _(
            "%(region)s: to use this number for your account, open %(link)s within %(hours)d hours. "
            "Not you? Ignore this message.", region=region, link=link, hours=hours))


def change_for_token(user: User, token: str) -> Change | None:
    """The change this link confirms for `user`, or None when it is forged, expired, for another account,
    made stale by a password change, or already done."""
    try:
        data = _serializer().loads(token, max_age=max_age())
        change = Change(str(data["field"]), str(data["value"]))
        user_id, version = int(data["user"]), int(data["version"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if (change.field not in FIELDS or user_id != user.id or version != user.session_version
            or getattr(user, change.field) == change.value):
        return None
    return change


def apply_change(user: User, change: Change) -> None:
    """Make the confirmed change; raises ContactTaken when another account got the value meanwhile."""
    phone, email = (change.value, None) if change.field == "phone" else (None, change.value)
    if taken_contact(phone, email, except_user=user):
        raise ContactTaken(change.field)
    setattr(user, change.field, change.value)
    try:
        db.session.commit()
    except IntegrityError:  # another account committed the same value a moment ago
        db.session.rollback()
        raise ContactTaken(change.field) from None

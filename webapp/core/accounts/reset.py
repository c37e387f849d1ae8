"""Password reset links: signed, expiring, and dead as soon as the password changes.

The token carries the user's id and `session_version`; setting a password bumps the version, so a link
works once, and an old link stops working when the password is changed any other way.
"""
from __future__ import annotations

from flask import current_app, g, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ...extensions import db
from .. import notify
from ..models import User, utcnow
from ..signing import serializer
from . import lockout, sessions
from .contact import InvalidContact, parse_contact
from .services import find_by_contact, users_here

SALT = "serambi.password-reset"


INVITE_SALT = "serambi.set-password"  # the first password of an account made by staff or onboarding


def _serializer(salt: str = SALT) -> URLSafeTimedSerializer:
    return serializer(salt)


def make_token(user: User, invite: bool = False) -> str:
    """A URL-safe token for `user`'s current password. An `invite` (an account made for someone, who chooses
    the first password) lives SET_PASSWORD_MAX_AGE instead of the hour of a reset link; its own salt keeps an
    ordinary reset link from living that long."""
    return _serializer(INVITE_SALT if invite else SALT).dumps({"user": user.id, "version": user.session_version})


def user_for_token(token: str, max_age: int | None = None) -> User | None:
    """The account this token may reset, or None when it is forged, expired, used or not for this region."""
    config = current_app.config
    tries = ([(SALT, max_age)] if max_age is not None else
             [(SALT, config["PASSWORD_RESET_MAX_AGE"]), (INVITE_SALT, config["SET_PASSWORD_MAX_AGE"])])
    data = None
    for salt, age in tries:
        try:
            data = _serializer(salt).loads(token, max_age=age)
            break
        except BadSignature:  # SignatureExpired is a BadSignature
            continue
    try:
        user_id, version = int(data["user"]), int(data["version"])
    except (KeyError, TypeError, ValueError):
        return None
    user = db.session.execute(users_here().where(User.id == user_id)).scalar_one_or_none()
    if user is None or user.blocked or user.session_version != version:
        return None
    return user


def set_new_password(user: User, password: str) -> None:
    """Save the new password; the link that led here, and every session, stop working. The link proved
    the person holds the phone or mailbox, so a pause after failed sign-ins ends too."""
    user.set_password(password)
    user.last_login_at = utcnow()
    if user.confirmed_at is None:  # the link proved the phone or mailbox, as a confirmation link does
        user.confirmed_at = utcnow()
    sessions.end_all(user)
    db.session.commit()
    lockout.forget(user)


def send_reset_link(login: str) -> None:
    """Send a reset link to the account(s) here with this phone/e-mail. Silent when there is none:
    the page says the same thing either way, so nobody can probe which numbers have accounts."""
    try:
        users = find_by_contact(parse_contact(login))
    except InvalidContact:
        return
    for user in users:
        if not user.blocked:
            _send(user, url_for("accounts.reset_password", token=make_token(user), _external=True))


def _send(user: User, link: str) -> None:
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    region = g.region.name
    if user.email:
        body = _(
            "Hello %(name)s,\n\nSomeone asked to reset the password of your %(region)s account. "
            "Open this link within %(minutes)d minutes to choose a new password:\n\n%(link)s\n\n"
            "If it was not you, ignore this message: your password stays as it is.",
            name=user.name, region=region, minutes=minutes, link=link,
        )
        notify.deliver("mail", user.email, body, subject=_("Choose a new password for %(region)s", region=region))
    elif user.phone:
        notify.deliver(
            "sms",
            user.phone,
            _("%(region)s: open %(link)s within %(minutes)d minutes to choose a new password. "
              "Not you? Ignore this message.", region=region, link=link, minutes=minutes),
        )

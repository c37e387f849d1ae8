"""Account rules, callable without a request view: who may sign in, registering, editing an account.

Accounts belong to one region. Sign-in on a region's host looks at that region's accounts plus the
platform admins (region_id NULL), never at another region's.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ...extensions import db
from ..idempotency import previous_result, run_once
from ..models import Role, User, utcnow
from . import lockout, sessions
from .contact import Contact, InvalidContact, parse_contact

REGISTER_SCOPE = "accounts.register"
NEXT_MAX = 500

ROLE_LABELS = {
    Role.REGION_ADMIN: _l("Region administrator"),
    Role.DEPARTMENT_OFFICER: _l("Department officer"),
    Role.EDITOR: _l("News editor"),
    Role.PRICE_OFFICER: _l("Market price officer"),
    Role.MANPOWER_OFFICER: _l("Manpower officer"),
}


class ContactTaken(Exception):
    """The phone number or e-mail address already belongs to another account here."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field  # "phone" or "email": which form field gets the message


def users_here():
    """A SELECT of the accounts that may act on the current region's host: its own, and the platform admins.

    Needs a current region (a request, or `region_context` in commands).
    """
    region_id = g.region.id
    return (
        select(User)
        .where(or_(User.region_id == region_id, User.region_id.is_(None)))
        .order_by(User.region_id.is_(None), User.id)  # the region's own account first
        .execution_options(all_regions=True)
    )


def find_by_contact(contact: Contact) -> list[User]:
    """Accounts here with this phone or e-mail (normally one; an admin may share an address)."""
    column = User.phone if contact.kind == "phone" else User.email
    return list(db.session.execute(users_here().where(column == contact.value)).scalars())


def taken_contact(phone: str | None, email: str | None, except_user: User | None = None,
                  confirmed_only: bool = False) -> str | None:
    """The field ("phone"/"email") whose value another account here already uses, or None.
    With `confirmed_only`, accounts still waiting for their confirmation link do not count."""
    for field, value in (("phone", phone), ("email", email)):
        if not value:
            continue
        for user in find_by_contact(Contact(field, value)):
            if (except_user is None or user.id != except_user.id) and not (confirmed_only and user.confirmed_at is None):
                return field
    return None


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


class SignInCheck(NamedTuple):
    """What a password check found: the account (None when the login or password is not right), and
    the minutes for which signing in with this login is paused (None when it is not)."""

    user: User | None
    paused_minutes: int | None = None


def authenticate(login: str, password: str) -> SignInCheck:
    """Check `login` (phone/e-mail) and `password` against the accounts here, counting failures (lockout.py).

    Blocked accounts are returned too, so the caller can say so once the password proved who it is.
    While the login is paused the password is not checked at all.
    """
    try:
        contact = parse_contact(login)
        candidates = find_by_contact(contact)
    except InvalidContact:
        contact, candidates = None, []
    keys = lockout.keys_for(contact, candidates)
    paused = lockout.minutes_locked(keys)
    if paused:
        return SignInCheck(None, paused)
    for user in candidates:
        # An account whose confirmation link was never opened answers like a wrong password (confirm.py).
        if user.check_password(password) and user.confirmed_at is not None:
            return SignInCheck(user)
    if not candidates:
        # Hash anyway, so the response time does not tell whether an account exists.
        check_password_hash(_dummy_hash(), password)
    return SignInCheck(None, lockout.record_failure(keys))


def complete_sign_in(user: User, remember: bool = False) -> None:
    """The account proved itself (password, and code where it has two-factor sign-in): a new session in
    this browser, the failure count cleared, the time noted."""
    lockout.forget(user)
    sessions.sign_in(user, remember=remember)
    record_login(user)


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.commit()


def register(name: str, phone: str | None, email: str | None, password: str, locale: str,
             key: str | None = None) -> tuple[User, bool]:
    """Create an unconfirmed citizen account in the current region: (account, made now).

    A repeat of the same submission (same one-time `key` and password: a double tap or a retry) returns
    the account the first one created, with False. Raises ContactTaken when a confirmed account here has
    the phone or e-mail; unconfirmed accounts with them are replaced (their link was never opened, so
    whoever made them did not hold the phone or mailbox, or gave up).
    """
    if previous_result(REGISTER_SCOPE, key) is None:
        taken = taken_contact(phone, email, confirmed_only=True)
        if taken:
            raise ContactTaken(taken)

    def create() -> str:
        for stale in {u.id: u for value_kind, value in (("phone", phone), ("email", email)) if value
                      for u in find_by_contact(Contact(value_kind, value)) if u.confirmed_at is None}.values():
            db.session.delete(stale)
        db.session.flush()
        user = User(region_id=g.region.id, name=name, phone=phone, email=email, locale=locale)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        user.confirmed_at = None  # after the insert: the column's default (made by staff: confirmed) fired there
        db.session.flush()
        return str(user.id)

    try:
        user_id, created = run_once(REGISTER_SCOPE, key, create)
    except IntegrityError:
        # Someone (or a racing copy of this very submission) committed the same contact first.
        db.session.rollback()
        user_id, created = previous_result(REGISTER_SCOPE, key), False
        if user_id is None:
            raise ContactTaken(taken_contact(phone, email) or ("phone" if phone else "email"))
    user = db.session.get(User, int(user_id))
    if user is None or not user.check_password(password):
        raise ContactTaken("phone" if phone else "email")
    return user, created


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password when `current` is right; every session of the account ends (the caller starts a
    new one for this browser)."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    sessions.end_all(user)
    db.session.commit()
    return True


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def staff_roles(user: User) -> list[dict]:
    """The user's staff roles as labels for the account page (department name where there is one)."""
    return [
        {"label": ROLE_LABELS.get(grant.role, grant.role), "department": grant.department.name if grant.department else None}
        for grant in user.roles
    ]


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site; None for anything that could leave it (open redirects)."""
    if not target or len(target) > NEXT_MAX or not target.startswith("/"):
        return None
    if target.startswith("//") or any(c in target for c in "\\\r\n\t") or not target.isprintable():
        return None  # browsers read '//host' and '/\host' as another site
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target

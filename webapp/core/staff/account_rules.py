"""Staff accounts: who holds roles, creating accounts, granting and revoking roles, blocking.

Every query goes through the session, so it sees only the current region's accounts.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ...extensions import db
from ..accounts.contact import InvalidContact, normalise_email, normalise_phone
from ..accounts.services import taken_contact
from ..models import Department, Role, RoleGrant, User
from .. import onboarding  # a module reference: onboarding imports the staff package in turn
from .common import Refused

SEARCH_LIMIT = 50


def staff_accounts() -> list[User]:
    """Accounts of the region holding at least one role, by name."""
    return list(db.session.execute(select(User).where(User.roles.any()).order_by(User.name)).scalars())


def search_accounts(text: str) -> list[User]:
    """Any account of the region whose name, e-mail or phone contains `text` (case-insensitive)."""
    text = (text or "").strip()
    if not text:
        return []
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    conditions = [
        func.lower(User.name).like(pattern, escape="\\"),
        func.lower(User.email).like(pattern, escape="\\"),
    ]
    try:
        phone = normalise_phone(text)
    except InvalidContact:
        phone = None
    digits = "".join(c for c in text if c.isdigit())
    if phone:
        conditions.append(User.phone == phone)
    elif digits:
        conditions.append(User.phone.like(f"%{digits.lstrip('0')}%"))
    query = select(User).where(or_(*conditions)).order_by(User.name).limit(SEARCH_LIMIT)
    return list(db.session.execute(query).scalars())


def create_staff_account(name, email, phone, roles, department: Department | None) -> User:
    """A new account of the region with `roles` and no password anyone knows; refused when the e-mail or
    phone is already in use. Its owner chooses a password through a one-time link
    (`onboarding.set_password_link`): nobody else ever types or reads it."""
    try:
        email = normalise_email(email) if email else None
    except InvalidContact:
        raise Refused(_("This does not look like an e-mail address."), field="email") from None
    try:
        phone = normalise_phone(phone) if phone else None
    except InvalidContact:
        raise Refused(_("This does not look like an Indonesian phone number."), field="phone") from None
    taken = taken_contact(phone, email)
    if taken == "email":
        raise Refused(_("An account with this e-mail address already exists. Search for it and give it the role there."), field="email")
    if taken == "phone":
        raise Refused(_("An account with this phone number already exists. Search for it and give it the role there."), field="phone")
    user = onboarding.new_account(name, email=email, phone=phone)
    for role in roles:
        grant_role(user, role, department)
    db.session.flush()
    return user


def awaits_first_password(user: User) -> bool:
    """An account made by an administrator whose owner has not chosen a password yet (and is not blocked).
    Only such an account may get a new set-password link from an administrator: an account with a password
    is its owner's alone, who asks for a reset link themselves."""
    return not user.blocked and onboarding.has_no_password(user)


def renew_set_password_link(user: User) -> None:
    """Make every earlier set-password link of `user` stop working (a new one is made after committing)."""
    if not awaits_first_password(user):
        raise Refused(_("This person has already chosen a password. If they forgot it, they can ask for a new "
                        "one on the sign-in page."))
    onboarding.without_password(user)


def grant_role(user: User, role: str, department: Department | None) -> RoleGrant:
    """Give `user` a role (department officers: for one department); refused if they already hold it."""
    if role not in Role.ALL:
        raise Refused(_("Unknown role."), field="role")
    department = department if role == Role.DEPARTMENT_OFFICER else None
    if department is None and role == Role.DEPARTMENT_OFFICER:
        raise Refused(_("A department officer needs a department."), field="department")
    for grant in user.roles:
        if grant.role == role and grant.department_id == (department.id if department else None):
            raise Refused(_("This account already holds that role."), field="role")
    grant = RoleGrant(role=role, department=department)
    user.roles.append(grant)
    return grant


def admin_count() -> int:
    """How many unblocked accounts of the region are region administrators."""
    query = (
        select(func.count(func.distinct(RoleGrant.user_id)))
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == Role.REGION_ADMIN, User.blocked.is_(False))
    )
    return db.session.execute(query).scalar_one()


def revoke_role(actor: User, grant: RoleGrant) -> None:
    """Take a role away. Nobody removes their own last administrator role, and a region keeps one admin."""
    if grant.role == Role.REGION_ADMIN:
        others = [g for g in grant.user.roles if g.role == Role.REGION_ADMIN and g is not grant]
        if grant.user_id == actor.id and not others:
            raise Refused(_("You cannot remove your own administrator role. Ask another administrator to do it."))
        if not others and not grant.user.blocked and admin_count() <= 1:
            raise Refused(_("This is the region's last administrator. Make someone else an administrator first."))
    grant.user.roles.remove(grant)


def set_blocked(actor: User, user: User, blocked: bool) -> None:
    """Block or unblock `user`. Blocking signs them out everywhere; nobody blocks themselves."""
    if blocked and user.id == actor.id:
        raise Refused(_("You cannot block your own account."))
    if blocked and not user.blocked:
        user.session_version = (user.session_version or 0) + 1
    user.blocked = blocked

"""Role checks, in one place: every staff view says which roles may use it.

The same place makes staff set up two-factor sign-in first where their region asks for it (the region
setting TWO_FACTOR_SETTING): any staff or platform page then sends them to the set-up page instead.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from .models import Region, Role, User

TWO_FACTOR_SETTING = "require_two_factor"  # in Region.settings: staff must use two-factor sign-in


def user_belongs_here(user: User) -> bool:
    """A region's accounts work only on that region's host; platform admins work everywhere."""
    region = g.get("region")
    return user.is_platform_admin or (region is not None and user.region_id == region.id)


def two_factor_required(user: User) -> bool:
    """True when `user` must set up two-factor sign-in before a staff page opens: staff of a region that
    asks for it, and platform admins (staff of every region) as soon as any region asks for it."""
    if user.uses_two_factor or not user.is_staff:
        return False
    if user.is_platform_admin:
        settings = db.session.execute(select(Region.settings)).scalars()
        return any((s or {}).get(TWO_FACTOR_SETTING) for s in settings)
    region = g.get("region")
    return bool(region is not None and (region.settings or {}).get(TWO_FACTOR_SETTING))


def _to_two_factor_setup():
    flash(_("Your region asks staff to use two-factor sign-in. Please set it up to open the staff pages."), "info")
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("accounts.two_factor_setup", next=back))


def roles_required(*roles: str):
    """Allow signed-in users holding one of `roles` in the current region (or platform admins)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not (user_belongs_here(current_user) and current_user.has_role(*roles)):
                abort(403)
            if two_factor_required(current_user):
                return _to_two_factor_setup()
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def staff_required(view):
    """Any staff role in the current region."""
    return roles_required(*Role.ALL)(view)


def platform_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_platform_admin:
            abort(403)
        if two_factor_required(current_user):
            return _to_two_factor_setup()
        return view(*args, **kwargs)

    return wrapped

"""Role checks, in one place: every staff view says which roles may use it."""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from .models import Role, User


def user_belongs_here(user: User) -> bool:
    """A region's accounts work only on that region's host; platform admins work everywhere."""
    region = g.get("region")
    return user.is_platform_admin or (region is not None and user.region_id == region.id)


def roles_required(*roles: str):
    """Allow signed-in users holding one of `roles` in the current region (or platform admins)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not (user_belongs_here(current_user) and current_user.has_role(*roles)):
                abort(403)
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
        return view(*args, **kwargs)

    return wrapped

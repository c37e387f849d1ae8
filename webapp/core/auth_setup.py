"""Flask-Login wiring: loading the signed-in user for this region."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, select

from ..extensions import db, login
from .accounts.models import UserSession
from .accounts.sessions import digest
from .auth import user_belongs_here
from .models import User


@login.user_loader
def load_user(user_id: str):
    """The account of a session or remember-me cookie ("id.version.key", see accounts/sessions.py), or None
    when the password changed since (version) or this browser signed out (its session row is gone).

    An id without a key was not made by signing in (tests put one in the session directly); the sec01
    migration bumped every version, so no cookie from before sessions were recorded still works.
    """
    ident, version, key = (user_id.split(".", 2) + ["", ""])[:3]
    if not ident.isdigit():
        return None
    query = select(User).where(User.id == int(ident)).execution_options(all_regions=True)
    if key:
        query = query.where(exists().where(UserSession.user_id == User.id, UserSession.digest == digest(key)))
    user = db.session.execute(query).scalar_one_or_none()
    if user is None or str(user.session_version) != version or not user_belongs_here(user):
        return None
    user.session_key = key or None
    return user


def init_app(app: Flask) -> None:
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message = _l("Please sign in to open that page.")
    login.login_message_category = "info"
    login.session_protection = "basic"

    @app.after_request
    def private_pages_are_not_cached(response):
        # Anything shown to a signed-in person stays out of shared and service-worker caches.
        if current_user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


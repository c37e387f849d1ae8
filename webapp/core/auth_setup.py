"""Flask-Login wiring: loading the signed-in user for this region."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login
from .auth import user_belongs_here
from .models import User


@login.user_loader
def load_user(user_id: str):
    ident, _, version = user_id.partition(".")
    if not ident.isdigit():
        return None
    user = db.session.execute(
        select(User).where(User.id == int(ident)).execution_options(all_regions=True)
    ).scalar_one_or_none()
    if user is None or str(user.session_version) != version or not user_belongs_here(user):
        return None
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


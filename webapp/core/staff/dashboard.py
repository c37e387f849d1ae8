"""The staff home page: a greeting, the user's roles in words and their menu."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from ..auth import staff_required
from ..rendering import render
from . import bp
from .choices import grant_label


def roles_in_words(user) -> list[str]:
    """What `user` may do here, in words, platform administration first."""
    words = [_("Platform administrator")] if user.is_platform_admin else []
    return words + sorted(grant_label(grant) for grant in user.roles)


@bp.get("/")
@staff_required
def dashboard():
    """The staff home page."""
    return render("staff/dashboard.html", roles=roles_in_words(current_user))

"""The staff area shell (`/staf/`): dashboard, menu filled by modules, and the region's administration."""
from flask import Blueprint, request
from flask_login import current_user

from ..accounts.contact import display_phone
from .choices import grant_label
from .menu import is_current, staff_menu

bp = Blueprint("staff", __name__, url_prefix="/staf")


@bp.app_context_processor
def staff_menu_context():
    """`staff_menu()`, `menu_current(link)`, `grant_label(grant)` and `display_phone` for staff pages."""
    return {
        "display_phone": display_phone,
        "grant_label": grant_label,
        "staff_menu": lambda: staff_menu(current_user),
        "menu_current": lambda link: is_current(link, request.endpoint),
    }


from . import (accounts, api_keys, areas, audit_views, dashboard, departments, home_cards,  # noqa: E402,F401
               region_settings)  # (routes)

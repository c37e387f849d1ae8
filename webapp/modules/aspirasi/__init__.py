"""Aspirasi: the complaint and aspiration box, from a citizen's phone to a department's answer.

Public pages live under /aspirasi/, the handling staff's under /staf/aspirasi/.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.models import Role
from ...core.modules import CivicModule, OfflineForm, StaffLink

bp = Blueprint("aspirasi", __name__, template_folder="templates")

from . import demo, models, search, views_public, views_staff  # noqa: E402,F401  (tables, and routes on bp)
from . import api, open311, open311_filing, views_open311  # noqa: E402,F401  (open data and Open311 routes)

module = CivicModule(
    name="aspirasi",
    label=_l("Aspirasi"),
    icon="chat",
    blueprint=bp,
    endpoint="aspirasi.index",
    card_template="aspirasi/_card.html",
    card_context=views_public.card_context,
    staff_links=(
        StaffLink("aspirasi.staff_inbox", _l("Reports inbox"), (Role.REGION_ADMIN, Role.DEPARTMENT_OFFICER)),
        StaffLink("aspirasi.staff_categories", _l("Report categories"), (Role.REGION_ADMIN,)),
    ),
    seed_demo=demo.seed_demo,
    offline_urls=("/aspirasi/",),
    search=search.search,
    offline_forms=(OfflineForm(r"^/aspirasi/baru$", side_step="langkah"),),  # filing, not "check for similar"
)

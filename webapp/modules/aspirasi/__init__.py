"""Aspirasi: the complaint and aspiration box, from a citizen's phone to a department's answer.

Public pages live under /aspirasi/, the handling staff's under /staf/aspirasi/.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.models import Role
from ...core.modules import CivicModule, Dataset, OfflineForm, StaffLink

bp = Blueprint("aspirasi", __name__, template_folder="templates")

from . import demo, models, personal_data, search, views_public, views_staff  # noqa: E402,F401  (tables, routes)
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
    datasets=(
        Dataset("reports", _l("Public reports"),
                _l("Complaints, ideas and information requests from residents that are public: where, what, which "
                   "department handles them and how far they are, with their public replies. Rahasia reports and "
                   "the reporters' personal details are never included; phone numbers and ID numbers in the text "
                   "are masked."),
                ("/api/v1/reports?limit=10", "/api/v1/reports?status=selesai", "/api/v1/reports?since=2025-01-01")),
        Dataset("report-stats", _l("Report statistics per kecamatan and month"),
                _l("How many public reports were filed in each kecamatan each month, how many are waiting, being "
                   "handled, done or rejected, and how many were done by their deadline."),
                ("/api/v1/reports/stats", "/api/v1/reports/stats?from=2025-01&to=2025-12")),
        Dataset("open311", _l("Reports through Open311 (GeoReport v2)"),
                _l("File and read reports with any Open311 client. Reading is open to everyone; filing needs an "
                   "API key from the region's administrator."),
                ("/open311/v2/discovery.xml", "/open311/v2/services.json", "/open311/v2/requests.json")),
    ),
    openapi=api.openapi,
    personal_data=personal_data.HOOKS,
)

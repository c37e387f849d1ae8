"""Harga Pangan: the day's staple-food prices at the region's markets, entered by price officers.

Public pages live under /harga/, the officers' under /staf/harga/. Storage and arithmetic: `prices.py`;
tables and the scale note: `models.py`; the national commodity list: `national.py`.
"""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ...core.models import Role
from ...core.modules import CivicModule, OfflineForm, StaffLink

bp = Blueprint("harga", __name__, template_folder="templates")

from . import api, demo, models, opendata, search, views_admin, views_public, views_staff  # noqa: E402,F401  (routes on bp)

module = CivicModule(
    name="harga",
    label=_l("Market prices"),
    icon="price",
    blueprint=bp,
    endpoint="harga.index",
    card_template="harga/_card.html",
    card_context=views_public.card_context,
    staff_links=(
        StaffLink("harga.staff_entry", _l("Enter market prices"), (Role.REGION_ADMIN, Role.PRICE_OFFICER)),
        StaffLink("harga.staff_import", _l("Import prices from CSV"), (Role.REGION_ADMIN, Role.PRICE_OFFICER)),
        StaffLink("harga.admin_markets", _l("Markets"), (Role.REGION_ADMIN,)),
        StaffLink("harga.admin_commodities", _l("Commodities"), (Role.REGION_ADMIN,)),
        StaffLink("harga.admin_references", _l("Ceiling prices (HET/HAP)"), (Role.REGION_ADMIN, Role.PRICE_OFFICER)),
    ),
    seed_demo=demo.seed_demo,
    offline_urls=("/harga/",),
    search=search.search,
    offline_forms=(OfflineForm(r"^/staf/harga/[^/]+/\d{4}-\d{2}-\d{2}$"),),  # a market's day of prices
    datasets=(api.DATASET,),
    openapi=api.openapi,
)

"""Kontak: the region's contact and emergency numbers, one tap to call. The smallest civic module.

The region admin edits the numbers in the region settings (`Group:` headings and `label = number` lines,
see `core/staff/fields.py`); this page shows 112 first, then the numbers without a group, then each group.
The page is in `offline_urls`, so the service worker keeps it for use without a connection.
"""
from flask import Blueprint, g
from flask_babel import lazy_gettext as _l

from ...core.modules import CivicModule, Dataset
from ...core.rendering import render
from ...core.templating import number_groups

bp = Blueprint("kontak", __name__, url_prefix="/kontak", template_folder="templates")

from . import api  # noqa: E402  (/api/v1/numbers)

CARD_NUMBERS = 4  # besides 112


@bp.get("/")
def index():
    return render("kontak/index.html")


def card_context() -> dict:
    """112 (in the template) plus the first few numbers, in the order the page shows them."""
    ordered = [row for _group, rows in number_groups(g.region.emergency_numbers) for row in rows]
    return {"numbers": ordered[:CARD_NUMBERS]}


module = CivicModule(
    name="kontak",
    label=_l("Emergency numbers"),
    icon="phone",
    blueprint=bp,
    endpoint="kontak.index",
    card_template="kontak/_card.html",
    card_context=card_context,
    offline_urls=("/kontak/",),
    datasets=(
        Dataset("numbers", _l("Important numbers"),
                _l("The region's emergency and contact numbers (112 first, then each group), each with the "
                   "number to dial."),
                ("/api/v1/numbers",)),
    ),
    openapi=api.openapi,
)

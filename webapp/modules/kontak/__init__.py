"""Kontak: the region's contact and emergency numbers, one tap to call. The smallest civic module."""
from flask import Blueprint, g
from flask_babel import lazy_gettext as _l

from ...core.modules import CivicModule
from ...core.rendering import render

bp = Blueprint("kontak", __name__, url_prefix="/kontak", template_folder="templates")


@bp.get("/")
def index():
    return render("kontak/index.html")


def card_context() -> dict:
    return {"numbers": (g.region.emergency_numbers or [])[:4]}


module = CivicModule(
    name="kontak",
    label=_l("Emergency numbers"),
    icon="phone",
    blueprint=bp,
    endpoint="kontak.index",
    card_template="kontak/_card.html",
    card_context=card_context,
    offline_urls=("/kontak/",),
)

"""The home page: one card from every module the region has switched on."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from markupsafe import Markup

from .modules import enabled_modules
from .rendering import render

bp = Blueprint("home", __name__)


def render_cards() -> list[dict]:
    """Each module's card rendered on its own; a failing card becomes a small note, never a broken page."""
    cards = []
    for module in enabled_modules():
        if not module.card_template:
            continue
        try:
            context = module.card_context() if module.card_context else {}
            html = Markup(render_template(module.card_template, module=module, **context))
        except Exception:
            current_app.logger.exception("home card of module %s failed", module.name)
            html = None
        cards.append({"module": module, "html": html})
    return cards


@bp.get("/")
def index():
    return render("home.html", cards=render_cards())

"""Home page cards (`/staf/beranda`): which enabled services show a card on the home page, and in what order.

Stored in `region.settings["home"]` as {"order": [module names], "hidden": [module names]} (read by
core/home.py). Names of services that are switched off keep their place, so switching one back on puts its
card where it was.
"""
from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from ...extensions import db
from ..auth import roles_required
from ..forms import BaseForm
from ..home import home_settings, ordered
from ..models import Role
from ..modules import enabled_modules
from ..rendering import render
from . import bp

POSITION_MAX = 99


def cards_form(modules: list, settings: dict):
    """A form with "show" and "position" for each module (fields `show_<name>`, `position_<name>`), filled
    from the settings, or from what was posted."""

    class HomeCardsForm(BaseForm):
        pass

    hidden = set(settings.get("hidden") or [])
    data = {}
    for position, module in enumerate(modules, start=1):
        setattr(HomeCardsForm, f"show_{module.name}", BooleanField(_l("Show on the home page")))
        setattr(HomeCardsForm, f"position_{module.name}", IntegerField(
            _l("Position"),
            [InputRequired(_l("Please give a position as a number.")),
             NumberRange(1, POSITION_MAX, _l("Please give a position from 1 to %(max)d.", max=POSITION_MAX))],
            render_kw={"inputmode": "numeric", "min": 1, "max": POSITION_MAX}))
        data[f"show_{module.name}"] = module.name not in hidden
        data[f"position_{module.name}"] = position
    return HomeCardsForm(data=data)


def new_settings(form, modules: list, settings: dict) -> dict:
    """The home settings the form asks for: modules ordered by position (ties keep the current order)."""
    rank = {m.name: i for i, m in enumerate(modules)}
    chosen = sorted(modules, key=lambda m: (form[f"position_{m.name}"].data, rank[m.name]))
    names = [m.name for m in chosen]
    others = [n for n in settings.get("order") or [] if isinstance(n, str) and n not in rank]
    hidden = [m.name for m in modules if not form[f"show_{m.name}"].data]
    hidden += [n for n in settings.get("hidden") or [] if isinstance(n, str) and n not in rank]
    return {**settings, "order": names + others, "hidden": hidden}


@bp.route("/beranda", methods=["GET", "POST"])
@roles_required(Role.REGION_ADMIN)
def home_cards():
    """Show and save the home page's cards; a bad position comes back with everything as typed (422)."""
    region = g.region
    settings = home_settings(region)
    modules = [m for m in ordered(enabled_modules(), settings.get("order")) if m.card_template]
    form = cards_form(modules, settings)
    if form.validate_on_submit():
        region.settings = {**(region.settings or {}), "home": new_settings(form, modules, settings)}  # a new dict
        db.session.commit()
        flash(_("The home page settings were saved."), "success")
        return redirect(url_for(".home_cards"), 303)
    rows = [{"module": m, "show": form[f"show_{m.name}"], "position": form[f"position_{m.name}"]} for m in modules]
    return render("staff/home_cards.html", status=422 if form.errors else 200, form=form, rows=rows)


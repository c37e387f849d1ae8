"""Region settings (`/staf/wilayah`): names (display and short), languages offered, colour, services, contacts,
footer text, logo (the home-screen icons and the manifest are drawn from it: webapp/core/pwa.py), the licence of
the region's open data, and whether staff must use two-factor sign-in."""
from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _

from ...extensions import db
from ..api import region_licence
from ..auth import TWO_FACTOR_SETTING, roles_required
from ..models import Role
from ..rendering import render
from ..uploads import UploadError, delete_upload, save_image
from . import bp
from .common import Refused
from .settings_form import RegionSettingsForm, settings_defaults

LOGO_SIDE = 512


def store_logo(file_storage) -> str:
    """Validate and re-encode an uploaded logo (transparency kept); returns its stored path or raises Refused."""
    try:
        return save_image(file_storage, kind="logo", max_side=LOGO_SIDE, keep_alpha=True)
    except UploadError as exc:
        raise Refused(str(exc), field="logo_file") from exc


def apply_settings(region, values: dict, logo: str | None = None, remove_logo: bool = False,
                   settings: dict | None = None) -> str | None:
    """Write the settings onto `region` (`settings`: keys merged into its `settings` JSON, the other keys
    there kept, a key given as None removed); a new logo wins over removing the old one.

    Returns the path of a logo that is no longer used, for the caller to delete after committing.
    """
    for name, value in values.items():
        setattr(region, name, value)
    if settings:
        merged = {**(region.settings or {}), **settings}
        region.settings = {k: v for k, v in merged.items() if v is not None}  # a new dict, so the change is saved
    old = region.logo
    if logo:
        region.logo = logo
    elif remove_logo:
        region.logo = None
    return old if old and old != region.logo else None


@bp.route("/wilayah", methods=["GET", "POST"])
@roles_required(Role.REGION_ADMIN)
def region_settings():
    """Show and save the region settings; a logo problem keeps everything typed (422)."""
    region = g.region
    form = RegionSettingsForm(obj=region, data_licence=region_licence()[0], **settings_defaults(region))
    if form.validate_on_submit():
        try:
            logo = store_logo(form.logo_file.data) if form.logo_file.data else None
        except Refused as refusal:
            refusal.attach_to(form)
        else:
            settings = form.settings_values()
            settings[TWO_FACTOR_SETTING] = settings[TWO_FACTOR_SETTING] or None  # off: no key at all
            unused = apply_settings(region, form.values(), logo=logo, remove_logo=form.remove_logo.data,
                                    settings=settings)
            db.session.commit()
            delete_upload(unused)
            flash(_("The region settings were saved."), "success")
            return redirect(url_for(".region_settings"))
    return render("staff/region.html", status=422 if form.errors else 200, form=form)

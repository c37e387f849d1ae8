"""The region's areas (`/staf/kecamatan`): kecamatan with their kelurahan/desa, renamed, added, taken out of use
and back, and filled in from the bundled national code list by the region's code. Region admins only."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...extensions import db
from ..auth import roles_required
from ..idempotency import run_once, submitted_key
from ..models import Area, Role
from ..rendering import render
from ..scoping import scoped_get_or_404
from ..wilayah import import_missing_areas
from . import bp
from .area_forms import AreaNameForm, NewAreaForm
from .area_rules import add_area, code_pattern, kecamatan_overview, rename_area, set_in_use, villages_of
from .common import save_or_refuse

admin_only = roles_required(Role.REGION_ADMIN)


def _kecamatan_or_404(area_id: int) -> Area:
    area = scoped_get_or_404(Area, area_id)
    if area.level != "kecamatan":
        abort(404)
    return area


def _back_to(area: Area):
    """The page that lists `area`: its kecamatan's for a village, the overview for a kecamatan."""
    if area.parent_id is not None:
        return redirect(url_for(".areas_kecamatan", area_id=area.parent_id))
    return redirect(url_for(".areas"))


@bp.get("/kecamatan")
@admin_only
def areas():
    """Every kecamatan with how many of its kelurahan/desa are in use, and the way to fill in missing ones."""
    return render("staff/areas.html", overview=kecamatan_overview())


@bp.post("/kecamatan/impor")
@admin_only
def areas_import():
    """Add what the national code list has and the region lacks; renamed areas keep their names."""
    try:
        added = import_missing_areas(g.region)
    except ValueError:
        flash(_("The region's code %(code)s is not a kota or kabupaten of the national code list, so there is "
                "nothing to import. Add the areas by hand.", code=g.region.code), "error")
        return redirect(url_for(".areas"))
    db.session.commit()
    if added:
        flash(ngettext("%(num)d area was added from the national code list. Areas already here were left as "
                       "they are.", "%(num)d areas were added from the national code list. Areas already here were "
                       "left as they are.", added), "success")
    else:
        flash(_("Nothing was missing: every area of the national code list is already here."), "info")
    return redirect(url_for(".areas"))


def _new_area(parent: Area | None):
    form = NewAreaForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: run_once(
            "staff.area", submitted_key(),
            lambda: str(add_area(g.region, form.name.data, form.code.data, parent).id)))
        if saved:
            flash(_("“%(name)s” was added.", name=form.name.data), "success")
            if parent is not None:
                return redirect(url_for(".areas_kecamatan", area_id=parent.id))
            return redirect(url_for(".areas"))
    title = (_("Add a kelurahan or desa to %(kecamatan)s", kecamatan=parent.name) if parent is not None
             else _("Add a kecamatan"))
    return render("staff/area_form.html", status=422 if form.errors else 200, form=form, parent=parent, area=None,
                  pattern=code_pattern(g.region, parent), page_title=title)


@bp.route("/kecamatan/baru", methods=["GET", "POST"])
@admin_only
def areas_new():
    """Add a kecamatan (e.g. one created by a new regional regulation)."""
    return _new_area(None)


@bp.get("/kecamatan/<int:area_id>")
@admin_only
def areas_kecamatan(area_id):
    """A kecamatan and its kelurahan/desa."""
    kecamatan = _kecamatan_or_404(area_id)
    return render("staff/area_kecamatan.html", kecamatan=kecamatan, villages=villages_of(kecamatan))


@bp.route("/kecamatan/<int:area_id>/baru", methods=["GET", "POST"])
@admin_only
def areas_new_village(area_id):
    """Add a kelurahan or desa to a kecamatan."""
    return _new_area(_kecamatan_or_404(area_id))


@bp.route("/area/<int:area_id>/ubah", methods=["GET", "POST"])
@admin_only
def areas_rename(area_id):
    """Rename an area; its code stays, and every report that names it shows the new name."""
    area = scoped_get_or_404(Area, area_id)
    form = AreaNameForm(obj=area)
    if form.validate_on_submit():
        old_name = area.name
        saved, _result = save_or_refuse(form, lambda: rename_area(area, form.name.data))
        if saved:
            flash(_("“%(old)s” is now called “%(new)s”.", old=old_name, new=area.name), "success")
            return _back_to(area)
    return render("staff/area_form.html", status=422 if form.errors else 200, form=form, parent=area.parent,
                  area=area, page_title=_("Rename %(name)s", name=area.name))


@bp.post("/area/<int:area_id>/nonaktifkan")
@admin_only
def areas_deactivate(area_id):
    """Take an area out of use: forms stop offering it; what names it keeps the name."""
    return _set_in_use(area_id, False)


@bp.post("/area/<int:area_id>/aktifkan")
@admin_only
def areas_activate(area_id):
    """Put an area back into use."""
    return _set_in_use(area_id, True)


def _set_in_use(area_id: int, active: bool):
    area = scoped_get_or_404(Area, area_id)
    set_in_use(area, active)
    db.session.commit()
    if active:
        flash(_("“%(name)s” is in use again.", name=area.name), "success")
    else:
        flash(_("“%(name)s” is no longer offered in forms. Reports and other records that name it keep the name.",
                name=area.name), "success")
    return _back_to(area)

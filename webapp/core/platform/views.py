"""Platform administration pages: the list of regions, creating one, editing its hosts and services."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ..auth import platform_admin_required
from ..idempotency import run_once, submitted_key
from ..models import Region
from ..rendering import render
from ..staff.choices import module_labels
from ..staff.common import save_or_refuse
from . import bp
from .forms import RegionCreateForm, RegionHostsForm
from .rules import create_region, regions_overview, update_region


@bp.get("/")
@platform_admin_required
def regions():
    """Every region of the install with its hosts, services and counts."""
    return render("platform/index.html", rows=regions_overview(), module_labels=module_labels)


def _create(form: RegionCreateForm) -> str:
    region, counts = create_region(
        form.code.data, form.hosts.data.splitlines(), form.modules.data, name=form.name.data,
        slug=form.slug.data, timezone=form.timezone.data, import_areas=form.import_areas.data,
    )
    if counts:
        flash(_("%(name)s was created with %(kecamatan)d kecamatan and %(villages)d kelurahan/desa.",
                name=region.name, kecamatan=counts[0], villages=counts[1]), "success")
    else:
        flash(_("%(name)s was created.", name=region.name), "success")
    return str(region.id)


@bp.route("/wilayah/baru", methods=["GET", "POST"])
@platform_admin_required
def regions_new():
    """Create a region and, if asked, import its areas."""
    form = RegionCreateForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(
            form, lambda: run_once("platform.region", submitted_key(), lambda: _create(form)))
        if saved:
            return redirect(url_for(".regions"))
    return render("platform/region_new.html", status=422 if form.errors else 200, form=form)


@bp.route("/wilayah/<int:region_id>", methods=["GET", "POST"])
@platform_admin_required
def regions_edit(region_id):
    """Change a region's host names and services."""
    region = db.session.execute(select(Region).where(Region.id == region_id)).scalar_one_or_none()
    if region is None:
        abort(404)
    form = RegionHostsForm(hosts="\n".join(row.host for row in region.hosts), modules=region.modules)
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: update_region(region, form.hosts.data.splitlines(),
                                                                    form.modules.data))
        if saved:
            flash(_("%(name)s was saved.", name=region.name), "success")
            return redirect(url_for(".regions"))
    return render("platform/region_edit.html", status=422 if form.errors else 200, form=form, edited=region)

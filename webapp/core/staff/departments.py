"""Departments (OPD) of the region: list, create, edit, switch off and on (`/staf/opd`)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from ...extensions import db
from ..auth import roles_required
from ..idempotency import run_once, submitted_key
from ..models import Department, Role
from ..rendering import render
from ..scoping import scoped_get_or_404
from . import bp
from .common import save_or_refuse
from .department_rules import list_departments, save_department
from .forms import DepartmentForm

admin_only = roles_required(Role.REGION_ADMIN)


def _values(form: DepartmentForm) -> dict:
    return {name: form[name].data for name in ("name", "short_name", "email", "phone")}


@bp.get("/opd")
@admin_only
def departments():
    """Every department of the region with its status in words."""
    return render("staff/departments.html", departments=list_departments())


@bp.route("/opd/baru", methods=["GET", "POST"])
@admin_only
def departments_new():
    """Add a department; its web address is made from the name."""
    form = DepartmentForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: run_once(
            "staff.department", submitted_key(), lambda: str(save_department(Department(), _values(form)).id)))
        if saved:
            flash(_("The department “%(name)s” was added.", name=form.name.data), "success")
            return redirect(url_for(".departments"))
    return render("staff/department_form.html", status=422 if form.errors else 200, form=form, department=None)


@bp.route("/opd/<int:department_id>", methods=["GET", "POST"])
@admin_only
def departments_edit(department_id):
    """Edit a department of this region (another region's is 404)."""
    department = scoped_get_or_404(Department, department_id)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: save_department(department, _values(form)))
        if saved:
            flash(_("The department “%(name)s” was saved.", name=department.name), "success")
            return redirect(url_for(".departments"))
    return render("staff/department_form.html", status=422 if form.errors else 200, form=form, department=department)


@bp.post("/opd/<int:department_id>/nonaktifkan")
@admin_only
def departments_deactivate(department_id):
    """Switch a department off: kept for history, no longer offered."""
    return _set_active(department_id, False)


@bp.post("/opd/<int:department_id>/aktifkan")
@admin_only
def departments_activate(department_id):
    """Switch a department on again."""
    return _set_active(department_id, True)


def _set_active(department_id: int, active: bool):
    department = scoped_get_or_404(Department, department_id)
    department.active = active
    db.session.commit()
    if active:
        flash(_("“%(name)s” is active again.", name=department.name), "success")
    else:
        flash(_("“%(name)s” is now inactive.", name=department.name), "success")
    return redirect(url_for(".departments"))


"""The region admin's Aspirasi settings (`/staf/aspirasi/kategori`, `/staf/aspirasi/libur`): categories
with their notice, automatic routing and SLA days, routes per kecamatan, reply templates, the holiday
list that SLA arithmetic skips, and whether reports are public only once verified (on the categories
page). Endpoints are named `staff_categories_*` for the staff menu.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ...core.auth import roles_required
from ...core.idempotency import run_once, submitted_key
from ...core.models import Area, Department, Role
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse, slugify
from ...extensions import db
from . import bp
from .models import VERIFY_FIRST, Category, CategoryRoute, Holiday, ReplyTemplate, verifies_first
from .personal_data import RETENTION_DAYS, retention_days
from .staff_forms import CategoryForm, HolidayForm, RouteForm, SettingsForm, TemplateForm, categories

admin_only = roles_required(Role.REGION_ADMIN)


def category_slug(name: str, category: Category | None = None) -> str:
    """A slug from the name, unique among the region's categories; refused with a reason on the name."""
    slug = slugify(name)
    if not slug:
        raise Refused(_("Please use letters or numbers in the name."), field="name")
    query = select(Category).where(or_(Category.slug == slug, func.lower(Category.name) == name.strip().lower()))
    if category is not None and category.id is not None:
        query = query.where(Category.id != category.id)
    if db.session.execute(query).scalars().first() is not None:
        raise Refused(_("Another category already has this name."), field="name")
    return slug


def save_category(category: Category, values: dict) -> Category:
    """Write the form's values onto `category` (new or existing) and flush it."""
    category.slug = category_slug(values["name"], category)
    for name, value in values.items():
        setattr(category, name, value)
    db.session.add(category)
    db.session.flush()
    return category


def routes_of(category: Category) -> list[tuple[CategoryRoute, Area, Department]]:
    query = (
        select(CategoryRoute, Area, Department)
        .join(Area, Area.id == CategoryRoute.kecamatan_id)
        .join(Department, Department.id == CategoryRoute.department_id)
        .where(CategoryRoute.category_id == category.id).order_by(Area.name)
    )
    return [tuple(row) for row in db.session.execute(query)]


def templates_of(category: Category) -> list[ReplyTemplate]:
    query = select(ReplyTemplate).where(ReplyTemplate.category_id == category.id).order_by(ReplyTemplate.title)
    return list(db.session.execute(query).scalars())


def _categories_page(settings_form: SettingsForm | None = None, status: int = 200):
    if settings_form is None:
        settings_form = SettingsForm(formdata=None, data={"verify_first": verifies_first(g.region),
                                                          "retention_days": retention_days(g.region)})
    return render("aspirasi/staff/categories.html", status=status, categories=categories(),
                  settings_form=settings_form)


@bp.get("/staf/aspirasi/kategori")
@admin_only
def staff_categories():
    """Every category with its OPD, SLA days and state in words, and the region's Aspirasi settings."""
    return _categories_page()


@bp.post("/staf/aspirasi/kategori/pengaturan")
@admin_only
def staff_categories_settings():
    """Save whether new reports wait for verification before the public sees them, and how many days after
    closing a report its reporter's personal data is kept (`flask privacy apply-retention` removes it)."""
    form = SettingsForm()
    if not form.validate_on_submit():
        return _categories_page(form, status=422)
    region = g.region
    settings = {**(region.settings or {}), VERIFY_FIRST: bool(form.verify_first.data)}  # a new dict
    settings.pop(RETENTION_DAYS, None)
    if form.retention_days.data:
        settings[RETENTION_DAYS] = form.retention_days.data
    region.settings = settings
    db.session.commit()
    if form.verify_first.data:
        flash(_("Saved: new reports become public once they are verified."), "success")
    else:
        flash(_("Saved: new reports are public as soon as they are filed (except rahasia ones)."), "success")
    if form.retention_days.data:
        flash(_("Saved: reporters' names and contact details are removed %(days)d days after their report is "
                "closed.", days=form.retention_days.data), "success")
    return redirect(url_for(".staff_categories") + "#pengaturan")


@bp.route("/staf/aspirasi/kategori/baru", methods=["GET", "POST"])
@admin_only
def staff_categories_new():
    """Add a category."""
    form = CategoryForm()
    form.fill()
    if form.validate_on_submit():
        saved, result = save_or_refuse(form, lambda: run_once(
            "aspirasi.category", submitted_key(), lambda: str(save_category(Category(), form.values()).id)))
        if saved:
            category_id, _created = result
            flash(_("The category “%(name)s” was added.", name=form.name.data), "success")
            return redirect(url_for(".staff_categories_edit", category_id=int(category_id)))
    return render("aspirasi/staff/category_form.html", status=422 if form.errors else 200, form=form, category=None)


def _edit_page(category: Category, status: int = 200, form=None, route_form=None, template_form=None):
    if form is None:
        form = CategoryForm(formdata=None, data=CategoryForm.defaults(category))
        form.fill()
    route_form = route_form or RouteForm(formdata=None)
    route_form.fill()
    return render("aspirasi/staff/category_form.html", status=status, category=category, form=form,
                  route_form=route_form, template_form=template_form or TemplateForm(formdata=None),
                  routes=routes_of(category), templates=templates_of(category))


@bp.route("/staf/aspirasi/kategori/<int:category_id>", methods=["GET", "POST"])
@admin_only
def staff_categories_edit(category_id):
    """Edit a category, and see its routes per kecamatan and its reply templates."""
    category = scoped_get_or_404(Category, category_id)
    if request.method == "GET":
        return _edit_page(category)
    form = CategoryForm()
    form.fill()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: save_category(category, form.values()))
        if saved:
            flash(_("The category “%(name)s” was saved.", name=category.name), "success")
            return redirect(url_for(".staff_categories"))
    return _edit_page(category, status=422, form=form)


@bp.post("/staf/aspirasi/kategori/<int:category_id>/rute")
@admin_only
def staff_categories_route(category_id):
    """Route the category to an OPD in one kecamatan (replacing that kecamatan's route, if any)."""
    category = scoped_get_or_404(Category, category_id)
    form = RouteForm()
    form.fill()
    if not form.validate_on_submit():
        return _edit_page(category, status=422, route_form=form)
    kecamatan = scoped_get_or_404(Area, int(form.kecamatan.data))
    department = scoped_get_or_404(Department, int(form.route_department.data))
    route = db.session.execute(select(CategoryRoute).where(
        CategoryRoute.category_id == category.id, CategoryRoute.kecamatan_id == kecamatan.id)).scalar_one_or_none()
    route = route or CategoryRoute(category_id=category.id, kecamatan_id=kecamatan.id)
    route.department_id = department.id
    db.session.add(route)
    db.session.commit()
    flash(_("In %(kecamatan)s, “%(category)s” now goes to %(department)s.",
            kecamatan=kecamatan.name, category=category.name, department=department.name), "success")
    return redirect(url_for(".staff_categories_edit", category_id=category.id) + "#routes")


@bp.post("/staf/aspirasi/kategori/<int:category_id>/rute/<int:route_id>/hapus")
@admin_only
def staff_categories_route_delete(category_id, route_id):
    """Remove a kecamatan's route: the category's own OPD applies there again."""
    category = scoped_get_or_404(Category, category_id)
    route = scoped_get_or_404(CategoryRoute, route_id)
    if route.category_id != category.id:
        abort(404)
    return _delete(route, _("The route was removed."),
                   url_for(".staff_categories_edit", category_id=category.id) + "#routes")


@bp.post("/staf/aspirasi/kategori/<int:category_id>/templat")
@admin_only
def staff_categories_template(category_id):
    """Add a reply template to the category."""
    category = scoped_get_or_404(Category, category_id)
    form = TemplateForm()
    if not form.validate_on_submit():
        return _edit_page(category, status=422, template_form=form)

    def create():
        template = ReplyTemplate(category_id=category.id, title=form.title.data, body=form.body.data)
        db.session.add(template)
        db.session.flush()
        return str(template.id)

    run_once("aspirasi.template", submitted_key(), create)
    flash(_("The template “%(title)s” was added.", title=form.title.data), "success")
    return redirect(url_for(".staff_categories_edit", category_id=category.id) + "#templates")


@bp.route("/staf/aspirasi/templat/<int:template_id>", methods=["GET", "POST"])
@admin_only
def staff_categories_template_edit(template_id):
    """Edit one reply template."""
    template = scoped_get_or_404(ReplyTemplate, template_id)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        template.title, template.body = form.title.data, form.body.data
        db.session.commit()
        flash(_("The template “%(title)s” was saved.", title=template.title), "success")
        return redirect(_category_url(template))
    category = db.session.get(Category, template.category_id) if template.category_id else None
    return render("aspirasi/staff/template_form.html", status=422 if form.errors else 200, form=form,
                  reply_template=template, category=category)


@bp.post("/staf/aspirasi/templat/<int:template_id>/hapus")
@admin_only
def staff_categories_template_delete(template_id):
    """Delete a reply template (replies already sent keep their text)."""
    template = scoped_get_or_404(ReplyTemplate, template_id)
    return _delete(template, _("The template “%(title)s” was deleted.", title=template.title),
                   _category_url(template))


def _category_url(template: ReplyTemplate) -> str:
    if template.category_id:
        return url_for(".staff_categories_edit", category_id=template.category_id) + "#templates"
    return url_for(".staff_categories")


def _delete(row, message: str, location: str):
    """Delete `row`, say so, and go back to the page it was listed on."""
    db.session.delete(row)
    db.session.commit()
    flash(message, "success")
    return redirect(location)


def _holidays_page(form: HolidayForm, status: int = 200):
    holidays = list(db.session.execute(select(Holiday).order_by(Holiday.day.desc())).scalars())
    return render("aspirasi/staff/holidays.html", status=status, form=form, holidays=holidays)


@bp.route("/staf/aspirasi/libur", methods=["GET", "POST"])
@admin_only
def staff_categories_holidays():
    """The region's holidays (national days, cuti bersama, local days): list and add."""
    form = HolidayForm()
    if form.validate_on_submit():
        taken = db.session.execute(select(Holiday).where(Holiday.day == form.day.data)).scalar_one_or_none()
        if taken is not None:
            form.day.errors.append(_("This date is already on the list as “%(name)s”.", name=taken.name))
        else:
            db.session.add(Holiday(day=form.day.data, name=form.name.data))
            db.session.commit()
            flash(_("%(name)s was added to the holidays.", name=form.name.data), "success")
            return redirect(url_for(".staff_categories_holidays"))
    return _holidays_page(form, status=422 if form.errors else 200)


@bp.post("/staf/aspirasi/libur/<int:holiday_id>/hapus")
@admin_only
def staff_categories_holiday_delete(holiday_id):
    """Remove a holiday: it counts as a working day again for deadlines set from now on."""
    holiday = scoped_get_or_404(Holiday, holiday_id)
    return _delete(holiday, _("%(name)s was removed from the holidays.", name=holiday.name),
                   url_for(".staff_categories_holidays"))

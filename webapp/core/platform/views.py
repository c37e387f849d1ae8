"""Platform administration pages: every region with its state, onboarding one, its hosts and services,
suspending it, and its set-up as a bundle to download or import."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from .. import onboarding, region_bundle
from ..auth import platform_admin_required
from ..idempotency import run_once, submitted_key
from ..models import Region, User
from ..rendering import render, wants_fragment
from ..staff.choices import module_labels
from ..staff.common import save_or_refuse
from . import bp
from .forms import BundleForm, OnboardForm, RegionHostsForm, SuspendForm
from .rules import region_by_id, regions_overview, suspend_region, unsuspend_region, update_region

ONBOARDED_SLOT = "platform.onboarded"  # the new admin's link, in the platform admin's session until shown


@bp.get("/")
@platform_admin_required
def regions():
    """Every region of the install with its hosts, state, services and counts."""
    return render("platform/index.html", rows=regions_overview(), module_labels=module_labels)


def _onboard(form: OnboardForm) -> str:
    done = onboarding.onboard_region(
        form.code.data, form.hosts.data.splitlines(), form.admin_email.data, name=form.name.data,
        modules=form.modules.data, admin_name=form.admin_name.data, slug=form.slug.data,
        timezone=form.timezone.data,
    )
    flash(_("%(name)s is ready: %(kecamatan)d kecamatan, %(villages)d kelurahan/desa, %(departments)d OPD, "
            "%(categories)d Aspirasi categories and %(commodities)d commodities.",
            name=done.region.name, kecamatan=done.kecamatan, villages=done.villages,
            departments=done.defaults["departments"], categories=done.defaults["categories"],
            commodities=done.defaults["commodities"]), "success")
    return f"{done.region.id}:{done.admin.id}"


@bp.route("/wilayah/baru", methods=["GET", "POST"])
@platform_admin_required
def regions_new():
    """Onboard a region: the region with its areas, OPD, module defaults and an administrator, who gets a
    one-time link to choose a password. "Look up" (or typing, with htmx) shows the name of a code."""
    if request.method == "GET" and request.args.get("code") is not None:
        form = OnboardForm(formdata=request.args, meta={"csrf": False})
        if wants_fragment() and request.headers.get("HX-Target", "").endswith("code-name"):
            return _new_page(form, looked_up=True, block="code_name")
        return _new_page(form, looked_up=True)
    form = OnboardForm()
    if request.method == "POST" and request.form.get("action") == "lookup":
        return _new_page(form, looked_up=True)
    if form.validate_on_submit():
        saved, result = save_or_refuse(
            form, lambda: run_once("platform.onboard", submitted_key(), lambda: _onboard(form)))
        if saved:
            ids, created = result
            region_id, admin_id = (int(part) for part in ids.split(":"))
            return _after_onboarding(region_id, admin_id, send=created)
    return _new_page(form, status=422 if form.errors else 200, looked_up=bool(form.code.data))


def _new_page(form: OnboardForm, status: int = 200, looked_up: bool = False, block: str = "content"):
    return render("platform/region_new.html", block=block, status=status, form=form, looked_up=looked_up,
                  official_name=onboarding.official_name)


def _after_onboarding(region_id: int, admin_id: int, send: bool):
    """Send the new administrator their link (once: a repeated submission only shows it) and show it once."""
    region = region_by_id(region_id)
    admin = db.session.execute(select(User).where(User.id == admin_id).execution_options(all_regions=True)).scalar_one()
    link = onboarding.set_password_link(admin, region)
    sent_to = onboarding.send_set_password_link(admin, region, link) if send else []
    session[ONBOARDED_SLOT] = {"region": region.id, "link": link, "admin": admin.email}
    if sent_to:
        flash(_("The administrator’s link to choose a password was sent to %(to)s.", to=", ".join(sent_to)), "info")
    return redirect(url_for(".regions_edit", region_id=region.id))


def _region_or_404(region_id: int) -> Region:
    region = region_by_id(region_id)
    if region is None:
        abort(404)
    return region


def _edit_page(region: Region, hosts_form=None, suspend_form=None, bundle_form=None, status: int = 200):
    slot = session.get(ONBOARDED_SLOT)
    onboarded = None
    if isinstance(slot, dict) and slot.get("region") == region.id:
        onboarded = session.pop(ONBOARDED_SLOT)  # shown once
    hosts_form = hosts_form or RegionHostsForm(formdata=None, hosts="\n".join(row.host for row in region.hosts),
                                               modules=region.modules)
    response = render("platform/region_edit.html", status=status, edited=region, form=hosts_form,
                      suspend_form=suspend_form or SuspendForm(formdata=None),
                      bundle_form=bundle_form or BundleForm(formdata=None), onboarded=onboarded,
                      link_lifetime=onboarding.lifetime_words())
    if onboarded:
        response.headers["Referrer-Policy"] = "no-referrer"  # the page carries a key to the admin's account
    return response


@bp.route("/wilayah/<int:region_id>", methods=["GET", "POST"])
@platform_admin_required
def regions_edit(region_id):
    """A region's page: its state, host names and services, and its bundle."""
    region = _region_or_404(region_id)
    if request.method == "GET":
        return _edit_page(region)
    form = RegionHostsForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: update_region(region, form.hosts.data.splitlines(),
                                                                    form.modules.data))
        if saved:
            flash(_("%(name)s was saved.", name=region.name), "success")
            return redirect(url_for(".regions"))
    return _edit_page(region, hosts_form=form, status=422)


@bp.post("/wilayah/<int:region_id>/tangguhkan")
@platform_admin_required
def regions_suspend(region_id):
    """Suspend a region: its hosts answer "temporarily unavailable" until it is served again."""
    region = _region_or_404(region_id)
    form = SuspendForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: suspend_region(region, form.reason.data))
        if saved:
            flash(_("%(name)s is suspended. Its pages now say the service is temporarily unavailable.",
                    name=region.name), "success")
            return redirect(url_for(".regions_edit", region_id=region.id))
    return _edit_page(region, suspend_form=form, status=422)


@bp.post("/wilayah/<int:region_id>/pulihkan")
@platform_admin_required
def regions_unsuspend(region_id):
    """Serve a suspended region again."""
    region = _region_or_404(region_id)  # (the CSRF token is checked for every POST by CSRFProtect)
    unsuspend_region(region)
    db.session.commit()
    flash(_("%(name)s is served again.", name=region.name), "success")
    return redirect(url_for(".regions_edit", region_id=region.id))


@bp.get("/wilayah/<int:region_id>/bundel.json")
@platform_admin_required
def regions_export(region_id):
    """The region's set-up as a JSON file to download."""
    region = _region_or_404(region_id)
    bundle = region_bundle.export_bundle(region)
    response = make_response(region_bundle.dumps(bundle))
    response.mimetype = "application/json"
    name = f"serambi-{region.slug}-{bundle['exported_at'][:10]}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/wilayah/<int:region_id>/bundel")
@platform_admin_required
def regions_import(region_id):
    """Import a bundle into this region (all or nothing; importing the same file again changes nothing)."""
    region = _region_or_404(region_id)
    form = BundleForm()
    if form.validate_on_submit():
        upload = form.bundle.data
        if not getattr(upload, "filename", ""):
            form.bundle.errors = [_("Choose a bundle file (.json) to import.")]
        else:
            data = upload.read(region_bundle.MAX_BYTES + 1)
            saved, result = save_or_refuse(form, lambda: region_bundle.import_bundle(region, data))
            if saved:
                result.cleanup()
                flash(_("The bundle was imported into %(name)s. %(summary)s", name=region.name,
                        summary=result.summary()), "success")
                for note in result.skipped:
                    flash(note, "info")
                return redirect(url_for(".regions_edit", region_id=region.id))
    return _edit_page(region, bundle_form=form, status=422)

"""Staff accounts of the region (`/staf/pengguna`): list and search, create, grant, revoke, block.

A new account has no password anyone knows. Its owner gets a one-time link to choose one (by e-mail, else
by SMS), and the administrator sees the same link once, on the account's page right after creating it, to
hand over another way when the person has neither. The link travels to that page in the administrator's
own session and is removed from it as soon as it is shown.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ..auth import roles_required
from ..idempotency import run_once, submitted_key
from ..models import Department, Role, RoleGrant, User
from ..rendering import render, wants_fragment
from ..scoping import scoped_get_or_404
from . import bp
from .. import onboarding  # a module reference: onboarding imports the staff package in turn
from .account_rules import (awaits_first_password, create_staff_account, grant_role, renew_set_password_link,
                            revoke_role, search_accounts, set_blocked, staff_accounts)
from .choices import role_label
from .common import Refused, save_or_refuse
from .department_rules import list_departments
from .forms import GrantRoleForm, StaffAccountForm

admin_only = roles_required(Role.REGION_ADMIN)


def _chosen_department(form) -> Department | None:
    return scoped_get_or_404(Department, int(form.department.data)) if form.department.data else None


@bp.get("/pengguna")
@admin_only
def users():
    """Accounts holding staff roles, and a search over every account of the region."""
    query = request.args.get("q", "").strip()
    results = search_accounts(query) if query else None
    # htmx 4 names the target "tag#id"; the live search swaps in the results alone.
    if wants_fragment() and request.headers.get("HX-Target", "").endswith("#results"):
        return render("staff/users.html", block="results", query=query, results=results)
    return render("staff/users.html", query=query, results=results, staff=staff_accounts())


LINK_SLOT = "staff.set_password_link"  # in the administrator's session, until the account page shows it


def _hand_over_link(user: User, send: bool) -> list[str]:
    """Make the account's set-password link, send it to the person (when `send`) and keep it for the
    administrator's next page. Returns where it was sent."""
    link = onboarding.set_password_link(user, g.region)
    sent_to = onboarding.send_set_password_link(user, g.region, link) if send else []
    session[LINK_SLOT] = {"user": user.id, "link": link}
    return sent_to


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@admin_only
def users_new():
    """Create a staff account with its roles; the person chooses a password through a one-time link."""
    form = StaffAccountForm()
    form.set_departments(list_departments(active_only=True))
    if form.validate_on_submit():
        saved, result = save_or_refuse(form, lambda: run_once("staff.account", submitted_key(), lambda: str(
            create_staff_account(form.name.data, form.email.data, form.phone.data,
                                 form.roles.data, _chosen_department(form)).id)))
        if saved:
            user_id, created = result
            user = scoped_get_or_404(User, int(user_id))
            # A repeated submission (a retry after a lost answer) shows the link again but sends nothing twice.
            sent_to = _hand_over_link(user, send=created)
            flash(_("The account of %(name)s was created.", name=user.name), "success")
            if sent_to:
                flash(_("A link to choose a password was sent to %(to)s.", to=", ".join(sent_to)), "info")
            return redirect(url_for(".users_detail", user_id=user.id))
    return render("staff/user_new.html", status=422 if form.errors else 200, form=form)


def _detail(user: User, form: GrantRoleForm, status: int = 200):
    slot = session.get(LINK_SLOT)
    link = None
    if isinstance(slot, dict) and slot.get("user") == user.id:
        link = session.pop(LINK_SLOT).get("link")  # shown once: a reload no longer shows it
    response = render("staff/user_detail.html", status=status, user=user, form=form, set_password_link=link,
                      link_lifetime=onboarding.lifetime_words(), awaits_password=awaits_first_password(user))
    if link:
        response.headers["Referrer-Policy"] = "no-referrer"  # the page carries a key to the account
    return response


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    form.set_departments(list_departments(active_only=True))
    return form


@bp.get("/pengguna/<int:user_id>")
@admin_only
def users_detail(user_id):
    """One account: its roles, a form to give another, and blocking."""
    return _detail(scoped_get_or_404(User, user_id), _grant_form())


@bp.post("/pengguna/<int:user_id>/peran")
@admin_only
def users_grant(user_id):
    """Give the account a role; mistakes re-render the account page (422)."""
    user = scoped_get_or_404(User, user_id)
    form = _grant_form()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(
            form, lambda: grant_role(user, form.role.data, _chosen_department(form)))
        if saved:
            flash(_("%(name)s now has the role “%(role)s”.", name=user.name, role=role_label(form.role.data)), "success")
            return redirect(url_for(".users_detail", user_id=user.id))
    return _detail(user, form, status=422)


def _refusable(action) -> bool:
    """Run `action`; a refusal is shown on the account page instead of saving."""
    try:
        action()
        db.session.commit()
        return True
    except Refused as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return False


@bp.post("/pengguna/<int:user_id>/peran/<int:grant_id>/cabut")
@admin_only
def users_revoke(user_id, grant_id):
    """Take one role away, unless that would lock the region's administration out."""
    user = scoped_get_or_404(User, user_id)
    grant = scoped_get_or_404(RoleGrant, grant_id)
    if grant.user_id != user.id:
        abort(404)
    if _refusable(lambda: revoke_role(current_user, grant)):
        flash(_("The role was removed from %(name)s.", name=user.name), "success")
    return redirect(url_for(".users_detail", user_id=user_id))


@bp.post("/pengguna/<int:user_id>/tautan-sandi")
@admin_only
def users_new_link(user_id):
    """A new set-password link for a staff account whose owner has not chosen a password yet (the first
    one expired or went astray); every earlier link stops working."""
    user = scoped_get_or_404(User, user_id)
    if _refusable(lambda: renew_set_password_link(user)):
        sent_to = _hand_over_link(user, send=True)
        flash(_("A new link to choose a password was made. Earlier links no longer work."), "success")
        if sent_to:
            flash(_("It was sent to %(to)s.", to=", ".join(sent_to)), "info")
    return redirect(url_for(".users_detail", user_id=user_id))


@bp.post("/pengguna/<int:user_id>/blokir")
@admin_only
def users_block(user_id):
    """Block the account: signed out everywhere, cannot sign in."""
    user = scoped_get_or_404(User, user_id)
    if _refusable(lambda: set_blocked(current_user, user, True)):
        flash(_("%(name)s is blocked and can no longer sign in.", name=user.name), "success")
    return redirect(url_for(".users_detail", user_id=user_id))


@bp.post("/pengguna/<int:user_id>/buka-blokir")
@admin_only
def users_unblock(user_id):
    """Let a blocked account sign in again."""
    user = scoped_get_or_404(User, user_id)
    if _refusable(lambda: set_blocked(current_user, user, False)):
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for(".users_detail", user_id=user_id))

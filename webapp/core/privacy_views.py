"""The citizen's own data (`/akun/data`): download all of it as JSON, or delete the account (the audit log
for region admins is in staff/audit_views.py); the mask filters for staff templates; and `flask privacy apply-retention`,
which a daily cron job runs.
"""
from __future__ import annotations

import click
from flask import Blueprint, Response, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from ..extensions import db, limiter
from .forms import BaseForm
from .models import Region
from .privacy import apply_retention, delete_account, export_json, mask_email, mask_nik, mask_phone, may_delete_itself
from .rendering import render
from .scoping import region_context

bp = Blueprint("privacy", __name__)
bp.add_app_template_filter(mask_nik, "mask_nik")
bp.add_app_template_filter(mask_phone, "mask_phone")
bp.add_app_template_filter(mask_email, "mask_email")


class DeleteAccountForm(BaseForm):
    password = PasswordField(_l("Your password"), [DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


def _page(form: DeleteAccountForm | None = None, status: int = 200):
    user = current_user._get_current_object()
    response = render("privacy/data.html", status=status, user=user, may_delete=may_delete_itself(user),
                      form=form or DeleteAccountForm(formdata=None))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/akun/data")
@login_required
def data():
    """What we hold about you: a download of all of it, and deleting the account."""
    return _page()


@bp.get("/akun/data/unduh")
@login_required
@limiter.limit("10 per hour")  # a borrowed phone must not be a way to copy someone's data again and again
def download():
    """Everything about the signed-in account as one JSON file."""
    body = export_json(current_user._get_current_object())
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="serambi-data-saya.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/akun/hapus")
@login_required
@limiter.limit("10 per minute")  # the password check must not become a way to guess it
def delete():
    """Delete the account after the password confirms it; the person is signed out everywhere."""
    user = current_user._get_current_object()
    if not may_delete_itself(user):
        return _page(status=403)
    form = DeleteAccountForm()
    if not form.validate():
        return _page(form, 422)
    if not user.check_password(form.password.data):
        form.password.errors.append(_("This is not your password."))
        return _page(form, 422)
    delete_account(user)
    logout_user()
    session.clear()
    flash(_("Your account and your personal data are deleted. Your reports stay public without your name."),
          "info")
    response = redirect(url_for("home.index"), 303)
    response.headers["Clear-Site-Data"] = '"cache"'  # what this phone kept of the signed-in pages
    return response


@bp.cli.command("apply-retention")
def apply_retention_command():
    """Remove the personal data that each region keeps no longer (e.g. reporters of old closed reports)."""
    regions = db.session.execute(select(Region).order_by(Region.id)).scalars().all()
    total = 0
    for region in regions:
        with region_context(region):
            done = apply_retention()
        for module, count in done.items():
            if count:
                click.echo(f"{region.slug}: {module}: {count}")
            total += count
    click.echo(f"Retention applied in {len(regions)} region(s); {total} row(s) cleared.")

"""API keys and the Open311 jurisdiction id (`/staf/api`), for the region admin.

A key is shown once, in the answer to the POST that issued it (never in a URL, a flash message or a log);
the database keeps only its SHA-256 digest (see core/api/keys.py). The issue form carries a one-time key:
a repeated POST (a double tap, a resend) gets a page saying the key was already made and its secret was
shown once, instead of a second key. That first answer is sent with `Cache-Control: no-store`.

Revoking asks first on a page of its own (works without JavaScript) and takes effect at once.
"""
from __future__ import annotations

from types import SimpleNamespace

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ..api import jurisdiction_id, keys
from ..auth import roles_required
from ..idempotency import run_once, submitted_key
from ..models import ApiKey, Region, Role, User
from ..regions import normalise_host
from ..rendering import render
from ..scoping import scoped_get_or_404
from . import bp
from .forms import ApiKeyForm, JurisdictionForm

admin_only = roles_required(Role.REGION_ADMIN)

SCOPE = "staff.api_key"
SETTING = "open311_jurisdiction"


def region_keys() -> list[ApiKey]:
    """The region's keys: active ones first, then revoked ones; newest first within each."""
    query = select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc())
    return list(db.session.execute(query).scalars())


def people_named(api_keys: list[ApiKey]) -> dict[int, str]:
    """Names of who issued and revoked the keys, by account id. Read across regions on purpose: a platform
    admin (who belongs to no region) may have issued one; only ids the region's own keys name are read."""
    ids = {i for key in api_keys for i in (key.created_by_id, key.revoked_by_id) if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids)).execution_options(all_regions=True))
    return dict(rows.all())


def default_jurisdiction(region) -> str:
    """What the jurisdiction id is when the setting is blank (the first host name, else the slug)."""
    return jurisdiction_id(SimpleNamespace(settings={}, hosts=region.hosts, slug=region.slug))


def taken_by_another_region(region, value: str) -> bool:
    """Whether another region of this install answers to `value`: its jurisdiction id or one of its host
    names (compared as Open311 requests are: lower case)."""
    value = normalise_host(value)
    others = db.session.execute(
        select(Region).where(Region.id != region.id).options(selectinload(Region.hosts))
        .execution_options(all_regions=True)
    ).scalars()
    for other in others:
        if value == normalise_host(jurisdiction_id(other)) or value in {normalise_host(h.host) for h in other.hosts}:
            return True
    return False


def _page(status: int = 200, issue_form: ApiKeyForm | None = None, jurisdiction_form: JurisdictionForm | None = None,
          **context):
    region = g.region
    api_keys = region_keys()
    if jurisdiction_form is None:
        jurisdiction_form = JurisdictionForm(formdata=None, data={"jurisdiction": (region.settings or {}).get(SETTING, "")})
    return render(
        "staff/api_keys.html", status=status,
        keys=api_keys, people=people_named(api_keys),
        issue_form=issue_form or ApiKeyForm(formdata=None),
        jurisdiction_form=jurisdiction_form,
        jurisdiction=jurisdiction_id(region), default_jurisdiction=default_jurisdiction(region),
        discovery_url=request.url_root.rstrip("/") + "/open311/v2/discovery.xml",
        open311_on=region.module_enabled("aspirasi"),
        **context,
    )


@bp.get("/api")
@admin_only
def api_keys():
    """The region's API keys, a form to issue one, and the Open311 jurisdiction id."""
    return _page()


@bp.post("/api/kunci")
@admin_only
def api_keys_issue():
    """Issue a key and show its secret, this once. A repeat of the same form shows no secret and makes no key."""
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _page(status=422, issue_form=form)
    issued: list[tuple[ApiKey, str]] = []

    def create() -> str:
        key, secret = keys.issue(form.name.data, current_user, commit=False)  # saved with the one-time key
        issued.append((key, secret))
        return str(key.id)

    result, created = run_once(SCOPE, submitted_key(), create)
    if created:
        key, secret = issued[0]
        response = _page(status=201, issued=key, secret=secret)
    else:
        earlier = db.session.execute(select(ApiKey).where(ApiKey.id == int(result))).scalar_one_or_none()
        response = _page(repeated=earlier)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/kunci/<int:key_id>/cabut")
@admin_only
def api_keys_revoke_confirm(key_id):
    """Ask before revoking: the clients using the key stop working at once."""
    key = scoped_get_or_404(ApiKey, key_id)
    if not key.active:
        flash(_("The key “%(name)s” was already revoked.", name=key.name), "info")
        return redirect(url_for(".api_keys"), 303)
    return render("staff/api_key_revoke.html", key=key)


@bp.post("/api/kunci/<int:key_id>/cabut")
@admin_only
def api_keys_revoke(key_id):
    """Revoke the key: from now on nothing sent with it is accepted. Revoking twice changes nothing."""
    key = scoped_get_or_404(ApiKey, key_id)
    if keys.revoke(key, current_user):
        flash(_("The key “%(name)s” is revoked. Systems using it can no longer send anything.", name=key.name),
              "success")
    else:
        flash(_("The key “%(name)s” was already revoked.", name=key.name), "info")
    return redirect(url_for(".api_keys"), 303)


@bp.post("/api/yurisdiksi")
@admin_only
def api_keys_jurisdiction():
    """Save the Open311 jurisdiction id (blank: the default). Another region's id is refused (422)."""
    region = g.region
    form = JurisdictionForm()
    if form.validate_on_submit():
        value = (form.jurisdiction.data or "").lower()
        effective = value or default_jurisdiction(region)
        if taken_by_another_region(region, effective):
            form.jurisdiction.errors = [*form.jurisdiction.errors, _(
                "Another region on this server already answers to “%(id)s”. Please choose a different id.",
                id=effective)]
        else:
            settings = {k: v for k, v in (region.settings or {}).items() if k != SETTING}
            region.settings = {**settings, SETTING: value} if value else settings  # a new dict, so it is saved
            db.session.commit()
            flash(_("The Open311 jurisdiction id is now “%(id)s”.", id=jurisdiction_id(region)), "success")
            return redirect(url_for(".api_keys"), 303)
    return _page(status=422, jurisdiction_form=form)

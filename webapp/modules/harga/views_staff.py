"""Price officers' pages (`/staf/harga/`): choosing a market and day, the day's form with every tracked
commodity, the corrections of a day, and the CSV import with a preview.

Region admins and price officers enter prices; market staff (an officer with `MarketOfficer` rows) only for
their markets, anything else is 403. Markets of another region are 404 (the session is scoped). Nothing is
saved half-way: one bad field or row and nothing of the submission is written.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ...core.auth import roles_required, user_belongs_here
from ...core.i18n import date_filter
from ...core.idempotency import run_once, submitted_key
from ...core.models import Role, User
from ...core.rendering import render
from ...extensions import db
from . import bp, csv_import
from .models import Commodity, Market, Price, PriceChange
from .prices import (EARLIEST_DAY, SaveResult, grouped, last_known_prices, markets_for, may_enter, region_today,
                     save_day, tracked_commodities)
from .staff_forms import (DayForm, EntryForm, ImportForm, ImportSaveForm, entry_rows, read_rows,
                          values_to_save)

ROLES = (Role.REGION_ADMIN, Role.PRICE_OFFICER)
entry_roles = roles_required(*ROLES)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PREVIEW_LIMIT = 200  # problems and changes listed on the preview; the counts cover every row


# ------------------------------------------------------------------------------------- day status

def entered_counts(day: date) -> dict[int, int]:
    """{market_id: how many tracked commodities have a price on `day`}."""
    return dict(db.session.execute(
        select(Price.market_id, func.count(Price.id)).join(Commodity, Commodity.id == Price.commodity_id)
        .where(Price.day == day, Commodity.tracked.is_(True)).group_by(Price.market_id)).all())


def tracked_count() -> int:
    return db.session.execute(select(func.count(Commodity.id)).where(Commodity.tracked.is_(True))).scalar_one()


def day_status(markets: list[Market], day: date) -> list[tuple[Market, int]]:
    counts = entered_counts(day)
    return [(market, counts.get(market.id, 0)) for market in markets]


@bp.app_context_processor
def harga_staff_helpers():
    """`harga_today()` for the staff dashboard's include of harga/staff/_dashboard.html."""
    return {"harga_today": dashboard_status}


def dashboard_status() -> dict | None:
    """Today's entry per market for admins and price officers (None for anyone else)."""
    region = g.get("region")
    if region is None or not region.module_enabled("harga"):
        return None
    if not (current_user.is_authenticated and user_belongs_here(current_user) and current_user.has_role(*ROLES)):
        return None
    day = region_today()
    return {"day": day, "markets": day_status(markets_for(current_user), day), "tracked": tracked_count()}


# ------------------------------------------------------------------------------ choosing market and day

def _choose_page(day: date, form: DayForm, status: int = 200):
    markets = markets_for(current_user)
    return render("harga/staff/entry_markets.html", status=status, form=form, day=day,
                  status_rows=day_status(markets, day), tracked=tracked_count(), today=region_today())


@bp.get("/staf/harga/")
@entry_roles
def staff_entry():
    """Pick a market and a day (today by default) and see how far each market's entry is."""
    today = region_today()
    markets = markets_for(current_user)
    form = DayForm(formdata=request.args if request.args else None)
    form.fill(markets, today)
    if not request.args:
        form.tanggal.data = today
        return _choose_page(today, form)
    valid = form.validate()
    day = form.tanggal.data if form.tanggal.data and not form.tanggal.errors else today
    if day > today:
        form.tanggal.errors = [*form.tanggal.errors, _("Prices cannot be entered for a date in the future.")]
        valid, day = False, today
    if not valid:
        return _choose_page(day, form, status=400)
    form.tanggal.data = day
    if form.pasar.data:
        return redirect(url_for(".staff_entry_form", market_slug=form.pasar.data, day=day.isoformat()))
    return _choose_page(day, form)


def market_and_day(market_slug: str, day_text: str) -> tuple[Market, date]:
    """The market (404 if this region has none by that slug, 403 if not the user's) and the day (404 if
    not a date)."""
    day = None
    if _DAY.match(day_text):
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            pass
    market = db.session.execute(select(Market).where(Market.slug == market_slug)).scalar_one_or_none()
    if market is None or day is None or day < EARLIEST_DAY:
        abort(404)
    if not may_enter(current_user, market):
        abort(403)
    return market, day


def _future_day(day: date):
    """The chooser again, with the reason a future day was refused (400)."""
    today = region_today()
    form = DayForm(formdata=None, data={"tanggal": day})
    form.fill(markets_for(current_user), today)
    form.tanggal.errors = [_("Prices cannot be entered for a date in the future.")]
    return _choose_page(today, form, status=400)


# ---------------------------------------------------------------------------------- the day's form

def _entry_page(market: Market, day: date, rows, form: EntryForm, status: int = 200, posted: bool = False):
    today = region_today()
    changes = db.session.execute(select(func.count(PriceChange.id)).where(
        PriceChange.market_id == market.id, PriceChange.day == day)).scalar_one()
    return render("harga/staff/entry.html", status=status, market=market, day=day, form=form, rows=rows,
                  groups=grouped(rows, key=lambda row: row.commodity), posted=posted,
                  errors=[row for row in rows if row.error],
                  confirm=[row for row in rows if row.needs_confirmation and not row.confirmed] if posted else [],
                  carried=sum(1 for row in rows if row.carried), changes=changes,
                  previous_day=day - timedelta(days=1), next_day=day + timedelta(days=1) if day < today else None,
                  other_markets=[m for m in markets_for(current_user) if m.id != market.id])


def summary(market: Market, day: date, result: SaveResult, empty: int) -> str:
    """'Pasar Anyar, 20 Nov 2026: 12 prices saved. 1 price corrected. 2 left empty.'"""
    parts = [
        ngettext("%(num)d price saved.", "%(num)d prices saved.", result.created) if result.created else "",
        ngettext("%(num)d price corrected.", "%(num)d prices corrected.", result.changed) if result.changed else "",
        ngettext("%(num)d price removed.", "%(num)d prices removed.", result.removed) if result.removed else "",
        ngettext("%(num)d price unchanged.", "%(num)d prices unchanged.", result.unchanged)
        if result.unchanged else "",
        ngettext("%(num)d left empty.", "%(num)d left empty.", empty) if empty else "",
    ]
    said = " ".join(p for p in parts if p) or _("Nothing was saved: every field was empty.")
    return _("%(market)s, %(date)s: %(summary)s", market=market.name, date=date_filter(day), summary=said)


@bp.route("/staf/harga/<market_slug>/<day>", methods=["GET", "POST"])
@entry_roles
def staff_entry_form(market_slug, day):
    """One market, one day, every tracked commodity on one page, saved in one submit.

    Fields are prefilled with the day's saved prices, or else the latest earlier price (marked as carried
    over; ?kosong=1 leaves them empty). A blank field is "no data". A change of more than 30 % from the
    previous price, or removing a saved price, is saved only once its box is ticked (409 until then).
    """
    market, day = market_and_day(market_slug, day)
    if day > region_today():
        return _future_day(day)
    rows = entry_rows(tracked_commodities(), last_known_prices(market.id, day), day,
                      carry=not request.args.get("kosong"))
    if request.method == "GET":
        return _entry_page(market, day, rows, EntryForm(formdata=None))
    form = EntryForm()
    read_rows(rows, request.form)
    if any(row.error for row in rows):
        return _entry_page(market, day, rows, form, status=422, posted=True)
    if any(row.needs_confirmation and not row.confirmed for row in rows):
        return _entry_page(market, day, rows, form, status=409, posted=True)
    values = values_to_save(rows)
    empty = sum(1 for row in rows if row.submitted and row.value is None and row.saved is None)

    def create() -> str:
        return summary(market, day, save_day(market, day, values, current_user, source="form"), empty)

    try:
        message, _created = run_once("harga-entry", submitted_key(), create)
    except IntegrityError:
        # Someone else saved this market's day at the same moment: show the form again with their prices.
        db.session.rollback()
        flash(_("Someone else saved prices for this market and day at the same time. Check them and save "
                "again."), "error")
        return redirect(url_for(".staff_entry_form", market_slug=market.slug, day=day.isoformat()))
    flash(message, "success")
    return redirect(url_for(".staff_entry", tanggal=day.isoformat()))


@bp.get("/staf/harga/<market_slug>/<day>/riwayat")
@entry_roles
def staff_entry_history(market_slug, day):
    """Every correction and removal of the market's prices for the day: who, when, the old and new price."""
    market, day = market_and_day(market_slug, day)
    changes = list(db.session.execute(select(PriceChange).where(
        PriceChange.market_id == market.id, PriceChange.day == day)
        .order_by(PriceChange.changed_at.desc(), PriceChange.id.desc())).scalars())
    commodities = {c.id: c for c in db.session.execute(
        select(Commodity).where(Commodity.id.in_({c.commodity_id for c in changes}))).scalars()}
    # Platform admins belong to no region, so their names are read across regions.
    people = dict(db.session.execute(
        select(User.id, User.name).where(User.id.in_({c.changed_by_id for c in changes if c.changed_by_id}))
        .execution_options(all_regions=True)).all())
    return render("harga/staff/history.html", market=market, day=day, changes=changes, commodities=commodities,
                  people=people)


# ------------------------------------------------------------------------------------------ CSV import

def _import_page(form: ImportForm, status: int = 200):
    return render("harga/staff/import.html", status=status, form=form, max_rows=csv_import.MAX_ROWS)


def _file_problem(form: ImportForm, message: str):
    form.berkas.errors = [message]
    return _import_page(form, status=400)


def _preview(checked: csv_import.Checked, payload: str | None, status: int):
    save_form = ImportSaveForm(formdata=None, data={"payload": payload}) if payload else None
    return render("harga/staff/import_preview.html", status=status, checked=checked, save_form=save_form,
                  limit=PREVIEW_LIMIT)


@bp.get("/staf/harga/impor")
@entry_roles
def staff_import():
    """Upload a CSV file of prices (market, commodity, date, price)."""
    return _import_page(ImportForm(formdata=None))


@bp.post("/staf/harga/impor")
@entry_roles
def staff_import_preview():
    """Step 1: read and check the file and show what an import would do; nothing is written."""
    form = ImportForm()
    upload = form.berkas.data
    if not getattr(upload, "filename", ""):
        return _file_problem(form, _("Choose a CSV file to upload."))
    data = upload.read(csv_import.MAX_BYTES + 1)
    try:
        rows = csv_import.read_csv(data)
    except csv_import.FileProblem as problem:
        return _file_problem(form, str(problem))
    checked = csv_import.check(rows, current_user)
    if not checked.rows:
        return _file_problem(form, _("The file has no prices to import: every price is empty."))
    if not checked.valid:
        return _preview(checked, None, status=422)
    return _preview(checked, csv_import.sign(data, current_user), status=200)


@bp.post("/staf/harga/impor/simpan")
@entry_roles
def staff_import_save():
    """Step 2: import the previewed file, all rows or none, checked again against the data of now."""
    form = ImportSaveForm()
    try:
        rows = csv_import.read_csv(csv_import.unsign(form.payload.data, current_user))
    except csv_import.FileProblem as problem:
        return _file_problem(ImportForm(formdata=None), str(problem))
    checked = csv_import.check(rows, current_user)
    if not checked.valid:
        return _preview(checked, None, status=422)

    def create() -> str:
        result = csv_import.write(checked, current_user)
        return " ".join(p for p in (
            ngettext("%(num)d price imported.", "%(num)d prices imported.", result.created),
            ngettext("%(num)d price corrected.", "%(num)d prices corrected.", result.changed)
            if result.changed else "",
            ngettext("%(num)d price unchanged.", "%(num)d prices unchanged.", result.unchanged)
            if result.unchanged else "") if p)

    try:
        message, _created = run_once("harga-import", submitted_key(), create)
    except IntegrityError:
        db.session.rollback()
        return _file_problem(ImportForm(formdata=None), _(
            "Someone else saved some of these prices at the same time. Nothing was imported; please upload "
            "the file again."))
    flash(message, "success")
    return redirect(url_for(".staff_entry"))


@bp.get("/staf/harga/impor/templat.csv")
@entry_roles
def staff_import_template():
    """A CSV to fill in: every market the user enters for and every tracked commodity, for today."""
    day = region_today()
    text = csv_import.template_csv(markets_for(current_user), tracked_commodities(), day)
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="harga-{day.isoformat()}.csv"',
        "Cache-Control": "private, no-store"})

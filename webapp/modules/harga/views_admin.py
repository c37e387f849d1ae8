"""The Harga administration pages: markets and their staff (`/staf/harga/pasar`), the commodities the region
tracks and its own (`/staf/harga/komoditas`), ceiling/reference prices (`/staf/harga/het`) and the module's
region settings (`/staf/harga/pengaturan`: zone and open-data licence).

Markets, commodities and settings are for the region admin; price officers may also keep the HET/HAP list,
since they are the ones who read the regulations. Endpoints share the staff-menu entries' prefixes, so the
menu marks the right entry on every sub-page.
"""
from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_login import current_user
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ...core.auth import roles_required
from ...core.idempotency import run_once, submitted_key
from ...core.models import Role
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse, slugify
from ...extensions import db
from . import bp
from .admin_forms import (SHORT_KINDS, CommodityForm, EndForm, MarketForm, OfficerForm, ReferenceForm,
                          SettingsForm, TrackingForm, all_commodities)
from .demo import ensure_references
from .models import Commodity, Market, MarketOfficer, Price, PriceChange, ReferencePrice
from .prices import DEFAULT_LICENCE, ensure_national_commodities, grouped, references_on, region_today, region_zone

admin_only = roles_required(Role.REGION_ADMIN)
reference_keepers = roles_required(Role.REGION_ADMIN, Role.PRICE_OFFICER)


def unique_slug(model, typed: str | None, name: str, row, taken: str) -> str:
    """The slug typed (tidied) or one made from the name, unique among the region's rows of `model`;
    `taken` is the reason given when another row has it (with %(slug)s)."""
    slug = slugify(typed or name)
    field = "slug" if typed else "name"
    if not slug:
        raise Refused(_("Please use letters or numbers."), field=field)
    others = select(model.id).where(model.slug == slug)
    if row is not None and row.id is not None:
        others = others.where(model.id != row.id)
    if db.session.execute(others).first() is not None:
        raise Refused(taken % {"slug": slug}, field=field)
    return slug


def refuse_same_name(model, name: str, row=None, message: str = "") -> None:
    query = select(model.id).where(func.lower(model.name) == name.strip().lower())
    if row is not None and row.id is not None:
        query = query.where(model.id != row.id)
    if db.session.execute(query).first() is not None:
        raise Refused(message, field="name")


# --------------------------------------------------------------------------------------------- markets

def save_market(market: Market, form: MarketForm) -> Market:
    """Write the form onto `market` (new or existing) and flush; refused with a reason on a taken name."""
    values = form.values()
    refuse_same_name(Market, values["name"], market, _("Another market already has this name."))
    market.slug = unique_slug(Market, form.slug.data, values["name"], market,
                              _("Another market already uses the short name “%(slug)s”. Please type another one."))
    for name, value in values.items():
        setattr(market, name, value)
    db.session.add(market)
    db.session.flush()
    return market


def has_prices(market: Market) -> bool:
    return any(db.session.execute(select(model.id).where(model.market_id == market.id).limit(1)).first()
               for model in (Price, PriceChange))


def officers_of(market: Market) -> list[MarketOfficer]:
    rows = db.session.execute(select(MarketOfficer).where(MarketOfficer.market_id == market.id)).scalars()
    return sorted(rows, key=lambda row: row.user.name.lower())


@bp.get("/staf/harga/pasar")
@admin_only
def admin_markets():
    """The region's markets with their kecamatan, market staff and state in words."""
    markets = list(db.session.execute(select(Market).order_by(Market.position, Market.name)).scalars())
    staff: dict[int, list[str]] = {}
    for row in db.session.execute(select(MarketOfficer)).scalars():
        staff.setdefault(row.market_id, []).append(row.user.name)
    return render("harga/admin/markets.html", markets=markets, staff=staff)


@bp.route("/staf/harga/pasar/baru", methods=["GET", "POST"])
@admin_only
def admin_markets_new():
    form = MarketForm()
    form.fill()
    if form.validate_on_submit():
        saved, result = save_or_refuse(form, lambda: run_once(
            "harga.market", submitted_key(), lambda: str(save_market(Market(), form).id)))
        if saved:
            market_id, _created = result
            flash(_("The market “%(name)s” was added.", name=form.name.data), "success")
            return redirect(url_for(".admin_markets_edit", market_id=int(market_id)))
    return render("harga/admin/market_form.html", status=422 if form.errors else 200, form=form, market=None)


def _market_page(market: Market, status: int = 200, form=None, officer_form=None):
    officers = officers_of(market)
    if form is None:
        form = MarketForm(formdata=None, data=MarketForm.defaults(market))
        form.fill()
    if officer_form is None:
        officer_form = OfficerForm(formdata=None)
        officer_form.fill(taken={row.user_id for row in officers})
    return render("harga/admin/market_form.html", status=status, market=market, form=form,
                  officer_form=officer_form, officers=officers, has_prices=has_prices(market))


@bp.route("/staf/harga/pasar/<int:market_id>", methods=["GET", "POST"])
@admin_only
def admin_markets_edit(market_id):
    """Edit a market; its market staff and (when it has no prices yet) deletion are on the same page."""
    market = scoped_get_or_404(Market, market_id)
    if request.method == "GET":
        return _market_page(market)
    form = MarketForm()
    form.fill()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: save_market(market, form))
        if saved:
            flash(_("The market “%(name)s” was saved.", name=market.name), "success")
            return redirect(url_for(".admin_markets"))
    return _market_page(market, status=422, form=form)


@bp.post("/staf/harga/pasar/<int:market_id>/hapus")
@admin_only
def admin_markets_delete(market_id):
    """Delete a market that never had a price; one with prices can only be made inactive (history stays)."""
    market = scoped_get_or_404(Market, market_id)
    if has_prices(market):
        flash(_("“%(name)s” has prices, so it cannot be deleted. Untick “Active” to stop using it.",
                name=market.name), "error")
        return redirect(url_for(".admin_markets_edit", market_id=market.id))
    name = market.name
    for row in officers_of(market):
        db.session.delete(row)
    db.session.delete(market)
    db.session.commit()
    flash(_("The market “%(name)s” was deleted.", name=name), "success")
    return redirect(url_for(".admin_markets"))


@bp.post("/staf/harga/pasar/<int:market_id>/petugas")
@admin_only
def admin_markets_officer(market_id):
    """Make a price officer market staff of this market (a repeat of the same choice changes nothing)."""
    market = scoped_get_or_404(Market, market_id)
    form = OfficerForm()
    form.fill(taken=set())
    if not form.validate_on_submit():
        return _market_page(market, status=422, officer_form=form)
    user_id = int(form.officer.data)
    exists = db.session.execute(select(MarketOfficer.id).where(
        MarketOfficer.market_id == market.id, MarketOfficer.user_id == user_id)).first()
    if exists is None:
        db.session.add(MarketOfficer(market_id=market.id, user_id=user_id))
        db.session.commit()
    name = dict(form.officer.choices).get(form.officer.data)
    flash(_("%(name)s now enters prices for %(market)s.", name=name, market=market.name), "success")
    return redirect(url_for(".admin_markets_edit", market_id=market.id) + "#petugas")


@bp.post("/staf/harga/pasar/<int:market_id>/petugas/<int:row_id>/hapus")
@admin_only
def admin_markets_officer_delete(market_id, row_id):
    market = scoped_get_or_404(Market, market_id)
    row = scoped_get_or_404(MarketOfficer, row_id)
    if row.market_id == market.id:
        name = row.user.name
        db.session.delete(row)
        db.session.commit()
        flash(_("%(name)s is no longer market staff of %(market)s.", name=name, market=market.name), "success")
    return redirect(url_for(".admin_markets_edit", market_id=market.id) + "#petugas")


# ----------------------------------------------------------------------------------------- commodities

def _national_present() -> list[Commodity]:
    """Every commodity of the region, the national list included (added on first visit)."""
    if ensure_national_commodities():
        db.session.commit()
    return all_commodities()


def _commodities_page(rows: list[Commodity], form: TrackingForm, status: int = 200):
    return render("harga/admin/commodities.html", status=status, form=form,
                  groups=grouped(rows, key=lambda c: c), tracked=set(form.tracked.data or []),
                  featured=set(form.featured.data or []))


@bp.route("/staf/harga/komoditas", methods=["GET", "POST"])
@admin_only
def admin_commodities():
    """Tick which commodities the region tracks and which the home card shows; saved in one submit."""
    rows = _national_present()
    if request.method == "GET":
        form = TrackingForm(formdata=None, data=TrackingForm.defaults(rows))
        form.fill(rows)
        return _commodities_page(rows, form)
    form = TrackingForm()
    form.fill(rows)
    if not form.validate_on_submit():
        return _commodities_page(rows, form, status=422)
    tracked, featured = set(form.tracked.data or []), set(form.featured.data or [])  # none ticked: None
    for commodity in rows:
        commodity.tracked, commodity.featured = commodity.id in tracked, commodity.id in featured
    db.session.commit()
    flash(ngettext("Saved: %(num)d commodity is tracked.", "Saved: %(num)d commodities are tracked.",
                   len(tracked)), "success")
    return redirect(url_for(".admin_commodities"))


# /harga/<commodity> shares its path with these fixed pages, so no commodity may take their names.
RESERVED_COMMODITY_SLUGS = {"data", "pasar", "data.csv", "data.json"}


def save_commodity(commodity: Commodity, form: CommodityForm) -> Commodity:
    values = form.values()
    refuse_same_name(Commodity, values["name"], commodity, _("Another commodity already has this name."))
    commodity.slug = unique_slug(
        Commodity, form.slug.data, values["name"], commodity,
        _("Another commodity already uses the short name “%(slug)s”. Please type another one."))
    if commodity.slug in RESERVED_COMMODITY_SLUGS:
        raise Refused(_("The short name “%(slug)s” is used by another page. Please type another one.",
                        slug=commodity.slug), field="slug" if form.slug.data else "name")
    for name, value in values.items():
        setattr(commodity, name, value)
    db.session.add(commodity)
    db.session.flush()
    return commodity


@bp.route("/staf/harga/komoditas/baru", methods=["GET", "POST"])
@admin_only
def admin_commodities_new():
    """Add a commodity of the region's own (a local staple the national list lacks)."""
    form = CommodityForm()
    if form.validate_on_submit():
        saved, _result = save_or_refuse(form, lambda: run_once(
            "harga.commodity", submitted_key(), lambda: str(save_commodity(Commodity(), form).id)))
        if saved:
            flash(_("The commodity “%(name)s” was added.", name=form.name.data), "success")
            return redirect(url_for(".admin_commodities"))
    return render("harga/admin/commodity_form.html", status=422 if form.errors else 200, form=form,
                  commodity=None)


@bp.route("/staf/harga/komoditas/<int:commodity_id>", methods=["GET", "POST"])
@admin_only
def admin_commodities_edit(commodity_id):
    """Edit one of the region's own commodities (national ones keep their official name and unit)."""
    commodity = scoped_get_or_404(Commodity, commodity_id)
    if commodity.national_code:
        flash(_("“%(name)s” is on the national list: its name and unit are fixed.", name=commodity.label), "info")
        return redirect(url_for(".admin_commodities"))
    if request.method == "GET":
        form = CommodityForm(formdata=None, data=CommodityForm.defaults(commodity))
    else:
        form = CommodityForm()
        if form.validate_on_submit():
            saved, _result = save_or_refuse(form, lambda: save_commodity(commodity, form))
            if saved:
                flash(_("The commodity “%(name)s” was saved.", name=commodity.name), "success")
                return redirect(url_for(".admin_commodities"))
    return render("harga/admin/commodity_form.html", status=422 if form.errors else 200, form=form,
                  commodity=commodity)


# ------------------------------------------------------------------------------------------ references

def reference_state(row: ReferencePrice, today, applying: set[int], zone: str | None) -> tuple[str, str]:
    """(words, badge class) saying whether `row` is the one that applies today, and if not, why."""
    if row.valid_from > today:
        return _("Applies from %(day)s", day=row.valid_from.isoformat()), "badge-off"
    if row.valid_until is not None and row.valid_until < today:
        return _("Ended"), "badge-off"
    if row.zone and row.zone != zone:
        return _("Another zone"), "badge-off"
    if row.id in applying:
        return _("Applies today"), "badge-ok"
    return _("Replaced by a newer one"), "badge-off"


def _references_page(form=None, status: int = 200, end_error: tuple[int, str] | None = None):
    if form is None:
        form = ReferenceForm(formdata=None)
        form.fill()
    rows = list(db.session.execute(select(ReferencePrice).order_by(
        ReferencePrice.valid_from.desc(), ReferencePrice.id.desc())).scalars())
    today, zone = region_today(), region_zone()
    applying = {ref.id for ref in references_on(today, sorted({r.commodity_id for r in rows})).values()}
    states = {r.id: reference_state(r, today, applying, zone) for r in rows}
    settings = (g.region.settings or {}).get("harga") or {}
    return render("harga/admin/references.html", status=status, form=form, rows=rows, states=states,
                  today=today, zone=zone, licence=settings.get("licence") or DEFAULT_LICENCE,
                  kinds=SHORT_KINDS, end_error=end_error, may_configure=current_user.has_role(Role.REGION_ADMIN))


@bp.route("/staf/harga/het", methods=["GET", "POST"])
@reference_keepers
def admin_references():
    """Ceiling (HET) and reference (HAP) prices, newest first; add one (a new regulation)."""
    if request.method == "GET":
        return _references_page()
    form = ReferenceForm()
    form.fill()
    if not form.validate_on_submit():
        return _references_page(form, status=422)
    commodity = scoped_get_or_404(Commodity, int(form.commodity.data))

    def create() -> str:
        row = ReferencePrice(commodity_id=commodity.id, kind=form.kind.data, zone=form.zone.data,
                             price=form.price.parsed, valid_from=form.valid_from.data,
                             valid_until=form.valid_until.data, source=form.source.data)
        db.session.add(row)
        db.session.flush()
        return str(row.id)

    run_once("harga.reference", submitted_key(), create)
    flash(_("The %(kind)s of %(commodity)s was added.", kind=SHORT_KINDS[form.kind.data],
            commodity=commodity.label), "success")
    return redirect(url_for(".admin_references"))


@bp.post("/staf/harga/het/<int:reference_id>/akhiri")
@reference_keepers
def admin_references_end(reference_id):
    """Set the last day a ceiling/reference price applies."""
    row = scoped_get_or_404(ReferencePrice, reference_id)
    form = EndForm()
    valid = form.validate_on_submit()
    if valid and form.valid_until.data < row.valid_from:
        form.valid_until.errors = [_("The end date must not be before the start date (%(day)s).",
                                     day=row.valid_from.isoformat())]
        valid = False
    if not valid:
        return _references_page(status=422, end_error=(row.id, " ".join(form.valid_until.errors)))
    row.valid_until = form.valid_until.data
    db.session.commit()
    flash(_("The %(kind)s of %(commodity)s now ends on %(day)s.", kind=SHORT_KINDS.get(row.kind, row.kind),
            commodity=row.commodity.label, day=row.valid_until.isoformat()), "success")
    return redirect(url_for(".admin_references"))


@bp.post("/staf/harga/het/<int:reference_id>/hapus")
@reference_keepers
def admin_references_delete(reference_id):
    """Delete a row entered by mistake (a regulation that changed a price is ended, not deleted)."""
    row = scoped_get_or_404(ReferencePrice, reference_id)
    message = _("The %(kind)s of %(commodity)s from %(day)s was deleted.", kind=SHORT_KINDS.get(row.kind, row.kind),
                commodity=row.commodity.label, day=row.valid_from.isoformat())
    db.session.delete(row)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".admin_references"))


@bp.post("/staf/harga/het/nasional")
@reference_keepers
def admin_references_national():
    """Add the national 2024 HET/HAP rows the region does not have yet (a repeat adds nothing)."""
    ensure_national_commodities()
    added = ensure_references()
    db.session.commit()
    if added:
        flash(ngettext("%(num)d national ceiling or reference price was added.",
                       "%(num)d national ceiling and reference prices were added.", added), "success")
    else:
        flash(_("The national ceiling and reference prices were already on the list."), "info")
    return redirect(url_for(".admin_references"))


@bp.route("/staf/harga/pengaturan", methods=["GET", "POST"])
@admin_only
def admin_references_settings():
    """The region's zone for ceiling prices and the licence of its open price data."""
    region = g.region
    current = dict((region.settings or {}).get("harga") or {})
    form = SettingsForm(data={"zone": current.get("zone"), "licence": current.get("licence") or DEFAULT_LICENCE})
    if form.validate_on_submit():
        settings = dict(region.settings or {})
        settings["harga"] = {**current, "zone": form.zone.data, "licence": form.licence.data}
        region.settings = settings  # a new dict, so SQLAlchemy sees the JSON change
        db.session.commit()
        flash(_("The market-price settings were saved."), "success")
        return redirect(url_for(".admin_references"))
    return render("harga/admin/settings.html", status=422 if form.errors else 200, form=form)

"""Forms of the Harga administration pages: markets and their staff, commodities (which the region tracks and
its own), ceiling/reference prices (HET/HAP) and the module's region settings (zone, open-data licence).

Choices that depend on the region (kecamatan, commodities, price officers) are filled per request by each
form's `fill`, always through the scoped session.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from ...core.models import Role, RoleGrant, User
from ...core.wilayah import kecamatan_list
from ...extensions import db
from .models import Commodity, Market
from .national import GROUPS, UNITS
from .prices import LICENCE_URLS, PriceError, parse_price, sort_commodities

KINDS = {"het": _l("HET: highest retail price (ceiling)"), "hap": _l("HAP: reference price")}
SHORT_KINDS = {"het": _l("HET"), "hap": _l("HAP")}


def _none_if_blank(value):
    return value or None


def price_officers() -> list[User]:
    """Unblocked accounts holding the price-officer role in this region, by name."""
    return list(db.session.execute(
        select(User).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.PRICE_OFFICER, User.blocked.is_(False))
        .order_by(User.name).distinct()).scalars())


def all_commodities() -> list[Commodity]:
    return sort_commodities(db.session.execute(select(Commodity)).scalars())


# Markets

class MarketForm(BaseForm):
    idempotency_key = HiddenField(default=new_key)
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])
    slug = StringField(_l("Short name for web addresses and open data"), [Optional(), Length(max=64)],
                       filters=[strip])
    address = StringField(_l("Address"), [Optional(), Length(max=255)], filters=[strip, _none_if_blank])
    kecamatan = SelectField(_l("Kecamatan"), choices=[], default="")
    position = IntegerField(_l("Position in lists"), [InputRequired(), NumberRange(min=0, max=999)], default=0)
    active = BooleanField(_l("Active: prices are entered and shown for this market"), default=True)

    def fill(self) -> None:
        self.kecamatan.choices = [("", _("Not set"))] + [(str(a.id), a.name) for a in kecamatan_list(offered=True)]

    @staticmethod
    def defaults(market: Market) -> dict:
        return {"name": market.name, "slug": market.slug, "address": market.address,
                "kecamatan": str(market.kecamatan_id or ""), "position": market.position, "active": market.active}

    def values(self) -> dict:
        return {"name": self.name.data, "address": self.address.data, "position": self.position.data,
                "active": self.active.data, "kecamatan_id": int(self.kecamatan.data) if self.kecamatan.data else None}


class OfficerForm(BaseForm):
    """Assign a price officer to a market (its market staff)."""

    officer = SelectField(_l("Price officer"), choices=[], default="")

    def fill(self, taken: set[int]) -> None:
        self.officer.choices = [("", _("Choose a price officer"))] + [
            (str(u.id), u.name) for u in price_officers() if u.id not in taken]

    def validate_officer(self, field):
        if not field.data:
            raise ValidationError(_("Please choose a price officer."))


# Commodities

class TrackingForm(BaseForm):
    """Which commodities the region tracks and which of them the home card shows, in one submit."""

    tracked = SelectMultipleField(_l("Tracked"), coerce=int, choices=[])
    featured = SelectMultipleField(_l("On the home card"), coerce=int, choices=[])

    def fill(self, rows: list[Commodity]) -> None:
        choices = [(c.id, c.label) for c in rows]
        self.tracked.choices = choices
        self.featured.choices = choices

    @staticmethod
    def defaults(rows: list[Commodity]) -> dict:
        return {"tracked": [c.id for c in rows if c.tracked], "featured": [c.id for c in rows if c.featured]}

    def validate_featured(self, field):
        untracked = set(field.data or []) - set(self.tracked.data or [])
        if untracked:
            raise ValidationError(_("Only a tracked commodity can be on the home card: tick “Tracked” too, "
                                    "or untick “On the home card”."))


class CommodityForm(BaseForm):
    """The region's own commodity (national ones keep their official name and unit)."""

    idempotency_key = HiddenField(default=new_key)
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])
    slug = StringField(_l("Short name for web addresses and open data"), [Optional(), Length(max=64)],
                       filters=[strip])
    unit = SelectField(_l("Unit"), choices=[(key, label) for key, label in UNITS.items()], default="kg")
    group = SelectField(_l("Group"), choices=[(key, label) for key, label in GROUPS.items()], default="lainnya")
    position = IntegerField(_l("Position in its group"), [InputRequired(), NumberRange(min=0, max=999)],
                            default=100)
    tracked = BooleanField(_l("Tracked: officers enter its prices and the public pages show them"), default=True)
    featured = BooleanField(_l("On the home card"))

    @staticmethod
    def defaults(commodity: Commodity) -> dict:
        return {name: getattr(commodity, name)
                for name in ("name", "slug", "unit", "group", "position", "tracked", "featured")}

    def values(self) -> dict:
        return {name: self[name].data for name in ("name", "unit", "group", "position", "tracked", "featured")}

    def validate_featured(self, field):
        if field.data and not self.tracked.data:
            raise ValidationError(_("Only a tracked commodity can be on the home card."))


# Ceiling and reference prices

class ReferenceForm(BaseForm):
    idempotency_key = HiddenField(default=new_key)
    commodity = SelectField(_l("Commodity"), choices=[], default="")
    kind = RadioField(_l("Kind"), choices=list(KINDS.items()), default="het")
    price = StringField(_l("Price in rupiah per unit"), [DataRequired()], filters=[strip])
    zone = StringField(_l("Zone"), [Optional(), Length(max=32)], filters=[strip, _none_if_blank])
    valid_from = DateField(_l("Valid from"), [InputRequired()], render_kw={"type": "date"})
    valid_until = DateField(_l("Valid until (optional)"), [Optional()], render_kw={"type": "date"})
    source = StringField(_l("Regulation"), [Optional(), Length(max=200)], filters=[strip, _none_if_blank])

    def fill(self) -> None:
        self.commodity.choices = [("", _("Choose a commodity"))] + [
            (str(c.id), c.label) for c in all_commodities()]

    def validate_commodity(self, field):
        if not field.data:
            raise ValidationError(_("Please choose a commodity."))

    def validate_price(self, field):
        try:
            field.parsed = parse_price(field.data)
        except PriceError as error:
            raise ValidationError(str(error)) from error

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_("The end date must not be before the start date."))


class EndForm(BaseForm):
    """End a ceiling/reference price on a date (a new regulation replaced it)."""

    valid_until = DateField(_l("Last day it applies"), [InputRequired()], render_kw={"type": "date"})


class SettingsForm(BaseForm):
    zone = StringField(_l("Zone of this region for ceiling prices"), [Optional(), Length(max=32)],
                       filters=[strip, _none_if_blank])
    licence = SelectField(_l("Licence of the open price data"), choices=[(name, name) for name in LICENCE_URLS])

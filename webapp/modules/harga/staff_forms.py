"""Forms of the price officers' pages: choosing a market and day, the day's form with one field per tracked
commodity (parsed and checked here, free of HTTP), and the two steps of the CSV import.

The day's form has a field per commodity, so its rows are plain objects built from the commodities and the
submitted data rather than WTForms fields; the WTForms classes carry the CSRF token and one-time key.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, SelectField
from wtforms.validators import Optional

from ...core.forms import BaseForm
from ...core.idempotency import new_key
from .models import Commodity, Market
from .prices import PriceError, needs_confirmation, parse_price

PRICE_FIELD = "p-{}"
CONFIRM_FIELD = "ok-{}"


class DayForm(BaseForm):
    """Which market and day to enter, from the query string (?pasar=anyar&tanggal=2026-11-20)."""

    class Meta:
        csrf = False

    pasar = SelectField(_l("Market"), choices=[], default="")
    tanggal = DateField(_l("Date"), [Optional()], render_kw={"type": "date"})

    def fill(self, markets: list[Market], today: date) -> None:
        self.pasar.choices = [("", _("Choose a market"))] + [(m.slug, m.name) for m in markets]
        self.tanggal.render_kw = {"type": "date", "max": today.isoformat()}


class EntryForm(BaseForm):
    """The CSRF token and one-time key of a day's form; the prices themselves are `EntryRow`s."""

    idempotency_key = HiddenField(default=new_key)


@dataclass
class EntryRow:
    """One commodity on a market's form for a day: what the field shows, and what it means."""

    commodity: Commodity
    text: str = ""  # what the field holds
    saved: int | None = None  # the price saved for this very day, if any
    earlier: tuple[int, date] | None = None  # the latest price before the day: (price, day)
    carried: bool = False  # `text` is the earlier price, carried over to prefill the field
    submitted: bool = False  # the field was in the posted form
    value: int | None = None
    error: str | None = None
    confirmed: bool = False

    @property
    def field(self) -> str:
        return PRICE_FIELD.format(self.commodity.id)

    @property
    def confirm_field(self) -> str:
        return CONFIRM_FIELD.format(self.commodity.id)

    @property
    def before(self) -> int | None:
        """What a new value is compared with: the saved price of the day when correcting, else the earlier one."""
        if self.saved is not None:
            return self.saved
        return self.earlier[0] if self.earlier else None

    @property
    def removes(self) -> bool:
        return self.submitted and self.error is None and self.value is None and self.saved is not None

    @property
    def big_change(self) -> bool:
        return self.submitted and self.error is None and needs_confirmation(self.before, self.value)

    @property
    def needs_confirmation(self) -> bool:
        """A change of more than 30 %, or removing a saved price, is only saved when confirmed."""
        return self.big_change or self.removes

    @property
    def percent(self) -> Decimal | None:
        if self.before is None or self.value is None:
            return None
        return (Decimal(self.value - self.before) * 100 / Decimal(self.before)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def change_text(self) -> str:
        """'+50%' or '-35%' in the reader's locale."""
        if self.percent is None:
            return ""
        return format_percent(self.percent / 100, format="+#,##0%;-#,##0%")

    @property
    def confirm_value(self) -> str:
        """What the confirmation box sends: the value it confirms, so a changed number must be confirmed again."""
        return str(self.value) if self.value is not None else "remove"


def entry_rows(commodities: list[Commodity], known: dict[int, tuple[int, date]], day: date,
               carry: bool = True) -> list[EntryRow]:
    """The rows of a fresh form: the day's saved price, or else the latest earlier one carried over.

    `known` is `last_known_prices(market, day)`: a price dated `day` is the saved one.
    """
    rows = []
    for commodity in commodities:
        price, when = known.get(commodity.id, (None, None))
        row = EntryRow(commodity)
        if when == day:
            row.saved, row.text = price, str(price)
        elif price is not None:
            row.earlier = (price, when)
            if carry:
                row.text, row.carried = str(price), True
        rows.append(row)
    return rows


def read_rows(rows: list[EntryRow], formdata) -> list[EntryRow]:
    """Put what was posted into `rows` and parse it; a commodity missing from the post stays untouched."""
    for row in rows:
        row.carried = False
        row.submitted = row.field in formdata
        if not row.submitted:
            row.text = str(row.saved) if row.saved is not None else ""
            row.value = row.saved
            continue
        row.text = (formdata.get(row.field) or "")[:40]
        try:
            row.value = parse_price(row.text)
        except PriceError as error:
            row.error = str(error)
            continue
        row.confirmed = formdata.get(row.confirm_field) == row.confirm_value
    return rows


def values_to_save(rows: list[EntryRow]) -> dict[int, int | None]:
    """{commodity_id: price or None} for `save_day`: every posted field that holds or removes a price."""
    return {row.commodity.id: row.value for row in rows
            if row.submitted and (row.value is not None or row.saved is not None)}


class ImportForm(BaseForm):
    """Step 1 of the CSV import: the file."""

    berkas = FileField(_l("CSV file"))


class ImportSaveForm(BaseForm):
    """Step 2: the checked file again, signed by the server, and a one-time key."""

    payload = HiddenField()
    idempotency_key = HiddenField(default=new_key)

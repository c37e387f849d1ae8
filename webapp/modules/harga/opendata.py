"""Open price data: `/harga/data` explains the datasets and builds a download; `/harga/data.csv` and
`/harga/data.json` stream the rows.

Query: `dari`, `sampai` (ISO dates, default the last 30 days, at most five years and never after today in the
region), `komoditas` and `pasar` (slugs, optional), `jenis` = `pasar` (each market's prices, from the prices
officers entered) or `median` (the region-wide daily aggregate). Any bad parameter is a 400 with the reason.

Rows are read with `yield_per` and written out as they arrive, so a five-year download never sits in memory.
Column names and values do not depend on the reader's language: the commodity name is the official
Indonesian one, the unit its code (kg, liter, butir, ikat), prices whole rupiah per unit.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

from flask import Response, g, redirect, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, RadioField, SelectField
from wtforms.validators import ValidationError

from ...core.errors import render_error
from ...core.forms import BaseForm
from ...core.rendering import render
from ...extensions import db
from . import bp
from .models import Commodity, DailyPrice, Market, Price
from .prices import licence, region_today, sort_commodities

DEFAULT_DAYS = 30
MAX_YEARS = 5
CACHE_SECONDS = 300
BATCH = 1000
CSV_CHUNK = 500  # rows per piece of the CSV stream

KINDS = {"pasar": _l("Prices at each market"), "median": _l("Region-wide daily median")}
FORMATS = {"csv": "CSV", "json": "JSON"}
COLUMNS = {
    "pasar": ("date", "market", "market_name", "commodity", "commodity_name", "unit", "price"),
    "median": ("date", "commodity", "commodity_name", "unit", "price", "low", "high", "markets"),
}


def years_before(day: date, years: int) -> date:
    if day.year <= years:
        return date.min  # no year 0 or before
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class OpenDataForm(BaseForm):
    """The download's parameters, from the query string (Indonesian names: they show in the address)."""

    class Meta:
        csrf = False

    dari = DateField(_l("From"), render_kw={"type": "date"})  # read_form fills a date left out
    sampai = DateField(_l("Until"), render_kw={"type": "date"})
    komoditas = SelectField(_l("Commodity"), choices=[], default="", validate_choice=False)
    pasar = SelectField(_l("Market"), choices=[], default="", validate_choice=False)
    jenis = RadioField(_l("Prices"), choices=list(KINDS.items()), default="pasar")
    format = RadioField(_l("Format"), choices=list(FORMATS.items()), default="csv")

    def fill(self) -> None:
        self.commodities = {c.slug: c for c in sort_commodities(db.session.execute(select(Commodity)).scalars())}
        self.markets = {m.slug: m for m in db.session.execute(
            select(Market).order_by(Market.position, Market.name)).scalars()}
        self.komoditas.choices = [("", _("Every commodity"))] + [(s, c.label) for s, c in self.commodities.items()]
        self.pasar.choices = [("", _("Every market"))] + [(s, m.name) for s, m in self.markets.items()]

    def validate_sampai(self, field):
        if field.data is None:
            return
        today = region_today()
        if field.data > today:
            raise ValidationError(_("The end date cannot be after today (%(today)s).", today=today.isoformat()))
        if self.dari.data is None:
            return
        if field.data < self.dari.data:
            raise ValidationError(_("The end date must not be before the start date."))
        if self.dari.data <= years_before(field.data, MAX_YEARS):
            raise ValidationError(_("Please ask for at most %(years)d years at a time.", years=MAX_YEARS))

    def validate_komoditas(self, field):
        if field.data and field.data not in self.commodities:
            raise ValidationError(_("There is no commodity “%(slug)s” in this region's data.", slug=field.data))

    def validate_pasar(self, field):
        if not field.data:
            return
        if field.data not in self.markets:
            raise ValidationError(_("There is no market “%(slug)s” in this region's data.", slug=field.data))
        if self.jenis.data == "median":
            raise ValidationError(_("The region-wide median covers every market: choose the prices at each "
                                    "market to get one market's prices."))

    def problems(self) -> str:
        return " ".join(message for field in self for message in field.errors)


def read_form() -> OpenDataForm:
    """The form from the query string, with the last 30 days when a date is left out."""
    args = MultiDict(request.args)
    today = region_today()
    if not args.get("sampai"):
        args["sampai"] = today.isoformat()
    if not args.get("dari"):
        try:
            end = date.fromisoformat(args["sampai"])
        except ValueError:
            end = today
        try:
            args["dari"] = (min(end, today) - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        except OverflowError:  # "sampai" in the first days of year 1
            args["dari"] = date.min.isoformat()
    form = OpenDataForm(formdata=args)
    form.fill()
    return form


@dataclass(frozen=True)
class Query:
    """What to stream, in plain values (the rows are read after the view has returned)."""

    start: date
    end: date
    kind: str
    commodity: tuple[int, str] | None = None  # (id, slug)
    market: tuple[int, str] | None = None

    @classmethod
    def of(cls, form: OpenDataForm) -> "Query":
        commodity = form.commodities.get(form.komoditas.data)
        market = form.markets.get(form.pasar.data)
        return cls(form.dari.data, form.sampai.data, form.jenis.data,
                   (commodity.id, commodity.slug) if commodity else None, (market.id, market.slug) if market else None)

    def params(self) -> dict:
        params = {"dari": self.start.isoformat(), "sampai": self.end.isoformat(), "jenis": self.kind}
        if self.commodity is not None:
            params["komoditas"] = self.commodity[1]
        if self.market is not None:
            params["pasar"] = self.market[1]
        return params


def rows(query: Query) -> Iterator[tuple]:
    """The rows in COLUMNS[query.kind] order, by date, market and commodity, read `BATCH` at a time."""
    if query.kind == "median":
        statement = (select(DailyPrice.day, Commodity.slug, Commodity.name, Commodity.unit, DailyPrice.median,
                            DailyPrice.low, DailyPrice.high, DailyPrice.markets)
                     .join(Commodity, Commodity.id == DailyPrice.commodity_id)
                     .where(DailyPrice.day >= query.start, DailyPrice.day <= query.end)
                     .order_by(DailyPrice.day, Commodity.position, Commodity.slug))
        if query.commodity is not None:
            statement = statement.where(DailyPrice.commodity_id == query.commodity[0])
    else:
        statement = (select(Price.day, Market.slug, Market.name, Commodity.slug, Commodity.name, Commodity.unit,
                            Price.price)
                     .join(Market, Market.id == Price.market_id)
                     .join(Commodity, Commodity.id == Price.commodity_id)
                     .where(Price.day >= query.start, Price.day <= query.end)
                     .order_by(Price.day, Market.position, Market.name, Market.id, Commodity.position,
                               Commodity.slug))
        if query.commodity is not None:
            statement = statement.where(Price.commodity_id == query.commodity[0])
        if query.market is not None:
            statement = statement.where(Price.market_id == query.market[0])
    for row in db.session.execute(statement.execution_options(yield_per=BATCH)):
        yield (row[0].isoformat(), *row[1:])


def csv_stream(query: Query) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS[query.kind])
    for count, row in enumerate(rows(query), 1):
        writer.writerow(row)
        if count % CSV_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def envelope(query: Query) -> dict:
    name, url = licence()
    region = g.region
    return {"licence": name, "licence_url": url, "source": region.name,
            "url": url_for("harga.open_data", _external=True),
            "region": {"slug": region.slug, "name": region.name, "code": region.code},
            "from": query.start.isoformat(), "to": query.end.isoformat(), "kind": query.kind,
            "commodity": query.commodity[1] if query.commodity else None,
            "market": query.market[1] if query.market else None, "columns": list(COLUMNS[query.kind])}


def json_stream(query: Query, head: dict) -> Iterator[str]:
    """The envelope `head`, then the rows one `json.dumps` at a time (valid JSON with no rows too)."""
    head = json.dumps(head, ensure_ascii=False)
    yield head[:-1] + ', "rows": ['
    columns = COLUMNS[query.kind]
    separator = "\n"
    for row in rows(query):
        yield separator + json.dumps(dict(zip(columns, row)), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def _headers(query: Query, extension: str, disposition: str) -> dict:
    url = licence()[1]
    filename = f"harga-{g.region.slug}-{query.start.isoformat()}-{query.end.isoformat()}.{extension}"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"',
               "Cache-Control": f"public, max-age={CACHE_SECONDS}"}
    if url:
        headers["Link"] = f'<{url}>; rel="license"'
    return headers


@bp.get("/harga/data")
def open_data():
    """What the datasets hold, their licence, and a form that leads to a download (no JavaScript needed)."""
    form = read_form()
    if "format" not in request.args:
        return render("harga/data.html", form=form, licence=licence(), max_years=MAX_YEARS)
    if not form.validate():
        return render("harga/data.html", status=400, form=form, licence=licence(), max_years=MAX_YEARS)
    endpoint = ".open_data_json" if form.format.data == "json" else ".open_data_csv"
    return redirect(url_for(endpoint, **Query.of(form).params()))


@bp.get("/harga/data.csv")
def open_data_csv():
    form = read_form()
    if not form.validate():
        return render_error(400, hint=form.problems())
    query = Query.of(form)
    return Response(stream_with_context(csv_stream(query)), mimetype="text/csv",
                    headers=_headers(query, "csv", "attachment"))


@bp.get("/harga/data.json")
def open_data_json():
    form = read_form()
    if not form.validate():
        message = form.problems()
        return {"error": {"code": 400, "message": str(_("Something in the request was not right")),
                          "detail": message}}, 400
    query = Query.of(form)
    return Response(stream_with_context(json_stream(query, envelope(query))), mimetype="application/json",
                    headers=_headers(query, "json", "inline"))

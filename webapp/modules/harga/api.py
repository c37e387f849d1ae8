"""Market prices as open data under /api/v1/: the commodities, the markets, the prices (each market's or the
region-wide daily median) as JSON pages, and the same prices as one CSV.

`/api/v1/prices` takes `from`, `to` (ISO dates; default the last 30 days, at most five years, never after the
region's today), `commodity` and `market` (slugs), `kind` = `market` or `median`, and pages by the keyset
(date, id) with `limit` up to 1000. `/api/v1/prices.csv` takes the same filters and streams the whole period
through `opendata.csv_stream`, the download /harga/data.csv serves, so both CSVs are one format.

Validators: JSON answers carry a strong ETag of their body. Last-Modified is the newest entry, correction or
removal of a price on the days the answer covers (`changed_at`), so a corrected or removed price moves it
too. The CSV is streamed and so has no ETag (hashing it would mean reading the period twice); it carries
Last-Modified alone, and If-Modified-Since answers 304. Commodities and markets keep no time of change, so
their lists carry an ETag only. A renamed market or commodity changes the names in the CSV without moving
Last-Modified: a client that must see renames at once revalidates the JSON lists by ETag.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Response, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from ...core.api import region_licence
from ...core.api.http import ApiError, choice_param, date_param, day_keyset, latest, limit_param, page
from ...core.api.schema import JSON, PAGING, json_content, nullable, obj, page_of, plain_responses, query, ref
from ...core.modules import Dataset
from ...extensions import db
from . import bp
from .models import Commodity, DailyPrice, Market, Price, PriceChange
from .opendata import DEFAULT_DAYS, MAX_YEARS, Query, csv_stream, years_before
from .prices import licence, references_on, region_today, sort_commodities

KINDS = ("market", "median")
PRICE_LIMIT, PRICE_MAX = 100, 1000
SLUG_MAX = 64
CSV_SECONDS = 60


def data_licence() -> tuple[str, str]:
    """The licence the region chose for its price data (a Harga setting), as (name, url); the region's
    open-data licence when the setting names none this site knows the address of."""
    name, url = licence()
    return (name, url) if url else region_licence()


DATASET = Dataset(
    slug="prices", title=_l("Staple-food prices"),
    description=_l("Each market's daily prices of staple foods as the price officers entered them, and the "
                   "region-wide daily median, in whole rupiah per unit, as JSON or CSV; with the markets and the "
                   "commodities (and the ceiling or reference price that applies today)."),
    examples=("/api/v1/prices?commodity=beras-medium", "/api/v1/prices?kind=median",
              "/api/v1/prices.csv?kind=median", "/api/v1/commodities", "/api/v1/markets"),
    licence=data_licence,
)


# ------------------------------------------------------------------------------------------ parameters

def _text(name: str) -> str | None:
    value = request.args.get(name, "").strip()
    return value or None


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


def period() -> tuple[date, date]:
    """(`from`, `to`): the last 30 days by default; 400 for a period after today, reversed or over five years."""
    today = region_today()
    start, end = date_param("from"), date_param("to")
    for name, value in (("from", start), ("to", end)):
        if value is not None and value > today:
            raise ApiError(_("%(name)s cannot be after today (%(today)s).", name=name, today=today.isoformat()), name)
    end = end or today
    start = start or _days_before(end, DEFAULT_DAYS - 1)
    if end < start:
        raise ApiError(_("The end date must not be before the start date."), "to")
    if end.year > MAX_YEARS and start <= years_before(end, MAX_YEARS):
        raise ApiError(_("Please ask for at most %(years)d years at a time.", years=MAX_YEARS), "from")
    return start, end


def _by_slug(model, name: str):
    """(the parameter `name`, the row of `model` with that slug or None); (None, None) when absent."""
    value = _text(name)
    if value is None or len(value) > SLUG_MAX or "\x00" in value:
        return (value and value[:SLUG_MAX]), None
    return value, db.session.execute(select(model).where(model.slug == value)).scalar_one_or_none()


def filters() -> tuple[date, date, str, Commodity | None, Market | None]:
    """(from, to, kind, commodity, market) of a prices request, each checked."""
    start, end = period()
    kind = choice_param("kind", KINDS) or "market"
    slug, commodity = _by_slug(Commodity, "commodity")
    if slug and commodity is None:
        raise ApiError(_("There is no commodity “%(slug)s” in this region's data.", slug=slug), "commodity")
    slug, market = _by_slug(Market, "market")
    if slug and market is None:
        raise ApiError(_("There is no market “%(slug)s” in this region's data.", slug=slug), "market")
    if market is not None and kind == "median":
        raise ApiError(_("market cannot be combined with kind=median: the median covers every market."), "market")
    return start, end, kind, commodity, market


def after_cursor(day_column, id_column) -> list:
    """The keyset condition for rows after the `cursor` (a [date, id] pair), or none on the first page."""
    after = day_keyset()
    if after is None:
        return []
    day, ident = after
    return [or_(day_column > day, and_(day_column == day, id_column > ident))]


# --------------------------------------------------------------------------------------------- queries

def changed_at(start: date, end: date, commodity: Commodity | None = None,
               market: Market | None = None) -> datetime | None:
    """The newest entry, correction or removal of a price between `start` and `end` (with the filters)."""
    entered = select(func.max(func.coalesce(Price.updated_at, Price.entered_at))).where(
        Price.day >= start, Price.day <= end)
    changed = select(func.max(PriceChange.changed_at)).where(PriceChange.day >= start, PriceChange.day <= end)
    if commodity is not None:
        entered = entered.where(Price.commodity_id == commodity.id)
        changed = changed.where(PriceChange.commodity_id == commodity.id)
    if market is not None:
        entered = entered.where(Price.market_id == market.id)
        changed = changed.where(PriceChange.market_id == market.id)
    return latest([db.session.execute(entered).scalar(), db.session.execute(changed).scalar()])


def market_prices(start, end, commodity, market, limit) -> list:
    statement = (select(Price.id, Price.day, Market.slug, Commodity.slug, Commodity.unit, Price.price)
                 .join(Market, Market.id == Price.market_id).join(Commodity, Commodity.id == Price.commodity_id)
                 .where(Price.day >= start, Price.day <= end, *after_cursor(Price.day, Price.id))
                 .order_by(Price.day, Price.id).limit(limit + 1))
    if commodity is not None:
        statement = statement.where(Price.commodity_id == commodity.id)
    if market is not None:
        statement = statement.where(Price.market_id == market.id)
    return [(ident, day, {"date": day, "market": market_slug, "commodity": commodity_slug, "unit": unit,
                          "price": price})
            for ident, day, market_slug, commodity_slug, unit, price in db.session.execute(statement)]


def median_prices(start, end, commodity, limit) -> list:
    statement = (select(DailyPrice.id, DailyPrice.day, Commodity.slug, Commodity.unit, DailyPrice.median,
                        DailyPrice.low, DailyPrice.high, DailyPrice.markets)
                 .join(Commodity, Commodity.id == DailyPrice.commodity_id)
                 .where(DailyPrice.day >= start, DailyPrice.day <= end, *after_cursor(DailyPrice.day, DailyPrice.id))
                 .order_by(DailyPrice.day, DailyPrice.id).limit(limit + 1))
    if commodity is not None:
        statement = statement.where(DailyPrice.commodity_id == commodity.id)
    return [(ident, day, {"date": day, "commodity": slug, "unit": unit, "price": median, "low": low, "high": high,
                          "markets": markets})
            for ident, day, slug, unit, median, low, high, markets in db.session.execute(statement)]


# ---------------------------------------------------------------------------------------------- views

@bp.get("/api/v1/prices")
def api_prices():
    """One page of prices, oldest first: each market's entries, or the region-wide daily median."""
    start, end, kind, commodity, market = filters()
    limit = limit_param(PRICE_LIMIT, PRICE_MAX)
    if kind == "median":
        rows = median_prices(start, end, commodity, limit)
    else:
        rows = market_prices(start, end, commodity, market, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    modified = changed_at(rows[0][1], rows[-1][1], commodity, market) if rows else None
    following = (rows[-1][1], rows[-1][0]) if more else None
    return page([item for _, _, item in rows], following, modified)


@bp.get("/api/v1/prices.csv")
def api_prices_csv():
    """The whole period as CSV (the columns of /harga/data.csv), streamed, with Last-Modified."""
    start, end, kind, commodity, market = filters()
    query = Query(start, end, "median" if kind == "median" else "pasar",
                  (commodity.id, commodity.slug) if commodity else None, (market.id, market.slug) if market else None)
    modified = changed_at(start, end, commodity, market)
    response = Response(stream_with_context(csv_stream(query)), mimetype="text/csv")
    url = licence()[1]
    if url:
        response.headers["Link"] = f'<{url}>; rel="license"'
    if modified is not None:
        response.last_modified = modified.replace(microsecond=0)
    response.cache_control.public = True
    response.cache_control.max_age = CSV_SECONDS
    return response.make_conditional(request)


@bp.get("/api/v1/commodities")
def api_commodities():
    """Every commodity the region has (tracked or not), with today's ceiling or reference price if any."""
    rows = sort_commodities(db.session.execute(select(Commodity)).scalars())
    references = references_on(region_today(), [c.id for c in rows])
    items = []
    for commodity in rows:
        reference = references.get(commodity.id)
        items.append({
            "slug": commodity.slug, "name": commodity.name, "national_code": commodity.national_code,
            "unit": commodity.unit, "group": commodity.group, "tracked": commodity.tracked,
            "reference": None if reference is None else {
                "kind": reference.kind, "price": reference.price, "valid_from": reference.valid_from,
                "valid_until": reference.valid_until, "source": reference.source},
        })
    return page(items, None)


@bp.get("/api/v1/markets")
def api_markets():
    """Every market of the region (active or not: old prices name inactive ones too)."""
    rows = db.session.execute(select(Market).order_by(Market.position, Market.name, Market.id)).scalars()
    items = [{"slug": m.slug, "name": m.name, "address": m.address, "active": m.active,
              "kecamatan": {"code": m.kecamatan.code, "name": m.kecamatan.name} if m.kecamatan else None}
             for m in rows]
    return page(items, None)


# -------------------------------------------------------------------------------------------- OpenAPI

NOT_PUBLISHED = "Market prices are not published in this region."
PRICE_FILTERS = [
    query("from", {"type": "string", "format": "date"},
          "First day (YYYY-MM-DD); default 29 days before `to`. At most five years before `to`, not after today."),
    query("to", {"type": "string", "format": "date"}, "Last day (YYYY-MM-DD); default today. Not after today."),
    query("commodity", {"type": "string", "maxLength": 64}, "A commodity's slug (see /api/v1/commodities)."),
    query("market", {"type": "string", "maxLength": 64},
          "A market's slug (see /api/v1/markets); only with kind=market."),
    query("kind", {"type": "string", "enum": list(KINDS), "default": "market"},
          "`market`: each market's price as entered; `median`: the region-wide daily median of the markets."),
]


def _ok(schema: dict, media: str = JSON, description: str = "The data.") -> dict:
    return plain_responses(json_content(schema, description, media), NOT_PUBLISHED)


def openapi() -> dict:
    rupiah = {"type": "integer", "minimum": 0, "description": "Whole rupiah per unit."}
    unit = {"type": "string", "description": "The unit's code: kg, liter, butir or ikat."}
    day, text = {"type": "string", "format": "date"}, {"type": "string"}
    market_price = obj({"date": day, "market": text, "commodity": text, "unit": unit, "price": rupiah})
    median_price = obj({"date": day, "commodity": text, "unit": unit,
                        "price": {**rupiah, "description": "The median of the markets."}, "low": rupiah, "high": rupiah,
                        "markets": {"type": "integer", "minimum": 1,
                                    "description": "How many markets reported that day."}})
    reference = obj({"kind": {"type": "string", "enum": ["het", "hap"]}, "price": rupiah, "valid_from": day,
                     "valid_until": nullable("string", format="date"), "source": nullable("string")}, null=True,
                    description="The ceiling (het) or reference (hap) price that applies today, if any.")
    commodity = obj({"slug": text, "name": {"type": "string", "description": "The official Indonesian name."},
                     "national_code": nullable("string"), "unit": unit,
                     "group": {"type": "string", "description": "beras, bumbu, protein, pokok or lainnya."},
                     "tracked": {"type": "boolean"}, "reference": reference})
    market = obj({"slug": text, "name": text, "address": nullable("string"), "active": {"type": "boolean"},
                  "kecamatan": obj({"code": text, "name": text}, null=True)})
    price_limit = query("limit", {"type": "integer", "minimum": 1, "maximum": PRICE_MAX, "default": PRICE_LIMIT},
                        f"Rows per page, 1 to {PRICE_MAX}.")
    return {
        "paths": {
            "/api/v1/prices": {"get": {
                "operationId": "hargaPrices", "tags": ["Market prices"],
                "summary": "Prices by day, oldest first: each market's, or the region-wide daily median",
                "parameters": [*PRICE_FILTERS, price_limit, PAGING[1]],
                "responses": _ok(page_of({"anyOf": [ref("HargaPrice"), ref("HargaMedianPrice")]})),
            }},
            "/api/v1/prices.csv": {"get": {
                "operationId": "hargaPricesCsv", "tags": ["Market prices"],
                "summary": "The same prices as one CSV file with a header row (the whole period, not paged)",
                "description": "Columns for kind=market: date, market, market_name, commodity, commodity_name, "
                               "unit, price; for kind=median: date, commodity, commodity_name, unit, price, low, "
                               "high, markets. Carries Last-Modified but no ETag (it is streamed).",
                "parameters": PRICE_FILTERS,
                "responses": _ok({"type": "string"}, "text/csv", "CSV, UTF-8."),
            }},
            "/api/v1/commodities": {"get": {
                "operationId": "hargaCommodities", "tags": ["Market prices"],
                "summary": "The commodities the region tracks or tracked (all in one page)",
                "responses": _ok(page_of("HargaCommodity")),
            }},
            "/api/v1/markets": {"get": {
                "operationId": "hargaMarkets", "tags": ["Market prices"],
                "summary": "The region's markets (all in one page)",
                "responses": _ok(page_of("HargaMarket")),
            }},
        },
        "schemas": {"HargaPrice": market_price, "HargaMedianPrice": median_price, "HargaCommodity": commodity,
                    "HargaMarket": market},
    }

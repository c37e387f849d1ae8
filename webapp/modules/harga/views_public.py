"""Public Harga Pangan pages: the region's board of the day's prices (median across markets, changes, the
cheapest market, HET flags), one commodity's history with a chart drawn on the server, one market's list with
its printable A4 poster and its plain-text summary for WhatsApp, and the home card. Nothing here writes.

Query parameters are Indonesian like the paths: `pasar` (a market's slug), `tanggal` (YYYY-MM-DD), `hari`
(30, 90 or 365). A value that makes no sense is a 400 with a message saying what to choose, never a 500.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from flask import abort, g, make_response, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...core.errors import render_error
from ...core.i18n import date_filter, rupiah
from ...core.rendering import render
from ...extensions import db
from . import bp, chart, share
from .models import Commodity, Market
from .prices import EARLIEST_DAY, active_markets, board, history, market_prices, region_today, tracked_commodities

PERIODS = (30, 90, 365)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@bp.app_template_global()
def harga_change(change):
    """A change as an arrow, a word, rupiah and percent (also used by the home card)."""
    return share.describe(change)


# Reading the query

def day_arg() -> tuple[date | None, str | None]:
    """(the `tanggal` asked for or None, an error message or None)."""
    raw = request.args.get("tanggal", "").strip()
    if not raw:
        return None, None
    example = region_today().isoformat()
    if not ISO_DAY.match(raw):
        return None, _("Enter the date as year-month-day, for example %(example)s.", example=example)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None, _("That date does not exist. Enter it as year-month-day, for example %(example)s.",
                       example=example)
    if day > region_today():
        return None, _("There are no prices for a date in the future. Choose today or an earlier day.")
    if day < EARLIEST_DAY:
        return None, _("There are no prices from before %(year)d. Choose a later day.", year=EARLIEST_DAY.year)
    return day, None


def market_or_404(slug: str) -> Market:
    market = db.session.execute(
        select(Market).where(Market.slug == slug, Market.active.is_(True))).scalar_one_or_none()
    if market is None:
        abort(404)
    return market


def commodity_or_404(slug: str) -> Commodity:
    commodity = db.session.execute(
        select(Commodity).where(Commodity.slug == slug, Commodity.tracked.is_(True))).scalar_one_or_none()
    if commodity is None:
        abort(404)
    return commodity


def _links() -> dict:
    return {"today": region_today(), "typed_day": request.args.get("tanggal", "").strip()[:20]}


# The region's board

@bp.get("/harga/")
def index():
    """Every tracked commodity's price on a day, region-wide or at one market; htmx swaps the board only."""
    markets = active_markets()
    chosen = request.args.get("pasar", "").strip()[:64]
    errors = {}
    market = None
    if chosen:
        market = next((m for m in markets if m.slug == chosen), None)
        if market is None:
            errors["pasar"] = _("There is no such market here. Choose one from the list.")
    day, error = day_arg()
    if error:
        errors["tanggal"] = error
    context = {"markets": markets, "chosen": chosen, "asked": day, **_links()}
    if errors:
        return render("harga/index.html", block="board", status=400, errors=errors, board=None, **context)
    current = board(day, market)
    query = {k: v for k, v in (("pasar", chosen), ("tanggal", day.isoformat() if day else "")) if v}
    text = share.summary(current, market.name if market else g.region.name,
                         url_for("harga.index", _external=True, **query))
    return render("harga/index.html", block="board", errors={}, board=current, market=market,
                  whatsapp=share.whatsapp_url(text), **context)


# One commodity

def history_chart(item: Commodity, rows, low, high, reference, start: date, end: date, days: int):
    """The chart of `rows` (daily aggregates; `low` and `high` among them) with a title and a description in
    words for screen readers."""
    title = _("%(commodity)s: median price across the markets, last %(days)s days", commodity=item.label, days=days)
    desc = _("From %(start)s to %(end)s. Latest: %(last)s on %(last_day)s. Lowest: %(low)s on %(low_day)s. "
             "Highest: %(high)s on %(high_day)s.", start=date_filter(start), end=date_filter(end),
             last=rupiah(rows[-1].median), last_day=date_filter(rows[-1].day), low=rupiah(low.median),
             low_day=date_filter(low.day), high=rupiah(high.median), high_day=date_filter(high.day))
    return chart.svg([(r.day, r.median) for r in rows], title=title, desc=desc, start=start, end=end,
                     reference=reference.price if reference else None,
                     reference_label=f"{reference.kind.upper()} {rupiah(reference.price)}" if reference else "",
                     value_label=rupiah, date_label=lambda d: date_filter(d, "d MMM yy"), chart_id="riwayat")


@bp.get("/harga/<slug>")
def commodity(slug):
    """A commodity's region-wide median over 30, 90 or 365 days as a chart, each market's price, min and max."""
    item = commodity_or_404(slug)
    raw = request.args.get("hari", str(PERIODS[0])).strip()
    if raw not in {str(p) for p in PERIODS}:
        return render_error(400, hint=_("Choose a period of 30, 90 or 365 days."))
    days, today = int(raw), region_today()
    start = today - timedelta(days=days - 1)
    rows = history(item, days, today)
    row = board(commodities=[item]).rows[0]
    low = min(rows, key=lambda r: r.median) if rows else None
    high = max(rows, key=lambda r: r.median) if rows else None
    svg = history_chart(item, rows, low, high, row.reference, start, today, days) if rows else ""
    return render("harga/commodity.html", item=item, days=days, periods=PERIODS, rows=rows, row=row, low=low,
                  high=high, start=start, today=today, svg=svg,
                  by_market=market_prices(item, row.day or today))


# One market

def _market_board(slug: str):
    """(market, the day asked for or None, its board or None, an error message or None)."""
    place = market_or_404(slug)
    day, error = day_arg()
    return place, day, (None if error else board(day, place)), error


def _market_text(place: Market, day: date | None, current) -> str:
    query = {"tanggal": day.isoformat()} if day else {}
    return share.summary(current, place.name, url_for("harga.market", slug=place.slug, _external=True, **query))


@bp.get("/harga/pasar/<slug>")
def market(slug):
    """One market's full list for a day, with its poster, plain text and a WhatsApp share link."""
    place, day, current, error = _market_board(slug)
    context = {"place": place, "asked": day, **_links()}
    if error:
        return render("harga/market.html", block="board", status=400, board=None, error=error, **context)
    return render("harga/market.html", block="board", board=current, error=None,
                  whatsapp=share.whatsapp_url(_market_text(place, day, current)), **context)


@bp.get("/harga/pasar/<slug>/poster")
def poster(slug):
    """A printable A4 page of the market's prices for its notice board (readable in black and white)."""
    place, _day, current, error = _market_board(slug)
    if error:
        return render_error(400, hint=error)
    return render("harga/poster.html", block=None, place=place, board=current, host=request.host)


@bp.get("/harga/pasar/<slug>/teks")
def market_text(slug):
    """The market's prices as plain text, the same words as the WhatsApp message."""
    place, day, current, error = _market_board(slug)
    if error:
        return render_error(400, hint=error)
    response = make_response(_market_text(place, day, current))
    response.mimetype = "text/plain"
    return response


# Home card

def card_context() -> dict:
    """The featured commodities' latest prices and day-on-day change (one board of a handful of rows)."""
    featured = [c for c in tracked_commodities() if c.featured]
    return {"card_board": board(commodities=featured) if featured else None}

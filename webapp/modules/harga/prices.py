"""Price arithmetic and storage for Harga Pangan, free of HTTP: parsing what an officer typed, saving a day's
prices with an audit trail, the daily aggregates, region-wide boards with day-on-day and week-on-week change,
and ceiling-price (HET/HAP) lookups.

Definitions the public pages rely on:
- The region-wide price of a commodity on a day is the median of the markets that reported it that day
  (the mean of the two middle prices when the count is even, rounded half up to whole rupiah).
- "Change vs the previous day" compares with the most recent earlier day that has a price, at most
  `PREVIOUS_WINDOW` days back (markets close on some days; a gap is not a fall to zero).
- "Change vs 7 days ago" compares with the price 7 days earlier or, if that day has none, the latest one
  before it, at most `WEEK_WINDOW` days back.
- A board shows each commodity's price on the chosen day or, when that day has none, its latest price in the
  `STALE_DAYS` before, labelled with its own date.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select

from ...core.api import DEFAULT_LICENCE, LICENCE_URLS  # the open-data licences (also imported from here)
from ...core.clock import region_today  # noqa: F401  (used here and imported from here)
from ...core.forms import EARLIEST_YEAR
from ...core.models import utcnow
from ...extensions import db
from .models import Commodity, DailyPrice, Market, MarketOfficer, Price, PriceChange, ReferencePrice
from .national import COMMODITIES, GROUPS, ORDER

MIN_PRICE = 100  # rupiah per unit: below this a typo is far likelier than a price
MAX_PRICE = 10_000_000
CONFIRM_RATIO = Decimal("0.30")  # a change of more than 30 % from the previous price asks for confirmation
STALE_DAYS = 6
PREVIOUS_WINDOW = 7
WEEK_WINDOW = 7  # "7 days ago" may fall back to up to 7 more days earlier
EARLIEST_DAY = date(EARLIEST_YEAR, 1, 1)  # an earlier day is a typo, and looking back from it overflows `date`


class PriceError(ValueError):
    """What an officer typed is not a usable price; `str(error)` is a translated message."""


# ---------------------------------------------------------------------------------------------- input

_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


def parse_price(text: str | None) -> int | None:
    """'15.000', '15000', 'Rp 15.000' or '15,000' → 15000; blank → None ("no data", never zero).

    Rupiah prices are whole numbers, so '.' and ',' are only accepted as thousands separators.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    cleaned = re.sub(r"^rp\.?\s*", "", raw, flags=re.IGNORECASE).replace(" ", "").replace("\u00a0", "")
    if cleaned.startswith("-"):
        raise PriceError(_l("A price cannot be negative."))
    if _GROUPED.match(cleaned):
        cleaned = re.sub(r"[.,]", "", cleaned)
    elif not _PLAIN.match(cleaned):
        raise PriceError(_l("Enter the price in whole rupiah, for example 15000 or 15.000."))
    if len(cleaned) > 20:  # int() refuses thousands of digits with a ValueError; any such price is too high
        raise PriceError(_l("That price is too high to be right; check the number."))
    value = int(cleaned)
    check_price(value)
    return value


def check_price(value: int) -> int:
    if value <= 0:
        raise PriceError(_l("A price must be more than zero; leave the field empty when there is no data."))
    if value < MIN_PRICE:
        raise PriceError(_l("Rp %(price)s is too low to be a price per unit; check the number.", price=value))
    if value > MAX_PRICE:
        raise PriceError(_l("That price is too high to be right; check the number."))
    return value


def needs_confirmation(previous: int | None, new: int | None) -> bool:
    """True when `new` differs from `previous` by more than 30 %."""
    if previous is None or new is None or previous <= 0:
        return False
    return abs(Decimal(new - previous)) / Decimal(previous) > CONFIRM_RATIO


def check_day(day: date) -> date:
    if day > region_today():
        raise PriceError(_l("Prices cannot be entered for a date in the future."))
    return day


# ------------------------------------------------------------------------------------- commodities

def ensure_national_commodities() -> list[Commodity]:
    """Give the current region a row for every national commodity it lacks (tracked by default)."""
    have = {c.national_code for c in db.session.execute(select(Commodity)).scalars() if c.national_code}
    slugs = set(db.session.execute(select(Commodity.slug)).scalars())
    added = []
    for position, code in enumerate(ORDER):
        if code in have:
            continue
        national = COMMODITIES[code]
        slug = code if code not in slugs else f"{code}-nasional"
        row = Commodity(slug=slug, national_code=code, name=national.name, unit=national.unit,
                        group=national.group, tracked=True, featured=national.featured, position=position)
        db.session.add(row)
        added.append(row)
    if added:
        db.session.flush()
    return added


def _group_rank(group: str) -> int:
    keys = list(GROUPS)
    return keys.index(group) if group in keys else len(keys)


def sort_commodities(rows: Iterable[Commodity]) -> list[Commodity]:
    return sorted(rows, key=lambda c: (_group_rank(c.group), c.position, c.name.lower()))


def tracked_commodities() -> list[Commodity]:
    return sort_commodities(db.session.execute(select(Commodity).where(Commodity.tracked.is_(True))).scalars())


def active_markets() -> list[Market]:
    return list(db.session.execute(
        select(Market).where(Market.active.is_(True)).order_by(Market.position, Market.name)).scalars())


def markets_for(user) -> list[Market]:
    """The markets `user` may enter prices for: all active ones, or only those assigned to market staff."""
    markets = active_markets()
    if user.is_platform_admin or user.has_role("admin"):
        return markets
    assigned = set(db.session.execute(
        select(MarketOfficer.market_id).where(MarketOfficer.user_id == user.id)).scalars())
    return [m for m in markets if m.id in assigned] if assigned else markets


def may_enter(user, market: Market) -> bool:
    return any(m.id == market.id for m in markets_for(user))


def grouped(rows: Iterable, key=lambda row: row.commodity) -> list[tuple[str, list]]:
    """[(group label, rows)] in display order; `key` gives each row's commodity."""
    buckets: dict[str, list] = defaultdict(list)
    for row in rows:
        buckets[key(row).group].append(row)
    return [(str(GROUPS.get(group, GROUPS["lainnya"])), buckets[group])
            for group in sorted(buckets, key=_group_rank)]


# ------------------------------------------------------------------------------------------ saving

def last_known_prices(market_id: int, day: date, lookback: int = 60) -> dict[int, tuple[int, date]]:
    """{commodity_id: (price, day)}: each commodity's latest price at `market_id` on or before `day`."""
    latest = (select(Price.commodity_id, func.max(Price.day).label("day"))
              .where(Price.market_id == market_id, Price.day <= day, Price.day >= day - timedelta(days=lookback))
              .group_by(Price.commodity_id).subquery())
    rows = db.session.execute(
        select(Price.commodity_id, Price.price, Price.day)
        .join(latest, (Price.commodity_id == latest.c.commodity_id) & (Price.day == latest.c.day))
        .where(Price.market_id == market_id))
    return {commodity_id: (price, when) for commodity_id, price, when in rows}


def previous_prices(market_id: int, day: date) -> dict[int, tuple[int, date]]:
    """Each commodity's latest price at the market strictly before `day` (what a new price is checked against)."""
    return last_known_prices(market_id, day - timedelta(days=1))


@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.changed + self.removed


def save_day(market: Market, day: date, values: dict[int, int | None], user, source: str = "form",
             note: str | None = None, refresh: bool = True) -> SaveResult:
    """Write one market's prices for one day: {commodity_id: price or None}. None removes a saved price.

    Every correction or removal of an existing price is kept in `PriceChange`; the caller commits.
    """
    result = SaveResult()
    existing = {p.commodity_id: p for p in db.session.execute(
        select(Price).where(Price.market_id == market.id, Price.day == day,
                            Price.commodity_id.in_(list(values)))).scalars()}
    now = utcnow()
    user_id = getattr(user, "id", None)
    touched = []
    for commodity_id, value in values.items():
        row = existing.get(commodity_id)
        if row is None and value is None:
            continue
        if row is not None and row.price == value:
            result.unchanged += 1
            continue
        if row is None:
            db.session.add(Price(market_id=market.id, commodity_id=commodity_id, day=day, price=value,
                                 entered_by_id=user_id, entered_at=now, source=source))
            result.created += 1
        else:
            db.session.add(PriceChange(market_id=market.id, commodity_id=commodity_id, day=day,
                                       old_price=row.price, new_price=value, changed_by_id=user_id,
                                       changed_at=now, source=source, note=note))
            if value is None:
                db.session.delete(row)
                result.removed += 1
            else:
                row.price, row.updated_by_id, row.updated_at, row.source = value, user_id, now, source
                result.changed += 1
        touched.append((commodity_id, day))
    db.session.flush()
    if refresh and touched:
        refresh_daily(touched)
    return result


# ---------------------------------------------------------------------------------------- aggregates

def median_of(values: list[int]) -> int:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of nothing")
    if n % 2:
        return ordered[n // 2]
    pair = Decimal(ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return int(pair.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _aggregate(prices: list[tuple[int, int]], market_names: dict[int, str]) -> dict:
    """prices: [(market_id, price)] for one commodity and day."""
    values = [p for _, p in prices]
    cheapest = min(prices, key=lambda mp: (mp[1], market_names.get(mp[0], ""), mp[0]))
    return {"median": median_of(values), "low": min(values), "high": max(values), "markets": len(values),
            "cheapest_market_id": cheapest[0]}


def _market_names() -> dict[int, str]:
    return dict(db.session.execute(select(Market.id, Market.name)).all())


def refresh_daily(pairs: Iterable[tuple[int, date]]) -> None:
    """Recompute the aggregate of each (commodity_id, day) from the markets' prices (inactive ones too)."""
    pairs = set(pairs)
    if not pairs:
        return
    names = _market_names()
    by_day: dict[date, set[int]] = defaultdict(set)
    for commodity_id, day in pairs:
        by_day[day].add(commodity_id)
    for day, commodity_ids in by_day.items():
        found: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for commodity_id, market_id, price in db.session.execute(
                select(Price.commodity_id, Price.market_id, Price.price)
                .where(Price.day == day, Price.commodity_id.in_(commodity_ids))):
            found[commodity_id].append((market_id, price))
        rows = {d.commodity_id: d for d in db.session.execute(
            select(DailyPrice).where(DailyPrice.day == day, DailyPrice.commodity_id.in_(commodity_ids))).scalars()}
        for commodity_id in commodity_ids:
            row = rows.get(commodity_id)
            if not found.get(commodity_id):
                if row is not None:
                    db.session.delete(row)
                continue
            values = _aggregate(found[commodity_id], names)
            if row is None:
                db.session.add(DailyPrice(commodity_id=commodity_id, day=day, **values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)
    db.session.flush()


def rebuild_daily(start: date | None = None, end: date | None = None, batch: int = 5000) -> int:
    """Recompute every aggregate between `start` and `end` in one pass over the prices (demo, bench, repair).

    Reads prices ordered by (day, commodity) and writes aggregates in bulk; returns how many it wrote.
    """
    names = _market_names()
    where = []
    if start:
        where.append(Price.day >= start)
    if end:
        where.append(Price.day <= end)
    db.session.execute(delete(DailyPrice).where(*[c for c in (
        DailyPrice.day >= start if start else None, DailyPrice.day <= end if end else None) if c is not None]))
    region_id = g.region.id
    stream = db.session.execute(
        select(Price.day, Price.commodity_id, Price.market_id, Price.price).where(*where)
        .order_by(Price.day, Price.commodity_id).execution_options(yield_per=batch))
    pending, written = [], 0
    key, bucket = None, []

    def flush_bucket():
        nonlocal written
        if bucket:
            pending.append({"region_id": region_id, "day": key[0], "commodity_id": key[1],
                            **_aggregate(bucket, names)})
            written += 1

    for day, commodity_id, market_id, price in stream:
        if (day, commodity_id) != key:
            flush_bucket()
            key, bucket = (day, commodity_id), []
            if len(pending) >= batch:
                db.session.execute(DailyPrice.__table__.insert(), pending)
                pending = []
        bucket.append((market_id, price))
    flush_bucket()
    if pending:
        db.session.execute(DailyPrice.__table__.insert(), pending)
    db.session.flush()
    return written


# ------------------------------------------------------------------------------------------- boards

@dataclass(frozen=True)
class Change:
    """A change from `before` (on `since`) to a current price."""

    amount: int
    percent: Decimal
    since: date
    before: int

    @property
    def direction(self) -> str:
        return "up" if self.amount > 0 else "down" if self.amount < 0 else "same"


def change(current: int, before: int | None, since: date | None) -> Change | None:
    if before is None or since is None or before <= 0:
        return None
    amount = current - before
    percent = (Decimal(amount) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Change(amount=amount, percent=percent, since=since, before=before)


def _point_on_or_before(series: list[tuple[date, int]], day: date, earliest: date):
    """The latest (day, price) in a day-sorted series with earliest <= d <= day, or (None, None)."""
    for when, price in reversed(series):
        if when <= day:
            return (when, price) if when >= earliest else (None, None)
    return None, None


def compare(series: list[tuple[date, int]], day: date):
    """(current_day, price, vs previous day, vs 7 days ago) for one commodity's day-sorted series."""
    when, price = _point_on_or_before(series, day, day - timedelta(days=STALE_DAYS))
    if when is None:
        return None, None, None, None
    prev_day, prev = _point_on_or_before(series, when - timedelta(days=1), when - timedelta(days=PREVIOUS_WINDOW))
    week_at = when - timedelta(days=7)
    week_day, week = _point_on_or_before(series, week_at, week_at - timedelta(days=WEEK_WINDOW))
    return when, price, change(price, prev, prev_day), change(price, week, week_day)


@dataclass
class BoardRow:
    commodity: Commodity
    day: date | None = None  # the day of `price` (may be before the board's day)
    price: int | None = None
    previous: Change | None = None
    week: Change | None = None
    low: int | None = None
    high: int | None = None
    markets: int | None = None
    cheapest: Market | None = None
    reference: ReferencePrice | None = None

    @property
    def above_reference(self) -> bool:
        return self.price is not None and self.reference is not None and self.price > self.reference.price

    board_day: date | None = field(default=None, repr=False)

    @property
    def stale(self) -> bool:
        """True when the price shown is from an earlier day than the board's (the market had no data)."""
        return self.price is not None and self.board_day is not None and self.day != self.board_day


@dataclass
class Board:
    day: date | None
    market: Market | None
    rows: list[BoardRow]

    def groups(self) -> list[tuple[str, list[BoardRow]]]:
        return grouped(self.rows)

    @property
    def has_prices(self) -> bool:
        return any(r.price is not None for r in self.rows)


def latest_day(market: Market | None = None, on_or_before: date | None = None) -> date | None:
    """The most recent day with any price (at `market`, or region-wide) not after `on_or_before`/today.

    Taken as the largest of each commodity's latest day, each found through a unique key
    ((region, commodity, day) of the aggregates, (market, commodity, day) of the prices), so it costs the same
    with ten years of history as with one week (bench/harga.py: under 3 ms at a million rows, where a plain
    MAX over the region read every row of a market that has none).
    """
    limit = on_or_before or region_today()
    if market is None:
        inner = select(DailyPrice.day).where(DailyPrice.commodity_id == Commodity.id, DailyPrice.day <= limit)
    else:
        # Core columns: no automatic region term, so SQLite keeps the (market, commodity, day) key.
        # `market` already belongs to the current region, so nothing of another region can match.
        columns = Price.__table__.c
        inner = select(columns.day).where(columns.market_id == market.id, columns.commodity_id == Commodity.id,
                                          columns.day <= limit)
    inner = inner.order_by(inner.selected_columns[0].desc()).limit(1).correlate(Commodity).scalar_subquery()
    return db.session.execute(select(func.max(inner)).select_from(Commodity)).scalar()


def board(day: date | None = None, market: Market | None = None,
          commodities: list[Commodity] | None = None) -> Board:
    """Every tracked commodity's price on `day` (default: the latest day with prices), region-wide or at one
    market, with its changes, cheapest market and applicable HET/HAP. Reads at most three weeks of rows."""
    commodities = tracked_commodities() if commodities is None else commodities
    if day is None:
        day = latest_day(market)
    if day is None or not commodities:
        return Board(day=day, market=market, rows=[BoardRow(c) for c in commodities])
    ids = [c.id for c in commodities]
    since = day - timedelta(days=STALE_DAYS + 7 + WEEK_WINDOW)
    series: dict[int, list[tuple[date, int]]] = defaultdict(list)
    # (commodity_id, day) -> [low, high, markets, cheapest_market_id] of the region-wide aggregates. Plain
    # columns, not DailyPrice objects: a board reads some 500 rows and shows one per commodity.
    extra: dict[tuple[int, date], list] = {}
    if market is None:
        for commodity_id, when, median, *rest in db.session.execute(select(
                DailyPrice.commodity_id, DailyPrice.day, DailyPrice.median, DailyPrice.low, DailyPrice.high,
                DailyPrice.markets, DailyPrice.cheapest_market_id).where(
                DailyPrice.commodity_id.in_(ids), DailyPrice.day >= since, DailyPrice.day <= day)
                .order_by(DailyPrice.day)):
            series[commodity_id].append((when, median))
            extra[(commodity_id, when)] = rest
    else:
        for commodity_id, when, price in db.session.execute(select(Price.commodity_id, Price.day, Price.price).where(
                Price.market_id == market.id, Price.commodity_id.in_(ids), Price.day >= since, Price.day <= day)
                .order_by(Price.day)):
            series[commodity_id].append((when, price))
    references = references_on(day, ids)
    rows, cheapest = [], {}
    for commodity in commodities:
        when, price, previous, week = compare(series.get(commodity.id, []), day)
        row = BoardRow(commodity, day=when, price=price, previous=previous, week=week,
                       reference=references.get(commodity.id), board_day=day)
        daily = extra.get((commodity.id, when)) if when else None
        if daily is not None:
            row.low, row.high, row.markets, cheapest[commodity.id] = daily
        rows.append(row)
    markets = markets_by_id(set(cheapest.values()) - {None})
    for row in rows:
        row.cheapest = markets.get(cheapest.get(row.commodity.id))
    return Board(day=day, market=market, rows=rows)


def markets_by_id(ids: set[int]) -> dict[int, Market]:
    """The markets with these ids (inactive ones too), in one query."""
    if not ids:
        return {}
    return {m.id: m for m in db.session.execute(select(Market).where(Market.id.in_(ids))).scalars()}


def history(commodity: Commodity, days: int, end: date | None = None) -> list:
    """The region-wide daily aggregates of `commodity` over the `days` days ending at `end` (default today),
    as rows of `day`, `median` and `markets` (plain columns: a year is 365 rows)."""
    end = end or region_today()
    return list(db.session.execute(select(DailyPrice.day, DailyPrice.median, DailyPrice.markets).where(
        DailyPrice.commodity_id == commodity.id, DailyPrice.day > end - timedelta(days=days),
        DailyPrice.day <= end).order_by(DailyPrice.day)))


def market_prices(commodity: Commodity, day: date) -> list[tuple[Market, int, date]]:
    """Each active market's latest price for `commodity` within `STALE_DAYS` before `day`, cheapest first."""
    latest = (select(Price.market_id, func.max(Price.day).label("day"))
              .where(Price.commodity_id == commodity.id, Price.day <= day,
                     Price.day >= day - timedelta(days=STALE_DAYS))
              .group_by(Price.market_id).subquery())
    rows = db.session.execute(
        select(Market, Price.price, Price.day)
        .join(Price, Price.market_id == Market.id)
        .join(latest, (Price.market_id == latest.c.market_id) & (Price.day == latest.c.day))
        .where(Price.commodity_id == commodity.id, Market.active.is_(True))).all()
    return sorted(((m, p, d) for m, p, d in rows), key=lambda r: (r[1], r[0].name))


# --------------------------------------------------------------------------------------- references

def region_zone() -> str | None:
    return ((g.region.settings or {}).get("harga") or {}).get("zone") or None


def references_on(day: date, commodity_ids: list[int]) -> dict[int, ReferencePrice]:
    """The HET/HAP that applies on `day` to each commodity: the region's zone before zone-less rows, then the
    most recent `valid_from`; an HET wins over an HAP from the same date."""
    if not commodity_ids:
        return {}
    zone = region_zone()
    rows = db.session.execute(select(ReferencePrice).where(
        ReferencePrice.commodity_id.in_(commodity_ids), ReferencePrice.valid_from <= day,
        or_(ReferencePrice.valid_until.is_(None), ReferencePrice.valid_until >= day),
        or_(ReferencePrice.zone.is_(None), ReferencePrice.zone == "",
            *([ReferencePrice.zone == zone] if zone else []))).order_by(ReferencePrice.valid_from)).scalars()
    best: dict[int, ReferencePrice] = {}

    def rank(ref: ReferencePrice):
        return (1 if (zone and ref.zone == zone) else 0, ref.valid_from, 1 if ref.kind == "het" else 0, ref.id)

    for ref in rows:
        current = best.get(ref.commodity_id)
        if current is None or rank(ref) > rank(current):
            best[ref.commodity_id] = ref
    return best


def licence() -> tuple[str, str | None]:
    """(licence name, its URL) for the region's open price data; CC BY 4.0 unless the region chose another."""
    name = ((g.region.settings or {}).get("harga") or {}).get("licence") or DEFAULT_LICENCE
    return name, LICENCE_URLS.get(name)

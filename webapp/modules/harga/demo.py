"""Demo data for Harga Pangan: Kota Tangerang's six markets, the national commodities with their ceiling
prices (HET/HAP), and a year of daily prices that move as real ones do: a slow yearly cycle, weeks-long
swings for chillies and shallots while rice barely moves, a rise through Ramadan that peaks before Idul
Fitri (and before Idul Adha for meat), markets shut over Idul Fitri, and the odd day an officer missed.

The year ends yesterday in the region's time, so today's form is empty for the demo price officer.
Safe to run again: markets, commodities and ceiling prices are matched by their natural keys, and prices
are only generated when the region has no demo prices yet. The caller commits (as `core.demo.seed` does).

`generate_prices` is pure (no database) and shared with `bench/harga.py`, which seeds a million rows.
"""
from __future__ import annotations

import math
import random
import zlib
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ...core.models import Area, Region, Role, RoleGrant, User
from ...extensions import db
from . import demo_data as data
from .models import Commodity, Market, Price, ReferencePrice
from .national import COMMODITIES, REFERENCES
from .prices import (active_markets, ensure_national_commodities, rebuild_daily, region_today,
                     tracked_commodities)

DEMO_SOURCE = "demo"
DAYS = 365
SEED = 7  # a sample whose 2026 Ramadan shows clearly in every commodity it moves
BATCH = 5000
MAX_STEP = 0.25  # a market's price never moves more than this from its last report (the form asks above 30 %)


def seed_demo(region: Region, today: date | None = None, days: int = DAYS) -> None:
    """Add the Harga demo to `region` (inside its region_context), creating only what is missing."""
    ensure_markets()
    ensure_national_commodities()
    ensure_references()
    db.session.flush()
    already = db.session.execute(select(Price.id).where(Price.source == DEMO_SOURCE).limit(1)).first()
    if already is None:
        seed_prices(region, today or region_today(), days)


def ensure_markets() -> list[Market]:
    """The demo markets the region lacks (matched by slug), each in its kecamatan when the region has it."""
    have = set(db.session.execute(select(Market.slug)).scalars())
    kecamatan = {a.name.lower(): a for a in db.session.execute(
        select(Area).where(Area.level == "kecamatan")).scalars()}
    added = []
    for position, (slug, name, address, district, _offset) in enumerate(data.MARKETS):
        if slug in have:
            continue
        area = kecamatan.get(district.lower())
        market = Market(slug=slug, name=name, address=address, position=position,
                        kecamatan_id=area.id if area else None)
        db.session.add(market)
        added.append(market)
    if added:
        db.session.flush()
    return added


def ensure_references() -> int:
    """The national HET/HAP list as the region's reference prices (for every zone); returns how many it added."""
    commodities = {c.national_code: c for c in db.session.execute(select(Commodity)).scalars() if c.national_code}
    have = {(r.commodity_id, r.kind, r.valid_from) for r in db.session.execute(select(ReferencePrice)).scalars()}
    added = 0
    for code, kind, price, valid_from, source in REFERENCES:
        commodity = commodities.get(code)
        start = date.fromisoformat(valid_from)
        if commodity is None or (commodity.id, kind, start) in have:
            continue
        db.session.add(ReferencePrice(commodity_id=commodity.id, kind=kind, zone=None, price=price,
                                      valid_from=start, source=source))
        have.add((commodity.id, kind, start))
        added += 1
    return added


def market_offset(slug: str) -> float:
    """How much dearer (or cheaper) a market is than the city: the demo table, or a stable ±3 % from its slug."""
    for known, _name, _address, _district, offset in data.MARKETS:
        if known == slug:
            return offset
    return (zlib.crc32(slug.encode()) % 61 - 30) / 1000


def seed_prices(region: Region, today: date, days: int = DAYS) -> int:
    """`days` days of prices ending yesterday for every tracked national commodity at every active market.

    Days a market already has a price for are left alone. Returns how many prices it wrote.
    """
    start, end = today - timedelta(days=days), today - timedelta(days=1)
    markets = [(m.id, market_offset(m.slug)) for m in active_markets()]
    commodities = [(c.id, c.national_code) for c in tracked_commodities() if c.national_code in COMMODITIES]
    if not markets or not commodities:
        return 0
    taken = {tuple(row) for row in db.session.execute(select(Price.market_id, Price.commodity_id, Price.day)
                                                      .where(Price.day >= start, Price.day <= end))}
    officer = _price_officer(region)
    rows = (row for row in price_rows(region, generate_prices(markets, commodities, end, days), officer)
            if (row["market_id"], row["commodity_id"], row["day"]) not in taken)
    written = insert_prices(rows)
    rebuild_daily(start, end)
    return written


def _price_officer(region: Region) -> int | None:
    """The region's first price officer (the demo's harga@ account), who is shown as having entered the prices."""
    return db.session.execute(
        select(User.id).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.PRICE_OFFICER, RoleGrant.region_id == region.id)
        .order_by(User.id).limit(1)).scalar_one_or_none()


def price_rows(region: Region, prices: Iterable[tuple[date, int, int, int]], entered_by_id: int | None = None,
               source: str = DEMO_SOURCE) -> Iterator[dict]:
    """Rows for a core insert into `harga_price`, entered at 09:00 region time on their day."""
    tz = ZoneInfo(region.timezone)
    stamp_day, stamp = None, None
    for day, market_id, commodity_id, price in prices:
        if day != stamp_day:
            stamp_day = day
            stamp = datetime.combine(day, time(9, 0), tzinfo=tz).astimezone(timezone.utc)
        yield {"region_id": region.id, "market_id": market_id, "commodity_id": commodity_id, "day": day,
               "price": price, "entered_by_id": entered_by_id, "entered_at": stamp, "source": source}


def insert_prices(rows: Iterable[dict], batch: int = BATCH) -> int:
    """Insert price rows in batches of `batch` with one executemany each (no ORM objects); returns the count."""
    written, pending = 0, []
    table = Price.__table__
    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            db.session.execute(table.insert(), pending)
            written += len(pending)
            pending = []
    if pending:
        db.session.execute(table.insert(), pending)
        written += len(pending)
    return written


# ------------------------------------------------------------------------------------ the price model

def closed_days() -> set[date]:
    """Days every market is shut: Idul Fitri, its second day and the day after."""
    return {fitri + timedelta(days=n) for _start, fitri in data.RAMADAN
            for n in range(data.CLOSED_AFTER_IDUL_FITRI)}


def ramadan_factor(day: date) -> float:
    """0 outside the season; rises slowly from a week before Ramadan, steeply over its last two weeks to 1
    on the eve of Idul Fitri, and falls back over the weeks after."""
    for start, fitri in data.RAMADAN:
        before = (fitri - day).days  # 1 on the last day of Ramadan
        lead = (fitri - start).days + 7
        if 14 < before <= lead:
            return 0.35 * (lead - before) / (lead - 14)
        if 0 < before <= 14:
            return 0.35 + 0.65 * (15 - before) / 14
        after = (day - fitri).days
        if 0 <= after < 35:
            return math.exp(-after / 6)
    return 0.0


def idul_adha_factor(day: date) -> float:
    """0 outside the season; 1 on Idul Adha after two weeks of rising demand for meat, then falling back."""
    for adha in data.IDUL_ADHA:
        before = (adha - day).days
        if 0 < before <= 14:
            return (15 - before) / 15
        if 0 <= -before < 21:
            return math.exp(before / 4)
    return 0.0


def round_price(value: float) -> int:
    """To the nearest Rp 500, or Rp 100 under Rp 20,000, as market staff report prices (halves up)."""
    step = 500 if value >= 20_000 else 100
    return max(step, int((value + step / 2) // step) * step)


class _Track:
    """One commodity's region-wide movement: the yearly cycle, weeks-long swings and a shared random walk."""

    def __init__(self, code: str, rng: random.Random):
        national = COMMODITIES.get(code)
        self.typical = national.typical if national else 20_000
        self.swing, self.season, peak_month, self.walk = data.MOVEMENT.get(code, data.DEFAULT_MOVEMENT)
        self.peak_day = (peak_month - 1) * 30.4 + 15
        self.ramadan = data.RAMADAN_PEAK.get(code, 0.0)
        self.adha = data.IDUL_ADHA_PEAK.get(code, 0.0)
        weights = [rng.uniform(0.5, 1.0) for _ in range(3)]
        total = sum(weights)
        # (amplitude, period in days, phase): their sum never exceeds `swing`
        self.waves = [(self.swing * w / total, rng.uniform(21, 75), rng.uniform(0, 2 * math.pi)) for w in weights]
        self.x = rng.gauss(0, self.walk)

    def step(self, rng: random.Random, phi: float = 0.9) -> None:
        self.x = phi * self.x + rng.gauss(0, self.walk * math.sqrt(1 - phi * phi))

    def level(self, day: date, ordinal: int, ramadan: float, adha: float) -> float:
        season = self.season * math.cos(2 * math.pi * (day.timetuple().tm_yday - self.peak_day) / 365.25)
        swing = sum(a * math.sin(2 * math.pi * ordinal / period + phase) for a, period, phase in self.waves)
        return (1 + season + swing + self.x) * (1 + self.ramadan * ramadan) * (1 + self.adha * adha)


def generate_prices(markets: Sequence[tuple[int, float]], commodities: Sequence[tuple[int, str]], end: date,
                    days: int, seed: int = SEED, gaps: bool = True) -> Iterator[tuple[date, int, int, int]]:
    """(day, market_id, commodity_id, price) for the `days` days ending on `end`, day by day.

    markets: [(id, price offset such as 0.02)]; commodities: [(id, national code)]. Reproducible for a seed.
    With `gaps`, nothing on Idul Fitri closures and about 2 % of entries missing at random.
    """
    rng = random.Random(seed)
    tracks = {cid: _Track(code, rng) for cid, code in commodities}
    # each market's own small, mean-reverting deviation per commodity around a fixed offset (within ±3 %):
    # half the market's general level, the rest its own supplier for that commodity
    own = {(mid, cid): [offset / 2 + rng.uniform(-0.02, 0.02), 0.0, tracks[cid].walk / 2 + 0.002]
           for mid, offset in markets for cid, _code in commodities}
    last: dict[tuple[int, int], int] = {}
    closed = closed_days() if gaps else set()
    start = end - timedelta(days=days - 1)
    for n in range(days):
        day = start + timedelta(days=n)
        ordinal, ramadan, adha = day.toordinal(), ramadan_factor(day), idul_adha_factor(day)
        levels = {}
        for cid, track in tracks.items():
            track.step(rng)
            levels[cid] = track.level(day, ordinal, ramadan, adha)
        is_closed = day in closed
        for mid, _offset in markets:
            missed_day = gaps and rng.random() < data.MISSED_DAY
            for cid, track in tracks.items():
                state = own[(mid, cid)]
                state[1] = 0.8 * state[1] + rng.gauss(0, state[2] * 0.6)
                if is_closed or missed_day or (gaps and rng.random() < data.MISSED_ENTRY):
                    continue
                value = track.typical * levels[cid] * (1 + state[0] + state[1])
                previous = last.get((mid, cid))
                if previous is not None:
                    value = min(max(value, previous * (1 - MAX_STEP)), previous * (1 + MAX_STEP))
                price = round_price(value)
                last[(mid, cid)] = price
                yield day, mid, cid, price

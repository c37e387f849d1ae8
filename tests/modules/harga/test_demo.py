"""The Harga demo: Kota Tangerang's six markets, the national ceiling prices, and a year of daily prices
that look like a real market year (Ramadan peaks, closed markets on Idul Fitri, calm rice, wild chillies)
ending yesterday, so today's form stays empty; seeding twice adds nothing."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from statistics import median

import pytest
from sqlalchemy import func, select

from webapp.core import demo as core_demo
from webapp.core.models import Region, User
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.harga import demo
from webapp.modules.harga.demo_data import MARKETS
from webapp.modules.harga.models import DailyPrice, Market, Price, ReferencePrice
from webapp.modules.harga.national import ORDER, REFERENCES
from webapp.modules.harga.prices import check_price, needs_confirmation, region_today

TODAY = date(2026, 11, 29)  # the year seeded runs from 29 Nov 2025 to 28 Nov 2026
RAMADAN_LAST_WEEK = (date(2026, 3, 13), date(2026, 3, 19))  # Ramadan 1447 H: 18 Feb - 19 Mar 2026
MONTH_BEFORE_RAMADAN = (date(2026, 1, 12), date(2026, 1, 25))
IDUL_FITRI_CLOSED = [date(2026, 3, 20), date(2026, 3, 21), date(2026, 3, 22)]


def count(model) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


@pytest.fixture(scope="module")
def year():
    """A year of generated prices for the six demo markets and the 25 national commodities (no database)."""
    markets = [(i, offset) for i, (*_rest, offset) in enumerate(MARKETS)]
    commodities = list(enumerate(ORDER))
    rows = list(demo.generate_prices(markets, commodities, TODAY - timedelta(days=1), 365, seed=demo.SEED))
    by_day: dict[str, dict[date, list[int]]] = defaultdict(lambda: defaultdict(list))
    for day, _market, commodity, price in rows:
        by_day[ORDER[commodity]][day].append(price)
    medians = {code: {day: median(prices) for day, prices in days.items()} for code, days in by_day.items()}
    return rows, medians


def window_median(series: dict[date, float], start: date, end: date) -> float:
    return median(v for d, v in series.items() if start <= d <= end)


def test_prices_rise_through_ramadan_for_meat_chicken_and_eggs(year):
    _rows, medians = year
    for code in ("daging-sapi", "daging-ayam", "telur-ayam"):
        before = window_median(medians[code], *MONTH_BEFORE_RAMADAN)
        peak = window_median(medians[code], *RAMADAN_LAST_WEEK)
        assert peak > before * 1.05, code


def test_markets_are_shut_over_idul_fitri_and_some_entries_are_missing(year):
    rows, _medians = year
    days = {day for day, *_ in rows}
    assert not days & set(IDUL_FITRI_CLOSED)
    assert date(2026, 3, 19) in days and date(2026, 3, 23) in days
    open_days = len(days)
    full = open_days * len(MARKETS) * len(ORDER)
    assert 0.96 * full < len(rows) < 0.995 * full  # about 2 % missing at random


def test_rice_barely_moves_while_chillies_swing(year):
    _rows, medians = year
    rice = [medians["beras-medium"][d] for d in sorted(medians["beras-medium"])]
    assert all(abs(b / a - 1) <= 0.30 for a, b in zip(rice, rice[1:]))
    assert max(rice) / min(rice) < 1.15
    chilli = medians["cabai-rawit-merah"].values()
    assert max(chilli) / min(chilli) > 1.6


def test_demo_prices_are_valid_rounded_and_never_ask_for_confirmation(year):
    rows, _medians = year
    last: dict[tuple[int, int], int] = {}
    for _day, market, commodity, price in rows:
        check_price(price)
        assert price % (500 if price >= 20_000 else 100) == 0
        assert not needs_confirmation(last.get((market, commodity)), price)
        last[(market, commodity)] = price


def test_the_same_seed_gives_the_same_prices():
    args = ([(1, 0.0), (2, 0.02)], [(5, "cabai-rawit-merah"), (6, "beras-medium")], date(2026, 5, 1), 30)
    assert list(demo.generate_prices(*args)) == list(demo.generate_prices(*args))


def test_seeding_adds_the_missing_tangerang_markets_once(harga_region, markets):
    demo.seed_demo(harga_region, today=TODAY, days=7)
    demo.seed_demo(harga_region, today=TODAY, days=7)
    db.session.commit()
    rows = {m.slug: m for m in db.session.execute(select(Market)).scalars()}
    assert set(rows) == {slug for slug, *_ in MARKETS}
    assert rows["anyar"].id == markets["anyar"].id  # the existing market kept, not duplicated
    assert rows["ramadani"].name == "Pasar Ramadani" and rows["ramadani"].address
    assert rows["ramadani"].kecamatan.name == "Tangerang"
    assert rows["jatiuwung"].kecamatan is None  # the fixture region has no Cibodas kecamatan


def test_ceiling_prices_are_loaded_once(harga_region, commodities):
    demo.seed_demo(harga_region, today=TODAY, days=3)
    demo.seed_demo(harga_region, today=TODAY, days=3)
    refs = list(db.session.execute(select(ReferencePrice)).scalars())
    assert len(refs) == len(REFERENCES)
    medium = sorted((r.valid_from, r.price, r.kind) for r in refs if r.commodity_id == commodities["beras-medium"].id)
    assert medium[-1] == (date(2024, 9, 1), 12_500, "het")


def test_seeding_twice_adds_no_prices_and_keeps_prices_already_entered(harga_region, put_prices):
    yesterday = TODAY - timedelta(days=1)
    put_prices(yesterday, {"anyar": {"beras-medium": 14_000}})
    demo.seed_demo(harga_region, today=TODAY, days=10)
    first = count(Price), count(DailyPrice)
    assert first[0] > 6 * 25 * 8  # the demo's ten days (the markets missing a few), and the price entered
    demo.seed_demo(harga_region, today=TODAY, days=10)
    assert (count(Price), count(DailyPrice)) == first
    kept = db.session.execute(select(Price).where(Price.source == "test")).scalar_one()
    assert kept.price == 14_000 and kept.day == yesterday


def test_a_year_of_prices_ends_yesterday_with_aggregates_for_every_day(harga_region):
    demo.seed_demo(harga_region, today=TODAY)
    db.session.commit()
    first, last, n = db.session.execute(
        select(func.min(Price.day), func.max(Price.day), func.count(Price.id))).one()
    assert (first, last) == (TODAY - timedelta(days=365), TODAY - timedelta(days=1))
    assert 50_000 < n < 6 * 25 * 365
    # today is left for the demo officer to fill in
    assert db.session.execute(select(Price.id).where(Price.day == TODAY)).first() is None
    assert db.session.execute(select(Price.id).where(Price.day.in_(IDUL_FITRI_CLOSED))).first() is None
    assert db.session.execute(select(Price.id).where(Price.source != "demo")).first() is None
    pairs = {tuple(r) for r in db.session.execute(select(Price.commodity_id, Price.day).distinct())}
    daily = {tuple(r) for r in db.session.execute(select(DailyPrice.commodity_id, DailyPrice.day))}
    assert pairs == daily
    markets = db.session.execute(select(func.max(DailyPrice.markets))).scalar_one()
    assert markets == len(MARKETS)


def test_seed_demo_gives_the_demo_region_markets_and_a_year_of_prices(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/"):
        core_demo.seed(password="demo-sandi-123")
        db.session.commit()
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        assert region.module_enabled("harga")
        with region_context(region):
            assert count(Market) == len(MARKETS)
            assert all(m.kecamatan is not None for m in db.session.execute(select(Market)).scalars())
            first, last = db.session.execute(select(func.min(Price.day), func.max(Price.day))).one()
            assert (last - first).days == 364 and last < region_today()
            officer = db.session.execute(select(User).where(User.email == "harga@demo.serambi.id")).scalar_one()
            assert {p.entered_by_id for p in db.session.execute(select(Price).limit(5)).scalars()} == {officer.id}

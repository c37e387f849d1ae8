"""The arithmetic the public pages stand on: parsing, medians, changes across missing days, HET/HAP,
the daily aggregate kept in step with every write, and the audit trail of corrections."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.modules.harga.models import DailyPrice, Price, PriceChange, ReferencePrice
from webapp.modules.harga.prices import (PriceError, board, change, compare, median_of, needs_confirmation,
                                         parse_price, rebuild_daily, references_on, save_day)

D = date(2026, 11, 20)


@pytest.mark.parametrize("typed, value", [
    ("15000", 15000), ("15.000", 15000), ("15,000", 15000), ("Rp 15.000", 15000), ("rp15000", 15000),
    (" 1.250.000 ", 1250000), ("", None), ("   ", None), (None, None),
])
def test_parse_price_accepts_how_people_write_rupiah(typed, value):
    assert parse_price(typed) == value


@pytest.mark.parametrize("typed", ["-5000", "0", "abc", "15.5", "15,50", "1e5", "50", "99999999", "15.00.0"])
def test_parse_price_refuses_what_is_not_a_price(typed, app):
    with app.test_request_context():
        with pytest.raises(PriceError) as error:
            parse_price(typed)
        assert str(error.value)


def test_median_is_the_middle_or_the_mean_of_the_two_middles_rounded_half_up():
    assert median_of([15000]) == 15000
    assert median_of([13000, 15000, 14000]) == 14000
    assert median_of([13000, 14001, 15000, 16000]) == 14501  # (14001 + 15000) / 2 = 14500.5
    assert median_of([100, 101]) == 101
    with pytest.raises(ValueError):
        median_of([])


def test_confirmation_is_asked_above_thirty_percent_either_way():
    assert not needs_confirmation(10000, 13000)
    assert needs_confirmation(10000, 13001)
    assert not needs_confirmation(10000, 7000)
    assert needs_confirmation(10000, 6999)
    assert not needs_confirmation(None, 50000)
    assert not needs_confirmation(10000, None)


def test_change_has_amount_percent_and_direction():
    up = change(15000, 12000, D)
    assert (up.amount, up.percent, up.direction) == (3000, Decimal("25.0"), "up")
    down = change(12000, 15000, D)
    assert (down.amount, down.percent, down.direction) == (-3000, Decimal("-20.0"), "down")
    assert change(12000, 12000, D).direction == "same"
    assert change(12000, None, None) is None


def test_compare_skips_missing_days_but_not_forever():
    series = [(D - timedelta(days=9), 10000), (D - timedelta(days=3), 11000), (D, 12100)]
    day, price, previous, week = compare(series, D)
    assert (day, price) == (D, 12100)
    assert previous.since == D - timedelta(days=3) and previous.amount == 1100  # gap of two days skipped
    assert week.since == D - timedelta(days=9) and week.before == 10000  # day -7 missing: the one before it
    # too old to compare with: more than PREVIOUS_WINDOW days back
    day, price, previous, week = compare([(D - timedelta(days=20), 9000), (D, 12000)], D)
    assert previous is None and week is None
    # nothing in the last STALE_DAYS: no price at all rather than an old one passed off as current
    assert compare([(D - timedelta(days=10), 9000)], D) == (None, None, None, None)


def test_saving_keeps_the_daily_median_and_cheapest_market_in_step(put_prices, commodities, markets):
    put_prices(D, {"anyar": {"beras-medium": 13000}, "bandeng": {"beras-medium": 14000},
                   "poris": {"beras-medium": 15500}})
    daily = db.session.execute(select(DailyPrice)).scalar_one()
    assert (daily.median, daily.low, daily.high, daily.markets) == (14000, 13000, 15500, 3)
    assert daily.cheapest_market_id == markets["anyar"].id
    put_prices(D, {"anyar": {"beras-medium": None}})  # a blank removes the price: two markets left
    db.session.refresh(daily)
    assert (daily.median, daily.markets, daily.cheapest_market_id) == (14750, 2, markets["bandeng"].id)
    put_prices(D, {"bandeng": {"beras-medium": None}, "poris": {"beras-medium": None}})
    assert db.session.execute(select(DailyPrice)).first() is None


def test_corrections_and_removals_keep_the_old_value(put_prices, markets, commodities, price_officer):
    put_prices(D, {"anyar": {"telur-ayam": 29000}})
    result = save_day(markets["anyar"], D, {commodities["telur-ayam"].id: 30000}, user=price_officer)
    assert (result.changed, result.created) == (1, 0)
    save_day(markets["anyar"], D, {commodities["telur-ayam"].id: 30000}, user=price_officer)  # no change
    save_day(markets["anyar"], D, {commodities["telur-ayam"].id: None}, user=price_officer)
    db.session.commit()
    trail = db.session.execute(select(PriceChange).order_by(PriceChange.id)).scalars().all()
    assert [(c.old_price, c.new_price, c.changed_by_id) for c in trail] == [
        (29000, 30000, price_officer.id), (30000, None, price_officer.id)]
    assert db.session.execute(select(Price)).first() is None


def test_board_shows_median_changes_cheapest_and_stale_prices(put_prices, commodities, markets):
    put_prices(D - timedelta(days=7), {"anyar": {"cabai-rawit-merah": 40000}})
    put_prices(D - timedelta(days=1), {"anyar": {"cabai-rawit-merah": 50000, "gula": 18000}})
    put_prices(D, {"anyar": {"cabai-rawit-merah": 60000}, "bandeng": {"cabai-rawit-merah": 55000},
                   "poris": {"cabai-rawit-merah": 70000}})
    rows = {r.commodity.slug: r for r in board(D).rows}
    cabai = rows["cabai-rawit-merah"]
    assert (cabai.price, cabai.day, cabai.markets, cabai.cheapest.slug) == (60000, D, 3, "bandeng")
    assert (cabai.previous.amount, cabai.previous.percent) == (10000, Decimal("20.0"))
    assert (cabai.week.amount, cabai.week.percent) == (20000, Decimal("50.0"))
    assert not cabai.stale
    assert rows["gula"].price == 18000 and rows["gula"].stale and rows["gula"].day == D - timedelta(days=1)
    assert rows["beras-medium"].price is None
    one_market = {r.commodity.slug: r for r in board(D, market=markets["poris"]).rows}
    assert one_market["cabai-rawit-merah"].price == 70000 and one_market["gula"].price is None


def test_a_market_closed_since_is_still_named_as_the_cheapest_of_its_day(put_prices, markets):
    put_prices(D, {"anyar": {"cabai-rawit-merah": 60000}, "bandeng": {"cabai-rawit-merah": 55000}})
    markets["bandeng"].active = False
    db.session.commit()
    cabai = {r.commodity.slug: r for r in board(D).rows}["cabai-rawit-merah"]
    assert (cabai.price, cabai.markets, cabai.cheapest.slug) == (57500, 2, "bandeng")
    assert {r.commodity.slug: r for r in board(D).rows}["gula"].cheapest is None


def test_the_applicable_het_is_the_newest_for_the_zone(harga_region, commodities, put_prices):
    beras = commodities["beras-medium"]
    db.session.add_all([
        ReferencePrice(commodity_id=beras.id, kind="het", price=10900, valid_from=date(2023, 3, 1)),
        ReferencePrice(commodity_id=beras.id, kind="het", price=12500, valid_from=date(2024, 9, 1)),
        ReferencePrice(commodity_id=beras.id, kind="het", price=13100, valid_from=date(2024, 9, 1), zone="2"),
        ReferencePrice(commodity_id=beras.id, kind="het", price=99999, valid_from=date(2027, 1, 1)),
    ])
    db.session.commit()
    assert references_on(date(2024, 1, 1), [beras.id])[beras.id].price == 10900
    assert references_on(D, [beras.id])[beras.id].price == 12500
    harga_region.settings = {"harga": {"zone": "2"}}
    db.session.commit()
    assert references_on(D, [beras.id])[beras.id].price == 13100
    harga_region.settings = {}
    db.session.commit()
    put_prices(D, {"anyar": {"beras-medium": 12600}})
    row = next(r for r in board(D).rows if r.commodity.id == beras.id)
    assert row.above_reference
    put_prices(D, {"anyar": {"beras-medium": 12500}})
    row = next(r for r in board(D).rows if r.commodity.id == beras.id)
    assert not row.above_reference  # at the ceiling is not above it


def test_rebuild_gives_the_same_aggregates_as_refreshing_on_write(put_prices):
    put_prices(D, {"anyar": {"gula": 18000, "garam": 11000}, "bandeng": {"gula": 17000}})
    put_prices(D - timedelta(days=1), {"poris": {"gula": 17500}})
    before = sorted((d.commodity_id, d.day, d.median, d.low, d.high, d.markets, d.cheapest_market_id)
                    for d in db.session.execute(select(DailyPrice)).scalars())
    assert rebuild_daily() == 3
    db.session.expire_all()
    after = sorted((d.commodity_id, d.day, d.median, d.low, d.high, d.markets, d.cheapest_market_id)
                   for d in db.session.execute(select(DailyPrice)).scalars())
    assert after == before

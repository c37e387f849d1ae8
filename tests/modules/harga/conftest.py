"""Shared Harga fixtures: Kota Tangerang with the module on, its national commodities, three markets,
and a helper to put prices in (with the daily aggregates refreshed as the entry form does)."""
from __future__ import annotations

from datetime import date

import pytest
from flask import g

from webapp.core.models import Area, Role
from webapp.extensions import db
from webapp.modules.harga.models import Commodity, Market
from webapp.modules.harga.prices import ensure_national_commodities, region_today, save_day


@pytest.fixture
def harga_region(make_region, app):
    """The only region (any host), with Harga on, the national commodities and three markets."""
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["harga", "kontak"])
    g.region = region
    kecamatan = Area(region_id=region.id, code="36.71.01", name="Tangerang", level="kecamatan")
    db.session.add(kecamatan)
    ensure_national_commodities()
    for position, (slug, name) in enumerate([("anyar", "Pasar Anyar"), ("bandeng", "Pasar Bandeng"),
                                             ("poris", "Pasar Poris")]):
        db.session.add(Market(slug=slug, name=name, position=position, kecamatan=kecamatan,
                              address=f"Jl. {name}"))
    db.session.commit()
    return region


@pytest.fixture
def markets(harga_region):
    from sqlalchemy import select

    return {m.slug: m for m in db.session.execute(select(Market).order_by(Market.position)).scalars()}


@pytest.fixture
def commodities(harga_region):
    from sqlalchemy import select

    return {c.slug: c for c in db.session.execute(select(Commodity)).scalars()}


@pytest.fixture
def put_prices(harga_region, markets, commodities):
    """put_prices(day, {"anyar": {"beras-medium": 13500, ...}, ...}) writes and commits, refreshing aggregates."""

    def put(day: date, by_market: dict[str, dict[str, int | None]]):
        for market_slug, values in by_market.items():
            save_day(markets[market_slug], day, {commodities[c].id: v for c, v in values.items()}, user=None,
                     source="test")
        db.session.commit()

    return put


@pytest.fixture
def price_officer(harga_region, make_user):
    return make_user(harga_region, role=Role.PRICE_OFFICER, name="Petugas Harga")


@pytest.fixture
def region_admin(harga_region, make_user):
    return make_user(harga_region, role=Role.REGION_ADMIN, name="Admin Wilayah")


@pytest.fixture
def today(harga_region):
    return region_today()


@pytest.fixture
def officer(price_officer, login):
    """The price officer, signed in."""
    login(price_officer)
    return price_officer

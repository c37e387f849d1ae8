"""Harga's byte budgets, measured as the foundation measures them (gzip level 9 of what a phone downloads):
the first visit to /harga/ stays within 30 KB in all, its HTML and render-blocking CSS within 14 KB and all
JavaScript within 16 KB; a commodity page with a year's chart (and its data table) is at most 14 KB of HTML
and CSS.

The data is realistic: all 25 national commodities priced at three markets every day for the last two weeks
with varied prices (some markets missing some days) and the national HET/HAP rules, so the board carries
changes, cheapest markets and flags; for the year's chart, a year of medium-rice prices. Run with `-s` to
see the sizes.
"""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)
from tests.budgets import KB, fetch, gz
from webapp.extensions import db
from webapp.modules.harga.models import Price, ReferencePrice
from webapp.modules.harga.national import COMMODITIES, REFERENCES
from webapp.modules.harga.prices import rebuild_daily

TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()


def add_prices(markets, commodities, days: int, only: str | None = None, seed: int = 5) -> None:
    """Prices around each commodity's typical one at every market for `days` days, about 1 in 12 missing."""
    rng = random.Random(seed)
    rows = []
    for slug, commodity in commodities.items():
        if only and slug != only or commodity.national_code not in COMMODITIES:
            continue
        typical = COMMODITIES[commodity.national_code].typical
        for market in markets.values():
            level = typical * rng.uniform(0.93, 1.08)
            for back in range(days):
                level *= rng.uniform(0.985, 1.016)
                if back and rng.random() < 1 / 12:
                    continue
                rows.append({"region_id": commodity.region_id, "market_id": market.id, "commodity_id": commodity.id,
                             "day": TODAY - timedelta(days=back), "price": int(round(level, -2)), "source": "test"})
    db.session.execute(Price.__table__.insert(), rows)
    rebuild_daily()
    db.session.commit()


@pytest.fixture
def city(harga_region, markets, commodities):
    harga_region.tagline = "Layanan publik Kota Tangerang"
    harga_region.contact_phone = "(021) 5585 000"
    harga_region.emergency_numbers = [{"label": "Pemadam kebakaran", "number": "113"},
                                      {"label": "Ambulans", "number": "118"}, {"label": "Polisi", "number": "110"}]
    for code, kind, price, valid_from, source in REFERENCES:
        db.session.add(ReferencePrice(commodity_id=commodities[code].id, kind=kind, price=price,
                                      valid_from=date.fromisoformat(valid_from), source=source))
    db.session.commit()
    return harga_region


@pytest.fixture
def first_visit(client, city, markets, commodities):
    add_prices(markets, commodities, days=15)
    html = fetch(client, "/harga/")
    assert html.count(b'<tr><th scope="row">') == 25 and b"Rp" in html
    visit = budgets.first_visit(client, "/harga/")
    assert not any("harga" in u for u in budgets.scripts_of(visit)), "the price pages need no script of their own"
    return visit


def test_commodity_page_with_a_years_chart_fits_in_one_round_trip(client, city, markets, commodities):
    add_prices(markets, commodities, days=365, only="beras-medium")
    html = fetch(client, "/harga/beras-medium?hari=365")
    path = re.search(rb'<path d="(M[^"]+)" fill="none"', html).group(1)
    assert path.count(b"L") > 300, "the chart draws the whole year"
    assert html.count(b"<tr><td>") >= 360, "and its data table lists every day"
    parts = budgets.PageParts()
    parts.feed(html.decode())
    critical = gz(html) + sum(gz(fetch(client, u)) for u in parts.stylesheets)
    print(f"\n/harga/beras-medium?hari=365: HTML + CSS {critical / KB:.1f} KB gzip ({len(html) / KB:.1f} KB raw HTML)")
    assert critical <= 14 * KB

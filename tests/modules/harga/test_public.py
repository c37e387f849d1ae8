"""What a resident sees on the public Harga pages: the region's board (median, changes in words, cheapest
market, HET flags), switching market and date with and without htmx, a commodity's history and chart, a
market's page, its poster, its plain text and WhatsApp link, and that another region's prices never show."""
from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from flask import g
from sqlalchemy import select

from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.harga.models import Commodity, Market, ReferencePrice
from webapp.modules.harga.prices import ensure_national_commodities, save_day

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}
TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()  # Kota Tangerang's today
YESTERDAY = TODAY - timedelta(days=1)
WEEK_AGO = TODAY - timedelta(days=7)


def words(response) -> str:
    """The page's text as a reader gets it: tags removed, entities decoded, spaces collapsed."""
    text = re.sub(r"<(br|/?(p|td|th|tr|li|dt|dd|div|h\d|caption|option|title))\b[^>]*>", " ", response.data.decode())
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).replace("\u00a0", " ")


@pytest.fixture
def week(put_prices):
    """Medium rice: a median of 13,600 today (up 250 on yesterday, up 600 on a week ago); sugar falls;
    eggs stay the same; shallots only have a price from three days ago."""
    put_prices(WEEK_AGO, {"anyar": {"beras-medium": 13000, "gula": 18500, "telur-ayam": 29000},
                          "bandeng": {"beras-medium": 13000}})
    put_prices(YESTERDAY, {"anyar": {"beras-medium": 13500, "gula": 18500, "telur-ayam": 29000},
                           "bandeng": {"beras-medium": 13200}})
    put_prices(TODAY - timedelta(days=3), {"poris": {"bawang-merah": 38000}})
    put_prices(TODAY, {"anyar": {"beras-medium": 14000, "gula": 18000, "telur-ayam": 29000},
                       "bandeng": {"beras-medium": 13200}, "poris": {"beras-medium": 13600}})


def add_reference(commodities, slug, kind, price):
    db.session.add(ReferencePrice(commodity_id=commodities[slug].id, kind=kind, price=price,
                                  valid_from=date(2024, 1, 1), source="Perbadan 5/2024"))
    db.session.commit()


# The board

def test_board_shows_the_median_and_both_changes_in_words(client, week):
    page = client.get("/harga/", headers=EN)
    assert page.status_code == 200
    text = words(page)
    assert "Medium rice /kg" in text
    assert "IDR 13,600 ▲ Up IDR 250 (+1.9%) ▲ Up IDR 600 (+4.6%)" in text  # median of 14,000 13,200 13,600
    assert "Sugar /kg" in text and "IDR 18,000 ▼ Down IDR 500 (−2.7%) ▼ Down IDR 500 (−2.7%)" in text
    assert "IDR 29,000 = No change = No change" in text
    assert "Latest prices, of" in text and "Today’s prices are not in yet" not in text


def test_board_names_the_cheapest_market_and_groups_commodities(client, week):
    text = words(client.get("/harga/", headers=EN))
    assert "Cheapest: Pasar Bandeng, IDR 13,200" in text
    assert text.index("Rice and grains") < text.index("Medium rice") < text.index("Meat, eggs and fish") \
        < text.index("Chicken eggs") < text.index("Sugar, salt, flour and cooking oil") < text.index("Sugar /kg")


def test_a_price_from_an_earlier_day_is_labelled_with_its_date(client, week):
    text = words(client.get("/harga/", headers=EN))
    shallots = text[text.index("Shallots /kg"):]
    assert shallots.startswith(f"Shallots /kg IDR 38,000 price of {TODAY - timedelta(days=3):%-d %b}")


def test_het_flag_only_when_the_price_is_above_it(client, week, commodities):
    add_reference(commodities, "beras-medium", "het", 12500)  # 13,600 is above
    add_reference(commodities, "gula", "hap", 18500)  # 18,000 is below
    add_reference(commodities, "telur-ayam", "het", 29000)  # equal is not above
    text = words(client.get("/harga/", headers=EN))
    assert text.count("Above HET") == 1 and "⚠ Above HET IDR 12,500" in text
    assert "Above HAP" not in text


def test_hap_flag_says_hap(client, week, commodities):
    add_reference(commodities, "gula", "hap", 17500)
    assert "Above HAP IDR 17,500" in words(client.get("/harga/", headers=EN))


def test_empty_board_says_no_prices_yet(client, harga_region):
    page = client.get("/harga/", headers=EN)
    assert page.status_code == 200
    assert "No prices have been entered yet" in words(page)
    assert b'class="prices"' not in page.data


def test_market_switch_with_a_plain_form(client, week):
    page = client.get("/harga/?pasar=anyar", headers=EN)
    text = words(page)
    assert page.status_code == 200 and "<nav" in page.data.decode()
    assert "Prices at Pasar Anyar" in text and "IDR 14,000 ▲ Up IDR 500" in text  # Anyar's own, not the median
    assert "IDR 13,600" not in text and "Cheapest:" not in text
    assert re.search(r'<option value="anyar" selected>', page.data.decode())


def test_market_switch_with_htmx_returns_only_the_board(client, week):
    page = client.get("/harga/?pasar=bandeng", headers=HTMX)
    body = page.data.decode()
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    assert "<html" not in body and "<nav" not in body and "<form" not in body
    assert 'id="board-title"' in body and "Pasar Bandeng" in body and "IDR 13,200" in words(page)


def test_the_form_works_without_javascript_and_with_htmx(client, week):
    body = client.get("/harga/", headers=EN).data.decode()
    form = re.search(r"<form[^>]*>", body).group()
    assert 'method="get"' in form and 'action="/harga/"' in form
    assert 'hx-get="/harga/"' in form and 'hx-target="#board"' in form and 'hx-push-url="true"' in form
    assert 'id="board"' in body and '<label for="pasar">' in body and '<label for="tanggal">' in body
    assert f'max="{TODAY.isoformat()}"' in body


def test_date_switch_shows_that_days_prices(client, week):
    text = words(client.get(f"/harga/?tanggal={YESTERDAY.isoformat()}", headers=EN))
    assert "Prices of" in text and "IDR 13,350 ▲ Up IDR 350 (+2.7%)" in text  # (13,500 + 13,200) / 2
    assert "IDR 13,600" not in text


@pytest.mark.parametrize("query, message", [
    ("pasar=nowhere", "There is no such market here"),
    ("tanggal=20-11-2026", "Enter the date as year-month-day"),
    ("tanggal=kemarin", "Enter the date as year-month-day"),
    ("tanggal=2026-02-30", "That date does not exist"),
    (f"tanggal={(TODAY + timedelta(days=1)).isoformat()}", "no prices for a date in the future"),
])
def test_bad_market_or_date_is_a_400_with_a_message(client, week, query, message):
    page = client.get(f"/harga/?{query}", headers=EN)
    assert page.status_code == 400
    assert message in words(page)
    assert 'class="prices"' not in page.data.decode()
    htmx = client.get(f"/harga/?{query}", headers=HTMX)
    assert htmx.status_code == 400 and message in words(htmx) and b"<html" not in htmx.data


def test_a_bad_date_comes_back_in_the_form(client, week):
    page = client.get("/harga/?tanggal=kemarin", headers=EN)
    assert 'value="kemarin"' in page.data.decode() and 'aria-invalid="true"' in page.data.decode()


def test_error_message_follows_the_chosen_language(client, week):
    page = client.get("/harga/?pasar=nowhere&tanggal=kemarin&lang=en")
    text = words(page)
    assert page.status_code == 400 and 'lang="en"' in page.data.decode()
    assert "There is no such market here. Choose one from the list." in text
    assert "Enter the date as year-month-day, for example " + TODAY.isoformat() in text


def test_board_reads_a_fixed_number_of_queries(client, week, put_prices, count_statements):
    """The board reads the daily aggregates, never every market's prices: more data, same queries."""
    client.get("/harga/")
    before = count_statements(lambda: client.get("/harga/"))
    put_prices(TODAY, {m: {"gula": 18000, "garam": 11000, "minyakita": 15700, "telur-ayam": 29500}
                       for m in ("anyar", "bandeng", "poris")})
    assert count_statements(lambda: client.get("/harga/")) == before <= 10


def test_whatsapp_link_carries_the_prices(client, week):
    body = client.get("/harga/", headers=EN).data.decode()
    link = html.unescape(re.search(r'href="(https://wa\.me/\?text=[^"]+)"', body).group(1))
    assert quote("Food prices at Kota Tangerang, ", safe="") in link
    assert quote("- Medium rice IDR\u00a013,600/kg ▲ 250\n", safe="") in link
    assert quote("Source: http://localhost/harga/", safe="") in link


# A commodity

@pytest.mark.parametrize("days", [30, 90, 365])
def test_commodity_page_has_a_chart_for_each_period(client, week, days):
    page = client.get(f"/harga/beras-medium?hari={days}", headers=EN)
    body = page.data.decode()
    assert page.status_code == 200
    assert '<svg class="chart"' in body and 'role="img"' in body
    assert f"last {days} days" in body
    assert re.search(rf'<a href="/harga/beras-medium\?hari={days}" aria-current="page">', body)
    # today is the right edge; a week ago is 7 of the period's days-1 steps to its left
    x_week = round(4 + (days - 1 - 7) * 392 / (days - 1), 1)
    assert f"{x_week:g},160L" in body and "L396,24" in body  # the week-ago low and today's high


def test_commodity_page_defaults_to_30_days(client, week):
    page = client.get("/harga/beras-medium", headers=EN)
    assert re.search(r'href="/harga/beras-medium\?hari=30" aria-current="page"', page.data.decode())


@pytest.mark.parametrize("days", ["7", "abc", "-30", "365.0"])
def test_commodity_page_rejects_other_periods(client, week, days):
    page = client.get(f"/harga/beras-medium?hari={days}", headers=EN)
    assert page.status_code == 400
    assert "Choose a period of 30, 90 or 365 days" in words(page)


def test_commodity_page_lists_each_market_and_min_max(client, week):
    page = client.get("/harga/beras-medium", headers=EN)
    text = words(page)
    table = text[text.index("Price at each market"):]
    assert table.index("Pasar Bandeng IDR 13,200") < table.index("Pasar Poris IDR 13,600") \
        < table.index("Pasar Anyar IDR 14,000")
    assert f"Lowest IDR 13,000 · {WEEK_AGO:%b} {WEEK_AGO.day}" in text
    assert f"Highest IDR 13,600 · {TODAY:%b} {TODAY.day}" in text
    assert "The daily prices as a table" in text and "IDR 13,350" in text  # the chart's data, as a table


def test_commodity_page_shows_the_current_het(client, week, commodities):
    add_reference(commodities, "beras-medium", "het", 12500)
    text = words(client.get("/harga/beras-medium", headers=EN))
    assert "Ceiling price (HET) IDR 12,500 (Perbadan 5/2024)" in text and "The price is above it" in text
    assert "HET IDR 12,500</text>" in client.get("/harga/beras-medium", headers=EN).data.decode().replace("\u00a0", " ")


def test_unknown_or_untracked_commodity_is_404(client, week, commodities):
    assert client.get("/harga/tidak-ada").status_code == 404
    commodities["gula"].tracked = False
    db.session.commit()
    assert client.get("/harga/gula").status_code == 404


def test_commodity_without_prices_says_so(client, week):
    page = client.get("/harga/garam", headers=EN)
    assert page.status_code == 200 and "No prices in the last 30 days" in words(page)
    assert "<svg class=\"chart\"" not in page.data.decode()


# A market

def test_market_page_lists_its_prices_and_offers_poster_text_and_whatsapp(client, week):
    page = client.get("/harga/pasar/anyar", headers=EN)
    body = page.data.decode()
    text = words(page)
    assert page.status_code == 200
    assert "Food prices at Pasar Anyar" in text and "IDR 14,000 ▲ Up IDR 500" in text and "IDR 18,000" in text
    assert 'href="/harga/pasar/anyar/poster"' in body and 'href="/harga/pasar/anyar/teks"' in body
    link = html.unescape(re.search(r'href="(https://wa\.me/\?text=[^"]+)"', body).group(1))
    assert quote("Food prices at Pasar Anyar", safe="") in link
    assert quote("- Sugar IDR\u00a018,000/kg ▼ 500", safe="") in link


def test_market_page_date_switch_and_bad_date(client, week):
    page = client.get(f"/harga/pasar/anyar?tanggal={YESTERDAY.isoformat()}", headers=EN)
    text = words(page)
    assert "IDR 13,500" in text and "IDR 14,000" not in text
    assert f'href="/harga/pasar/anyar/poster?tanggal={YESTERDAY.isoformat()}"' in page.data.decode()
    fragment = client.get(f"/harga/pasar/anyar?tanggal={YESTERDAY.isoformat()}", headers=HTMX)
    assert b"<html" not in fragment.data and "IDR 13,500" in words(fragment)
    bad = client.get("/harga/pasar/anyar?tanggal=2026-13-01", headers=EN)
    assert bad.status_code == 400 and "That date does not exist" in words(bad)


def test_unknown_or_closed_market_is_404(client, week, markets):
    assert client.get("/harga/pasar/tidak-ada").status_code == 404
    markets["poris"].active = False
    db.session.commit()
    assert client.get("/harga/pasar/poris").status_code == 404
    assert client.get("/harga/?pasar=poris", headers=EN).status_code == 400


def test_poster_is_a_standalone_a4_page(client, week, commodities):
    add_reference(commodities, "beras-medium", "het", 13000)
    page = client.get("/harga/pasar/anyar/poster", headers=EN)
    body = page.data.decode()
    text = words(page)
    assert page.status_code == 200
    assert "@page{size:A4" in body and "<nav" not in body and "<script" not in body
    assert "Kota Tangerang" in text and "Food prices at Pasar Anyar" in text
    assert "Medium rice /kg ⚠ Above HET IDR 13,000 IDR 14,000 ▲ Up IDR 500" in text
    assert "Source: localhost/harga" in text


def test_plain_text_summary(client, week):
    page = client.get("/harga/pasar/anyar/teks", headers=EN)
    assert page.status_code == 200 and page.mimetype == "text/plain"
    lines = page.data.decode().splitlines()
    assert lines[0].startswith("Food prices at Pasar Anyar, ")
    assert "- Medium rice IDR\u00a014,000/kg ▲ 500" in lines
    assert "- Chicken eggs IDR\u00a029,000/kg =" in lines
    assert lines[-1] == "Source: http://localhost/harga/pasar/anyar"


# Regions and modules

@pytest.fixture
def other_region(make_region, harga_region, commodities):
    """Another region with Harga on, its own market and a price that must never reach Tangerang's pages."""
    other = make_region("other", hosts=["other.test"], modules=["harga"], name="Kota Lain")
    with region_context(other):
        ensure_national_commodities()
        market = Market(slug="pasar-lain", name="Pasar Lain Sekali")
        db.session.add(market)
        db.session.flush()
        rice = db.session.execute(select(Commodity).where(Commodity.slug == "beras-medium")).scalar_one()
        save_day(market, TODAY, {rice.id: 99_900}, user=None, source="test")
        db.session.commit()
    g.region = harga_region
    return other


def test_another_regions_prices_and_markets_never_appear(client, week, other_region):
    for url in ("/harga/", "/harga/beras-medium", "/harga/pasar/anyar", "/harga/pasar/anyar/teks"):
        page = client.get(url, headers=EN)
        assert page.status_code == 200
        assert b"99,900" not in page.data and b"Pasar Lain" not in page.data, url
    assert client.get("/harga/pasar/pasar-lain").status_code == 404
    assert client.get("/harga/?pasar=pasar-lain", headers=EN).status_code == 400
    theirs = client.get("/harga/", headers=EN, base_url="http://other.test")
    assert "IDR 99,900" in words(theirs) and "Pasar Anyar" not in words(theirs)


def test_module_switched_off_is_404(client, harga_region, make_region):
    make_region("off", hosts=["off.test"], modules=["kontak"])
    for url in ("/harga/", "/harga/beras-medium", "/harga/pasar/anyar", "/harga/pasar/anyar/poster"):
        assert client.get(url, base_url="http://off.test").status_code == 404

"""The home card: today's prices of the featured commodities with their change in words, a link to all
prices, a note when there are none, and a fixed small number of queries however much data there is."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from webapp.extensions import db
from webapp.modules.harga.views_public import card_context

EN = {"Accept-Language": "en"}
TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()


def card(client) -> str:
    body = client.get("/", headers=EN).data.decode()
    section = re.search(r'<section class="card" aria-labelledby="card-harga">(.*?)</section>', body, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)).replace("\u00a0", " ")


def test_card_shows_featured_prices_with_their_change(client, put_prices):
    put_prices(TODAY - timedelta(days=1), {"anyar": {"beras-medium": 13000, "telur-ayam": 30000, "gula": 18000}})
    put_prices(TODAY, {"anyar": {"beras-medium": 13500, "telur-ayam": 29000, "gula": 19000}})
    text = card(client)
    assert "Medium rice IDR 13,500/kg ▲ Up IDR 500" in text
    assert "Chicken eggs IDR 29,000/kg ▼ Down IDR 1,000" in text
    assert "Sugar" not in text  # not featured
    assert "All prices and markets" in text
    assert 'href="/harga/"' in client.get("/", headers=EN).data.decode()


def test_card_follows_the_featured_choice(client, put_prices, commodities):
    put_prices(TODAY, {"anyar": {"beras-medium": 13500, "gula": 19000}})
    commodities["gula"].featured = True
    commodities["beras-medium"].featured = False
    db.session.commit()
    text = card(client)
    assert "Sugar IDR 19,000/kg" in text and "Medium rice" not in text


def test_card_without_prices_says_so(client, harga_region):
    assert "No prices have been entered yet" in card(client)


def test_card_reads_a_fixed_handful_of_queries(harga_region, put_prices, count_statements):
    put_prices(TODAY - timedelta(days=1), {m: {"beras-medium": 13000, "telur-ayam": 30000} for m in
                                           ("anyar", "bandeng", "poris")})
    put_prices(TODAY, {m: {"beras-medium": 13500, "telur-ayam": 29000, "minyakita": 15700} for m in
                       ("anyar", "bandeng", "poris")})
    card_context()  # the first call also loads the region row, as the request did before the card
    assert count_statements(card_context) <= 5  # commodities, latest day, aggregates, markets, HET/HAP

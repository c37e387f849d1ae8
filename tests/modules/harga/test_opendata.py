"""Open price data: CSV and JSON downloads of each market's prices or the region-wide median over a period,
with the region's licence, streamed, and never anything of another region."""
from __future__ import annotations

import csv
import html
import io
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import g
from sqlalchemy import select

from webapp.extensions import db
from webapp.modules.harga.models import Commodity, Market
from webapp.modules.harga.prices import ensure_national_commodities, region_today, save_day

EN = {"Accept-Language": "en"}


@pytest.fixture
def today(harga_region):
    return region_today()


@pytest.fixture
def priced(put_prices, today):
    """Two days of prices: yesterday at all three markets, three days ago at two."""
    yesterday, earlier = today - timedelta(days=1), today - timedelta(days=3)
    put_prices(earlier, {"anyar": {"beras-medium": 13000, "gula": 18000}, "bandeng": {"beras-medium": 13400}})
    put_prices(yesterday, {"anyar": {"beras-medium": 13500, "gula": 18200},
                           "bandeng": {"beras-medium": 14000}, "poris": {"beras-medium": 13800}})
    return yesterday, earlier


def get(client, path, **params):
    return client.get(path, query_string=params, headers=EN)


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_holds_each_markets_prices_as_entered(client, priced):
    yesterday, earlier = priced
    response = get(client, "/harga/data.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    rows = read_csv(response)
    assert list(rows[0]) == ["date", "market", "market_name", "commodity", "commodity_name", "unit", "price"]
    assert [(r["date"], r["market"], r["commodity"], r["price"]) for r in rows] == [
        (earlier.isoformat(), "anyar", "beras-medium", "13000"),
        (earlier.isoformat(), "anyar", "gula", "18000"),
        (earlier.isoformat(), "bandeng", "beras-medium", "13400"),
        (yesterday.isoformat(), "anyar", "beras-medium", "13500"),
        (yesterday.isoformat(), "anyar", "gula", "18200"),
        (yesterday.isoformat(), "bandeng", "beras-medium", "14000"),
        (yesterday.isoformat(), "poris", "beras-medium", "13800"),
    ]
    assert rows[0]["market_name"] == "Pasar Anyar"
    assert (rows[0]["commodity_name"], rows[0]["unit"]) == ("Beras Medium", "kg")


def test_a_download_names_its_region_and_period_and_carries_the_licence(client, priced, today):
    start = today - timedelta(days=10)
    response = get(client, "/harga/data.csv", dari=start.isoformat(), sampai=today.isoformat())
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="harga-tangerang-{start.isoformat()}-{today.isoformat()}.csv"'
    assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_the_json_carries_the_licence_source_and_period_before_the_rows(client, priced, today):
    yesterday, _earlier = priced
    response = get(client, "/harga/data.json", dari=yesterday.isoformat(), sampai=today.isoformat())
    assert response.status_code == 200 and response.is_streamed
    data = json.loads(response.get_data(as_text=True))
    assert (data["licence"], data["licence_url"]) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert data["source"] == "Kota Tangerang" and data["region"]["slug"] == "tangerang"
    assert (data["from"], data["to"]) == (yesterday.isoformat(), today.isoformat())
    assert data["rows"][0] == {"date": yesterday.isoformat(), "market": "anyar", "market_name": "Pasar Anyar",
                               "commodity": "beras-medium", "commodity_name": "Beras Medium", "unit": "kg",
                               "price": 13500}
    assert len(data["rows"]) == 4
    assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_an_empty_period_is_still_valid_json_and_csv(client, harga_region, today):
    data = json.loads(get(client, "/harga/data.json").get_data(as_text=True))
    assert data["rows"] == []
    assert get(client, "/harga/data.csv").get_data(as_text=True).splitlines() == [
        "date,market,market_name,commodity,commodity_name,unit,price"]


def test_the_regions_licence_choice_reaches_both_formats(client, priced, harga_region):
    harga_region.settings = {"harga": {"licence": "CC0 1.0"}}
    db.session.commit()
    data = json.loads(get(client, "/harga/data.json").get_data(as_text=True))
    assert (data["licence"], data["licence_url"]) == ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/")
    response = get(client, "/harga/data.csv")
    assert response.headers["Link"] == '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
    page = get(client, "/harga/data").get_data(as_text=True)
    assert '<a href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license">CC0 1.0</a>' in page


def test_filters_by_commodity_and_market(client, priced):
    rows = read_csv(get(client, "/harga/data.csv", komoditas="gula"))
    assert {(r["market"], r["commodity"]) for r in rows} == {("anyar", "gula")} and len(rows) == 2
    rows = read_csv(get(client, "/harga/data.csv", pasar="bandeng"))
    assert [r["price"] for r in rows] == ["13400", "14000"]
    rows = json.loads(get(client, "/harga/data.json", pasar="anyar", komoditas="beras-medium").get_data())["rows"]
    assert [r["price"] for r in rows] == [13000, 13500]


def test_the_median_dataset_has_one_row_per_commodity_and_day(client, priced):
    yesterday, earlier = priced
    rows = read_csv(get(client, "/harga/data.csv", jenis="median"))
    assert list(rows[0]) == ["date", "commodity", "commodity_name", "unit", "price", "low", "high", "markets"]
    assert [(r["date"], r["commodity"], r["price"], r["low"], r["high"], r["markets"]) for r in rows] == [
        (earlier.isoformat(), "beras-medium", "13200", "13000", "13400", "2"),  # (13000 + 13400) / 2
        (earlier.isoformat(), "gula", "18000", "18000", "18000", "1"),
        (yesterday.isoformat(), "beras-medium", "13800", "13500", "14000", "3"),
        (yesterday.isoformat(), "gula", "18200", "18200", "18200", "1"),
    ]
    data = json.loads(get(client, "/harga/data.json", jenis="median", komoditas="gula").get_data())
    assert data["kind"] == "median" and [r["price"] for r in data["rows"]] == [18000, 18200]


def test_the_default_period_is_the_last_30_days(client, put_prices, today):
    put_prices(today - timedelta(days=30), {"anyar": {"gula": 17000}})
    put_prices(today - timedelta(days=29), {"anyar": {"gula": 17100}})
    assert [r["price"] for r in read_csv(get(client, "/harga/data.csv"))] == ["17100"]


@pytest.mark.parametrize("params, message", [
    ({"dari": "kemarin"}, "Not a valid date value."),
    ({"dari": "2025-02-30"}, "Not a valid date value."),
    ({"dari": "2025-03-10", "sampai": "2025-03-01"}, "The end date must not be before the start date."),
    ({"sampai": "2999-01-01"}, "The end date cannot be after today"),
    ({"dari": "2020-03-01", "sampai": "2025-03-01"}, "Please ask for at most 5 years at a time."),
    ({"komoditas": "beras-emas"}, "There is no commodity “beras-emas” in this region's data."),
    ({"pasar": "pasar-ghaib"}, "There is no market “pasar-ghaib” in this region's data."),
    ({"pasar": "anyar", "jenis": "median"}, "The region-wide median covers every market"),
    ({"jenis": "rata-rata"}, "Not a valid choice."),
])
def test_a_bad_request_is_refused_with_the_reason(client, harga_region, params, message):
    csv_response = get(client, "/harga/data.csv", **params)
    assert csv_response.status_code == 400
    assert message in html.unescape(csv_response.get_data(as_text=True))
    json_response = get(client, "/harga/data.json", **params)
    assert json_response.status_code == 400
    assert message in json_response.get_json()["error"]["detail"]
    page = get(client, "/harga/data", format="csv", **params)
    assert page.status_code == 400
    assert message in html.unescape(page.get_data(as_text=True))


def test_five_years_exactly_is_allowed(client, harga_region):
    assert get(client, "/harga/data.csv", dari="2020-03-02", sampai="2025-03-01").status_code == 200


def test_the_page_explains_the_data_and_its_form_leads_to_the_download(client, harga_region):
    page = get(client, "/harga/data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in text
    assert "At most 5 years per download" in text and 'hx-boost="false"' in text
    response = get(client, "/harga/data", dari="2025-03-01", sampai="2025-03-31", komoditas="gula", pasar="",
                   jenis="pasar", format="json")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/harga/data.json"
    assert parse_qs(location.query) == {"dari": ["2025-03-01"], "sampai": ["2025-03-31"], "komoditas": ["gula"],
                                        "jenis": ["pasar"]}
    typed = get(client, "/harga/data", dari="2025-03-31", sampai="2025-03-01", komoditas="gula", format="csv")
    assert 'value="2025-03-31"' in typed.get_data(as_text=True)
    assert '<option selected value="gula">' in typed.get_data(as_text=True)


def test_another_regions_prices_never_appear(client, priced, make_region, markets, today):
    ours = g.region
    other = make_region("bogor", hosts=["bogor.test"], modules=["harga"])
    g.region = other
    ensure_national_commodities()
    market = Market(slug="anyar", name="Pasar Bogor")
    db.session.add(market)
    db.session.flush()
    gula = db.session.execute(select(Commodity).where(Commodity.slug == "gula")).scalar_one()
    save_day(market, today - timedelta(days=1), {gula.id: 99999}, user=None, source="test")
    db.session.commit()
    g.region = ours
    for kind in ("pasar", "median"):
        text = get(client, "/harga/data.csv", jenis=kind).get_data(as_text=True)
        assert "99999" not in text and "Pasar Bogor" not in text
        assert "99999" not in get(client, "/harga/data.json", jenis=kind).get_data(as_text=True)
    theirs = json.loads(client.get("/harga/data.json", base_url="http://bogor.test").get_data())
    assert [r["price"] for r in theirs["rows"]] == [99999] and theirs["region"]["slug"] == "bogor"

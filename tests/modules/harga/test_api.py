"""Market prices in the open-data API (/api/v1/prices, prices.csv, commodities, markets): what a client reads,
how it pages, how it revalidates, how a bad request is refused, and that another region's data never shows."""
from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date, timedelta
from email.utils import format_datetime
from functools import partial

import pytest
from flask import g
from jsonschema import Draft202012Validator
from sqlalchemy import select

from tests.api_helpers import EN, get, response_conforms
from webapp.extensions import db
from webapp.modules.harga import api
from webapp.modules.harga.models import Commodity, Market, ReferencePrice
from webapp.modules.harga.prices import ensure_national_commodities, save_day

conforms = partial(response_conforms, api)  # conforms(response, path)


@pytest.fixture
def priced(put_prices, today):
    """Yesterday at all three markets, three days ago at two."""
    yesterday, earlier = today - timedelta(days=1), today - timedelta(days=3)
    put_prices(earlier, {"anyar": {"beras-medium": 13000, "gula": 18000}, "bandeng": {"beras-medium": 13400}})
    put_prices(yesterday, {"anyar": {"beras-medium": 13500, "gula": 18200},
                           "bandeng": {"beras-medium": 14000}, "poris": {"beras-medium": 13800}})
    return yesterday, earlier


def walk(client, path, **params) -> list[dict]:
    """Every item of every page, following next_cursor (and checking `next` says the same)."""
    items, cursor, pages = [], None, 0
    while True:
        response = get(client, path, **params, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200
        body = response.get_json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            assert body["next"] is None
            return items
        assert f"cursor={cursor}" in body["next"] and body["next"].startswith("http://localhost/api/v1/")
        assert pages < 100


# ------------------------------------------------------------------------------------------- prices

def test_prices_lists_each_markets_entries_by_day_with_whole_rupiah(client, priced):
    yesterday, earlier = priced
    response = get(client, "/api/v1/prices")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["next_cursor"] is None and body["next"] is None
    rows = [(i["date"], i["market"], i["commodity"], i["price"]) for i in body["items"]]
    assert sorted(rows) == sorted([
        (earlier.isoformat(), "anyar", "beras-medium", 13000), (earlier.isoformat(), "anyar", "gula", 18000),
        (earlier.isoformat(), "bandeng", "beras-medium", 13400),
        (yesterday.isoformat(), "anyar", "beras-medium", 13500), (yesterday.isoformat(), "anyar", "gula", 18200),
        (yesterday.isoformat(), "bandeng", "beras-medium", 14000),
        (yesterday.isoformat(), "poris", "beras-medium", 13800)])
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # oldest day first
    assert body["items"][0] == {"date": earlier.isoformat(), "market": "anyar", "commodity": "beras-medium",
                                "unit": "kg", "price": 13000}
    conforms(response, "/api/v1/prices")


def test_the_median_kind_gives_one_row_per_commodity_and_day(client, priced):
    yesterday, earlier = priced
    response = get(client, "/api/v1/prices", kind="median")
    items = response.get_json()["items"]
    assert sorted((i["date"], i["commodity"], i["price"], i["low"], i["high"], i["markets"]) for i in items) == [
        (earlier.isoformat(), "beras-medium", 13200, 13000, 13400, 2),
        (earlier.isoformat(), "gula", 18000, 18000, 18000, 1),
        (yesterday.isoformat(), "beras-medium", 13800, 13500, 14000, 3),
        (yesterday.isoformat(), "gula", 18200, 18200, 18200, 1)]
    assert all("market" not in i and i["unit"] == "kg" for i in items)
    conforms(response, "/api/v1/prices")


def test_prices_filter_by_commodity_market_and_period(client, priced):
    yesterday, earlier = priced
    gula = get(client, "/api/v1/prices", commodity="gula").get_json()["items"]
    assert [(i["market"], i["price"]) for i in gula] == [("anyar", 18000), ("anyar", 18200)]
    bandeng = get(client, "/api/v1/prices", market="bandeng").get_json()["items"]
    assert [i["price"] for i in bandeng] == [13400, 14000]
    both = get(client, "/api/v1/prices", market="anyar", commodity="beras-medium").get_json()["items"]
    assert [i["price"] for i in both] == [13000, 13500]
    one_day = get(client, "/api/v1/prices", **{"from": yesterday.isoformat(), "to": yesterday.isoformat()})
    assert {i["date"] for i in one_day.get_json()["items"]} == {yesterday.isoformat()}
    up_to_earlier = get(client, "/api/v1/prices", to=earlier.isoformat(), kind="median", commodity="gula")
    assert [i["price"] for i in up_to_earlier.get_json()["items"]] == [18000]


def test_the_default_period_is_the_last_30_days_and_empty_parameters_count_as_missing(client, put_prices, today):
    put_prices(today - timedelta(days=30), {"anyar": {"gula": 17000}})
    put_prices(today - timedelta(days=29), {"anyar": {"gula": 17100}})
    assert [i["price"] for i in get(client, "/api/v1/prices").get_json()["items"]] == [17100]
    blank = get(client, "/api/v1/prices", **{"from": "", "to": " ", "commodity": "", "kind": "", "limit": ""})
    assert [i["price"] for i in blank.get_json()["items"]] == [17100]
    older = get(client, "/api/v1/prices", **{"from": (today - timedelta(days=30)).isoformat()})
    assert [i["price"] for i in older.get_json()["items"]] == [17000, 17100]


def test_five_years_exactly_is_allowed(client, harga_region, today):
    start = today.replace(year=today.year - 5) + timedelta(days=1) if not (today.month == 2 and today.day == 29) \
        else date(today.year - 5, 3, 1)
    assert get(client, "/api/v1/prices", **{"from": start.isoformat()}).status_code == 200


@pytest.fixture
def many(put_prices, today):
    """Nine rows on each of three days (three markets by three commodities): many rows share a date."""
    values = {"beras-medium": 13000, "gula": 18000, "minyakita": 15700}
    for back in (1, 2, 5):
        put_prices(today - timedelta(days=back),
                   {m: {c: v + 100 * back + 10 * n for c, v in values.items()}
                    for n, m in enumerate(("anyar", "bandeng", "poris"))})


@pytest.mark.parametrize("limit", [1, 2, 4, 9, 26])
def test_walking_the_pages_gives_every_row_once(client, many, limit):
    everything = get(client, "/api/v1/prices", limit=1000).get_json()["items"]
    assert len(everything) == 27
    walked = walk(client, "/api/v1/prices", limit=limit)
    assert walked == everything
    assert len({json.dumps(i, sort_keys=True) for i in walked}) == 27


def test_walking_the_median_pages_gives_every_row_once(client, many):
    everything = get(client, "/api/v1/prices", kind="median").get_json()["items"]
    assert len(everything) == 9
    assert walk(client, "/api/v1/prices", kind="median", limit=2) == everything


def test_a_page_is_at_most_limit_rows_and_says_where_the_next_begins(client, many):
    body = get(client, "/api/v1/prices", limit=4).get_json()
    assert len(body["items"]) == 4 and body["next_cursor"]
    assert get(client, "/api/v1/prices").get_json()["next_cursor"] is None  # 27 rows fit the default of 100


def test_prices_accept_up_to_1000_rows_a_page(client, harga_region):
    assert get(client, "/api/v1/prices", limit=1000).status_code == 200
    response = get(client, "/api/v1/prices", limit=1001)
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "limit"
    assert "1000" in response.get_json()["error"]["detail"]


# -------------------------------------------------------------------------------------- bad requests

@pytest.fixture
def days(today):
    return {"tomorrow": (today + timedelta(days=1)).isoformat(), "today": today.isoformat(),
            "yesterday": (today - timedelta(days=1)).isoformat(),
            "six_years": (today - timedelta(days=6 * 366)).isoformat()}


@pytest.mark.parametrize("params, parameter, words", [
    ({"from": "2026-02-30"}, "from", "YYYY-MM-DD"),
    ({"from": "kemarin"}, "from", "YYYY-MM-DD"),
    ({"to": "tomorrow"}, "to", "after today"),
    ({"from": "tomorrow"}, "from", "after today"),
    ({"from": "today", "to": "yesterday"}, "to", "before the start"),
    ({"from": "six_years"}, "from", "5 years"),
    ({"to": "0001-01-03"}, None, None),  # far back is fine: nothing there
    ({"from": "0001-01-01", "to": "0001-01-01"}, None, None),
    ({"kind": "pasar"}, "kind", "market, median"),
    ({"commodity": "rendang"}, "commodity", "“rendang”"),
    ({"commodity": "b" * 5000}, "commodity", "There is no commodity"),
    ({"commodity": "béras\u200b"}, "commodity", "There is no commodity"),
    ({"commodity": "beras\x00medium"}, "commodity", "There is no commodity"),
    ({"market": "pasar-baru"}, "market", "“pasar-baru”"),
    ({"market": "anyar", "kind": "median"}, "market", "median"),
    ({"limit": "abc"}, "limit", "1 to 1000"),
    ({"limit": "0"}, "limit", "1 to 1000"),
    ({"limit": "-5"}, "limit", "1 to 1000"),
    ({"limit": "9" * 40}, "limit", "1 to 1000"),
    ({"cursor": "%%%"}, "cursor", "next_cursor"),
    ({"cursor": "WzEsMl0"}, "cursor", "next_cursor"),  # [1, 2]: not a date
    ({"cursor": base64.urlsafe_b64encode(b'["2026-01-01", 99999999999999999999999]').decode()}, "cursor", "cursor"),
    ({"cursor": base64.urlsafe_b64encode(b'["2026-02-30", 1]').decode()}, "cursor", "cursor"),
    ({"cursor": base64.urlsafe_b64encode(b'["2026-01-01", true]').decode()}, "cursor", "cursor"),
    ({"cursor": base64.urlsafe_b64encode(b'{"a": 1}').decode()}, "cursor", "cursor"),
])
def test_a_bad_parameter_is_a_400_that_names_it(client, harga_region, days, params, parameter, words):
    params = {k: days.get(v, v) for k, v in params.items()}
    for path in ("/api/v1/prices", "/api/v1/prices.csv"):
        if path.endswith(".csv") and parameter in ("limit", "cursor"):
            continue  # the CSV is not paged: it ignores both
        response = get(client, path, **params)
        if parameter is None:
            assert response.status_code == 200
            continue
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        error = response.get_json()["error"]
        assert error["code"] == 400 and error["parameter"] == parameter
        assert words in error["detail"]


def test_the_reason_is_in_the_readers_language(client, harga_region):
    response = client.get("/api/v1/prices", query_string={"commodity": "rendang"}, headers={"Accept-Language": "id"})
    assert response.status_code == 400
    assert response.get_json()["error"]["detail"] == "Tidak ada komoditas “rendang” dalam data daerah ini."


# ------------------------------------------------------------------------------------------- caching

def test_a_repeat_with_the_etag_or_the_date_gets_a_304(client, priced):
    first = get(client, "/api/v1/prices")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = get(client, "/api/v1/prices", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = get(client, "/api/v1/prices", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    before = first.last_modified - timedelta(seconds=1)
    assert get(client, "/api/v1/prices", headers={"If-Modified-Since": format_datetime(before, usegmt=True)}
               ).status_code == 200


def test_a_correction_or_removal_moves_last_modified_and_the_etag(client, priced, put_prices):
    yesterday, _earlier = priced
    first = get(client, "/api/v1/prices", kind="median")
    put_prices(yesterday, {"poris": {"beras-medium": None}})  # removed: the median changes
    second = get(client, "/api/v1/prices", kind="median")
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified >= first.last_modified
    assert get(client, "/api/v1/prices", kind="median",
               headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_an_empty_page_has_no_last_modified(client, harga_region):
    response = get(client, "/api/v1/prices")
    assert response.get_json() == {"items": [], "next_cursor": None, "next": None}
    assert "Last-Modified" not in response.headers and response.headers["ETag"]


# ----------------------------------------------------------------------------------------------- CSV

def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_holds_the_whole_period_unpaged(client, put_prices, today):
    for back in range(40):
        put_prices(today - timedelta(days=back), {m: {"beras-medium": 13000 + back, "gula": 18000 + back}
                                                   for m in ("anyar", "bandeng", "poris")})
    start = (today - timedelta(days=39)).isoformat()
    response = get(client, "/api/v1/prices.csv", **{"from": start})
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    rows = read_csv(response)
    assert len(rows) == 240  # more than a JSON page holds by default
    assert list(rows[0]) == ["date", "market", "market_name", "commodity", "commodity_name", "unit", "price"]
    assert rows[0] == {"date": start, "market": "anyar", "market_name": "Pasar Anyar", "commodity": "beras-medium",
                       "commodity_name": "Beras Medium", "unit": "kg", "price": "13039"}
    median = read_csv(get(client, "/api/v1/prices.csv", kind="median", commodity="gula"))
    assert list(median[0]) == ["date", "commodity", "commodity_name", "unit", "price", "low", "high", "markets"]
    assert len(median) == 30 and {r["markets"] for r in median} == {"3"}


def test_the_csv_takes_the_same_filters(client, priced):
    yesterday, _earlier = priced
    rows = read_csv(get(client, "/api/v1/prices.csv", market="bandeng", **{"from": yesterday.isoformat()}))
    assert [(r["market"], r["commodity"], r["price"]) for r in rows] == [("bandeng", "beras-medium", "14000")]


def test_the_csv_has_last_modified_the_licence_and_answers_if_modified_since(client, priced):
    response = get(client, "/api/v1/prices.csv")
    response.get_data()
    assert "ETag" not in response.headers
    assert response.headers["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert response.last_modified == get(client, "/api/v1/prices").last_modified
    again = get(client, "/api/v1/prices.csv", headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert again.status_code == 304 and again.data == b""


def test_an_empty_csv_is_just_the_header(client, harga_region):
    response = get(client, "/api/v1/prices.csv", kind="median")
    assert response.get_data(as_text=True).splitlines() == [
        "date,commodity,commodity_name,unit,price,low,high,markets"]


# ------------------------------------------------------------------------------- commodities, markets

def test_commodities_have_the_official_name_unit_group_and_todays_ceiling(client, harga_region, commodities,
                                                                           today):
    beras = commodities["beras-medium"]
    db.session.add_all([
        ReferencePrice(commodity_id=beras.id, kind="het", price=12500, valid_from=today - timedelta(days=100),
                       source="Perbadan 5/2024"),
        ReferencePrice(commodity_id=beras.id, kind="het", price=99000, valid_from=today + timedelta(days=5)),
    ])
    commodities["gula"].tracked = False
    db.session.commit()
    response = get(client, "/api/v1/commodities")
    items = {i["slug"]: i for i in response.get_json()["items"]}
    assert items["beras-medium"] == {
        "slug": "beras-medium", "name": "Beras Medium", "national_code": "beras-medium", "unit": "kg",
        "group": "beras", "tracked": True,
        "reference": {"kind": "het", "price": 12500, "valid_from": (today - timedelta(days=100)).isoformat(),
                      "valid_until": None, "source": "Perbadan 5/2024"}}
    assert items["minyakita"]["unit"] == "liter" and items["minyakita"]["reference"] is None
    assert items["gula"]["tracked"] is False and items["gula"]["name"] == "Gula Konsumsi"
    assert len(items) == len(commodities)
    conforms(response, "/api/v1/commodities")


def test_markets_have_their_kecamatan_and_address(client, harga_region, markets):
    markets["poris"].active = False
    db.session.add(Market(slug="baru", name="Pasar Baru", position=9))
    db.session.commit()
    response = get(client, "/api/v1/markets")
    items = response.get_json()["items"]
    assert [i["slug"] for i in items] == ["anyar", "bandeng", "poris", "baru"]
    assert items[0] == {"slug": "anyar", "name": "Pasar Anyar", "address": "Jl. Pasar Anyar", "active": True,
                        "kecamatan": {"code": "36.71.01", "name": "Tangerang"}}
    assert items[2]["active"] is False
    assert items[3]["kecamatan"] is None and items[3]["address"] is None
    conforms(response, "/api/v1/markets")
    again = get(client, "/api/v1/markets", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


# -------------------------------------------------------------------------------- regions and modules

@pytest.mark.parametrize("path", ["/api/v1/prices", "/api/v1/prices.csv", "/api/v1/commodities",
                                  "/api/v1/markets"])
def test_a_region_without_market_prices_answers_404(client, harga_region, make_region, path):
    make_region("serang", hosts=["serang.test"], modules=["kontak"])
    response = client.get(path, base_url="http://serang.test", headers=EN)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_another_regions_prices_never_appear(client, priced, make_region, today):
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
    for path in ("/api/v1/prices", "/api/v1/prices?kind=median", "/api/v1/prices.csv", "/api/v1/markets",
                 "/api/v1/prices?market=anyar"):
        text = client.get(path, headers=EN).get_data(as_text=True)
        assert "99999" not in text and "Pasar Bogor" not in text
    theirs = client.get("/api/v1/prices", base_url="http://bogor.test").get_json()["items"]
    assert [(i["market"], i["price"]) for i in theirs] == [("anyar", 99999)]
    markets = client.get("/api/v1/markets", base_url="http://bogor.test").get_json()["items"]
    assert [m["name"] for m in markets] == ["Pasar Bogor"]


def test_the_data_set_is_listed_with_the_regions_price_licence(client, harga_region):
    harga_region.settings = {"harga": {"licence": "CC0 1.0"}}
    db.session.commit()
    rows = {r["slug"]: r for r in client.get("/api/v1/", headers=EN).get_json()["datasets"]}
    assert rows["prices"]["licence"] == "CC0 1.0"
    assert rows["prices"]["licence_url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert "http://localhost/api/v1/prices.csv?kind=median" in rows["prices"]["examples"]
    for example in rows["prices"]["examples"]:
        assert client.get(example.removeprefix("http://localhost"), headers=EN).status_code == 200


def test_a_price_licence_without_a_known_address_falls_back_to_the_regions(client, harga_region):
    harga_region.settings = {"harga": {"licence": "Lisensi Sendiri"}, "data_licence": "ODbL 1.0"}
    db.session.commit()
    rows = {r["slug"]: r for r in client.get("/api/v1/", headers=EN).get_json()["datasets"]}
    assert (rows["prices"]["licence"], rows["prices"]["licence_url"]) == (
        "ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/")


def test_the_openapi_fragment_describes_every_route_and_parameter(app, harga_region):
    fragment = api.openapi()
    assert set(fragment["paths"]) == {"/api/v1/prices", "/api/v1/prices.csv", "/api/v1/commodities",
                                      "/api/v1/markets"}
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("harga.api_")}
    assert routes == set(fragment["paths"])
    prices = fragment["paths"]["/api/v1/prices"]["get"]
    names = {p.get("name") for p in prices["parameters"]}
    assert {"from", "to", "commodity", "market", "kind", "limit"} <= names
    limit = next(p for p in prices["parameters"] if p.get("name") == "limit")
    assert limit["schema"]["maximum"] == 1000
    assert set(prices["responses"]) == {"200", "304", "400", "404"}
    assert "text/csv" in fragment["paths"]["/api/v1/prices.csv"]["get"]["responses"]["200"]["content"]
    for schema in fragment["schemas"].values():
        Draft202012Validator.check_schema(schema)

"""The open-data helpers every /api/v1/ endpoint shares (`core/api/http.py`), as a client sees them: strong
ETags and 304s, CORS on the API only, checked parameters answered with a JSON 400 naming the parameter,
cursors that page through a list and refuse tampering, and JSON 404s.

A probe endpoint on an app of its own uses every helper the way a module's endpoint does, so these tests do
not depend on any module's data; the real `/api/v1/` index and an unknown `/api/v1/` URL are checked on the
shared app."""
from __future__ import annotations

import base64
import json
from datetime import date, datetime, timezone
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from flask import Blueprint

from webapp.core.api import http
from webapp.core.api.spec import error_schema

# The probe: the numbers 1..7, newest first when `order=desc`, paged by limit/cursor, filtered by the
# other parameters, like a module's list endpoint.
NUMBERS = list(range(1, 8))
CHANGED = datetime(2025, 3, 1, 8, 30, 15, 123000, tzinfo=timezone.utc)
probe = Blueprint("probe", __name__)


@probe.get("/api/v1/probe")
def probe_list():
    limit = http.limit_param()
    since = http.date_param("since")
    order = http.choice_param("order", ("asc", "desc")) or "asc"
    at_least = http.int_param("min") or 0
    after = http.cursor_param(2)
    rows = [n for n in NUMBERS if n >= at_least]
    rows = sorted(rows, reverse=order == "desc")
    if after is not None:
        if not isinstance(after[1], int):
            raise http.ApiError("The cursor is not valid.", "cursor")
        rows = [n for n in rows if (n > after[1] if order == "asc" else n < after[1])]
    chunk = rows[:limit + 1]
    more = len(chunk) > limit
    items = [{"n": n, "day": date(2025, 1, n), "label": f"Nomor {n} dari daftar percobaan"} for n in chunk[:limit]]
    next_values = ("n", items[-1]["n"]) if more else None
    return http.page(items, next_values, last_modified=CHANGED, since=since)


@probe.get("/api/v1/probe/<int:number>")
def probe_item(number):
    if number not in NUMBERS:
        raise http.ApiError("There is no such number.", status=404)
    return http.json_response({"n": number}, last_modified=CHANGED)


@pytest.fixture(scope="module")
def probe_app(app):
    from webapp import create_app
    from webapp.config import TestConfig

    probed = create_app(TestConfig())
    probed.register_blueprint(probe)
    probed.test_client_class = app.test_client_class
    return probed


@pytest.fixture
def api(probe_app, region):
    return probe_app.test_client()


def cursor_of(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def assert_error(response, status: int, parameter: str | None):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    jsonschema.validate(body, error_schema())  # the shape the OpenAPI document promises
    assert body["error"]["code"] == status and body["error"]["detail"]
    assert body["error"].get("parameter") == parameter
    assert "no-store" in response.headers["Cache-Control"]
    return body["error"]


# ETag, Last-Modified and 304 -----------------------------------------------------------------------------

def test_the_same_data_has_the_same_strong_etag_and_other_data_another(api):
    first, second = api.get("/api/v1/probe"), api.get("/api/v1/probe")
    assert first.status_code == 200 and first.mimetype == "application/json"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert second.headers["ETag"] == etag and second.data == first.data
    assert api.get("/api/v1/probe?limit=2").headers["ETag"] != etag
    assert "public" in first.headers["Cache-Control"] and "max-age=60" in first.headers["Cache-Control"]


def test_if_none_match_with_the_current_etag_gets_a_bodiless_304(api):
    etag = api.get("/api/v1/probe").headers["ETag"]
    again = api.get("/api/v1/probe", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"  # a browser on another site may reuse its copy
    stale = api.get("/api/v1/probe", headers={"If-None-Match": '"something-older"'})
    assert stale.status_code == 200 and stale.get_json()["items"]


def test_a_compressed_answer_is_revalidated_with_its_own_etag(api):
    """A real client asks for gzip; the ETag it is given must still bring a 304 next time."""
    headers = {"Accept-Encoding": "gzip"}
    first = api.get("/api/v1/probe", headers=headers)
    assert first.headers.get("Content-Encoding") == "gzip"
    etag = first.headers["ETag"]
    assert not etag.startswith("W/")
    again = api.get("/api/v1/probe", headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_last_modified_is_sent_and_if_modified_since_gets_a_304(api):
    first = api.get("/api/v1/probe")
    assert first.headers["Last-Modified"] == "Sat, 01 Mar 2025 08:30:15 GMT"
    same = api.get("/api/v1/probe", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert same.status_code == 304 and same.data == b""
    later = api.get("/api/v1/probe", headers={"If-Modified-Since": "Sun, 02 Mar 2025 00:00:00 GMT"})
    assert later.status_code == 304
    older = api.get("/api/v1/probe", headers={"If-Modified-Since": "Fri, 28 Feb 2025 23:59:59 GMT"})
    assert older.status_code == 200 and older.get_json()["items"]
    garbage = api.get("/api/v1/probe", headers={"If-Modified-Since": "last tuesday"})
    assert garbage.status_code == 200


def test_a_single_item_has_an_etag_and_a_missing_one_a_json_404(api):
    found = api.get("/api/v1/probe/3")
    assert found.get_json() == {"n": 3} and found.headers["ETag"]
    assert api.get("/api/v1/probe/3", headers={"If-None-Match": found.headers["ETag"]}).status_code == 304
    assert_error(api.get("/api/v1/probe/99"), 404, None)


# CORS ---------------------------------------------------------------------------------------------------

def test_api_answers_carry_cors_headers_for_any_site(client, region):
    response = client.get("/api/v1/", headers={"Origin": "https://jurnalis.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "POST" not in response.headers["Access-Control-Allow-Methods"]  # the open data is read-only
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "Last-Modified" in exposed


def test_a_preflight_request_is_answered_with_the_cors_headers(client, region):
    response = client.options("/api/v1/", headers={
        "Origin": "https://peneliti.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_errors_on_the_api_carry_cors_headers_too(client, region):
    """Otherwise a page on another site cannot even read why its call failed."""
    response = client.get("/api/v1/tidak-ada", headers={"Origin": "https://jurnalis.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_normal_pages_have_no_cors_headers(client, region):
    for path in ("/", "/data", "/kontak/"):
        response = client.get(path, headers={"Origin": "https://lain.example"})
        assert response.status_code == 200, path
        assert "Access-Control-Allow-Origin" not in response.headers, path


# Parameters ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=-5", "limit"),
    ("limit=ten", "limit"),
    ("limit=2.5", "limit"),
    ("limit=%C2%B2", "limit"),  # "²": a digit to str.isdigit, no number to int()
    ("limit=" + "9" * 5000, "limit"),  # longer than Python converts
    ("since=2025-13-01", "since"),
    ("since=1%20Maret%202025", "since"),
    ("order=newest", "order"),
    ("order=ASC", "order"),
    ("min=abc", "min"),
    ("min=-1", "min"),
    ("min=" + "1" * 19, "min"),
    ("min=%D9%A1%D9%A2", "min"),  # Arabic-Indic "١٢"
])
def test_a_bad_parameter_gets_a_400_in_json_naming_it(api, query, parameter):
    error = assert_error(api.get(f"/api/v1/probe?{query}"), 400, parameter)
    assert parameter in error["detail"]


def test_the_limit_message_says_what_is_allowed(api):
    error = assert_error(api.get("/api/v1/probe?limit=500", headers={"Accept-Language": "en"}), 400, "limit")
    assert error["detail"] == "limit must be a whole number from 1 to 100."
    assert error["message"] == "Something in the request was not right"


def test_an_empty_parameter_behaves_like_a_missing_one(api):
    plain = api.get("/api/v1/probe")
    empty = api.get("/api/v1/probe?limit=&since=&order=&min=&cursor=")
    spaces = api.get("/api/v1/probe?limit=%20&order=%20%20")
    assert empty.status_code == spaces.status_code == 200
    assert empty.get_json()["items"] == spaces.get_json()["items"] == plain.get_json()["items"]
    assert len(plain.get_json()["items"]) == len(NUMBERS)  # the default limit (50) holds them all


def test_valid_parameters_are_read(api):
    body = api.get("/api/v1/probe?limit=2&order=desc&min=3&since=2025-02-01").get_json()
    assert [item["n"] for item in body["items"]] == [7, 6]
    assert body["items"][0]["day"] == "2025-01-07" and body["since"] == "2025-02-01"


# Cursors ------------------------------------------------------------------------------------------------

def test_following_next_walks_the_whole_list_once_keeping_the_other_parameters(api):
    url, seen, pages = "/api/v1/probe?limit=3&order=desc", [], 0
    while url:
        body = api.get(url).get_json()
        seen += [item["n"] for item in body["items"]]
        pages += 1
        url = body["next"]
        assert (url is None) == (body["next_cursor"] is None)
        if url:
            parts = urlsplit(url)
            assert parts.scheme == "http" and parts.netloc == "localhost" and parts.path == "/api/v1/probe"
            query = parse_qs(parts.query)
            assert query["limit"] == ["3"] and query["order"] == ["desc"] and query["cursor"] == [body["next_cursor"]]
    assert seen == sorted(NUMBERS, reverse=True) and pages == 3


def test_next_keeps_odd_query_parameters_as_plain_parameters(api):
    """A parameter named like a url_for option (or a view argument) stays a query parameter."""
    body = api.get("/api/v1/probe?limit=2&_external=0&_anchor=x&number=5").get_json()
    query = parse_qs(urlsplit(body["next"]).query)
    assert query["_external"] == ["0"] and query["_anchor"] == ["x"] and query["number"] == ["5"]
    assert [item["n"] for item in api.get(body["next"]).get_json()["items"]] == [3, 4]


@pytest.mark.parametrize("cursor", [
    "!!!not-base64!!!",
    "bm90IGpzb24",  # base64 of "not json"
    cursor_of({"n": 3}),  # valid base64 and JSON, but not a list
    cursor_of("n"),
    cursor_of(["n"]),  # a list of the wrong length
    cursor_of(["n", 3, 4]),
    cursor_of(["n", [3]]),  # nested values
    cursor_of(["n", {"id": 3}]),
    cursor_of(["n", 10 ** 30]),  # no 64-bit number
    "WyJuIiwgMV0" + "%F0%9F%99%82",  # non-ASCII after the base64
    base64.urlsafe_b64encode(b"\xff\xfe[1,2]").decode(),  # not UTF-8
    base64.urlsafe_b64encode(b"[" * 3000).decode(),  # nested deeper than the JSON parser goes
])
def test_a_malformed_cursor_gets_a_400(api, cursor):
    error = assert_error(api.get(f"/api/v1/probe?cursor={cursor}"), 400, "cursor")
    assert "cursor" in error["detail"]


def test_an_infinite_number_in_a_cursor_is_refused(probe_app):
    raw = base64.urlsafe_b64encode(b'["n", Infinity]').decode().rstrip("=")
    with probe_app.test_request_context(f"/?cursor={raw}"):
        with pytest.raises(http.ApiError) as refused:
            http.cursor_param(2)
    assert refused.value.parameter == "cursor"


# Unknown addresses --------------------------------------------------------------------------------------

@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
def test_an_unknown_api_address_is_a_json_404(client, region, accept):
    response = client.get("/api/v1/xyz", headers={"Accept": accept})
    assert (response.status_code, response.mimetype) == (404, "application/json")
    body = response.get_json()
    jsonschema.validate(body, error_schema())
    assert body["error"]["code"] == 404 and body["error"]["message"]

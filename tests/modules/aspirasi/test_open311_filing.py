"""Filing through Open311 GeoReport v2 (`POST /open311/v2/requests.{fmt}`) and turning a token into a
request id (`GET /open311/v2/tokens/{token}.{fmt}`), in both formats; XML is read back with ElementTree.

A filed report is a real Aspirasi report: the staff see it in their inbox (with the client's name and the
media link), and the public sees it under the same privacy rules as one filed on the web.
"""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest
from flask import g
from sqlalchemy import select

from tests.modules.aspirasi.test_public_views import (EN, detail_url, fresh, html_of, place,  # noqa: F401
                                                      report_count, sign_in)
from webapp.core.api import keys
from webapp.extensions import db, limiter
from webapp.modules.aspirasi import flow
from webapp.modules.aspirasi.models import VERIFY_FIRST, Privacy, Report, Status
from webapp.modules.aspirasi.open311_filing import derived_title

FORMATS = ("json", "xml")
KELURAHAN = "36.71.01.1001"  # Sudimara Barat, Kecamatan Ciledug
DESCRIPTION = "Lubang besar di Jl. Merdeka no. 5 depan sekolah. Dua motor jatuh minggu ini."


@pytest.fixture
def client_key(place):
    key, secret = keys.issue("Kanal LAPOR!", place.admin)
    return key, secret


def fields(secret: str, **changes) -> dict:
    data = {"api_key": secret, "service_code": "jalan", "attribute[kelurahan]": KELURAHAN,
            "description": DESCRIPTION, "lat": "-6.2301", "long": "106.7102",
            "address_string": "Jl. Merdeka no. 5", "first_name": "Budi", "last_name": "Santoso",
            "email": "budi@example.id", "phone": "0812-3456-7890"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}  # None leaves a field out


def file(client, secret, fmt="json", headers=None, **changes):
    return client.post(f"/open311/v2/requests.{fmt}", data=fields(secret, **changes), headers={**EN, **(headers or {})})


def items(response) -> list[dict]:
    """The response's list of requests (or errors) as dicts of strings, whatever its format."""
    if response.mimetype == "application/json":
        return json.loads(response.get_data(as_text=True))
    assert response.mimetype == "text/xml" and response.data.startswith(b"<?xml")
    root = ElementTree.fromstring(response.data)
    return [{child.tag: child.text or "" for child in item} for item in root]


def only_item(response) -> dict:
    found = items(response)
    assert len(found) == 1
    return found[0]


def newest() -> Report:
    db.session.expire_all()
    return db.session.execute(select(Report).order_by(Report.id.desc()).limit(1)).scalar_one()


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    error = only_item(response)
    assert str(error["code"]) == str(status)
    return error["description"]


# Filing

@pytest.mark.parametrize("fmt", FORMATS)
def test_filing_creates_a_real_report_through_the_web_forms_rules(client, place, client_key, fmt):
    key, secret = client_key
    response = file(client, secret, fmt, account_id="akun-77", device_id="hp-1")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == ("application/json; charset=utf-8" if fmt == "json"
                                               else "text/xml; charset=utf-8")
    assert "no-store" in response.headers["Cache-Control"]
    item = only_item(response)
    report = newest()
    assert item["service_request_id"] == str(report.id) and "token" not in item
    assert item["account_id"] == "akun-77"
    assert (report.category_id, report.kelurahan_id, report.kecamatan_id) == (
        place.roads.id, place.sudimara.id, place.ciledug.id)
    assert report.description == DESCRIPTION and report.address == "Jl. Merdeka no. 5"
    assert (report.lat, report.lng) == (-6.2301, 106.7102)
    assert report.privacy == Privacy.ANONYMOUS and report.kind == "pengaduan"
    assert report.title == "Lubang besar di Jl. Merdeka no. 5 depan sekolah"
    assert report.source == "open311" and report.api_key_id == key.id and report.api_token is None
    assert report.reporter_name == "Budi Santoso" and report.reporter_email == "budi@example.id"
    assert report.reporter_phone == "+6281234567890" and report.status == Status.RECEIVED
    assert report.due_at is not None and report.events[0].action == "submitted"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_notice_carries_the_category_notice_and_the_tracking_code_once(client, place, client_key, fmt):
    item = only_item(file(client, client_key[1], fmt))
    report = newest()
    notice = item["service_notice"]
    assert notice.startswith("Untuk kecelakaan lalu lintas, hubungi 112.")
    assert f"The reporter's tracking code is {report.code}" in notice
    assert "http://localhost/aspirasi/lacak" in notice
    assert item["account_id"] == ""


def test_attributes_choose_kind_privacy_and_title_also_as_multi_value_fields(client, place, client_key):
    response = file(client, client_key[1], **{"attribute[kind][]": "aspirasi", "attribute[privacy]": "publik",
                                               "attribute[title]": "Perbaiki Jl. Merdeka"})
    assert response.status_code == 200
    report = newest()
    assert (report.kind, report.privacy, report.title) == ("aspirasi", "publik", "Perbaiki Jl. Merdeka")


def test_an_attribute_sent_empty_counts_as_not_sent(client, place, client_key):
    response = file(client, client_key[1], **{"attribute[kind]": "", "attribute[privacy]": " ", "email": ""})
    assert response.status_code == 200
    report = newest()
    assert (report.kind, report.privacy, report.reporter_email) == ("pengaduan", "anonim", None)


def test_the_kelurahan_code_may_come_as_address_id_which_is_also_a_location(client, place, client_key):
    response = file(client, client_key[1], **{"attribute[kelurahan]": None, "lat": None, "long": None,
                                               "address_string": None, "address_id": "36.71.02.1001"})
    assert response.status_code == 200
    report = newest()
    assert report.kelurahan_id == place.nusajaya.id and report.kecamatan_id == place.karawaci.id
    assert (report.lat, report.lng, report.address) == (None, None, None)


def test_an_address_string_alone_is_a_location(client, place, client_key):
    assert file(client, client_key[1], lat=None, long=None).status_code == 200
    assert newest().address == "Jl. Merdeka no. 5" and newest().lat is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sensitive_category_is_always_rahasia_and_answers_with_a_token(client, place, client_key, fmt):
    response = file(client, client_key[1], fmt, service_code="kekerasan", **{"attribute[privacy]": "publik"})
    item = only_item(response)
    report = newest()
    assert report.privacy == Privacy.SECRET and report.category_id == place.violence.id
    assert "service_request_id" not in item and item["token"] == report.api_token
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", report.api_token)
    assert client.get(detail_url(report), headers=EN).status_code == 404


def test_a_rahasia_reports_token_never_resolves_even_after_verification(client, place, client_key):
    token = only_item(file(client, client_key[1], **{"attribute[privacy]": "rahasia"}))["token"]
    report = newest()
    flow.verify(report, place.admin)
    assert fresh(report.id).status == Status.DISPOSED
    for fmt in FORMATS:
        item = only_item(client.get(f"/open311/v2/tokens/{token}.{fmt}", headers=EN))
        assert item["token"] == token and item["service_request_id"] in ("", None)
    assert client.get(f"/open311/v2/requests/{report.id}.json").status_code == 404


def test_the_title_is_the_first_sentence_cut_at_a_word():
    assert derived_title("Jl. Sudirman No. 5 berlubang. Dua motor jatuh.") == "Jl. Sudirman No. 5 berlubang"
    assert derived_title("Lampu mati!\nSudah seminggu.") == "Lampu mati!"
    assert derived_title("\n  Sampah menumpuk di pasar\nbau sekali") == "Sampah menumpuk di pasar"
    long = derived_title("kata " * 60)
    assert len(long) <= 150 and long.endswith("kata…")


# The staff and the public

def test_a_filed_report_reaches_the_staff_inbox_with_the_client_and_the_media_link(client, login, place,
                                                                                     client_key):
    file(client, client_key[1], media_url="https://foto.example.org/lubang.jpg?id=1&s=2")
    report = newest()
    sign_in(client, login, place.admin)
    inbox = html_of(client.get("/staf/aspirasi/", headers=EN))
    assert "Lubang besar di Jl. Merdeka no. 5 depan sekolah" in inbox
    page = html_of(client.get(f"/staf/aspirasi/laporan/{report.code}", headers=EN))
    assert "Filed through Open311 by Kanal LAPOR!" in page and "Budi Santoso" in page
    assert ('<a href="https://foto.example.org/lubang.jpg?id=1&amp;s=2" rel="noopener noreferrer nofollow">'
            in page)


def test_the_public_page_follows_the_privacy_rules_and_never_shows_the_media_link(client, place, client_key):
    file(client, client_key[1], media_url="https://foto.example.org/lubang.jpg")
    report = newest()
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Lubang besar di Jl. Merdeka" in html and "Anonymous" in html
    assert "Budi" not in html and "Santoso" not in html and report.code not in html
    assert "foto.example.org" not in html
    assert "foto.example.org" not in html_of(client.get("/aspirasi/", headers=EN))
    listed = client.get(f"/open311/v2/requests/{report.id}.json")
    if listed.status_code != 404:  # the reading side (views_open311) may not be there yet
        assert "foto.example.org" not in listed.get_data(as_text=True) and report.code not in listed.get_data(as_text=True)


# Idempotency

def test_the_same_idempotency_key_files_once_and_answers_the_same(client, place, client_key):
    headers = {"Idempotency-Key": "lapor-2026-000123-abc"}
    first = file(client, client_key[1], headers=headers)
    before = report_count()
    again = file(client, client_key[1], headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.data == again.data and report_count() == before
    assert file(client, client_key[1], headers={"Idempotency-Key": "lapor-2026-000124-abc"}).status_code == 200
    assert report_count() == before + 1


def test_a_token_is_the_same_on_a_repeat(client, place, client_key):
    headers = {"Idempotency-Key": "rahasia-0000000001"}
    first = only_item(file(client, client_key[1], headers=headers, **{"attribute[privacy]": "rahasia"}))
    again = only_item(file(client, client_key[1], headers=headers, **{"attribute[privacy]": "rahasia"}))
    assert first["token"] == again["token"] == newest().api_token


def test_two_clients_with_the_same_idempotency_key_file_two_reports(client, place, client_key):
    _other, other_secret = keys.issue("Call centre", place.admin)
    headers = {"Idempotency-Key": "same-key-0000000001"}
    one = only_item(file(client, client_key[1], headers=headers))
    two = only_item(file(client, other_secret, headers=headers))
    assert one["service_request_id"] != two["service_request_id"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_malformed_idempotency_key_is_refused(client, place, client_key, fmt):
    response = file(client, client_key[1], fmt, headers={"Idempotency-Key": "short"})
    assert error_of(response, 400).startswith("Idempotency-Key:")
    assert report_count() == 0


# The key and the jurisdiction

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_wrong_or_revoked_key_is_403(client, place, client_key, fmt):
    key, secret = client_key
    assert "api_key is required" in error_of(file(client, secret, fmt, api_key=None), 403)
    assert "not valid" in error_of(file(client, secret, fmt, api_key="srb_" + "x" * 32), 403)
    keys.revoke(key, place.admin)
    assert "revoked" in error_of(file(client, secret, fmt), 403)
    assert report_count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_regions_key_is_403_here(client, place, make_region, fmt):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], modules=["aspirasi"])
    g.region = bekasi
    _key, secret = keys.issue("Kanal Bekasi")
    g.region = place.region
    assert "not valid" in error_of(file(client, secret, fmt, jurisdiction_id="localhost"), 403)
    assert report_count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction_on_a_multi_region_install(client, place, client_key, make_region, fmt):
    make_region("bekasi", hosts=["bekasi.test"], modules=["aspirasi"])
    assert "jurisdiction_id is required" in error_of(file(client, client_key[1], fmt), 400)
    assert "Unknown jurisdiction_id" in error_of(file(client, client_key[1], fmt, jurisdiction_id="bekasi.test"), 404)
    assert report_count() == 0
    assert file(client, client_key[1], fmt, jurisdiction_id="localhost").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_or_inactive_service_is_404(client, place, client_key, fmt):
    assert "Unknown service_code" in error_of(file(client, client_key[1], fmt, service_code="banjir"), 404)
    place.roads.active = False
    db.session.commit()
    assert "Unknown service_code" in error_of(file(client, client_key[1], fmt), 404)
    assert report_count() == 0


def test_an_unknown_format_is_404_in_the_spec_shape(client, place, client_key):
    response = client.post("/open311/v2/requests.yaml", data=fields(client_key[1]), headers=EN)
    assert "Unknown format" in error_of(response, 404) and report_count() == 0


# Every 400

BAD_REQUESTS = {
    "no service_code": ({"service_code": None}, "service_code:"),
    "unknown attribute": ({"attribute[warna]": "merah"}, "attribute[warna]:"),
    "two values for a single value": ({"attribute[kind][]": ["pengaduan", "aspirasi"]}, "attribute[kind]:"),
    "a value in both attribute forms": ({"attribute[kind]": "pengaduan", "attribute[kind][]": "aspirasi"},
                                        "attribute[kind]:"),
    "a value outside the list": ({"attribute[kind]": "pujian"}, "attribute[kind]:"),
    "two titles": ({"attribute[title][]": ["Satu", "Dua"]}, "attribute[title]:"),
    "title too long": ({"attribute[title]": "x" * 151}, "attribute[title]:"),
    "no location": ({"lat": None, "long": None, "address_string": None}, "lat/long:"),
    "no kelurahan": ({"attribute[kelurahan]": None}, "kelurahan is required"),
    "address_id that is no kelurahan and no attribute": ({"attribute[kelurahan]": None, "address_id": "RT-05"},
                                                         "kelurahan is required"),
    "unknown kelurahan code": ({"attribute[kelurahan]": "36.71.99.9999"}, "attribute[kelurahan]:"),
    "a kecamatan's code as the kelurahan": ({"attribute[kelurahan]": "36.71.01"}, "attribute[kelurahan]:"),
    "no description": ({"description": None}, "description:"),
    "blank description": ({"description": "   "}, "description:"),
    "description too long": ({"description": "a" * 4001}, "description:"),
    "HTML in the description": ({"description": "Jalan <b>rusak</b> parah"}, "description:"),
    "a script in the description": ({"description": "<script>alert(1)</script>"}, "description:"),
    "HTML in the address": ({"address_string": "<a href=x>Jl. Merdeka</a>"}, "address_string:"),
    "HTML in the title": ({"attribute[title]": "<i>Jalan</i>"}, "attribute[title]:"),
    "HTML in the name": ({"first_name": "<img src=x onerror=alert(1)>"}, "first_name:"),
    "lat that is not a number": ({"lat": "utara"}, "lat/long:"),
    "lat without long": ({"long": None}, "lat/long:"),
    "outside the region": ({"lat": "51.5072", "long": "-0.1276"}, "outside this region"),
    "bad e-mail": ({"email": "budi-at-example"}, "email:"),
    "bad phone": ({"phone": "12"}, "phone:"),
    "media_url with another scheme": ({"media_url": "javascript:alert(1)"}, "media_url:"),
    "media_url over ftp": ({"media_url": "ftp://foto.example.org/a.jpg"}, "media_url:"),
    "media_url without a host": ({"media_url": "https://"}, "media_url:"),
    "media_url too long": ({"media_url": "https://foto.example.org/" + "a" * 480}, "media_url:"),
    "two descriptions": ({"description": ["Satu.", "Dua."]}, "description:"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", BAD_REQUESTS)
def test_bad_requests_are_400_naming_the_parameter_and_file_nothing(client, place, client_key, case, fmt):
    changes, expected = BAD_REQUESTS[case]
    response = file(client, client_key[1], fmt, **changes)
    assert expected in error_of(response, 400)
    assert report_count() == 0


def test_errors_are_translated(client, place, client_key):
    response = client.post("/open311/v2/requests.json", data=fields(client_key[1], email="salah"),
                           headers={"Accept-Language": "id"})
    description = error_of(response, 400)
    assert description.startswith("email: ") and "Please enter" not in description


def test_a_lone_less_than_sign_is_plain_text(client, place, client_key):
    assert file(client, client_key[1], description="Lubang < 5 m dari sekolah, bahaya <3").status_code == 200
    assert newest().description == "Lubang < 5 m dari sekolah, bahaya <3"


# Tokens, where the region verifies first

def verify_first(place) -> None:
    place.region.settings = {**(place.region.settings or {}), VERIFY_FIRST: True}
    db.session.commit()


@pytest.mark.parametrize("fmt", FORMATS)
def test_where_reports_wait_for_verification_a_token_resolves_once_verified(client, place, client_key, fmt):
    verify_first(place)
    item = only_item(file(client, client_key[1], fmt))
    report = newest()
    assert "service_request_id" not in item and item["token"] == report.api_token
    assert report.code in item["service_notice"]
    url = f"/open311/v2/tokens/{item['token']}.{fmt}"
    waiting = only_item(client.get(url, headers=EN))
    assert waiting["token"] == item["token"] and waiting["service_request_id"] in ("", None)
    assert client.get(f"/open311/v2/requests/{report.id}.{fmt}").status_code == 404
    assert client.get(detail_url(report), headers=EN).status_code == 404

    flow.verify(report, place.admin)
    resolved = only_item(client.get(url, headers=EN))
    assert resolved == {"service_request_id": str(report.id), "token": item["token"]}
    shown = client.get(f"/open311/v2/requests/{report.id}.{fmt}")
    assert shown.status_code == 200 and only_item(shown)["service_request_id"] == str(report.id)
    assert client.get(detail_url(report), headers=EN).status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_token_is_404(client, place, client_key, fmt):
    assert "Unknown token" in error_of(client.get(f"/open311/v2/tokens/{'A' * 32}.{fmt}", headers=EN), 404)
    assert "Unknown token" in error_of(client.get(f"/open311/v2/tokens/nope.{fmt}", headers=EN), 404)


def test_a_token_is_404_in_another_region(client, place, client_key, make_region):
    verify_first(place)
    token = only_item(file(client, client_key[1]))["token"]
    make_region("bekasi", hosts=["bekasi.test"], modules=["aspirasi"])
    response = client.get(f"/open311/v2/tokens/{token}.json?jurisdiction_id=bekasi.test",
                          base_url="http://bekasi.test", headers=EN)
    assert response.status_code == 404
    assert client.get(f"/open311/v2/tokens/{token}.json?jurisdiction_id=localhost", headers=EN).status_code == 200


# The rate limit

def test_each_key_has_its_own_rate_limit(app, place, client_key, monkeypatch):
    """A fresh app with limits on (and a small limit); the shared limiter is switched off again afterwards."""
    from webapp import create_app
    from webapp.config import TestConfig

    monkeypatch.setattr(limiter, "enabled", False)  # remembered, and restored after the test
    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    config.API_KEY_RATE_LIMIT = "2 per minute"
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    client = limited.test_client()
    _other, other_secret = keys.issue("Call centre", place.admin)
    codes = [file(client, client_key[1]).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    blocked = file(client, client_key[1], "xml")
    assert error_of(blocked, 429)
    assert file(client, other_secret).status_code == 200
    assert report_count() == 3

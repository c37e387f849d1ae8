"""Important numbers: 'Group:' headings in the region settings' textarea (the old one-line format still
works), the kontak page grouped with 112 first and tap-to-call links, and the home card."""
from __future__ import annotations

import pytest
from flask import g

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role
from webapp.core.staff.fields import format_emergency_numbers, parse_emergency_numbers
from webapp.extensions import db
from webapp.modules.kontak import card_context

EN = {"Accept-Language": "en"}

GROUPED = """Pemadam Kebakaran = 113
Polisi = 110

Rumah sakit:
RSUD Kota Tangerang = 021 5555 0001
IGD Siloam = 021-5555-0002

Listrik dan air:
Gangguan listrik PLN = 123"""


def test_group_headings_apply_to_the_numbers_below_them():
    rows = parse_emergency_numbers(GROUPED)
    assert rows == [
        {"label": "Pemadam Kebakaran", "number": "113", "group": ""},
        {"label": "Polisi", "number": "110", "group": ""},
        {"label": "RSUD Kota Tangerang", "number": "021 5555 0001", "group": "Rumah sakit"},
        {"label": "IGD Siloam", "number": "021-5555-0002", "group": "Rumah sakit"},
        {"label": "Gangguan listrik PLN", "number": "123", "group": "Listrik dan air"},
    ]


def test_grouped_numbers_survive_a_round_trip_through_the_textarea():
    text = GROUPED
    rows = parse_emergency_numbers(text)
    assert format_emergency_numbers(rows) == text
    assert parse_emergency_numbers(format_emergency_numbers(rows)) == rows


def test_a_heading_used_twice_gathers_its_numbers_in_one_group():
    rows = parse_emergency_numbers("RS:\nA = 111 1\nPLN:\nB = 123\nRS:\nC = 222 2")
    assert [(r["group"], r["label"]) for r in rows] == [("RS", "A"), ("RS", "C"), ("PLN", "B")]
    assert format_emergency_numbers(rows) == "RS:\nA = 111 1\nC = 222 2\n\nPLN:\nB = 123"


def test_the_old_format_and_rows_stored_before_groups_still_work():
    assert parse_emergency_numbers("Pemadam kebakaran = 113\n\nSAR = 115") == [
        {"label": "Pemadam kebakaran", "number": "113", "group": ""},
        {"label": "SAR", "number": "115", "group": ""},
    ]
    old_rows = [{"label": "Polisi", "number": "110"}, {"label": "Ambulans", "number": "118"}]
    assert format_emergency_numbers(old_rows) == "Polisi = 110\nAmbulans = 118"


@pytest.mark.parametrize("text, message", [
    ("Polisi = 110\n:\nPLN = 123", "Line 2: write a group heading as a name and a colon"),
    ("Polisi = 110\n" + "R" * 61 + ":", "Line 2: the group heading is longer than 60 characters."),
    ("RS:\nRSUD 5555", "Line 2: write it as “label = number”."),
    ("RS:\nRSUD = 55x5", "Line 2: a number may contain only digits, spaces, + and -."),
])
def test_bad_lines_are_named_by_their_line_number(app, text, message):
    with app.test_request_context(headers=EN):
        with pytest.raises(ValueError) as refused:
            parse_emergency_numbers(text)
    assert message in str(refused.value)


@pytest.fixture
def numbers_region(region):
    region.emergency_numbers = parse_emergency_numbers(GROUPED)
    region.contact_phone = "(021) 5588 8888"
    db.session.commit()
    g.region = region
    return region


def test_the_kontak_page_shows_112_first_then_each_group_with_tap_to_call_links(client, numbers_region):
    html = client.get("/kontak/", headers=EN).get_data(as_text=True)
    assert html.index('href="tel:112"') < html.index('href="tel:113"') < html.index(">Rumah sakit</h2>")
    assert html.index(">Rumah sakit</h2>") < html.index('href="tel:02155550001"') < html.index(">Listrik dan air</h2>")
    assert html.index(">Listrik dan air</h2>") < html.index('href="tel:123"')
    assert "<strong>021 5555 0001</strong> RSUD Kota Tangerang" in html  # the number in words too
    assert 'aria-labelledby="numbers-1"' in html and 'href="tel:02155888888"' in html


def test_the_home_card_shows_112_and_the_first_numbers(client, numbers_region):
    assert [n["number"] for n in card_context()["numbers"]] == ["113", "110", "021 5555 0001", "021-5555-0002"]
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert 'href="tel:112"' in html and 'href="tel:113"' in html and 'href="tel:021-5555-0002"' not in html


def test_the_kontak_page_stays_in_the_offline_cache():
    from webapp.modules.kontak import module

    assert "/kontak/" in module.offline_urls


def test_admin_saves_grouped_numbers_and_a_bad_line_comes_back_with_its_number(client, region):
    admin = quick_user(region, role=Role.REGION_ADMIN)
    sign_in(client, admin)
    form = {"name": region.name, "tagline": "", "kind": "kota", "timezone": "Asia/Jakarta", "default_locale": "id",
            "locales": ["id", "en"], "theme_color": "#0b6e4f", "modules": ["kontak"], "contact_phone": "",
            "contact_email": "", "address": "", "csrf_token": csrf_from(client.get("/staf/wilayah", headers=EN))}
    response = client.post("/staf/wilayah", data={**form, "emergency_numbers": GROUPED}, headers=EN)
    assert response.status_code == 302
    db.session.refresh(region)
    assert region.emergency_numbers[2] == {"label": "RSUD Kota Tangerang", "number": "021 5555 0001",
                                           "group": "Rumah sakit"}
    page = client.get("/staf/wilayah", headers=EN).get_data(as_text=True)
    assert "Rumah sakit:\nRSUD Kota Tangerang = 021 5555 0001" in page
    bad = client.post("/staf/wilayah", data={**form, "emergency_numbers": "Rumah sakit:\nRSUD (021) 5555"},
                      headers=EN)
    assert bad.status_code == 422 and "Line 2: write it as" in bad.get_data(as_text=True)

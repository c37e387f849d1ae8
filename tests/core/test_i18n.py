"""Language choice, and dates, numbers and Rupiah shown the way each language writes them."""
from datetime import datetime, timezone
from decimal import Decimal

import flask_babel
import pytest
from babel.numbers import format_currency, format_decimal
from flask import g
from flask_babel import force_locale

from webapp.core.i18n import date_filter, datetime_filter, number, rupiah


def test_indonesian_is_the_default(client, region):
    page = client.get("/")
    assert b'<html lang="id">' in page.data
    assert "Beranda".encode() in page.data


def test_lang_parameter_switches_and_is_remembered_in_a_cookie(client, region):
    first = client.get("/?lang=en")
    assert b'<html lang="en">' in first.data and b"Home" in first.data
    assert "lang=en" in first.headers.get("Set-Cookie", "")
    assert b'<html lang="en">' in client.get("/kontak/").data


def test_accept_language_is_used_when_nothing_was_chosen(client, region):
    assert b'<html lang="en">' in client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).data
    assert b'<html lang="id">' in client.get("/", headers={"Accept-Language": "fr"}).data


def test_cookie_choice_beats_accept_language(client, region):
    client.get("/?lang=id")
    assert b'<html lang="id">' in client.get("/", headers={"Accept-Language": "en"}).data


def test_a_language_the_region_does_not_offer_is_ignored(client, make_region):
    make_region("only-id", hosts=["localhost"], locales=["id"])
    response = client.get("/?lang=en")
    assert response.status_code == 200
    assert b'<html lang="id">' in response.data


def test_account_language_is_used_without_a_cookie(app, client, region, make_user):
    user = make_user(region, locale="en")
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert b'<html lang="en">' in client.get("/").data


@pytest.mark.parametrize("locale, expected", [("id", "Rp\u00a015.500"), ("en", "IDR\u00a015,500")])
def test_rupiah_has_no_cents_and_follows_the_locale(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert rupiah(15500) == expected


def test_times_are_shown_in_the_regions_time_zone(app, make_region):
    from flask import g

    noon_utc = datetime(2026, 3, 1, 5, 0, tzinfo=timezone.utc)
    for tz, hour in (("Asia/Jakarta", "12.00"), ("Asia/Makassar", "13.00"), ("Asia/Jayapura", "14.00")):
        region = make_region(timezone=tz)
        with app.app_context(), app.test_request_context():
            g.region = region
            with force_locale("id"):
                assert hour in datetime_filter(noon_utc, "short")


@pytest.mark.parametrize("locale", ["id", "en"])
def test_rupiah_and_numbers_are_written_exactly_as_babel_writes_them(app, locale):
    values = [0, 7, 999, 1000, 15500, 1234567, 10**12, -1, -15500, Decimal("1234.5"), Decimal("2.5"),
              Decimal("-7.25"), 3.75]
    with app.test_request_context(), force_locale(locale):
        for value in values:
            assert rupiah(value) == format_currency(value, "IDR", format="¤\u00a0#,##0", locale=locale,
                                                    currency_digits=False)
            for digits in (0, 1, 2):
                pattern = "#,##0" + ("." + "0" * digits if digits else "")
                assert number(value, digits) == format_decimal(value, format=pattern, locale=locale)


@pytest.mark.parametrize("tz", ["Asia/Jakarta", "Asia/Jayapura", "Europe/Berlin"])
def test_dates_and_times_are_written_exactly_as_flask_babel_writes_them(app, make_region, tz):
    region = make_region(timezone=tz)
    naive_utc = datetime(2025, 12, 31, 20, 15, 42)  # SQLite returns naive values, stored as UTC
    moments = [datetime(2026, 3, 1, 5, 0, tzinfo=timezone.utc), datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc),
               naive_utc]
    with app.test_request_context():
        g.region = region
        for locale in ("id", "en"):
            with force_locale(locale):
                for moment in moments:
                    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
                    for fmt in ("short", "medium", "long", "full", "d MMM yyyy, HH:mm", "yyyy-MM-dd'T'HH:mmxxx"):
                        assert datetime_filter(moment, fmt) == flask_babel.format_datetime(aware, fmt)
                    for fmt in ("short", "medium", "long", "full", "d MMM", "LLLL yyyy", "yyyy-MM-dd"):
                        assert date_filter(moment, fmt) == flask_babel.format_date(aware, fmt)
                        assert date_filter(aware.date(), fmt) == flask_babel.format_date(aware.date(), fmt)


def test_templates_translate_into_the_language_in_force(app):
    template = app.jinja_env.from_string("{{ _('Home') }}|{{ ngettext('%(num)d supporter', '%(num)d supporters', 2) }}")
    with app.test_request_context():
        with force_locale("en"):
            assert template.render() == "Home|2 supporters"
        with force_locale("id"):
            assert template.render().startswith("Beranda|")
        with force_locale("en"):
            assert template.render() == "Home|2 supporters"

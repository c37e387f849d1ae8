"""The price officers' day form: every tracked commodity on one page, prefilled, saved in one submit; the 30 %
confirmation; bad input coming back typed with nothing saved; who may enter for which market; corrections
kept in the history; and the day's status on the staff dashboard."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import sign_in
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.harga.models import DailyPrice, Market, MarketOfficer, Price, PriceChange
from webapp.modules.harga.prices import tracked_commodities

EN = {"Accept-Language": "en"}


def form_url(market="anyar", day=None):
    return f"/staf/harga/{market}/{day.isoformat()}"


def field(commodities, slug):
    return f"p-{commodities[slug].id}"


def post_prices(client, url, prices: dict, extra: dict | None = None, key: str | None = None):
    """Open the form (for its CSRF token and one-time key) and post `prices` {field name: text}."""
    page = client.get(url, headers=EN)
    data = {"csrf_token": csrf_from(page), **prices, **(extra or {})}
    data["idempotency_key"] = key or re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"',
                                               page.data).group(1).decode()
    return client.post(url, data=data, headers=EN)


def input_value(html: str, name: str) -> str:
    match = re.search(rf'<input [^>]*name="{name}" value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


def price_count() -> int:
    return db.session.execute(select(func.count(Price.id))).scalar_one()


def saved(markets, commodities, market, slug, day):
    return db.session.execute(select(Price.price).where(
        Price.market_id == markets[market].id, Price.commodity_id == commodities[slug].id,
        Price.day == day)).scalar_one_or_none()


# ------------------------------------------------------------------------------------------ the form

def test_the_form_has_every_tracked_commodity_with_a_large_numeric_field(client, officer, today, commodities):
    response = client.get(form_url(day=today), headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    tracked = tracked_commodities()
    assert html.count('inputmode="numeric"') == len(tracked) > 20
    assert html.count('autocomplete="off"') >= len(tracked)
    assert "Medium rice" in html and "Rp/kg" in html and "Rp/litre" in html
    assert "Rice and grains" in html and "Meat, eggs and fish" in html  # grouped
    label = re.search(rf'<label for="{field(commodities, "beras-medium")}">([^<]+)', html)
    assert label and "Medium rice" in label.group(1)


def test_fields_are_prefilled_with_the_days_price_or_the_last_known_one_marked_carried_over(
        client, officer, today, commodities, put_prices):
    put_prices(today - timedelta(days=3), {"anyar": {"beras-medium": 13500}})
    put_prices(today, {"anyar": {"gula": 18000}})
    html = client.get(form_url(day=today), headers=EN).get_data(as_text=True)
    assert input_value(html, field(commodities, "beras-medium")) == "13500"
    assert input_value(html, field(commodities, "gula")) == "18000"
    assert input_value(html, field(commodities, "garam")) == ""
    carried = re.search(rf'id="{field(commodities, "beras-medium")}-hint">(.*?)</p>', html).group(1)
    assert "Carried over" in carried and str((today - timedelta(days=3)).day) in carried
    assert "Carried over" not in re.search(rf'id="{field(commodities, "gula")}-hint">(.*?)</p>', html).group(1)
    empty = client.get(form_url(day=today) + "?kosong=1", headers=EN).get_data(as_text=True)
    assert input_value(empty, field(commodities, "beras-medium")) == ""
    assert input_value(empty, field(commodities, "gula")) == "18000"


def test_one_submit_saves_every_price_and_a_blank_field_saves_nothing(client, officer, today, commodities,
                                                                      markets):
    response = post_prices(client, form_url(day=today), {
        field(commodities, "beras-medium"): "13.500", field(commodities, "gula"): "Rp 18.000",
        field(commodities, "telur-ayam"): "29000", field(commodities, "garam"): "  "})
    assert response.status_code == 302
    assert price_count() == 3
    assert saved(markets, commodities, "anyar", "beras-medium", today) == 13500
    assert saved(markets, commodities, "anyar", "gula", today) == 18000
    assert saved(markets, commodities, "anyar", "garam", today) is None
    row = db.session.execute(select(Price).where(Price.commodity_id == commodities["gula"].id)).scalar_one()
    assert row.entered_by_id == officer.id and row.source == "form"
    assert db.session.execute(select(DailyPrice.median).where(
        DailyPrice.commodity_id == commodities["gula"].id, DailyPrice.day == today)).scalar_one() == 18000
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Pasar Anyar" in page and "3 prices saved." in page and "1 left empty." in page


def test_a_change_of_more_than_30_percent_is_saved_only_once_confirmed(client, officer, today, commodities,
                                                                        markets, put_prices):
    put_prices(today - timedelta(days=1), {"anyar": {"bawang-merah": 30000, "gula": 18000}})
    url = form_url(day=today)
    shallots, sugar = field(commodities, "bawang-merah"), field(commodities, "gula")
    response = post_prices(client, url, {shallots: "45000", sugar: "18500"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert price_count() == 2  # yesterday's only: not even the unremarkable sugar price
    assert "Please confirm" in html and "+50%" in html and "30,000" in html and "45,000" in html
    box = f'name="ok-{commodities["bawang-merah"].id}" value="45000"'
    assert box in html and f'name="ok-{commodities["gula"].id}"' not in html
    assert input_value(html, shallots) == "45000" and input_value(html, sugar) == "18500"

    # A box ticked for another number does not confirm this one.
    again = post_prices(client, url, {shallots: "46000", sugar: "18500"},
                        extra={f"ok-{commodities['bawang-merah'].id}": "45000"})
    assert again.status_code == 409 and saved(markets, commodities, "anyar", "bawang-merah", today) is None

    confirmed = post_prices(client, url, {shallots: "45000", sugar: "18500"},
                            extra={f"ok-{commodities['bawang-merah'].id}": "45000"})
    assert confirmed.status_code == 302
    assert saved(markets, commodities, "anyar", "bawang-merah", today) == 45000
    assert saved(markets, commodities, "anyar", "gula", today) == 18500


@pytest.mark.parametrize("typed, message", [
    ("-5000", "cannot be negative"), ("0", "more than zero"), ("abc", "whole rupiah"), ("15,5", "whole rupiah"),
    ("50", "too low"), ("999999999", "too high"),
])
def test_a_bad_price_comes_back_typed_with_422_and_nothing_is_saved(client, officer, today, commodities, typed,
                                                                    message):
    response = post_prices(client, form_url(day=today), {
        field(commodities, "beras-medium"): "13500", field(commodities, "gula"): typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert price_count() == 0  # not even the valid rice price
    assert "Nothing was saved" in html and message in html
    assert input_value(html, field(commodities, "gula")) == typed
    assert input_value(html, field(commodities, "beras-medium")) == "13500"
    assert re.search(rf'id="{field(commodities, "gula")}"[^>]*aria-invalid="true"', html)


def test_a_future_date_is_refused_with_a_message(client, officer, today, commodities):
    tomorrow = today + timedelta(days=1)
    assert client.get(form_url(day=tomorrow), headers=EN).status_code == 400
    token = csrf_from(client.get(form_url(day=today), headers=EN))
    response = client.post(form_url(day=tomorrow), data={"csrf_token": token,
                                                          field(commodities, "gula"): "18000"}, headers=EN)
    assert response.status_code == 400
    assert "cannot be entered for a date in the future" in response.get_data(as_text=True)
    assert price_count() == 0
    chooser = client.get(f"/staf/harga/?tanggal={tomorrow.isoformat()}", headers=EN)
    assert chooser.status_code == 400 and "in the future" in chooser.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/staf/harga/nowhere/{today}", "/staf/harga/anyar/2026-02-30",
                                  "/staf/harga/anyar/kemarin", "/staf/harga/nowhere/{today}/riwayat"])
def test_an_unknown_market_or_a_bad_date_is_not_found(client, officer, today, path):
    assert client.get(path.format(today=today.isoformat()), headers=EN).status_code == 404


def test_the_chooser_shows_each_markets_progress_and_opens_the_form(client, officer, today, put_prices):
    put_prices(today, {"anyar": {"gula": 18000, "garam": 11000}})
    html = client.get("/staf/harga/", headers=EN).get_data(as_text=True)
    total = len(tracked_commodities())
    assert f"2 of {total}" in html and f"0 of {total}" in html and "Partly" in html and "Not yet" in html
    assert f'href="/staf/harga/bandeng/{today.isoformat()}"' in html
    response = client.get(f"/staf/harga/?pasar=poris&tanggal={today.isoformat()}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staf/harga/poris/{today}")


# ------------------------------------------------------------------------------------------ who may

@pytest.mark.parametrize("role", [None, Role.EDITOR, Role.DEPARTMENT_OFFICER])
def test_people_without_the_role_get_403_and_save_nothing(client, harga_region, make_user, login, today,
                                                          commodities, role, make_department):
    department = make_department(harga_region) if role == Role.DEPARTMENT_OFFICER else None
    login(make_user(harga_region, role=role, department=department))
    assert client.get("/staf/harga/", headers=EN).status_code == 403
    assert client.get(form_url(day=today), headers=EN).status_code == 403
    token = csrf_from(client.get("/masuk", headers=EN))
    response = client.post(form_url(day=today), data={"csrf_token": token, field(commodities, "gula"): "18000"},
                           headers=EN)
    assert response.status_code == 403 and price_count() == 0


def test_signed_out_people_are_sent_to_sign_in(client, harga_region, today):
    response = client.get(form_url(day=today))
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_a_price_officer_of_another_region_cannot_enter_prices_here(client, harga_region, make_region, make_user,
                                                                    login, today, commodities):
    other = make_region("bogor", hosts=["bogor.test"], modules=["harga"])
    stranger = make_user(other, role=Role.PRICE_OFFICER)
    assert login(stranger, host="bogor.test").status_code == 302  # signed in at their own region's host
    token = csrf_from(client.get("/masuk", headers=EN))
    response = client.post(form_url(day=today), data={"csrf_token": token, field(commodities, "gula"): "18000"},
                           headers=EN)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    # Even with their session carried over to this host, an account of another region is nobody here.
    sign_in(client, stranger)
    response = client.post(form_url(day=today), data={"csrf_token": token, field(commodities, "gula"): "18000"},
                           headers=EN)
    assert response.status_code in (302, 403) and "/staf/harga/" not in response.headers.get("Location", "")
    assert client.get(form_url(day=today), headers=EN).status_code in (302, 403)
    assert price_count() == 0


def test_a_market_of_another_region_is_not_found(client, officer, make_region, today):
    other = make_region("bogor", hosts=["bogor.test"], modules=["harga"])
    db.session.add(Market(region_id=other.id, slug="pasar-bogor", name="Pasar Bogor"))
    db.session.commit()
    assert client.get(form_url("pasar-bogor", today), headers=EN).status_code == 404


def test_market_staff_enter_prices_only_for_their_own_markets(client, price_officer, login, markets, today,
                                                              commodities):
    db.session.add(MarketOfficer(market_id=markets["anyar"].id, user_id=price_officer.id))
    db.session.commit()
    login(price_officer)
    chooser = client.get("/staf/harga/", headers=EN).get_data(as_text=True)
    assert "Pasar Anyar" in chooser and "Pasar Bandeng" not in chooser
    assert client.get(form_url("bandeng", today), headers=EN).status_code == 403
    token = csrf_from(client.get(form_url("anyar", today), headers=EN))
    refused = client.post(form_url("bandeng", today), data={"csrf_token": token, field(commodities, "gula"): "18000"},
                          headers=EN)
    assert refused.status_code == 403 and price_count() == 0
    assert post_prices(client, form_url("anyar", today), {field(commodities, "gula"): "18000"}).status_code == 302
    assert price_count() == 1


def test_a_region_admin_enters_prices_too(client, region_admin, login, today, commodities, markets):
    login(region_admin)
    assert post_prices(client, form_url("poris", today), {field(commodities, "gula"): "18000"}).status_code == 302
    assert saved(markets, commodities, "poris", "gula", today) == 18000


# ------------------------------------------------------------------------------------------ corrections

def test_a_correction_keeps_the_old_price_in_the_history(client, officer, today, commodities, markets, put_prices):
    put_prices(today, {"anyar": {"beras-medium": 13500}})
    url = form_url(day=today)
    assert post_prices(client, url, {field(commodities, "beras-medium"): "14000"}).status_code == 302
    assert saved(markets, commodities, "anyar", "beras-medium", today) == 14000
    change = db.session.execute(select(PriceChange)).scalar_one()
    assert (change.old_price, change.new_price, change.changed_by_id) == (13500, 14000, officer.id)
    form = client.get(url, headers=EN).get_data(as_text=True)
    assert "1 correction of this day" in form
    history = client.get(url + "/riwayat", headers=EN)
    html = history.get_data(as_text=True)
    assert history.status_code == 200
    assert "Medium rice" in html and "13,500" in html and "14,000" in html and "Petugas Harga" in html


def test_clearing_a_saved_price_asks_first_then_removes_it_with_an_audit_row(client, officer, today, commodities,
                                                                              markets, put_prices):
    put_prices(today, {"anyar": {"gula": 18000}})
    url = form_url(day=today)
    sugar = field(commodities, "gula")
    response = post_prices(client, url, {sugar: ""})
    assert response.status_code == 409 and "would be removed" in response.get_data(as_text=True)
    assert saved(markets, commodities, "anyar", "gula", today) == 18000
    done = post_prices(client, url, {sugar: ""}, extra={f"ok-{commodities['gula'].id}": "remove"})
    assert done.status_code == 302
    assert saved(markets, commodities, "anyar", "gula", today) is None
    change = db.session.execute(select(PriceChange)).scalar_one()
    assert (change.old_price, change.new_price) == (18000, None)
    assert "removed" in client.get(url + "/riwayat", headers=EN).get_data(as_text=True)


def test_a_double_tapped_submit_saves_once(client, officer, today, commodities, put_prices):
    put_prices(today, {"anyar": {"gula": 18000}})
    url = form_url(day=today)
    page = client.get(url, headers=EN)
    key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data).group(1).decode()
    data = {"csrf_token": csrf_from(page), "idempotency_key": key, field(commodities, "gula"): "18500",
            field(commodities, "garam"): "11000"}
    first = client.post(url, data=data, headers=EN)
    second = client.post(url, data=data, headers=EN)
    assert first.status_code == second.status_code == 302
    assert price_count() == 2
    assert db.session.execute(select(func.count(PriceChange.id))).scalar_one() == 1


# ------------------------------------------------------------------------------------------ dashboard

def test_the_staff_dashboard_shows_todays_entry_to_price_officers_only(client, harga_region, make_user, login,
                                                                       today, put_prices):
    put_prices(today, {"bandeng": {"gula": 18000}})
    officer = make_user(harga_region, role=Role.PRICE_OFFICER)
    login(officer)
    html = client.get("/staf/", headers=EN).get_data(as_text=True)
    assert "Market prices today" in html
    assert f"1 of {len(tracked_commodities())} entered" in html
    assert f'href="/staf/harga/anyar/{today.isoformat()}"' in html
    editor = client.application.test_client()
    sign_in(editor, make_user(harga_region, role=Role.EDITOR))
    page = editor.get("/staf/", headers=EN)
    assert page.status_code == 200 and "Market prices today" not in page.get_data(as_text=True)


def test_the_history_names_a_platform_admin_who_corrected_a_price(client, harga_region, make_user, login, today,
                                                                  commodities, put_prices):
    put_prices(today, {"poris": {"gula": 18000}})
    login(make_user(harga_region, platform_admin=True, name="Admin Platform"))
    assert post_prices(client, form_url("poris", today), {field(commodities, "gula"): "18500"}).status_code == 302
    html = client.get(form_url("poris", today) + "/riwayat", headers=EN).get_data(as_text=True)
    assert "Admin Platform" in html and "18,500" in html

"""The region admin's API keys page (`/staf/api`): issuing a key (its secret shown once, only a digest kept),
the list with last use and status in words, revoking, and the Open311 jurisdiction id."""
from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.api import jurisdiction_id
from webapp.core.api.keys import authenticate, issue
from webapp.core.models import ApiKey, IdempotencyKey, Region, Role
from webapp.core.scoping import region_context
from webapp.extensions import db

EN = {"Accept-Language": "en"}
PAGE = "/staf/api"
SECRET = re.compile(r'id="new-secret" type="text" value="(srb_[A-Za-z0-9_-]+)"')


@pytest.fixture
def admin(region, client):
    user = quick_user(region, role=Role.REGION_ADMIN, name="Admin Tangerang")
    sign_in(client, user)
    return user


def page(client, url=PAGE, **kwargs):
    return client.get(url, headers=EN, **kwargs)


def idempotency_key(html: str) -> str:
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html)
    assert match, "no one-time key on the issue form"
    return match.group(1)


def issue_form(client, name="LAPOR! bridge", key=None, **extra):
    """Open the page, then send the issue form as a person would (its own one-time key unless `key`)."""
    html = page(client).get_data(as_text=True)
    data = {"name": name, "csrf_token": csrf_from(page(client)), "idempotency_key": key or idempotency_key(html), **extra}
    return client.post("/staf/api/kunci", data=data, headers=EN)


def secret_in(response) -> str | None:
    match = SECRET.search(response.get_data(as_text=True))
    return match.group(1) if match else None


def row_of(html: str, key: ApiKey) -> str:
    match = re.search(rf'<tr id="key-{key.id}">(.*?)</tr>', html, re.S)
    assert match, f"no row for key {key.id}"
    return match.group(1)


def make_key(region, name, user=None):
    """A key issued in `region` (as the service does), with its secret."""
    with region_context(region):
        return issue(name, user)


def keys_of_region():
    return list(db.session.execute(select(ApiKey)).scalars())


def fresh(row):
    db.session.refresh(row)
    return row


# Who may open it

@pytest.mark.parametrize("person", ["citizen", Role.DEPARTMENT_OFFICER, Role.EDITOR, Role.PRICE_OFFICER,
                                    Role.MANPOWER_OFFICER])
def test_only_the_region_admin_opens_the_page_and_its_forms(app, client, region, monkeypatch, person):
    key, _secret = make_key(region, "Call centre 112")
    user = quick_user(region, role=None if person == "citizen" else person)
    sign_in(client, user)
    assert page(client).status_code == 403
    assert page(client, f"/staf/api/kunci/{key.id}/cabut").status_code == 403
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the role is under test here, not CSRF
    assert client.post("/staf/api/kunci", data={"name": "Penyusup"}).status_code == 403
    assert client.post(f"/staf/api/kunci/{key.id}/cabut").status_code == 403
    assert client.post("/staf/api/yurisdiksi", data={"jurisdiction": "evil.test"}).status_code == 403
    assert [k.name for k in keys_of_region()] == ["Call centre 112"] and fresh(key).active
    assert "open311_jurisdiction" not in (fresh(region).settings or {})


def test_signed_out_visitors_are_sent_to_sign_in(client, region):
    response = page(client)
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_the_region_admin_opens_the_page_from_the_staff_menu(client, admin):
    response = page(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>API keys and Open311</h1>" in html and "No keys yet." in html
    menu = page(client, "/staf/").get_data(as_text=True)
    assert 'href="/staf/api"' in menu and "API keys and Open311" in menu


def test_the_page_explains_the_keys_and_links_the_open_data_and_discovery(client, admin):
    html = page(client).get_data(as_text=True)
    assert "LAPOR! bridge" in html and "call centre" in html and "Open311" in html
    assert 'href="/data"' in html
    assert 'href="http://localhost/open311/v2/discovery.xml"' in html


# Issuing

def test_issuing_shows_the_secret_once_and_keeps_only_its_digest(client, admin, caplog, region):
    caplog.set_level(logging.DEBUG)
    response = issue_form(client, name="LAPOR! bridge")
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    secret = secret_in(response)
    assert secret and len(secret) > 30
    assert "It will not be shown again" in html and "SHA-256" in html
    assert "Location" not in response.headers  # not handed on through a URL
    assert secret not in response.headers.get("Set-Cookie", "")
    with client.session_transaction() as session:  # nor kept in the session cookie (flash messages live there)
        assert secret not in repr(dict(session))

    [key] = keys_of_region()
    assert key.name == "LAPOR! bridge" and key.created_by_id == admin.id and key.active
    assert key.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert key.prefix == secret[:8] and key.prefix.startswith("srb_")
    stored = db.session.execute(select(ApiKey.__table__)).mappings().all()
    assert not any(secret in str(value) for row in stored for value in row.values())
    stored = db.session.execute(select(IdempotencyKey.__table__)).mappings().all()
    assert not any(secret in str(value) for row in stored for value in row.values())
    assert secret not in caplog.text

    again = page(client).get_data(as_text=True)
    assert secret not in again and secret[8:20] not in again
    assert f"<code>{key.prefix}…</code>" in row_of(again, key)
    with region_context(region):
        assert authenticate(secret).id == key.id


def test_a_double_submit_with_one_form_key_makes_one_key_and_shows_no_second_secret(client, admin, region):
    html = page(client).get_data(as_text=True)
    once = idempotency_key(html)
    first = issue_form(client, name="Call centre 112", key=once)
    second = issue_form(client, name="Call centre 112", key=once)
    assert first.status_code == 201 and secret_in(first)
    assert second.status_code == 200 and secret_in(second) is None
    assert secret_in(first) not in second.get_data(as_text=True)
    assert "This key was already created" in second.get_data(as_text=True)
    assert "Its secret was shown once" in second.get_data(as_text=True)
    assert "no-store" in second.headers["Cache-Control"]
    assert [k.name for k in keys_of_region()] == ["Call centre 112"]


def test_two_copies_racing_past_the_check_still_leave_one_key(client, admin, monkeypatch, region):
    """The second copy looks before the first has saved its form key: it makes a key, then finds the first
    copy's form key when saving its own, and must take its unseen key away again."""
    once = idempotency_key(page(client).get_data(as_text=True))
    first = issue_form(client, name="Call centre 112", key=once)
    from webapp.core import idempotency

    real = idempotency.previous_result
    calls = []

    def not_yet_saved(scope, key):
        calls.append(scope)
        return None if len(calls) == 1 else real(scope, key)

    monkeypatch.setattr(idempotency, "previous_result", not_yet_saved)
    second = issue_form(client, name="Call centre 112", key=once)
    assert len(calls) == 2  # the race really happened: looked, made a key, then found the first copy's
    assert second.status_code == 200 and secret_in(second) is None
    [key] = keys_of_region()
    assert key.digest == hashlib.sha256(secret_in(first).encode()).hexdigest()


def test_two_forms_with_their_own_keys_make_two_keys(client, admin, region):
    assert issue_form(client, name="LAPOR! bridge").status_code == 201
    assert issue_form(client, name="Call centre 112").status_code == 201
    assert sorted(k.name for k in keys_of_region()) == ["Call centre 112", "LAPOR! bridge"]


@pytest.mark.parametrize("name, message", [
    ("", "Please name the client that will use the key."),
    ("   ", "Please name the client that will use the key."),
    ("B" * 121, "Field cannot be longer than 120 characters."),
])
def test_a_missing_or_too_long_name_is_refused_with_what_was_typed_kept(client, admin, name, message, region):
    response = issue_form(client, name=name)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    if name.strip():
        assert f'value="{name}"' in html
    assert secret_in(response) is None and keys_of_region() == []


def test_a_post_without_the_csrf_token_is_refused(client, admin, region):
    html = page(client).get_data(as_text=True)
    response = client.post("/staf/api/kunci", data={"name": "LAPOR! bridge", "idempotency_key": idempotency_key(html)},
                           headers=EN)
    assert response.status_code == 400 and keys_of_region() == []
    key, _secret = make_key(region, "Call centre 112")
    assert client.post(f"/staf/api/kunci/{key.id}/cabut", headers=EN).status_code == 400
    assert client.post("/staf/api/yurisdiksi", data={"jurisdiction": "x.test"}, headers=EN).status_code == 400
    assert fresh(key).active and "open311_jurisdiction" not in (fresh(region).settings or {})


# The list

def test_the_list_shows_who_issued_each_key_when_in_the_regions_time_zone_and_never_used(client, admin, region):
    region.timezone = "Asia/Jayapura"  # WIT, UTC+9
    db.session.commit()
    key, _secret = make_key(region, "Call centre 112", admin)
    key.created_at = datetime(2025, 1, 5, 23, 30, tzinfo=timezone.utc)
    db.session.commit()
    row = row_of(page(client).get_data(as_text=True), key)
    assert "Jan 6, 2025, 8:30:00" in row and "by Admin Tangerang" in row
    assert "Never" in row and "Active" in row


def test_the_last_used_time_appears_once_the_key_has_been_used(client, admin, region):
    key, secret = make_key(region, "LAPOR! bridge", admin)
    assert "Never" in row_of(page(client).get_data(as_text=True), key)
    with region_context(region):
        assert authenticate(secret) is not None
    used = fresh(key).last_used_at
    assert used is not None
    row = row_of(page(client).get_data(as_text=True), key)
    assert "Never" not in row
    shown = format_datetime(used, "medium", tzinfo=ZoneInfo(region.timezone), locale="en")
    assert shown in row


def test_active_keys_come_first_newest_first_then_revoked_ones(client, admin, region):
    old, _s = make_key(region, "Old client", admin)
    revoked, _s = make_key(region, "Revoked client", admin)
    new, _s = make_key(region, "New client", admin)
    old.created_at = datetime(2024, 1, 1, tzinfo=timezone.utc)
    revoked.created_at = datetime(2025, 6, 1, tzinfo=timezone.utc)
    new.created_at = datetime(2025, 1, 1, tzinfo=timezone.utc)
    db.session.commit()
    client.post(f"/staf/api/kunci/{revoked.id}/cabut", data={"csrf_token": csrf_from(page(client))}, headers=EN)
    html = page(client).get_data(as_text=True)
    rows = [int(i) for i in re.findall(r'<tr id="key-(\d+)">', html)]
    assert rows == [new.id, old.id, revoked.id]


def test_a_key_issued_by_a_platform_admin_names_them(client, region):
    platform = quick_user(region, platform_admin=True, name="Operator Platform")
    sign_in(client, platform)
    assert issue_form(client, name="Dashboard BPS").status_code == 201
    [key] = keys_of_region()
    assert "by Operator Platform" in row_of(page(client).get_data(as_text=True), key)


# Revoking

def test_revoking_asks_first_then_stops_the_key_at_once(client, admin, region):
    key, secret = make_key(region, "LAPOR! bridge", admin)
    listing = page(client).get_data(as_text=True)
    assert f'href="/staf/api/kunci/{key.id}/cabut"' in row_of(listing, key)

    confirm = page(client, f"/staf/api/kunci/{key.id}/cabut")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Revoke the key “LAPOR! bridge”?" in text
    assert f'action="/staf/api/kunci/{key.id}/cabut"' in text and "cannot be undone" in text
    assert fresh(key).active  # opening the question changes nothing

    response = client.post(f"/staf/api/kunci/{key.id}/cabut", data={"csrf_token": csrf_from(confirm)}, headers=EN)
    assert response.status_code == 303 and response.headers["Location"].endswith("/staf/api")
    with region_context(region):
        assert authenticate(secret) is None
    html = page(client).get_data(as_text=True)
    assert "The key “LAPOR! bridge” is revoked." in html
    row = row_of(html, key)
    revoked_at = fresh(key).revoked_at
    assert "Revoked on" in row and "by Admin Tangerang" in row and str(revoked_at.year) in row
    assert "Active" not in row and "/cabut" not in row
    assert key.revoked_by_id == admin.id


def test_revoking_twice_changes_nothing(client, admin, region):
    key, _secret = make_key(region, "LAPOR! bridge", admin)
    token = csrf_from(page(client))
    client.post(f"/staf/api/kunci/{key.id}/cabut", data={"csrf_token": token}, headers=EN)
    first = fresh(key).revoked_at
    again = client.post(f"/staf/api/kunci/{key.id}/cabut", data={"csrf_token": token}, headers=EN, follow_redirects=True)
    assert again.status_code == 200 and "was already revoked" in again.get_data(as_text=True)
    assert fresh(key).revoked_at == first
    confirm = page(client, f"/staf/api/kunci/{key.id}/cabut", follow_redirects=True)
    assert "was already revoked" in confirm.get_data(as_text=True)


@pytest.fixture
def two_regions(make_region):
    a = make_region("a", hosts=["a.test"], name="Kota A")
    b = make_region("b", hosts=["b.test"], name="Kota B")
    with region_context(b):
        key_b, secret_b = issue("Bridge of B")
    with region_context(a):
        key_a, secret_a = issue("Bridge of A")
    return {"a": a, "b": b, "key_a": key_a, "secret_a": secret_a, "key_b": key_b, "secret_b": secret_b,
            "admin_a": quick_user(a, role=Role.REGION_ADMIN)}


def test_another_regions_key_is_not_found_and_not_listed(client, two_regions, region):
    sign_in(client, two_regions["admin_a"], host="a.test")
    a = {"base_url": "http://a.test", "headers": EN}
    key_b = two_regions["key_b"]
    listing = client.get(PAGE, **a)
    assert "Bridge of A" in listing.get_data(as_text=True) and "Bridge of B" not in listing.get_data(as_text=True)
    token = csrf_from(listing)
    assert client.get(f"/staf/api/kunci/{key_b.id}/cabut", **a).status_code == 404
    assert client.post(f"/staf/api/kunci/{key_b.id}/cabut", data={"csrf_token": token}, **a).status_code == 404
    assert fresh(key_b).active


def test_a_key_works_only_in_the_region_that_issued_it(two_regions, region):
    with region_context(two_regions["b"]):
        assert authenticate(two_regions["secret_a"]) is None
        assert authenticate(two_regions["secret_b"]).id == two_regions["key_b"].id
    with region_context(two_regions["a"]):
        assert authenticate(two_regions["secret_a"]).id == two_regions["key_a"].id


# The Open311 jurisdiction id

def jurisdiction_post(client, value, host="localhost"):
    url = f"http://{host}"
    token = csrf_from(client.get(PAGE, headers=EN, base_url=url))
    return client.post("/staf/api/yurisdiksi", data={"jurisdiction": value, "csrf_token": token}, headers=EN,
                       base_url=url)


def test_the_page_shows_the_default_jurisdiction_id_until_one_is_set(client, admin, region):
    html = page(client).get_data(as_text=True)
    assert "Current jurisdiction id: <code>localhost</code>" in html
    assert "to use the default, “localhost”" in html


def test_the_jurisdiction_id_is_saved_and_shown(client, admin, region):
    region.settings = {"data_licence": "CC0 1.0"}
    db.session.commit()
    response = jurisdiction_post(client, "TangerangKota.go.id")
    assert response.status_code == 303
    fresh(region)
    assert region.settings == {"data_licence": "CC0 1.0", "open311_jurisdiction": "tangerangkota.go.id"}
    assert jurisdiction_id(region) == "tangerangkota.go.id"
    html = page(client).get_data(as_text=True)
    assert "Current jurisdiction id: <code>tangerangkota.go.id</code>" in html
    assert 'value="tangerangkota.go.id"' in html


def test_a_blank_jurisdiction_id_goes_back_to_the_default(client, admin, region):
    region.settings = {"open311_jurisdiction": "tangerangkota.go.id", "data_licence": "CC0 1.0"}
    db.session.commit()
    assert jurisdiction_post(client, "  ").status_code == 303
    fresh(region)
    assert region.settings == {"data_licence": "CC0 1.0"} and jurisdiction_id(region) == "localhost"


@pytest.mark.parametrize("value, message", [
    ("tangerang kota", "Use only letters, digits, dots and hyphens"),
    ("tangerang.go.id:443", "Use only letters, digits, dots and hyphens"),
    ("kota/tangerang", "Use only letters, digits, dots and hyphens"),
    ("a" * 101, "Field cannot be longer than 100 characters."),
])
def test_a_bad_jurisdiction_id_is_refused_with_what_was_typed_kept(client, admin, region, value, message):
    response = jurisdiction_post(client, value)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and f'value="{value}"' in html and 'id="jurisdiction-error"' in html
    assert "open311_jurisdiction" not in (fresh(region).settings or {})


def test_another_regions_jurisdiction_id_or_host_is_refused(client, make_region, region):
    a = make_region("a", hosts=["a.test"], name="Kota A")
    b = make_region("b", hosts=["b.test", "kota-b.test"], name="Kota B", settings={"open311_jurisdiction": "kotab.go.id"})
    sign_in(client, quick_user(a, role=Role.REGION_ADMIN), host="a.test")
    for taken in ("KotaB.go.id", "kota-b.test"):
        response = jurisdiction_post(client, taken, host="a.test")
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Another region on this server already answers to" in html and f'value="{taken}"' in html
    assert "open311_jurisdiction" not in (fresh(a).settings or {})
    assert jurisdiction_post(client, "kota-a.go.id", host="a.test").status_code == 303
    assert fresh(a).settings["open311_jurisdiction"] == "kota-a.go.id"
    assert fresh(b).settings == {"open311_jurisdiction": "kotab.go.id"}
    regions = db.session.execute(select(Region).execution_options(all_regions=True)).scalars().all()
    ids = [jurisdiction_id(r) for r in regions]
    assert len(ids) == len(set(ids))

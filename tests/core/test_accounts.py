"""Registering, signing in and out, password reset and the account page, as a citizen meets them."""
from __future__ import annotations

import logging
import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from
from webapp.core.accounts.reset import make_token
from webapp.core.models import Role, User
from webapp.extensions import db, limiter

EN = {"Accept-Language": "en"}


def post_form(client, url, data, page_url=None, **kwargs):
    """Open the page with the form (for its CSRF token), then send `data` like a browser would."""
    token = csrf_from(client.get(page_url or url, headers=EN, **kwargs))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN, **kwargs)


def register(client, **fields):
    data = {"name": "Siti Aminah", "password": "sandi-rahasia", "confirm": "sandi-rahasia", **fields}
    return post_form(client, "/daftar", data)


def accounts_with(**filters):
    query = select(func.count(User.id)).filter_by(**filters).execution_options(all_regions=True)
    return db.session.execute(query).scalar_one()


def reload(user):
    """The user as the database has it now (requests ran in their own sessions)."""
    db.session.refresh(user)
    return user


def reset_link(caplog, client, login):
    """Ask for a reset link and pick it out of the log, where it goes when no mail server is set."""
    caplog.clear()
    with caplog.at_level(logging.INFO):
        post_form(client, "/lupa-sandi", {"login": login})
    match = re.search(r"https?://\S+/lupa-sandi/[\w.-]+", caplog.text)
    assert match, f"no reset link in the log: {caplog.text!r}"
    return match.group(0)


# Registering

def account_link(caplog) -> str:
    """The link of the last confirmation message (messages go to the log when no gateway is set)."""
    links = re.findall(r"https?://[^/\s]+(/daftar/buka/[\w.-]+)", caplog.text)
    assert links, f"no account link in the log: {caplog.text!r}"
    return links[-1]


def open_account(client, link, **kwargs):
    page = client.get(link, headers=EN, **kwargs)
    assert page.status_code == 200, page.status_code
    return client.post(link, data={"csrf_token": csrf_from(page)}, headers=EN, **kwargs)


def test_registering_by_phone_stores_it_in_international_form_and_opens_with_the_link_sent_to_it(
        client, region, caplog):
    with caplog.at_level(logging.INFO):
        response = register(client, phone="0812-3456-7890")
    assert response.status_code == 200 and b"Check your messages" in response.data
    assert b"0812-3456-7890" in response.data
    user = db.session.execute(select(User).where(User.phone == "+6281234567890")).scalar_one()
    assert user.region_id == region.id and user.email is None and user.confirmed_at is None
    assert client.get("/akun").status_code == 302  # not signed in yet
    assert "+6281234567890" in caplog.text
    link = account_link(caplog)
    assert client.get(link).status_code == 200 and reload(user).confirmed_at is None  # opening it changes nothing
    opened = open_account(client, link)
    assert opened.status_code == 302 and opened.headers["Location"] == "/akun"
    assert reload(user).confirmed_at is not None and b"Siti Aminah" in client.get("/akun").data
    assert client.get(link).status_code == 400  # once only


def test_registering_by_email_stores_it_lowercased_and_mails_the_link(client, region, caplog):
    with caplog.at_level(logging.INFO):
        assert register(client, email="Siti.Aminah@Example.ID").status_code == 200
    assert accounts_with(email="siti.aminah@example.id") == 1
    assert "to siti.aminah@example.id" in caplog.text and "/daftar/buka/" in caplog.text


def test_an_account_whose_link_was_not_opened_cannot_sign_in_and_says_so_like_a_wrong_password(client, region,
                                                                                             caplog):
    with caplog.at_level(logging.INFO):
        register(client, email="siti@example.id")
    response = post_form(client, "/masuk", {"login": "siti@example.id", "password": "sandi-rahasia"})
    assert response.status_code == 422 and b"The phone number, e-mail or password is not right." in response.data
    assert b"Just created an account? Open the link we sent" in response.data
    open_account(client, account_link(caplog))
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    assert post_form(client, "/masuk", {"login": "siti@example.id", "password": "sandi-rahasia"}).status_code == 302


def test_registering_looks_the_same_whether_or_not_the_contact_has_an_account(client, region, make_user, caplog):
    make_user(region, phone="+6281234567890", email=None)

    def page_for(phone):
        html = register(client, phone=phone).get_data(as_text=True)
        return re.sub(r'name="csrf_token" value="[^"]+"|0812-\d{4}-\d{4}|nonce-[\w+/=-]+|nonce="[^"]+"', "", html)

    assert page_for("0812-3456-7890") == page_for("0812-9999-0000")


def test_a_number_held_by_an_unopened_account_can_be_registered_by_its_owner(client, region, caplog):
    """Someone registered a number that is not theirs and never got the link: the owner is not blocked."""
    with caplog.at_level(logging.INFO):
        register(client, name="Orang Iseng", phone="0812-3456-7890", password="iseng-sekali-1", confirm="iseng-sekali-1")
        stale = account_link(caplog)
        caplog.clear()
        register(client, name="Siti Pemilik", phone="0812-3456-7890")
    assert accounts_with(phone="+6281234567890") == 1
    assert client.get(stale).status_code == 400
    assert open_account(client, account_link(caplog)).status_code == 302
    assert b"Siti Pemilik" in client.get("/akun").data


def test_a_reset_link_opens_an_account_whose_first_link_was_lost(client, region, caplog):
    with caplog.at_level(logging.INFO):
        register(client, email="siti@example.id")
    link = reset_link(caplog, client, "siti@example.id")
    response = post_form(client, link.replace("http://localhost", ""),
                         {"password": "sandi-baru-sekali", "confirm": "sandi-baru-sekali"})
    assert response.status_code == 302
    user = db.session.execute(select(User).where(User.email == "siti@example.id")).scalar_one()
    assert user.confirmed_at is not None and b"Siti Aminah" in client.get("/akun").data


def test_registering_without_phone_or_email_asks_for_one(client, region):
    response = register(client)
    assert response.status_code == 422
    assert b"Please give a mobile phone number or an e-mail address." in response.data


def test_registering_with_a_nonsense_phone_number_explains_and_keeps_it(client, region):
    response = register(client, phone="12ab")
    assert response.status_code == 422
    assert b"This is not a phone number we can use" in response.data
    assert b'value="12ab"' in response.data


def test_mismatched_password_confirmation_is_explained(client, region):
    response = register(client, phone="081234567890", confirm="sandi-lain-1")
    assert response.status_code == 422
    assert b"The two passwords are not the same." in response.data
    assert accounts_with(phone="+6281234567890") == 0


def test_registering_a_taken_phone_does_not_tell_a_stranger_and_notifies_the_owner(client, region, make_user,
                                                                                    caplog):
    make_user(region, phone="+6281234567890", email=None, name="Siti Pemilik")
    with caplog.at_level(logging.INFO):
        response = register(client, name="Budi Santoso", phone="+62 812 3456 7890")
    assert response.status_code == 200
    assert b"Check your messages" in response.data and b"0812-3456-7890" in response.data
    assert b"already has an account" not in response.data and b"Siti Pemilik" not in response.data
    assert b"sandi-rahasia" not in response.data  # passwords are never echoed back
    assert "+6281234567890" in caplog.text and "already has one" in caplog.text  # the owner's SMS
    assert accounts_with(phone="+6281234567890") == 1
    assert client.get("/akun").status_code == 302  # nobody was signed in


def test_registering_a_taken_email_sends_the_owner_sign_in_and_reset_links(client, region, make_user, caplog):
    make_user(region, email="siti@example.id")
    with caplog.at_level(logging.INFO):
        response = register(client, email="SITI@example.id")
    assert response.status_code == 200 and b"siti@example.id" in response.data
    assert "to siti@example.id" in caplog.text and "/masuk" in caplog.text and "/lupa-sandi" in caplog.text
    assert accounts_with(email="siti@example.id") == 1


@pytest.mark.parametrize("password", ["bismillah", "Password123", "sayangku"])
def test_registering_with_one_of_the_most_common_passwords_is_refused(client, region, password):
    response = register(client, phone="081234567890", password=password, confirm=password)
    assert response.status_code == 422
    assert b"one of the passwords people choose most often" in response.data
    assert accounts_with(phone="+6281234567890") == 0


@pytest.mark.parametrize("password", ["081234567890", "+6281234567890", "siti.aminah@example.id", "SitiAminah",
                                      "Kota Tangerang", "serambi!"])
def test_a_password_that_is_the_persons_own_contact_name_or_the_sites_name_is_refused(client, region, password):
    response = register(client, name="Siti Aminah", phone="0812-3456-7890", email="siti.aminah@example.id",
                        password=password, confirm=password)
    assert response.status_code == 422
    assert b"must not be your name, phone number or e-mail address" in response.data


def test_a_double_tapped_registration_creates_one_account_and_sends_one_message(client, region, caplog):
    page = client.get("/daftar", headers=EN)
    key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data).group(1).decode()
    data = {"name": "Siti", "phone": "081234567890", "password": "sandi-rahasia", "confirm": "sandi-rahasia",
            "idempotency_key": key, "csrf_token": csrf_from(page)}
    anonymous = client.get_cookie("session").value
    with caplog.at_level(logging.INFO):
        first = client.post("/daftar", data=data)
        client.set_cookie("session", anonymous)  # the second tap left before the first answer came back
        second = client.post("/daftar", data=data)
    assert first.status_code == second.status_code == 200
    assert accounts_with(phone="+6281234567890") == 1
    assert caplog.text.count("/daftar/buka/") == 1  # one message


def test_a_malformed_one_time_key_does_not_stop_registration(client, region):
    assert register(client, phone="081234567890", idempotency_key="k" * 5000).status_code == 200
    assert accounts_with(phone="+6281234567890") == 1


def test_the_same_phone_may_register_in_another_region(client, make_region, make_user):
    a = make_region("a", hosts=["a.test"])
    make_region("b", hosts=["b.test"])
    make_user(a, phone="+6281234567890")
    token = csrf_from(client.get("/daftar", base_url="http://b.test"))
    response = client.post("/daftar", base_url="http://b.test", data={
        "name": "Siti", "phone": "081234567890", "password": "sandi-rahasia", "confirm": "sandi-rahasia",
        "csrf_token": token})
    assert response.status_code == 200
    assert accounts_with(phone="+6281234567890") == 2


def test_absurdly_long_input_is_a_message_not_an_error(client, region):
    response = register(client, name="x" * 5000, email="a" * 5000 + "@example.id", password="p" * 5000)
    assert response.status_code == 422
    assert b"Field cannot be longer than" in response.data


@pytest.mark.parametrize("asked, went", [("/kontak/", "/kontak/"), ("https://evil.test/", "/akun")])
def test_the_account_link_goes_on_to_a_safe_next_page(client, region, caplog, asked, went):
    with caplog.at_level(logging.INFO):
        register(client, phone="081234567890", next=asked)
    assert open_account(client, account_link(caplog)).headers["Location"] == went


# Signing in

def test_sign_in_by_phone_typed_the_local_way(client, region, make_user):
    user = make_user(region, phone="+6281234567890", email=None)
    response = post_form(client, "/masuk", {"login": "0812-3456-7890", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/akun"
    assert reload(user).last_login_at is not None


def test_wrong_password_is_one_generic_message_and_keeps_the_login_typed(client, region, make_user):
    make_user(region, email="siti@example.id")
    wrong = post_form(client, "/masuk", {"login": "siti@example.id", "password": "salah-sekali"})
    unknown = post_form(client, "/masuk", {"login": "nobody@example.id", "password": "salah-sekali"})
    assert wrong.status_code == unknown.status_code == 422
    message = b"The phone number, e-mail or password is not right."
    assert message in wrong.data and message in unknown.data
    assert b'value="siti@example.id"' in wrong.data
    assert b"salah-sekali" not in wrong.data


def test_blocked_user_is_told_and_not_signed_in(client, region, make_user):
    user = make_user(region, blocked=True)
    response = post_form(client, "/masuk", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert b"This account has been blocked" in response.data
    assert client.get("/akun").status_code == 302


def test_an_account_of_region_a_cannot_sign_in_on_region_bs_host(client, make_region, caplog):
    make_region("a", hosts=["a.test"])
    make_region("b", hosts=["b.test"])
    token = csrf_from(client.get("/daftar", base_url="http://a.test"))
    with caplog.at_level(logging.INFO):
        client.post("/daftar", base_url="http://a.test", data={
            "name": "Siti", "email": "siti@example.id", "password": "sandi-rahasia", "confirm": "sandi-rahasia",
            "csrf_token": token})
    link = account_link(caplog)
    assert client.get(link, base_url="http://b.test").status_code == 400  # region A's link means nothing on B
    open_account(client, link, base_url="http://a.test")
    client.post("/keluar", base_url="http://a.test", data={"csrf_token": csrf_from(client.get("/akun", base_url="http://a.test"))})
    on_b = post_form(client, "/masuk", {"login": "siti@example.id", "password": "sandi-rahasia"},
                     base_url="http://b.test")
    assert on_b.status_code == 422
    on_a = post_form(client, "/masuk", {"login": "siti@example.id", "password": "sandi-rahasia"},
                     base_url="http://a.test")
    assert on_a.status_code == 302


def test_platform_admin_signs_in_on_any_regions_host(client, make_region, make_user):
    a = make_region("a", hosts=["a.test"])
    make_region("b", hosts=["b.test"])
    admin = make_user(a, platform_admin=True)
    response = post_form(client, "/masuk", {"login": admin.email, "password": PASSWORD}, base_url="http://b.test")
    assert response.status_code == 302


@pytest.mark.parametrize("target", ["https://evil.test/", "//evil.test/", "/\\evil.test", "javascript:alert(1)"])
def test_sign_in_never_redirects_to_another_site(client, region, make_user, target):
    user = make_user(region)
    response = post_form(client, "/masuk", {"login": user.email, "password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/akun"


def test_sign_in_returns_to_the_page_that_asked_for_it(client, region, make_user):
    user = make_user(region)
    asked = client.get("/akun")
    assert asked.status_code == 302 and "/masuk?next=" in asked.headers["Location"]
    page = client.get(asked.headers["Location"])
    assert b'name="next" type="hidden" value="/akun"' in page.data
    response = client.post("/masuk", data={"login": user.email, "password": PASSWORD, "next": "/akun",
                                           "csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/akun"


def test_remember_me_sets_a_lasting_cookie_only_when_asked(client, region, make_user):
    user = make_user(region)
    plain = post_form(client, "/masuk", {"login": user.email, "password": PASSWORD})
    assert not any("remember_token" in c for c in plain.headers.getlist("Set-Cookie"))
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    remembered = post_form(client, "/masuk", {"login": user.email, "password": PASSWORD, "remember": "y"})
    assert any("remember_token" in c for c in remembered.headers.getlist("Set-Cookie"))


@pytest.fixture
def limited_client(app, monkeypatch):
    """A client of a fresh app with rate limits switched on; the shared limiter is switched off afterwards."""
    from webapp import create_app
    from webapp.config import TestConfig

    monkeypatch.setattr(limiter, "enabled", False)  # remembered, and restored after the test
    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    return limited.test_client()


def test_sign_in_is_rate_limited_per_address(region, limited_client):
    codes = [post_form(limited_client, "/masuk", {"login": "x@example.id", "password": "salah-sekali"}).status_code
             for _ in range(11)]
    assert codes[:10] == [422] * 10
    assert codes[10] == 429


def test_registration_is_rate_limited_per_address(region, limited_client):
    codes = [register(limited_client, phone=f"0812345678{n:02d}").status_code for n in range(11)]
    assert codes[:10] == [200] * 10
    assert codes[10] == 429


def test_reset_requests_are_rate_limited_and_the_429_page_is_in_indonesian(region, limited_client):
    token = csrf_from(limited_client.get("/lupa-sandi"))
    codes = [limited_client.post("/lupa-sandi", data={"login": "x@example.id", "csrf_token": token}).status_code
             for _ in range(6)]
    assert codes == [302] * 5 + [429]
    refused = limited_client.post("/lupa-sandi", data={"login": "x@example.id", "csrf_token": token})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Terlalu banyak percobaan" in refused.get_data(as_text=True)  # Indonesian, the region's language


# Signing out

def test_sign_out_needs_a_post(client, region, make_user, login):
    login(make_user(region))
    assert client.get("/keluar").status_code == 405
    assert client.get("/akun").status_code == 200


def test_sign_out_clears_the_session_and_the_browser_cache(client, region, make_user, login):
    login(make_user(region))
    page = client.get("/akun", headers=EN)
    assert b'action="/keluar"' in page.data
    response = client.post("/keluar", data={"csrf_token": csrf_from(page)}, headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert b"You have signed out." in client.get("/", headers=EN).data
    assert client.get("/akun").status_code == 302


def test_sign_out_forgets_what_this_browser_tracked(client, region, make_user, login):
    login(make_user(region))
    with client.session_transaction() as session:
        session["my_codes"] = ["K7QM3XPD"]
    page = client.get("/akun")
    client.post("/keluar", data={"csrf_token": csrf_from(page)})
    with client.session_transaction() as session:
        assert "my_codes" not in session


def test_a_copy_of_the_session_cookie_stops_working_after_sign_out(app, client, region, make_user, login):
    login(make_user(region))
    copied = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/akun").status_code == 200  # a stolen cookie works while the session lasts ...
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    assert thief.get("/akun").status_code == 302  # ... and not a moment after signing out


def test_a_copy_of_the_remember_me_cookie_stops_working_after_sign_out(app, client, region, make_user):
    user = make_user(region)
    post_form(client, "/masuk", {"login": user.email, "password": PASSWORD, "remember": "y"})
    remembered = client.get_cookie("remember_token").value
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert thief.get("/akun").status_code == 302


def test_signing_in_starts_a_new_session_and_keeps_only_this_phones_reports(client, region, make_user):
    user = make_user(region)
    token = csrf_from(client.get("/masuk"))
    with client.session_transaction() as session:
        session["supporter"] = "anonymous-token"
        session["my_codes"] = ["K7QM3XPD"]
        anonymous_csrf = session["csrf_token"]
    client.post("/masuk", data={"login": user.email, "password": PASSWORD, "csrf_token": token})
    client.get("/akun")  # a page with forms: a CSRF secret of the new session
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{user.id}.")
        assert "supporter" not in session
        assert session["csrf_token"] != anonymous_csrf  # a token someone planted before sign-in is useless after
        assert session["my_codes"] == ["K7QM3XPD"]  # reports filed on this phone a moment ago still show


def test_changing_password_ends_a_remembered_sign_in_elsewhere(app, client, region, make_user, login):
    user = make_user(region)
    laptop = app.test_client()
    post_form(laptop, "/masuk", {"login": user.email, "password": PASSWORD, "remember": "y"})
    remembered = laptop.get_cookie("remember_token").value
    login(user)
    post_form(client, "/akun/sandi", {"current_password": PASSWORD, "new_password": "sandi-baru-1",
                                      "confirm": "sandi-baru-1"}, page_url="/akun")
    reopened = app.test_client()  # the laptop's browser restarted: only the remember-me cookie is left
    reopened.set_cookie("remember_token", remembered)
    assert reopened.get("/akun").status_code == 302


def test_sign_out_without_csrf_token_is_refused_and_keeps_you_signed_in(client, region, make_user, login):
    login(make_user(region))
    assert client.post("/keluar").status_code == 400
    assert client.get("/akun").status_code == 200


# Password reset

def test_password_reset_by_email_full_flow(client, region, make_user, caplog):
    user = make_user(region, email="siti@example.id")
    asked = post_form(client, "/lupa-sandi", {"login": "siti@example.id"})
    assert asked.status_code == 302
    link = reset_link(caplog, client, "Siti@Example.id")
    path = link.split("localhost", 1)[1]
    form = client.get(path, headers=EN)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    done = client.post(path, data={"password": "sandi-baru-1", "confirm": "sandi-baru-1",
                                   "csrf_token": csrf_from(form)})
    assert done.status_code == 302 and done.headers["Location"] == "/akun"
    assert client.get("/akun").status_code == 200  # signed in
    assert reload(user).check_password("sandi-baru-1")


def test_password_reset_says_the_same_whether_or_not_the_account_exists(client, region, make_user):
    make_user(region, email="siti@example.id")
    pages = []
    for login in ("siti@example.id", "nobody@example.id"):
        asked = post_form(client, "/lupa-sandi", {"login": login})
        assert asked.status_code == 302
        page = client.get(asked.headers["Location"], headers=EN).data
        assert f"If an account exists for {login}".encode() in page
        pages.append(re.sub(rb'value="[^"]*"', b"", page.replace(login.encode(), b"")))
    assert pages[0] == pages[1]


def test_phone_only_account_gets_the_link_by_sms(client, region, make_user, caplog):
    make_user(region, email=None, phone="+6281234567890")
    link = reset_link(caplog, client, "0812 3456 7890")
    assert "sms not sent" in caplog.text and "+6281234567890" in caplog.text
    assert client.get(link.split("localhost", 1)[1]).status_code == 200


def test_a_reset_link_works_only_once(client, region, make_user, caplog):
    make_user(region, email="siti@example.id")
    path = reset_link(caplog, client, "siti@example.id").split("localhost", 1)[1]
    token = csrf_from(client.get(path))
    client.post(path, data={"password": "sandi-baru-1", "confirm": "sandi-baru-1", "csrf_token": token})
    again = client.get(path, headers=EN)
    assert again.status_code == 400
    assert b"This link no longer works" in again.data
    assert b'href="/lupa-sandi"' in again.data


def test_an_expired_reset_link_is_refused(app, client, region, make_user, monkeypatch):
    user = make_user(region, email="siti@example.id")
    issued = int(time.time()) - app.config["PASSWORD_RESET_MAX_AGE"] - 60
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: issued)
        token = make_token(user)
    response = client.get(f"/lupa-sandi/{token}", headers=EN)
    assert response.status_code == 400 and b"This link no longer works" in response.data


def test_a_reset_refuses_the_accounts_own_email_as_the_new_password(client, region, make_user, caplog):
    make_user(region, email="siti.aminah@example.id")
    path = reset_link(caplog, client, "siti.aminah@example.id").split("localhost", 1)[1]
    token = csrf_from(client.get(path))
    response = client.post(path, data={"password": "Siti.Aminah@example.id", "confirm": "Siti.Aminah@example.id",
                                       "csrf_token": token}, headers=EN)
    assert response.status_code == 422
    assert b"must not be your name, phone number or e-mail address" in response.data


def test_a_forged_reset_link_is_refused(client, region):
    assert client.get("/lupa-sandi/not-a-token").status_code == 400


# The account page

def test_signed_in_pages_are_private_and_not_stored(client, region, make_user, login):
    login(make_user(region))
    assert client.get("/akun").headers["Cache-Control"] == "private, no-store"


def test_account_page_needs_sign_in(client, region):
    response = client.get("/akun")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_account_page_shows_the_details_and_staff_roles(client, region, make_user, make_department, login):
    department = make_department(region, name="Dinas Perhubungan")
    user = make_user(region, role=Role.DEPARTMENT_OFFICER, department=department, phone="+6281234567890")
    login(user)
    page = client.get("/akun", headers=EN).data
    assert user.name.encode() in page and b"0812-3456-7890" in page and user.email.encode() in page
    assert b"Department officer, Dinas Perhubungan" in page
    assert b'href="/staf/"' in page


def test_citizen_account_page_has_no_staff_section(client, region, make_user, login):
    login(make_user(region))
    assert b"Staff roles" not in client.get("/akun", headers=EN).data


def test_changing_the_name_is_saved_at_once(client, region, make_user, login):
    user = make_user(region, email="siti@example.id")
    login(user)
    response = post_form(client, "/akun/profil", {"name": "Siti Baru", "email": "siti@example.id"}, page_url="/akun")
    assert response.status_code == 302
    assert reload(user).name == "Siti Baru"
    assert b"Your name and contact details are saved." in client.get("/akun", headers=EN).data


def confirmation_link(caplog, kind="akun/kontak"):
    match = re.search(rf"https?://\S+/{kind}/[\w.-]+", caplog.text)
    assert match, f"no confirmation link in the log: {caplog.text!r}"
    return match.group(0).replace("http://localhost", "")


def test_a_new_phone_number_is_used_only_after_its_link_is_opened(client, region, make_user, login, caplog):
    user = make_user(region, email="siti@example.id")
    login(user)
    with caplog.at_level(logging.INFO):
        response = post_form(client, "/akun/profil", {"name": "Siti", "phone": "0812 1111 2222",
                                                      "email": "siti@example.id"}, page_url="/akun")
    assert response.status_code == 302
    assert reload(user).phone is None  # not yet
    assert "+6281211112222" in caplog.text  # the SMS with the link went to the new number
    assert b"We have sent a link by SMS to 0812-1111-2222" in client.get("/akun", headers=EN).data
    link = confirmation_link(caplog)
    page = client.get(link, headers=EN)
    assert page.status_code == 200 and b"0812-1111-2222" in page.data and reload(user).phone is None  # a GET changes nothing
    confirmed = client.post(link, data={"csrf_token": csrf_from(page)}, headers=EN)
    assert confirmed.status_code == 302 and reload(user).phone == "+6281211112222"
    assert client.get(link, headers=EN).status_code == 400  # once only


def test_taking_anothers_email_looks_the_same_to_the_asker_and_tells_the_owner(client, region, make_user, login,
                                                                                caplog):
    owner = make_user(region, email="budi@example.id", name="Budi Pemilik")
    user = make_user(region, email="siti@example.id")
    login(user)
    with caplog.at_level(logging.INFO):
        response = post_form(client, "/akun/profil", {"name": "Siti", "email": "BUDI@example.id"}, page_url="/akun")
    assert response.status_code == 302
    page = client.get("/akun", headers=EN).data
    assert b"We have sent a link to budi@example.id" in page and b"already has an account" not in page
    assert "/akun/kontak/" not in caplog.text  # no link that could make the change
    assert "to budi@example.id" in caplog.text and "another" in caplog.text  # the owner is told
    assert reload(user).email == "siti@example.id" and reload(owner).email == "budi@example.id"


def test_a_confirmation_link_works_only_for_its_own_account_and_until_the_password_changes(
        client, region, make_user, login, caplog):
    user = make_user(region, email="siti@example.id")
    other = make_user(region, email="lain@example.id")
    login(user)
    with caplog.at_level(logging.INFO):
        post_form(client, "/akun/profil", {"name": "Siti", "email": "baru@example.id"}, page_url="/akun")
    link = confirmation_link(caplog)
    login(other)
    assert client.get(link, headers=EN).status_code == 400
    login(user)
    user.set_password("sandi-yang-baru-sekali")
    user.session_version += 1
    db.session.commit()
    login(user, password="sandi-yang-baru-sekali")
    assert client.get(link, headers=EN).status_code == 400
    assert reload(user).email == "siti@example.id"


def test_removing_a_contact_keeps_at_least_one_confirmed_one(client, region, make_user, login, caplog):
    user = make_user(region, email="siti@example.id", phone="+6281234567890")
    login(user)
    response = post_form(client, "/akun/profil", {"name": "Siti", "phone": "0812-3456-7890", "email": ""},
                         page_url="/akun")
    assert response.status_code == 302 and reload(user).email is None  # the phone is still there: removed
    with caplog.at_level(logging.INFO):
        post_form(client, "/akun/profil", {"name": "Siti", "phone": "", "email": "baru@example.id"}, page_url="/akun")
    assert reload(user).phone == "+6281234567890"  # kept until the new e-mail is confirmed
    assert b"Your current phone number stays" in client.get("/akun", headers=EN).data


def test_changing_language_saves_it_and_sets_the_cookie(client, region, make_user, login):
    user = make_user(region, locale="id")
    login(user)
    response = post_form(client, "/akun/bahasa", {"locale": "en"}, page_url="/akun")
    assert response.status_code == 302
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    assert reload(user).locale == "en"
    page = client.get("/akun")
    assert b'<html lang="en">' in page.data and b"Language saved." in page.data


def test_a_language_the_region_does_not_offer_is_refused(client, region, make_user, login):
    login(make_user(region))
    assert post_form(client, "/akun/bahasa", {"locale": "fr"}, page_url="/akun").status_code == 422


def test_changing_password_needs_the_current_one(client, region, make_user, login):
    user = make_user(region)
    login(user)
    response = post_form(client, "/akun/sandi", {"current_password": "salah-sekali", "new_password": "sandi-baru-1",
                                                "confirm": "sandi-baru-1"}, page_url="/akun")
    assert response.status_code == 422
    assert b"This is not your current password." in response.data
    assert reload(user).check_password(PASSWORD)


def test_changing_password_signs_out_other_devices_but_not_this_one(app, client, region, make_user, login):
    user = make_user(region)
    other_device = app.test_client()
    token = csrf_from(other_device.get("/masuk"))
    other_device.post("/masuk", data={"login": user.email, "password": PASSWORD, "csrf_token": token})
    assert other_device.get("/akun").status_code == 200
    login(user)
    response = post_form(client, "/akun/sandi", {"current_password": PASSWORD, "new_password": "sandi-baru-1",
                                                "confirm": "sandi-baru-1"}, page_url="/akun")
    assert response.status_code == 302
    assert client.get("/akun").status_code == 200
    moved = other_device.get("/akun")
    assert moved.status_code == 302 and moved.headers["Location"].startswith("/masuk")


def test_a_new_password_from_the_common_list_is_refused_on_the_account_page(client, region, make_user, login):
    user = make_user(region)
    login(user)
    response = post_form(client, "/akun/sandi", {"current_password": PASSWORD, "new_password": "iloveyou1",
                                                "confirm": "iloveyou1"}, page_url="/akun")
    assert response.status_code == 422
    assert b"one of the passwords people choose most often" in response.data
    assert reload(user).check_password(PASSWORD)


def test_account_form_without_csrf_token_is_400(app, region, make_user, login):
    user = make_user(region)
    login(user)
    fresh = app.test_client()
    assert fresh.post("/akun/profil", data={"name": "X"}).status_code == 400


def test_a_set_password_link_for_a_new_staff_account_lasts_days_but_a_reset_link_does_not(
        app, client, region, make_user, monkeypatch):
    user = make_user(region, email="staf.baru@example.id")
    two_days_ago = int(time.time()) - 2 * 86400
    with monkeypatch.context() as m:
        m.setattr(TimestampSigner, "get_timestamp", lambda self: two_days_ago)
        invite, reset = make_token(user, invite=True), make_token(user)
    assert client.get(f"/lupa-sandi/{invite}", headers=EN).status_code == 200
    assert client.get(f"/lupa-sandi/{reset}", headers=EN).status_code == 400

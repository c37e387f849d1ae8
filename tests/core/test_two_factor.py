"""Two-factor sign-in: setting it up from the account page, the code after the password, recovery codes,
switching it off, and the region setting that makes staff set it up before any staff page opens."""
from __future__ import annotations

import re

import pyotp
import pytest

from tests.conftest import PASSWORD, csrf_from
from tests.core.test_staff import settings
from webapp.core.accounts import pending, two_factor
from webapp.core.accounts.reset import make_token
from webapp.core.models import Role, User
from webapp.extensions import db

EN = {"Accept-Language": "en"}
T0 = 1_800_000_000 // 30 * 30  # the start of a 30-second time step


@pytest.fixture
def step(monkeypatch):
    """Set the server's clock to time step `n` (30 seconds each) after T0: `step(2)`."""

    def move(n: int):
        monkeypatch.setattr(two_factor, "_now", lambda: T0 + n * 30 + 1)

    move(0)
    return move


def code(secret: str, n: int) -> str:
    """What the authenticator app shows at time step `n` after T0."""
    return pyotp.TOTP(secret).at(T0 + n * 30 + 1)


def fresh(user: User) -> User:
    db.session.refresh(user)
    return user


def enrol(client, n: int = 0, url: str = "/akun/dua-langkah"):
    """Set two-factor sign-in up through the page at step `n`; returns (secret, recovery codes, response)."""
    page = client.get(url, headers=EN)
    secret = re.search(rb"<code>([A-Z2-7 ]{20,})</code>", page.data).group(1).decode().replace(" ", "")
    response = client.post(url, headers=EN, data={
        "password": PASSWORD, "code": code(secret, n), "csrf_token": csrf_from(page)})
    return secret, [c.decode() for c in re.findall(rb"<li><code>([0-9a-z-]{19})</code></li>", response.data)], response


def sign_out(client):
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})


def password_step(client, user):
    token = csrf_from(client.get("/masuk"))
    return client.post("/masuk", data={"login": user.email, "password": PASSWORD, "csrf_token": token}, headers=EN)


def code_step(client, text, recovery=False):
    url = "/masuk/kode?cara=cadangan" if recovery else "/masuk/kode"
    token = csrf_from(client.get(url, headers=EN))
    return client.post(url, data={"code": text, "csrf_token": token}, headers=EN)


@pytest.fixture
def officer(region, make_user, login, client):
    user = make_user(region, role=Role.EDITOR, email="editor@example.id")
    login(user)
    return user


# Setting it up

def test_setting_up_shows_a_qr_code_and_the_key_and_asks_for_the_password_and_a_code(client, officer, step):
    page = client.get("/akun/dua-langkah", headers=EN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert '<svg' in html and 'class="qr"' in html and "<title>QR code" in html
    assert re.search(r'<input[^>]*autocomplete="one-time-code"[^>]*id="code"[^>]*inputmode="numeric"', html)
    assert '<label for="code">' in html and '<label for="password">' in html
    secret = re.search(r"<code>([A-Z2-7 ]{20,})</code>", html).group(1).replace(" ", "")
    token = csrf_from(page)
    wrong_code = client.post("/akun/dua-langkah", headers=EN, data={
        "password": PASSWORD, "code": "000000" if code(secret, 0) != "000000" else "111111", "csrf_token": token})
    assert wrong_code.status_code == 422 and b"This code is not right." in wrong_code.data
    wrong_password = client.post("/akun/dua-langkah", headers=EN, data={
        "password": "salah-sekali", "code": code(secret, 0), "csrf_token": token})
    assert wrong_password.status_code == 422 and b"This is not your current password." in wrong_password.data
    assert not fresh(officer).uses_two_factor
    assert secret in client.get("/akun/dua-langkah").get_data(as_text=True).replace(" ", "")  # the same key stays


def test_turning_it_on_shows_ten_recovery_codes_once(client, officer, step):
    secret, codes, response = enrol(client)
    assert response.status_code == 200 and b"Two-factor sign-in is on" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    assert len(set(codes)) == 10
    assert fresh(officer).uses_two_factor and two_factor.secret_of(officer) == secret
    account = client.get("/akun", headers=EN).get_data(as_text=True)
    assert "10 recovery codes left." in account and codes[0] not in account


# Signing in with it

def test_sign_in_asks_for_the_code_after_the_password(client, officer, step):
    secret, _codes, _ = enrol(client)
    sign_out(client)
    step(1)
    first = password_step(client, officer)
    assert first.status_code == 302 and first.headers["Location"] == "/masuk/kode"
    assert client.get("/akun").status_code == 302  # nobody is signed in between the two steps
    second = code_step(client, code(secret, 1))
    assert second.status_code == 302 and second.headers["Location"] == "/akun"
    assert client.get("/akun").status_code == 200


def test_a_code_is_refused_when_wrong_or_used_before(client, officer, step):
    secret, _codes, _ = enrol(client)
    sign_out(client)
    step(1)
    password_step(client, officer)
    wrong = code_step(client, "12345")
    assert wrong.status_code == 422 and b"This code is not right." in wrong.data
    assert code_step(client, code(secret, 1)).status_code == 302
    sign_out(client)
    password_step(client, officer)
    reused = code_step(client, code(secret, 1))  # someone who watched it being typed, a moment later
    assert reused.status_code == 422 and client.get("/akun").status_code == 302


def test_a_code_of_the_step_before_or_after_is_accepted_but_never_an_older_one(app, officer, step):
    secret = two_factor.new_secret()
    two_factor.turn_on(officer, secret, step=100)
    now = T0 + 102 * 30 + 1
    assert two_factor.use_app_code(officer, code(secret, 101), now=now)  # the phone's clock 30 s behind
    assert not two_factor.use_app_code(officer, code(secret, 101), now=now)  # once only
    assert not two_factor.use_app_code(officer, code(secret, 100), now=now)  # two steps back
    assert two_factor.use_app_code(officer, code(secret, 103), now=now)  # 30 s ahead
    assert not two_factor.use_app_code(officer, code(secret, 102), now=now)  # older than one accepted


# The secret at rest

def test_the_secret_is_stored_encrypted_so_a_copied_database_gives_no_second_factor(app, officer, step):
    secret = two_factor.new_secret()
    two_factor.turn_on(officer, secret, step=0)
    stored = fresh(officer).two_factor_secret
    assert secret not in stored and stored.startswith(two_factor.SEALED_PREFIX)
    assert two_factor.use_app_code(officer, code(secret, 1))


def test_a_secret_stored_in_clear_by_an_older_version_still_works_and_is_sealed_on_use(app, officer, step):
    secret = two_factor.new_secret()
    two_factor.turn_on(officer, secret, step=0)
    officer.two_factor_secret = secret  # as an install before encryption left it
    db.session.commit()
    assert two_factor.use_app_code(officer, code(secret, 1))
    assert secret not in fresh(officer).two_factor_secret and two_factor.secret_of(officer) == secret


def test_after_a_key_rotation_the_old_key_still_opens_it_and_a_lost_key_fails_closed(app, officer, step):
    secret = two_factor.new_secret()
    two_factor.turn_on(officer, secret, step=0)
    sealed_before = fresh(officer).two_factor_secret
    old_key = app.config["SECRET_KEY"]
    app.config.update(SECRET_KEY="a-new-secret-key", SECRET_KEY_FALLBACKS=[old_key])
    try:
        step(1)
        assert two_factor.use_app_code(officer, code(secret, 1))
        assert fresh(officer).two_factor_secret != sealed_before  # sealed again with the new key
        app.config["SECRET_KEY_FALLBACKS"] = []
        step(2)
        assert two_factor.use_app_code(officer, code(secret, 2))  # the new key alone opens it now
        app.config["SECRET_KEY"] = "yet-another-key"
        step(3)
        assert not two_factor.use_app_code(officer, code(secret, 3))  # no key opens it: refused, no 500
    finally:
        app.config.update(SECRET_KEY=old_key, SECRET_KEY_FALLBACKS=[])


def test_a_recovery_code_signs_in_once_and_tells_how_many_are_left(client, officer, step):
    _secret, codes, _ = enrol(client)
    sign_out(client)
    password_step(client, officer)
    page = client.get("/masuk/kode?cara=cadangan", headers=EN).get_data(as_text=True)
    assert "Recovery code" in page and 'inputmode="text"' in page
    done = code_step(client, codes[3].upper().replace("-", " "), recovery=True)  # typed loosely
    assert done.status_code == 302
    assert "9 recovery codes are left." in client.get("/akun", headers=EN).get_data(as_text=True)
    sign_out(client)
    password_step(client, officer)
    assert code_step(client, codes[3], recovery=True).status_code == 422


def test_five_wrong_codes_pause_signing_in(client, officer, step):
    enrol(client)
    sign_out(client)
    password_step(client, officer)
    for _ in range(4):
        assert code_step(client, "000001").status_code == 422
    paused = code_step(client, "000001")
    assert paused.status_code == 302 and paused.headers["Location"] == "/masuk"
    assert b"paused for 15 minutes" in client.get("/masuk", headers=EN).data
    assert b"paused for 15 minutes" in password_step(client, officer).data


def test_the_code_step_expires(client, officer, step, monkeypatch):
    enrol(client)
    sign_out(client)
    password_step(client, officer)
    monkeypatch.setattr(pending, "PENDING_SECONDS", -1)
    response = client.get("/masuk/kode")
    assert response.status_code == 302 and response.headers["Location"] == "/masuk"


def test_a_reset_link_does_not_skip_the_code(client, officer, step):
    secret, _codes, _ = enrol(client)
    sign_out(client)
    path = f"/lupa-sandi/{make_token(fresh(officer))}"
    form = client.get(path)
    done = client.post(path, data={"password": "sandi-baru-1", "confirm": "sandi-baru-1",
                                   "csrf_token": csrf_from(form)})
    assert done.status_code == 302 and done.headers["Location"] == "/masuk/kode"
    assert client.get("/akun").status_code == 302
    step(1)
    assert code_step(client, code(secret, 1)).status_code == 302
    assert client.get("/akun").status_code == 200


# Switching it off

def test_switching_it_off_needs_the_password_and_a_code(client, officer, step):
    secret, _codes, _ = enrol(client)
    page = client.get("/akun", headers=EN)
    assert b"Switch two-factor sign-in off" in page.data
    step(1)
    refused = client.post("/akun/dua-langkah/matikan", headers=EN, data={
        "password": PASSWORD, "code": "000001", "csrf_token": csrf_from(page)})
    assert refused.status_code == 422 and b"This code is not right." in refused.data
    assert fresh(officer).uses_two_factor
    done = client.post("/akun/dua-langkah/matikan", data={
        "password": PASSWORD, "code": code(secret, 1), "csrf_token": csrf_from(page)})
    assert done.status_code == 302 and not fresh(officer).uses_two_factor
    sign_out(client)
    assert password_step(client, officer).headers["Location"] == "/akun"


def test_the_account_page_offers_it_to_staff_but_not_to_citizens(client, region, make_user, login):
    citizen = make_user(region)
    login(citizen)
    assert b"Two-factor sign-in" not in client.get("/akun", headers=EN).data
    sign_out(client)
    login(make_user(region, role=Role.PRICE_OFFICER))
    assert b'href="/akun/dua-langkah"' in client.get("/akun", headers=EN).data


# The region's requirement

def test_a_region_that_asks_for_it_sends_staff_to_set_it_up_before_any_staff_page(client, region, officer, step):
    region.settings = {"require_two_factor": True}
    db.session.commit()
    sent = client.get("/staf/", headers=EN)
    assert sent.status_code == 302 and sent.headers["Location"] == "/akun/dua-langkah?next=/staf/"
    setup = client.get(sent.headers["Location"], headers=EN)
    assert b"Your region asks staff to use two-factor sign-in" in setup.data
    _secret, _codes, done = enrol(client, url=sent.headers["Location"])
    assert b'class="button" href="/staf/"' in done.data  # "go on" returns to the page that asked
    assert client.get("/staf/").status_code == 200


def test_without_the_setting_staff_pages_open_without_it(client, officer):
    assert client.get("/staf/").status_code == 200


def test_platform_admins_must_set_it_up_once_any_region_asks(client, make_region, make_user, login):
    a = make_region("a", hosts=["a.test"])
    make_region("b", hosts=["b.test"], settings={"require_two_factor": True})
    admin = make_user(a, platform_admin=True)
    login(admin, host="a.test")
    response = client.get("/platform/", base_url="http://a.test")
    assert response.status_code == 302 and response.headers["Location"].startswith("/akun/dua-langkah")


def test_the_region_admin_turns_the_requirement_on_in_the_region_settings(client, region, make_user, login, step):
    admin = make_user(region, role=Role.REGION_ADMIN)
    login(admin)
    enrol(client)
    page = client.get("/staf/wilayah", headers=EN)
    assert b"Staff must use two-factor sign-in" in page.data
    response = client.post("/staf/wilayah", headers=EN, data={
        **settings(region, require_two_factor="y"), "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    db.session.refresh(region)
    assert region.settings["require_two_factor"] is True
    page = client.get("/staf/wilayah", headers=EN)
    assert re.search(rb'<input[^>]*checked[^>]*name="require_two_factor"', page.data)
    client.post("/staf/wilayah", headers=EN, data={**settings(region), "csrf_token": csrf_from(page)})
    db.session.refresh(region)
    assert "require_two_factor" not in region.settings


def test_a_region_admin_switches_it_off_for_a_staff_member_who_lost_their_phone(app, client, region, officer, step,
                                                                               make_user, login):
    enrol(client)
    sign_out(client)
    admin = make_user(region, role=Role.REGION_ADMIN)
    login(admin)
    detail = client.get(f"/staf/pengguna/{officer.id}", headers=EN)
    assert b"Switch two-factor sign-in off" in detail.data
    response = client.post(f"/staf/pengguna/{officer.id}/dua-langkah/matikan", data={"csrf_token": csrf_from(detail)})
    assert response.status_code == 302 and not fresh(officer).uses_two_factor


def test_other_staff_cannot_switch_it_off_for_someone_else(app, client, region, officer, make_user, step):
    enrol(client)
    colleague = app.test_client()
    other = make_user(region, role=Role.EDITOR)
    token = csrf_from(colleague.get("/masuk"))
    colleague.post("/masuk", data={"login": other.email, "password": PASSWORD, "csrf_token": token})
    response = colleague.post(f"/staf/pengguna/{officer.id}/dua-langkah/matikan",
                              data={"csrf_token": csrf_from(colleague.get("/akun"))})
    assert response.status_code == 403 and fresh(officer).uses_two_factor

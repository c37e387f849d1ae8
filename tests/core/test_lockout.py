"""Repeated failed sign-ins pause signing in with that phone number or e-mail, for every process and
address alike, without telling a stranger whether an account exists."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from
from webapp.core.accounts import lockout
from webapp.core.accounts.models import SignInThrottle
from webapp.core.accounts.reset import make_token
from webapp.core.models import Role, utcnow
from webapp.extensions import db

EN = {"Accept-Language": "en"}
PAUSED = b"signing in with it is paused for 15 minutes"


def sign_in(client, login, password, address="10.0.0.1"):
    """Sign in from `address` (REMOTE_ADDR), as a browser on that network would."""
    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/masuk", headers=EN, environ_base=environ))
    return client.post("/masuk", data={"login": login, "password": password, "csrf_token": token}, headers=EN,
                       environ_base=environ)


def fail(client, login, times, address="10.0.0.1"):
    return [sign_in(client, login, "salah-sekali", address) for _ in range(times)][-1]


@pytest.fixture
def clock(monkeypatch):
    """Move the lockout's clock forward: `clock(minutes=16)`."""
    start = utcnow()

    def move(**delta):
        monkeypatch.setattr(lockout, "utcnow", lambda: start + timedelta(**delta))

    return move


def test_five_wrong_passwords_pause_sign_in_even_with_the_right_password(client, region, make_user):
    user = make_user(region, email="siti@example.id")
    assert PAUSED not in fail(client, "siti@example.id", 4).data
    fifth = fail(client, "siti@example.id", 1)
    assert fifth.status_code == 422 and PAUSED in fifth.data and b"ask for a new password" in fifth.data
    right = sign_in(client, "siti@example.id", PASSWORD)
    assert right.status_code == 422 and PAUSED in right.data
    assert client.get("/akun").status_code == 302
    db.session.refresh(user)
    assert user.last_login_at is None


def test_the_pause_reads_the_same_for_a_login_without_an_account(client, region, make_user):
    make_user(region, email="siti@example.id")
    pages = []
    for login in ("siti@example.id", "nobody@example.id"):
        page = fail(client, login, 6)
        assert page.status_code == 422 and PAUSED in page.data
        pages.append(re.sub(rb'value="[^"]*"', b"", page.data.replace(login.encode(), b"")))
    assert pages[0] == pages[1]


def test_the_pause_holds_for_every_address_and_process(app, client, region, make_user):
    make_user(region, email="siti@example.id")
    fail(client, "siti@example.id", 5, address="10.0.0.1")
    other_worker = app.test_client()  # another browser, on another network, served by another process
    response = sign_in(other_worker, "siti@example.id", PASSWORD, address="172.16.0.9")
    assert PAUSED in response.data
    # The count lives in the database, where every worker process reads it.
    assert db.session.execute(select(func.count(SignInThrottle.id))).scalar_one() == 1


def test_phone_and_email_of_one_account_share_one_count(client, region, make_user):
    make_user(region, email="siti@example.id", phone="+6281234567890")
    fail(client, "siti@example.id", 3)
    fifth = fail(client, "0812-3456-7890", 2)
    assert PAUSED in fifth.data


def test_a_successful_sign_in_starts_the_count_again(client, region, make_user):
    make_user(region, email="siti@example.id")
    fail(client, "siti@example.id", 4)
    assert sign_in(client, "siti@example.id", PASSWORD).status_code == 302
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    assert PAUSED not in fail(client, "siti@example.id", 4).data
    assert sign_in(client, "siti@example.id", PASSWORD).status_code == 302


def test_the_pause_ends_after_15_minutes_and_the_next_one_lasts_twice_as_long(client, region, make_user, clock):
    make_user(region, email="siti@example.id")
    clock(minutes=0)
    fail(client, "siti@example.id", 5)
    clock(minutes=14)
    assert b"signing in with it is paused for 1 minute." in sign_in(client, "siti@example.id", PASSWORD).data
    clock(minutes=16)
    assert PAUSED not in fail(client, "siti@example.id", 4).data
    second = fail(client, "siti@example.id", 1)
    assert b"signing in with it is paused for 30 minutes" in second.data
    clock(minutes=16 + 31)
    assert sign_in(client, "siti@example.id", PASSWORD).status_code == 302


def test_a_new_password_by_reset_link_ends_the_pause(client, region, make_user):
    user = make_user(region, email="siti@example.id")
    fail(client, "siti@example.id", 5)
    path = f"/lupa-sandi/{make_token(user)}"
    token = csrf_from(client.get(path))
    assert client.post(path, data={"password": "sandi-baru-1", "confirm": "sandi-baru-1",
                                   "csrf_token": token}).status_code == 302
    client.post("/keluar", data={"csrf_token": csrf_from(client.get("/akun"))})
    assert sign_in(client, "siti@example.id", "sandi-baru-1").status_code == 302


def test_a_staff_account_is_paused_like_any_other(client, region, make_user):
    make_user(region, email="admin@example.id", role=Role.REGION_ADMIN)
    fail(client, "admin@example.id", 5)
    assert PAUSED in sign_in(client, "admin@example.id", PASSWORD).data


def test_nonsense_logins_are_not_stored(client, region):
    fail(client, "not a phone or e-mail", 6)
    assert db.session.execute(select(func.count(SignInThrottle.id))).scalar_one() == 0

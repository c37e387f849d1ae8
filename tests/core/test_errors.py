"""Bad input gets a translated 4xx page in the site's layout, never a 500; a database that cannot be reached
is a 503 (tests/core/test_outage.py takes a real one away)."""
import pytest
from sqlalchemy.exc import OperationalError, ProgrammingError

from webapp.extensions import db


def test_unknown_route_is_a_translated_404_in_the_layout(client, region):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan".encode() in response.data
    assert b"<nav" in response.data
    english = client.get("/tidak-ada?lang=en")
    assert b"Page not found" in english.data


def test_wrong_method_is_405_not_500(client, region):
    response = client.post("/kontak/")
    assert response.status_code == 405
    assert b"<nav" in response.data
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}  # HTTP requires it with a 405


def test_oversized_body_is_413(app, client, region):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/masuk", data=big, headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 413


def test_missing_csrf_token_is_400_and_keeps_what_was_typed(client, region):
    response = client.post(
        "/masuk", data={"login": "Jalan berlubang"}, headers={"Origin": "http://localhost", "Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert b'value="Jalan berlubang"' in response.data
    assert b"Send again" in response.data
    assert b'<li class="prewrap">Jalan berlubang</li>' in response.data  # shown, to copy if all else fails


def test_a_refused_form_shows_the_typed_text_but_never_a_password(client, region):
    response = client.post("/daftar", headers={"Origin": "http://localhost", "Accept-Language": "en"}, data={
        "name": "Siti Aminah", "email": "siti@example.id", "password": "rahasia-sekali-9", "confirm": "rahasia-sekali-9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<li class="prewrap">Siti Aminah</li>' in html and '<li class="prewrap">siti@example.id</li>' in html
    assert "rahasia-sekali-9" not in html
    assert "passwords and codes are not kept" in html and 'href="/daftar"' in html and "Send again" not in html


def test_cross_site_post_does_not_echo_fields(client, region):
    response = client.post("/masuk", data={"login": "x"}, headers={"Origin": "http://evil.test"})
    assert response.status_code == 400
    assert b'value="x"' not in response.data


def test_unexpected_error_is_a_friendly_500(client, region, monkeypatch):
    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr("webapp.core.home.render_cards", boom)
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    db.session.rollback()


def test_api_clients_get_json_errors(client, region):
    response = client.get("/tidak-ada", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_a_number_too_large_for_an_id_is_404_on_every_database(client, region):
    """PostgreSQL's integer ids are 32-bit: a larger number in a URL must not reach the database."""
    region.modules = ["aspirasi", "pencaker", "kontak"]
    from webapp.extensions import db

    db.session.commit()
    for number in (2**31 - 1, 2**31, 2**40, 10**25):
        for path in (f"/aspirasi/{number}", f"/loker/{number}"):
            assert client.get(path).status_code == 404, path


def lost_connection(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


def test_a_lost_database_connection_is_a_503_with_retry_after_not_a_500(client, region, monkeypatch):
    monkeypatch.setattr("webapp.core.home.render_cards", lost_connection)
    response = client.get("/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "Kesalahan 503".encode() in response.data and b"<nav" not in response.data  # no layout: it reads the database
    api = client.get("/", headers={"Accept": "application/json"})
    assert api.status_code == 503 and api.get_json()["error"]["code"] == 503


@pytest.mark.parametrize("error", [ProgrammingError("SELECT x", {}, Exception("no such column: x")), KeyError("x")])
def test_a_bug_is_still_a_500_not_passed_off_as_an_outage(client, region, monkeypatch, error):
    def broken():
        raise error

    monkeypatch.setattr("webapp.core.home.render_cards", broken)
    assert client.get("/").status_code == 500
    db.session.rollback()

"""Bad input gets a translated 4xx page in the site's layout, never a 500."""
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

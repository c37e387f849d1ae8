"""One template, two renderings: whole pages for browsers, one block for htmx swaps."""
import pytest

FRAGMENT = {"HX-Request": "true"}


def test_normal_request_gets_the_whole_page(client, region):
    response = client.get("/kontak/")
    assert response.data.lstrip().startswith(b"<!doctype html>")
    assert b"<nav" in response.data


def test_htmx_request_gets_only_the_content_block(client, region):
    response = client.get("/kontak/", headers=FRAGMENT)
    assert response.status_code == 200
    assert b"<!doctype" not in response.data and b"<nav" not in response.data
    assert b"tel:112" in response.data


@pytest.mark.parametrize("extra", [{"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}])
def test_boosted_navigation_and_history_restore_get_the_whole_page(client, region, extra):
    response = client.get("/kontak/", headers={**FRAGMENT, **extra})
    assert response.data.lstrip().startswith(b"<!doctype html>")


@pytest.mark.parametrize("headers", [{}, FRAGMENT, {**FRAGMENT, "HX-Boosted": "true"}])
def test_every_rendering_varies_on_hx_request(client, region, headers):
    for url in ("/", "/kontak/"):
        assert "HX-Request" in client.get(url, headers=headers).headers.get("Vary", "")


def test_pages_are_compressed(client, region):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_static_files_are_fingerprinted_and_immutable(client, region):
    page = client.get("/").data.decode()
    import re

    css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"
    assert client.get("/static/css/app.0000000000.css").status_code == 404


def test_page_without_javascript_still_has_real_links(client, region):
    page = client.get("/").data.decode()
    assert 'href="/kontak/"' in page
    assert "<script" in page and "defer" in page

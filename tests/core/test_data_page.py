"""/data: the open data sets of the region's enabled modules for people (journalists, researchers,
developers), each with its licence and example calls; the region admin chooses the licence; Open311 users
find the discovery address, how to get a key and the jurisdiction id."""
from __future__ import annotations

import re

import pytest
from markupsafe import escape

from tests.core.test_roles import quick_user, sign_in
from tests.core.test_staff import post_form
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules import registry

EN = {"Accept-Language": "en"}


def data_page(client, host="localhost") -> str:
    response = client.get("/data", headers=EN, base_url=f"http://{host}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.get_data(as_text=True)


def section(html: str, slug: str) -> str:
    """The part of the page about one data set."""
    match = re.search(rf'<section aria-labelledby="set-{re.escape(slug)}">(.*?)</section>', html, re.S)
    assert match, f"no section for the data set {slug}"
    return match.group(1)


def english(app, text) -> str:
    """A lazy message as the page shows it in English (translations are trusted markup, not escaped)."""
    with app.test_request_context("/", headers=EN):
        return str(text)


def with_modules(region, *names):
    region.modules = list(names)
    db.session.commit()
    return region


def test_the_page_lists_each_data_set_of_the_enabled_modules(app, client, region):
    with_modules(region, "kontak", "aspirasi", "harga", "berita", "pencaker")
    html = data_page(client)
    assert "<h1>Open data</h1>" in html
    assert 'href="http://localhost/api/openapi.json"' in html and 'href="http://localhost/api/v1/"' in html
    shown = 0
    for name in region.modules:
        for dataset in registry()[name].datasets:
            part = section(html, dataset.slug)
            assert english(app, dataset.title) in part and english(app, dataset.description) in part
            assert re.search(r'Licence: <a href="https://[^"]+" rel="license">[^<]+</a>', part), dataset.slug
            for path in dataset.examples:
                url = f"http://localhost{path}"
                assert f'<a href="{escape(url)}"><code>{escape(url)}</code></a>' in part
            shown += 1
    assert shown >= 5


def test_switched_off_modules_are_not_listed(app, client, region):
    with_modules(region, "kontak")
    html = data_page(client)
    for name, module in registry().items():
        for dataset in module.datasets:
            present = f'aria-labelledby="set-{dataset.slug}"' in html
            assert present == (name == "kontak"), dataset.slug
    assert "Open311" not in html  # reports are off, so is filing them


def test_a_region_without_data_sets_says_so(client, make_region, monkeypatch):
    make_region("sepi", hosts=["sepi.test"], modules=[])
    html = data_page(client, host="sepi.test")
    assert "This region publishes no data sets yet." in html and "<h3" not in html


def test_the_region_admin_chooses_the_licence_and_the_page_shows_it(client, region):
    with_modules(region, "kontak", "aspirasi", "harga")
    before = data_page(client)
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in section(before, "reports")

    admin = quick_user(region, role=Role.REGION_ADMIN)
    sign_in(client, admin)
    form = client.get("/staf/wilayah", headers=EN).get_data(as_text=True)
    assert 'name="data_licence"' in form and '<option selected value="CC BY 4.0">' in form
    response = post_form(client, "/staf/wilayah", {
        "name": region.name, "tagline": "", "kind": "kota", "timezone": "Asia/Jakarta", "default_locale": "id",
        "locales": ["id", "en"], "theme_color": "#0b6e4f", "modules": region.modules, "contact_phone": "",
        "contact_email": "data@tangerangkota.example", "address": "", "emergency_numbers": "",
        "data_licence": "CC0 1.0"})
    assert response.status_code == 302
    db.session.refresh(region)
    assert region.settings["data_licence"] == "CC0 1.0"
    assert '<option selected value="CC0 1.0">' in client.get("/staf/wilayah", headers=EN).get_data(as_text=True)

    after = data_page(client)
    reports = section(after, "reports")
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license">CC0 1.0</a>' in reports
    assert "CC BY 4.0" not in reports
    # Market prices keep the licence of the price settings.
    assert 'rel="license">CC BY 4.0</a>' in section(after, "prices")
    # The API says the same.
    index = {row["slug"]: row for row in client.get("/api/v1/").get_json()["datasets"]}
    assert index["reports"]["licence"] == "CC0 1.0" and index["prices"]["licence"] == "CC BY 4.0"
    assert client.get("/api/openapi.json").get_json()["info"]["license"]["name"] == "CC0 1.0"
    assert "mailto:data@tangerangkota.example" in after  # where to ask for an Open311 key


def test_other_settings_are_kept_when_the_licence_is_saved(client, region):
    region.settings = {"open311_jurisdiction": "tangerangkota.go.id", "bbox": [1, 2, 3, 4]}
    db.session.commit()
    sign_in(client, quick_user(region, role=Role.REGION_ADMIN))
    post_form(client, "/staf/wilayah", {
        "name": region.name, "kind": "kota", "timezone": "Asia/Jakarta", "default_locale": "id",
        "locales": ["id"], "theme_color": "#0b6e4f", "modules": ["kontak"], "data_licence": "ODbL 1.0"})
    db.session.refresh(region)
    assert region.settings == {"open311_jurisdiction": "tangerangkota.go.id", "bbox": [1, 2, 3, 4],
                               "data_licence": "ODbL 1.0"}


@pytest.mark.parametrize("choice", ["GPL", "", "cc by 4.0"])
def test_a_licence_outside_the_list_is_refused(client, region, choice):
    sign_in(client, quick_user(region, role=Role.REGION_ADMIN))
    response = post_form(client, "/staf/wilayah", {
        "name": region.name, "kind": "kota", "timezone": "Asia/Jakarta", "default_locale": "id",
        "locales": ["id"], "theme_color": "#0b6e4f", "modules": ["kontak"], "data_licence": choice})
    assert response.status_code == 422
    db.session.refresh(region)
    assert "data_licence" not in (region.settings or {})


def test_a_stored_licence_that_is_no_longer_offered_falls_back_to_the_default(client, region):
    region.settings = {"data_licence": "Something else"}
    db.session.commit()
    assert 'rel="license">CC BY 4.0</a>' in section(data_page(client), "numbers")


def test_the_open311_section_gives_discovery_key_and_jurisdiction(client, region):
    with_modules(region, "kontak", "aspirasi")
    html = data_page(client)
    assert "<h2>Reports through Open311</h2>" in html
    for url in ("http://localhost/open311/v2/discovery.xml", "http://localhost/open311/v2/discovery.json"):
        assert f'<a href="{url}"><code>{url}</code></a>' in html
    assert "needs an API key" in html and "region administrator" in html
    assert "Jurisdiction id: <code>localhost</code>" in html  # the default: the region's host name
    assert client.get("/open311/v2/discovery.json").status_code == 200

    region.settings = {"open311_jurisdiction": "tangerangkota.go.id"}
    db.session.commit()
    assert "Jurisdiction id: <code>tangerangkota.go.id</code>" in data_page(client)


def test_the_page_is_built_for_reading(client, region):
    """Headings in order (one h1, h2 sections, h3 data sets), lists for the calls, and linked from the footer."""
    with_modules(region, "kontak", "aspirasi", "harga")
    html = data_page(client)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", html.split('<main id="main"', 1)[1])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    assert "<ul>" in html and "<li><a href=" in html
    home = client.get("/", headers=EN).get_data(as_text=True)
    assert '<a href="/data">Open data</a>' in home


def test_the_page_is_small(client, region):
    with_modules(region, "kontak", "aspirasi", "harga", "berita", "pencaker")
    import gzip

    body = client.get("/data", headers=EN).data
    assert len(gzip.compress(body, 9)) < 6 * 1024, len(gzip.compress(body, 9))

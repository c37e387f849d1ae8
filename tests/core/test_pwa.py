"""The installable shell: manifest, icons, logo, service worker and the offline page, per region."""
import io
import json
import re

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from webapp.core.assets import manifest as asset_manifest
from webapp.core.pwa import short_name
from webapp.extensions import db

FRAGMENT = {"HX-Request": "true"}


def get_manifest(client, **headers):
    response = client.get("/manifest.webmanifest", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    return json.loads(response.data)


def png(client, url) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data))


def test_manifest_makes_the_region_installable(client, region):
    data = get_manifest(client)
    assert data["name"] == "Kota Tangerang"
    assert data["short_name"] == "Tangerang"
    assert data["start_url"] == "/" and data["scope"] == "/" and data["id"] == "/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == region.theme_color
    assert data["description"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_manifest_speaks_the_language_of_the_request(client, region):
    assert get_manifest(client)["lang"] == "id"
    assert get_manifest(client, **{"Accept-Language": "en"})["lang"] == "en"


def test_manifest_uses_the_regions_tagline_and_colour(client, make_region):
    make_region("bogor", hosts=["bogor.test"], name="Kota Bogor", tagline="Kota Hujan", theme_color="#1d4ed8")
    data = json.loads(client.get("/manifest.webmanifest", base_url="http://bogor.test").data)
    assert data["name"] == "Kota Bogor" and data["description"] == "Kota Hujan"
    assert data["theme_color"] == "#1d4ed8"


@pytest.mark.parametrize("name, expected", [
    ("Kota Tangerang", "Tangerang"),
    ("Kabupaten Bandung Barat", "Bandung B."),
    ("Kota Tangerang Selatan", "Tangerang S."),
    ("Kabupaten Kepulauan Seribu", "Kepulauan S."),
    ("Kota Batu", "Batu"),
])
def test_short_name_fits_under_a_home_screen_icon(name, expected):
    class R:
        settings = {}

    R.name = name
    assert short_name(R) == expected and len(expected) <= 12


def test_region_may_choose_its_own_short_name(make_region):
    region = make_region(name="Kota Tangerang Selatan", settings={"short_name": "Tangsel"})
    assert short_name(region) == "Tangsel"


def test_icons_are_pngs_of_the_announced_sizes(client, region):
    for icon in get_manifest(client)["icons"]:
        image = png(client, icon["src"])
        assert f"{image.width}x{image.height}" == icon["sizes"]


def test_icons_without_a_logo_are_the_regions_colour(client, region):
    image = png(client, "/icons/icon-192.png").convert("RGB")
    assert image.getpixel((2, 2)) == (0x0B, 0x6E, 0x4F)
    assert (255, 255, 255) in {colour for _, colour in image.getcolors(10000)}  # white initials on dark green


def test_maskable_icon_keeps_its_initials_inside_the_safe_zone(client, region):
    image = png(client, "/icons/maskable-512.png").convert("RGB")
    background = image.getpixel((0, 0))
    ink = [(x, y) for x in range(0, 512, 4) for y in range(0, 512, 4) if image.getpixel((x, y)) != background]
    assert ink, "the initials are drawn"
    assert all((x - 256) ** 2 + (y - 256) ** 2 <= (0.4 * 512) ** 2 for x, y in ink)


def test_unknown_icon_size_is_not_found(client, region):
    assert client.get("/icons/icon-100.png").status_code == 404


def test_icons_are_cached_for_a_day_and_revalidated(client, region):
    response = client.get("/icons/icon-192.png")
    assert "max-age=86400" in response.headers["Cache-Control"]
    again = client.get("/icons/icon-192.png", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_new_theme_colour_gives_new_icon_urls_and_pixels(client, region):
    before_url = get_manifest(client)["icons"][0]["src"]
    region.theme_color = "#b91c1c"
    db.session.commit()
    after_url = get_manifest(client)["icons"][0]["src"]
    assert after_url != before_url
    assert png(client, after_url).convert("RGB").getpixel((2, 2)) == (0xB9, 0x1C, 0x1C)


def test_page_links_its_icon_with_the_current_version(client, region):
    page = client.get("/").data.decode()
    icon = get_manifest(client)["icons"][0]["src"]
    assert f'href="{icon.replace("&", "&amp;")}"' in page


def test_region_without_a_logo_has_no_logo_url(client, region):
    assert client.get("/logo").status_code == 404


@pytest.fixture
def logo_region(app, region, tmp_path, monkeypatch):
    """The region with an uploaded blue logo on a transparent background."""
    from flask import g

    from webapp.core.uploads import save_image

    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    logo = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    logo.paste((20, 60, 200, 255), (50, 50, 250, 250))
    data = io.BytesIO()
    logo.save(data, "PNG")
    with app.test_request_context():
        g.region = region
        region.logo = save_image(FileStorage(io.BytesIO(data.getvalue()), "logo.png"), "logo", keep_alpha=True)
    db.session.commit()
    return region


def test_uploaded_logo_is_served(client, logo_region):
    response = client.get("/logo")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert Image.open(io.BytesIO(response.data)).size == (300, 300)


def test_icons_are_drawn_from_the_logo_on_white(client, logo_region):
    image = png(client, "/icons/icon-512.png").convert("RGB")
    assert image.getpixel((256, 256)) == (20, 60, 200)
    assert image.getpixel((2, 2)) == (255, 255, 255)


def test_logo_that_would_leave_the_upload_directory_is_not_served(client, region):
    region.logo = "../secret_key"
    db.session.commit()
    assert client.get("/logo").status_code == 404
    assert client.get("/icons/icon-192.png").status_code == 200  # initials instead


def shell_assets(client) -> list[str]:
    page = client.get("/").data.decode()
    return re.findall(r'(?:href|src)="(/static/(?:css|js)/[^"]+)"', page)


def test_service_worker_is_served_from_the_root_and_never_stale(client, region):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"


def test_service_worker_precaches_the_shell_and_the_offline_page(client, region):
    source = client.get("/sw.js").data.decode()
    assets = shell_assets(client)
    assert len(assets) == 3  # app.css, htmx, app.js as the page references them
    for url in assets + ["/offline", "/icons/maskable-512.png"]:
        assert url in source
    assert re.search(r"/static/icons/sprite\.[0-9a-f]{10}\.svg", source)


def test_service_worker_precaches_the_pages_modules_offer_offline(client, region):
    assert '"/kontak/"' in client.get("/sw.js").data.decode()


def sw_version(client) -> str:
    return re.search(r'S="s-([0-9a-f]{10})"', client.get("/sw.js").data.decode()).group(1)


def test_new_deploy_of_a_shell_asset_changes_the_service_worker(client, region, app, monkeypatch):
    before = sw_version(client)
    assert sw_version(client) == before
    with app.app_context():
        asset = asset_manifest().assets["js/app.js"]
    monkeypatch.setattr(asset, "digest", "0123456789")
    assert sw_version(client) != before


def test_new_theme_colour_changes_the_service_worker(client, region):
    before = sw_version(client)
    region.theme_color = "#123456"
    db.session.commit()
    assert sw_version(client) != before


def test_offline_page_explains_what_still_works(client, make_region):
    make_region("depok", hosts=["depok.test"], name="Kota Depok",
                emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"}])
    response = client.get("/offline", base_url="http://depok.test", headers={"Accept-Language": "en"})
    page = response.data.decode()
    assert response.status_code == 200
    assert "<nav" in page and "Kota Depok" in page  # the site's own layout
    assert "You are offline" in page and "opened before" in page
    assert 'href="tel:112"' in page and 'href="tel:113"' in page
    assert 'name="robots" content="noindex"' in page


@pytest.mark.parametrize("headers", [{}, FRAGMENT, {**FRAGMENT, "HX-Boosted": "true"}])
def test_offline_page_varies_on_hx_request(client, region, headers):
    response = client.get("/offline", headers=headers)
    assert "HX-Request" in response.headers.get("Vary", "")
    assert (b"<nav" in response.data) == (headers != FRAGMENT)

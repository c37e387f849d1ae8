"""The data saver: pages leave out images when the browser sends `Save-Data: on` or the person switched it on
in the footer; the person's choice wins over the header both ways; caches are told the page depends on it."""
from __future__ import annotations

import re

import pytest
from flask import g
from werkzeug.datastructures import FileStorage

from tests.modules.aspirasi.test_public_views import jpeg, place, report_data  # noqa: F401  (fixture)
from webapp.extensions import db
from webapp.modules.aspirasi import flow

EN = {"Accept-Language": "en"}
SAVE = {**EN, "Save-Data": "on"}
YEAR = 365 * 24 * 3600


@pytest.fixture
def with_photo(place):  # noqa: F811
    """A public report with one photo: its page and the public list both show it as a thumbnail."""
    g.region = place.region
    stream, name = jpeg((800, 600))
    report, _created = flow.submit(report_data(place), None, [FileStorage(stream, name, content_type="image/jpeg")],
                                   None)
    return report


def pages(report) -> tuple[str, ...]:
    return (f"/aspirasi/{report.id}", "/aspirasi/")


def html(client, url, headers=EN) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_without_the_header_or_the_cookie_pages_show_their_images(client, with_photo):
    for url in pages(with_photo):
        assert "<img" in html(client, url), url


@pytest.mark.parametrize("value", ["on", "ON", " On ", "on; something-later"])
def test_save_data_header_leaves_out_every_image(client, with_photo, value):
    for url in pages(with_photo):
        page = html(client, url, {**EN, "Save-Data": value})
        assert "<img" not in page, url
    detail = html(client, f"/aspirasi/{with_photo.id}", {**EN, "Save-Data": value})
    photo = with_photo.photos[0]
    # the photo can still be opened on purpose: its link stays, with words instead of the thumbnail
    assert re.search(rf'<a href="/aspirasi/foto/{photo.id}"[^>]*>Photo 1 from the reporter</a>', detail)


@pytest.mark.parametrize("value", ["off", "", "yes"])
def test_other_header_values_keep_the_images(client, with_photo, value):
    assert "<img" in html(client, f"/aspirasi/{with_photo.id}", {**EN, "Save-Data": value})


def test_the_cookie_turns_the_data_saver_on_without_the_header(client, with_photo):
    client.set_cookie("hemat_data", "1", domain="localhost")
    for url in pages(with_photo):
        assert "<img" not in html(client, url), url


def test_the_cookie_saying_no_wins_over_the_header(client, with_photo):
    client.set_cookie("hemat_data", "0", domain="localhost")
    for url in pages(with_photo):
        assert "<img" in html(client, url, SAVE), url


def test_the_region_logo_in_the_header_is_left_out_too(client, region):
    region.logo = "logos/tangerang.png"
    db.session.commit()
    assert '<img src="/logo' in html(client, "/")
    page = html(client, "/", SAVE)
    assert "<img" not in page and f'<span class="brand-mark" aria-hidden="true">{region.initials}</span>' in page


def test_pages_say_they_vary_with_save_data_and_keep_varying_with_htmx(client, with_photo):
    for url in ("/", f"/aspirasi/{with_photo.id}", "/aspirasi/"):
        vary = {v.strip() for v in client.get(url, headers=EN).headers["Vary"].split(",")}
        assert {"Save-Data", "HX-Request"} <= vary, url
    fragment = client.get("/aspirasi/", headers={**EN, "HX-Request": "true"})
    assert "Save-Data" in fragment.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


# The switch in the footer

def saver_cookie(response) -> str | None:
    """The Set-Cookie header of the data-saver cookie, if the response sets it."""
    return next((c for c in response.headers.getlist("Set-Cookie") if c.startswith("hemat_data=")), None)


def switch(client, value: str, next_path: str | None, page: str = "/", base_url: str = "http://localhost", **extra):
    """What the footer's GET form sends from `page`."""
    assert 'action="/hemat-data"' in client.get(page, headers=EN, base_url=base_url).get_data(as_text=True)
    query = {"hemat_data": value, **extra}
    if next_path is not None:
        query["next"] = next_path
    return client.get("/hemat-data", query_string=query, headers=EN, base_url=base_url)


def test_the_footer_switch_turns_images_off_and_on_again_where_it_was_used(client, with_photo):
    detail = f"/aspirasi/{with_photo.id}"
    footer = html(client, detail).split('<footer class="foot">', 1)[1]
    assert "Data saver: off" in footer and ">Leave out images</button>" in footer
    assert f'name="next" value="{detail}"' in footer

    response = switch(client, "1", detail, page=detail)
    assert response.status_code == 303 and response.headers["Location"] == detail
    cookie = saver_cookie(response)
    assert cookie.startswith("hemat_data=1;") and f"Max-Age={YEAR}" in cookie and "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie and "Secure" not in cookie
    page = html(client, detail)
    assert "<img" not in page and "Data saver: on" in page and ">Show images</button>" in page

    response = switch(client, "0", detail, page=detail)
    assert saver_cookie(response).startswith("hemat_data=0;")
    assert "<img" in html(client, detail, SAVE)  # switched off by hand: the header no longer decides


def test_the_footer_remembers_the_query_string_of_the_page(client, region):
    footer = html(client, "/cari?q=pasar").split('<footer class="foot">', 1)[1]
    assert 'name="next" value="/cari?q=pasar"' in footer


def test_the_cookie_is_secure_on_https(client, region):
    response = switch(client, "1", "/", base_url="https://localhost")
    assert "Secure" in saver_cookie(response)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "javascript:alert(1)", "kontak", "", None])
def test_the_switch_only_goes_back_to_a_page_of_this_site(client, region, target):
    response = switch(client, "1", target)
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_the_switch_needs_the_form_token(client, region):
    response = client.post("/hemat-data", data={"hemat_data": "1", "next": "/"}, headers=EN)
    assert response.status_code == 400 and saver_cookie(response) is None
    assert "Data saver: off" in html(client, "/")


@pytest.mark.parametrize("value", ["2", "", "on"])
def test_the_switch_refuses_other_values(client, region, value):
    response = switch(client, value, "/")
    assert response.status_code == 400 and saver_cookie(response) is None


def test_the_switch_gives_anonymous_visitors_no_session_cookie(client, region):
    """A GET form, like the language links: a CSRF token on every page would make a session for everyone."""
    response = client.get("/", headers=EN)
    assert "csrf_token" not in response.get_data(as_text=True)
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]

"""Aspirasi in Chromium on a phone: filing a report with a photo (with and without JavaScript), finding it
again by its tracking code, the public list's filters updating in place with htmx, and no sideways scrolling.

The module fixture switches aspirasi on for the live server's only region, imports Kota Tangerang's real
kecamatan and kelurahan, creates the demo categories and files two reports for the list. Every report a test
files is counted in the database afterwards.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.conftest import in_live_region

pytestmark = pytest.mark.browser

# What the page's own upload sends: the files in the FormData, kept across the navigation that follows.
RECORD_UPLOADS = """
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function (body) {
  if (body instanceof FormData) {
    const files = [...body.values()].filter(v => v instanceof File).map(f => ({name: f.name, size: f.size, type: f.type}));
    sessionStorage.setItem("sentFiles", JSON.stringify(files));
  }
  return send.apply(this, arguments);
};
"""
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESCRIPTION = ("Lubangnya sekitar satu meter dan dalam, tertutup air saat hujan sehingga tidak terlihat. "
               "Sudah dua pengendara motor jatuh minggu ini, keduanya luka ringan.")


@dataclass(frozen=True)
class Setup:
    """Plain values (not ORM rows: they outlive the app context) the tests choose in the forms."""

    roads: int  # category "Jalan rusak"
    rubbish: int  # category "Sampah"
    kecamatan: int
    kelurahan: int
    other_kecamatan: int
    other_kelurahan: int
    rubbish_title: str
    roads_title: str




@pytest.fixture(scope="module")
def aspirasi(live_app) -> Setup:
    """Aspirasi on, the region's real areas, the demo categories, and one public report in each of two categories."""
    from webapp.core import wilayah
    from webapp.core.models import Area
    from webapp.extensions import db
    from webapp.modules.aspirasi import demo, flow

    def setup(region):
        if "aspirasi" not in region.modules:
            region.modules = [*region.modules, "aspirasi"]
        wilayah.import_areas(region)
        categories = demo.ensure_categories()
        db.session.commit()
        villages = list(db.session.execute(
            select(Area).where(Area.level == "kelurahan").order_by(Area.code)).scalars())
        first = villages[0]
        other = next(v for v in villages if v.parent_id != first.parent_id)
        titles = {"sampah": "Tumpukan sampah di pinggir kali belum diangkut", "jalan-rusak": "Jalan retak dekat pasar"}
        for slug, village in (("sampah", first), ("jalan-rusak", other)):
            flow.submit({"kind": "pengaduan", "category_id": str(categories[slug].id), "title": titles[slug],
                         "description": DESCRIPTION, "kecamatan_id": str(village.parent_id),
                         "kelurahan_id": str(village.id), "privacy": "anonim"}, None, [], None)
        return Setup(roads=categories["jalan-rusak"].id, rubbish=categories["sampah"].id,
                     kecamatan=first.parent_id, kelurahan=first.id,
                     other_kecamatan=other.parent_id, other_kelurahan=other.id,
                     rubbish_title=titles["sampah"], roads_title=titles["jalan-rusak"])

    return in_live_region(live_app, setup)


def reports_titled(live_app, title: str) -> list[dict]:
    """The reports with `title`, each with its code, privacy and photos' sizes, straight from the database."""
    from webapp.modules.aspirasi.models import Report

    def find(_region):
        from webapp.extensions import db

        rows = db.session.execute(select(Report).where(Report.title == title)).scalars()
        return [{"code": r.code, "privacy": r.privacy,
                 "photos": [(p.width, p.height) for p in r.photos]} for r in rows]

    return in_live_region(live_app, find)


def report_count(live_app) -> int:
    from webapp.modules.aspirasi.models import Report

    def count(_region):
        from webapp.extensions import db

        return db.session.execute(select(func.count(Report.id))).scalar_one()

    return in_live_region(live_app, count)


@pytest.fixture
def big_photo(tmp_path):
    """A 3000×2000 JPEG as a phone camera makes it (large enough that the page shrinks it before sending)."""
    image = Image.new("RGB", (3000, 2000))
    draw = ImageDraw.Draw(image)
    for y in range(0, 2000, 8):  # sky to road: a gradient, so the file is not trivially small
        draw.rectangle((0, y, 3000, y + 8), fill=(90 + y // 20, 140 + y // 40, 220 - y // 10))
    draw.ellipse((1100, 1300, 1900, 1650), fill=(60, 50, 40))
    path = tmp_path / "IMG_20260312_081500.jpg"
    image.save(path, "JPEG", quality=90)
    return path


def fill_report_form(page, setup: Setup, title: str, photo) -> None:
    page.goto("/aspirasi/baru")
    page.check("input[name=kind][value=pengaduan]")
    page.select_option("select[name=category_id]", str(setup.roads))
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", DESCRIPTION)
    page.select_option("select[name=kecamatan_id]", str(setup.kecamatan))
    page.select_option("select[name=kelurahan_id]", str(setup.kelurahan))
    page.set_input_files("input[name=photos]", str(photo))


def send_button(page):
    return page.locator("#report-form button[type=submit]:not([name]):not([formaction])")


def tracking_code_shown(page) -> str:
    """The code on the "received" page, as it is printed for reading aloud."""
    page.wait_for_url(re.compile(r"/aspirasi/\d+/terkirim$"))
    expect(page.locator("h1")).to_contain_text("Your report has been received")
    code = page.locator("p.code span[aria-hidden=true]").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code), code
    return code


def too_wide(page, width: int) -> list[str]:
    """Elements reaching past `width` CSS pixels, when the page scrolls sideways (empty when it fits)."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return []
    return page.evaluate("""width => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 0.5)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
        .slice(0, 8)""", width)


def track(page, code: str, title: str) -> None:
    """Find the report by its code, typed as a person would (small letters, no dash), and see its page."""
    page.goto("/aspirasi/lacak")
    page.fill("input[name=kode]", code.lower().replace("-", " "))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/aspirasi/\d+$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(code)


def test_file_a_report_with_a_photo_on_a_phone(new_context, live_app, aspirasi, big_photo):
    context = new_context(**PHONE)
    context.add_init_script(RECORD_UPLOADS)
    page = context.new_page()
    title = "Lubang besar di Jl. Merdeka depan SDN 5"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/aspirasi/baru")) as sent:
        send_button(page).click()
    # The page shrank the photo in the browser and sent the form itself (XHR, for the progress bar).
    assert sent.value.resource_type == "xhr"
    code = tracking_code_shown(page)
    assert too_wide(page, 360) == []
    [photo] = page.evaluate("JSON.parse(sessionStorage.getItem('sentFiles'))")
    assert photo["name"] == "foto.jpg" and photo["type"] == "image/jpeg"
    assert 0 < photo["size"] < big_photo.stat().st_size / 2, (photo, big_photo.stat().st_size)

    stranger = new_context(**PHONE).new_page()  # the code alone is enough, on any phone
    track(stranger, code, title)
    assert too_wide(stranger, 360) == []

    assert report_count(live_app) == before + 1
    [report] = reports_titled(live_app, title)
    assert report["code"] == code and report["privacy"] == "anonim"
    assert len(report["photos"]) == 1 and max(report["photos"][0]) <= 1280


def test_file_a_report_with_a_photo_without_javascript(new_context, live_app, aspirasi, big_photo):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    title = "Got tersumbat di Gang Haji Naim"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, big_photo)
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/aspirasi/baru")) as sent:
        send_button(page).click()
    assert sent.value.resource_type == "document"  # a plain form post, the original photo in it
    code = tracking_code_shown(page)
    track(page, code, title)

    assert report_count(live_app) == before + 1
    [report] = reports_titled(live_app, title)
    assert report["code"] == code
    assert report["photos"] == [(1280, 853)]  # shrunk on the server instead: 3000×2000 to 1280 px wide


def open_list(page):
    page.goto("/aspirasi/")
    page.wait_for_function("!!window.htmx")
    page.evaluate("window.stillHere = 'same page'")
    page.locator("form.filters summary").click()  # the filters sit in a <details>
    return page.locator("#report-list li.report")


def test_list_filters_update_in_place_with_htmx(new_context, aspirasi):
    page = new_context(**PHONE).new_page()
    items = open_list(page)
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(1)

    with page.expect_response(lambda r: "/aspirasi/?" in r.url and "kategori=" in r.url) as answer:
        page.select_option("select[name=kategori]", str(aspirasi.rubbish))
    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text() and "<nav" not in response.text()  # only the list came back
    page.wait_for_url(re.compile(rf"kategori={aspirasi.rubbish}"))  # pushed into the address bar
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(1)
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(0)
    assert page.evaluate("window.stillHere") == "same page"  # no full navigation happened

    # The pushed address is a real page: a reload shows the whole page, filtered; back, the earlier list.
    page.reload()
    expect(page.locator("header")).to_contain_text("Kota Tangerang")
    expect(page.locator("select[name=kategori]")).to_have_value(str(aspirasi.rubbish))
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(1)
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(0)
    page.go_back()
    page.wait_for_url(re.compile(r"/aspirasi/$"))
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(1)
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(1)


def test_search_submitted_with_enter_updates_in_place(new_context, aspirasi):
    page = new_context(**PHONE).new_page()
    items = open_list(page)
    page.fill("input[name=q]", "retak")
    with page.expect_response(lambda r: "q=retak" in r.url) as answer:
        page.press("input[name=q]", "Enter")
    assert answer.value.request.headers.get("hx-request") == "true"
    page.wait_for_url(re.compile(r"q=retak"))
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(1)
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(0)
    assert page.evaluate("window.stillHere") == "same page"


def test_one_search_is_one_request_and_one_step_back(new_context, aspirasi):
    page = new_context(**PHONE).new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.headers.get("hx-request") else None)
    items = open_list(page)
    steps = page.evaluate("history.length")
    page.fill("input[name=q]", "retak")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"q=retak"))
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(0)
    page.wait_for_timeout(500)  # let a second request, if any, arrive
    assert len([u for u in requests if "q=retak" in u]) == 1
    assert page.evaluate("history.length") == steps + 1
    page.go_back()
    page.wait_for_url(re.compile(r"/aspirasi/$"))


def test_list_filters_work_without_javascript(new_context, aspirasi):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto("/aspirasi/")
    page.locator("form.filters summary").click()
    page.select_option("select[name=kategori]", str(aspirasi.rubbish))
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(rf"kategori={aspirasi.rubbish}"))
    items = page.locator("#report-list li.report")
    expect(items.filter(has_text=aspirasi.rubbish_title)).to_have_count(1)
    expect(items.filter(has_text=aspirasi.roads_title)).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("path", ["/aspirasi/baru", "/aspirasi/", "/aspirasi/lacak"])
def test_no_sideways_scrolling_on_a_320_pixel_screen(new_context, aspirasi, path, javascript):
    page = new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                       java_script_enabled=javascript).new_page()
    page.goto(path)
    if path == "/aspirasi/":
        page.locator("form.filters summary").click()  # the open filters must fit too
    assert too_wide(page, 320) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_file_that_is_no_photo_keeps_everything_typed(new_context, live_app, aspirasi, tmp_path, javascript):
    fake = tmp_path / "foto.jpg"
    fake.write_bytes(b"%PDF-1.4 not a picture at all\n" * 50)
    page = new_context(java_script_enabled=javascript, **PHONE).new_page()
    title = f"Lampu jalan mati sepanjang Jl. Sudirman ({'js' if javascript else 'no-js'})"
    before = report_count(live_app)
    fill_report_form(page, aspirasi, title, fake)
    send_button(page).click()
    expect(page.locator("#photos-error")).to_be_visible()
    assert page.url.endswith("/aspirasi/baru")
    expect(page.locator("input[name=title]")).to_have_value(title)
    expect(page.locator("textarea[name=description]")).to_have_value(DESCRIPTION)
    expect(page.locator("select[name=kelurahan_id]")).to_have_value(str(aspirasi.kelurahan))
    expect(page.locator("select[name=category_id]")).to_have_value(str(aspirasi.roads))
    assert report_count(live_app) == before


def test_form_reached_by_a_boosted_link_still_shrinks_photos(new_context, live_app, aspirasi, big_photo):
    """Most people arrive from the list or the home card by a boosted link. The form needs its own
    Permissions-Policy (geolocation for "use my location"), which a browser applies only to a page it loads,
    so the server answers the boosted request with HX-Redirect and htmx loads the form whole; the photos
    must still be shrunk."""
    context = new_context(**PHONE)
    context.add_init_script(RECORD_UPLOADS)
    page = context.new_page()
    page.goto("/aspirasi/")
    page.wait_for_function("!!window.htmx")
    page.evaluate("window.stillHere = 'same page'")
    page.locator("main a.button[href$='/aspirasi/baru']").click()
    page.wait_for_url(re.compile(r"/aspirasi/baru$"))
    expect(page.locator("#report-form")).to_be_visible()
    assert page.evaluate("window.stillHere") is None  # loaded whole, not swapped in (see the docstring)
    title = "Pohon tumbang menutup separuh jalan"
    page.check("input[name=kind][value=pengaduan]")
    page.select_option("select[name=category_id]", str(aspirasi.roads))
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", DESCRIPTION)
    page.select_option("select[name=kecamatan_id]", str(aspirasi.kecamatan))
    page.select_option("select[name=kelurahan_id]", str(aspirasi.kelurahan))
    page.set_input_files("input[name=photos]", str(big_photo))
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/aspirasi/baru")) as sent:
        send_button(page).click()
    assert sent.value.resource_type == "xhr"
    tracking_code_shown(page)
    [photo] = page.evaluate("JSON.parse(sessionStorage.getItem('sentFiles'))")
    assert photo["name"] == "foto.jpg"
    assert len(reports_titled(live_app, title)) == 1


def test_choosing_a_kelurahan_fills_in_its_kecamatan(new_context, aspirasi):
    page = new_context(**PHONE).new_page()
    page.goto("/aspirasi/baru")
    page.wait_for_function("!!window.aspirasiJs")
    page.select_option("select[name=kelurahan_id]", str(aspirasi.other_kelurahan))
    expect(page.locator("select[name=kecamatan_id]")).to_have_value(str(aspirasi.other_kecamatan))

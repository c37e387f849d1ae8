"""Berita in Chromium on a phone: the news list loads, "Older news" appends the next page in place with htmx
(and is a plain link without JavaScript), and an article shows its lazy cover without sideways scrolling.

The module fixture switches Berita on for the live server's only region and adds 14 articles (more than a
page), the newest with a cover; afterwards it removes them and restores the region's modules, so the other
browser tests find the site as they expect.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.conftest import in_live_region

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
ARTICLES = 14
PAGE_SIZE = 10


def title_of(n: int) -> str:
    return f"Kabar kota nomor {n:02d}: jalan dan taman diperbaiki"


def cover_picture() -> Image.Image:
    image = Image.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(image)
    for y in range(0, 900, 6):
        draw.rectangle((0, y, 1600, y + 6), fill=(80 + y // 9, 150, 230 - y // 8))
    draw.ellipse((600, 500, 1000, 800), fill=(60, 90, 40))
    return image


@pytest.fixture(scope="module")
def news(live_app):
    """Berita on, 14 public articles an hour apart (the newest has a cover); all undone afterwards."""
    from webapp.extensions import db
    from webapp.modules.berita import covers, markup
    from webapp.modules.berita.models import Article, Status

    now = datetime.now(timezone.utc)

    def setup(region):
        modules = list(region.modules)
        if "berita" not in region.modules:
            region.modules = [*region.modules, "berita"]
        body = "\n\n".join(["Warga bergotong royong membersihkan saluran dan menanam pohon di taman kota."] * 12)
        for n in range(ARTICLES):
            db.session.add(Article(
                slug=f"kabar-kota-{n:02d}", title=title_of(n), summary="Pekerjaan selesai pekan ini.", body=body,
                body_html=markup.to_html(body), status=Status.PUBLISHED, publish_at=now - timedelta(hours=n + 1),
                tags=["taman"], cover=covers.variants_from_image(cover_picture()) if n == 0 else None,
                cover_alt="Taman kota yang baru dirapikan" if n == 0 else None))
        db.session.commit()
        return modules

    before = in_live_region(live_app, setup)
    yield {"first": "kabar-kota-00"}

    def teardown(region):
        from sqlalchemy import select

        mine = select(Article).where(Article.slug.in_([f"kabar-kota-{n:02d}" for n in range(ARTICLES)]))
        for article in db.session.execute(mine).scalars():
            covers.delete_cover(article.cover)
            db.session.delete(article)
        region.modules = before
        db.session.commit()

    in_live_region(live_app, teardown)


def test_older_news_appends_in_place_with_htmx(new_context, news):
    page = new_context(**PHONE).new_page()
    page.goto("/berita/")
    page.wait_for_function("!!window.htmx")
    page.evaluate("window.stillHere = 'same page'")
    items = page.locator("#news-list li.news-item")
    expect(items).to_have_count(PAGE_SIZE)
    expect(items.first).to_contain_text(title_of(0))

    with page.expect_response(lambda r: "sebelum=" in r.url) as answer:
        page.get_by_role("link", name="Older news").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    assert "<html" not in answer.value.text()

    expect(items).to_have_count(ARTICLES)  # appended under the first page, not instead of it
    expect(items.nth(PAGE_SIZE)).to_contain_text(title_of(PAGE_SIZE))
    expect(page.get_by_role("link", name="Older news")).to_have_count(0)  # that was the last page
    assert page.evaluate("window.stillHere") == "same page"  # no full navigation happened
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_older_news_is_a_plain_link_without_javascript(new_context, news):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto("/berita/")
    expect(page.locator("#news-list li.news-item")).to_have_count(PAGE_SIZE)
    page.get_by_role("link", name="Older news").click()
    page.wait_for_url("**/berita/?sebelum=*")
    items = page.locator("#news-list li.news-item")
    expect(items).to_have_count(ARTICLES - PAGE_SIZE)
    expect(items.first).to_contain_text(title_of(PAGE_SIZE))
    page.get_by_role("link", name="Back to the newest").click()
    page.wait_for_url("**/berita/")
    expect(page.locator("#news-list li.news-item").first).to_contain_text(title_of(0))


@pytest.mark.parametrize("width", [320, 360])
def test_article_shows_a_lazy_cover_without_sideways_scrolling(new_context, news, width):
    page = new_context(**{**PHONE, "viewport": {"width": width, "height": 740}}).new_page()
    page.goto(f"/berita/{news['first']}")
    expect(page.locator("h1")).to_have_text(title_of(0))
    cover = page.locator("figure.cover img")
    expect(cover).to_have_attribute("loading", "lazy")
    expect(cover).to_have_attribute("alt", "Taman kota yang baru dirapikan")
    cover.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.cover img').complete")
    assert page.evaluate("document.querySelector('figure.cover img').naturalWidth") > 0  # it really loaded
    box = cover.bounding_box()
    assert box["width"] <= width and abs(box["height"] - box["width"] * 9 / 16) < 2  # 16:9, no jump
    expect(page.locator("#article-link")).to_have_value(f"{page.url}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_copy_link_puts_the_articles_address_on_the_clipboard(new_context, news):
    context = new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"/berita/{news['first']}")
    button = page.locator("[data-copy]")
    expect(button).to_have_text("Copy link")
    expect(button).to_be_visible()  # hidden without JavaScript: the field is there to copy by hand
    button.click()
    expect(button).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_without_javascript_the_copy_button_stays_hidden(new_context, news):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(f"/berita/{news['first']}")
    expect(page.locator("[data-copy]")).to_be_hidden()
    expect(page.locator("#article-link")).to_be_visible()

"""The Live home on a 360-pixel phone: the cards show, the data saver in the footer takes images off every page
(and gives them back), and `/cari` finds things grouped by service.

The module fixture switches Harga on for the live server's only region, gives it the national commodities
and today's price of medium rice at one market, and a logo (the one image every page shows, in the header).
Afterwards it puts the region's modules and logo back as they were, for the other browser tests.
"""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import in_live_region

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
MARKET = "pasar-uji-beranda"


@pytest.fixture(scope="module")
def live_home(live_app):
    from werkzeug.datastructures import FileStorage

    from webapp.core.uploads import save_image
    from webapp.extensions import db
    from webapp.modules.harga.models import Commodity, Market
    from webapp.modules.harga.prices import ensure_national_commodities, region_today, save_day

    before = {}

    def setup(region):
        before.update(modules=list(region.modules), logo=region.logo)
        if "harga" not in region.modules:
            region.modules = [*region.modules, "harga"]
        ensure_national_commodities()
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one_or_none()
        if market is None:
            market = Market(slug=MARKET, name="Pasar Uji Beranda", position=0)
            db.session.add(market)
            db.session.flush()
        rice = db.session.execute(select(Commodity).where(Commodity.slug == "beras-medium")).scalar_one()
        save_day(market, region_today(), {rice.id: 13_500}, user=None, source="test")
        png = io.BytesIO()
        Image.new("RGBA", (64, 64), (11, 110, 79, 255)).save(png, "PNG")
        png.seek(0)
        region.logo = save_image(FileStorage(png, "logo.png", content_type="image/png"), kind="logo",
                                 max_side=512, keep_alpha=True)
        db.session.commit()

    in_live_region(live_app, setup)
    yield

    def teardown(region):
        region.modules = before["modules"]
        region.logo = before["logo"]
        db.session.commit()

    in_live_region(live_app, teardown)


@pytest.fixture
def phone(new_context, live_home):
    return new_context(**PHONE).new_page()


def test_the_home_page_shows_a_card_from_each_service_on_a_phone(phone):
    phone.goto("/")
    cards = phone.locator("main section.card")
    expect(cards.get_by_role("heading", name="Food prices at the markets")).to_be_visible()
    expect(cards.get_by_role("heading", name="Emergency numbers")).to_be_visible()
    expect(cards.get_by_role("link", name="Medium rice")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_data_saver_switch_takes_images_off_every_page_and_back(phone):
    logo = phone.locator("header img")
    footer = phone.locator("footer")
    phone.goto("/kontak/")
    expect(logo).to_have_count(1)
    expect(footer).to_contain_text("Data saver: off")

    footer.get_by_role("button", name="Leave out images").click()
    expect(footer).to_contain_text("Data saver: on")
    assert phone.url.endswith("/kontak/")  # back on the page where it was switched
    expect(logo).to_have_count(0)
    expect(phone.locator("img")).to_have_count(0)
    phone.goto("/")
    expect(phone.locator("main section.card").first).to_be_visible()
    expect(phone.locator("img")).to_have_count(0)

    footer.get_by_role("button", name="Show images").click()
    expect(footer).to_contain_text("Data saver: off")
    expect(logo).to_have_count(1)


def test_search_from_the_header_finds_results_grouped_by_service(phone):
    phone.goto("/")
    phone.locator("header").get_by_role("link", name="Search").click()
    phone.wait_for_url("**/cari")
    phone.get_by_label("What are you looking for?").fill("rice")
    phone.get_by_role("button", name="Search", exact=True).click()
    group = phone.locator("section.card", has=phone.get_by_role("heading", name="Market prices"))
    expect(group.get_by_role("link", name="Medium rice")).to_be_visible()
    expect(group).to_contain_text("IDR")
    assert "q=rice" in phone.url  # the results have their own address, to share or reload
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

"""The cheapest phones: a 320-pixel-wide screen, and browsers with JavaScript switched off."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/offline", "/kontak/"])
def test_no_sideways_scrolling_on_a_320_pixel_screen(new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_site_works_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    expect(page.locator("header")).to_contain_text("Kota Tangerang")
    page.locator("nav").get_by_role("link", name="Emergency numbers").click()
    page.wait_for_url("**/kontak/")
    expect(page.locator("h1")).to_have_text("Emergency and contact numbers")
    expect(page.locator("a[href='tel:113']")).to_be_visible()

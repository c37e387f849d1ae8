"""A price officer on a phone: signing in, typing a market's prices with the keyboard (Tab from one field to
the next, Enter to save), the success message, numeric keyboards, and no sideways scrolling at 360 pixels.

The module fixture switches Harga on for the live server's only region (and off again afterwards, if it
was off), gives it the national commodities, one market and a price officer. It can run again on the same
database: it reuses what it finds and clears the market's prices of the day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.browser.conftest import in_live_region

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
EMAIL = "petugas.harga@example.id"
PASSWORD = "harga-rahasia-123"
MARKET = "pasar-uji-browser"


@dataclass(frozen=True)
class Setup:
    """Plain values (not ORM rows: they outlive the app context)."""

    day: date
    fields: tuple[str, ...]  # the names of the first three price fields, in page order




@pytest.fixture(scope="module")
def harga(live_app):
    from webapp.core.models import Role, RoleGrant, User
    from webapp.extensions import db
    from webapp.modules.harga.models import Market, Price
    from webapp.modules.harga.prices import ensure_national_commodities, region_today, tracked_commodities

    added = []

    def setup(region):
        if "harga" not in region.modules:
            region.modules = [*region.modules, "harga"]
            added.append("harga")
        ensure_national_commodities()
        market = db.session.execute(select(Market).where(Market.slug == MARKET)).scalar_one_or_none()
        if market is None:
            market = Market(slug=MARKET, name="Pasar Uji", position=0)
            db.session.add(market)
        user = db.session.execute(select(User).where(User.email == EMAIL)).scalar_one_or_none()
        if user is None:
            user = User(name="Petugas Harga", email=EMAIL)
            user.roles.append(RoleGrant(role=Role.PRICE_OFFICER, region_id=region.id))
            db.session.add(user)
        user.set_password(PASSWORD)
        db.session.flush()
        day = region_today()
        db.session.execute(delete(Price).where(Price.market_id == market.id, Price.day == day))
        db.session.commit()
        return Setup(day=day, fields=tuple(f"p-{c.id}" for c in tracked_commodities()[:3]))

    yield in_live_region(live_app, setup)

    def teardown(region):
        if added:
            region.modules = [m for m in region.modules if m not in added]
            db.session.commit()

    in_live_region(live_app, teardown)


def _saved(live_app, day):
    from webapp.extensions import db
    from webapp.modules.harga.models import Market, Price

    def read(region):
        return list(db.session.execute(
            select(Price.price).join(Market, Market.id == Price.market_id)
            .where(Market.slug == MARKET, Price.day == day).order_by(Price.price)).scalars())

    return in_live_region(live_app, read)


def test_a_price_officer_types_prices_with_the_keyboard_on_a_phone(new_context, live_app, harga):
    page = new_context(**PHONE).new_page()
    page.goto("/masuk")
    page.fill("#login", EMAIL)
    page.fill("#password", PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/masuk" not in url)

    page.goto(f"/staf/harga/{MARKET}/{harga.day.isoformat()}")
    expect(page.locator("h1")).to_have_text("Prices at Pasar Uji")
    assert page.locator("input.price").evaluate_all(
        "inputs => inputs.length > 20 && inputs.every(i => i.inputMode === 'numeric' && i.autocomplete === 'off')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    first, second, third = harga.fields
    page.locator(f"#{first}").focus()
    page.keyboard.type("15400")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == second
    page.keyboard.type("13.500")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == third
    page.keyboard.type("12500")
    page.keyboard.press("Enter")

    expect(page.locator(".flash-success")).to_contain_text("3 prices saved.")
    assert _saved(live_app, harga.day) == [12500, 13500, 15400]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

"""The Live home: cards in the region's order without the hidden ones, strips above them, a card that fails
or is slow never breaking the page, and the region admin's page that sets order and visibility."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import text

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core import home
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules import registry

EN = {"Accept-Language": "en"}
NOTE = "Not available right now. Please try again later."


@pytest.fixture
def town(region):
    """Kota Tangerang with market prices and emergency numbers on (both have a home card)."""
    region.modules = ["harga", "kontak"]
    region.emergency_numbers = [{"label": "Pemadam kebakaran", "number": "113"}]
    db.session.commit()
    return region


@pytest.fixture
def modules(monkeypatch):
    """`use(*modules)`: the home page sees exactly these modules as the region's enabled ones."""

    def use(*chosen):
        monkeypatch.setattr("webapp.core.home.enabled_modules", lambda: list(chosen))

    return use


@pytest.fixture
def templates(app, monkeypatch):
    """`add(name, source)`: a template the app can render during this test only."""
    extra = {}
    monkeypatch.setattr(app.jinja_env, "loader", ChoiceLoader([DictLoader(extra), app.jinja_env.loader]))
    return extra.__setitem__


@pytest.fixture
def no_cache():
    home.clear_cache()
    yield
    home.clear_cache()


def card_ids(html: str) -> list[str]:
    """The cards on the home page, in order, by their section's label id."""
    return re.findall(r'<section class="card" aria-labelledby="card-([a-z]+)">', html)


def home_page(client, **kwargs) -> str:
    response = client.get("/", headers=EN, **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Isolation

def test_a_card_that_raises_shows_a_note_and_the_other_cards_still_show(client, town, modules):
    def broken():
        raise RuntimeError("price database down")

    harga, kontak = registry()["harga"], registry()["kontak"]
    modules(replace(harga, card_context=broken), kontak)
    html = home_page(client)
    assert card_ids(html) == ["harga", "kontak"]
    failed = html.split('aria-labelledby="card-harga">', 1)[1].split("</section>", 1)[0]
    assert "Market prices" in failed and NOTE in failed
    assert 'href="tel:113"' in html and html.count(NOTE) == 1


def test_a_card_whose_query_fails_does_not_break_the_next_cards_queries(client, town, modules):
    def bad_query():
        db.session.execute(text("SELECT nothing FROM no_such_table"))
        return {}

    harga, kontak = registry()["harga"], registry()["kontak"]
    modules(replace(kontak, card_context=bad_query), harga)
    html = home_page(client)
    assert html.count(NOTE) == 1
    assert "All prices and markets" in html  # the prices card ran its queries after the failure


def test_a_template_error_in_a_card_is_isolated_too(client, town, modules, templates):
    templates("broken_card.html", "{{ numbers.nothing.deeper }}")
    kontak, harga = registry()["kontak"], registry()["harga"]
    modules(replace(kontak, card_template="broken_card.html"), harga)
    html = home_page(client)
    assert card_ids(html) == ["kontak", "harga"] and html.count(NOTE) == 1


# Order and visibility

def test_cards_follow_the_registry_order_without_settings(client, town):
    assert card_ids(home_page(client)) == ["harga", "kontak"]


def test_the_regions_order_and_hidden_cards_change_the_home_page(client, town):
    town.settings = {"home": {"order": ["kontak", "harga"]}}
    db.session.commit()
    assert card_ids(home_page(client)) == ["kontak", "harga"]

    town.settings = {"home": {"order": ["kontak", "harga"], "hidden": ["kontak"]}}
    db.session.commit()
    html = home_page(client)
    assert card_ids(html) == ["harga"]
    assert 'href="/kontak/"' in html  # hidden from the home page, not switched off


def test_modules_missing_from_the_order_follow_in_registry_order(client, region):
    region.modules = ["aspirasi", "harga", "kontak"]
    region.settings = {"home": {"order": ["kontak", "no-such-module"]}}
    db.session.commit()
    assert card_ids(home_page(client)) == ["kontak", "aspirasi", "harga"]


def test_hiding_every_card_leaves_a_working_page(client, town):
    town.settings = {"home": {"hidden": ["harga", "kontak"]}}
    db.session.commit()
    assert card_ids(home_page(client)) == []


# Strips above the cards

def test_strips_show_above_the_cards_and_an_empty_or_failing_strip_shows_nothing(client, town, modules, templates):
    templates("strip.html", '<p class="strip">{{ message }}</p>')
    templates("blank_strip.html", "  {% if message %}{{ message }}{% endif %}\n")

    def broken():
        raise RuntimeError("announcements down")

    harga, kontak = registry()["harga"], registry()["kontak"]
    modules(replace(harga, strip_template="strip.html", strip_context=lambda: {"message": "Jalan ditutup besok"}),
            replace(kontak, strip_template="strip.html", strip_context=dict))
    html = home_page(client)
    assert html.count('class="strip"') == 1
    assert html.index("Jalan ditutup besok") < html.index('<div class="cards">')

    modules(replace(harga, strip_template="strip.html", strip_context=broken),
            replace(kontak, strip_template="blank_strip.html", strip_context=lambda: {"message": ""}))
    html = home_page(client)
    assert 'class="strip"' not in html and card_ids(html) == ["harga", "kontak"] and NOTE not in html


# The short cache of cards

def test_a_card_is_reused_for_anonymous_visitors_for_a_while(app, client, town, modules, monkeypatch, no_cache):
    monkeypatch.setitem(app.config, "HOME_CARD_CACHE_SECONDS", 60)
    calls = []
    kontak = registry()["kontak"]

    def counted():
        calls.append(1)
        return kontak.card_context()

    modules(replace(kontak, card_context=counted))
    first, second = home_page(client), home_page(client)
    assert len(calls) == 1 and 'href="tel:113"' in first and 'href="tel:113"' in second
    client.get("/", headers={"Accept-Language": "id"})
    assert len(calls) == 2  # another language is another rendering
    sign_in(client, quick_user(town, role=Role.EDITOR))
    home_page(client)
    assert len(calls) == 3  # signed-in people always get a fresh card


def test_without_the_cache_every_visit_renders_the_card(client, town, modules, no_cache):
    calls = []
    kontak = registry()["kontak"]
    modules(replace(kontak, card_context=lambda: calls.append(1) or kontak.card_context()))
    home_page(client)
    home_page(client)
    assert len(calls) == 2


def test_a_card_with_a_form_is_never_cached(app, client, town, modules, templates, monkeypatch, no_cache):
    monkeypatch.setitem(app.config, "HOME_CARD_CACHE_SECONDS", 60)
    templates("form_card.html", '<h2 id="card-kontak">Ask</h2><form method="post">'
                                '<input name="csrf_token" type="hidden" value="{{ csrf_token() }}"></form>')
    calls = []
    kontak = registry()["kontak"]
    modules(replace(kontak, card_template="form_card.html", card_context=lambda: calls.append(1) or {}))
    home_page(client)
    home_page(client)
    assert len(calls) == 2


def test_a_failure_is_retried_on_the_next_visit_when_it_was_quick(app, client, town, modules, monkeypatch, no_cache):
    monkeypatch.setitem(app.config, "HOME_CARD_CACHE_SECONDS", 60)
    outcomes = [RuntimeError("down"), None]
    kontak = registry()["kontak"]

    def flaky():
        outcome = outcomes.pop(0)
        if outcome:
            raise outcome
        return kontak.card_context()

    modules(replace(kontak, card_context=flaky))
    assert NOTE in home_page(client)
    assert NOTE not in home_page(client)


def test_a_slow_failure_is_remembered_so_others_do_not_wait_for_it(app, client, town, modules, monkeypatch, no_cache):
    monkeypatch.setitem(app.config, "HOME_CARD_CACHE_SECONDS", 60)
    monkeypatch.setitem(app.config, "HOME_CARD_TIMEOUT", -1)  # every card counts as slow
    calls = []
    kontak = registry()["kontak"]

    def hanging_then_down():
        calls.append(1)
        raise TimeoutError("data source timed out")

    modules(replace(kontak, card_context=hanging_then_down))
    assert NOTE in home_page(client) and NOTE in home_page(client)
    assert len(calls) == 1


def test_slow_cards_are_logged(app, client, town, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "HOME_CARD_TIMEOUT", -1)
    home_page(client)
    assert any("home card of module kontak took" in r.getMessage() for r in caplog.records)


# The region admin's page

@pytest.fixture
def admin(client, town):
    user = quick_user(town, role=Role.REGION_ADMIN, name="Admin Tangerang")
    sign_in(client, user)
    return user


def save_cards(client, data: dict, with_token: bool = True):
    token = csrf_from(client.get("/staf/beranda", headers=EN))
    form = {**data, **({"csrf_token": token} if with_token else {})}
    return client.post("/staf/beranda", data=form, headers=EN)


def test_admin_sees_each_enabled_service_with_its_place_and_visibility(client, admin):
    html = client.get("/staf/beranda", headers=EN).get_data(as_text=True)
    assert "Home page cards" in html
    legends = [re.sub(r"<[^>]+>", "", legend).strip() for legend in re.findall(r"<legend>(.*?)</legend>", html)]
    assert legends == ["Market prices", "Emergency numbers"]
    assert re.search(r'id="show_harga"[^>]*checked|checked[^>]*id="show_harga"', html)
    assert re.search(r'id="position_kontak"[^>]*value="2"|value="2"[^>]*id="position_kontak"', html)
    assert 'href="/staf/beranda" aria-current="page"' in html  # in the staff menu


def test_admin_reorders_and_hides_cards_and_citizens_see_it(client, admin, town):
    response = save_cards(client, {"position_harga": "2", "position_kontak": "1", "show_kontak": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/staf/beranda")
    db.session.refresh(town)
    assert town.settings["home"] == {"order": ["kontak", "harga"], "hidden": ["harga"]}
    followed = client.get("/staf/beranda", headers=EN).get_data(as_text=True)
    assert "The home page settings were saved." in followed
    assert card_ids(home_page(client)) == ["kontak"]

    save_cards(client, {"position_harga": "1", "position_kontak": "1", "show_kontak": "y", "show_harga": "y"})
    assert card_ids(home_page(client)) == ["kontak", "harga"]  # a tie keeps the current order
    save_cards(client, {"position_harga": "1", "position_kontak": "2", "show_kontak": "y", "show_harga": "y"})
    assert card_ids(home_page(client)) == ["harga", "kontak"]


def test_settings_of_other_kinds_and_switched_off_services_are_kept(client, admin, town):
    town.settings = {"short_name": "Tangerang", "home": {"order": ["aspirasi", "kontak", "harga"],
                                                         "hidden": ["aspirasi"]}}
    db.session.commit()
    save_cards(client, {"position_harga": "1", "position_kontak": "2", "show_kontak": "y", "show_harga": "y"})
    db.session.refresh(town)
    assert town.settings["short_name"] == "Tangerang"
    assert town.settings["home"] == {"order": ["harga", "kontak", "aspirasi"], "hidden": ["aspirasi"]}


@pytest.mark.parametrize("position, message", [("", "Please give a position as a number."),
                                               ("0", "Please give a position from 1 to 99."),
                                               ("abc", "Not a valid integer value.")])
def test_a_bad_position_comes_back_with_everything_typed(client, admin, town, position, message):
    response = save_cards(client, {"position_harga": position, "position_kontak": "7"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert re.search(r'id="position_kontak"[^>]*value="7"|value="7"[^>]*id="position_kontak"', html)
    assert not re.search(r'id="show_harga"[^>]*checked', html)  # the unticked box stays unticked
    db.session.refresh(town)
    assert "home" not in (town.settings or {})


def test_saving_without_the_form_token_changes_nothing(client, admin, town):
    response = save_cards(client, {"position_harga": "2", "position_kontak": "1"}, with_token=False)
    assert response.status_code == 400
    db.session.refresh(town)
    assert "home" not in (town.settings or {})


@pytest.mark.parametrize("role", [Role.EDITOR, Role.PRICE_OFFICER, None])
def test_only_the_region_admin_may_change_the_cards(client, town, role):
    sign_in(client, quick_user(town, role=role))
    assert client.get("/staf/beranda", headers=EN).status_code == 403
    token = csrf_from(client.get("/akun", headers=EN))  # the sign-out form carries one
    response = client.post("/staf/beranda", data={"position_harga": "2", "position_kontak": "1",
                                                  "csrf_token": token}, headers=EN)
    assert response.status_code == 403
    db.session.refresh(town)
    assert "home" not in (town.settings or {})


def test_an_admin_of_another_region_may_not_change_these_cards(client, town, make_region):
    other = make_region("serang", hosts=["serang.test"], modules=["kontak"])
    sign_in(client, quick_user(other, role=Role.REGION_ADMIN))
    response = client.get("/staf/beranda", headers=EN)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]  # not signed in here
    token = csrf_from(client.get("/masuk", headers=EN))
    client.post("/staf/beranda", data={"position_harga": "2", "position_kontak": "1", "csrf_token": token})
    db.session.refresh(town)
    assert "home" not in (town.settings or {})


def test_the_menu_shows_the_page_only_to_region_admins(client, town):
    sign_in(client, quick_user(town, role=Role.PRICE_OFFICER))
    assert 'href="/staf/beranda"' not in client.get("/staf/", headers=EN).get_data(as_text=True)

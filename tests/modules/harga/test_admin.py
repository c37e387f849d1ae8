"""The region admin's Harga pages: markets and their staff, which commodities the region tracks and its own,
ceiling/reference prices (HET/HAP) with the region's zone, and the open-data licence setting."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Region, Role, User
from webapp.extensions import db
from webapp.modules.harga.models import Commodity, Market, MarketOfficer, ReferencePrice
from webapp.modules.harga.national import REFERENCES
from webapp.modules.harga.prices import markets_for, references_on, tracked_commodities

EN = {"Accept-Language": "en"}
MARKETS, COMMODITIES, HET, SETTINGS = ("/staf/harga/pasar", "/staf/harga/komoditas", "/staf/harga/het",
                                       "/staf/harga/pengaturan")
D = date(2025, 3, 10)


def page(client, url, host="localhost"):
    return client.get(url, headers=EN, base_url=f"http://{host}")


def post(client, url, data, page_url, host="localhost"):
    """Open the page for its CSRF token, then send the form as a person would."""
    token = csrf_from(page(client, page_url, host))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN, base_url=f"http://{host}")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


@pytest.fixture
def admin(client, region_admin):
    sign_in(client, region_admin)
    return region_admin


def market_data(**changes):
    data = {"name": "Pasar Baru", "slug": "", "address": "Jl. Kisamaun 1", "kecamatan": "", "position": "3",
            "active": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


# Who may open what

ADMIN_PAGES = [MARKETS, MARKETS + "/baru", MARKETS + "/{market}", COMMODITIES, COMMODITIES + "/baru", SETTINGS]


@pytest.mark.parametrize("path", [*ADMIN_PAGES, HET])
@pytest.mark.parametrize("kind", ["anonymous", "citizen", "officer", "admin"])
def test_administration_is_for_the_region_admin_and_het_also_for_price_officers(client, harga_region, markets,
                                                                                 path, kind):
    user = {"anonymous": None, "citizen": quick_user(harga_region, name="Warga"),
            "officer": quick_user(harga_region, role=Role.PRICE_OFFICER),
            "admin": quick_user(harga_region, role=Role.REGION_ADMIN)}[kind]
    if user:
        sign_in(client, user)
    status = page(client, path.format(market=markets["anyar"].id)).status_code
    expected = {"anonymous": 302, "citizen": 403, "admin": 200,
                "officer": 200 if path == HET else 403}[kind]
    assert status == expected


def test_another_regions_admin_cannot_see_or_change_our_markets(client, harga_region, markets, make_region):
    theirs = quick_user(make_region("bogor", hosts=["bogor.test"], modules=["harga"]), role=Role.REGION_ADMIN)
    sign_in(client, theirs, host="bogor.test")
    anyar = markets["anyar"]
    assert "Pasar Anyar" not in text_of(page(client, MARKETS, host="bogor.test"))
    assert page(client, f"{MARKETS}/{anyar.id}", host="bogor.test").status_code == 404
    response = post(client, f"{MARKETS}/{anyar.id}", market_data(name="Diambil"), MARKETS + "/baru",
                    host="bogor.test")
    assert response.status_code == 404
    assert fresh(Market, anyar.id).name == "Pasar Anyar"
    # and our admin's session does not carry over to their host
    assert page(client, MARKETS, host="localhost").status_code == 302


# Markets

def test_admin_adds_a_market_with_a_short_name_made_from_its_name(client, admin, markets):
    kecamatan = markets["anyar"].kecamatan
    response = post(client, MARKETS + "/baru", market_data(kecamatan=str(kecamatan.id)), MARKETS + "/baru")
    assert response.status_code == 302
    market = db.session.execute(select(Market).where(Market.name == "Pasar Baru")).scalar_one()
    assert (market.slug, market.address, market.kecamatan_id, market.position, market.active) == \
        ("pasar-baru", "Jl. Kisamaun 1", kecamatan.id, 3, True)
    html = text_of(page(client, MARKETS))
    assert "Pasar Baru" in html and "Tangerang" in html and "Active" in html


def test_a_taken_short_name_comes_back_with_the_reason_and_what_was_typed(client, admin, markets):
    response = post(client, MARKETS + "/baru", market_data(slug="anyar"), MARKETS + "/baru")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="slug-error">Another market already uses the short name “anyar”.' in html
    assert 'value="Pasar Baru"' in html and 'value="Jl. Kisamaun 1"' in html and 'value="anyar"' in html
    assert count(Market, Market.name == "Pasar Baru") == 0


def test_two_markets_cannot_share_a_name(client, admin, markets):
    response = post(client, MARKETS + "/baru", market_data(name="pasar anyar"), MARKETS + "/baru")
    assert response.status_code == 422
    assert 'id="name-error">Another market already has this name.' in response.get_data(as_text=True)


def test_a_repeated_submission_adds_the_market_once(client, admin, markets):
    form = page(client, MARKETS + "/baru")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    data = {**market_data(), "idempotency_key": key, "csrf_token": csrf_from(form)}
    first = client.post(MARKETS + "/baru", data=data, headers=EN)
    second = client.post(MARKETS + "/baru", data=data, headers=EN)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Market, Market.name == "Pasar Baru") == 1


def test_admin_edits_and_deactivates_a_market_keeping_its_short_name(client, admin, markets):
    anyar = markets["anyar"]
    url = f"{MARKETS}/{anyar.id}"
    assert 'value="Pasar Anyar"' in page(client, url).get_data(as_text=True)
    response = post(client, url, market_data(name="Pasar Anyar Lama", slug="anyar", active=""), url)
    assert response.status_code == 302
    market = fresh(Market, anyar.id)
    assert (market.name, market.slug, market.active) == ("Pasar Anyar Lama", "anyar", False)
    assert "Inactive" in text_of(page(client, MARKETS))
    assert post(client, url, market_data(name=""), url).status_code == 422


def test_a_market_with_prices_is_kept_and_one_without_can_be_deleted(client, admin, markets, put_prices):
    put_prices(D, {"anyar": {"beras-medium": 13500}})
    anyar, poris = markets["anyar"], markets["poris"]
    assert "cannot be deleted" in text_of(page(client, f"{MARKETS}/{anyar.id}"))
    response = post(client, f"{MARKETS}/{anyar.id}/hapus", {}, f"{MARKETS}/{anyar.id}")
    assert response.status_code == 302
    assert "has prices, so it cannot be deleted" in text_of(page(client, f"{MARKETS}/{anyar.id}"))
    assert fresh(Market, anyar.id) is not None
    assert post(client, f"{MARKETS}/{poris.id}/hapus", {}, f"{MARKETS}/{poris.id}").status_code == 302
    assert fresh(Market, poris.id) is None


def test_market_staff_limits_an_officer_to_the_markets_assigned(client, admin, markets, price_officer):
    anyar = markets["anyar"]
    url = f"{MARKETS}/{anyar.id}"
    html = page(client, url).get_data(as_text=True)
    assert "A price officer with no assignment may enter prices for every market." in html
    assert f'<option value="{price_officer.id}">Petugas Harga</option>' in html
    assert len(markets_for(price_officer)) == 3
    response = post(client, f"{url}/petugas", {"officer": price_officer.id}, url)
    assert response.status_code == 302
    again = post(client, f"{url}/petugas", {"officer": price_officer.id}, url)  # a double tap changes nothing
    assert again.status_code == 302
    assert count(MarketOfficer) == 1
    assert [m.slug for m in markets_for(fresh(User, price_officer.id))] == ["anyar"]
    assert "Petugas Harga" in text_of(page(client, MARKETS))
    row = db.session.execute(select(MarketOfficer)).scalar_one()
    assert post(client, f"{url}/petugas/{row.id}/hapus", {}, url).status_code == 302
    assert count(MarketOfficer) == 0


def test_only_price_officers_can_be_market_staff(client, admin, markets, harga_region):
    citizen = quick_user(harga_region, name="Warga")
    url = f"{MARKETS}/{markets['anyar'].id}"
    response = post(client, f"{url}/petugas", {"officer": citizen.id}, url)
    assert response.status_code == 422
    assert count(MarketOfficer) == 0


# Commodities

def tracking_data(commodities, tracked, featured=()):
    return {"tracked": [commodities[s].id for s in tracked], "featured": [commodities[s].id for s in featured]}


def test_the_tracking_choice_decides_what_the_public_board_lists(client, admin, commodities):
    assert "beras-premium" in {c.slug for c in tracked_commodities()}
    response = post(client, COMMODITIES, tracking_data(commodities, ["beras-medium", "gula"], ["gula"]), COMMODITIES)
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.slug for c in tracked_commodities()] == ["beras-medium", "gula"]
    assert fresh(Commodity, commodities["gula"].id).featured
    assert not fresh(Commodity, commodities["beras-medium"].id).featured
    html = page(client, COMMODITIES).get_data(as_text=True)
    assert f'name="tracked" value="{commodities["gula"].id}" checked' in html
    assert f'name="tracked" value="{commodities["beras-premium"].id}">' in html


def test_the_home_card_only_takes_tracked_commodities(client, admin, commodities):
    response = post(client, COMMODITIES, tracking_data(commodities, ["beras-medium"], ["gula"]), COMMODITIES)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Only a tracked commodity can be on the home card" in html
    assert f'name="featured" value="{commodities["gula"].id}" checked' in html  # what was ticked stays ticked
    assert fresh(Commodity, commodities["gula"].id).tracked


def test_the_commodities_page_restores_the_national_list(client, admin, commodities):
    db.session.delete(commodities["garam"])
    db.session.commit()
    assert "Salt" in text_of(page(client, COMMODITIES))
    assert count(Commodity, Commodity.national_code == "garam") == 1


def test_admin_adds_and_edits_a_commodity_of_the_regions_own(client, admin, commodities):
    data = {"name": "Ikan Bandeng Presto", "unit": "kg", "group": "protein", "position": "100", "tracked": "y"}
    response = post(client, COMMODITIES + "/baru", data, COMMODITIES + "/baru")
    assert response.status_code == 302
    own = db.session.execute(select(Commodity).where(Commodity.name == "Ikan Bandeng Presto")).scalar_one()
    assert (own.slug, own.unit, own.group, own.national_code, own.tracked) == \
        ("ikan-bandeng-presto", "kg", "protein", None, True)
    assert own.id in {c.id for c in tracked_commodities()}
    url = f"{COMMODITIES}/{own.id}"
    response = post(client, url, {**data, "name": "Bandeng Presto", "slug": own.slug, "unit": "butir"}, url)
    assert response.status_code == 302
    own = fresh(Commodity, own.id)
    assert (own.name, own.slug, own.unit) == ("Bandeng Presto", "ikan-bandeng-presto", "butir")


def test_a_commodity_of_the_regions_own_cannot_take_a_national_name(client, admin, commodities):
    data = {"name": "Beras Medium", "unit": "kg", "group": "beras", "position": "100", "tracked": "y"}
    response = post(client, COMMODITIES + "/baru", data, COMMODITIES + "/baru")
    assert response.status_code == 422
    assert 'id="name-error">Another commodity already has this name.' in response.get_data(as_text=True)
    response = post(client, COMMODITIES + "/baru", {**data, "name": "Beras Lokal", "slug": "gula"},
                    COMMODITIES + "/baru")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Another commodity already uses the short name “gula”." in html and 'value="Beras Lokal"' in html


@pytest.mark.parametrize("name, slug", [("Data", ""), ("Pasar", ""), ("Beras Lokal", "data")])
def test_a_commodity_cannot_take_the_address_of_a_fixed_page(client, admin, commodities, name, slug):
    """/harga/data and /harga/pasar/ are pages: a commodity named so would be unreachable."""
    data = {"name": name, "slug": slug, "unit": "kg", "group": "lainnya", "position": "100", "tracked": "y"}
    response = post(client, COMMODITIES + "/baru", {k: v for k, v in data.items() if v}, COMMODITIES + "/baru")
    assert response.status_code == 422
    assert "is used by another page" in response.get_data(as_text=True)
    assert db.session.execute(select(Commodity).where(Commodity.name == name)).first() is None


def test_a_national_commodity_keeps_its_name(client, admin, commodities):
    url = f"{COMMODITIES}/{commodities['gula'].id}"
    response = post(client, url, {"name": "Gula Pasir", "unit": "kg", "group": "pokok", "position": "0"}, COMMODITIES)
    assert response.status_code == 302
    assert fresh(Commodity, commodities["gula"].id).name == "Gula Konsumsi"


# Ceiling and reference prices

def reference_data(commodities, **changes):
    data = {"commodity": commodities["beras-medium"].id, "kind": "het", "price": "12.500", "zone": "",
            "valid_from": "2024-09-01", "valid_until": "", "source": "Perbadan 5/2024"}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_price_officer_adds_a_ceiling_price_that_applies_from_its_date(client, price_officer, commodities):
    sign_in(client, price_officer)
    response = post(client, HET, reference_data(commodities), HET)
    assert response.status_code == 302
    medium = commodities["beras-medium"].id
    assert references_on(date(2024, 9, 1), [medium])[medium].price == 12500
    assert references_on(date(2024, 8, 31), [medium]) == {}
    html = text_of(page(client, HET))
    assert "Perbadan 5/2024" in html and "Applies today" in html


@pytest.mark.parametrize("changes, message", [
    ({"price": "dua belas"}, "Enter the price in whole rupiah, for example 15000 or 15.000."),
    ({"price": "0"}, "A price must be more than zero"),
    ({"valid_until": "2024-08-01"}, "The end date must not be before the start date."),
    ({"valid_from": "kemarin"}, "Not a valid date value."),
    ({"commodity": ""}, "Please choose a commodity."),
])
def test_a_wrong_ceiling_price_comes_back_with_the_reason_and_what_was_typed(client, admin, commodities,
                                                                              changes, message):
    response = post(client, HET, reference_data(commodities, **changes), HET)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'value="Perbadan 5/2024"' in html
    assert count(ReferencePrice) == 0


def test_another_regions_commodity_cannot_get_a_ceiling_price(client, admin, commodities, make_region):
    other = make_region("bogor", hosts=["bogor.test"], modules=["harga"])
    theirs = Commodity(region_id=other.id, slug="beras", name="Beras Bogor")
    db.session.add(theirs)
    db.session.commit()
    response = post(client, HET, reference_data(commodities, commodity=theirs.id), HET)
    assert response.status_code == 422
    assert count(ReferencePrice) == 0


def test_the_regions_zone_chooses_between_zone_rows(client, admin, commodities):
    medium = commodities["beras-medium"].id
    assert post(client, HET, reference_data(commodities), HET).status_code == 302
    assert post(client, HET, reference_data(commodities, price="13.100", zone="2"), HET).status_code == 302
    day = date(2025, 1, 1)
    assert references_on(day, [medium])[medium].price == 12500  # no zone chosen: only the every-zone row
    response = post(client, SETTINGS, {"zone": "2", "licence": "CC BY 4.0"}, SETTINGS)
    assert response.status_code == 302
    db.session.expire_all()
    assert g.region.settings["harga"]["zone"] == "2"
    assert references_on(day, [medium])[medium].price == 13100
    assert "Zone of this region: 2." in text_of(page(client, HET))


def test_a_ceiling_price_is_ended_or_deleted(client, admin, commodities):
    medium = commodities["beras-medium"].id
    post(client, HET, reference_data(commodities), HET)
    row = db.session.execute(select(ReferencePrice)).scalar_one()
    wrong = post(client, f"{HET}/{row.id}/akhiri", {"valid_until": "2024-01-01"}, HET)
    assert wrong.status_code == 422
    assert "The end date must not be before the start date (2024-09-01)." in wrong.get_data(as_text=True)
    assert post(client, f"{HET}/{row.id}/akhiri", {"valid_until": "2024-12-31"}, HET).status_code == 302
    assert medium in references_on(date(2024, 12, 31), [medium])
    assert references_on(date(2025, 1, 1), [medium]) == {}
    assert "Ended" in text_of(page(client, HET))
    assert post(client, f"{HET}/{row.id}/hapus", {}, HET).status_code == 302
    assert count(ReferencePrice) == 0


def test_loading_the_national_references_twice_adds_them_once(client, admin, commodities):
    assert post(client, HET + "/nasional", {}, HET).status_code == 302
    assert count(ReferencePrice) == len(REFERENCES)
    assert post(client, HET + "/nasional", {}, HET).status_code == 302
    assert count(ReferencePrice) == len(REFERENCES)
    assert "already on the list" in text_of(page(client, HET))
    premium = commodities["beras-premium"].id
    assert references_on(date(2025, 1, 1), [premium])[premium].price == 14900


def test_the_licence_setting_accepts_only_known_licences(client, admin, harga_region):
    response = post(client, SETTINGS, {"zone": "", "licence": "Semua boleh"}, SETTINGS)
    assert response.status_code == 422
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert post(client, SETTINGS, {"zone": "", "licence": "CC0 1.0"}, SETTINGS).status_code == 302
    db.session.expire_all()
    assert fresh(Region, harga_region.id).settings["harga"] == {"zone": None, "licence": "CC0 1.0"}


def test_the_settings_keep_what_other_parts_of_the_region_settings_hold(client, admin, harga_region):
    harga_region.settings = {"short_name": "Tangerang", "harga": {"other": 1}}
    db.session.commit()
    post(client, SETTINGS, {"zone": "1", "licence": "CC BY 4.0"}, SETTINGS)
    settings = fresh(Region, harga_region.id).settings
    assert settings["short_name"] == "Tangerang"
    assert settings["harga"] == {"other": 1, "zone": "1", "licence": "CC BY 4.0"}


def test_reference_rows_show_newest_first(client, admin, commodities):
    post(client, HET, reference_data(commodities, valid_from="2023-03-01", price="10.900"), HET)
    post(client, HET, reference_data(commodities), HET)
    html = page(client, HET).get_data(as_text=True)
    assert html.index("2024-09-01") < html.index("2023-03-01")
    today = date.today()
    assert today - timedelta(days=2) <= date.fromisoformat(
        re.search(r'name="valid_until" value="([\d-]+)"', html).group(1)) <= today + timedelta(days=2)


def test_another_regions_ceiling_prices_are_out_of_reach(client, admin, commodities, make_region):
    other = make_region("bogor", hosts=["bogor.test"], modules=["harga"])
    theirs = Commodity(region_id=other.id, slug="beras", name="Beras Bogor")
    db.session.add(theirs)
    db.session.flush()
    row = ReferencePrice(region_id=other.id, commodity_id=theirs.id, kind="het", price=11111,
                         valid_from=date(2024, 1, 1))
    db.session.add(row)
    db.session.commit()
    assert "Beras Bogor" not in text_of(page(client, HET))
    assert post(client, f"{HET}/{row.id}/hapus", {}, HET).status_code == 404
    assert post(client, f"{HET}/{row.id}/akhiri", {"valid_until": "2024-12-31"}, HET).status_code == 404
    assert fresh(ReferencePrice, row.id).valid_until is None

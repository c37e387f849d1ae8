"""Region administration by the region admin: branding (short name, footer text, logo and the app icons drawn
from it), the languages the region offers, and the areas editor (kecamatan and kelurahan/desa: import from the
national code list, add, rename, take out of use and back) with what citizens then see in the forms."""
from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from tests.core.test_staff import EN, admin, fresh, page, png_bytes, post_form, settings  # noqa: F401 (fixture)
from tests.modules.aspirasi.test_public_views import detail_url, file_report, place  # noqa: F401 (fixture)
from webapp.core import wilayah
from webapp.core.models import Area, Role
from webapp.core.scoping import region_context
from webapp.extensions import db


def manifest(client) -> dict:
    return json.loads(client.get("/manifest.webmanifest", headers=EN).data)


# Branding

def test_the_short_name_goes_under_the_home_screen_icon(client, region, admin):
    assert manifest(client)["short_name"] == "Tangerang"
    assert post_form(client, "/staf/wilayah", settings(region, short_name="TangKota")).status_code == 302
    assert fresh(region).settings["short_name"] == "TangKota"
    assert manifest(client)["short_name"] == "TangKota"
    assert 'value="TangKota"' in page(client, "/staf/wilayah")
    assert post_form(client, "/staf/wilayah", settings(region, short_name="")).status_code == 302
    assert "short_name" not in fresh(region).settings and manifest(client)["short_name"] == "Tangerang"


def test_a_short_name_too_long_for_the_icon_is_refused_and_kept_as_typed(client, region, admin):
    response = post_form(client, "/staf/wilayah", settings(region, short_name="Tangerang Raya Sekali"))
    assert response.status_code == 422 and 'value="Tangerang Raya Sekali"' in response.get_data(as_text=True)
    assert "short_name" not in (fresh(region).settings or {})


def test_other_settings_keep_the_short_name_and_footer_text(client, region, admin):
    post_form(client, "/staf/wilayah", settings(region, short_name="Tangkot", footer_text="Buka 08.00-16.00"))
    region.settings = {**fresh(region).settings, "data_licence": "CC-BY-4.0"}
    db.session.commit()
    assert post_form(client, "/staf/wilayah", settings(region, short_name="Tangkot", footer_text="Buka 08.00-16.00",
                                                       tagline="Baru")).status_code == 302
    assert fresh(region).settings["short_name"] == "Tangkot" and region.settings["footer_text"] == "Buka 08.00-16.00"


def test_footer_text_shows_at_the_foot_of_every_page(client, region, admin):
    text = "Layanan pengaduan buka Senin-Jumat 08.00-16.00"
    assert post_form(client, "/staf/wilayah", settings(region, footer_text=text)).status_code == 302
    assert fresh(region).settings["footer_text"] == text
    visitor = client.application.test_client()
    footer = visitor.get("/", headers=EN).get_data(as_text=True).split('<footer class="foot">', 1)[1]
    assert text in footer


def test_a_new_logo_redraws_the_app_icons_and_renews_their_addresses(app, client, region, admin, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    before = manifest(client)["icons"]
    worker_before = client.get("/sw.js").data
    initials = Image.open(io.BytesIO(client.get(before[1]["src"]).data)).convert("RGB")
    assert initials.getpixel((2, 2)) == (11, 110, 79)  # the theme colour, behind the initials
    data = settings(region, logo_file=(io.BytesIO(png_bytes()), "logo.png"))
    assert post_form(client, "/staf/wilayah", data, content_type="multipart/form-data").status_code == 302
    after = manifest(client)["icons"]
    assert [icon["src"] for icon in after] != [icon["src"] for icon in before]
    assert all(re.search(r"\?v=[0-9a-f]{8}$", icon["src"]) for icon in after)
    drawn = Image.open(io.BytesIO(client.get(after[1]["src"]).data)).convert("RGB")
    assert drawn.size == (512, 512) and drawn.getpixel((256, 256)) == (11, 110, 79)  # the logo, on white
    assert drawn.getpixel((2, 2)) == (255, 255, 255)
    assert client.get("/sw.js").data != worker_before  # installed apps pick up the new icons
    assert post_form(client, "/staf/wilayah", settings(region, remove_logo="y")).status_code == 302
    assert [icon["src"] for icon in manifest(client)["icons"]] == [icon["src"] for icon in before]
    again = Image.open(io.BytesIO(client.get(before[1]["src"]).data)).convert("RGB")
    assert again.getpixel((2, 2)) == (11, 110, 79)


# Languages offered

def test_a_region_offering_only_indonesian_neither_shows_nor_serves_english(client, region, admin):
    assert post_form(client, "/staf/wilayah", settings(region, locales=["id"], default_locale="id")).status_code == 302
    visitor = client.application.test_client()
    home = visitor.get("/", headers=EN).get_data(as_text=True)
    footer = home.split('<footer class="foot">', 1)[1]
    assert '<html lang="id">' in home and "English" not in footer and "?lang=en" not in footer
    assert b'<html lang="id">' in visitor.get("/?lang=en").data
    assert visitor.get_cookie("lang") is None  # nothing remembered either
    assert json.loads(visitor.get("/manifest.webmanifest", headers=EN).data)["lang"] == "id"
    assert post_form(client, "/staf/wilayah", settings(region, locales=["id", "en"])).status_code == 302
    assert b'<html lang="en">' in visitor.get("/?lang=en").data


def test_only_languages_with_a_catalogue_can_be_offered(app, client, region, admin, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", {**app.config["LANGUAGES"], "jv": "Basa Jawa"})
    html = page(client, "/staf/wilayah")
    assert "Bahasa Indonesia" in html and "English" in html and "Basa Jawa" not in html
    response = post_form(client, "/staf/wilayah", settings(region, locales=["id", "jv"]))
    assert response.status_code == 422 and fresh(region).locales == ["id", "en"]


# Areas

@pytest.fixture
def areas(region):
    """Kota Tangerang's 13 kecamatan and 104 kelurahan from the national code list."""
    wilayah.import_areas(region)
    db.session.commit()
    return region


def area(name: str) -> Area:
    db.session.expire_all()
    return db.session.execute(select(Area).where(Area.name == name)).scalar_one()


def coded(code: str) -> Area:
    db.session.expire_all()
    return db.session.execute(select(Area).where(Area.code == code)).scalar_one()


def area_count() -> int:
    return db.session.execute(select(func.count(Area.id))).scalar_one()


def post(client, url, page_url):
    return client.post(url, data={"csrf_token": csrf_from(client.get(page_url))}, headers=EN,
                       follow_redirects=True)


def test_admin_imports_the_areas_from_the_national_code_list(client, region, admin):
    assert "No areas yet" in page(client, "/staf/kecamatan")
    response = post(client, "/staf/kecamatan/impor", "/staf/kecamatan")
    html = response.get_data(as_text=True)
    assert "117 areas were added from the national code list." in html
    assert "Ciledug" in html and "Karawaci" in html and "36.71.01" in html and "8 of 8 in use" in html
    with region_context(region):
        assert area_count() == 117


def test_a_kecamatan_page_lists_its_kelurahan(client, areas, admin):
    ciledug = area("Ciledug")
    html = page(client, f"/staf/kecamatan/{ciledug.id}")
    assert "Sudimara Barat" in html and "36.71.06.1002" in html and "Kelurahan" in html
    assert client.get(f"/staf/kecamatan/{area('Sudimara Barat').id}").status_code == 404  # not a kecamatan


def test_reimport_adds_what_is_missing_and_keeps_renames(client, region, areas, admin):
    ciledug = area("Ciledug")
    response = post_form(client, f"/staf/area/{ciledug.id}/ubah", {"name": "Ciledug Raya"}, follow_redirects=True)
    assert "“Ciledug” is now called “Ciledug Raya”." in response.get_data(as_text=True)
    db.session.delete(area("Sudimara Barat"))
    db.session.commit()
    html = post(client, "/staf/kecamatan/impor", "/staf/kecamatan").get_data(as_text=True)
    assert "1 area was added from the national code list." in html
    with region_context(region):
        assert area_count() == 117
    assert area("Ciledug Raya").code == "36.71.06" and area("Sudimara Barat").parent.name == "Ciledug Raya"
    html = post(client, "/staf/kecamatan/impor", "/staf/kecamatan").get_data(as_text=True)
    assert "Nothing was missing" in html and "Ciledug Raya" in html


def test_import_explains_a_region_code_the_national_list_does_not_know(client, make_region):
    odd = make_region("odd", hosts=["localhost"], code="99.99")
    sign_in(client, quick_user(odd, role=Role.REGION_ADMIN))
    html = post(client, "/staf/kecamatan/impor", "/staf/kecamatan").get_data(as_text=True)
    assert "is not a kota or kabupaten of the national code list" in html


def test_admin_adds_a_kecamatan_and_a_kelurahan_to_it(client, region, areas, admin):
    response = post_form(client, "/staf/kecamatan/baru", {"name": "Tangerang Baru", "code": "36.71.14"})
    assert response.status_code == 302
    kecamatan = area("Tangerang Baru")
    assert (kecamatan.level, kecamatan.parent_id, kecamatan.active) == ("kecamatan", None, True)
    url = f"/staf/kecamatan/{kecamatan.id}/baru"
    assert post_form(client, url, {"name": "Sukamaju", "code": "36.71.14.1001"}).status_code == 302
    assert post_form(client, url, {"name": "Sukaraja", "code": "36.71.14.2001"}).status_code == 302
    assert (area("Sukamaju").level, area("Sukamaju").parent_id) == ("kelurahan", kecamatan.id)
    assert area("Sukaraja").level == "desa"
    html = page(client, f"/staf/kecamatan/{kecamatan.id}")
    assert "Sukamaju" in html and "Sukaraja" in html and "Desa" in html


def test_a_wrong_or_taken_code_is_refused_with_everything_kept(client, region, areas, admin):
    response = post_form(client, "/staf/kecamatan/baru", {"name": "Kecamatan Baru", "code": "36.72.14"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "The code must be 36.71.NN" in html
    assert 'value="Kecamatan Baru"' in html and 'value="36.72.14"' in html
    response = post_form(client, "/staf/kecamatan/baru", {"name": "Kecamatan Baru", "code": "36.71.06"})
    assert response.status_code == 422 and "The code 36.71.06 already belongs to Ciledug." in response.get_data(
        as_text=True)
    ciledug = area("Ciledug")
    response = post_form(client, f"/staf/kecamatan/{ciledug.id}/baru", {"name": "Paninggilan", "code": "36.71.06.1009"})
    assert response.status_code == 422 and "already has a kelurahan or desa named “Paninggilan”" in response.get_data(
        as_text=True)
    with region_context(region):
        assert area_count() == 117


def test_sending_a_new_area_twice_adds_it_once(client, region, areas, admin):
    form_page = client.get("/staf/kecamatan/baru")
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', form_page.get_data(as_text=True)).group(1)
    data = {"name": "Tangerang Baru", "code": "36.71.14", "idempotency_key": key, "csrf_token": csrf_from(form_page)}
    assert client.post("/staf/kecamatan/baru", data=data).status_code == 302
    assert client.post("/staf/kecamatan/baru", data=data).status_code == 302
    with region_context(region):
        assert area_count() == 118


def test_a_rename_needs_a_name_and_keeps_what_was_typed(client, areas, admin):
    karawaci = coded("36.71.07")
    response = post_form(client, f"/staf/area/{karawaci.id}/ubah", {"name": "   "})
    assert response.status_code == 422 and coded("36.71.07").name == "Karawaci"
    response = post_form(client, f"/staf/area/{karawaci.id}/ubah", {"name": "ciledug"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "There is already a kecamatan named “ciledug”." in html
    assert 'value="ciledug"' in html and coded("36.71.07").name == "Karawaci"


def test_areas_out_of_use_are_not_offered_to_citizens_but_reports_keep_their_names(client, place):
    report = file_report(place)
    sign_in(client, place.admin)
    form = page(client, "/aspirasi/baru")
    assert ">Sudimara Barat<" in form and ">Ciledug<" in form and ">Nusajaya<" in form
    html = post(client, f"/staf/area/{place.sudimara.id}/nonaktifkan",
                f"/staf/kecamatan/{place.ciledug.id}").get_data(as_text=True)
    assert "“Sudimara Barat” is no longer offered in forms." in html and "Not in use" in html
    form = page(client, "/aspirasi/baru")
    assert ">Sudimara Barat<" not in form and ">Ciledug<" in form
    post(client, f"/staf/area/{place.karawaci.id}/nonaktifkan", "/staf/kecamatan")
    form = page(client, "/aspirasi/baru")
    assert ">Karawaci<" not in form and ">Nusajaya<" not in form  # nor the kelurahan of a kecamatan out of use
    citizen = client.application.test_client()
    shown = citizen.get(detail_url(report), headers=EN).get_data(as_text=True)
    assert "Sudimara Barat" in shown and "Ciledug" in shown
    post(client, f"/staf/area/{place.karawaci.id}/aktifkan", "/staf/kecamatan")
    post(client, f"/staf/area/{place.sudimara.id}/aktifkan", f"/staf/kecamatan/{place.ciledug.id}")
    form = page(client, "/aspirasi/baru")
    assert ">Sudimara Barat<" in form and ">Nusajaya<" in form
    assert fresh(place.sudimara).active and fresh(place.karawaci).active


def test_a_hand_made_filing_naming_an_area_out_of_use_is_refused_with_what_was_typed(client, place):
    from tests.modules.aspirasi.test_submit import send

    place.sudimara.active = False
    db.session.commit()
    response = send(client.application.test_client(), place)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This kelurahan or desa is no longer in use." in html and "Jalan berlubang di depan SD" in html
    place.sudimara.active, place.ciledug.active = True, False  # the village is in use, its kecamatan is not
    db.session.commit()
    assert send(client.application.test_client(), place).status_code == 422


def test_another_regions_admin_cannot_see_or_change_the_areas(app, client, make_region, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    a, b = make_region("a", hosts=["a.test"], code="36.71"), make_region("b", hosts=["b.test"], code="32.71")
    with region_context(a):
        kecamatan = Area(code="36.71.01", name="Ciledug", level="kecamatan")
        db.session.add(kecamatan)
        db.session.commit()
    sign_in(client, quick_user(b, role=Role.REGION_ADMIN), host="b.test")
    on_b = {"base_url": "http://b.test"}
    assert "Ciledug" not in client.get("/staf/kecamatan", **on_b).get_data(as_text=True)
    assert client.get(f"/staf/kecamatan/{kecamatan.id}", **on_b).status_code == 404
    assert client.post(f"/staf/area/{kecamatan.id}/ubah", data={"name": "Dibajak"}, **on_b).status_code == 404
    assert client.post(f"/staf/area/{kecamatan.id}/nonaktifkan", **on_b).status_code == 404
    assert client.post(f"/staf/kecamatan/{kecamatan.id}/baru", data={"name": "X", "code": "36.71.01.1001"},
                       **on_b).status_code == 404
    db.session.refresh(kecamatan)
    assert kecamatan.name == "Ciledug" and kecamatan.active


@pytest.mark.parametrize("role", [Role.EDITOR, Role.DEPARTMENT_OFFICER, Role.PRICE_OFFICER, None])
def test_only_region_admins_edit_areas(app, client, region, monkeypatch, role):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the role is under test here
    sign_in(client, quick_user(region, role=role))
    assert client.get("/staf/kecamatan").status_code == 403
    assert client.post("/staf/kecamatan/impor").status_code == 403
    assert client.post("/staf/kecamatan/baru", data={"name": "Baru", "code": "36.71.14"}).status_code == 403
    with region_context(region):
        assert area_count() == 0


def test_the_admin_menu_leads_to_the_areas(client, admin):
    assert 'href="/staf/kecamatan"' in page(client, "/staf/")

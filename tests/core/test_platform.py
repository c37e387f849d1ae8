"""Platform administration: every region of the install with its state, onboarding one, its host names,
suspending it, and moving its set-up between regions as a bundle."""
import io
import json
import logging
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Area, Department, Region, Role, User
from webapp.extensions import db
from webapp.modules.aspirasi.models import Category, Report

EN = {"Accept-Language": "en"}


@pytest.fixture
def platform_admin(region, client):
    user = quick_user(region, platform_admin=True)
    sign_in(client, user)
    return user


def post_form(client, url, data, page_url=None):
    token = csrf_from(client.get(page_url or url, headers=EN))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN)


def new_region(**changes):
    data = {"code": "32.71", "name": "", "slug": "", "hosts": "bogor.example.id", "timezone": "",
            "modules": ["kontak"], "admin_email": "admin@bogor.example.id", "admin_name": ""}
    return {**data, **changes}


def region_named(name):
    return db.session.execute(select(Region).where(Region.name == name)).scalar_one_or_none()


def test_platform_admin_sees_every_region_with_hosts_and_services(client, region, make_region, platform_admin):
    make_region("bekasi", hosts=["bekasi.test", "layanan.bekasi.test"], name="Kota Bekasi", modules=[])
    html = client.get("/platform/", headers=EN).get_data(as_text=True)
    assert "Kota Tangerang" in html and "Kota Bekasi" in html
    assert "bekasi.test" in html and "layanan.bekasi.test" in html
    assert "<td>Emergency numbers</td>" in html and "<td>None</td>" in html  # Tangerang's service; Bekasi has none


def test_a_region_admin_may_not_open_the_platform_pages(client, region):
    sign_in(client, quick_user(region, role=Role.REGION_ADMIN))
    assert client.get("/platform/").status_code == 403


def count_in(model, region, **filters):
    query = (select(func.count()).select_from(model).filter_by(**filters).where(model.region_id == region.id)
             .execution_options(all_regions=True))
    return db.session.execute(query).scalar_one()


def shown_link(html):
    match = re.search(r'id="set-password-link" type="text" value="([^"]+)"', html)
    return match.group(1) if match else None


def test_onboarding_from_the_web_makes_a_ready_region_and_shows_the_admins_link_once(client, region, platform_admin, caplog):
    with caplog.at_level(logging.INFO):
        response = post_form(client, "/platform/wilayah/baru", new_region(
            hosts="https://Bogor.Example.ID/\nwww.bogor.example.id", admin_name="Dewi", modules=["aspirasi", "kontak"]))
    assert response.status_code == 302
    bogor = region_named("Kota Bogor")
    assert response.headers["Location"].endswith(f"/platform/wilayah/{bogor.id}")
    assert bogor.slug == "bogor" and bogor.kind == "kota" and bogor.timezone == "Asia/Jakarta"
    assert [h.host for h in bogor.hosts] == ["bogor.example.id", "www.bogor.example.id"]
    assert count_in(Area, bogor, level="kecamatan") == 6 and count_in(Department, bogor) >= 10
    assert count_in(Category, bogor) == 11
    admin = db.session.execute(select(User).where(User.region_id == bogor.id).execution_options(all_regions=True)).scalar_one()
    assert (admin.email, admin.name, [g.role for g in admin.roles]) == ("admin@bogor.example.id", "Dewi", [Role.REGION_ADMIN])
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "Kota Bogor is ready: 6 kecamatan, 68 kelurahan/desa" in page
    link = shown_link(page)
    assert link and link.startswith("http://bogor.example.id/lupa-sandi/")
    assert "mail not sent (no MAIL_SERVER) to admin@bogor.example.id" in caplog.text and link in caplog.text
    assert shown_link(client.get(response.headers["Location"], headers=EN).get_data(as_text=True)) is None  # once
    assert "Kota Bogor" in client.get("/", base_url="http://www.bogor.example.id").get_data(as_text=True)


def test_the_onboarding_form_looks_up_the_name_of_a_code(client, region, platform_admin):
    page = client.get("/platform/wilayah/baru?code=32.71", headers=EN).get_data(as_text=True)
    assert "32.71 is Kota Bogor." in page and 'value="32.71"' in page
    fragment = client.get("/platform/wilayah/baru?code=91.71",
                          headers={**EN, "HX-Request": "true", "HX-Target": "p#code-name"}).get_data(as_text=True)
    assert fragment.strip() == "<strong>91.71 is Kota Jayapura.</strong>"
    unknown = post_form(client, "/platform/wilayah/baru", new_region(code="99.99", action="lookup"))
    assert unknown.status_code == 200 and "No kabupaten or kota has the code 99.99" in unknown.get_data(as_text=True)
    assert region_named("Kota Bogor") is None  # looking up creates nothing


def test_a_region_in_eastern_indonesia_gets_its_time_zone_from_the_province(client, region, platform_admin):
    response = post_form(client, "/platform/wilayah/baru", new_region(code="91.71", hosts="jayapura.test"))
    assert response.status_code == 302
    assert region_named("Kota Jayapura").timezone == "Asia/Jayapura"


def test_a_kabupaten_and_the_kota_of_the_same_name_get_different_short_names(client, region, platform_admin):
    post_form(client, "/platform/wilayah/baru", new_region(code="32.71", hosts="kota.bogor.test"))
    post_form(client, "/platform/wilayah/baru", new_region(code="32.01", hosts="kab.bogor.test",
                                                           admin_email="admin@kab.bogor.example.id"))
    assert (region_named("Kota Bogor").slug, region_named("Kabupaten Bogor").slug) == ("bogor", "kab-bogor")


def test_onboarding_the_same_region_twice_is_refused(client, region, platform_admin):
    assert post_form(client, "/platform/wilayah/baru", new_region()).status_code == 302
    again = post_form(client, "/platform/wilayah/baru", new_region(hosts="lain.bogor.test"))
    assert again.status_code == 422
    assert "A region with the code 32.71 already exists: Kota Bogor. Nothing was created." in again.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Region)).scalar_one() == 2


def test_a_host_another_region_uses_is_refused_with_everything_kept(client, region, make_region, platform_admin):
    make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    response = post_form(client, "/platform/wilayah/baru", new_region(name="Kota Hujan", hosts="bogor.test\nBEKASI.test:443"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The host bekasi.test already exists: it serves Kota Bekasi." in html
    assert 'value="Kota Hujan"' in html and "bogor.test\nBEKASI.test:443" in html
    assert region_named("Kota Hujan") is None


@pytest.mark.parametrize("changes, message", [
    ({"code": "99.99"}, "No kabupaten or kota has the code 99.99"),
    ({"code": "3271"}, "two digits, a dot and two digits"),
    ({"hosts": ""}, "This field is required."),
    ({"hosts": "bogor test"}, "is not a valid host name"),
    ({"code": "36.71"}, "A region with the code 36.71 already exists: Kota Tangerang."),
    ({"admin_email": "admin"}, "Invalid email address."),
    ({"slug": "tangerang"}, "Kota Tangerang already uses the short name “tangerang”."),
])
def test_region_mistakes_are_explained(client, region, platform_admin, changes, message):
    response = post_form(client, "/platform/wilayah/baru", new_region(**changes))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Region)).scalar_one() == 1
    assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 1  # the platform admin


def test_platform_admin_changes_a_regions_hosts_and_services(client, region, make_region, platform_admin):
    bekasi = make_region("bekasi", hosts=["bekasi.test", "old.bekasi.test"], name="Kota Bekasi", modules=["kontak"])
    url = f"/platform/wilayah/{bekasi.id}"
    response = post_form(client, url, {"hosts": "bekasi.test\nlayanan.bekasi.test", "modules": []})
    assert response.status_code == 302
    db.session.refresh(bekasi)
    assert [h.host for h in bekasi.hosts] == ["bekasi.test", "layanan.bekasi.test"] and bekasi.modules == []
    assert client.get("/kontak/", base_url="http://layanan.bekasi.test").status_code == 404
    assert client.get("/", base_url="http://old.bekasi.test").status_code == 404


def test_a_region_cannot_take_another_regions_host(client, region, make_region, platform_admin):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    response = post_form(client, f"/platform/wilayah/{bekasi.id}", {"hosts": "bekasi.test\nlocalhost", "modules": ["kontak"]})
    assert response.status_code == 422 and b"localhost (Kota Tangerang)" in response.data
    db.session.refresh(bekasi)
    assert [h.host for h in bekasi.hosts] == ["bekasi.test"]


# The list, and suspending a region

def test_the_list_shows_each_regions_state_and_its_accounts_and_reports(client, region, make_region, platform_admin):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    bekasi.suspended_at, bekasi.suspended_note = datetime.now(timezone.utc), "Kontrak berakhir"
    quick_user(bekasi, name="Warga Bekasi")
    kecamatan = Area(region_id=region.id, code="36.71.01", name="Tangerang", level="kecamatan")
    kelurahan = Area(region_id=region.id, code="36.71.01.1001", name="Sukaasih", level="kelurahan", parent=kecamatan)
    category = Category(region_id=region.id, slug="jalan-rusak", name="Jalan rusak")
    db.session.add_all([kecamatan, kelurahan, category])
    db.session.flush()
    db.session.add(Report(region_id=region.id, code="K7QM-3XPD", kind="pengaduan", title="Jalan rusak",
                          description="Lubang besar di jalan.", category_id=category.id, kecamatan_id=kecamatan.id,
                          kelurahan_id=kelurahan.id))
    db.session.commit()
    rows = re.findall(r"<tr>(.*?)</tr>", client.get("/platform/", headers=EN).get_data(as_text=True), re.S)
    bekasi_row = next(row for row in rows if "Kota Bekasi" in row)
    tangerang_row = next(row for row in rows if "Kota Tangerang" in row)
    assert "Suspended" in bekasi_row and "Kontrak berakhir" in bekasi_row
    assert "Active" in tangerang_row and "Suspended" not in tangerang_row
    cells = lambda row: re.findall(r"<td>([^<]*)</td>", row)  # noqa: E731
    assert cells(bekasi_row)[-3:] == ["1", "0", "0"]  # accounts, reports, areas
    assert cells(tangerang_row)[-3:] == ["0", "1", "2"]  # the platform admin belongs to no region; one report


def test_a_suspended_region_answers_503_on_its_hosts_while_the_other_keeps_working(client, region, make_region,
                                                                                   platform_admin):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    response = post_form(client, f"/platform/wilayah/{bekasi.id}/tangguhkan", {"reason": "Kontrak  berakhir"},
                         page_url=f"/platform/wilayah/{bekasi.id}")
    assert response.status_code == 302
    db.session.refresh(bekasi)
    assert bekasi.suspended_at is not None and bekasi.suspended_note == "Kontrak berakhir"
    visitor = client.application.test_client()
    for path in ("/", "/kontak/", "/masuk", "/staf/"):
        page = visitor.get(path, base_url="http://bekasi.test")
        html = page.get_data(as_text=True)
        assert page.status_code == 503, path
        assert '<html lang="id">' in html and "503" in html
        assert "Bekasi" not in html and "Tangerang" not in html
        assert page.headers["Cache-Control"] == "no-store"
    english = visitor.get("/", base_url="http://bekasi.test", headers=EN)
    assert "This service is temporarily unavailable" in english.get_data(as_text=True)
    api = visitor.get("/api/v1/reports", base_url="http://bekasi.test")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == 503
    assert "Kota Tangerang" in visitor.get("/", base_url="http://localhost").get_data(as_text=True)
    assert visitor.get("/", base_url="http://localhost").status_code == 200
    # The platform pages still open on the suspended region's host, for a platform admin signed in there.
    sign_in(client, platform_admin, host="bekasi.test")
    assert client.get(f"/platform/wilayah/{bekasi.id}", base_url="http://bekasi.test").status_code == 200
    token = csrf_from(client.get(f"/platform/wilayah/{bekasi.id}", base_url="http://bekasi.test"))
    lifted = client.post(f"/platform/wilayah/{bekasi.id}/pulihkan", data={"csrf_token": token},
                         base_url="http://bekasi.test")
    assert lifted.status_code == 302
    assert visitor.get("/", base_url="http://bekasi.test").status_code == 200


@pytest.fixture
def page_cache(app, tmp_path):
    from webapp.core import pagecache

    yield pagecache.enable(app, 30, folder=tmp_path / "versions")
    pagecache.disable(app)


def test_a_suspension_takes_effect_at_once_even_for_pages_kept_in_the_page_cache(client, region, make_region,
                                                                                  platform_admin, page_cache):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    visitor = client.application.test_client(use_cookies=False)
    visitor.get("/kontak/", base_url="http://bekasi.test")
    assert visitor.get("/kontak/", base_url="http://bekasi.test").headers.get("X-Cache") == "HIT"
    # Suspended from another region's host: the stored page of Bekasi must not be served any more.
    post_form(client, f"/platform/wilayah/{bekasi.id}/tangguhkan", {"reason": "Audit keamanan"},
              page_url=f"/platform/wilayah/{bekasi.id}")
    assert visitor.get("/kontak/", base_url="http://bekasi.test").status_code == 503


def test_a_suspension_needs_a_reason(client, region, make_region, platform_admin):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    response = post_form(client, f"/platform/wilayah/{bekasi.id}/tangguhkan", {"reason": "  "},
                         page_url=f"/platform/wilayah/{bekasi.id}")
    assert response.status_code == 422 and b"This field is required." in response.data
    db.session.refresh(bekasi)
    assert bekasi.suspended_at is None
    assert client.get("/", base_url="http://bekasi.test").status_code == 200


# Bundles on the platform pages

def test_a_bundle_downloaded_from_one_region_is_imported_into_another(client, region, make_region, platform_admin):
    region.tagline, region.theme_color = "Kota Seribu Industri", "#1d4f91"
    region.settings = {"home": {"order": ["kontak"], "hidden": []}}
    db.session.add(Department(region_id=region.id, slug="dpupr", name="Dinas PUPR", short_name="DPUPR"))
    db.session.commit()
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi", code="32.75")
    download = client.get(f"/platform/wilayah/{region.id}/bundel.json")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="serambi-tangerang-')
    bundle = download.get_data()
    assert json.loads(bundle)["departments"][0]["name"] == "Dinas PUPR"

    def upload(data, name="tangerang.json"):
        token = csrf_from(client.get(f"/platform/wilayah/{bekasi.id}", headers=EN))
        return client.post(f"/platform/wilayah/{bekasi.id}/bundel", headers=EN, content_type="multipart/form-data",
                           data={"csrf_token": token, "bundle": (io.BytesIO(data), name)})

    assert upload(bundle).status_code == 302
    db.session.refresh(bekasi)
    assert (bekasi.name, bekasi.tagline, bekasi.theme_color) == ("Kota Bekasi", "Kota Seribu Industri", "#1d4f91")
    assert bekasi.settings["home"]["order"] == ["kontak"]
    assert count_in(Department, bekasi) == 1
    assert upload(bundle).status_code == 302
    page = client.get(f"/platform/wilayah/{bekasi.id}", headers=EN).get_data(as_text=True)
    assert "Nothing needed to change." in page
    assert count_in(Department, bekasi) == 1 and count_in(Department, region) == 1


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe not json", "This file is not a region bundle: it is not valid JSON."),
    (b'[1, 2]', "This file is not a Serambi region bundle"),
    (b'{"format": "serambi-region-bundle", "version": 1, "region": {"theme_color": "#777777"}}',
     "region.theme_color must be a colour"),
    (b'{"format": "serambi-region-bundle", "version": 1, "harga": {"commodities": [{"slug": "Beras!", "name": "B", '
     b'"unit": "kg", "group": "beras"}]}}', "harga.commodities[0].slug must be a short name"),
    (b"", "Choose a bundle file (.json) to import."),
])
def test_a_bad_bundle_upload_is_refused_with_a_clear_message(client, region, make_region, platform_admin, data, message):
    bekasi = make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    token = csrf_from(client.get(f"/platform/wilayah/{bekasi.id}", headers=EN))
    upload = {"bundle": (io.BytesIO(data), "bundle.json")} if data else {}
    response = client.post(f"/platform/wilayah/{bekasi.id}/bundel", headers=EN, content_type="multipart/form-data",
                           data={"csrf_token": token, **upload})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.refresh(bekasi)
    assert bekasi.theme_color == "#0b6e4f" and count_in(Department, bekasi) == 0

"""Platform administration: every region of the install, creating one, and its host names."""
import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Area, Region, Role
from webapp.extensions import db

EN = {"Accept-Language": "en"}


@pytest.fixture
def platform_admin(region, client):
    user = quick_user(region, platform_admin=True)
    sign_in(client, user)
    return user


def post_form(client, url, data):
    token = csrf_from(client.get(url, headers=EN))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN)


def new_region(**changes):
    data = {"code": "32.71", "name": "", "slug": "", "hosts": "bogor.example.id", "timezone": "",
            "modules": ["kontak"], "import_areas": "y"}
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


def test_creating_a_region_from_its_code_imports_its_areas_and_serves_its_host(client, region, platform_admin):
    response = post_form(client, "/platform/wilayah/baru", new_region(hosts="https://Bogor.Example.ID/\nwww.bogor.example.id"))
    assert response.status_code == 302
    bogor = region_named("Kota Bogor")
    assert bogor.slug == "bogor" and bogor.kind == "kota" and bogor.timezone == "Asia/Jakarta"
    assert [h.host for h in bogor.hosts] == ["bogor.example.id", "www.bogor.example.id"]
    kecamatan = db.session.execute(
        select(func.count()).select_from(Area).where(Area.region_id == bogor.id, Area.level == "kecamatan")
        .execution_options(all_regions=True)
    ).scalar_one()
    assert kecamatan == 6
    listed = client.get("/platform/", headers=EN).get_data(as_text=True)
    assert "Kota Bogor was created with 6 kecamatan" in listed
    assert "Kota Bogor" in client.get("/", base_url="http://www.bogor.example.id").get_data(as_text=True)


def test_a_region_in_eastern_indonesia_gets_its_time_zone_from_the_province(client, region, platform_admin):
    response = post_form(client, "/platform/wilayah/baru", new_region(code="91.71", hosts="jayapura.test", import_areas=""))
    assert response.status_code == 302
    jayapura = region_named("Kota Jayapura")
    assert jayapura.timezone == "Asia/Jayapura"
    assert db.session.execute(
        select(func.count()).select_from(Area).where(Area.region_id == jayapura.id).execution_options(all_regions=True)
    ).scalar_one() == 0


def test_a_kabupaten_and_the_kota_of_the_same_name_get_different_short_names(client, region, platform_admin):
    post_form(client, "/platform/wilayah/baru", new_region(code="32.71", hosts="kota.bogor.test", import_areas=""))
    post_form(client, "/platform/wilayah/baru", new_region(code="32.01", hosts="kab.bogor.test", import_areas=""))
    assert (region_named("Kota Bogor").slug, region_named("Kabupaten Bogor").slug) == ("bogor", "kab-bogor")


def test_a_host_another_region_uses_is_refused_with_everything_kept(client, region, make_region, platform_admin):
    make_region("bekasi", hosts=["bekasi.test"], name="Kota Bekasi")
    response = post_form(client, "/platform/wilayah/baru", new_region(name="Kota Hujan", hosts="bogor.test\nBEKASI.test:443"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already used by another region: bekasi.test (Kota Bekasi)" in html
    assert 'value="Kota Hujan"' in html and "bogor.test\nBEKASI.test:443" in html
    assert region_named("Kota Hujan") is None


@pytest.mark.parametrize("changes, message", [
    ({"code": "99.99"}, "No kabupaten or kota has the code 99.99"),
    ({"code": "3271"}, "two digits, a dot and two digits"),
    ({"hosts": ""}, "This field is required."),
    ({"hosts": "bogor test"}, "is not a valid host name"),
    ({"code": "36.71"}, "Kota Tangerang already has the code 36.71."),
    ({"slug": "tangerang"}, "Kota Tangerang already uses the short name “tangerang”."),
])
def test_region_mistakes_are_explained(client, region, platform_admin, changes, message):
    response = post_form(client, "/platform/wilayah/baru", new_region(**changes))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(Region)).scalar_one() == 1


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

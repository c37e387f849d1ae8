"""Onboarding a region in one step (`flask onboard-region`), the administrator's one-time link to choose a
password, and region bundles moved between two regions of one install (`region-export`, `region-import`)."""
import io
import json
from datetime import date
import logging
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import csrf_from
from webapp.core import onboarding
from webapp.core.models import Area, Department, Region, Role, User
from webapp.core.scoping import region_context
from webapp.core.uploads import open_upload, save_image
from webapp.extensions import db
from webapp.modules.aspirasi.models import Category, CategoryRoute, Holiday
from webapp.modules.harga.models import Commodity, Market
from webapp.modules.harga.national import ORDER

EN = {"Accept-Language": "en"}
NEW_PASSWORD = "kuda-merah-terbang-42"
BOGOR_HOST = "layanan.bogor.test"


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        return runner.invoke(args=[str(arg) for arg in args])

    return invoke


def count(model, region=None, **filters) -> int:
    query = select(func.count()).select_from(model).filter_by(**filters).execution_options(all_regions=True)
    if region is not None:
        query = query.where(model.region_id == region.id)
    return db.session.execute(query).scalar_one()


def region_with(code) -> Region | None:
    return db.session.execute(select(Region).where(Region.code == code)).scalar_one_or_none()


def rows(model, region, *order):
    with region_context(region):
        return list(db.session.execute(select(model).order_by(*order)).scalars())


def onboard_bogor(run, caplog, *extra):
    with caplog.at_level(logging.INFO):
        result = run("onboard-region", "--code", "32.71", "--host", BOGOR_HOST, "--admin-email", "Admin@Bogor.Example.ID",
                     *extra)
    assert result.exit_code == 0, result.output
    return result


def printed_link(output: str) -> str:
    match = re.search(r"https://\S+/lupa-sandi/\S+", output)
    assert match, output
    return match.group(0)


def test_onboarding_creates_a_ready_region_in_one_step(run, region, caplog):
    result = onboard_bogor(run, caplog, "--admin-name", "Dewi Admin", "--modules", "aspirasi,harga,kontak")
    bogor = region_with("32.71")
    assert "Onboarded region bogor: Kota Bogor (32.71, kota)" in result.output
    assert (bogor.name, bogor.kind, [h.host for h in bogor.hosts]) == ("Kota Bogor", "kota", [BOGOR_HOST])
    assert bogor.modules == ["aspirasi", "harga", "kontak"]
    # Areas from the Kemendagri list
    assert count(Area, bogor, level="kecamatan") == 6 and count(Area, bogor, level="kelurahan") == 68
    # The OPD skeleton
    departments = {d.slug: d for d in rows(Department, bogor, Department.slug)}
    assert {"dpupr", "dinkes", "disdik", "dishub", "dlh", "disnaker", "diskominfo", "dinsos", "satpol-pp",
            "bpbd"} <= set(departments)
    assert departments["disdik"].name == "Dinas Pendidikan" and departments["disdik"].active
    # Aspirasi categories with their SLA days and the OPD each goes to
    categories = {c.slug: c for c in rows(Category, bogor, Category.position)}
    roads = categories["jalan-rusak"]
    assert (roads.verify_days, roads.response_days, roads.department_id) == (3, 5, departments["dpupr"].id)
    assert categories["kekerasan-perempuan-anak"].sensitive and categories["darurat"].response_days == 1
    assert count(CategoryRoute, bogor) == 0  # the demo's example routing is not copied into a real region
    # Every national Harga commodity, tracked
    commodities = rows(Commodity, bogor, Commodity.position)
    assert sorted(c.national_code for c in commodities) == sorted(ORDER) and all(c.tracked for c in commodities)
    assert count(Holiday, bogor) > 10 and any(n["number"] == "110" for n in bogor.emergency_numbers)
    # A region admin without a password, with a one-time link printed and sent
    admin = db.session.execute(select(User).where(User.email == "admin@bogor.example.id")
                               .execution_options(all_regions=True)).scalar_one()
    assert admin.region_id == bogor.id and admin.name == "Dewi Admin"
    assert [g.role for g in admin.roles] == [Role.REGION_ADMIN] and onboarding.has_no_password(admin)
    assert not admin.check_password("") and not admin.check_password("None")
    link = printed_link(result.output)
    assert link.startswith(f"https://{BOGOR_HOST}/lupa-sandi/")
    assert "mail not sent (no MAIL_SERVER) to admin@bogor.example.id" in caplog.text and link in caplog.text
    assert "The link was also sent to admin@bogor.example.id." in result.output
    # Nothing landed in the other region
    assert count(Department, region) == 0 and count(Category, region) == 0


def test_the_administrators_link_sets_the_password_once_and_signs_in(run, region, client, caplog):
    link = urlsplit(printed_link(onboard_bogor(run, caplog).output))
    admin = db.session.execute(select(User).where(User.email == "admin@bogor.example.id")
                               .execution_options(all_regions=True)).scalar_one()
    assert client.get(link.path, base_url="http://localhost").status_code == 400  # another region's host
    page = client.get(link.path, base_url=f"http://{BOGOR_HOST}", headers=EN)
    assert page.status_code == 200 and b"Choose a new password" in page.data
    response = client.post(link.path, base_url=f"http://{BOGOR_HOST}", headers=EN, data={
        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/staf/wilayah", base_url=f"http://{BOGOR_HOST}").status_code == 200  # signed in, as admin
    db.session.refresh(admin)
    assert admin.check_password(NEW_PASSWORD) and not onboarding.has_no_password(admin)
    again = client.get(link.path, base_url=f"http://{BOGOR_HOST}", headers=EN)
    assert again.status_code == 400 and b"This link no longer works" in again.data


def test_onboarding_twice_is_refused_and_creates_nothing_more(run, region, caplog):
    onboard_bogor(run, caplog)
    bogor = region_with("32.71")
    before = [count(model, bogor) for model in (Area, Department, Category, Commodity, User)]
    again = run("onboard-region", "--code", "32.71", "--host", "other.bogor.test", "--admin-email", "x@bogor.example.id")
    assert again.exit_code != 0
    assert "A region with the code 32.71 already exists: Kota Bogor. Nothing was created." in again.output
    same_host = run("onboard-region", "--code", "32.01", "--host", BOGOR_HOST, "--admin-email", "x@bogor.example.id")
    assert same_host.exit_code != 0
    assert f"The host {BOGOR_HOST} already exists: it serves Kota Bogor. Nothing was created." in same_host.output
    assert region_with("32.01") is None
    assert [count(model, bogor) for model in (Area, Department, Category, Commodity, User)] == before
    assert count(Region) == 2


@pytest.mark.parametrize("args, message", [
    (["--code", "99.99", "--host", "x.test", "--admin-email", "a@x.example.id"], "No kabupaten or kota has the code 99.99"),
    (["--code", "32.71", "--host", "x.test", "--admin-email", "not-an-address"],
     "This does not look like an e-mail address."),
    (["--code", "32.71", "--host", "bad host", "--admin-email", "a@x.example.id"], "is not a valid host name"),
    (["--code", "32.71", "--host", "x.test", "--admin-email", "a@x.example.id", "--modules", "lottery"], "Unknown services"),
])
def test_onboarding_mistakes_are_explained_and_nothing_is_created(run, region, args, message):
    result = run("onboard-region", *args)
    assert result.exit_code != 0 and message in result.output
    assert count(Region) == 1 and count(User) == 0


# Region bundles

def _png(colour) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGBA", (64, 64), colour).save(out, "PNG")
    out.seek(0)
    return out


def set_up_tangerang(app):
    """A fully onboarded Kota Tangerang whose admin then changed its set-up."""
    from werkzeug.datastructures import FileStorage

    done = onboarding.onboard_region("36.71", ["tangerang.test"], "admin@tangerang.example.id")
    tangerang = done.region
    with region_context(tangerang):
        departments = {d.slug: d for d in db.session.execute(select(Department)).scalars()}
        departments["dpupr"].name = "Dinas PUPR Kota Tangerang"
        kecamatan = db.session.execute(select(Area).where(Area.level == "kecamatan").order_by(Area.code)).scalars().first()
        kecamatan.active = False
        parking = Category(slug="parkir-liar", name="Parkir liar", verify_days=2, response_days=4, position=20,
                           department_id=departments["dishub"].id)
        db.session.add(parking)
        db.session.flush()
        db.session.add(CategoryRoute(category_id=parking.id, kecamatan_id=kecamatan.id,
                                     department_id=departments["satpol-pp"].id))
        db.session.add(Market(slug="pasar-anyar", name="Pasar Anyar", kecamatan_id=kecamatan.id, position=1))
        db.session.add(Commodity(slug="kerupuk", name="Kerupuk Kulit", unit="kg", group="lainnya", position=90))
        db.session.add(Holiday(day=date(2026, 2, 28), name="HUT Kota Tangerang"))
        tangerang.logo = save_image(FileStorage(_png((200, 30, 30, 255)), filename="logo.png"), kind="logo",
                                    max_side=512, keep_alpha=True)
        db.session.flush()
    tangerang.tagline = "Layanan warga dalam satu genggaman"
    tangerang.theme_color = "#1d4f91"
    tangerang.settings = {"home": {"order": ["kontak", "harga", "aspirasi"], "hidden": ["berita"]},
                          "bbox": [106.55, -6.29, 106.74, -6.10], "pencaker_min_age": 17}
    db.session.commit()
    return tangerang


def test_a_bundle_carries_one_regions_set_up_into_another_on_the_same_install(app, run, caplog, tmp_path):
    tangerang = set_up_tangerang(app)
    onboard_bogor(run, caplog)
    bogor = region_with("32.71")
    bogor_areas = count(Area, bogor)
    tangerang_before = [count(model, tangerang) for model in (Area, Department, Category, Market, Commodity, Holiday)]
    bundle_file = tmp_path / "tangerang.json"

    exported = run("region-export", "--host", "tangerang.test", bundle_file)
    assert exported.exit_code == 0, exported.output
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    assert bundle["format"] == "serambi-region-bundle" and bundle["source"]["code"] == "36.71"
    assert bundle["logo"]["type"] == "image/png" and bundle["home_cards"]["order"][0] == "kontak"

    imported = run("region-import", "--host", BOGOR_HOST, bundle_file)
    assert imported.exit_code == 0, imported.output
    assert "areas belong to another kabupaten/kota and were left out" in imported.output
    db.session.expire_all()
    bogor = region_with("32.71")
    # Branding, home cards and settings arrived; the identity and the place's own settings did not.
    assert (bogor.name, bogor.code, bogor.tagline, bogor.theme_color) == (
        "Kota Bogor", "32.71", "Layanan warga dalam satu genggaman", "#1d4f91")
    assert bogor.settings["home"] == {"order": ["kontak", "harga", "aspirasi"], "hidden": ["berita"]}
    assert bogor.settings["pencaker_min_age"] == 17 and "bbox" not in bogor.settings
    assert bogor.logo and bogor.logo.startswith("bogor/logo/") and bogor.logo != tangerang.logo
    with open_upload(bogor.logo) as f:
        assert Image.open(f).getpixel((10, 10)) == (200, 30, 30, 255)
    # OPD, categories (with their OPD and routing resolved in Bogor), markets, commodities and holidays
    departments = {d.slug: d for d in rows(Department, bogor, Department.slug)}
    assert departments["dpupr"].name == "Dinas PUPR Kota Tangerang"
    parking = next(c for c in rows(Category, bogor, Category.id) if c.slug == "parkir-liar")
    assert (parking.verify_days, parking.department_id) == (2, departments["dishub"].id)
    assert count(CategoryRoute, bogor) == 0  # its kecamatan is Tangerang's, not Bogor's
    market = next(m for m in rows(Market, bogor, Market.id) if m.slug == "pasar-anyar")
    assert market.kecamatan_id is None
    assert "kerupuk" in {c.slug for c in rows(Commodity, bogor, Commodity.id)}
    assert "HUT Kota Tangerang" in {h.name for h in rows(Holiday, bogor, Holiday.day)}
    assert count(Area, bogor) == bogor_areas
    after_first = [count(model, bogor) for model in (Department, Category, Market, Commodity, Holiday, CategoryRoute)]
    first_logo = bogor.logo

    again = run("region-import", "--host", BOGOR_HOST, bundle_file)
    assert again.exit_code == 0 and "Nothing needed to change." in again.output
    db.session.expire_all()
    bogor = region_with("32.71")
    assert [count(model, bogor) for model in (Department, Category, Market, Commodity, Holiday, CategoryRoute)] == after_first
    assert bogor.logo == first_logo
    # The region the bundle came from is as it was.
    assert [count(model, tangerang) for model in (Area, Department, Category, Market, Commodity, Holiday)] == tangerang_before


def test_a_bundle_into_a_region_of_the_same_code_brings_its_areas_and_routing(app, run, caplog, tmp_path):
    tangerang = set_up_tangerang(app)
    bundle_file = tmp_path / "tangerang.json"
    assert run("region-export", "--host", "tangerang.test", bundle_file).exit_code == 0
    # The same region rebuilt on another install; here the old one steps aside (its code and short name).
    tangerang.code, tangerang.slug = "99.98", "tangerang-lama"
    db.session.commit()
    result = run("region-import", "--host", "baru.tangerang.test", "--code", "36.71", bundle_file)
    assert result.exit_code == 0, result.output
    rebuilt = region_with("36.71")
    assert [h.host for h in rebuilt.hosts] == ["baru.tangerang.test"]
    assert rebuilt.settings["bbox"] == [106.55, -6.29, 106.74, -6.10]
    first = rows(Area, rebuilt, Area.code)[0]
    assert first.level == "kecamatan" and first.active is False
    route = rows(CategoryRoute, rebuilt, CategoryRoute.id)
    assert len(route) == 1 and route[0].kecamatan_id == first.id


@pytest.mark.parametrize("content, message", [
    (b"{not json", "it is not valid JSON"),
    (b'{"format": "something-else"}', "is not a Serambi region bundle"),
    (b'{"format": "serambi-region-bundle", "version": 99}', "newer Serambi (format 99)"),
    (b'{"format": "serambi-region-bundle", "version": 1, "departments": [{"slug": "dpupr"}]}',
     "departments[0].name is missing"),
    (b'{"format": "serambi-region-bundle", "version": 1, "aspirasi": {"categories": [{"slug": "a", "name": "A", '
     b'"verify_days": "three"}]}}', "aspirasi.categories[0].verify_days must be a whole number from 1 to 30"),
    (b'{"format": "serambi-region-bundle", "version": 1, "logo": {"type": "image/png", "data": "bm90IGFuIGltYWdl"}}',
     "The logo in the bundle cannot be used"),
])
def test_a_bad_bundle_is_refused_with_the_reason_and_changes_nothing(app, run, caplog, tmp_path, content, message):
    onboard_bogor(run, caplog)
    bogor = region_with("32.71")
    before = (count(Department, bogor), bogor.tagline, bogor.logo)
    bundle_file = tmp_path / "bad.json"
    bundle_file.write_bytes(content)
    result = run("region-import", "--host", BOGOR_HOST, bundle_file)
    assert result.exit_code != 0 and message in result.output
    db.session.expire_all()
    bogor = region_with("32.71")
    assert (count(Department, bogor), bogor.tagline, bogor.logo) == before


def test_importing_into_a_host_no_region_has_needs_a_code(run, region, tmp_path):
    bundle_file = tmp_path / "empty.json"
    bundle_file.write_text('{"format": "serambi-region-bundle", "version": 1}')
    result = run("region-import", "--host", "nobody.test", bundle_file)
    assert result.exit_code != 0 and "No region answers to the host 'nobody.test'. Give --code" in result.output
    assert count(Region) == 1

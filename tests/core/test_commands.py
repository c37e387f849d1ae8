"""Operator commands: create-region, create-user, import-areas and seed-demo."""
from types import SimpleNamespace

import pytest
from flask import g
from sqlalchemy import func, select

import webapp.modules
from webapp.core import demo
from webapp.core.models import Area, Department, Region, RegionHost, Role, RoleGrant, User
from webapp.core.templating import contrast_ratio
from webapp.extensions import db
from webapp.modules import MODULES


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        return runner.invoke(args=list(args), input=input)

    return invoke


def count(model) -> int:
    query = select(func.count()).select_from(model).execution_options(all_regions=True)
    return db.session.execute(query).scalar_one()


def region_named(slug):
    return db.session.execute(select(Region).where(Region.slug == slug)).scalar_one_or_none()


def user_by_email(email):
    return db.session.execute(
        select(User).where(User.email == email).execution_options(all_regions=True)
    ).scalar_one()


# create-region

def test_create_region_from_a_kota_code(run):
    result = run("create-region", "--code", "36.71", "--host", "Tangerang.Example.ID")
    assert result.exit_code == 0, result.output
    region = region_named("tangerang")
    assert (region.name, region.kind, region.code) == ("Kota Tangerang", "kota", "36.71")
    assert region.timezone == "Asia/Jakarta"
    assert [h.host for h in region.hosts] == ["tangerang.example.id"]
    assert region.modules == [m.name for m in MODULES if m.default_enabled]
    assert (region.locales, region.default_locale) == (["id", "en"], "id")
    assert "13 kecamatan, 104 kelurahan/desa" in result.output
    assert count(Area) == 117


def test_create_region_for_a_kabupaten_outside_wib(run):
    result = run("create-region", "--code", "51.03")
    assert result.exit_code == 0, result.output
    region = region_named("kab-badung")
    assert (region.name, region.kind, region.timezone) == ("Kabupaten Badung", "kabupaten", "Asia/Makassar")
    assert region.hosts == []


def test_create_region_takes_the_operators_choices(run):
    result = run("create-region", "--code", "36.71", "--slug", "tng", "--name", "Tangerang Kota",
                 "--timezone", "Asia/Jayapura", "--color", "#1D4F91", "--modules", "kontak",
                 "--languages", "en,id", "--host", "a.test", "--host", "b.test")
    assert result.exit_code == 0, result.output
    region = region_named("tng")
    assert (region.name, region.timezone, region.theme_color) == ("Tangerang Kota", "Asia/Jayapura", "#1d4f91")
    assert (region.modules, region.locales, region.default_locale) == (["kontak"], ["en", "id"], "en")
    assert [h.host for h in region.hosts] == ["a.test", "b.test"]


def test_create_region_reads_hosts_as_the_platform_form_does(run):
    result = run("create-region", "--code", "36.71", "--host", "https://Tangerang.Example.ID/",
                 "--host", "tangerang.example.id:443")
    assert result.exit_code == 0, result.output
    assert [h.host for h in region_named("tangerang").hosts] == ["tangerang.example.id"]


@pytest.mark.parametrize("args, message", [
    (["--code", "99.99"], "No kabupaten or kota has the code 99.99"),
    (["--code", "36.71.01"], "is a kecamatan code"),
    (["--code", "36"], "is a provinsi code"),
    (["--code", "36.71", "--slug", "Tangerang!"], "lower-case letters, digits and single hyphens only"),
    (["--code", "36.71", "--color", "green"], "# and six hexadecimal digits"),
    (["--code", "36.71", "--color", "#777777"], "hard to read on this colour"),
    (["--code", "36.71", "--modules", "kontak,sihir"], "Unknown services: sihir"),
    (["--code", "36.71", "--languages", "id,xx"], "Unknown languages: xx"),
    (["--code", "36.71", "--host", "tangerang example.id"], "“tangerang example.id” is not a valid host name"),
])
def test_create_region_refuses_bad_input(run, args, message):
    result = run("create-region", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert count(Region) == 0 and count(Area) == 0


@pytest.mark.parametrize("args, message", [
    (["--code", "36.74", "--slug", "taken"], "Kota Taken already uses the short name “taken”"),
    (["--code", "36.71"], "Kota Taken already has the code 36.71"),
    (["--code", "36.74", "--host", "TAKEN.test"], "already used by another region: taken.test (Kota Taken)"),
])
def test_create_region_refuses_what_another_region_has(run, make_region, args, message):
    make_region("taken", code="36.71", hosts=["taken.test"])
    result = run("create-region", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert count(Region) == 1 and count(Area) == 0


# create-user

@pytest.mark.parametrize("role", [Role.REGION_ADMIN, Role.EDITOR, Role.PRICE_OFFICER, Role.MANPOWER_OFFICER])
def test_create_user_with_a_staff_role(run, region, role):
    result = run("create-user", "--region", "tangerang", "--role", role, "--name", "Siti",
                 "--email", "Siti@Example.ID", "--password", "rahasia-123")
    assert result.exit_code == 0, result.output
    user = user_by_email("siti@example.id")
    assert user.region_id == region.id and not user.is_platform_admin
    assert [(g.role, g.department_id, g.region_id) for g in user.roles] == [(role, None, region.id)]
    assert user.check_password("rahasia-123")


def test_department_officer_needs_a_department(run, region, make_department):
    dpupr = make_department(region, slug="dpupr")
    refused = run("create-user", "--region", "tangerang", "--role", "opd", "--name", "Budi",
                  "--email", "budi@example.id", "--password", "rahasia-123")
    assert refused.exit_code != 0 and "--department" in refused.output
    assert count(User) == 0
    unknown = run("create-user", "--region", "tangerang", "--role", "opd", "--department", "dishub",
                  "--name", "Budi", "--email", "budi@example.id", "--password", "rahasia-123")
    assert unknown.exit_code != 0 and "no department 'dishub'" in unknown.output
    created = run("create-user", "--region", "tangerang", "--role", "opd", "--department", "dpupr",
                  "--name", "Budi", "--email", "budi@example.id", "--password", "rahasia-123")
    assert created.exit_code == 0, created.output
    assert [(g.role, g.department_id) for g in user_by_email("budi@example.id").roles] == [("opd", dpupr.id)]


def test_department_of_another_region_is_not_accepted(run, region, make_region, make_department):
    make_department(make_region("bogor"), slug="dpupr")
    result = run("create-user", "--region", "tangerang", "--role", "opd", "--department", "dpupr",
                 "--name", "Budi", "--email", "budi@example.id", "--password", "rahasia-123")
    assert result.exit_code != 0 and count(User) == 0


def test_platform_admin_has_no_region(run, region):
    result = run("create-user", "--platform-admin", "--name", "Ops", "--email", "ops@example.id",
                 "--password", "rahasia-123")
    assert result.exit_code == 0, result.output
    user = user_by_email("ops@example.id")
    assert (user.region_id, user.is_platform_admin, user.roles) == (None, True, [])
    mixed = run("create-user", "--platform-admin", "--region", "tangerang", "--name", "Ops2",
                "--email", "ops2@example.id", "--password", "rahasia-123")
    assert mixed.exit_code != 0 and "no --region" in mixed.output


def test_citizen_with_a_phone_number_stored_as_e164(run, region):
    result = run("create-user", "--region", "tangerang", "--name", "Warga", "--phone", "0812-3456-7890",
                 "--password", "rahasia-123")
    assert result.exit_code == 0, result.output
    user = db.session.execute(select(User).where(User.phone == "+6281234567890")).scalar_one()
    assert user.email is None and user.roles == []


@pytest.mark.parametrize("args, message", [
    (["--region", "tangerang"], "--email or --phone"),
    (["--region", "tangerang", "--phone", "12345"], "not a valid phone"),
    (["--region", "tangerang", "--email", "x@"], "not a valid e-mail"),
    (["--region", "tangerang", "--email", "x@example.id", "--password", "pendek"], "at least 8"),
    (["--region", "nowhere", "--email", "x@example.id"], "No region"),
    (["--email", "x@example.id"], "--region"),
])
def test_create_user_refuses_bad_input(run, region, args, message):
    if "--password" not in args:
        args = [*args, "--password", "rahasia-123"]
    result = run("create-user", "--name", "X", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert count(User) == 0


def test_create_user_refuses_an_existing_email_in_the_same_region(run, region, make_user):
    make_user(region, email="siti@example.id")
    result = run("create-user", "--region", "tangerang", "--name", "Siti", "--email", "SITI@example.id",
                 "--password", "rahasia-123")
    assert result.exit_code != 0 and "already exists" in result.output
    assert count(User) == 1


def test_create_user_asks_for_the_password_twice_when_not_given(run, region):
    result = run("create-user", "--region", "tangerang", "--name", "Siti", "--email", "siti@example.id",
                 input="rahasia-123\nrahasia-123\n")
    assert result.exit_code == 0, result.output
    assert "rahasia-123" not in result.output  # hidden input
    assert user_by_email("siti@example.id").check_password("rahasia-123")


# import-areas

def test_import_areas_command(run, region):
    result = run("import-areas", "--region", "tangerang")
    assert result.exit_code == 0, result.output
    assert "13 kecamatan, 104 kelurahan/desa" in result.output
    assert count(Area) == 117
    assert run("import-areas", "--region", "nowhere").exit_code != 0


# seed-demo

DEMO_EMAILS = [a.email for a in demo.ACCOUNTS] + [demo.PLATFORM_ADMIN.email]


def _snapshot():
    """Row counts of the core tables (module hooks add their own rows, which must not grow either)."""
    return {model.__name__: count(model) for model in (Region, RegionHost, Area, Department, User, RoleGrant)}


def _demo_users():
    query = select(User).where(User.email.in_(DEMO_EMAILS)).execution_options(all_regions=True)
    return {u.email: (u.password_hash, u.session_version, len(u.roles)) for u in db.session.execute(query).scalars()}


def test_seed_demo_twice_creates_everything_once(run):
    first = run("seed-demo")
    assert first.exit_code == 0, first.output
    after_first, users = _snapshot(), _demo_users()
    second = run("seed-demo")
    assert second.exit_code == 0, second.output
    assert _snapshot() == after_first
    assert (after_first["Region"], after_first["RegionHost"], after_first["Area"]) == (1, 2, 117)
    assert after_first["Department"] == len(demo.DEPARTMENTS)
    assert sorted(users) == sorted(DEMO_EMAILS)
    assert sum(roles for _, _, roles in users.values()) == 5
    # Same hashes and session versions: a re-seed does not sign the demo accounts out.
    assert _demo_users() == users


def test_seed_demo_region_is_kota_tangerang_with_every_module(run):
    run("seed-demo")
    region = region_named("tangerang")
    assert (region.code, region.kind, region.timezone) == ("36.71", "kota", "Asia/Jakarta")
    assert region.locales == ["id", "en"]
    assert {h.host for h in region.hosts} == {"localhost", "127.0.0.1"}
    assert region.modules == [m.name for m in MODULES]
    assert contrast_ratio(region.theme_color, "#ffffff") >= 4.5
    assert {"110", "113", "118"} <= {n["number"] for n in region.emergency_numbers}


def test_seed_demo_has_one_staff_account_per_role(run):
    run("seed-demo")
    expected = {
        "admin@demo.serambi.id": (Role.REGION_ADMIN, None),
        "opd@demo.serambi.id": (Role.DEPARTMENT_OFFICER, "dpupr"),
        "editor@demo.serambi.id": (Role.EDITOR, None),
        "harga@demo.serambi.id": (Role.PRICE_OFFICER, None),
        "disnaker@demo.serambi.id": (Role.MANPOWER_OFFICER, None),
    }
    tangerang = region_named("tangerang")
    for email, (role, department) in expected.items():
        user = user_by_email(email)
        assert user.region_id == tangerang.id
        assert [(g.role, g.department.slug if g.department else None) for g in user.roles] == [(role, department)]
    assert {role for role, _ in expected.values()} == set(Role.ALL)
    assert user_by_email("opd@demo.serambi.id").check_password(demo.DEFAULT_PASSWORD)


def test_seed_demo_citizen_and_platform_admin(run):
    run("seed-demo")
    citizen = user_by_email("warga@demo.serambi.id")
    assert (citizen.phone, citizen.roles, citizen.is_staff) == ("+6281200000001", [], False)
    assert citizen.check_password("serambi-demo")
    platform = user_by_email("platform@demo.serambi.id")
    assert (platform.region_id, platform.is_platform_admin) == (None, True)


def test_seed_demo_prints_the_accounts(run):
    output = run("seed-demo").output
    for account in demo.ACCOUNTS + [demo.PLATFORM_ADMIN]:
        assert account.email in output
    assert "serambi-demo" in output


def test_seed_demo_password_comes_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "kata-sandi-lain")
    run("seed-demo")
    assert user_by_email("admin@demo.serambi.id").check_password("kata-sandi-lain")
    monkeypatch.delenv("DEMO_PASSWORD")
    run("seed-demo")  # a changed password is applied on the next run
    assert user_by_email("admin@demo.serambi.id").check_password("serambi-demo")


def test_seed_demo_calls_each_enabled_modules_hook_inside_its_region(run, monkeypatch):
    calls = []
    fake = SimpleNamespace(name="palsu", default_enabled=True,
                           seed_demo=lambda region: calls.append((region.slug, g.region.slug)))
    monkeypatch.setattr(webapp.modules, "MODULES", [*MODULES, fake])
    run("seed-demo", "--with-second-region")
    run("seed-demo", "--with-second-region")
    # Bogor leaves the fake module off, so its hook runs only for Tangerang, once per seeding.
    assert calls == [("tangerang", "tangerang"), ("tangerang", "tangerang")]
    assert g.get("region") is None


def test_seed_demo_second_region_is_separate(run):
    result = run("seed-demo", "--with-second-region")
    assert result.exit_code == 0, result.output
    bogor = region_named("bogor")
    assert [h.host for h in bogor.hosts] == ["bogor.localhost"]
    assert count(Area) == 117 + 74
    assert user_by_email("admin@bogor.demo.serambi.id").region_id == bogor.id
    assert "bogor.localhost" in result.output


def test_seed_demo_refuses_a_host_another_region_owns(run, make_region):
    make_region("lain", code="32.71", hosts=["localhost"])
    result = run("seed-demo")
    assert result.exit_code != 0 and "already used by another region: localhost (Kota Lain)" in result.output
    assert region_named("tangerang") is None

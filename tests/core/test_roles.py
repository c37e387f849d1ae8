"""Who may open which staff page, and that nothing crosses from one region into another."""
import pytest

from webapp.core.models import Department, Role, RoleGrant, User
from webapp.extensions import db

STAFF_ROLES = (Role.REGION_ADMIN, Role.DEPARTMENT_OFFICER, Role.EDITOR, Role.PRICE_OFFICER, Role.MANPOWER_OFFICER)
PEOPLE = ("anonymous", "citizen", *STAFF_ROLES, "platform")

EVERY_STAFF = "every staff role"
ADMIN = "region admin"
PLATFORM = "platform admin"
PAGES = {
    "/staf/": EVERY_STAFF,
    "/staf/wilayah": ADMIN,
    "/staf/kecamatan": ADMIN,
    "/staf/audit": ADMIN,
    "/staf/opd": ADMIN,
    "/staf/opd/baru": ADMIN,
    "/staf/opd/{department}": ADMIN,
    "/staf/pengguna": ADMIN,
    "/staf/pengguna?q=Warga": ADMIN,
    "/staf/pengguna/baru": ADMIN,
    "/staf/pengguna/{citizen}": ADMIN,
    "/staf/api": ADMIN,
    "/platform/": PLATFORM,
    "/platform/wilayah/baru": PLATFORM,
    "/platform/wilayah/{region}": PLATFORM,
}
ACTIONS = (
    "/staf/opd/{department}/nonaktifkan",
    "/staf/opd/{department}/aktifkan",
    "/staf/pengguna/{citizen}/blokir",
    "/staf/pengguna/{citizen}/buka-blokir",
    "/staf/pengguna/{citizen}/peran",
    "/staf/api/kunci",
    "/staf/api/yurisdiksi",
    "/platform/wilayah/{region}",
)


def sign_in(client, user, host="localhost"):
    """Put `user` in the session of `host`, as a successful sign-in there would."""
    with client.session_transaction(base_url=f"http://{host}") as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def expected_status(person: str, rule: str) -> int:
    if person == "anonymous":
        return 302
    if person == "platform":
        return 200
    if rule == EVERY_STAFF and person in STAFF_ROLES:
        return 200
    if rule == ADMIN and person == Role.REGION_ADMIN:
        return 200
    return 403


def quick_user(region, role=None, department=None, platform_admin=False, name="Petugas"):
    """An account for session-based tests: no password hashing, which would make the matrix slow."""
    user = User(region_id=None if platform_admin else region.id, is_platform_admin=platform_admin,
                name=name, password_hash="!")
    if role:
        user.roles.append(RoleGrant(role=role, region_id=region.id, department_id=department.id if department else None))
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def cast(region, make_department):
    """The rows the URLs point at, and a way to make the one person a test case signs in as."""
    department = make_department(region, name="Dinas Kesehatan")
    citizen = quick_user(region, name="Warga Biasa")

    def person(kind):
        if kind in ("anonymous", "citizen"):
            return {"anonymous": None, "citizen": citizen}[kind]
        if kind == "platform":
            return quick_user(region, platform_admin=True)
        return quick_user(region, role=kind, department=department if kind == Role.DEPARTMENT_OFFICER else None)

    return person, {"department": department.id, "citizen": citizen.id, "region": region.id}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("url", PAGES)
def test_staff_pages_open_only_for_the_roles_they_serve(client, cast, url, person):
    make_person, ids = cast
    user = make_person(person)
    if user is not None:
        sign_in(client, user)
    response = client.get(url.format(**ids))
    assert response.status_code == expected_status(person, PAGES[url])
    if person == "anonymous":
        assert response.headers["Location"].startswith("/masuk")


@pytest.mark.parametrize("person", ["anonymous", "citizen", Role.DEPARTMENT_OFFICER, Role.EDITOR, Role.PRICE_OFFICER])
@pytest.mark.parametrize("url", ACTIONS)
def test_administrative_actions_are_refused_to_everyone_else(app, client, cast, monkeypatch, url, person):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the roles are under test here, not CSRF
    make_person, ids = cast
    user = make_person(person)
    if user is not None:
        sign_in(client, user)
    response = client.post(url.format(**ids), data={"role": Role.REGION_ADMIN, "hosts": "evil.test"})
    assert response.status_code == (302 if person == "anonymous" else 403)
    department = db.session.get(Department, ids["department"])
    citizen = db.session.get(User, ids["citizen"])
    db.session.refresh(department)
    db.session.refresh(citizen)
    assert department.active and not citizen.blocked and not citizen.roles


@pytest.fixture
def two_regions(make_region, make_department):
    a = make_region("a", hosts=["a.test"], name="Kota A")
    b = make_region("b", hosts=["b.test"], name="Kota B")
    return {
        "admin_a": quick_user(a, role=Role.REGION_ADMIN),
        "department_b": make_department(b, name="Dinas Rahasia B"),
        "user_b": quick_user(b, name="Warga Kota B", role=Role.EDITOR),
    }


def test_region_admin_cannot_reach_another_regions_rows_by_id(app, client, two_regions, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    sign_in(client, two_regions["admin_a"], host="a.test")
    department, user = two_regions["department_b"], two_regions["user_b"]
    a = {"base_url": "http://a.test"}
    assert client.get(f"/staf/opd/{department.id}", **a).status_code == 404
    assert client.post(f"/staf/opd/{department.id}", data={"name": "Dibajak"}, **a).status_code == 404
    assert client.post(f"/staf/opd/{department.id}/nonaktifkan", **a).status_code == 404
    assert client.get(f"/staf/pengguna/{user.id}", **a).status_code == 404
    assert client.post(f"/staf/pengguna/{user.id}/blokir", **a).status_code == 404
    assert client.post(f"/staf/pengguna/{user.id}/peran/{user.roles[0].id}/cabut", **a).status_code == 404
    db.session.refresh(department)
    db.session.refresh(user)
    assert department.name == "Dinas Rahasia B" and department.active
    assert not user.blocked and [g.role for g in user.roles] == [Role.EDITOR]


def test_region_admin_lists_and_finds_only_their_own_regions_rows(client, two_regions):
    sign_in(client, two_regions["admin_a"], host="a.test")
    departments = client.get("/staf/opd", base_url="http://a.test").data
    accounts = client.get("/staf/pengguna", base_url="http://a.test").data
    found = client.get("/staf/pengguna?q=Warga", base_url="http://a.test").data
    assert b"Dinas Rahasia B" not in departments
    assert b"Warga Kota B" not in accounts and b"Warga Kota B" not in found


def test_an_account_of_one_region_is_not_signed_in_on_another_regions_host(client, two_regions):
    sign_in(client, two_regions["admin_a"], host="b.test")
    response = client.get("/staf/", base_url="http://b.test")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")
    sign_in(client, two_regions["admin_a"], host="a.test")
    assert client.get("/staf/", base_url="http://a.test").status_code == 200

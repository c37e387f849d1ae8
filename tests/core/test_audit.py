"""The audit log: each row belongs to one region, says who did what to which object and from where, and
outlives the account that made it. Every write by staff is recorded by itself, with the values before and
after and never a secret; citizens' own actions are not. Region admins search it, page through it and
download it as CSV, and see only their own region's rows."""
from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from flask import g
from sqlalchemy import delete, select, update

from tests.conftest import PASSWORD
from tests.core.test_roles import quick_user, sign_in
from tests.core.test_staff import EN, post_form
from tests.modules.aspirasi.test_public_views import place  # noqa: F401 (fixture)
from tests.modules.aspirasi.test_submit import send
from webapp.core import audit
from webapp.core.audit import AuditLog
from webapp.core.models import Area, Department, Role, User
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.aspirasi.models import Report


def rows() -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditLog).order_by(AuditLog.id)).scalars())


def test_a_record_says_who_did_what_to_which_object_and_from_where(app, region):
    officer = quick_user(region, role=Role.MANPOWER_OFFICER, name="Petugas Disnaker")
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        g.region = region
        audit.record(audit.NIK_VIEWED, "pencaker.seeker", 42, user=officer, page="seeker")
        db.session.commit()
        (row,) = rows()
    assert (row.region_id, row.user_id, row.action, row.object_type, row.object_id) == (
        region.id, officer.id, "nik.viewed", "pencaker.seeker", 42)
    assert row.detail == {"page": "seeker", "ip": "203.0.113.7"} and row.created_at is not None


def test_one_regions_audit_log_is_invisible_from_another(app, make_region):
    a, b = make_region("a", hosts=["a.test"]), make_region("b", hosts=["b.test"])
    with app.test_request_context():
        with region_context(a):
            audit.record(audit.NIK_VIEWED, "pencaker.seeker", 1, user=quick_user(a))
            db.session.commit()
            assert len(rows()) == 1
        with region_context(b):
            assert rows() == []


def test_the_log_outlives_the_account_that_made_it(app, region):
    officer = quick_user(region, role=Role.MANPOWER_OFFICER)
    with app.test_request_context():
        g.region = region
        audit.record(audit.NIK_VIEWED, "pencaker.seeker", 7, user=officer)
        db.session.commit()
        db.session.execute(delete(User).where(User.id == officer.id))
        db.session.commit()
        (row,) = rows()
    assert row.user_id is None and row.object_id == 7


def test_region_admins_read_their_regions_log_and_nobody_else_does(app, client, make_region):
    a, b = make_region("a", hosts=["a.test"]), make_region("b", hosts=["b.test"])
    officer_a = quick_user(a, role=Role.MANPOWER_OFFICER, name="Petugas A")
    with app.test_request_context():
        officer_b = quick_user(b, name="Petugas B")
        with region_context(a):
            audit.record(audit.NIK_VIEWED, "pencaker.seeker", 11, user=officer_a, page="seeker")
        with region_context(b):
            audit.record(audit.NIK_VIEWED, "pencaker.seeker", 22, user=officer_b)
        db.session.commit()  # each row keeps the region it was recorded in
    sign_in(client, quick_user(a, role=Role.REGION_ADMIN), host="a.test")
    html = client.get("/staf/audit", base_url="http://a.test", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Petugas A" in html and "Saw a full NIK" in html and "pencaker.seeker #11" in html
    assert "Petugas B" not in html and "#22" not in html
    sign_in(client, officer_a, host="a.test")
    assert client.get("/staf/audit", base_url="http://a.test").status_code == 403


# Every write by staff, recorded by itself

@contextmanager
def acting(app, region, user):
    """Code run as a request of `user` (signed in) in `region`, as a view runs."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        g.region, g._login_user = region, user
        try:
            yield
        finally:
            g.pop("_login_user", None)
            g.pop("_audit_actor", None)


def writes() -> list[AuditLog]:
    return [row for row in rows() if row.action in ("created", "updated", "deleted")]


def audit_page(client, query: str = "", host: str = "localhost") -> str:
    return client.get(f"/staf/audit{query}", base_url=f"http://{host}", headers=EN).get_data(as_text=True)


def test_a_staff_edit_shows_up_with_before_and_after(client, region, make_department):
    admin = quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota")
    department = make_department(region, name="Dinas Lama", slug="dinas-lama")
    sign_in(client, admin)
    response = post_form(client, f"/staf/opd/{department.id}", {"name": "Dinas Baru", "short_name": "DB"})
    assert response.status_code == 302
    (row,) = writes()
    assert (row.user_id, row.action, row.object_type, row.object_id) == (admin.id, "updated", "department",
                                                                         department.id)
    changes = row.detail["changes"]
    assert changes["name"] == ["Dinas Lama", "Dinas Baru"] and changes["short_name"] == [None, "DB"]
    assert changes["slug"] == ["dinas-lama", "dinas-baru"] and row.detail["label"] == "Dinas Baru"
    html = audit_page(client)
    assert "Admin Kota" in html and "Changed" in html and "Department (OPD)" in html
    assert "Name: “Dinas Lama” → “Dinas Baru”" in html and "Short name: (empty) → “DB”" in html


def test_creating_changing_and_deleting_are_each_recorded(app, region):
    admin = quick_user(region, role=Role.REGION_ADMIN)
    with acting(app, region, admin):
        kecamatan = Area(code="36.71.01", name="Ciledug", level="kecamatan")
        db.session.add(kecamatan)
        db.session.commit()
        assert kecamatan.active  # loaded, as a view would have it
        kecamatan.active = False
        db.session.commit()
        db.session.delete(kecamatan)
        db.session.commit()
    created, updated, deleted = writes()
    assert (created.action, updated.action, deleted.action) == ("created", "updated", "deleted")
    assert {created.object_type, updated.object_type, deleted.object_type} == {"area"}
    assert created.object_id == updated.object_id == deleted.object_id is not None
    assert created.detail["changes"]["name"] == [None, "Ciledug"] and created.detail["ip"] == "203.0.113.9"
    assert updated.detail["changes"] == {"active": [True, False]}
    assert deleted.detail["changes"]["code"] == ["36.71.01", None] and deleted.detail["label"] == "Ciledug"


def test_nothing_is_recorded_for_a_citizen_or_for_bookkeeping(app, region):
    citizen = quick_user(region, name="Warga")
    with acting(app, region, citizen):
        db.session.add(Area(code="36.71.02", name="Karawaci", level="kecamatan"))
        db.session.commit()
    admin = quick_user(region, role=Role.REGION_ADMIN)
    with acting(app, region, admin):
        admin.last_login_at = datetime.now(timezone.utc)  # signing in is no change of anything
        admin.locale = "en"
        db.session.commit()
    assert writes() == []


def test_a_bulk_statement_by_staff_is_recorded_too(app, region, make_department):
    make_department(region, name="Dinas A")
    admin = quick_user(region, role=Role.REGION_ADMIN)
    with acting(app, region, admin):
        db.session.execute(update(Department).values(active=False))
        db.session.execute(update(User).where(User.id == admin.id).values(two_factor_last_step=5))  # bookkeeping
        db.session.commit()
    (row,) = writes()
    assert (row.action, row.object_type, row.object_id) == ("updated", "department", None)
    assert row.detail["bulk"] is True and row.detail["changes"] == {"active": "changed"}


def test_a_password_change_does_not_leak_the_hash(client, region, make_user):
    admin = make_user(region, role=Role.REGION_ADMIN, email="admin@kota.test")
    old_hash = admin.password_hash
    sign_in(client, admin)
    response = post_form(client, "/akun/sandi", {"current_password": PASSWORD, "new_password": "sandi-baru-123",
                                                 "confirm": "sandi-baru-123"}, page_url="/akun")
    assert response.status_code == 302
    db.session.refresh(admin)
    (row,) = writes()
    assert (row.object_type, row.object_id, row.detail["changes"]) == ("user", admin.id, {"password_hash": "changed"})
    stored = json.dumps([r.detail for r in rows()])
    assert admin.password_hash not in stored and old_hash not in stored
    assert "Password: changed (not shown)" in audit_page(client)


def test_secrets_and_niks_are_never_copied_into_the_log(app, region):
    admin = quick_user(region, role=Role.REGION_ADMIN)
    with acting(app, region, admin):
        user = User(name="Staf Baru", password_hash="pbkdf2:sha256:rahasia", two_factor_secret="JBSWY3DP")
        db.session.add(user)
        db.session.commit()
    (row,) = writes()
    assert row.detail["changes"]["password_hash"] == "changed"
    assert row.detail["changes"]["two_factor_secret"] == "changed"
    assert "rahasia" not in json.dumps(row.detail) and "JBSWY3DP" not in json.dumps(row.detail)
    assert audit.is_secret("pencaker.seeker", "nik") and audit.is_secret("aspirasi.report", "code")
    assert audit.is_secret("api_key", "digest") and not audit.is_secret("area", "code")


def test_a_citizens_filing_is_not_logged_as_a_staff_action(client, place):
    sign_in(client, place.citizen)
    assert send(client, place).status_code in (302, 303)
    anonymous = client.application.test_client()
    assert send(anonymous, place, title="Lampu jalan mati").status_code in (302, 303)
    assert db.session.execute(select(Report)).scalars().all() and rows() == []


# The page: search, pages, CSV

@pytest.fixture
def logged(region, make_region):
    """An admin, two officers and a handful of rows over three days, plus one row of another region."""
    admin = quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota")
    rina = quick_user(region, role=Role.EDITOR, name="Rina Editor")
    budi = quick_user(region, role=Role.PRICE_OFFICER, name="Budi Harga")
    other = make_region("bogor", hosts=["bogor.test"], code="32.71")
    stranger = quick_user(other, role=Role.REGION_ADMIN, name="Admin Bogor")
    day = datetime(2025, 3, 10, 3, 0, tzinfo=timezone.utc)  # 10:00 WIB
    entries = [
        (region, rina, "created", "berita.article", 1, "Jalan Baru Diresmikan", day),
        (region, rina, "updated", "berita.article", 1, "Jalan Baru Diresmikan", day + timedelta(days=1)),
        (region, budi, "updated", "harga.price", 7, "Beras medium", day + timedelta(days=1)),
        (region, admin, "deleted", "department", 3, "Dinas Lama", day + timedelta(days=2)),
        (other, stranger, "updated", "department", 9, "Dinas Bogor", day),
    ]
    for where, user, action, kind, object_id, label, when in entries:
        db.session.add(AuditLog(region_id=where.id, user_id=user.id, action=action, object_type=kind,
                                object_id=object_id, created_at=when,
                                detail={"label": label, "changes": {"name": [None, label]}, "ip": "198.51.100.4"}))
    db.session.commit()
    return admin


def shown(html: str) -> set[str]:
    return {label for label in ("Jalan Baru Diresmikan", "Beras medium", "Dinas Lama", "Dinas Bogor")
            if f"“{label}”" in html.split("<tbody>", 1)[-1]}


@pytest.mark.parametrize("query, expected", [
    ("", {"Jalan Baru Diresmikan", "Beras medium", "Dinas Lama"}),
    ("?orang=rina", {"Jalan Baru Diresmikan"}),
    ("?tindakan=deleted", {"Dinas Lama"}),
    ("?jenis=harga.price", {"Beras medium"}),
    ("?dari=2025-03-11&sampai=2025-03-11", {"Jalan Baru Diresmikan", "Beras medium"}),
    ("?dari=2025-03-12", {"Dinas Lama"}),
    ("?q=beras", {"Beras medium"}),
    ("?q=%237", {"Beras medium"}),
    ("?orang=rina&tindakan=updated&q=jalan", {"Jalan Baru Diresmikan"}),
    ("?orang=Admin+Bogor", set()),
])
def test_the_log_is_searched_by_person_action_kind_days_and_object(client, logged, query, expected):
    sign_in(client, logged)
    assert shown(audit_page(client, query)) == expected


def test_a_search_with_a_mistake_says_so(client, logged):
    sign_in(client, logged)
    response = client.get("/staf/audit?dari=kemarin&sampai=2025-03-01&tindakan=hacked", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Not a valid date value." in html and "Not a valid choice." in html
    response = client.get("/staf/audit?dari=2025-03-12&sampai=2025-03-10", headers=EN)
    assert response.status_code == 422 and "The end date must not be before the start date." in response.get_data(
        as_text=True)


def test_older_entries_come_a_hundred_at_a_time_with_the_search_kept(client, region):
    admin = quick_user(region, role=Role.REGION_ADMIN)
    for n in range(105):
        db.session.add(AuditLog(region_id=region.id, user_id=admin.id, action="updated", object_type="area",
                                object_id=n, detail={"label": f"Area {n:03d}"}))
    db.session.commit()
    sign_in(client, admin)
    first = audit_page(client, "?jenis=area")
    assert first.count("<tr>") == 101 and "“Area 104”" in first and "“Area 004”" not in first
    older = re.search(r'href="(/staf/audit\?[^"]*sebelum=\d+[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "jenis=area" in older
    second = client.get(older, headers=EN).get_data(as_text=True)
    assert second.count("<tr>") == 6 and "“Area 004”" in second and "“Area 000”" in second
    assert "Older entries" not in second


def csv_of(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_log_downloads_as_csv_with_the_search_applied(client, logged):
    sign_in(client, logged)
    response = client.get("/staf/audit/unduh?orang=rina", headers=EN)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-tangerang-')
    assert "no-store" in response.headers["Cache-Control"]
    header, *lines = csv_of(response)
    assert header[:5] == ["Number", "When", "Who", "E-mail", "What"]
    assert [(line[2], line[4], line[5], line[6], line[7]) for line in lines] == [
        ("Rina Editor", "Changed", "News article", "Jalan Baru Diresmikan", "1"),
        ("Rina Editor", "Created", "News article", "Jalan Baru Diresmikan", "1")]
    assert lines[1][1].startswith("2025-03-10T10:00:00+07:00")  # the region's own clock
    assert lines[1][8] == "Name: “Jalan Baru Diresmikan”" and lines[1][9] == "198.51.100.4"
    everything = csv_of(client.get("/staf/audit/unduh", headers=EN))
    assert len(everything) == 5 and "Dinas Bogor" not in str(everything)  # the header and the region's four


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, region):
    admin = quick_user(region, role=Role.REGION_ADMIN, name="=cmd|'/c calc'!A1")
    for label in ('=HYPERLINK("http://evil.test","klik")', "+62 812", "-1+1", "@SUM(A1)", "Biasa"):
        db.session.add(AuditLog(region_id=region.id, user_id=admin.id, action="updated", object_type="area",
                                object_id=1, detail={"label": label, "changes": {"name": ["=1+1", label]}}))
    db.session.commit()
    sign_in(client, admin)
    lines = csv_of(client.get("/staf/audit/unduh", headers=EN))[1:]
    assert sorted(line[6] for line in lines) == sorted(
        ["'=HYPERLINK(\"http://evil.test\",\"klik\")", "'+62 812", "'-1+1", "'@SUM(A1)", "Biasa"])
    assert all(line[2] == "'=cmd|'/c calc'!A1" for line in lines)
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_region_b_admin_sees_none_of_region_as_rows(app, client, make_region):
    a, b = make_region("a", hosts=["a.test"]), make_region("b", hosts=["b.test"])
    admin_a = quick_user(a, role=Role.REGION_ADMIN, name="Admin A")
    with app.test_request_context():
        with region_context(a):
            department = Department(name="Dinas Rahasia A", slug="rahasia")
            db.session.add(department)
            db.session.commit()
    with acting(app, a, admin_a):
        department.name = "Dinas Rahasia A Baru"
        db.session.commit()
    sign_in(client, quick_user(b, role=Role.REGION_ADMIN, name="Admin B"), host="b.test")
    on_b = audit_page(client, host="b.test")
    assert "Rahasia" not in on_b and "Admin A" not in on_b and "Nothing recorded yet." in on_b
    assert "Rahasia" not in client.get("/staf/audit/unduh", base_url="http://b.test").get_data(as_text=True)
    searched = audit_page(client, "?q=Rahasia&sebelum=999999", host="b.test")
    assert "No entries match this search." in searched and "Dinas Rahasia" not in searched
    sign_in(client, admin_a, host="a.test")
    assert "Dinas Rahasia A Baru" in audit_page(client, host="a.test")


def test_a_platform_admin_reads_the_log_of_the_region_whose_host_they_use(client, logged, region):
    platform_admin = quick_user(region, platform_admin=True)
    sign_in(client, platform_admin)
    sign_in(client, platform_admin, host="bogor.test")
    assert shown(audit_page(client)) == {"Jalan Baru Diresmikan", "Beras medium", "Dinas Lama"}
    assert shown(audit_page(client, host="bogor.test")) == {"Dinas Bogor"}


def test_only_region_admins_read_or_download_the_log(client, logged, region):
    sign_in(client, quick_user(region, role=Role.EDITOR))
    assert client.get("/staf/audit").status_code == 403
    assert client.get("/staf/audit/unduh").status_code == 403

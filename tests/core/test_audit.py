"""The audit log: each row belongs to one region, says who did what to which object and from where, and
outlives the account that made it."""
from __future__ import annotations

from flask import g
from sqlalchemy import delete, select

from tests.core.test_roles import quick_user, sign_in
from webapp.core import audit
from webapp.core.audit import AuditLog
from webapp.core.models import Role, User
from webapp.core.scoping import region_context
from webapp.extensions import db


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

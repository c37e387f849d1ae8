"""Who on the staff sees a reporter's phone, e-mail and the numbers they wrote: region admins and the officer
the report is assigned to; the department's other officers see masks. A full NIK shown is audited."""
from __future__ import annotations

from sqlalchemy import select

from tests.core.test_roles import sign_in
from webapp.core.audit import AuditLog
from webapp.extensions import db
from webapp.modules.aspirasi.models import Status

from .test_staff_views import file_report, page, staff_url, world  # noqa: F401  (world is a fixture)


def audit_rows() -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditLog)).scalars())


def test_an_officer_not_assigned_to_the_report_sees_the_reporters_contact_masked(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert "Siti Rahmawati" in html  # the name, to address the reporter in a reply
    assert "0812-••••-••90" in html and "s•••@example.id" in html
    assert "tel:+6281234567890" not in html and "siti@example.id" not in html
    assert "0812-3456-7890" not in html  # nor the number written in the text
    assert "shown in full only to the officer the report is assigned to" in html


def test_the_assigned_officer_sees_the_contact_in_full(client, world):
    report = file_report(world, Status.IN_PROGRESS, world.dpupr, assignee_id=world.officer.id)
    sign_in(client, world.officer)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert "tel:+6281234567890" in html and "siti@example.id" in html and "0812-3456-7890" in html


def test_a_full_nik_in_the_text_is_recorded_when_shown_and_masked_otherwise(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr, description="KTP saya 3671012345678901 ditolak.")
    sign_in(client, world.officer)
    assert "3671012345678901" not in page(client, staff_url(report)).get_data(as_text=True)
    assert audit_rows() == []
    sign_in(client, world.admin)
    assert "3671012345678901" in page(client, staff_url(report)).get_data(as_text=True)
    (row,) = audit_rows()
    assert (row.user_id, row.action, row.object_type, row.object_id) == (
        world.admin.id, "nik.viewed", "aspirasi.report", report.id)

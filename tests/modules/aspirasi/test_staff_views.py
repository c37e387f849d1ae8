"""The Aspirasi staff pages: who sees which report, the inbox, and every action on a report.

The factories here (`world`, `file_report`) are shared with test_admin_views and test_kinerja_views.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from flask import g, render_template_string
from flask_login import login_user
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Area, Department, Role, User
from webapp.core.scoping import region_context
from webapp.core.uploads import save_image
from webapp.extensions import db
from webapp.modules.aspirasi import services
from webapp.modules.aspirasi.codes import new_tracking_code
from webapp.modules.aspirasi.models import (Category, Privacy, Report, ReportEvent, ReportPhoto, ReplyTemplate,
                                            Status)

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}


@dataclass
class World:
    """One region with aspirasi on: two kecamatan, two OPDs with an officer each, and the usual people."""

    region: object
    kecamatan: Area
    kelurahan: Area
    other_kecamatan: Area
    other_kelurahan: Area
    roads: Category
    dpupr: Department
    dinkes: Department
    admin: User
    officer: User
    other_officer: User
    citizen: User


def area(region, name, level, parent=None):
    row = Area(region_id=region.id, code=new_tracking_code(), name=name, level=level, parent=parent)
    db.session.add(row)
    return row


@pytest.fixture
def world(region, make_department):
    region.modules = ["aspirasi"]
    kecamatan = area(region, "Ciledug", "kecamatan")
    kelurahan = area(region, "Sudimara Barat", "kelurahan", kecamatan)
    other_kecamatan = area(region, "Karawaci", "kecamatan")
    other_kelurahan = area(region, "Bugel", "kelurahan", other_kecamatan)
    db.session.commit()
    dpupr = make_department(region, name="Dinas Pekerjaan Umum", short_name="DPUPR")
    dinkes = make_department(region, name="Dinas Kesehatan", short_name="Dinkes")
    roads = Category(region_id=region.id, slug="jalan", name="Jalan rusak", department_id=None)
    db.session.add(roads)
    db.session.commit()
    return World(
        region=region, kecamatan=kecamatan, kelurahan=kelurahan, other_kecamatan=other_kecamatan,
        other_kelurahan=other_kelurahan, roads=roads, dpupr=dpupr, dinkes=dinkes,
        admin=quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota"),
        officer=quick_user(region, role=Role.DEPARTMENT_OFFICER, department=dpupr, name="Budi DPUPR"),
        other_officer=quick_user(region, role=Role.DEPARTMENT_OFFICER, department=dinkes, name="Sari Dinkes"),
        citizen=quick_user(region, name="Warga Biasa"),
    )


def file_report(world, status=Status.RECEIVED, department=None, due_in=timedelta(days=3),
                created_ago=timedelta(hours=1), **fields) -> Report:
    """A report as the flow would have left it in `status` (rows written directly, for speed and precision)."""
    now = datetime.now(timezone.utc)
    fields.setdefault("title", "Jalan berlubang di depan SD")
    fields.setdefault("description", "Lubang besar, hubungi saya di 0812-3456-7890.")
    fields.setdefault("reporter_name", "Siti Rahmawati")
    fields.setdefault("reporter_phone", "+6281234567890")
    fields.setdefault("reporter_email", "siti@example.id")
    report = Report(
        region_id=world.region.id, code=new_tracking_code(), kind="pengaduan", category_id=world.roads.id,
        kecamatan_id=world.kecamatan.id, kelurahan_id=world.kelurahan.id, status=status,
        department_id=department.id if department else None, created_at=now - created_ago,
        due_at=now + due_in if due_in is not None else None, **fields,
    )
    report.events.append(ReportEvent(region_id=world.region.id, action="submitted", to_status=Status.RECEIVED,
                                     created_at=now - created_ago))
    db.session.add(report)
    db.session.commit()
    return report


def fresh(model, ident):
    """The row as the database has it now (each request works in its own session)."""
    db.session.expire_all()
    return db.session.get(model, ident)


def page(client, url, **kwargs):
    return client.get(url, headers=EN, **kwargs)


def post(client, url, data, page_url, **kwargs):
    """Open the page for its CSRF token, then send the form as a person would."""
    token = csrf_from(client.get(page_url, headers=EN))
    return client.post(url, data={**data, "csrf_token": token}, headers=EN, **kwargs)


def staff_url(report, action=""):
    return f"/staf/aspirasi/laporan/{report.code}" + (f"/{action}" if action else "")


def act(client, report, action, data=None, **kwargs):
    return post(client, staff_url(report, action), data or {}, staff_url(report), **kwargs)


def events(report, action):
    return list(db.session.execute(
        select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.action == action)).scalars())


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# Who may open what

def person(world, kind):
    return {"anonymous": None, "citizen": world.citizen, "admin": world.admin, "officer": world.officer,
            "editor": quick_user(world.region, role=Role.EDITOR)}[kind]


@pytest.mark.parametrize("kind, expected", [
    ("anonymous", 302), ("citizen", 403), ("editor", 403), ("officer", 200), ("admin", 200),
])
@pytest.mark.parametrize("path", ["/staf/aspirasi/", "{report}", "/staf/aspirasi/kinerja"])
def test_staff_pages_open_only_for_admins_and_department_officers(client, world, kind, expected, path):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    user = person(world, kind)
    if user:
        sign_in(client, user)
    response = page(client, path.format(report=staff_url(report)))
    assert response.status_code == expected
    if kind == "anonymous":
        assert "/masuk" in response.headers["Location"]


@pytest.mark.parametrize("kind, expected", [("citizen", 403), ("editor", 403), ("officer", 404), ("admin", 200)])
def test_a_department_officer_sees_only_reports_of_their_own_department(client, world, kind, expected):
    report = file_report(world, Status.DISPOSED, world.dinkes)
    sign_in(client, person(world, kind))
    assert page(client, staff_url(report)).status_code == expected


def test_an_officer_cannot_act_on_another_departments_report(client, world):
    report = file_report(world, Status.DISPOSED, world.dinkes)
    own = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    token = csrf_from(page(client, staff_url(own)))
    response = client.post(staff_url(report, "balas"), data={"csrf_token": token, "public": "1", "body": "Sudah"})
    assert response.status_code == 404
    assert fresh(Report, report.id).status == Status.DISPOSED


def test_a_report_not_yet_disposed_is_invisible_to_officers(client, world):
    report = file_report(world)
    sign_in(client, world.officer)
    assert page(client, staff_url(report)).status_code == 404
    assert report.code not in page(client, "/staf/aspirasi/").get_data(as_text=True)


def test_reports_of_another_region_are_not_found(client, world, make_region):
    other = make_region("bogor", modules=["aspirasi"])
    kecamatan = area(other, "Bogor Tengah", "kecamatan")
    kelurahan = area(other, "Paledang", "kelurahan", kecamatan)
    category = Category(region_id=other.id, slug="jalan", name="Jalan")
    db.session.add(category)
    db.session.commit()
    report = Report(region_id=other.id, code=new_tracking_code(), kind="pengaduan", category_id=category.id,
                    kecamatan_id=kecamatan.id, kelurahan_id=kelurahan.id, title="Di Bogor", description="x")
    db.session.add(report)
    db.session.commit()
    own = file_report(world)
    sign_in(client, world.admin)
    assert page(client, staff_url(report)).status_code == 404
    token = csrf_from(page(client, staff_url(own)))
    response = client.post(staff_url(report, "tolak"), data={"csrf_token": token, "reason": "Bukan wilayah kami"})
    assert response.status_code == 404
    assert "Di Bogor" not in page(client, "/staf/aspirasi/?q=Bogor").get_data(as_text=True)


def test_verification_is_for_region_admins_only(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    token = csrf_from(page(client, staff_url(report)))
    response = client.post(staff_url(report, "tolak"), data={"csrf_token": token, "reason": "Spam"})
    assert response.status_code == 403
    assert fresh(Report, report.id).status == Status.DISPOSED


# The report page

def test_staff_see_the_full_text_and_the_reporters_contact(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert "0812-3456-7890" in html  # unmasked for staff
    assert "Siti Rahmawati" in html and "siti@example.id" in html and "tel:+6281234567890" in html


def test_the_history_says_in_words_which_events_are_internal(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    report.events.append(ReportEvent(region_id=world.region.id, action="note", public=False, body="Cek lokasi dulu"))
    db.session.commit()
    sign_in(client, world.admin)
    html = text_of(page(client, staff_url(report)))
    assert "Cek lokasi dulu" in html
    assert "Internal: staff only" in html and "Public" in html


def test_dispose_form_preselects_the_automatic_route(client, world):
    world.roads.department_id = world.dpupr.id
    db.session.commit()
    report = file_report(world, Status.VERIFIED)
    sign_in(client, world.admin)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert re.search(rf'<option selected value="{world.dpupr.id}">|<option value="{world.dpupr.id}" selected>', html)


def test_officers_do_not_get_admin_forms(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert "/tolak" not in html and "/sunting" not in html and "/blokir-pelapor" not in html
    assert "/balas" in html and "/selesai" in html and "/tugaskan" in html


# Actions: each one changes the status and records who did it

def test_verify_fixes_title_and_privacy_and_records_the_admin(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    response = act(client, report, "verifikasi", {
        "title": "Jalan rusak di Sudimara", "category": world.roads.id, "kelurahan": world.kelurahan.id,
        "privacy": Privacy.SECRET,
    })
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.status == Status.VERIFIED
    assert report.title == "Jalan rusak di Sudimara" and report.privacy == Privacy.SECRET
    (event,) = events(report, "verified")
    assert event.actor_id == world.admin.id
    assert "The report was verified." in page(client, response.headers["Location"]).get_data(as_text=True)


def test_verify_without_a_title_keeps_what_was_typed_and_says_why(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    response = act(client, report, "verifikasi", {
        "title": "", "category": world.roads.id, "kelurahan": world.other_kelurahan.id, "privacy": Privacy.ANONYMOUS,
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="title-error"' in html and "This field is required." in html
    assert re.search(rf'<option selected value="{world.other_kelurahan.id}">', html)
    assert fresh(Report, report.id).status == Status.RECEIVED


def test_reject_needs_a_reason_and_the_reason_is_public(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    assert act(client, report, "tolak", {"reason": ""}).status_code == 422
    response = act(client, report, "tolak", {"reason": "Bukan kewenangan pemerintah kota."})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.status == Status.REJECTED
    assert report.rejection_reason == "Bukan kewenangan pemerintah kota."
    (event,) = events(report, "rejected")
    assert event.public and event.actor_id == world.admin.id and event.body == "Bukan kewenangan pemerintah kota."
    anonymous = client.application.test_client()
    for url in (f"/aspirasi/{report.id}", f"/aspirasi/{report.code}"):  # the public page, once it exists
        shown = anonymous.get(url, headers=EN)
        if shown.status_code == 200:
            assert "Bukan kewenangan pemerintah kota." in shown.get_data(as_text=True)


def test_merge_into_another_report_by_its_code(client, world):
    report = file_report(world)
    original = file_report(world, title="Jalan berlubang (laporan pertama)")
    sign_in(client, world.admin)
    response = act(client, report, "gabung", {"merge_code": original.code.lower().replace("-", " ")})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.merged_into_id == original.id and report.status == Status.REJECTED
    assert events(report, "merged")[0].actor_id == world.admin.id


def test_merge_with_an_unknown_code_says_so(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    response = act(client, report, "gabung", {"merge_code": "ZZZZ-ZZZZ"})
    assert response.status_code == 422
    assert "No report of this region has this tracking code." in response.get_data(as_text=True)
    assert 'value="ZZZZ-ZZZZ"' in response.get_data(as_text=True)


def test_dispose_sends_to_the_department_with_an_internal_note(client, world):
    report = file_report(world, Status.VERIFIED)
    sign_in(client, world.admin)
    response = act(client, report, "disposisi", {"department": world.dpupr.id, "note": "Mohon cek minggu ini"})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.status == Status.DISPOSED and report.department_id == world.dpupr.id
    assert events(report, "disposed")[0].actor_id == world.admin.id
    (note,) = events(report, "note")
    assert note.body == "Mohon cek minggu ini" and not note.public


def test_dispose_without_a_department_is_refused_beside_the_field(client, world):
    report = file_report(world, Status.VERIFIED)
    sign_in(client, world.admin)
    response = act(client, report, "disposisi", {"department": "", "note": "Catatan saya"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="department-error"' in html and "Catatan saya" in html


def test_an_officer_assigns_a_colleague_of_the_same_department(client, world):
    colleague = quick_user(world.region, role=Role.DEPARTMENT_OFFICER, department=world.dpupr, name="Andi DPUPR")
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    assert act(client, report, "tugaskan", {"officer": world.other_officer.id}).status_code == 422
    response = act(client, report, "tugaskan", {"officer": colleague.id})
    assert response.status_code == 302
    assert fresh(Report, report.id).assignee_id == colleague.id
    assert events(report, "assigned")[0].actor_id == world.officer.id


def test_public_reply_starts_the_follow_up(client, world):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    response = act(client, report, "balas", {"public": "1", "body": "Tim kami akan datang besok."})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.status == Status.IN_PROGRESS and report.first_response_at is not None
    (event,) = events(report, "reply")
    assert event.public and event.actor_id == world.officer.id


def test_internal_notes_never_reach_the_public_page(client, world, app):
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    response = act(client, report, "balas", {"public": "0", "body": "Anggaran habis, tunggu APBD-P."})
    assert response.status_code == 302
    (note,) = events(report, "note")
    assert note.public is False and note.actor_id == world.officer.id
    assert note not in services.public_events(fresh(Report, report.id))
    assert fresh(Report, report.id).status == Status.DISPOSED  # a note is not an answer
    anonymous = app.test_client()
    for url in (f"/aspirasi/{report.id}", f"/aspirasi/{report.code}"):  # the public page, once it exists
        shown = anonymous.get(url, headers=EN)
        if shown.status_code == 200:
            assert "Anggaran habis" not in shown.get_data(as_text=True)


def test_reply_templates_of_the_category_prefill_the_reply(client, world):
    template = ReplyTemplate(region_id=world.region.id, category_id=world.roads.id, title="Sudah dijadwalkan",
                             body="Perbaikan dijadwalkan minggu depan.")
    db.session.add(template)
    db.session.commit()
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    html = page(client, staff_url(report)).get_data(as_text=True)
    assert "Sudah dijadwalkan" in html
    chosen = client.get(f"{staff_url(report)}?templat={template.id}", headers=HTMX)
    assert chosen.status_code == 200 and "<html" not in chosen.get_data(as_text=True)
    assert "Perbaikan dijadwalkan minggu depan." in chosen.get_data(as_text=True)
    full = page(client, f"{staff_url(report)}?templat={template.id}").get_data(as_text=True)
    assert "<html" in full and "Perbaikan dijadwalkan minggu depan.</textarea>" in full


def test_finish_closes_the_report_with_a_public_reply(client, world):
    report = file_report(world, Status.IN_PROGRESS, world.dpupr)
    sign_in(client, world.officer)
    assert act(client, report, "selesai", {"closing": ""}).status_code == 422
    response = act(client, report, "selesai", {"closing": "Jalan sudah ditambal."})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.status == Status.DONE and report.closed_at is not None
    (event,) = events(report, "done")
    assert event.public and event.body == "Jalan sudah ditambal." and event.actor_id == world.officer.id


def test_redacting_keeps_the_original_text_in_the_history(client, world):
    report = file_report(world, title="Kepala dinas bodoh")
    sign_in(client, world.admin)
    response = act(client, report, "sunting", {"new_title": "Keluhan tentang pelayanan",
                                               "new_description": "Pelayanan lambat."})
    assert response.status_code == 302
    report = fresh(Report, report.id)
    assert report.title == "Keluhan tentang pelayanan"
    (event,) = events(report, "redacted")
    assert "Kepala dinas bodoh" in event.body and not event.public and event.actor_id == world.admin.id


def test_hiding_a_report_takes_it_out_of_public_view(client, world):
    report = file_report(world)
    sign_in(client, world.admin)
    assert act(client, report, "sembunyikan", {"hide_reason": ""}).status_code == 422
    assert act(client, report, "sembunyikan", {"hide_reason": "Berisi fitnah"}).status_code == 302
    report = fresh(Report, report.id)
    assert report.hidden and not report.is_public
    assert events(report, "hidden")[0].actor_id == world.admin.id
    assert "Hidden from the public" in page(client, staff_url(report)).get_data(as_text=True)
    assert act(client, report, "tampilkan").status_code == 302
    assert fresh(Report, report.id).is_public and events(report, "shown")[0].actor_id == world.admin.id


def jpeg() -> FileStorage:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    buffer.seek(0)
    return FileStorage(buffer, filename="foto.jpg", content_type="image/jpeg")


@pytest.fixture
def photo(app, world, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    report = file_report(world, Status.DISPOSED, world.dpupr)
    with app.test_request_context(), region_context(world.region):
        path = save_image(jpeg(), "aspirasi", thumb_side=20)
    row = ReportPhoto(region_id=world.region.id, report_id=report.id, path=path)
    db.session.add(row)
    db.session.commit()
    return row


def test_staff_see_photos_and_an_admin_can_hide_one(client, world, photo):
    sign_in(client, world.admin)
    response = client.get(f"/staf/aspirasi/foto/{photo.id}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    token = csrf_from(page(client, staff_url(photo.report)))
    assert client.post(f"/staf/aspirasi/foto/{photo.id}/sembunyikan", data={"csrf_token": token}).status_code == 302
    assert fresh(ReportPhoto, photo.id).hidden
    assert events(photo.report, "photo_redacted")[0].actor_id == world.admin.id
    assert client.get(f"/staf/aspirasi/foto/{photo.id}").status_code == 200  # staff still see it


def test_an_officer_of_another_department_cannot_open_the_photo(client, world, photo):
    sign_in(client, world.other_officer)
    assert client.get(f"/staf/aspirasi/foto/{photo.id}").status_code == 404


def test_a_public_reply_can_carry_after_photos(client, world, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    response = act(client, report, "balas", {"public": "1", "body": "Sudah diperbaiki.", "photos": [jpeg()]},
                   content_type="multipart/form-data")
    assert response.status_code == 302
    (photo,) = fresh(Report, report.id).photos
    assert photo.stage == "after" and (tmp_path / photo.path).exists()


def test_too_many_photos_keep_the_typed_reply(client, world, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    report = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    response = act(client, report, "balas", {"public": "1", "body": "Foto-foto perbaikan.",
                                             "photos": [jpeg() for _ in range(4)]},
                   content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="photos-error">Please send at most 3 photos.' in html and "Foto-foto perbaikan.</textarea>" in html
    assert fresh(Report, report.id).photos == [] and list(tmp_path.iterdir()) == []


def test_blocking_the_reporters_account(client, world):
    report = file_report(world, reporter_id=world.citizen.id)
    sign_in(client, world.admin)
    assert act(client, report, "blokir-pelapor").status_code == 302
    assert fresh(User, world.citizen.id).blocked
    assert events(report, "blocked")[0].actor_id == world.admin.id


def test_an_action_without_the_pages_token_is_refused(client, world):
    report = file_report(world, reporter_id=world.citizen.id)
    sign_in(client, world.admin)
    assert client.post(staff_url(report, "blokir-pelapor")).status_code == 400
    assert client.post(staff_url(report, "tolak"), data={"reason": "Spam"}).status_code == 400
    assert not fresh(User, world.citizen.id).blocked and fresh(Report, report.id).status == Status.RECEIVED


# The inbox

def test_overdue_reports_come_first_and_say_so_in_words(client, world):
    late = file_report(world, title="Laporan lama", due_in=timedelta(days=-2), created_ago=timedelta(days=9))
    file_report(world, title="Laporan baru")
    sign_in(client, world.admin)
    html = text_of(page(client, "/staf/aspirasi/"))
    assert html.index("Laporan lama") < html.index("Laporan baru")
    row = re.search(rf"<tr class=\"overdue\">.*?{late.code}.*?</tr>", html).group(0)
    assert "Overdue" in row and "badge-bad" in row


def test_overdue_is_translated_for_indonesian_staff(client, world):
    file_report(world, due_in=timedelta(days=-1))
    sign_in(client, world.admin)
    html = client.get("/staf/aspirasi/", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "Terlambat" in html


def test_the_region_admin_sees_the_overdue_escalation(client, world):
    file_report(world, Status.DISPOSED, world.dpupr, title="Sudah lewat", due_in=timedelta(hours=-5))
    sign_in(client, world.admin)
    html = text_of(page(client, "/staf/aspirasi/"))
    assert "1 report is overdue" in html
    officer = client.application.test_client()
    sign_in(officer, world.officer)
    assert "report is overdue" not in text_of(page(officer, "/staf/aspirasi/"))


def test_the_escalation_block_can_be_included_on_the_staff_dashboard(app, world):
    file_report(world, Status.DISPOSED, world.dpupr, title="Sudah lewat", due_in=timedelta(hours=-5))
    include = '{% include "aspirasi/staff/_escalations.html" %}'
    for user, shown in ((world.admin, True), (world.officer, False)):
        with app.test_request_context(headers=EN):
            g.region = world.region
            login_user(user)
            html = render_template_string(include)
        assert ("1 report is overdue" in html and "Sudah lewat" in html) is shown


def test_the_officers_inbox_lists_only_their_departments_reports(client, world):
    file_report(world, Status.DISPOSED, world.dpupr, title="Untuk DPUPR")
    file_report(world, Status.DISPOSED, world.dinkes, title="Untuk Dinkes")
    sign_in(client, world.officer)
    html = page(client, "/staf/aspirasi/").get_data(as_text=True)
    assert "Untuk DPUPR" in html and "Untuk Dinkes" not in html
    assert 'name="opd"' not in html  # officers have no department filter


def test_filters_narrow_the_list(client, world):
    mine = file_report(world, Status.IN_PROGRESS, world.dpupr, title="Ditugaskan ke saya")
    mine.assignee_id = world.officer.id
    db.session.commit()
    file_report(world, Status.DISPOSED, world.dpupr, title="Belum ditugaskan")
    file_report(world, Status.RECEIVED, title="Trotoar rusak")
    sign_in(client, world.admin)
    by_status = page(client, "/staf/aspirasi/?status=diterima").get_data(as_text=True)
    assert "Trotoar rusak" in by_status and "Belum ditugaskan" not in by_status
    by_text = page(client, "/staf/aspirasi/?q=trotoar").get_data(as_text=True)
    assert "Trotoar rusak" in by_text and "Ditugaskan ke saya" not in by_text
    sign_in(client, world.officer)
    assigned = page(client, "/staf/aspirasi/?saya=1").get_data(as_text=True)
    assert "Ditugaskan ke saya" in assigned and "Belum ditugaskan" not in assigned


def test_the_inbox_pages_with_a_cursor(client, world):
    for n in range(23):
        file_report(world, title=f"Laporan nomor {n:02d}", created_ago=timedelta(hours=n + 1))
    sign_in(client, world.admin)
    first = page(client, "/staf/aspirasi/").get_data(as_text=True)
    assert "Laporan nomor 00" in first and "Laporan nomor 22" not in first
    next_link = re.search(r'href="(/staf/aspirasi/\?setelah=[^"]+)"', first).group(1).replace("&amp;", "&")
    second = page(client, next_link).get_data(as_text=True)
    assert "Laporan nomor 22" in second and "Laporan nomor 00" not in second


def test_the_inbox_costs_the_same_queries_for_three_reports_or_twenty(client, world, count_statements):
    def officer():  # a different assignee on every report, so a lazy load per row would show
        return quick_user(world.region, role=Role.DEPARTMENT_OFFICER, department=world.dpupr)

    for n in range(3):
        file_report(world, Status.IN_PROGRESS, world.dpupr, assignee_id=officer().id, due_in=timedelta(days=n - 1))
    sign_in(client, world.admin)

    def inbox():
        assert client.get("/staf/aspirasi/", headers=EN).status_code == 200

    few = count_statements(inbox)
    for n in range(17):
        file_report(world, Status.IN_PROGRESS, world.dpupr, assignee_id=officer().id,
                    due_in=timedelta(days=n % 2 - 1))
    assert count_statements(inbox) == few


def test_htmx_filtering_returns_only_the_list(client, world):
    file_report(world, title="Lampu jalan mati")
    sign_in(client, world.admin)
    response = client.get("/staf/aspirasi/?q=lampu", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert "Lampu jalan mati" in html
    assert "<html" not in html and 'role="search"' not in html
    full = page(client, "/staf/aspirasi/?q=lampu")
    assert "<html" in full.get_data(as_text=True) and "HX-Request" in full.headers["Vary"]


def test_an_overlong_search_is_refused_beside_the_field(client, world):
    sign_in(client, world.admin)
    response = page(client, "/staf/aspirasi/?q=" + "x" * 101)
    assert response.status_code == 422
    assert 'id="q-error"' in response.get_data(as_text=True)


# Bulk actions

def test_bulk_assign_gives_every_ticked_report_to_the_officer(client, world):
    first = file_report(world, Status.DISPOSED, world.dpupr)
    second = file_report(world, Status.IN_PROGRESS, world.dpupr)
    untouched = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.admin)
    token = csrf_from(page(client, "/staf/aspirasi/"))
    response = client.post("/staf/aspirasi/massal", headers=EN, data={
        "csrf_token": token, "reports": [first.id, second.id], "action": "assign", "to_officer": world.officer.id,
        "back": "status=didisposisikan&_external=1&_scheme=javascript",
    })
    assert response.status_code == 302
    assert response.headers["Location"] == "/staf/aspirasi/?status=didisposisikan"
    assert fresh(Report, first.id).assignee_id == world.officer.id
    assert fresh(Report, second.id).assignee_id == world.officer.id
    assert fresh(Report, untouched.id).assignee_id is None
    assert "2 reports were updated." in page(client, response.headers["Location"]).get_data(as_text=True)


def test_bulk_names_the_reports_the_flow_refused(client, world):
    ready = file_report(world, Status.DISPOSED, world.dpupr)
    waiting = file_report(world, Status.RECEIVED)
    sign_in(client, world.admin)
    token = csrf_from(page(client, "/staf/aspirasi/"))
    response = client.post("/staf/aspirasi/massal", headers=EN, follow_redirects=True, data={
        "csrf_token": token, "reports": [ready.id, waiting.id], "action": "assign", "to_officer": world.officer.id,
    })
    html = response.get_data(as_text=True)
    assert "1 report was updated." in html and waiting.code in html
    assert fresh(Report, ready.id).assignee_id == world.officer.id
    assert fresh(Report, waiting.id).assignee_id is None


def test_bulk_verify_and_dispose(client, world):
    first, second = file_report(world), file_report(world)
    sign_in(client, world.admin)
    token = csrf_from(page(client, "/staf/aspirasi/"))
    client.post("/staf/aspirasi/massal", data={"csrf_token": token, "reports": [first.id], "action": "verify"})
    assert fresh(Report, first.id).status == Status.VERIFIED
    client.post("/staf/aspirasi/massal", data={"csrf_token": token, "reports": [first.id, second.id],
                                               "action": "dispose", "to_department": world.dinkes.id})
    assert {fresh(Report, r.id).department_id for r in (first, second)} == {world.dinkes.id}
    assert fresh(Report, second.id).status == Status.DISPOSED


def test_bulk_without_a_ticked_report_comes_back_with_the_reason(client, world):
    file_report(world)
    sign_in(client, world.admin)
    token = csrf_from(page(client, "/staf/aspirasi/"))
    response = client.post("/staf/aspirasi/massal", headers=EN, data={"csrf_token": token, "action": "verify"})
    assert response.status_code == 422
    assert "Please tick at least one report." in response.get_data(as_text=True)


def test_officers_cannot_bulk_dispose_or_touch_other_departments(client, world):
    other = file_report(world, Status.DISPOSED, world.dinkes)
    own = file_report(world, Status.DISPOSED, world.dpupr)
    sign_in(client, world.officer)
    token = csrf_from(page(client, "/staf/aspirasi/"))
    response = client.post("/staf/aspirasi/massal", data={"csrf_token": token, "reports": [own.id],
                                                          "action": "dispose", "to_department": world.dinkes.id})
    assert response.status_code == 422  # not a choice for officers
    response = client.post("/staf/aspirasi/massal", data={"csrf_token": token, "reports": [other.id],
                                                          "action": "assign", "to_officer": world.officer.id})
    assert response.status_code == 404
    assert fresh(Report, other.id).assignee_id is None and fresh(Report, own.id).department_id == world.dpupr.id

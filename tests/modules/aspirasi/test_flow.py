"""The life of a report: submission, verification, disposition, replies, completion, rating, reopening,
rejection, merging, support and moderation, with who may do each step. Also home of `world`, the small
region the other Aspirasi service tests share."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import g
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from webapp.core.models import Area, Department, Region, User
from webapp.extensions import db
from webapp.modules.aspirasi import flow, services
from webapp.modules.aspirasi.models import (Action, Category, CategoryRoute, Privacy, Report, ReportEvent, Status,
                                            Support)
from webapp.modules.aspirasi.sla import utc


@dataclass
class World:
    region: Region
    ciledug: Area
    sudimara: Area
    karawaci: Area
    nusajaya: Area
    dpupr: Department
    dlh: Department
    admin: User
    officer: User  # DPUPR
    other_officer: User  # DLH
    citizen: User
    roads: Category  # routed to DPUPR
    waste: Category  # routed to DLH
    violence: Category  # sensitive, no route
    ideas: Category  # no route


def build_world(region, make_user, make_department) -> World:
    """Two kecamatan with a kelurahan each, two OPD with an officer each, an admin, a citizen, four categories."""
    g.region = region
    ciledug = Area(code="36.71.01", name="Ciledug", level="kecamatan")
    sudimara = Area(code="36.71.01.1001", name="Sudimara Barat", level="kelurahan", parent=ciledug)
    karawaci = Area(code="36.71.02", name="Karawaci", level="kecamatan")
    nusajaya = Area(code="36.71.02.1001", name="Nusajaya", level="kelurahan", parent=karawaci)
    db.session.add_all([ciledug, sudimara, karawaci, nusajaya])
    dpupr = make_department(region, "Dinas Pekerjaan Umum dan Penataan Ruang", slug="dpupr", email="dpupr@kota.test")
    dlh = make_department(region, "Dinas Lingkungan Hidup", slug="dlh")
    roads = Category(slug="jalan", name="Jalan rusak", department_id=dpupr.id, verify_days=3, response_days=5)
    waste = Category(slug="sampah", name="Sampah", department_id=dlh.id)
    violence = Category(slug="kekerasan", name="Kekerasan terhadap perempuan & anak", sensitive=True)
    ideas = Category(slug="usulan", name="Usulan pembangunan")
    db.session.add_all([roads, waste, violence, ideas])
    db.session.commit()
    return World(
        region, ciledug, sudimara, karawaci, nusajaya, dpupr, dlh,
        admin=make_user(region, role="admin", name="Admin Kota"),
        officer=make_user(region, role="opd", department=dpupr, name="Petugas Jalan"),
        other_officer=make_user(region, role="opd", department=dlh, name="Petugas Sampah"),
        citizen=make_user(region, name="Siti Rahmawati", email="siti@example.id"),
        roads=roads, waste=waste, violence=violence, ideas=ideas,
    )


@pytest.fixture
def world(app, region, make_user, make_department, tmp_path, monkeypatch):
    """The shared small region, inside a request of it (so messages can be translated), uploads in tmp."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/", base_url="http://localhost"):
        yield build_world(region, make_user, make_department)


def report_data(world: World, **changes) -> dict:
    data = {"kind": "pengaduan", "category_id": str(world.roads.id), "title": "Jalan berlubang di depan SD",
            "description": "Lubang besar, dua motor jatuh minggu ini.", "kecamatan_id": str(world.ciledug.id),
            "kelurahan_id": str(world.sudimara.id), "name": "Budi Santoso", "email": "budi@example.id"}
    data.update(changes)
    return data


def jpeg(color=(200, 30, 30), size=(1600, 1200), name="foto.jpg") -> FileStorage:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    out.seek(0)
    return FileStorage(stream=out, filename=name, content_type="image/jpeg")


def new_report(world: World, **changes) -> Report:
    report, _ = flow.submit(report_data(world, **changes), None, [], None)
    return report


def disposed_report(world: World, **changes) -> Report:
    report = new_report(world, **changes)
    flow.verify(report, world.admin)
    return report


def done_report(world: World) -> Report:
    report = disposed_report(world)
    flow.finish(report, world.officer, "Lubang sudah ditambal.")
    return report


def report_count() -> int:
    return db.session.execute(select(func.count(Report.id))).scalar_one()


def actions(report: Report, public: bool | None = None) -> list[str]:
    return [e.action for e in report.events if public is None or e.public == public]


# Submission

def test_submission_is_received_with_a_tracking_code_a_deadline_and_a_public_event(world):
    report, created = flow.submit(report_data(world), world.citizen, [], None)
    assert created and report.status == Status.RECEIVED
    assert len(report.code) == 9 and report.code[4] == "-"
    assert report.reporter_id == world.citizen.id and report.reporter_email == "budi@example.id"
    assert utc(report.due_at) > utc(report.created_at) + timedelta(days=2)  # three working days to verify
    [event] = report.events
    assert (event.action, event.public, event.to_status, event.actor_id) == (
        Action.SUBMITTED, True, Status.RECEIVED, world.citizen.id)


def test_the_same_key_posted_twenty_times_creates_one_report(world, tmp_path):
    key = "k" * 24
    results = [flow.submit(report_data(world), None, [jpeg()], key) for _ in range(20)]
    assert {report.id for report, _ in results} == {results[0][0].id}
    assert [created for _, created in results] == [True] + [False] * 19
    assert report_count() == 1
    stored = [p for p in (tmp_path / "uploads").rglob("*.jpg") if ".thumb." not in p.name]
    assert len(stored) == 1  # repeats stored no photo either


def test_a_new_key_files_a_new_report(world):
    first, _ = flow.submit(report_data(world), None, [], "a" * 24)
    second, _ = flow.submit(report_data(world), None, [], "b" * 24)
    assert first.id != second.id and first.code != second.code


def test_a_sensitive_category_is_rahasia_even_when_public_was_chosen(world):
    report = new_report(world, category_id=str(world.violence.id), privacy=Privacy.PUBLIC)
    assert report.privacy == Privacy.SECRET and not report.is_public


def test_anonim_can_be_chosen(world):
    assert new_report(world, anonymous="1").privacy == Privacy.ANONYMOUS
    assert new_report(world, privacy=Privacy.ANONYMOUS).privacy == Privacy.ANONYMOUS


def test_the_kecamatan_may_be_left_out_and_is_taken_from_the_kelurahan(world):
    report = new_report(world, kecamatan_id="", kelurahan_id=str(world.nusajaya.id))
    assert report.kecamatan_id == world.karawaci.id


@pytest.mark.parametrize("changes, field", [
    ({"kind": "gosip"}, "kind"),
    ({"category_id": "999999"}, "category_id"),
    ({"category_id": "bukan-angka"}, "category_id"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 151}, "title"),
    ({"description": ""}, "description"),
    ({"description": "x" * 4001}, "description"),
    ({"kelurahan_id": ""}, "kelurahan_id"),
    ({"kecamatan_id": "KARAWACI"}, "kelurahan_id"),  # the kelurahan of Ciledug with kecamatan Karawaci
    ({"lat": "-6.2"}, "lat"),  # a latitude without a longitude
    ({"lat": "-7.8", "lng": "110.36"}, "lat"),  # Yogyakarta, far outside the region
    ({"phone": "12345"}, "phone"),
    ({"email": "bukan alamat"}, "email"),
])
def test_bad_input_is_refused_with_the_field_and_nothing_is_written(world, changes, field):
    world.region.settings = {"bbox": [106.58, -6.30, 106.72, -6.12]}  # Kota Tangerang, west-south-east-north
    if changes.get("kecamatan_id") == "KARAWACI":
        changes = {"kecamatan_id": str(world.karawaci.id)}
    with pytest.raises(flow.FlowError) as refused:
        flow.submit(report_data(world, **changes), None, [], "c" * 24)
    assert refused.value.field == field and refused.value.message
    assert report_count() == 0


def test_coordinates_inside_the_region_or_just_beyond_its_edge_are_kept(world):
    world.region.settings = {"bbox": [106.58, -6.30, 106.72, -6.12]}
    assert (new_report(world, lat="-6.178", lng="106.63").lat, new_report(world, lat="-6.33", lng="106.6").lat) == (
        -6.178, -6.33)


def test_an_inactive_category_cannot_be_chosen(world):
    world.roads.active = False
    with pytest.raises(flow.FlowError):
        new_report(world)


def test_photos_are_re_encoded_with_thumbnails(world):
    report, _ = flow.submit(report_data(world), None, [jpeg(), jpeg((0, 90, 200), (300, 200))], None)
    assert [(p.stage, max(p.width, p.height)) for p in report.photos] == [("before", 1280), ("before", 300)]
    assert all(p.thumb_path and p.thumb_path.endswith(".thumb.jpg") for p in report.photos)


def test_a_bad_photo_refuses_the_report_and_keeps_nothing(world, tmp_path):
    not_a_photo = FileStorage(stream=io.BytesIO(b"MZ\x90\x00 not an image"), filename="foto.jpg")
    with pytest.raises(flow.PhotoError) as refused:
        flow.submit(report_data(world), None, [jpeg(), not_a_photo], None)
    assert refused.value.field == "photos"
    assert report_count() == 0
    assert not [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]  # the good photo was removed too


def test_more_than_three_photos_are_refused(world):
    with pytest.raises(flow.FlowError) as refused:
        flow.submit(report_data(world), None, [jpeg() for _ in range(4)], None)
    assert refused.value.field == "photos" and report_count() == 0


# Verification, disposition and the OPD's work

def test_the_full_flow_records_every_step_and_keeps_internal_notes_out_of_the_timeline(world):
    report = new_report(world)
    flow.verify(report, world.admin, title="Jalan berlubang di Jl. Merdeka")
    assert report.status == Status.DISPOSED and report.department_id == world.dpupr.id  # routed by category
    assert report.title == "Jalan berlubang di Jl. Merdeka"
    flow.assign(report, world.officer, world.officer)
    flow.reply(report, world.officer, "Koordinasi dengan UPT dulu.", public=False)
    assert report.status == Status.DISPOSED and report.first_response_at is None  # a note is no answer
    flow.reply(report, world.officer, "Petugas meninjau lokasi besok.", photos=[jpeg()])
    assert report.status == Status.IN_PROGRESS and report.first_response_at is not None
    flow.finish(report, world.officer, "Lubang sudah ditambal.")
    assert report.status == Status.DONE and report.closed_at is not None
    assert actions(report) == [Action.SUBMITTED, Action.VERIFIED, Action.EDITED, Action.DISPOSED, Action.ASSIGNED,
                               Action.NOTE, Action.REPLY, Action.DONE]
    timeline = services.public_events(report)
    assert [e.action for e in timeline] == [Action.SUBMITTED, Action.VERIFIED, Action.DISPOSED, Action.REPLY,
                                            Action.DONE]
    assert "Koordinasi" not in " ".join(e.body or "" for e in timeline)
    edited = next(e for e in report.events if e.action == Action.EDITED)
    assert "Jalan berlubang di depan SD" in edited.body and not edited.public  # the old title, for audit
    assert [e.actor_id for e in report.events if e.action in (Action.VERIFIED, Action.REPLY)] == [
        world.admin.id, world.officer.id]
    assert [p.stage for p in report.photos] == ["after"]


def test_disposition_gives_the_opd_its_working_days(world):
    report = new_report(world, category_id=str(world.ideas.id))
    flow.verify(report, world.admin)
    assert report.status == Status.VERIFIED and report.department_id is None  # no route: waits for a person
    flow.dispose(report, world.admin, world.dlh, "Mohon ditindaklanjuti.")
    assert report.status == Status.DISPOSED and report.department_id == world.dlh.id
    assert timedelta(days=4) < utc(report.due_at) - utc(report.disposed_at) < timedelta(days=10)
    note = report.events[-1]
    assert (note.action, note.public, note.body) == (Action.NOTE, False, "Mohon ditindaklanjuti.")


def test_a_route_for_the_kecamatan_wins_over_the_category_department(world):
    db.session.add(CategoryRoute(category_id=world.roads.id, kecamatan_id=world.ciledug.id,
                                 department_id=world.dlh.id))
    db.session.commit()
    assert flow.auto_route(new_report(world)).id == world.dlh.id
    assert flow.auto_route(new_report(world, kecamatan_id=str(world.karawaci.id),
                                      kelurahan_id=str(world.nusajaya.id))).id == world.dpupr.id


def test_verification_can_make_a_report_rahasia_and_move_it(world):
    report = new_report(world)
    flow.verify(report, world.admin, kelurahan=world.nusajaya.id, privacy=Privacy.SECRET, category=world.ideas)
    assert (report.kecamatan_id, report.kelurahan_id, report.privacy, report.category_id) == (
        world.karawaci.id, world.nusajaya.id, Privacy.SECRET, world.ideas.id)


def test_a_public_reply_needs_a_department(world):
    report = new_report(world, category_id=str(world.ideas.id))
    with pytest.raises(flow.FlowError):
        flow.reply(report, world.admin, "Terima kasih.")
    flow.reply(report, world.admin, "Catatan internal.", public=False)
    assert report.events[-1].public is False


def test_a_reply_with_a_key_is_posted_once(world):
    report = disposed_report(world)
    first = flow.reply(report, world.officer, "Sedang dicek.", key="r" * 24)
    again = flow.reply(report, world.officer, "Sedang dicek.", key="r" * 24)
    assert first.id == again.id and actions(report).count(Action.REPLY) == 1


def test_only_an_officer_of_the_opd_can_be_assigned(world):
    report = disposed_report(world)
    with pytest.raises(flow.FlowError):
        flow.assign(report, world.admin, world.other_officer)
    flow.assign(report, world.admin, world.officer)
    assert report.assignee_id == world.officer.id


# Who may act

def test_an_officer_of_another_opd_cannot_handle_the_report(world):
    report = disposed_report(world)
    assert flow.can_handle(world.officer, report) and flow.can_handle(world.admin, report)
    assert not flow.can_handle(world.other_officer, report)
    with pytest.raises(flow.FlowError):
        flow.reply(report, world.other_officer, "Bukan urusan saya.")
    with pytest.raises(flow.FlowError):
        flow.finish(report, world.other_officer, "Selesai.")
    assert report.status == Status.DISPOSED


def test_officers_do_not_verify_reject_or_dispose(world):
    report = new_report(world)
    assert not flow.can_handle(world.officer, report)  # not yet sent to their OPD
    for step in (lambda: flow.verify(report, world.officer), lambda: flow.reject(report, world.officer, "Tidak jelas"),
                 lambda: flow.dispose(report, world.officer, world.dpupr)):
        with pytest.raises(flow.FlowError):
            step()
    assert report.status == Status.RECEIVED


def test_staff_of_another_region_cannot_handle_the_report(world, make_region, make_user):
    report = new_report(world)
    outsider = make_user(make_region("bogor"), role="admin")
    assert not flow.can_handle(outsider, report) and not flow.can_moderate(outsider, report)


def test_the_reporter_is_the_account_that_filed_it_or_whoever_holds_the_code(world):
    report, _ = flow.submit(report_data(world), world.citizen, [], None)
    assert flow.can_respond(world.citizen, report)
    assert flow.can_respond(None, report, code=report.code.lower().replace("-", " "))
    assert not flow.can_respond(world.officer, report)
    assert not flow.can_respond(None, report, code="2345-6789")


# Rejection and merging

def test_rejection_needs_a_reason_that_the_reporter_sees(world):
    report = new_report(world)
    with pytest.raises(flow.FlowError):
        flow.reject(report, world.admin, "  ")
    flow.reject(report, world.admin, "Lokasi tidak jelas.")
    assert report.status == Status.REJECTED and report.closed_at is not None
    assert (report.events[-1].action, report.events[-1].public, report.events[-1].body) == (
        Action.REJECTED, True, "Lokasi tidak jelas.")


def test_a_report_with_a_department_can_no_longer_be_rejected(world):
    report = disposed_report(world)
    with pytest.raises(flow.FlowError):
        flow.reject(report, world.admin, "Terlambat.")


def test_merging_closes_the_duplicate_and_its_supporters_support_the_original(world):
    original, duplicate = new_report(world), new_report(world)
    flow.support(duplicate, "s:tetangga")
    flow.support(original, "s:tetangga")
    flow.merge(duplicate, original, world.admin)
    assert duplicate.status == Status.REJECTED and duplicate.merged_into_id == original.id
    assert not duplicate.is_public
    assert original.supporters == 2  # the neighbour once, and the duplicate's reporter
    assert db.session.execute(select(func.count(Support.id)).where(Support.report_id == original.id)).scalar_one() == 2


def test_a_report_cannot_be_merged_into_itself_or_into_a_merged_report(world):
    first, second, third = new_report(world), new_report(world), new_report(world)
    with pytest.raises(flow.FlowError):
        flow.merge(first, first, world.admin)
    flow.merge(second, first, world.admin)
    with pytest.raises(flow.FlowError):
        flow.merge(third, second, world.admin)


# After "selesai": rating and reopening

def test_rating_is_possible_only_after_done_and_only_once(world):
    report = disposed_report(world)
    with pytest.raises(flow.FlowError):
        flow.rate(report, 5, "Mantap")
    flow.finish(report, world.officer, "Sudah ditambal.")
    for bad in (0, 6, "lima"):
        with pytest.raises(flow.FlowError):
            flow.rate(report, bad)
    flow.rate(report, "4", "Cepat, terima kasih")
    assert (report.rating, report.rating_comment) == (4, "Cepat, terima kasih")
    with pytest.raises(flow.FlowError):
        flow.rate(report, 1)


def test_reopening_within_fourteen_days_goes_back_to_the_opd(world):
    report = done_report(world)
    flow.rate(report, 2)
    flow.reopen(report, "Lubangnya muncul lagi.", now=utc(report.closed_at) + timedelta(days=13))
    assert report.status == Status.DISPOSED and report.department_id == world.dpupr.id
    assert (report.reopen_count, report.closed_at, report.rating) == (1, None, None)
    assert report.events[-1].action == Action.REOPENED and report.events[-1].body == "Lubangnya muncul lagi."


def test_reopening_after_fourteen_days_is_refused(world):
    report = done_report(world)
    with pytest.raises(flow.FlowError):
        flow.reopen(report, "Masih rusak.", now=utc(report.closed_at) + timedelta(days=14, minutes=1))
    assert report.status == Status.DONE


def test_only_a_done_report_can_be_reopened(world):
    report = new_report(world)
    with pytest.raises(flow.FlowError):
        flow.reopen(report, "Belum apa-apa.")


# Support

def test_support_counts_once_per_supporter(world):
    report = new_report(world)
    assert flow.support(report, "u:12") is True
    assert flow.support(report, "u:12") is False
    assert flow.support(report, "s:abc") is True
    db.session.refresh(report)
    assert report.supporters == 2


def test_a_rahasia_report_cannot_be_supported(world):
    report = new_report(world, category_id=str(world.violence.id))
    with pytest.raises(flow.FlowError):
        flow.support(report, "u:1")


# Moderation

def test_hiding_takes_a_report_out_of_the_public_list_with_an_internal_reason(world):
    report = new_report(world)
    flow.hide(report, world.admin, "Berisi fitnah.")
    assert not report.is_public and services.public_reports({})[0] == []
    assert (report.events[-1].action, report.events[-1].public) == (Action.HIDDEN, False)
    flow.unhide(report, world.admin)
    assert [r.id for r in services.public_reports({})[0]] == [report.id]


def test_redaction_keeps_the_original_text_in_an_internal_event(world):
    report = new_report(world, description="Pak RT korupsi, rumahnya di Jl. Melati 3.")
    flow.redact(report, world.admin, description="[Bagian ini disunting moderator.]")
    assert report.description == "[Bagian ini disunting moderator.]"
    original = report.events[-1]
    assert original.action == Action.REDACTED and not original.public and "Jl. Melati 3" in original.body


def test_a_redacted_photo_is_hidden_and_its_original_kept(world):
    report, _ = flow.submit(report_data(world), None, [jpeg()], None)
    [photo] = report.photos
    path = photo.path
    flow.redact_photo(photo, world.admin)
    assert photo.hidden and photo.original_path == path
    assert services.visible_photos(report) == []


def test_blocking_an_account_signs_it_out_and_staff_cannot_be_blocked_here(world):
    before = world.citizen.session_version
    flow.block_account(world.citizen, world.admin)
    assert world.citizen.blocked and world.citizen.session_version == before + 1
    with pytest.raises(flow.FlowError):
        flow.block_account(world.officer, world.admin)
    with pytest.raises(flow.FlowError):
        flow.block_account(world.citizen, world.officer)
    with pytest.raises(flow.FlowError):
        flow.block_account(new_report(world).reporter, world.admin)  # filed without an account


def test_refusals_are_translated(world):
    report = new_report(world)
    with force_locale("en"), pytest.raises(flow.FlowError) as refused:
        flow.rate(report, 5)
    assert refused.value.message == "A report can be rated once it is done."
    assert db.session.execute(select(func.count(ReportEvent.id))).scalar_one() == 1


def test_without_its_own_extent_a_region_still_refuses_coordinates_outside_indonesia():
    from webapp.modules.aspirasi.rules import FlowError
    from webapp.modules.aspirasi.validation import clean_coordinates

    assert clean_coordinates("-6.17", "106.64") == (-6.17, 106.64)  # Tangerang
    with pytest.raises(FlowError):
        clean_coordinates("51.5", "-0.12")  # London

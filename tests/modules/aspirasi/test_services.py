"""Reading reports: the public list (privacy, filters, search, keyset pages), tracking, a citizen's reports,
duplicates, the staff inbox, overdue work, the home card, kinerja and the CSV export."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest
from flask import Blueprint, Flask, render_template_string
from flask_babel import force_locale
from sqlalchemy import event

from webapp.extensions import db
from webapp.modules.aspirasi import flow, services
from webapp.modules.aspirasi.masking import register_template_filters
from webapp.modules.aspirasi.models import Kind, Privacy, Status

from .test_flow import disposed_report, new_report, world  # noqa: F401  (the shared small region)

UTC = timezone.utc
WIB = timezone(timedelta(hours=7))


def ids(rows) -> list[int]:
    return [r.id for r in rows]


def public_ids(**filters) -> list[int]:
    return ids(services.public_reports(filters)[0])


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):  # the test's own transaction wrapper
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# The public list

def test_rahasia_hidden_merged_and_rejected_reports_are_not_listed_publicly(world):  # noqa: F811
    shown, anonim = new_report(world), new_report(world, privacy=Privacy.ANONYMOUS)
    rahasia = new_report(world, category_id=str(world.violence.id))
    hidden, merged, rejected = new_report(world), new_report(world), new_report(world)
    flow.hide(hidden, world.admin, "Fitnah.")
    flow.merge(merged, shown, world.admin)
    flow.reject(rejected, world.admin, "Tidak jelas.")
    assert public_ids() == [anonim.id, shown.id]
    assert rahasia.id not in public_ids(status="menunggu")
    assert public_ids(status="ditolak") == [rejected.id]  # only when asked for, and merged ones never
    assert services.public_report(rahasia.id) is None and services.public_report(shown.id).id == shown.id


def test_filters_by_status_group_category_kecamatan_and_kind(world):  # noqa: F811
    road = new_report(world)
    waste = new_report(world, category_id=str(world.waste.id), kind=Kind.ASPIRASI,
                       kecamatan_id=str(world.karawaci.id), kelurahan_id=str(world.nusajaya.id))
    flow.verify(road, world.admin)
    assert public_ids(status="diproses") == [road.id]
    assert public_ids(status=Status.RECEIVED) == [waste.id]
    assert public_ids(category=world.waste.id) == [waste.id]
    assert public_ids(kecamatan=str(world.ciledug.id)) == [road.id]
    assert public_ids(kind=Kind.ASPIRASI) == [waste.id]
    assert public_ids(kind="gosip", category="x") == [waste.id, road.id]  # nonsense filters are ignored


def test_text_search_ignores_case_and_takes_wildcards_literally(world):  # noqa: F811
    hole = new_report(world, title="Lubang 100% berbahaya")
    lamp = new_report(world, title="Lampu mati", description="Gelap_total di gang")
    new_report(world, title="Lubang 100 kali")
    assert public_ids(q="LUBANG 100%") == [hole.id]
    assert public_ids(q="gelap_") == [lamp.id]
    assert public_ids(q="_") == [lamp.id]


def test_searching_for_a_phone_number_or_nik_finds_nothing(world):  # noqa: F811
    new_report(world, description="Hubungi saya di 0812-3456-7890 atau NIK 3671012345678901")
    assert public_ids(q="0812-3456-7890") == []
    assert public_ids(q="3671012345678901") == []
    assert public_ids(q="345678") == []


def test_pages_follow_each_other_without_gaps_or_repeats_even_at_the_same_moment(world):  # noqa: F811
    reports = [new_report(world) for _ in range(5)]
    moment = datetime(2026, 11, 2, 3, 4, 5, 678901, tzinfo=UTC)
    for report, offset in zip(reports, (-1, 0, 0, 0, 1)):
        report.created_at = moment + timedelta(seconds=offset)
    db.session.commit()
    seen, cursor = [], None
    for _ in range(3):
        rows, cursor = services.public_reports({}, cursor, limit=2)
        seen += ids(rows)
        if cursor is None:
            break
    assert cursor is None
    assert seen == [reports[4].id, reports[3].id, reports[2].id, reports[1].id, reports[0].id]


def test_most_supported_first_with_pages(world):  # noqa: F811
    quiet, popular, liked = new_report(world), new_report(world), new_report(world)
    for n in range(3):
        flow.support(popular, f"s:{n}")
    flow.support(liked, "s:x")
    first, cursor = services.public_reports({"order": "supported"}, None, limit=2)
    rest, end = services.public_reports({"order": "supported"}, cursor, limit=2)
    assert ids(first) + ids(rest) == [popular.id, liked.id, quiet.id] and end is None


def test_a_malformed_or_foreign_cursor_starts_at_the_first_page(world):  # noqa: F811
    report = new_report(world)
    for cursor in ("bukan-kursor", "s3.1", "n9999999999999999999999.1"):
        assert ids(services.public_reports({}, cursor)[0]) == [report.id]


def test_a_page_costs_the_same_statements_however_many_reports_it_shows(world):  # noqa: F811
    for _ in range(6):
        new_report(world)
    db.session.expunge_all()  # nothing cached: every report is loaded by the page's own statements
    with counted_statements() as few:
        services.public_reports({}, limit=2)
    db.session.expunge_all()
    with counted_statements() as many:
        rows, _ = services.public_reports({}, limit=6)
        [(r.category.name, r.kelurahan.name, r.kecamatan.name, len(r.photos)) for r in rows]
    assert len(few) == len(many) <= 2


# Tracking, a citizen's own reports, duplicates

def test_a_citizen_sees_all_their_reports_including_rahasia(world):  # noqa: F811
    mine, _ = flow.submit({"kind": "pengaduan", "category_id": world.violence.id, "title": "Tolong",
                           "description": "Rahasia.", "kelurahan_id": world.sudimara.id}, world.citizen, [], None)
    new_report(world)
    assert ids(services.reports_of_user(world.citizen)) == [mine.id]
    assert services.report_by_code(mine.code.replace("-", "").lower()).id == mine.id
    assert services.report_by_code("ZZZZ-ZZZZ") is None and services.report_by_code("nonsense") is None


def test_similar_open_reports_are_public_open_and_in_the_same_kelurahan_and_category(world):  # noqa: F811
    older, popular = new_report(world), new_report(world)
    flow.support(popular, "s:1")
    new_report(world, category_id=str(world.waste.id))
    new_report(world, kecamatan_id=str(world.karawaci.id), kelurahan_id=str(world.nusajaya.id))
    hidden = new_report(world)
    flow.hide(hidden, world.admin, "Spam.")
    done = disposed_report(world)
    flow.finish(done, world.officer, "Beres.")
    assert ids(services.similar_open_reports(world.sudimara.id, world.roads.id)) == [popular.id, older.id]


# Staff

def test_an_officer_inbox_holds_only_reports_of_their_own_opd(world):  # noqa: F811
    road = disposed_report(world)
    waste = disposed_report(world, category_id=str(world.waste.id))
    waiting = new_report(world)
    assert ids(services.staff_inbox(world.officer, {})[0]) == [road.id]
    assert ids(services.staff_inbox(world.other_officer, {})[0]) == [waste.id]
    assert ids(services.staff_inbox(world.admin, {})[0]) == [waiting.id, waste.id, road.id]


def test_inbox_filters_mine_overdue_status_and_code(world):  # noqa: F811
    mine, late = disposed_report(world), disposed_report(world)
    flow.assign(mine, world.officer, world.officer)
    late.due_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    assert ids(services.staff_inbox(world.officer, {"assignee": "me"})[0]) == [mine.id]
    assert ids(services.staff_inbox(world.officer, {"overdue": True})[0]) == [late.id]
    assert ids(services.staff_inbox(world.admin, {"status": Status.RECEIVED})[0]) == []
    assert ids(services.staff_inbox(world.admin, {"q": mine.code.lower()})[0]) == [mine.id]
    assert ids(services.overdue_reports(world.officer)) == [late.id]
    assert services.overdue_count(world.other_officer) == 0 and services.overdue_count(world.admin) == 1


# The home card

def test_month_counts_are_this_local_months_reports_by_colour(world):  # noqa: F811
    now = datetime(2026, 11, 15, 5, tzinfo=UTC)
    waiting, working, finished, last_month = (new_report(world) for _ in range(4))
    flow.verify(working, world.admin)
    finished_report = disposed_report(world)
    flow.finish(finished_report, world.officer, "Beres.")
    for report in (waiting, working, finished, finished_report):
        report.created_at = datetime(2026, 11, 1, 0, 30, tzinfo=WIB).astimezone(UTC)  # just inside November in Jakarta
    last_month.created_at = datetime(2026, 10, 31, 23, 30, tzinfo=WIB).astimezone(UTC)
    db.session.commit()
    assert services.month_counts(now) == {"menunggu": 2, "diproses": 1, "selesai": 1, "ditolak": 0, "total": 4}
    assert ids(services.latest_done()) == [finished_report.id]


# Kinerja and the export

FUTURE = 24 * 365 * 50  # hours: a deadline that is not past whenever the suite runs


def at(hours: float) -> datetime:
    return datetime(2026, 11, 2, 3, 0, tzinfo=UTC) + timedelta(hours=hours)


def shaped(world, department, officer=None, status=Status.DISPOSED, response=None, closed=None, due=None,  # noqa: F811
           rating=None, **changes):
    report = new_report(world, **changes)
    report.created_at, report.status = at(0), status
    report.department_id, report.assignee_id = department.id if department else None, officer.id if officer else None
    report.first_response_at = at(response) if response is not None else None
    report.closed_at = at(closed) if closed is not None else None
    report.due_at = at(due) if due is not None else None
    report.rating = rating
    db.session.commit()
    return report


@pytest.fixture
def kinerja_world(world):  # noqa: F811
    w = world
    shaped(w, w.dpupr, w.officer, Status.DONE, response=2, closed=10, due=20, rating=5)
    shaped(w, w.dpupr, w.officer, Status.DONE, response=4, closed=30, due=20, rating=3)
    shaped(w, w.dpupr, None, Status.DISPOSED, due=-1)  # overdue, not yet answered
    shaped(w, w.dlh, w.other_officer, Status.IN_PROGRESS, response=6, due=FUTURE)
    shaped(w, None, None, Status.RECEIVED, due=FUTURE)
    duplicate = shaped(w, w.dpupr, None, Status.REJECTED)
    duplicate.merged_into_id = duplicate.id - 1
    outside = shaped(w, w.dpupr, w.officer, Status.DONE, response=1, closed=2, due=3, rating=1)
    outside.created_at = datetime(2026, 10, 31, 23, 59, tzinfo=WIB).astimezone(UTC)
    db.session.commit()
    return w


def test_kinerja_counts_medians_on_time_share_and_rating(kinerja_world):
    numbers = services.kinerja(date(2026, 11, 1), date(2026, 11, 30))
    assert numbers["total"] == 5
    assert {s: n for s, n in numbers["counts"].items() if n} == {
        Status.DONE: 2, Status.DISPOSED: 1, Status.IN_PROGRESS: 1, Status.RECEIVED: 1}
    assert (numbers["median_response_hours"], numbers["median_completion_hours"]) == (4.0, 20.0)
    assert (numbers["on_time_share"], numbers["average_rating"], numbers["overdue"]) == (0.5, 4.0, 1)


def test_kinerja_per_opd_and_per_officer(kinerja_world):
    w = kinerja_world
    numbers = services.kinerja(date(2026, 11, 1), date(2026, 11, 30))
    per_opd = {(d["department"].slug if d["department"] else None): d for d in numbers["departments"]}
    assert {k: v["total"] for k, v in per_opd.items()} == {"dpupr": 3, "dlh": 1, None: 1}
    assert (per_opd["dpupr"]["median_response_hours"], per_opd["dpupr"]["overdue"]) == (3.0, 1)
    per_officer = {o["officer"].id: o for o in numbers["officers"]}
    assert per_officer[w.officer.id]["total"] == 2 and per_officer[w.officer.id]["average_rating"] == 4.0
    assert per_officer[w.other_officer.id]["median_response_hours"] == 6.0
    only = services.kinerja(date(2026, 11, 1), date(2026, 11, 30), department_id=w.dlh.id)
    assert only["total"] == 1 and only["on_time_share"] is None and only["average_rating"] is None


def test_the_export_streams_one_row_per_report_without_contacts_or_codes(kinerja_world):
    w = kinerja_world
    sneaky = shaped(w, w.dlh, None, title="=HYPERLINK(\"http://x\")", email="siti@example.id")
    with force_locale("en"):
        lines = services.export_csv((date(2026, 11, 1), date(2026, 11, 30)))
        assert not isinstance(lines, list)
        rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows[0][:3] == ["Number", "Filed", "Kind"] and len(rows) == 1 + 6
    assert rows[1][1] == "2026-11-02 10:00"  # local time
    text = "".join(",".join(r) for r in rows)
    assert "siti@example.id" not in text and sneaky.code not in text
    assert [r for r in rows if r[0] == str(sneaky.id)][0][6].startswith("'=")


def test_the_mask_filter_masks_in_templates():
    app, bp = Flask(__name__), Blueprint("probe", __name__)
    register_template_filters(bp)
    app.register_blueprint(bp)
    with app.app_context():
        assert render_template_string("{{ 'WA 0812-3456-7890'|mask }}") == "WA 0812-****-**90"

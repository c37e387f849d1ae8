"""Aspirasi's open data under /api/v1/: public reports (filters, cursor pages, caching, CORS), one report with
its public timeline, counts per kecamatan and month, and what never leaves: rahasia, hidden and merged
reports, tracking codes, contact details, internal notes, unmasked personal data."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import partial
from urllib.parse import urlsplit

import pytest
from flask import g
from werkzeug.datastructures import FileStorage

from tests.api_helpers import EN, schema_conforms
from tests.api_helpers import fetch as get
from tests.modules.aspirasi import test_public_views as public
from webapp.core.models import Area
from webapp.extensions import db
from webapp.modules.aspirasi import api, flow, module
from webapp.modules.aspirasi.models import Category, Report, Status

WIB = timezone(timedelta(hours=7))
place = public.place  # the fixture: Kota Tangerang with two kecamatan, categories, an OPD and people
file_report = public.file_report
conforms = partial(schema_conforms, api)  # conforms(name, body): the module's OpenAPI schema `name`, formats too


def items(client, path) -> list[dict]:
    response = get(client, path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["items"]


def titles(client, path) -> list[str]:
    return [item["title"] for item in items(client, path)]


def filed_at(report: Report, moment: datetime) -> Report:
    report.created_at = moment.astimezone(timezone.utc)  # stored in UTC, as the app does (SQLite keeps no zone)
    db.session.commit()
    return report


def bad(client, path, parameter: str, **headers) -> dict:
    response = get(client, path, **headers)
    assert response.status_code == 400, (path, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    conforms("Error", response.json)
    assert response.json["error"]["parameter"] == parameter
    return response.json["error"]


# The list

def test_the_list_gives_public_reports_newest_first_with_their_public_facts(client, place):
    old = filed_at(file_report(place, title="Lampu jalan mati", address="Jl. Merdeka 5", lat="-6.2", lng="106.7"),
                   datetime.now(timezone.utc) - timedelta(days=2))
    done = file_report(place, Status.DONE, title="Trotoar rusak")
    response = get(client, "/api/v1/reports")
    assert response.status_code == 200 and response.mimetype == "application/json"
    conforms("AspirasiReportPage", response.json)
    first, second = response.json["items"]
    assert [first["id"], second["id"]] == [done.id, old.id]
    assert first["status"] == "selesai" and first["status_group"] == "selesai" and first["due_at"] is None
    assert first["department"] == "Dinas Pekerjaan Umum dan Penataan Ruang" and first["closed_at"]
    assert second["status"] == "diterima" and second["status_group"] == "menunggu" and second["due_at"]
    assert second["category"] == {"slug": "jalan", "name": "Jalan rusak"}
    assert second["kecamatan"] == {"code": "36.71.01", "name": "Ciledug"}
    assert second["kelurahan"] == {"code": "36.71.01.1001", "name": "Sudimara Barat"}
    assert (second["lat"], second["long"], second["address"]) == (-6.2, 106.7, "Jl. Merdeka 5")
    assert urlsplit(second["url"]).path == f"/aspirasi/{old.id}" and second["url"].startswith("http://localhost")
    assert client.get(urlsplit(second["url"]).path, headers=EN).status_code == 200
    assert response.json["next_cursor"] is None and response.json["next"] is None
    assert "timeline" not in first and "reporter" not in first and "code" not in first


def test_the_list_is_open_to_other_sites_and_cached_by_etag_and_date(client, place):
    file_report(place, title="Lampu jalan mati")
    response = get(client, "/api/v1/reports")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert get(client, "/api/v1/reports", **{"If-None-Match": etag}).status_code == 304
    again = get(client, "/api/v1/reports", **{"If-Modified-Since": modified})
    assert again.status_code == 304 and again.data == b""


def test_hiding_a_report_changes_both_validators_so_no_cache_keeps_it(client, place):
    keep = file_report(place, title="Lampu jalan mati")
    gone = file_report(place, title="Laporan yang disembunyikan")
    filed_at(keep, datetime.now(timezone.utc) - timedelta(days=3))
    filed_at(gone, datetime.now(timezone.utc) - timedelta(days=2))
    for report in (keep, gone):  # everything happened yesterday (HTTP dates count whole seconds)
        report.updated_at = datetime.now(timezone.utc) - timedelta(days=1)
        for event in report.events:
            event.created_at = report.updated_at
        db.session.commit()
    response = get(client, "/api/v1/reports")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    flow.hide(gone, place.admin, "Berisi fitnah.")
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        fresh = get(client, "/api/v1/reports", **headers)
        assert fresh.status_code == 200 and [i["title"] for i in fresh.json["items"]] == ["Lampu jalan mati"]


def test_rahasia_hidden_and_merged_reports_never_appear(client, place):
    secret = file_report(place, privacy="rahasia", title="Pungutan liar di kelurahan")
    sensitive = file_report(place, category_id=str(place.violence.id), title="Kekerasan di rumah tetangga")
    hidden = file_report(place, title="Laporan disembunyikan")
    flow.hide(hidden, place.admin, "Berisi fitnah.")
    first = file_report(place, title="Laporan pertama")
    duplicate = file_report(place, title="Laporan kembar")
    flow.merge(duplicate, first, place.admin)
    listed = get(client, "/api/v1/reports?limit=100")
    assert [i["id"] for i in listed.json["items"]] == [first.id]
    for report in (secret, sensitive, hidden, duplicate):
        response = get(client, f"/api/v1/reports/{report.id}")
        assert response.status_code == 404 and response.json["error"]["code"] == 404
        conforms("Error", response.json)
    stats = get(client, "/api/v1/reports/stats").json["items"]
    assert sum(row["total"] for row in stats) == 1
    for text in (listed.get_data(as_text=True), get(client, f"/api/v1/reports/{first.id}").get_data(as_text=True)):
        assert "Pungutan" not in text and "Kekerasan" not in text and "disembunyikan" not in text
        assert "kembar" not in text and duplicate.code not in text


def test_where_the_region_verifies_first_only_verified_reports_are_published(client, place):
    place.region.settings = {**(place.region.settings or {}), "aspirasi_verify_first": True}
    db.session.commit()
    waiting = file_report(place, title="Belum diverifikasi")
    checked = file_report(place, Status.DISPOSED, title="Sudah diverifikasi")
    assert titles(client, "/api/v1/reports") == ["Sudah diverifikasi"]
    assert get(client, f"/api/v1/reports/{waiting.id}").status_code == 404
    assert get(client, f"/api/v1/reports/{checked.id}").status_code == 200
    assert sum(row["total"] for row in get(client, "/api/v1/reports/stats").json["items"]) == 1


def test_personal_data_is_masked_and_contact_details_and_codes_never_leave(client, place):
    report = file_report(place, Status.IN_PROGRESS, title="Hubungi 0812-3456-7890 soal jalan",
                         description="NIK saya 3671012345678901, surel siti.r@gmail.com.",
                         address="Rumah pojok, telp 0812-3456-7890", name="Budi Santoso",
                         phone="0813-9999-1111", email="budi@example.id")
    flow.reply(report, place.officer, "Kami hubungi di 0812-3456-7890 besok.")
    bodies = [get(client, "/api/v1/reports").get_data(as_text=True),
              get(client, f"/api/v1/reports/{report.id}").get_data(as_text=True),
              get(client, "/api/v1/reports/stats").get_data(as_text=True)]
    for text in bodies:
        for secret in ("0812-3456-7890", "3671012345678901", "siti.r@gmail.com", "Budi", "Santoso", "9999",
                       "budi@example.id", report.code, report.code.replace("-", "")):
            assert secret not in text
    detail = json.loads(bodies[1])
    assert detail["title"] == "Hubungi 0812-****-**90 soal jalan"
    assert "************8901" in detail["description"] and "s***@gmail.com" in detail["description"]
    assert detail["address"] == "Rumah pojok, telp 0812-****-**90"
    assert "0812-****-**90" in detail["timeline"][-1]["body"]


def test_the_detail_has_the_public_timeline_without_internal_notes(client, place):
    report = file_report(place, Status.IN_PROGRESS, title="Saluran air tersumbat")
    flow.reply(report, place.officer, "Catatan internal: tunggu anggaran", public=False)
    flow.finish(report, place.officer, "Saluran sudah dibersihkan.")
    flow.rate(report, 4, "Cepat, terima kasih.")
    response = get(client, f"/api/v1/reports/{report.id}")
    assert response.status_code == 200
    conforms("AspirasiReportDetail", response.json)
    body = response.json
    assert [e["action"] for e in body["timeline"]] == ["submitted", "verified", "disposed", "reply", "done", "rated"]
    assert body["timeline"][-2] == {"action": "done", "status": "selesai", "at": body["closed_at"],
                                    "body": "Saluran sudah dibersihkan."}
    assert body["rating"] == 4 and body["timeline"][-1]["body"] == "Cepat, terima kasih."
    assert "internal" not in response.get_data(as_text=True) and "anggaran" not in response.get_data(as_text=True)
    etag = response.headers["ETag"]
    assert get(client, f"/api/v1/reports/{report.id}", **{"If-None-Match": etag}).status_code == 304
    modified = response.headers["Last-Modified"]
    assert get(client, f"/api/v1/reports/{report.id}", **{"If-Modified-Since": modified}).status_code == 304


def test_visible_photos_are_listed_with_absolute_urls_and_a_redacted_one_is_not(client, place):
    g.region = place.region
    stream, name = public.jpeg()
    report, _ = flow.submit(public.report_data(place), None, [FileStorage(stream, name, content_type="image/jpeg")],
                            None)
    photo = report.photos[0]
    listed = items(client, "/api/v1/reports")[0]["photos"]
    assert listed == [{"url": f"http://localhost/aspirasi/foto/{photo.id}",
                       "thumbnail_url": f"http://localhost/aspirasi/foto/{photo.id}/kecil", "stage": "before",
                       "width": photo.width, "height": photo.height}]
    assert client.get(urlsplit(listed[0]["thumbnail_url"]).path).status_code == 200
    flow.redact_photo(photo, place.admin)
    assert items(client, "/api/v1/reports")[0]["photos"] == []
    assert get(client, f"/api/v1/reports/{report.id}").json["photos"] == []


def test_unknown_and_impossible_report_numbers_are_json_404s(client, place):
    for path in ("/api/v1/reports/424242", "/api/v1/reports/99999999999999999999999", "/api/v1/reports/0",
                 "/api/v1/reports/abc"):
        response = get(client, path)
        assert response.status_code == 404 and response.mimetype == "application/json", path
        conforms("Error", response.json)


# Filters

def test_filters_by_status_group_category_kecamatan_and_kind(client, place):
    g.region = place.region
    lights = Category(slug="lampu", name="Lampu jalan", department_id=place.dpupr.id)
    db.session.add(lights)
    db.session.commit()
    file_report(place, title="Jalan Ciledug berlubang")
    file_report(place, Status.DISPOSED, title="Jalan Karawaci berlubang", kecamatan_id=str(place.karawaci.id),
                kelurahan_id=str(place.nusajaya.id))
    file_report(place, Status.DONE, title="Lampu mati", category_id=str(lights.id), kind="aspirasi")
    file_report(place, Status.REJECTED, title="Minta jalan tol")
    assert titles(client, "/api/v1/reports?status=menunggu") == ["Jalan Ciledug berlubang"]
    assert titles(client, "/api/v1/reports?status=diproses") == ["Jalan Karawaci berlubang"]
    assert titles(client, "/api/v1/reports?status=selesai") == ["Lampu mati"]
    assert titles(client, "/api/v1/reports?status=ditolak") == ["Minta jalan tol"]
    assert len(items(client, "/api/v1/reports")) == 4  # rejected ones included when no status is asked for
    assert titles(client, "/api/v1/reports?category=lampu") == ["Lampu mati"]
    assert titles(client, "/api/v1/reports?kecamatan=36.71.02") == ["Jalan Karawaci berlubang"]
    assert titles(client, "/api/v1/reports?kind=aspirasi") == ["Lampu mati"]
    assert titles(client, "/api/v1/reports?kecamatan=36.71.01&status=menunggu&kind=pengaduan&category=jalan") == [
        "Jalan Ciledug berlubang"]
    assert len(items(client, "/api/v1/reports?status=&category=&kind=")) == 4  # empty means not given


def test_since_and_until_are_days_in_the_region_time(client, place):
    late = file_report(place, title="Jam setengah dua belas malam")
    filed_at(late, datetime(2025, 3, 31, 23, 30, tzinfo=WIB))  # 16:30 UTC the same day
    early = file_report(place, title="Lewat tengah malam")
    filed_at(early, datetime(2025, 4, 1, 0, 15, tzinfo=WIB))  # still 31 March in UTC
    assert titles(client, "/api/v1/reports?until=2025-03-31") == ["Jam setengah dua belas malam"]
    assert titles(client, "/api/v1/reports?since=2025-04-01") == ["Lewat tengah malam"]
    assert titles(client, "/api/v1/reports?since=2025-03-31&until=2025-03-31") == ["Jam setengah dua belas malam"]
    assert len(items(client, "/api/v1/reports?since=0001-01-01&until=9999-12-31")) == 2
    assert items(client, "/api/v1/reports?until=0001-01-01") == []


# Pages

def test_a_cursor_walk_visits_every_report_once_even_with_equal_times(client, place):
    same = datetime(2025, 5, 5, 9, 0, 0, 123456, tzinfo=timezone.utc)
    ids = []
    for n in range(7):
        report = file_report(place, title=f"Laporan {n}")
        filed_at(report, same if n < 5 else same + timedelta(minutes=n))
        ids.append(report.id)
    seen, path, pages = [], "/api/v1/reports?limit=2&kind=pengaduan", 0
    while path:
        response = get(client, path)
        assert response.status_code == 200
        conforms("AspirasiReportPage", response.json)
        seen += [item["id"] for item in response.json["items"]]
        following = response.json["next"]
        assert (following is None) == (response.json["next_cursor"] is None)
        path = None
        if following:
            assert following.startswith("http://localhost/api/v1/reports?") and "kind=pengaduan" in following
            parts = urlsplit(following)
            path = f"{parts.path}?{parts.query}"
        pages += 1
    assert seen == ids[::-1] and pages == 4  # the two later ones, then the five equal ones by number


# Bad requests

@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("limit=-5", "limit"),
    ("cursor=not-a-cursor", "cursor"), ("cursor=" + "A" * 300, "cursor"),
    ("cursor=WyJ4IiwgMV0", "cursor"),  # ["x", 1]: a list of two, but not a time
    ("cursor=WyIyMDI1LTAxLTAxVDAwOjAwOjAwWiIsICJ4Il0", "cursor"),  # a time and a string
    ("cursor=WyIyMDI1LTAxLTAxVDAwOjAwOjAwIiwgMV0", "cursor"),  # a time without its zone
    ("status=open", "status"), ("status=selesai,ditolak", "status"), ("kind=keluhan", "kind"),
    ("category=tidak-ada", "category"), ("category=" + "é" * 500, "category"),
    ("kecamatan=99.99.99", "kecamatan"), ("kecamatan=36.71.01.1001", "kecamatan"),
    ("since=2025-13-01", "since"), ("since=kemarin", "since"), ("until=2025-02-30", "until"),
    ("since=2025-05-02&until=2025-05-01", "until"),
])
def test_bad_list_parameters_are_400s_naming_the_parameter(client, place, query, parameter):
    bad(client, f"/api/v1/reports?{query}", parameter)


@pytest.mark.parametrize("query, parameter", [
    ("from=2025-1", "from"), ("from=2025-13", "from"), ("to=juni", "to"), ("from=0000-01", "from"),
    ("from=2025-06&to=2025-05", "from"), ("from=2020-01&to=2023-01", "from"), ("category=nope", "category"),
    ("kecamatan=nope", "kecamatan"), ("kind=nope", "kind"),
])
def test_bad_statistics_parameters_are_400s_naming_the_parameter(client, place, query, parameter):
    bad(client, f"/api/v1/reports/stats?{query}", parameter)


def test_errors_follow_the_readers_language(client, place):
    english = bad(client, "/api/v1/reports?since=besok", "since")
    assert "YYYY-MM-DD" in english["detail"]
    indonesian = bad(client, "/api/v1/reports?since=besok", "since", **{"Accept-Language": "id"})
    assert indonesian["parameter"] == "since" and indonesian["detail"]


@pytest.mark.parametrize("query", [
    "q=" + "x" * 5000, "limit=１２", "limit=99999999999999999999999", "since=２０２５-01-01", "cursor=%00%ff",
    "kecamatan=%F0%9F%92%A5", "category=%27%20OR%201=1--", "status=%00", "category=%00", "kecamatan=36.71%0001",
    "until=9999-12-31", "since=0001-01-01", "from=9998-12&to=9998-12", "to=1970-01",
])
def test_garbage_never_breaks_the_list(client, place, query):
    file_report(place)
    for path in ("/api/v1/reports", "/api/v1/reports/stats"):
        assert get(client, f"{path}?{query}").status_code in (200, 400)


# Statistics

def test_statistics_count_public_reports_per_kecamatan_and_region_month(client, place):
    moments = {
        "ciledug": [datetime(2025, 1, 31, 23, 30, tzinfo=WIB),  # last evening of January, 16:30 UTC
                    datetime(2025, 1, 10, 8, 0, tzinfo=WIB)],
        "karawaci": [datetime(2025, 2, 1, 0, 30, tzinfo=WIB)],  # February in Tangerang, 31 January in UTC
    }
    done = file_report(place, Status.DONE, title="Selesai tepat waktu")
    filed_at(done, moments["ciledug"][0])
    waiting = file_report(place, title="Masih menunggu")
    filed_at(waiting, moments["ciledug"][1])
    handled = file_report(place, Status.DISPOSED, title="Sedang ditangani", kecamatan_id=str(place.karawaci.id),
                          kelurahan_id=str(place.nusajaya.id))
    filed_at(handled, moments["karawaci"][0])
    late = file_report(place, Status.DONE, title="Selesai terlambat")
    filed_at(late, datetime(2025, 1, 5, 9, 0, tzinfo=WIB))
    late.due_at = late.closed_at - timedelta(days=1)
    db.session.commit()
    secret = file_report(place, privacy="rahasia", title="Rahasia")
    filed_at(secret, datetime(2025, 2, 3, 9, 0, tzinfo=WIB))

    response = get(client, "/api/v1/reports/stats?from=2025-01&to=2025-03")
    assert response.status_code == 200
    conforms("AspirasiReportStats", response.json)
    body = response.json
    assert (body["from"], body["to"], body["timezone"], body["next"]) == ("2025-01", "2025-03", "Asia/Jakarta", None)
    rows = {(row["month"], row["kecamatan"]["code"]): row for row in body["items"]}
    assert [(r["month"], r["kecamatan"]["name"]) for r in body["items"]] == [
        ("2025-01", "Ciledug"), ("2025-01", "Karawaci"), ("2025-02", "Ciledug"), ("2025-02", "Karawaci"),
        ("2025-03", "Ciledug"), ("2025-03", "Karawaci")]
    january = rows[("2025-01", "36.71.01")]
    assert january["total"] == 3 and january["done_on_time"] == 1
    assert january["by_status_group"] == {"menunggu": 1, "diproses": 0, "selesai": 2, "ditolak": 0}
    assert rows[("2025-01", "36.71.02")]["total"] == 0
    february = rows[("2025-02", "36.71.02")]
    assert february["total"] == 1 and february["by_status_group"]["diproses"] == 1
    assert rows[("2025-02", "36.71.01")]["total"] == 0  # the rahasia report is not counted
    assert sum(r["total"] for r in body["items"]) == 4
    narrowed = get(client, "/api/v1/reports/stats?from=2025-01&to=2025-01&kecamatan=36.71.02").json["items"]
    assert narrowed == [{"month": "2025-01", "kecamatan": {"code": "36.71.02", "name": "Karawaci"}, "total": 0,
                         "by_status_group": {"menunggu": 0, "diproses": 0, "selesai": 0, "ditolak": 0},
                         "done_on_time": 0}]
    single = get(client, "/api/v1/reports/stats?from=2025-02&to=2025-02").json["items"]
    assert [r["total"] for r in single] == [0, 1]


def test_statistics_default_to_the_last_twelve_months_and_are_cached(client, place):
    file_report(place)
    now = datetime.now(timezone.utc).astimezone(WIB)
    response = get(client, "/api/v1/reports/stats")
    months = sorted({row["month"] for row in response.json["items"]})
    assert len(months) == 12 and months[-1] == f"{now.year:04d}-{now.month:02d}" == response.json["to"]
    assert sum(row["total"] for row in response.json["items"]) == 1
    assert get(client, "/api/v1/reports/stats", **{"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert get(client, "/api/v1/reports/stats?from=2024-01").json["to"] == "2024-12"


# Regions and modules

def test_each_region_sees_only_its_own_reports(client, place, make_region):
    file_report(place, title="Laporan Tangerang")
    other = make_region("serang", hosts=["serang.test"], modules=["aspirasi"])
    g.region = other
    db.session.add(Area(code="36.73.01", name="Serang", level="kecamatan"))
    db.session.commit()
    response = client.get("/api/v1/reports", base_url="http://serang.test", headers=EN)
    assert response.status_code == 200 and response.json["items"] == []
    stats = client.get("/api/v1/reports/stats", base_url="http://serang.test", headers=EN).json["items"]
    assert {row["kecamatan"]["name"] for row in stats} == {"Serang"} and sum(r["total"] for r in stats) == 0
    g.region = place.region
    assert titles(client, "/api/v1/reports") == ["Laporan Tangerang"]


def test_a_region_without_aspirasi_answers_404_in_json(client, make_region):
    make_region("serang", hosts=["serang.test"], modules=["kontak"])
    for path in ("/api/v1/reports", "/api/v1/reports/1", "/api/v1/reports/stats"):
        response = client.get(path, base_url="http://serang.test", headers=EN)
        assert response.status_code == 404 and response.json["error"]["code"] == 404


# What the module declares

def test_the_module_lists_its_data_sets_and_their_examples_work(client, place):
    assert [d.slug for d in module.datasets] == ["reports", "report-stats", "open311"]
    open311 = module.datasets[2]
    from flask_babel import force_locale

    with force_locale("en"):
        assert str(open311.title) == "Reports through Open311 (GeoReport v2)"
    assert open311.examples == ("/open311/v2/discovery.xml", "/open311/v2/services.json", "/open311/v2/requests.json")
    for dataset in module.datasets[:2]:
        for path in dataset.examples:
            assert get(client, path).status_code == 200, path


def test_the_region_openapi_document_holds_the_reports_and_stays_valid(client, place):
    from openapi_spec_validator import validate

    document = get(client, "/api/openapi.json").json
    validate(document)
    part = api.openapi()
    assert set(part["paths"]) == {"/api/v1/reports", "/api/v1/reports/{report_id}", "/api/v1/reports/stats"}
    assert set(part["paths"]) <= set(document["paths"]) and set(part["schemas"]) <= set(document["components"]["schemas"])
    assert all(name.startswith("Aspirasi") for name in part["schemas"])


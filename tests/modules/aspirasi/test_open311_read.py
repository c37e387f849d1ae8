"""Open311 GeoReport v2, reading: discovery, services, a service definition, requests and one request, in
both formats (XML parsed back with ElementTree, JSON with json), with the spec's limits and errors and the
same privacy as the web pages."""
from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

import pytest
from flask import g
from werkzeug.datastructures import FileStorage

from tests.modules.aspirasi import test_public_views
from tests.modules.aspirasi.test_public_views import file_report, jpeg, report_data
from webapp.core.models import Area
from webapp.extensions import db
from webapp.modules.aspirasi import flow
from webapp.modules.aspirasi.masking import mask_text
from webapp.modules.aspirasi.models import Category, Report, Status

EN = {"Accept-Language": "en"}
FORMATS = ("xml", "json")
FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
          "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
          "address", "address_id", "zipcode", "lat", "long", "media_url"]
_codes = itertools.count(1)
place = test_public_views.place  # the shared fixture: one region with aspirasi, its areas, categories and people


# Reading both formats back

def parse(response, fmt):
    """The body as Python: XML through ElementTree (declaration and content type checked), JSON through json."""
    if fmt == "xml":
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        assert response.data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        return ElementTree.fromstring(response.data)
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.data)


def _plain(value):
    """A JSON value as the text XML carries: null and "" are both an empty element."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def items(response, fmt, item="request") -> list[dict]:
    """A list response as dicts of text in field order, the same for both formats."""
    body = parse(response, fmt)
    if fmt == "xml":
        assert all(child.tag == item for child in body)
        return [{field.tag: field.text or "" for field in child} for child in body]
    assert isinstance(body, list)
    return [{key: _plain(value) for key, value in row.items()} for row in body]


def errors(response, fmt) -> list[tuple[str, str]]:
    body = parse(response, fmt)
    if fmt == "xml":
        assert body.tag == "errors"
        return [(e.find("code").text, e.find("description").text) for e in body.findall("error")]
    return [(str(e["code"]), e["description"]) for e in body]


def get(client, path, fmt, host="localhost", **params):
    return client.get(f"/open311/v2/{path}.{fmt}", query_string=params, headers=EN, base_url=f"http://{host}")


def requests_of(client, fmt, **params) -> list[dict]:
    response = get(client, "requests", fmt, **params)
    assert response.status_code == 200, response.data
    return items(response, fmt)


def ids_of(client, fmt, **params) -> list[str]:
    return [row["service_request_id"] for row in requests_of(client, fmt, **params)]


def bare_report(place, created_at, **fields) -> Report:
    """A report row written directly (no flow): cheap enough to make a thousand."""
    values = dict(code=f"T{next(_codes):07d}", kind="pengaduan", category_id=place.roads.id,
                  title="Jalan berlubang", description="Lubang besar.", kecamatan_id=place.ciledug.id,
                  kelurahan_id=place.sudimara.id, privacy="anonim", status=Status.RECEIVED,
                  created_at=created_at, updated_at=created_at)
    values.update(fields)
    return Report(**values)


def aged(report: Report, **delta) -> Report:
    report.created_at = datetime.now(timezone.utc) - timedelta(**delta)
    db.session.commit()
    return report


# Discovery

@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_endpoint_its_formats_the_contact_and_where_keys_come_from(client, place, fmt):
    place.region.contact_email = "aspirasi@tangerangkota.go.id"
    place.region.contact_phone = "+62215588888"
    db.session.commit()
    response = get(client, "discovery", fmt)
    assert response.status_code == 200
    body = parse(response, fmt)
    if fmt == "xml":
        assert body.tag == "discovery"
        endpoint = body.find("endpoints/endpoint")
        found = {"changeset": body.findtext("changeset"), "contact": body.findtext("contact"),
                 "key_service": body.findtext("key_service"),
                 "endpoint": {child.tag: child.text for child in endpoint if child.tag != "formats"},
                 "formats": [f.text for f in endpoint.find("formats")]}
        assert len(body.findall("endpoints/endpoint")) == 1
    else:
        assert isinstance(body, dict) and len(body["endpoints"]) == 1
        endpoint = dict(body["endpoints"][0])
        found = {"changeset": body["changeset"], "contact": body["contact"], "key_service": body["key_service"],
                 "formats": endpoint.pop("formats"), "endpoint": endpoint}
    assert found["endpoint"] == {"specification": "http://wiki.open311.org/GeoReport_v2",
                                 "url": "http://localhost/open311/v2", "changeset": found["changeset"],
                                 "type": "production"}
    assert found["formats"] == ["text/xml", "application/json"]
    assert found["contact"] == "Kota Tangerang, aspirasi@tangerangkota.go.id, +62215588888"
    assert "administrator of Kota Tangerang" in found["key_service"]
    assert "http://localhost/data" in found["key_service"]
    assert datetime.fromisoformat(found["changeset"]).utcoffset() == timedelta(hours=7)


def test_discovery_changeset_does_not_move_between_requests(client, place):
    first = parse(get(client, "discovery", "json"), "json")["changeset"]
    assert parse(get(client, "discovery", "json"), "json")["changeset"] == first


# Services

@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_categories_in_their_order_with_the_opd_as_group(client, place, fmt):
    place.dpupr.short_name = "DPUPR"
    place.roads.description = "Jalan berlubang, retak atau amblas."
    place.roads.position, place.violence.position = 2, 1
    db.session.add(Category(slug="lama", name="Kategori lama", active=False))
    db.session.commit()
    response = get(client, "services", fmt)
    assert response.status_code == 200
    services = items(response, fmt, item="service")
    assert [s["service_code"] for s in services] == ["kekerasan", "jalan"]
    assert list(services[1]) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert services[1] == {"service_code": "jalan", "service_name": "Jalan rusak",
                           "description": "Jalan berlubang, retak atau amblas.", "metadata": "true",
                           "type": "realtime", "keywords": "pengaduan,aspirasi,informasi,DPUPR", "group": "DPUPR"}
    assert services[0]["group"] == "" and services[0]["description"] == ""
    assert services[0]["keywords"] == "pengaduan,aspirasi,informasi"


def test_a_category_without_a_short_name_is_grouped_under_the_opd_name(client, place):
    services = items(get(client, "services", "json"), "json", item="service")
    assert services[0]["group"] == "Dinas Pekerjaan Umum dan Penataan Ruang"


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_region_lists_only_its_own_services(client, place, make_region, fmt):
    other = make_region("bogor", hosts=["bogor.test"], modules=["aspirasi"])
    g.region = other
    db.session.add(Category(slug="sampah", name="Sampah menumpuk"))
    db.session.commit()
    g.region = place.region
    mine = items(get(client, "services", fmt, jurisdiction_id="localhost"), fmt, item="service")
    theirs = items(get(client, "services", fmt, host="bogor.test", jurisdiction_id="bogor.test"), fmt, item="service")
    assert [s["service_code"] for s in mine] == ["jalan", "kekerasan"]
    assert [s["service_code"] for s in theirs] == ["sampah"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_offers_the_kelurahan_of_the_region(client, place, fmt):
    response = get(client, "services/jalan", fmt)
    assert response.status_code == 200
    body = parse(response, fmt)
    if fmt == "xml":
        assert body.tag == "service_definition" and body.findtext("service_code") == "jalan"
        first = body.find("attributes/attribute")
        assert [child.tag for child in first] == ["variable", "code", "datatype", "required", "datatype_description",
                                                  "order", "description", "values"]
        attribute = {child.tag: child.text for child in first if child.tag != "values"}
        values = [(v.findtext("key"), v.findtext("name")) for v in first.findall("values/value")]
        codes = [a.findtext("code") for a in body.findall("attributes/attribute")]
    else:
        assert body["service_code"] == "jalan"
        first = body["attributes"][0]
        assert list(first) == ["variable", "code", "datatype", "required", "datatype_description", "order",
                               "description", "values"]
        attribute = {key: _plain(value) for key, value in first.items() if key != "values"}
        values = [(v["key"], v["name"]) for v in first["values"]]
        codes = [a["code"] for a in body["attributes"]]
    assert attribute["code"] == "kelurahan" and attribute["datatype"] == "singlevaluelist"
    assert attribute["variable"] == "true" and attribute["required"] == "true" and attribute["order"] == "1"
    assert values == [("36.71.02.1001", "Nusajaya (Karawaci)"), ("36.71.01.1001", "Sudimara Barat (Ciledug)")]
    assert codes == ["kelurahan", "kind", "privacy", "title"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_and_inactive_services_are_404_in_the_spec_shape(client, place, fmt):
    place.violence.active = False
    db.session.commit()
    for code in ("tidak-ada", "kekerasan"):
        response = get(client, f"services/{code}", fmt)
        assert response.status_code == 404
        assert errors(response, fmt) == [("404", f"Unknown service_code: {code}.")]


# Requests: what a report shows

def with_photo(place, **changes):
    stream, name = jpeg()
    report, _created = flow.submit(report_data(place, **changes), None,
                                   [FileStorage(stream, name, content_type="image/jpeg")], None)
    return report


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_request_has_every_field_in_the_spec_order(client, place, fmt):
    report = with_photo(place, address="Jl. Merdeka 5", privacy="anonim")
    flow.dispose(report, place.admin, place.dpupr)
    report.lat, report.lng = -6.2291, 106.7133
    db.session.commit()
    rows = requests_of(client, fmt)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == FIELDS
    assert row["service_request_id"] == str(report.id)
    assert row["status"] == "open" and row["status_notes"] == "Sent to a department"
    assert (row["service_name"], row["service_code"]) == ("Jalan rusak", "jalan")
    assert row["description"] == "Lubang besar, dua motor jatuh minggu ini."
    assert row["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert row["service_notice"] == "Untuk kecelakaan lalu lintas, hubungi 112."
    assert row["address"] == "Jl. Merdeka 5, Sudimara Barat, Ciledug"
    assert row["address_id"] == "36.71.01.1001" and row["zipcode"] == ""
    assert (row["lat"], row["long"]) == ("-6.2291", "106.7133")
    assert row["media_url"] == f"http://localhost/aspirasi/foto/{report.photos[0].id}"
    requested = datetime.fromisoformat(row["requested_datetime"])
    assert requested.utcoffset() == timedelta(hours=7)
    assert abs(requested - report.created_at.replace(tzinfo=timezone.utc)) < timedelta(seconds=1)
    assert datetime.fromisoformat(row["updated_datetime"]) >= requested
    assert datetime.fromisoformat(row["expected_datetime"]) > requested


def test_json_uses_numbers_for_the_point_and_null_for_what_is_unknown(client, place):
    located = file_report(place, title="Dengan titik")
    located.lat, located.lng = -6.2291, 106.7133
    db.session.commit()
    file_report(place, Status.DONE, title="Tanpa titik")
    body = json.loads(get(client, "requests", "json").data)
    done, open_one = body
    assert (open_one["lat"], open_one["long"]) == (-6.2291, 106.7133)
    assert (done["lat"], done["long"], done["expected_datetime"]) == (None, None, None)
    assert done["media_url"] == "" and done["zipcode"] == "" and open_one["agency_responsible"] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_closed_request_has_the_answer_as_its_notes_and_no_expected_time(client, place, fmt):
    done = file_report(place, Status.DONE, title="Sudah selesai")
    rejected = file_report(place, Status.REJECTED, title="Ditolak")
    replied = file_report(place, Status.IN_PROGRESS, title="Sedang dikerjakan")
    rows = {row["service_request_id"]: row for row in requests_of(client, fmt)}
    assert rows[str(done.id)]["status"] == "closed"
    assert rows[str(done.id)]["status_notes"] == "Done: Lubang sudah ditambal."
    assert rows[str(done.id)]["expected_datetime"] == ""
    assert rows[str(rejected.id)]["status"] == "closed"
    assert rows[str(rejected.id)]["status_notes"] == "Rejected: Bukan wewenang pemerintah kota."
    assert rows[str(replied.id)]["status"] == "open"
    assert rows[str(replied.id)]["status_notes"] == "In progress: Tim kami akan datang besok."
    assert rows[str(replied.id)]["expected_datetime"] != ""


def test_internal_notes_never_become_status_notes(client, place):
    report = file_report(place, Status.DISPOSED)
    flow.reply(report, place.officer, "Catatan internal: kontraktor belum dibayar.", public=False)
    row = requests_of(client, "json")[0]
    assert "kontraktor" not in row["status_notes"] and row["status_notes"] == "Sent to a department"


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_data_is_masked_and_no_name_or_tracking_code_appears(client, place, fmt):
    description = "NIK saya 3671012345678901, telp 0812-3456-7890, surel siti.r@gmail.com."
    anonymous = file_report(place, privacy="anonim", name="Budi Santoso", phone="0813-1111-2222",
                            description=description, address="Rumah 0812-3456-7890")
    public = file_report(place, privacy="publik", name="Dewi Lestari", email="dewi@example.id")
    flow.verify(anonymous, place.admin)
    flow.reply(anonymous, place.officer, "Kami hubungi di 0812-3456-7890.")
    for response in (get(client, "requests", fmt), get(client, f"requests/{anonymous.id}", fmt),
                     get(client, "requests", fmt, service_request_id=f"{anonymous.id},{public.id}")):
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        for secret in ("0812-3456-7890", "3671012345678901", "siti.r@gmail.com", "Budi", "Santoso", "Dewi",
                       "Lestari", "dewi@example.id", "0813-1111-2222", "+62813", anonymous.code, public.code):
            assert secret not in text
    row = next(r for r in requests_of(client, fmt) if r["service_request_id"] == str(anonymous.id))
    assert row["description"] == mask_text(description)
    assert "************8901" in row["description"] and "0812-****-**90" in row["description"]
    assert row["address"] == f"{mask_text('Rumah 0812-3456-7890')}, Sudimara Barat, Ciledug"
    assert row["status_notes"] == f"In progress: {mask_text('Kami hubungi di 0812-3456-7890.')}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_rahasia_hidden_and_merged_reports_are_never_listed_nor_found_by_id(client, place, fmt):
    shown = file_report(place, title="Terlihat")
    secret = file_report(place, privacy="rahasia", title="Rahasia")
    sensitive = file_report(place, category_id=str(place.violence.id), title="Kekerasan")
    hidden = file_report(place, title="Disembunyikan")
    flow.hide(hidden, place.admin, "Berisi fitnah.")
    duplicate = file_report(place, title="Kembar")
    flow.merge(duplicate, shown, place.admin)
    unseen = [secret, sensitive, hidden, duplicate]
    assert ids_of(client, fmt) == [str(shown.id)]
    assert ids_of(client, fmt, service_request_id=",".join(str(r.id) for r in unseen + [shown])) == [str(shown.id)]
    assert ids_of(client, fmt, service_code="kekerasan") == []
    for report in unseen:
        response = get(client, f"requests/{report.id}", fmt)
        assert response.status_code == 404
        assert errors(response, fmt) == [("404", f"Unknown service_request_id: {report.id}.")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_where_the_region_verifies_first_a_report_waiting_for_it_is_not_public(client, place, fmt):
    place.region.settings = {**(place.region.settings or {}), "aspirasi_verify_first": True}
    db.session.commit()
    waiting = file_report(place, title="Belum diperiksa")
    checked = file_report(place, title="Sudah diperiksa")
    flow.verify(checked, place.admin)
    assert ids_of(client, fmt) == [str(checked.id)]
    assert ids_of(client, fmt, service_request_id=f"{waiting.id},{checked.id}") == [str(checked.id)]
    assert get(client, f"requests/{waiting.id}", fmt).status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_is_a_list_of_one(client, place, fmt):
    report = file_report(place)
    file_report(place, title="Yang lain")
    response = get(client, f"requests/{report.id}", fmt)
    assert response.status_code == 200
    rows = items(response, fmt)
    assert [r["service_request_id"] for r in rows] == [str(report.id)] and list(rows[0]) == FIELDS
    if fmt == "xml":
        assert parse(response, fmt).tag == "service_requests"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("request_id", ["999999", "abc", "1e3", "99999999999999999999"])
def test_an_unknown_or_malformed_request_id_is_404(client, place, fmt, request_id):
    file_report(place)
    response = get(client, f"requests/{request_id}", fmt)
    assert response.status_code == 404
    assert errors(response, fmt) == [("404", f"Unknown service_request_id: {request_id}.")]


@pytest.mark.parametrize("timezone_name, offset", [("Asia/Jakarta", "+07:00"), ("Asia/Makassar", "+08:00")])
@pytest.mark.parametrize("fmt", FORMATS)
def test_datetimes_carry_the_offset_of_the_region_time_zone(client, app, make_region, timezone_name, offset, fmt):
    region = make_region("daerah", hosts=["localhost"], timezone=timezone_name, modules=["aspirasi"])
    g.region = region
    kecamatan = Area(code="51.71.01", name="Denpasar Selatan", level="kecamatan")
    kelurahan = Area(code="51.71.01.1001", name="Sesetan", level="kelurahan", parent=kecamatan)
    category = Category(slug="jalan", name="Jalan rusak")
    db.session.add_all([kecamatan, kelurahan, category])
    db.session.flush()
    moment = datetime(2026, 11, 30, 1, 30, tzinfo=timezone.utc)
    report = Report(code="WITA0001", kind="pengaduan", category_id=category.id, title="Jalan", description="Rusak.",
                    kecamatan_id=kecamatan.id, kelurahan_id=kelurahan.id, privacy="anonim", status=Status.RECEIVED,
                    created_at=moment, updated_at=moment, due_at=moment + timedelta(days=3))
    db.session.add(report)
    db.session.commit()
    row = items(get(client, f"requests/{report.id}", fmt), fmt)[0]
    local = "09:30:00" if offset == "+08:00" else "08:30:00"
    assert row["requested_datetime"] == f"2026-11-30T{local}{offset}"
    assert row["updated_datetime"] == f"2026-11-30T{local}{offset}"
    assert row["expected_datetime"] == f"2026-12-03T{local}{offset}"


# Requests: filters and limits

@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_ids_override_every_other_filter(client, place, fmt):
    old_closed = aged(file_report(place, Status.DONE, title="Lama"), days=200)
    recent = file_report(place)
    file_report(place, title="Tidak diminta")
    chosen = ids_of(client, fmt, service_request_id=f"{old_closed.id}, {recent.id}", status="open",
                    service_code="kekerasan", start_date="2026-01-01T00:00:00Z", end_date="2026-01-02T00:00:00Z")
    assert chosen == [str(recent.id), str(old_closed.id)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_code_takes_a_comma_list(client, place, fmt):
    ideas = Category(slug="usulan", name="Usulan")
    lights = Category(slug="lampu", name="Lampu jalan")
    db.session.add_all([ideas, lights])
    db.session.commit()
    road = file_report(place)
    idea = file_report(place, category_id=str(ideas.id), kind="aspirasi")
    light = file_report(place, category_id=str(lights.id))
    assert ids_of(client, fmt, service_code="usulan") == [str(idea.id)]
    assert ids_of(client, fmt, service_code="jalan,lampu") == [str(light.id), str(road.id)]
    response = get(client, "requests", fmt, service_code="jalan,tidak-ada")
    assert response.status_code == 404
    assert errors(response, fmt) == [("404", "Unknown service_code: tidak-ada.")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_filter_takes_open_closed_or_both(client, place, fmt):
    waiting = file_report(place)
    handled = file_report(place, Status.IN_PROGRESS)
    done = file_report(place, Status.DONE)
    rejected = file_report(place, Status.REJECTED)
    everything = [str(r.id) for r in (rejected, done, handled, waiting)]
    assert ids_of(client, fmt, status="open") == [str(handled.id), str(waiting.id)]
    assert ids_of(client, fmt, status="closed") == [str(rejected.id), str(done.id)]
    assert ids_of(client, fmt, status="open,closed") == everything
    assert ids_of(client, fmt) == everything
    response = get(client, "requests", fmt, status="selesai")
    assert response.status_code == 400
    assert errors(response, fmt) == [("400", "status must be open, closed or both (open,closed); "
                                             "this is not one: selesai.")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_date_window_counts_dates_without_offset_in_the_region_time_zone(client, place, fmt):
    # 1 November 01:00 WIB is still 31 October in UTC
    early = file_report(place, title="Pagi buta")
    early.created_at = datetime(2026, 10, 31, 18, 0, tzinfo=timezone.utc)
    late = file_report(place, title="Malam")
    late.created_at = datetime(2026, 11, 5, 13, 0, tzinfo=timezone.utc)  # 5 November 20:00 WIB
    db.session.commit()
    assert ids_of(client, fmt, start_date="2026-11-01", end_date="2026-11-05") == [str(late.id), str(early.id)]
    assert ids_of(client, fmt, start_date="2026-11-01T00:00:00Z", end_date="2026-11-05") == [str(late.id)]
    assert ids_of(client, fmt, start_date="2026-11-01T00:00:00", end_date="2026-11-05T19:59:59") == [str(early.id)]
    assert ids_of(client, fmt, start_date="2026-11-05T20:00:00+07:00", end_date="2026-11-05T13:00:00Z") \
        == [str(late.id)]
    assert ids_of(client, fmt, start_date="2026-11-02") == [str(late.id)]  # 90 days from the start
    assert ids_of(client, fmt, end_date="2026-11-04") == [str(early.id)]  # 90 days back to the end


@pytest.mark.parametrize("fmt", FORMATS)
def test_by_default_only_the_last_90_days_are_listed(client, place, fmt):
    old = aged(file_report(place, title="Seratus hari"), days=100)
    edge = aged(file_report(place, title="Delapan puluh sembilan hari"), days=89)
    new = file_report(place, title="Baru")
    assert ids_of(client, fmt) == [str(new.id), str(edge.id)]
    assert str(old.id) in ids_of(client, fmt, start_date=(datetime.now(timezone.utc) - timedelta(days=101)).isoformat())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params, message", [
    ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-01T00:00:01Z"},
     "start_date and end_date may be at most 90 days apart."),
    ({"start_date": "2026-03-01", "end_date": "2026-02-28"}, "end_date must not be before start_date."),
    ({"start_date": "kemarin"},
     "start_date must be a date and time in ISO 8601, such as 2026-12-06T09:30:00+07:00."),
    ({"end_date": "2026-13-01T00:00:00Z"},
     "end_date must be a date and time in ISO 8601, such as 2026-12-06T09:30:00+07:00."),
    ({"end_date": "0001-01-01"}, "end_date must be a date and time in ISO 8601, such as 2026-12-06T09:30:00+07:00."),
    ({"service_request_id": "12,abc"},
     "service_request_id must be report numbers separated by commas; this is not one: abc."),
])
def test_bad_parameters_are_400_naming_the_parameter(client, place, fmt, params, message):
    response = get(client, "requests", fmt, **params)
    assert response.status_code == 400
    assert errors(response, fmt) == [("400", message)]
    assert "no-store" in response.headers["Cache-Control"]


def test_a_window_of_exactly_90_days_is_allowed(client, place):
    report = aged(file_report(place), days=10)
    end = datetime.now(timezone.utc)
    start = end - timedelta(days=90)
    assert ids_of(client, "json", start_date=start.isoformat(), end_date=end.isoformat()) == [str(report.id)]
    assert ids_of(client, "json", start_date="2026-01-01", end_date="2026-04-01") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_parameter_behaves_like_a_missing_one(client, place, fmt):
    waiting = file_report(place)
    done = file_report(place, Status.DONE)
    expected = [str(done.id), str(waiting.id)]
    assert ids_of(client, fmt, service_request_id="", service_code="", start_date="", end_date="", status="",
                  jurisdiction_id="") == expected
    assert ids_of(client, fmt, service_request_id=" , ", status=" ") == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_at_most_1000_requests_come_back_newest_first(client, place, fmt):
    start = datetime.now(timezone.utc) - timedelta(days=30)
    reports = [bare_report(place, start + timedelta(minutes=n)) for n in range(1001)]
    db.session.add_all(reports)
    db.session.commit()
    rows = requests_of(client, fmt)
    assert len(rows) == 1000
    assert [row["service_request_id"] for row in rows] == [str(r.id) for r in reports[:0:-1]]


def test_reports_filed_at_the_same_moment_come_newest_id_first(client, place):
    moment = datetime.now(timezone.utc) - timedelta(hours=1)
    reports = [bare_report(place, moment) for _ in range(3)]
    db.session.add_all(reports)
    db.session.commit()
    assert ids_of(client, "json") == [str(r.id) for r in reversed(reports)]


def test_the_list_costs_the_same_queries_for_3_reports_as_for_30(client, place, count_statements):
    def listing():
        assert client.get("/open311/v2/requests.json").status_code == 200

    for n in range(3):
        with_photo(place, title=f"Laporan {n}")
    few = count_statements(listing)
    for n in range(27):
        file_report(place, Status.DONE if n % 2 else Status.IN_PROGRESS, title=f"Laporan lain {n}",
                    kecamatan_id=str(place.karawaci.id), kelurahan_id=str(place.nusajaya.id))
    for n in range(3):
        with_photo(place, title=f"Dengan foto {n}")
    assert len(json.loads(client.get("/open311/v2/requests.json").data)) == 33
    assert count_statements(listing) == few


# Jurisdictions, formats, methods, headers

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["services", "services/jalan", "requests", "requests/{id}"])
def test_jurisdiction_is_required_on_a_multi_region_install_and_must_be_this_one(client, place, make_region, fmt,
                                                                                 path):
    report = file_report(place)
    path = path.format(id=report.id)
    assert get(client, path, fmt).status_code == 200  # one region: optional
    assert get(client, path, fmt, jurisdiction_id="localhost").status_code == 200
    unknown = get(client, path, fmt, jurisdiction_id="contoh.go.id")
    assert unknown.status_code == 404 and errors(unknown, fmt) == [("404", "Unknown jurisdiction_id: contoh.go.id.")]
    make_region("bogor", hosts=["bogor.test"], modules=["aspirasi"])
    missing = get(client, path, fmt)
    assert missing.status_code == 400
    assert errors(missing, fmt) == [("400", "jurisdiction_id is required: this server hosts several regions.")]
    assert get(client, path, fmt, jurisdiction_id="bogor.test").status_code == 404
    assert get(client, path, fmt, jurisdiction_id="LOCALHOST").status_code == 200


def test_a_report_of_another_region_is_not_found_here(client, place, make_region):
    report = file_report(place)
    make_region("bogor", hosts=["bogor.test"], modules=["aspirasi"])
    other = get(client, f"requests/{report.id}", "json", host="bogor.test", jurisdiction_id="bogor.test")
    assert other.status_code == 404
    assert json.loads(get(client, "requests", "json", host="bogor.test", jurisdiction_id="bogor.test").data) == []


def test_discovery_needs_no_jurisdiction(client, place, make_region):
    make_region("bogor", hosts=["bogor.test"], modules=["aspirasi"])
    assert get(client, "discovery", "xml").status_code == 200


@pytest.mark.parametrize("path", ["discovery.csv", "services.html", "services/jalan.yaml", "requests.txt",
                                  "requests/1.php", "tidak-ada.xml"])
def test_an_unknown_format_or_path_is_404_in_the_spec_shape(client, place, path):
    response = client.get(f"/open311/v2/{path}", headers=EN)
    assert response.status_code == 404
    (code, description), = errors(response, "xml")
    assert code == "404" and description


def test_an_unknown_path_with_a_json_suffix_answers_in_json(client, place):
    response = client.get("/open311/v2/tidak-ada.json", headers=EN)
    assert response.status_code == 404 and errors(response, "json")[0][0] == "404"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("method, path", [("delete", "services"), ("put", "discovery"), ("post", "services/jalan"),
                                          ("patch", "requests/1")])
def test_a_wrong_method_is_405_in_the_spec_shape(client, place, fmt, method, path):
    response = getattr(client, method)(f"/open311/v2/{path}.{fmt}", headers=EN)
    assert response.status_code == 405
    (code, description), = errors(response, fmt)
    assert code == "405" and description
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["discovery", "services", "services/jalan", "requests", "requests/{id}"])
def test_every_endpoint_allows_any_origin_and_may_be_cached_briefly(client, place, fmt, path):
    report = file_report(place)
    response = get(client, path.format(id=report.id), fmt)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "public" in response.headers["Cache-Control"] and "max-age=60" in response.headers["Cache-Control"]
    assert "Accept-Language" in response.headers["Vary"]


def test_reading_is_rate_limited_per_address(app, place, monkeypatch):
    """A fresh app with limits switched on; the shared limiter is switched off again afterwards."""
    from webapp import create_app
    from webapp.config import TestConfig
    from webapp.extensions import limiter
    from webapp.modules.aspirasi.views_open311 import READ_RATE_LIMIT

    monkeypatch.setattr(limiter, "enabled", False)  # remembered, and restored after the test
    config = TestConfig()
    config.RATELIMIT_ENABLED = True
    limited = create_app(config)
    limited.test_client_class = app.test_client_class
    client = limited.test_client()
    allowed = int(READ_RATE_LIMIT.split()[0])
    codes = [client.get("/open311/v2/discovery.json").status_code for _ in range(allowed)]
    assert codes == [200] * allowed
    refused = client.get("/open311/v2/discovery.json", headers=EN)
    assert refused.status_code == 429 and errors(refused, "json")[0][0] == "429"
    other = client.get("/open311/v2/discovery.json", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200

"""The citizen's side of Aspirasi that everyone sees: the public list with its filters and pages, a report's
public page, privacy (rahasia, anonim, masked personal data), photos, support and the home card.

`place`, `file_report` and the small helpers here are shared with test_submit and test_tracking.
"""
from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from flask import g
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from tests.conftest import csrf_from
from tests.budgets import PageParts, gz
from webapp.core.models import Area, Department, Region, User
from webapp.extensions import db
from webapp.modules.aspirasi import flow
from webapp.modules.aspirasi.models import Action, Category, Report, Status

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}


@dataclass
class Place:
    """One region with aspirasi on: two kecamatan with a kelurahan each, two categories, an OPD and people."""

    region: Region
    ciledug: Area
    sudimara: Area
    karawaci: Area
    nusajaya: Area
    roads: Category  # routed to DPUPR, with a notice
    violence: Category  # sensitive: always rahasia
    dpupr: Department
    admin: User
    officer: User
    citizen: User


@pytest.fixture
def place(app, region, make_user, make_department, tmp_path, monkeypatch) -> Place:
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    region.modules = ["aspirasi", "kontak"]
    g.region = region
    ciledug = Area(code="36.71.01", name="Ciledug", level="kecamatan")
    sudimara = Area(code="36.71.01.1001", name="Sudimara Barat", level="kelurahan", parent=ciledug)
    karawaci = Area(code="36.71.02", name="Karawaci", level="kecamatan")
    nusajaya = Area(code="36.71.02.1001", name="Nusajaya", level="kelurahan", parent=karawaci)
    db.session.add_all([ciledug, sudimara, karawaci, nusajaya])
    dpupr = make_department(region, "Dinas Pekerjaan Umum dan Penataan Ruang", slug="dpupr")
    roads = Category(slug="jalan", name="Jalan rusak", department_id=dpupr.id,
                     notice="Untuk kecelakaan lalu lintas, hubungi 112.")
    violence = Category(slug="kekerasan", name="Kekerasan terhadap anak", sensitive=True)
    db.session.add_all([roads, violence])
    db.session.commit()
    return Place(region, ciledug, sudimara, karawaci, nusajaya, roads, violence, dpupr,
                 admin=make_user(region, role="admin", name="Admin Kota"),
                 officer=make_user(region, role="opd", department=dpupr, name="Petugas Jalan"),
                 citizen=make_user(region, name="Siti Rahmawati", email="siti@example.id"))


def report_data(place: Place, **changes) -> dict:
    data = {"kind": "pengaduan", "category_id": str(place.roads.id), "title": "Jalan berlubang di depan SD",
            "description": "Lubang besar, dua motor jatuh minggu ini.", "kecamatan_id": str(place.ciledug.id),
            "kelurahan_id": str(place.sudimara.id), "privacy": "publik", "name": "Budi Santoso",
            "email": "budi@example.id"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}  # None leaves a field out


def file_report(place: Place, status: str = Status.RECEIVED, reporter: User | None = None, **changes) -> Report:
    """A report filed through the flow and moved on to `status` by the staff, as it would be."""
    g.region = place.region
    report, _created = flow.submit(report_data(place, **changes), reporter, [], None)
    if status in (Status.DISPOSED, Status.IN_PROGRESS, Status.DONE):
        flow.verify(report, place.admin)
    if status in (Status.IN_PROGRESS, Status.DONE):
        flow.reply(report, place.officer, "Tim kami akan datang besok.")
    if status == Status.DONE:
        flow.finish(report, place.officer, "Lubang sudah ditambal.")
    if status == Status.REJECTED:
        flow.reject(report, place.admin, "Bukan wewenang pemerintah kota.")
    return report


def jpeg(size=(1600, 1200), name="foto.jpg") -> tuple:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return io.BytesIO(out.getvalue()), name


def fresh(report_id: int) -> Report:
    db.session.expire_all()
    return db.session.execute(select(Report).where(Report.id == report_id)).scalar_one()


def report_count() -> int:
    return db.session.execute(select(func.count(Report.id))).scalar_one()


def html_of(response) -> str:
    return response.get_data(as_text=True)


def detail_url(report: Report) -> str:
    return f"/aspirasi/{report.id}"


def sign_in(client, login, user) -> None:
    assert login(user).status_code == 302


# The list

def test_list_shows_public_reports_with_status_in_word_symbol_and_colour(client, place):
    file_report(place, title="Lampu jalan mati")
    file_report(place, Status.DISPOSED, title="Saluran air tersumbat")
    file_report(place, Status.DONE, title="Trotoar rusak")
    html = html_of(client.get("/aspirasi/", headers=EN))
    for title, css, word in (("Lampu jalan mati", "badge-bad", "Waiting"),
                             ("Saluran air tersumbat", "badge-warn", "Being handled"),
                             ("Trotoar rusak", "badge-ok", "Done")):
        item = re.search(rf'<li class="report">(?:(?!</li>).)*{title}(?:(?!</li>).)*</li>', html, re.S).group()
        assert f'class="badge {css}"' in item and word in item and 'aria-hidden="true"' in item


def test_rejected_reports_show_only_when_asked_for_in_grey(client, place):
    file_report(place, Status.REJECTED, title="Minta jalan tol baru")
    assert "Minta jalan tol baru" not in html_of(client.get("/aspirasi/", headers=EN))
    html = html_of(client.get("/aspirasi/?status=ditolak", headers=EN))
    assert "Minta jalan tol baru" in html and 'class="badge badge-off"' in html and "Rejected" in html


def test_rahasia_report_is_not_listed_and_its_page_is_404_for_a_stranger(client, place):
    report = file_report(place, privacy="rahasia", title="Pungutan liar di kelurahan")
    assert "Pungutan liar" not in html_of(client.get("/aspirasi/", headers=EN))
    assert client.get(detail_url(report), headers=EN).status_code == 404
    assert client.get("/aspirasi/?q=Pungutan", headers=EN).status_code == 200
    assert "Pungutan liar" not in html_of(client.get("/aspirasi/?q=Pungutan", headers=EN))


def test_rahasia_report_is_visible_to_its_signed_in_reporter(client, login, place):
    report = file_report(place, privacy="rahasia", reporter=place.citizen, title="Pungutan liar di kelurahan")
    sign_in(client, login, place.citizen)
    response = client.get(detail_url(report), headers=EN)
    assert response.status_code == 200
    html = html_of(response)
    assert "Pungutan liar" in html and report.code in html and "only you and the staff" in html


def test_hidden_and_merged_reports_are_404_to_the_public(client, place):
    hidden = file_report(place, title="Laporan disembunyikan")
    flow.hide(hidden, place.admin, "Berisi fitnah.")
    first = file_report(place, title="Laporan pertama")
    duplicate = file_report(place, title="Laporan kembar")
    flow.merge(duplicate, first, place.admin)
    for report in (hidden, duplicate):
        assert client.get(detail_url(report), headers=EN).status_code == 404
    html = html_of(client.get("/aspirasi/", headers=EN))
    assert "Laporan pertama" in html and "disembunyikan" not in html and "kembar" not in html


def test_anonim_report_hides_the_name_and_a_public_one_shows_first_name_and_initial(client, place):
    anonymous = file_report(place, privacy="anonim", name="Budi Santoso")
    public = file_report(place, privacy="publik", name="Dewi Lestari")
    html = html_of(client.get(detail_url(anonymous), headers=EN))
    assert "Budi" not in html and "Santoso" not in html and "Anonymous" in html
    html = html_of(client.get(detail_url(public), headers=EN))
    assert "Dewi L." in html and "Lestari" not in html


def test_contact_details_are_never_public(client, place):
    report = file_report(place, name="Budi Santoso", phone="0812-3456-7890", email="budi@example.id")
    for html in (html_of(client.get(detail_url(report), headers=EN)), html_of(client.get("/aspirasi/", headers=EN))):
        assert "budi@example.id" not in html and "3456" not in html and "+62812" not in html


def test_personal_data_typed_into_public_text_is_masked_on_the_detail_and_the_list(client, place):
    report = file_report(place, title="Hubungi 0812-3456-7890 soal jalan",
                         description="NIK saya 3671012345678901, surel siti.r@gmail.com, telp 0812-3456-7890.")
    detail = html_of(client.get(detail_url(report), headers=EN))
    listing = html_of(client.get("/aspirasi/", headers=EN))
    for html in (detail, listing):
        assert "0812-3456-7890" not in html and "0812-****-**90" in html
    assert "3671012345678901" not in detail and "************8901" in detail
    assert "siti.r@gmail.com" not in detail and "s***@gmail.com" in detail


def test_filters_narrow_the_list(client, place):
    file_report(place, title="Jalan Ciledug berlubang")
    file_report(place, title="Jalan Karawaci berlubang", kecamatan_id=str(place.karawaci.id),
                kelurahan_id=str(place.nusajaya.id))
    file_report(place, Status.DONE, title="Jalan yang sudah ditambal")
    file_report(place, title="Usul taman baca", kind="aspirasi")
    ideas = Category(slug="usulan", name="Usulan")
    db.session.add(ideas)
    db.session.commit()
    file_report(place, title="Usul jalur sepeda", category_id=str(ideas.id), kind="aspirasi")

    def titles(query):
        html = html_of(client.get(f"/aspirasi/?{query}", headers=EN))
        return {t for t in re.findall(r'<h3><a href="/aspirasi/\d+">([^<]+)</a></h3>', html)}

    assert titles(f"kecamatan={place.karawaci.id}") == {"Jalan Karawaci berlubang"}
    assert titles("status=selesai") == {"Jalan yang sudah ditambal"}
    assert titles("jenis=aspirasi") == {"Usul taman baca", "Usul jalur sepeda"}
    assert titles(f"kategori={ideas.id}") == {"Usul jalur sepeda"}
    assert titles("q=berlubang") == {"Jalan Ciledug berlubang", "Jalan Karawaci berlubang"}
    assert titles("q=berlubang&kecamatan=" + str(place.ciledug.id)) == {"Jalan Ciledug berlubang"}
    chosen = html_of(client.get(f"/aspirasi/?kecamatan={place.karawaci.id}&q=berlubang", headers=EN))
    assert f'<option selected value="{place.karawaci.id}">' in chosen and 'value="berlubang"' in chosen


def test_most_supported_first(client, place):
    popular = file_report(place, title="Banyak dukungan")
    quiet = file_report(place, title="Sepi dukungan")
    popular.supporters = 7
    quiet.supporters = 1
    db.session.commit()
    html = html_of(client.get("/aspirasi/?urut=supported", headers=EN))
    assert html.index("Banyak dukungan") < html.index("Sepi dukungan")
    html = html_of(client.get("/aspirasi/", headers=EN))
    assert html.index("Sepi dukungan") < html.index("Banyak dukungan")  # newest first by default


def test_htmx_list_request_returns_only_the_list_block(client, place):
    file_report(place, title="Lampu jalan mati")
    full = client.get("/aspirasi/", headers=EN)
    assert "<nav" in html_of(full) and 'hx-target="#report-list"' in html_of(full)
    response = client.get("/aspirasi/?q=lampu", headers=HTMX)
    html = html_of(response)
    assert response.status_code == 200 and "Lampu jalan mati" in html
    assert "<nav" not in html and "<html" not in html and "<form" not in html
    assert "HX-Request" in response.headers["Vary"] and "HX-Request" in full.headers["Vary"]


def many_reports(place, count: int) -> list[int]:
    """`count` reports one minute apart, the newest last."""
    start = datetime.now(timezone.utc) - timedelta(days=1)
    ids = []
    for n in range(count):
        report = file_report(place, title=f"Laporan nomor {n:02d}")
        report.created_at = start + timedelta(minutes=n)
        ids.append(report.id)
    db.session.commit()
    return ids


def test_keyset_pagination_goes_on_without_repeats_with_and_without_htmx(client, place):
    many_reports(place, 25)
    first = html_of(client.get("/aspirasi/", headers=EN))
    titles = re.findall(r"Laporan nomor (\d\d)", first)
    assert titles == [f"{n:02d}" for n in range(24, 4, -1)]
    more = re.search(r'<a class="button secondary" href="([^"]+)" hx-get="\1"', first).group(1).replace("&amp;", "&")
    assert "setelah=" in more
    second = html_of(client.get(more, headers=EN))  # a plain link: the next page as a whole page
    assert re.findall(r"Laporan nomor (\d\d)", second) == ["04", "03", "02", "01", "00"]
    assert "<nav" in second and "More reports" in second and 'hx-get="/aspirasi/?setelah' not in second
    appended = html_of(client.get(more, headers=HTMX))  # htmx: only the next items, to replace the link
    assert appended.lstrip().startswith('<li class="report">') and "<h2" not in appended
    assert re.findall(r"Laporan nomor (\d\d)", appended) == ["04", "03", "02", "01", "00"]


def test_more_link_keeps_the_filters(client, place):
    many_reports(place, 21)
    html = html_of(client.get("/aspirasi/?q=nomor&urut=newest", headers=EN))
    more = re.search(r'href="(/aspirasi/\?[^"]*setelah[^"]*)"', html).group(1)
    assert "q=nomor" in more and "urut=newest" in more


WORDS = ("jalan berlubang lampu mati saluran tersumbat sampah menumpuk trotoar rusak pohon tumbang banjir genangan "
         "pasar becek angkot ngetem parkir liar pungutan puskesmas antre sekolah atap bocor jembatan retak taman "
         "kumuh air PDAM keruh kabel menjuntai depan dekat samping gang RT RW masjid kantor kelurahan setiap malam "
         "sejak minggu lalu").split()


def varied_title(n: int) -> str:
    """Titles as people write them: different words and lengths, so compression is not flattered."""
    words = [WORDS[(n * 7 + i * 13) % len(WORDS)] for i in range(6 + n % 9)]
    return f"{' '.join(words).capitalize()} no. {n * 37 % 1000}"[:150]


def test_htmx_list_update_of_20_reports_fits_in_6_kb(client, place):
    for n in range(25):
        file_report(place, title=varied_title(n), name=f"Warga {n}", address=f"Jl. Merdeka No. {n}")
    body = client.get("/aspirasi/", headers=HTMX).get_data()
    assert body.count(b'<li class="report">') == 20
    size = len(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"htmx list update, 20 reports: {size} bytes gzip, {len(body)} bytes raw")
    assert size <= 6 * 1024


@pytest.mark.parametrize("url", ["/aspirasi/", "/aspirasi/baru"])
def test_list_and_form_stay_within_the_first_visit_budget(client, place, url):
    for n in range(25):
        file_report(place, title=varied_title(n))
    html = client.get(url, headers=EN).data
    parts = PageParts()
    parts.feed(html.decode())
    files = [html] + [client.get(u).data for u in parts.stylesheets + [s["src"] for s in parts.scripts]]
    sprite = re.search(rb"/static/icons/sprite\.[0-9a-f]{10}\.svg", html).group().decode()
    files += [client.get(u).data for u in ("/manifest.webmanifest", "/sw.js", sprite)]
    total = sum(gz(body) for body in files)
    print(f"first visit of {url}: {total / 1024:.1f} KB gzip")
    assert total <= 30 * 1024
    assert not [s for s in parts.scripts if s["in_head"] and not s["deferred"]]


def test_the_list_costs_the_same_queries_for_5_reports_as_for_20(client, place, count_statements):
    for n in range(5):
        file_report(place, title=varied_title(n))
    few = count_statements(lambda: client.get("/aspirasi/", headers=HTMX))
    for n in range(5, 25):
        file_report(place, title=varied_title(n), kecamatan_id=str(place.karawaci.id), kelurahan_id=str(place.nusajaya.id))
    many = count_statements(lambda: client.get("/aspirasi/", headers=HTMX))
    assert many == few


# A report's page

def test_detail_shows_what_the_public_may_know(client, place):
    report = file_report(place, Status.DISPOSED, address="Depan SDN 5, Jl. Merdeka")
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Jalan berlubang di depan SD" in html and "Lubang besar, dua motor jatuh" in html
    assert "Jalan rusak" in html and "Sudimara Barat" in html and "Ciledug" in html
    assert "Depan SDN 5" in html and "Dinas Pekerjaan Umum dan Penataan Ruang" in html
    assert "Next step due by" in html and "Being handled" in html
    assert report.code not in html  # the code is the reporter's key, never public
    assert "0 people support this report" in html


def test_timeline_shows_public_events_in_the_region_time_zone_and_never_internal_notes(client, place):
    report = file_report(place, Status.DISPOSED)
    flow.reply(report, place.officer, "Anggaran habis, tunggu APBD-P.", public=False)
    submitted = next(e for e in report.events if e.action == Action.SUBMITTED)
    submitted.created_at = datetime(2026, 3, 1, 20, 30, tzinfo=timezone.utc)  # 2 March, 03:30 in WIB
    db.session.commit()
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Received" in html and "Sent to the department in charge" in html
    assert "2 Mar 2026, 03:30" in html and 'datetime="2026-03-02T03:30+07:00"' in html
    assert "Anggaran habis" not in html


def test_reporter_section_and_forms_are_not_shown_to_strangers(client, place):
    report = file_report(place, Status.DONE)
    html = html_of(client.get(detail_url(report), headers=EN))
    assert "Your report" not in html and "Rate the answer" not in html and "Not solved?" not in html


# Photos

def test_photos_show_as_lazy_thumbnails_with_their_size_linking_to_the_full_picture(client, place):
    g.region = place.region
    stream, name = jpeg((1600, 1200))
    report, _ = flow.submit(report_data(place), None, [FileStorage(stream, name, content_type="image/jpeg")], None)
    photo = report.photos[0]
    html = html_of(client.get(detail_url(report), headers=EN))
    img = re.search(r'<a href="(/aspirasi/foto/\d+)" hx-boost="false"><img src="(/aspirasi/foto/\d+/kecil)"[^>]*>', html)
    assert img and 'width="320" height="240"' in img.group() and 'loading="lazy"' in img.group()
    full = client.get(img.group(1))
    thumb = client.get(img.group(2))
    assert full.mimetype == thumb.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(full.data)).size == (1280, 960)
    assert Image.open(io.BytesIO(thumb.data)).size == (320, 240)
    assert img.group(1) == f"/aspirasi/foto/{photo.id}"


def test_the_list_shows_each_reports_first_photo_as_a_thumbnail(client, place):
    g.region = place.region
    stream, name = jpeg((1600, 1200))
    with_photo, _ = flow.submit(report_data(place), None, [FileStorage(stream, name, content_type="image/jpeg")], None)
    flow.submit(report_data(place, title="Laporan tanpa foto"), None, [], None)
    html = html_of(client.get("/aspirasi/", headers=EN))
    thumbs = re.findall(r'<img class="thumb" src="(/aspirasi/foto/\d+/kecil)"[^>]*>', html)
    assert thumbs == [f"/aspirasi/foto/{with_photo.photos[0].id}/kecil"]
    assert re.search(r'<img class="thumb"[^>]*width="320" height="240"[^>]*loading="lazy"', html)
    flow.redact_photo(with_photo.photos[0], place.admin)
    assert 'class="thumb"' not in html_of(client.get("/aspirasi/", headers=EN))


def test_photos_of_a_rahasia_report_are_404_to_strangers(client, place):
    g.region = place.region
    stream, name = jpeg()
    report, _ = flow.submit(report_data(place, privacy="rahasia"), None,
                            [FileStorage(stream, name, content_type="image/jpeg")], None)
    photo_id = report.photos[0].id
    assert client.get(f"/aspirasi/foto/{photo_id}").status_code == 404
    assert client.get(f"/aspirasi/foto/{photo_id}/kecil").status_code == 404


def test_a_photo_hidden_by_a_moderator_is_404_to_the_public(client, place):
    g.region = place.region
    stream, name = jpeg()
    report, _ = flow.submit(report_data(place), None, [FileStorage(stream, name, content_type="image/jpeg")], None)
    photo = report.photos[0]
    assert client.get(f"/aspirasi/foto/{photo.id}").status_code == 200
    flow.redact_photo(photo, place.admin)
    assert client.get(f"/aspirasi/foto/{photo.id}").status_code == 404
    assert f"/aspirasi/foto/{photo.id}" not in html_of(client.get(detail_url(report), headers=EN))


# Support

def support(client, report, headers=EN):
    page = client.get("/aspirasi/lacak", headers=EN)  # a page that always has a form
    return client.post(f"/aspirasi/{report.id}/dukung", data={"csrf_token": csrf_from(page)}, headers=headers)


def test_support_counts_once_per_browser(client, app, place):
    report = file_report(place)
    first = support(client, report)
    assert first.status_code == 303 and first.headers["Location"].endswith(f"/aspirasi/{report.id}#dukung")
    assert "your support is counted" in html_of(client.get(detail_url(report), headers=EN))
    again = support(client, report)
    assert "You already support this report" in html_of(client.get(again.headers["Location"], headers=EN))
    assert fresh(report.id).supporters == 1
    support(app.test_client(), report)  # another browser
    assert fresh(report.id).supporters == 2


def test_support_counts_once_per_account(client, app, login, place):
    report = file_report(place)
    sign_in(client, login, place.citizen)
    support(client, report)
    other_browser = app.test_client()
    page = other_browser.get("/masuk")
    other_browser.post("/masuk", data={"login": place.citizen.email, "password": "rahasia-123",
                                       "csrf_token": csrf_from(page)})
    support(other_browser, report)
    assert fresh(report.id).supporters == 1


def test_support_with_htmx_returns_the_support_box(client, place):
    report = file_report(place)
    response = support(client, report, headers=HTMX)
    html = html_of(response)
    assert response.status_code == 200 and html.lstrip().startswith('<div id="dukung"')
    assert "1 person supports this report" in html and "your support is counted" in html and "<nav" not in html


def test_closed_reports_cannot_be_supported(client, place):
    report = file_report(place, Status.DONE)
    assert "Dukung" not in html_of(client.get(detail_url(report), headers=EN))
    response = support(client, report)
    assert "Only open public reports can be supported" in html_of(client.get(response.headers["Location"], headers=EN))
    assert fresh(report.id).supporters == 0


# Home card

def test_home_card_shows_this_months_numbers_the_latest_done_and_a_report_button(client, place):
    file_report(place)
    file_report(place, Status.DISPOSED)
    file_report(place, Status.DONE, title="Trotoar sudah diperbaiki")
    file_report(place, Status.DONE, privacy="rahasia", title="Rahasia yang selesai")
    html = html_of(client.get("/", headers=EN))
    card = html[html.index('id="card-aspirasi"'):]
    card = card[:card.index("</section>")]
    assert "<strong>4</strong> received" in card and "<strong>1</strong> being handled" in card
    assert "<strong>2</strong> done" in card
    assert "Trotoar sudah diperbaiki" in card and "Rahasia yang selesai" not in card
    assert 'href="/aspirasi/baru"' in card


def test_aspirasi_pages_are_404_where_the_module_is_off(client, place):
    place.region.modules = ["kontak"]
    db.session.commit()
    assert client.get("/aspirasi/", headers=EN).status_code == 404
    assert client.get("/aspirasi/baru", headers=EN).status_code == 404

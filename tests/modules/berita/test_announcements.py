"""Announcements (pengumuman): who may write them, the PDF attachment, start and end times in the region's
time zone, the home strip, expired and unpublished ones, region isolation and double submits."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from flask import g, render_template
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.berita.models import Announcement
from webapp.modules.berita.views_announcements import strip_context

EN = {"Accept-Language": "en"}
LIST = "/staf/berita/pengumuman"
NEW = "/staf/berita/pengumuman/baru"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def desk(app, make_region, make_department, tmp_path, monkeypatch):
    """A region with news on (Asia/Jakarta), an office, an editor of that office and the region admin."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["berita", "kontak"], timezone="Asia/Jakarta")
    office = make_department(region, name="Badan Penanggulangan Bencana Daerah", short_name="BPBD")
    g.region = region
    return {"region": region, "office": office, "uploads": tmp_path,
            "editor": quick_user(region, role=Role.EDITOR, department=office, name="Rina Redaktur"),
            "admin": quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota")}


def now() -> datetime:
    return datetime.now(timezone.utc)


def add(title="Pemadaman listrik bergilir", starts=None, expires=None, published=True, attachment=None,
        **fields) -> Announcement:
    """An announcement straight in the database (times relative to now, never a sleep)."""
    announcement = Announcement(title=title, body=fields.pop("body", "Isi pengumuman."),
                                body_html="<p>Isi pengumuman.</p>", starts_at=starts or now() - timedelta(hours=1),
                                expires_at=expires, published=published, **fields)
    if attachment:
        announcement.attachment, announcement.attachment_name, announcement.attachment_size = attachment
    db.session.add(announcement)
    db.session.commit()
    return announcement


def stored(*where) -> list[Announcement]:
    db.session.expire_all()
    return list(db.session.execute(select(Announcement).where(*where).order_by(Announcement.id)).scalars())


def files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


def hidden_fields(client, url: str) -> dict:
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    fields = {"csrf_token": csrf_from(page)}
    key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data)
    if key:
        fields["idempotency_key"] = key.group(1).decode()
    return fields


def data(**changes) -> dict:
    values = {"title": "Penutupan Jalan Daan Mogot", "body": "Jalan ditutup **sementara**.",
              "starts_at": "", "expires_at": "", "published": "y", "department": ""}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def send(client, url, values, page_url=None, pdf=None, filename="surat edaran.pdf"):
    form = {**hidden_fields(client, page_url or url), **values}
    if pdf is not None:
        form["attachment"] = (io.BytesIO(pdf), filename)
    return client.post(url, data=form, headers=EN, content_type="multipart/form-data")


def text(response) -> str:
    return response.get_data(as_text=True)


def strip_html(app) -> str:
    with app.test_request_context("/", base_url="http://localhost", headers={"Accept-Language": "en"}):
        return render_template("berita/_strip.html", **strip_context()).strip()


# Who may write them

@pytest.mark.parametrize("who, expected", [("anonymous", 302), ("citizen", 403), ("price officer", 403),
                                           ("editor", 200), ("admin", 200)])
def test_announcements_are_written_by_editors_and_the_region_admin(client, desk, who, expected):
    user = {"anonymous": None, "citizen": quick_user(desk["region"]), "editor": desk["editor"],
            "price officer": quick_user(desk["region"], role=Role.PRICE_OFFICER), "admin": desk["admin"]}[who]
    if user:
        sign_in(client, user)
    item = add()
    for url in (LIST, NEW, f"{LIST}/{item.id}"):
        assert client.get(url, headers=EN).status_code == expected


def test_an_editor_of_another_region_cannot_touch_these_announcements(client, desk, make_region):
    other = make_region("bogor", hosts=["bogor.test"], modules=["berita"])
    item = add()
    sign_in(client, quick_user(other, role=Role.EDITOR))  # their account does not count on this host
    assert client.get(LIST, headers=EN).status_code in (302, 403)
    assert client.get(f"{LIST}/{item.id}", headers=EN).status_code in (302, 403)
    assert client.post(f"{LIST}/{item.id}/hapus", headers=EN).status_code in (302, 400, 403)
    assert len(stored()) == 1


# Writing one

def test_editor_publishes_an_announcement_with_a_pdf_that_visitors_can_download(client, desk, app):
    sign_in(client, desk["editor"])
    office = desk["office"].id
    assert f'<option selected value="{office}">' in text(client.get(NEW, headers=EN))  # the editor's own office
    response = send(client, NEW, data(expires_at="2099-12-31T17:00", department=str(office)), pdf=PDF,
                    filename="../Surat Edaran No. 5.pdf")
    assert response.status_code == 302
    [item] = stored()
    assert item.attachment_name == "Surat Edaran No. 5.pdf" and item.attachment_size == len(PDF)
    assert item.department_id == office
    assert "<strong>sementara</strong>" in item.body_html
    assert (desk["uploads"] / item.attachment).read_bytes() == PDF

    public = client.get(f"/berita/pengumuman/{item.id}", headers=EN)
    assert public.status_code == 200
    html = text(public)
    assert "Penutupan Jalan Daan Mogot" in html and "<strong>sementara</strong>" in html
    assert "Badan Penanggulangan Bencana Daerah" in html and "Download the PDF" in html

    pdf = client.get(f"/berita/pengumuman/{item.id}/lampiran.pdf")
    assert pdf.status_code == 200 and pdf.data == PDF
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"] == "attachment; filename=Surat_Edaran_No._5.pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "Penutupan Jalan Daan Mogot" in strip_html(app)


def test_start_and_end_are_typed_in_the_region_time_and_stored_in_utc(client, desk):
    sign_in(client, desk["admin"])
    response = send(client, NEW, data(starts_at="2030-03-01T08:00", expires_at="2030-03-02T08:00"))
    assert response.status_code == 302
    [item] = stored()
    starts = item.starts_at.replace(tzinfo=item.starts_at.tzinfo or timezone.utc)
    assert starts == datetime(2030, 3, 1, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB
    edit = text(client.get(f"{LIST}/{item.id}", headers=EN))
    assert 'value="2030-03-01T08:00"' in edit and 'value="2030-03-02T08:00"' in edit
    assert "Upcoming" in text(client.get(LIST, headers=EN))


def test_a_file_that_is_not_a_pdf_is_refused_and_everything_typed_comes_back(client, desk):
    sign_in(client, desk["editor"])
    response = send(client, NEW, data(body="Teks yang diketik panjang"), pdf=b"MZ\x90\x00 not a pdf",
                    filename="surat.pdf")
    assert response.status_code == 422
    html = text(response)
    assert "This file is not a PDF document." in html
    assert 'value="Penutupan Jalan Daan Mogot"' in html and "Teks yang diketik panjang" in html
    assert stored() == [] and files(desk["uploads"]) == []


def test_an_end_before_the_start_is_refused_with_a_clear_message(client, desk):
    sign_in(client, desk["editor"])
    response = send(client, NEW, data(starts_at="2030-03-02T08:00", expires_at="2030-03-01T08:00"), pdf=PDF)
    assert response.status_code == 422
    html = text(response)
    assert "The end must be after the start." in html and 'value="2030-03-02T08:00"' in html
    assert stored() == [] and files(desk["uploads"]) == []


def test_a_double_tapped_submit_creates_one_announcement(client, desk):
    sign_in(client, desk["editor"])
    form = {**hidden_fields(client, NEW), **data()}
    first = client.post(NEW, data={**form, "attachment": (io.BytesIO(PDF), "a.pdf")}, headers=EN,
                        content_type="multipart/form-data")
    second = client.post(NEW, data={**form, "attachment": (io.BytesIO(PDF), "a.pdf")}, headers=EN,
                         content_type="multipart/form-data")
    assert first.status_code == second.status_code == 302
    assert len(stored()) == 1 and len(files(desk["uploads"])) == 1


def test_a_new_pdf_replaces_the_old_file_and_deleting_removes_it(client, desk):
    sign_in(client, desk["editor"])
    send(client, NEW, data(), pdf=PDF, filename="lama.pdf")
    [item] = stored()
    old = desk["uploads"] / item.attachment
    new_pdf = PDF + b"% revised\n"
    response = send(client, f"{LIST}/{item.id}", data(title="Diperbarui"), pdf=new_pdf, filename="baru.pdf")
    assert response.status_code == 302
    [item] = stored()
    assert item.title == "Diperbarui" and item.attachment_name == "baru.pdf"
    assert not old.exists() and (desk["uploads"] / item.attachment).read_bytes() == new_pdf
    token = hidden_fields(client, f"{LIST}/{item.id}")["csrf_token"]
    assert client.post(f"{LIST}/{item.id}/hapus", data={"csrf_token": token}, headers=EN).status_code == 302
    assert stored() == [] and files(desk["uploads"]) == []


# What visitors see

def test_the_strip_shows_only_current_announcements_newest_first_at_most_three(desk, app):
    add("Lama tapi berlaku", starts=now() - timedelta(days=3))
    add("Vaksinasi gratis", starts=now() - timedelta(hours=2), expires=now() + timedelta(days=1))
    add("Kerja bakti", starts=now() - timedelta(days=1))
    add("Terbaru", starts=now() - timedelta(minutes=5))
    add("Belum mulai", starts=now() + timedelta(hours=1))
    add("Sudah lewat", starts=now() - timedelta(days=5), expires=now() - timedelta(minutes=1))
    add("Draf", published=False)
    assert [a.title for a in strip_context()["announcements"]] == ["Terbaru", "Vaksinasi gratis", "Kerja bakti"]
    html = strip_html(app)
    assert 'aria-labelledby="strip-announcements"' in html and ">Announcements</h2>" in html
    for hidden in ("Lama tapi berlaku", "Belum mulai", "Sudah lewat", "Draf"):
        assert hidden not in html


def test_the_strip_is_left_out_entirely_when_nothing_is_current(desk, app):
    add("Sudah lewat", expires=now() - timedelta(seconds=1))
    add("Belum mulai", starts=now() + timedelta(days=1))
    assert strip_html(app) == ""


def test_an_expired_announcement_stays_readable_but_leaves_the_strip(client, desk, app):
    item = add("Penutupan sementara Pasar Anyar", starts=now() - timedelta(days=3),
               expires=now() - timedelta(hours=1))
    add("Masih berlaku")
    page = client.get(f"/berita/pengumuman/{item.id}", headers=EN)
    assert page.status_code == 200 and "Expired on" in text(page)
    listing = text(client.get("/berita/pengumuman/", headers=EN))
    assert listing.index("Masih berlaku") < listing.index("Recently expired") < listing.index("Penutupan sementara")
    assert "Penutupan sementara" not in strip_html(app)


def test_unpublished_and_upcoming_announcements_and_their_pdfs_are_not_found(client, desk):
    path = "tangerang/pengumuman/abc.pdf"
    (desk["uploads"] / "tangerang" / "pengumuman").mkdir(parents=True)
    (desk["uploads"] / path).write_bytes(PDF)
    draft = add("Draf", published=False, attachment=(path, "draf.pdf", len(PDF)))
    later = add("Nanti", starts=now() + timedelta(hours=2), attachment=(path, "nanti.pdf", len(PDF)))
    for item in (draft, later):
        assert client.get(f"/berita/pengumuman/{item.id}", headers=EN).status_code == 404
        assert client.get(f"/berita/pengumuman/{item.id}/lampiran.pdf").status_code == 404
    without_pdf = add("Tanpa lampiran")
    assert client.get(f"/berita/pengumuman/{without_pdf.id}/lampiran.pdf").status_code == 404
    listing = text(client.get("/berita/pengumuman/", headers=EN))
    assert "Draf" not in listing and "Nanti" not in listing and "Tanpa lampiran" in listing


def test_another_regions_announcement_is_not_found_here(client, desk, make_region):
    other = make_region("bogor", hosts=["bogor.test"], modules=["berita"])
    g.region = other
    theirs = add("Pengumuman Bogor")
    g.region = desk["region"]
    assert client.get(f"/berita/pengumuman/{theirs.id}", headers=EN).status_code == 404
    assert "Pengumuman Bogor" not in text(client.get("/berita/pengumuman/", headers=EN))
    sign_in(client, desk["editor"])
    assert client.get(f"{LIST}/{theirs.id}", headers=EN).status_code == 404
    assert "Pengumuman Bogor" not in text(client.get(LIST, headers=EN))


def test_markup_in_an_announcement_is_inert(client, desk):
    sign_in(client, desk["editor"])
    body = '<script>alert(1)</script> [klik](javascript:alert(2)) <img src=x onerror=alert(3)>'
    assert send(client, NEW, data(body=body)).status_code == 302
    [item] = stored()
    html = text(client.get(f"/berita/pengumuman/{item.id}", headers=EN))
    assert "<script>alert" not in html and 'href="javascript:' not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as the text that was typed


def test_staff_list_says_each_state_in_words(client, desk):
    add("Berlaku")
    add("Belum mulai", starts=now() + timedelta(days=2))
    add("Sudah lewat", expires=now() - timedelta(minutes=1))
    add("Draf", published=False)
    sign_in(client, desk["editor"])
    html = text(client.get(LIST, headers=EN))
    for heading in ("Current", "Upcoming", "Not published", "Expired"):
        assert f'">{heading} <span class="small">(1)</span></h2>' in html
    assert html.index("Berlaku") < html.index("Belum mulai") < html.index("Draf") < html.index("Sudah lewat")
    assert db.session.execute(select(func.count()).select_from(Announcement)).scalar_one() == 4


def test_the_home_page_shows_current_announcements_above_the_cards(client, desk):
    add("Sudah lewat", expires=now() - timedelta(minutes=1))
    assert 'id="strip-announcements"' not in text(client.get("/", headers=EN))
    add("Imunisasi di Puskesmas Cibodas")
    html = text(client.get("/", headers=EN))
    assert 'aria-labelledby="strip-announcements"' in html and "Imunisasi di Puskesmas Cibodas" in html
    assert "Sudah lewat" not in html

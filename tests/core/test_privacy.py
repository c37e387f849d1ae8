"""A citizen's own data (UU 27/2022): downloading all of it, deleting the account, and how long a region keeps
reporters' personal data on closed reports; and the masks staff see instead of full numbers."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_from
from tests.core.test_roles import sign_in
from tests.modules.aspirasi.test_public_views import Place, file_report, place  # noqa: F401  (fixture)
from tests.modules.pencaker.conftest import nik_for
from webapp.core.models import Area, Role, User, utcnow
from webapp.core.privacy import mask_email, mask_nik, mask_phone
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.aspirasi.codes import new_tracking_code
from webapp.modules.aspirasi.models import Report, ReportEvent, Status, Support
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.models import Card, Seeker, SeekerEducation

EN = {"Accept-Language": "en"}


def test_masks_leave_only_what_identifies_nobody():
    assert mask_nik("3671014508990012") == "3671••••••••0012"
    assert mask_phone("+6281234567890") == "0812-••••-••90"
    assert mask_email("siti.r@gmail.com") == "s•••@gmail.com"
    assert mask_nik(None) == mask_phone("") == mask_email(None) == ""


@dataclass
class Owner:
    place: Place
    user: User
    report: Report  # filed by the owner
    supported: Report  # someone else's, supported by the owner
    seeker: Seeker
    files: list[Path]


def stored_file(root: Path, path: str, data: bytes) -> str:
    full = root / path
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_bytes(data)
    return path


@pytest.fixture
def owner(app, place, make_user) -> Owner:
    """Siti: a report she filed, a report she supports, and a job-seeker profile with an approved AK/1 card."""
    place.region.modules = ["aspirasi", "pencaker", "kontak"]
    db.session.commit()
    user = place.citizen
    report = file_report(place, reporter=user, name="Siti Rahmawati", phone="0812-3456-7890",
                         email="siti@example.id")
    supported = file_report(place, title="Lampu jalan mati di gang", name="Budi Santoso", phone="0813-1111-2222")
    db.session.add(Support(report_id=supported.id, supporter=f"u:{user.id}"))
    root = Path(app.config["UPLOAD_DIR"])
    photo = stored_file(root, "tangerang/pencaker/" + "a" * 32 + ".jpg", b"\xff\xd8photo")
    cv = stored_file(root, "tangerang/pencaker/" + "b" * 32 + ".pdf", b"%PDF-1.4 cv")
    born = date(1998, 2, 3)
    seeker = Seeker(user_id=user.id, nik=nik_for(born, "P", serial=777), full_name="Siti Rahmawati",
                    birth_place="Tangerang", birth_date=born, gender="P", marital_status="single",
                    address="Jl. Melati 3", kecamatan_code="36.71.01", phone="+6281234567890", photo=photo,
                    cv=cv)
    seeker.educations.append(SeekerEducation(level="SMK", school="SMKN 2 Tangerang", year=2016))
    db.session.add(seeker)
    db.session.commit()
    card = cards.apply(seeker)
    cards.approve(card, make_user(place.region, role=Role.MANPOWER_OFFICER))
    db.session.commit()
    return Owner(place, user, report, supported, seeker, [root / photo, root / cv])


def open_data_page(client):
    page = client.get("/akun/data", headers=EN)
    assert page.status_code == 200
    return csrf_from(page)


# The data page

def test_the_account_page_leads_to_the_data_page_which_needs_a_sign_in(client, login, place):
    assert client.get("/akun/data").headers["Location"].startswith("/masuk")
    login(place.citizen)
    assert 'href="/akun/data"' in client.get("/akun", headers=EN).get_data(as_text=True)
    page = client.get("/akun/data", headers=EN).get_data(as_text=True)
    assert "Download my data" in page and "Delete my account" in page


def test_the_download_holds_everything_about_the_account_and_nothing_about_anyone_else(client, login, owner):
    login(owner.user)
    response = client.get("/akun/data/unduh", headers=EN)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.data)
    assert data["account"]["name"] == "Siti Rahmawati" and data["account"]["email"] == "siti@example.id"
    (report,) = data["aspirasi"]["reports"]
    assert report["tracking_code"] == owner.report.code and report["your_phone"] == "+6281234567890"
    assert [step["step"] for step in report["history"]] == ["submitted"]
    assert [r["title"] for r in data["aspirasi"]["supported_reports"]] == ["Lampu jalan mati di gang"]
    seeker = data["pencaker"]["job_seeker"]
    assert seeker["nik"] == owner.seeker.nik and seeker["education"][0]["school"] == "SMKN 2 Tangerang"
    assert seeker["ak1_cards"][0]["number"].startswith("AK1/") and seeker["cv"].endswith(f"/pencaker/cv/{owner.seeker.id}")
    assert "Budi Santoso" not in response.get_data(as_text=True) and "0813" not in response.get_data(as_text=True)


# Deleting the account

def test_a_wrong_password_deletes_nothing_and_says_why(client, login, owner):
    login(owner.user)
    response = client.post("/akun/hapus", data={"csrf_token": open_data_page(client), "password": "salah-sandi"},
                           headers=EN)
    assert response.status_code == 422 and "This is not your password." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, owner.user.id) is not None


def test_deleting_the_account_keeps_the_reports_but_nothing_that_leads_to_the_person(app, client, login, owner):
    other_browser = app.test_client()
    sign_in(other_browser, owner.user)
    assert other_browser.get("/akun").status_code == 200
    login(owner.user)
    user_id, report_id, seeker_id = owner.user.id, owner.report.id, owner.seeker.id
    response = client.post("/akun/hapus", data={"csrf_token": open_data_page(client), "password": PASSWORD},
                           headers=EN)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert client.get("/akun").status_code == 302 and other_browser.get("/akun").status_code == 302  # signed out
    report = db.session.get(Report, report_id)
    assert report is not None and report.status == Status.RECEIVED  # the public record stays
    assert (report.reporter_id, report.reporter_name, report.reporter_phone, report.reporter_email) == (None,) * 4
    assert db.session.execute(select(ReportEvent).where(ReportEvent.actor_id == user_id)).first() is None
    public = client.get(f"/aspirasi/{report_id}", headers=EN).get_data(as_text=True)
    assert "Siti" not in public
    (support,) = db.session.execute(select(Support).where(Support.report_id == owner.supported.id)).scalars()
    assert support.supporter != f"u:{user_id}"  # still counted, no longer hers
    assert db.session.get(Seeker, seeker_id) is None
    assert db.session.execute(select(Card).where(Card.seeker_id == seeker_id)).first() is None
    assert not any(path.exists() for path in owner.files)


def test_a_staff_account_cannot_delete_itself(client, login, place):
    login(place.officer)
    page = client.get("/akun/data", headers=EN).get_data(as_text=True)
    assert "cannot delete itself" in page and "Delete my account</button>" not in page
    token = csrf_from(client.get("/akun", headers=EN))
    response = client.post("/akun/hapus", data={"csrf_token": token, "password": PASSWORD}, headers=EN)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, place.officer.id) is not None


# Retention of reporters' personal data

def settings_post(client, data):
    token = csrf_from(client.get("/staf/aspirasi/kategori", headers=EN))
    return client.post("/staf/aspirasi/kategori/pengaturan", data={"csrf_token": token, **data}, headers=EN)


def test_the_region_admin_sets_how_long_reporters_details_are_kept(client, place):
    sign_in(client, place.admin)
    refused = settings_post(client, {"retention_days": "10"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Number must be between 30 and 3650." in html and 'value="10"' in html
    assert settings_post(client, {"retention_days": "90"}).status_code == 302
    db.session.refresh(place.region)
    assert place.region.settings["aspirasi_retention_days"] == 90
    assert 'value="90"' in client.get("/staf/aspirasi/kategori", headers=EN).get_data(as_text=True)
    assert settings_post(client, {"retention_days": ""}).status_code == 302  # empty: kept
    db.session.refresh(place.region)
    assert "aspirasi_retention_days" not in place.region.settings


def closed_ago(report: Report, days: int) -> Report:
    report.closed_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return report


def retention_run(app) -> str:
    result = app.test_cli_runner().invoke(args=["privacy", "apply-retention"])
    assert result.exit_code == 0, result.output
    return result.output


def test_retention_clears_reporters_of_old_closed_reports_in_every_region_once(app, place, make_region):
    old_done = closed_ago(file_report(place, Status.DONE, reporter=place.citizen, phone="0812-3456-7890"), 200)
    old_rejected = closed_ago(file_report(place, Status.REJECTED, name="Dewi"), 200)
    recent_done = closed_ago(file_report(place, Status.DONE, name="Rudi"), 10)
    open_old = file_report(place, Status.IN_PROGRESS, name="Tono")
    open_old.created_at = utcnow() - timedelta(days=400)
    other = make_region("bogor", hosts=["bogor.test"], code="32.71", modules=["aspirasi"],
                        settings={"aspirasi_retention_days": 30})
    with region_context(other):
        kecamatan = Area(code="32.71.01", name="Bogor Selatan", level="kecamatan")
        db.session.add(kecamatan)
        db.session.flush()
        elsewhere = Report(code=new_tracking_code(), kind="pengaduan", category_id=place.roads.id, title="Jalan",
                           description="Rusak", kecamatan_id=kecamatan.id, kelurahan_id=kecamatan.id,
                           status=Status.DONE, reporter_name="Ujang", closed_at=utcnow() - timedelta(days=60))
        db.session.add(elsewhere)
        db.session.commit()
        elsewhere_id = elsewhere.id
    g.region = place.region

    assert "bogor: aspirasi: 1" in retention_run(app)  # Tangerang keeps everything: no setting yet
    place.region.settings = {**place.region.settings, "aspirasi_retention_days": 90}
    db.session.commit()
    assert "tangerang: aspirasi: 2" in retention_run(app)
    db.session.expire_all()
    for report in (old_done, old_rejected):
        row = db.session.get(Report, report.id)
        assert (row.reporter_id, row.reporter_name, row.reporter_phone, row.reporter_email) == (None,) * 4
        assert row.title and row.description  # the report itself stays
    assert db.session.get(Report, recent_done.id).reporter_name == "Rudi"
    assert db.session.get(Report, open_old.id).reporter_name == "Tono"
    assert db.session.execute(select(ReportEvent).where(ReportEvent.report_id == old_done.id,
                                                        ReportEvent.actor_id == place.citizen.id)).first() is None
    with region_context(other):
        assert db.session.get(Report, elsewhere_id).reporter_name is None
    assert "0 row(s) cleared" in retention_run(app)  # a second run finds nothing left to do


def test_retention_drops_registrations_whose_link_expired_unopened_and_nothing_else(app, region, make_user):
    made_long_ago = utcnow() - timedelta(days=9)
    unopened = make_user(region, email="tidak.dibuka@example.id", created_at=made_long_ago)
    waiting = make_user(region, email="masih.menunggu@example.id")  # its link still works
    opened = make_user(region, email="sudah.dibuka@example.id", created_at=made_long_ago)
    unopened.confirmed_at = waiting.confirmed_at = None  # as registering leaves them
    db.session.commit()
    ids = (unopened.id, waiting.id, opened.id)
    assert "tangerang: accounts: 1" in retention_run(app)
    db.session.expire_all()
    assert [db.session.get(User, i) is not None for i in ids] == [False, True, True]

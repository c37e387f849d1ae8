"""The seeker's profile pages: making the profile (from the account's name and contact, once even when tapped
twice), NIK and age refusals that keep everything typed, education/training/experience rows, the photo and
the CV, and who may fetch the files. Also the shared helpers of the seeker's page tests."""
from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.modules.pencaker.conftest import nik_for
from webapp.core.models import Role
from webapp.core.uploads import upload_path
from webapp.extensions import db
from webapp.modules.pencaker.models import (Application, Seeker, SeekerEducation, SeekerExperience,
                                            SeekerTraining)

EN = {"Accept-Language": "en"}
BORN = date(1999, 5, 17)


@pytest.fixture
def person(pencaker_region, make_user, login):
    """A signed-in person with an account and no job-seeker profile yet."""
    user = make_user(pencaker_region, name="Siti Aminah", phone="+6281311112222", email="siti@example.id")
    login(user)
    return user


@pytest.fixture
def seeker_in(make_seeker, login):
    """seeker_in(**fields): a complete profile whose owner is signed in."""

    def make(**fields):
        seeker = make_seeker(**fields)
        login(seeker.user)
        return seeker

    return make


def token(client, url="/pencaker/profil"):
    return csrf_from(client.get(url, headers=EN))


def post(client, url, data=None, page="/pencaker/profil", **kwargs):
    """POST with a fresh CSRF token from `page`, in English."""
    data = {"csrf_token": token(client, page), **(data or {})}
    return client.post(url, data=data, headers=EN, **kwargs)


def jpeg(size=(600, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 150, 100)).save(out, "JPEG")
    return out.getvalue()


def stored(path: str, data: bytes) -> str:
    """Put a file in the upload folder (what an earlier upload left there)."""
    full = upload_path(path)
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_bytes(data)
    return path


def identity(**changes) -> dict:
    data = {"nik": nik_for(BORN, "P"), "full_name": "Siti Aminah", "birth_place": "Tangerang",
            "birth_date": BORN.isoformat(), "gender": "P", "religion": "", "marital_status": "single",
            "address": "Jl. Daan Mogot 12 RT 01/02", "kecamatan_code": "36.71.01", "kelurahan_code": "36.71.01.1001",
            "phone": "0813-1111-2222", "email": "siti@example.id", "skills": "Menjahit", "jobs_wanted": "Penjahit",
            "places_wanted": "Tangerang", "expected_pay": "", "disability": "", "idempotency_key": "k" * 20}
    data.update(changes)
    return data


def seekers() -> int:
    return db.session.execute(select(func.count(Seeker.id))).scalar()


# Making and editing the profile ---------------------------------------------------------------------------

def test_the_new_profile_form_starts_from_the_account(client, person):
    page = client.get("/pencaker/profil", headers=EN).get_data(as_text=True)
    assert 'value="Siti Aminah"' in page and 'value="0813-1111-2222"' in page and 'value="siti@example.id"' in page
    assert "Make my profile" in page


def test_making_the_profile_links_it_to_the_account(client, person):
    response = post(client, "/pencaker/profil", identity(nik="3671 0157 0599 0042"))
    assert response.status_code == 303
    seeker = db.session.execute(select(Seeker)).scalar_one()
    assert (seeker.user_id, seeker.registered_via, seeker.nik) == (person.id, "online", "3671015705990042")
    assert seeker.phone == "+6281311112222" and seeker.kelurahan_code == "36.71.01.1001"
    page = client.get("/pencaker/profil", headers=EN).get_data(as_text=True)
    assert "Your profile is saved." in page and "Add education" in page


def test_a_double_tap_makes_one_profile(client, person):
    data = identity()
    assert post(client, "/pencaker/profil", data).status_code == 303
    assert post(client, "/pencaker/profil", data).status_code == 303
    assert seekers() == 1


def test_a_bad_nik_comes_back_with_everything_typed_and_the_reason_beside_it(client, person):
    response = post(client, "/pencaker/profil", identity(nik="9999995705990042", address="Gang Mawar 7"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and seekers() == 0
    assert 'id="nik-error"' in page and "999999 is not a kecamatan" in page
    assert 'value="9999995705990042"' in page and 'value="Gang Mawar 7"' in page and "Menjahit" in page


def test_a_nik_that_disagrees_with_the_gender_is_refused(client, person):
    response = post(client, "/pencaker/profil", identity(gender="L"))
    assert response.status_code == 422 and "NIK is for a woman" in response.get_data(as_text=True)


def test_a_nik_registered_in_the_region_is_refused(client, person, make_seeker):
    make_seeker(nik=nik_for(BORN, "P", serial=77), birth_date=BORN, gender="P")
    response = post(client, "/pencaker/profil", identity(nik=nik_for(BORN, "P", serial=77)))
    assert response.status_code == 422 and seekers() == 1
    assert "already registered as a job seeker in this region" in response.get_data(as_text=True)


def test_the_same_nik_may_be_registered_in_another_region(client, app, make_region, make_user, login, in_region):
    other = make_region("serang", hosts=["serang.test"], code="36.73", modules=["pencaker"])
    in_region(other)
    db.session.add(Seeker(region_id=other.id, nik=nik_for(BORN, "P", serial=78), full_name="Siti", birth_place="Serang",
                          birth_date=BORN, gender="P", marital_status="single", address="Serang"))
    db.session.commit()
    region = make_region("tangerang", hosts=["localhost"], code="36.71", modules=["pencaker"])
    in_region(region)
    from webapp.core.models import Area
    db.session.add(Area(region_id=region.id, code="36.71.01", name="Tangerang", level="kecamatan"))
    db.session.commit()
    login(make_user(region))
    response = post(client, "/pencaker/profil", identity(nik=nik_for(BORN, "P", serial=78), kelurahan_code=""))
    assert response.status_code == 303
    count = db.session.execute(select(func.count(Seeker.id)).execution_options(all_regions=True)).scalar()
    assert count == 2


def test_someone_under_18_is_refused(client, person):
    born = date(date.today().year - 17, 1, 1)
    response = post(client, "/pencaker/profil", identity(nik=nik_for(born, "P"), birth_date=born.isoformat()))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="birth_date-error"' in page and "at least 18 years old" in page


def test_the_region_may_raise_the_minimum_age(client, person, pencaker_region):
    born = date(date.today().year - 20, 1, 2)
    data = identity(nik=nik_for(born, "P"), birth_date=born.isoformat())
    pencaker_region.settings = {**(pencaker_region.settings or {}), "pencaker_min_age": 21}
    db.session.commit()
    response = post(client, "/pencaker/profil", data)
    assert response.status_code == 422 and "at least 21 years old" in response.get_data(as_text=True)
    pencaker_region.settings = {**pencaker_region.settings, "pencaker_min_age": 18}
    db.session.commit()
    assert post(client, "/pencaker/profil", data).status_code == 303


def test_editing_keeps_one_profile_and_warns_about_the_printed_card(client, seeker_in, disnaker):
    from tests.modules.pencaker.test_cards import approved
    seeker = seeker_in()
    approved(seeker, disnaker)
    data = identity(nik=seeker.nik, gender="L", full_name="Budi Santoso Putra", email="budi@example.id")
    response = post(client, "/pencaker/profil", data, follow_redirects=True)
    assert "changes only after Disnaker approves a correction" in response.get_data(as_text=True)
    db.session.refresh(seeker)
    assert seeker.full_name == "Budi Santoso Putra" and seekers() == 1
    assert seeker.cards[0].snapshot["full_name"] == "Budi Santoso"


def test_the_profile_pages_need_a_sign_in(client, pencaker_region):
    for url in ("/pencaker/profil", "/pencaker/kartu", "/pencaker/lamaran"):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk" in response.headers["Location"]


# Education, training and experience rows ------------------------------------------------------------------

def test_adding_rows_of_each_kind(client, seeker_in):
    seeker = seeker_in()
    assert post(client, "/pencaker/profil/education", {"level": "S1", "major": "Akuntansi", "school": "UNIS",
                                                       "year": "2021", "idempotency_key": "e" * 20}).status_code == 303
    assert post(client, "/pencaker/profil/training", {"name": "Operator Forklift", "organizer": "BLK Tangerang",
                                                      "year": "2022", "idempotency_key": "t" * 20}).status_code == 303
    assert post(client, "/pencaker/profil/experience", {"employer": "Toko Sinar", "position": "Kasir",
                                                        "start_year": "2019", "idempotency_key": "x" * 20}).status_code == 303
    db.session.refresh(seeker)
    assert {e.level for e in seeker.educations} == {"SMK", "S1"}
    assert seeker.trainings[0].name == "Operator Forklift" and seeker.experiences[0].end_year is None
    page = client.get("/pencaker/profil", headers=EN).get_data(as_text=True)
    assert "Operator Forklift" in page and "Kasir" in page and "Bachelor (S1)" in page


def test_a_row_tapped_twice_is_added_once(client, seeker_in):
    seeker_in()
    row = {"name": "Barista", "year": "2023", "idempotency_key": "r" * 20}
    post(client, "/pencaker/profil/training", row)
    post(client, "/pencaker/profil/training", row)
    assert db.session.execute(select(func.count(SeekerTraining.id))).scalar() == 1


def test_a_bad_row_comes_back_with_what_was_typed(client, seeker_in):
    seeker_in()
    response = post(client, "/pencaker/profil/experience", {"employer": "Toko Sinar", "position": "Kasir",
                                                            "start_year": "2020", "end_year": "2018"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "end year cannot be before the start year" in page
    assert 'value="Toko Sinar"' in page
    assert db.session.execute(select(func.count(SeekerExperience.id))).scalar() == 0


def test_an_unknown_row_kind_is_404(client, seeker_in):
    seeker_in()
    assert post(client, "/pencaker/profil/hobi", {"name": "x"}).status_code == 404
    assert post(client, "/pencaker/profil/hobi/1/hapus").status_code == 404


def test_one_removes_only_ones_own_rows(client, seeker_in, make_seeker):
    other = make_seeker()
    mine = seeker_in()
    theirs, own = other.educations[0].id, mine.educations[0].id
    assert post(client, f"/pencaker/profil/education/{theirs}/hapus").status_code == 404
    assert post(client, f"/pencaker/profil/education/{own}/hapus").status_code == 303
    remaining = db.session.execute(select(SeekerEducation.id)).scalars().all()
    assert remaining == [theirs]


def test_rows_before_a_profile_lead_to_making_it(client, person):
    response = post(client, "/pencaker/profil/education", {"level": "SMA", "school": "SMA 1", "year": "2015"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/pencaker/profil")


# Photo and CV ----------------------------------------------------------------------------------------------

def test_a_photo_is_reencoded_to_3x4_and_replaces_the_old_one(client, seeker_in):
    seeker = seeker_in(photo=None)
    post(client, "/pencaker/profil/foto", {"photo": (io.BytesIO(jpeg((1000, 1000))), "me.jpg")},
         content_type="multipart/form-data")
    db.session.refresh(seeker)
    first = seeker.photo
    assert Image.open(upload_path(first)).size == (300, 400)
    post(client, "/pencaker/profil/foto", {"photo": (io.BytesIO(jpeg()), "me2.jpg")},
         content_type="multipart/form-data")
    db.session.refresh(seeker)
    assert seeker.photo != first and not upload_path(first).exists()


def test_the_photo_on_an_approved_card_stays_when_replaced(client, seeker_in, disnaker):
    from tests.modules.pencaker.test_cards import approved
    seeker = seeker_in(photo=stored("tangerang/pencaker/old.jpg", jpeg()))
    approved(seeker, disnaker)
    post(client, "/pencaker/profil/foto", {"photo": (io.BytesIO(jpeg()), "me.jpg")}, content_type="multipart/form-data")
    assert upload_path("tangerang/pencaker/old.jpg").exists()


def test_a_file_that_is_not_a_picture_is_refused_with_a_message(client, seeker_in):
    seeker = seeker_in()
    response = post(client, "/pencaker/profil/foto", {"photo": (io.BytesIO(b"%PDF-1.4 not a photo"), "me.jpg")},
                    content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="photo-error"' in page and "not a picture" in page
    db.session.refresh(seeker)
    assert seeker.photo == "tangerang/pencaker/x.jpg"


def test_a_cv_must_be_a_pdf(client, seeker_in):
    seeker = seeker_in()
    response = post(client, "/pencaker/profil/cv", {"cv": (io.BytesIO(jpeg()), "cv.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 422 and "not a PDF" in response.get_data(as_text=True)
    assert post(client, "/pencaker/profil/cv", {"cv": (io.BytesIO(b"%PDF-1.4\n..."), "cv.pdf")},
                content_type="multipart/form-data").status_code == 303
    db.session.refresh(seeker)
    assert seeker.cv.endswith(".pdf") and upload_path(seeker.cv).read_bytes().startswith(b"%PDF-")


def test_a_cv_over_the_size_limit_is_refused(client, seeker_in, app, monkeypatch):
    seeker_in()
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 1024 * 1024)
    response = post(client, "/pencaker/profil/cv", {"cv": (io.BytesIO(b"%PDF-" + b"0" * (1024 * 1024)), "cv.pdf")},
                    content_type="multipart/form-data")
    assert response.status_code == 422 and "too large" in response.get_data(as_text=True)


@pytest.fixture
def files(make_seeker):
    """A seeker with a stored photo and CV."""
    return make_seeker(photo=stored("tangerang/pencaker/p1.jpg", jpeg()),
                       cv=stored("tangerang/pencaker/c1.pdf", b"%PDF-1.4 cv"))


def test_the_owner_gets_the_photo_and_cv_privately(client, files, login):
    login(files.user)
    photo = client.get(f"/pencaker/foto/{files.id}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert photo.headers["Cache-Control"].startswith("private")
    cv = client.get(f"/pencaker/cv/{files.id}")
    assert cv.status_code == 200 and cv.data.startswith(b"%PDF-") and "private" in cv.headers["Cache-Control"]
    assert cv.headers["Content-Disposition"].startswith("attachment")


def test_disnaker_gets_the_files(client, files, disnaker, login, pencaker_region, make_user):
    login(disnaker)
    assert client.get(f"/pencaker/foto/{files.id}").status_code == 200
    login(make_user(pencaker_region, role=Role.REGION_ADMIN))
    assert client.get(f"/pencaker/cv/{files.id}").status_code == 200


def test_an_employer_gets_the_files_only_after_the_seeker_applied(client, files, make_vacancy, make_employer, login,
                                                                  make_user, pencaker_region):
    owner = make_user(pencaker_region)
    vacancy = make_vacancy(employer=make_employer(owner=owner))
    login(owner)
    assert client.get(f"/pencaker/cv/{files.id}").status_code == 404
    db.session.add(Application(vacancy_id=vacancy.id, seeker_id=files.id))
    db.session.commit()
    assert client.get(f"/pencaker/cv/{files.id}").status_code == 200
    assert client.get(f"/pencaker/foto/{files.id}").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "another seeker", "another officer"])
def test_nobody_else_gets_the_files(client, files, who, make_seeker, login, pencaker_region, make_user):
    if who == "another seeker":
        login(make_seeker().user)
    elif who == "another officer":
        login(make_user(pencaker_region, role=Role.EDITOR))
    assert client.get(f"/pencaker/foto/{files.id}").status_code == 404
    assert client.get(f"/pencaker/cv/{files.id}").status_code == 404

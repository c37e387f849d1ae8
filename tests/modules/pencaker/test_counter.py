"""Counter mode: an officer registers a walk-in citizen with their consent and prints the AK/1 card at once.
A double submit registers one person; a NIK already registered, a missing consent or photo, or a bad NIK
come back as 422 with everything typed (except the file, which browsers never keep)."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.pencaker.models import Card, CardStatus, Seeker

from .conftest import nik_for
from .test_staff_queues import EN, new_seeker, text  # noqa: F401  (fixture)

BIRTH = date(2000, 3, 10)


@pytest.fixture
def counter(app, client, disnaker, tmp_path, monkeypatch):
    """The officer at the counter, with uploads going to a temporary folder."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    sign_in(client, disnaker)
    return disnaker


def jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), "#3366aa").save(out, "JPEG")
    out.seek(0)
    return out


def hidden_fields(client) -> dict:
    page = client.get("/staf/pencaker/loket", headers=EN)
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    return {"csrf_token": token.group(1), "idempotency_key": key.group(1)}


def walk_in(**changes) -> dict:
    data = {"nik": nik_for(BIRTH, "P", serial=4321), "full_name": "Dewi Lestari", "birth_place": "Tangerang",
            "birth_date": BIRTH.isoformat(), "gender": "P", "religion": "", "marital_status": "single",
            "address": "Jl. Kisamaun 12 RT 02/RW 03", "kecamatan_code": "36.71.01", "kelurahan_code": "36.71.01.1001",
            "phone": "0812-1111-2222", "email": "", "level": "SMA", "major": "IPA", "school": "SMAN 2 Tangerang",
            "year": "2018", "consent": "y", "photo": (jpeg(), "dewi.jpg")}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, data: dict, hidden: dict | None = None):
    return client.post("/staf/pencaker/loket", data={**(hidden or hidden_fields(client)), **data}, headers=EN,
                       content_type="multipart/form-data")


def seekers() -> list[Seeker]:
    db.session.expire_all()
    return list(db.session.execute(select(Seeker).order_by(Seeker.id)).scalars())


def test_the_counter_form_asks_for_consent_and_a_photo(client, counter):
    page = text(client.get("/staf/pencaker/loket", headers=EN))
    assert 'enctype="multipart/form-data"' in page and 'name="consent"' in page and 'type="file"' in page
    assert "The citizen agrees" in page and 'name="level"' in page


def test_a_walk_in_citizen_is_registered_and_their_card_issued_at_once(client, counter, tmp_path):
    response = submit(client, walk_in())
    [seeker] = seekers()
    [card] = seeker.cards
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/pencaker/kartu/{card.id}/cetak")
    assert seeker.user_id is None and seeker.registered_via == "counter" and seeker.registered_by_id == counter.id
    assert seeker.consent_at is not None and seeker.phone == "+6281211112222"
    assert [(e.level, e.school, e.year) for e in seeker.educations] == [("SMA", "SMAN 2 Tangerang", 2018)]
    assert seeker.photo and (tmp_path / seeker.photo).is_file()
    assert card.status == CardStatus.ACTIVE and card.number.startswith("AK1/3671/") and card.decided_by_id == counter.id
    assert card.snapshot["full_name"] == "Dewi Lestari"
    printed = client.get(response.headers["Location"], headers=EN)
    assert printed.status_code == 200 and card.number in printed.get_data(as_text=True)


def test_a_double_submitted_registration_creates_one_seeker_and_one_card(client, counter, tmp_path):
    hidden = hidden_fields(client)
    first = submit(client, walk_in(), hidden)
    second = submit(client, walk_in(), hidden)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(seekers()) == 1
    assert db.session.execute(select(func.count(Card.id))).scalar_one() == 1
    assert len([p for p in tmp_path.rglob("*.jpg")]) == 1  # the repeat's photo was not kept


def test_without_the_citizens_consent_nothing_is_saved_and_nothing_typed_is_lost(client, counter):
    response = submit(client, walk_in(consent=None))
    page = text(response)
    assert response.status_code == 422 and "The citizen's consent is needed." in page
    assert 'value="Dewi Lestari"' in page and 'value="Jl. Kisamaun 12 RT 02/RW 03"' in page
    assert "Choose the photo again" in page  # a browser never refills a file input
    assert seekers() == []


def test_a_nik_already_registered_links_to_that_job_seeker(client, counter, new_seeker):
    existing = new_seeker(full_name="Dewi Terdaftar", nik=nik_for(BIRTH, "P", serial=4321), birth_date=BIRTH,
                          gender="P")
    response = submit(client, walk_in(nik=" ".join([existing.nik[:4], existing.nik[4:8], existing.nik[8:]])))
    page = text(response)
    assert response.status_code == 422 and "already registered" in page
    assert f'href="/staf/pencaker/pencari-kerja/{existing.id}"' in page and "Dewi Terdaftar" in page
    assert len(seekers()) == 1


def test_a_photo_is_needed_and_must_be_a_picture(client, counter):
    missing = submit(client, walk_in(photo=None))
    assert missing.status_code == 422 and "Take or choose the citizen" in text(missing)
    not_a_picture = submit(client, walk_in(photo=(io.BytesIO(b"%PDF-1.4 not an image"), "ktp.pdf")))
    assert not_a_picture.status_code == 422 and 'value="Dewi Lestari"' in text(not_a_picture)
    assert seekers() == []


def test_a_nik_that_does_not_match_the_date_of_birth_is_refused(client, counter):
    response = submit(client, walk_in(birth_date="2000-03-11"))
    page = text(response)
    assert response.status_code == 422 and "does not match the date of birth" in page
    assert 'value="2000-03-11"' in page and seekers() == []


def test_a_citizen_younger_than_the_minimum_age_is_refused(client, counter):
    young = date(date.today().year - 16, 1, 15)
    response = submit(client, walk_in(birth_date=young.isoformat(), nik=nik_for(young, "P", serial=77)))
    assert response.status_code == 422 and "at least 18 years old" in text(response)
    assert seekers() == []


def test_only_disnaker_uses_the_counter(app, client, pencaker_region, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    sign_in(client, quick_user(pencaker_region, role=Role.PRICE_OFFICER))
    response = client.post("/staf/pencaker/loket", data=walk_in(), headers=EN, content_type="multipart/form-data")
    assert response.status_code == 403 and seekers() == []

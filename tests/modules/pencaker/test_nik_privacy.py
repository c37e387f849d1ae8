"""A job seeker's NIK and contact on Disnaker's pages: masked, shown in full to a manpower officer only when
asked, and every full view (the reveal button, an officer opening someone's printable card) in the audit log."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_roles import sign_in
from webapp.core.audit import AuditLog
from webapp.core.models import Role
from webapp.core.privacy import mask_email, mask_nik, mask_phone
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.models import Seeker

from .conftest import nik_for

EN = {"Accept-Language": "en"}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def audit_rows() -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.execute(select(AuditLog).order_by(AuditLog.id)).scalars())


def seeker_url(seeker) -> str:
    return f"/staf/pencaker/pencari-kerja/{seeker.id}"


def reveal(client, seeker, **data):
    token = csrf_from(client.get(seeker_url(seeker), headers=EN))
    return client.post(f"{seeker_url(seeker)}/nik", data={"csrf_token": token, **data}, headers=EN)


@pytest.fixture
def admin(pencaker_region, make_user):
    return make_user(pencaker_region, role=Role.REGION_ADMIN, name="Admin Kota")


def test_disnaker_pages_show_the_nik_masked_and_record_nothing(client, disnaker, make_seeker):
    seeker = make_seeker(full_name="Rudi Hartono")
    cards.apply(seeker)
    db.session.commit()
    sign_in(client, disnaker)
    for url in (seeker_url(seeker), "/staf/pencaker/pencari-kerja", "/staf/pencaker/ak1",
                f"/staf/pencaker/ak1/{seeker.cards[0].id}"):
        page = text(client.get(url, headers=EN))
        assert "Rudi Hartono" in page and mask_nik(seeker.nik) in page and seeker.nik not in page, url
    assert "Show the full NIK" in text(client.get(seeker_url(seeker), headers=EN))
    assert audit_rows() == []


def test_an_officer_asks_for_the_full_nik_and_the_view_is_recorded(client, disnaker, make_seeker):
    seeker = make_seeker()
    sign_in(client, disnaker)
    response = reveal(client, seeker)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    assert seeker.nik in body and f'href="{seeker_url(seeker)}"' in body  # and the way back
    (row,) = audit_rows()
    assert (row.user_id, row.action, row.object_type, row.object_id) == (
        disnaker.id, "nik.viewed", "pencaker.seeker", seeker.id)
    assert row.detail["page"] == "seeker"


def test_asked_on_an_application_the_nik_page_leads_back_to_the_application(client, disnaker, make_seeker):
    seeker = make_seeker()
    card = cards.apply(seeker)
    db.session.commit()
    sign_in(client, disnaker)
    response = reveal(client, seeker, kartu=str(card.id))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and seeker.nik in html
    assert f'href="/staf/pencaker/ak1/{card.id}"' in html
    (row,) = audit_rows()
    assert row.detail["page"] == "card" and row.detail["card_id"] == card.id


def test_a_region_admin_sees_masks_only_and_cannot_reveal(client, admin, make_seeker):
    seeker = make_seeker(phone="+6281234567890", email="budi@example.id")
    sign_in(client, admin)
    page = text(client.get(seeker_url(seeker), headers=EN))
    assert mask_nik(seeker.nik) in page and seeker.nik not in page and "Show the full NIK" not in page
    assert mask_phone(seeker.phone) in page and mask_email(seeker.email) in page
    assert "+6281234567890" not in page and "budi@example.id" not in page
    assert reveal(client, seeker).status_code == 403
    assert audit_rows() == []


def test_a_manpower_officer_sees_the_seekers_phone_and_email_to_call_them_in(client, disnaker, make_seeker):
    seeker = make_seeker(phone="+6281234567890", email="budi@example.id")
    sign_in(client, disnaker)
    page = text(client.get(seeker_url(seeker), headers=EN))
    assert 'href="tel:+6281234567890"' in page and "budi@example.id" in page


def test_an_officer_opening_someones_printable_card_is_recorded_the_holder_is_not(client, disnaker, make_seeker):
    seeker = make_seeker()
    card = cards.apply(seeker)
    cards.approve(card, disnaker)
    db.session.commit()
    sign_in(client, seeker.user)
    assert client.get(f"/pencaker/kartu/{card.id}/cetak", headers=EN).status_code == 200
    assert audit_rows() == []
    sign_in(client, disnaker)
    assert seeker.nik in client.get(f"/pencaker/kartu/{card.id}/cetak", headers=EN).get_data(as_text=True)
    (row,) = audit_rows()
    assert (row.user_id, row.object_id, row.detail["page"], row.detail["card_id"]) == (
        disnaker.id, seeker.id, "card_print", card.id)


def test_another_regions_seeker_cannot_be_revealed(client, disnaker, make_seeker, make_region):
    other = make_region("bogor", hosts=["bogor.test"], code="32.71", modules=["pencaker"])
    stranger = Seeker(region_id=other.id, nik=nik_for(date(1990, 1, 1), serial=9), full_name="Orang Bogor",
                      birth_place="Bogor", birth_date=date(1990, 1, 1), gender="L", marital_status="single",
                      address="Jl. Pajajaran 1")
    db.session.add(stranger)
    db.session.commit()
    sign_in(client, disnaker)
    token = csrf_from(client.get(seeker_url(make_seeker()), headers=EN))
    response = client.post(f"{seeker_url(stranger)}/nik", data={"csrf_token": token}, headers=EN)
    assert response.status_code == 404 and audit_rows() == []

"""Disnaker's job seeker pages: finding a seeker by NIK or name, their cards, applications and placements,
and recording a placement (which ends their valid card), once per submission."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.core.test_roles import sign_in
from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker import applications, cards
from webapp.modules.pencaker.models import CardStatus, Placement

from .conftest import nik_for
from .test_staff_queues import (EN, fresh, new_employer, new_seeker, new_vacancy, officer,  # noqa: F401  (fixtures)
                                text, token)


def placements() -> list[Placement]:
    db.session.expire_all()
    return list(db.session.execute(select(Placement)).scalars())


def active_card(seeker, officer):
    card = cards.apply(seeker)
    cards.approve(card, officer)
    db.session.commit()
    return card


def test_a_seeker_is_found_by_the_whole_nik_written_any_way(client, officer, new_seeker):
    seeker = new_seeker(full_name="Rudi Hartono")
    new_seeker(full_name="Orang Lain")
    spaced = f"{seeker.nik[:4]} {seeker.nik[4:8]}.{seeker.nik[8:12]}-{seeker.nik[12:]}"
    page = text(client.get("/staf/pencaker/pencari-kerja", query_string={"q": spaced}, headers=EN))
    assert "Rudi Hartono" in page and "Orang Lain" not in page
    partial = text(client.get("/staf/pencaker/pencari-kerja", query_string={"q": seeker.nik[:10]}, headers=EN))
    assert "Rudi Hartono" not in partial and "An NIK has 16 digits; this search has 10." in partial


def test_a_seeker_is_found_by_part_of_the_name_and_wildcards_are_plain_letters(client, officer, new_seeker):
    new_seeker(full_name="Siti Nurhaliza")
    new_seeker(full_name="Ahmad 100% Jaya")
    new_seeker(full_name="Budi_Santoso")
    new_seeker(full_name="Rini Sulastri")  # "i S": what "i_S" would match if _ were a wildcard
    assert "Siti Nurhaliza" in text(client.get("/staf/pencaker/pencari-kerja?q=nurHAL", headers=EN))
    percent = text(client.get("/staf/pencaker/pencari-kerja", query_string={"q": "%"}, headers=EN))
    assert "Ahmad 100% Jaya" in percent and "Siti Nurhaliza" not in percent
    underscore = text(client.get("/staf/pencaker/pencari-kerja", query_string={"q": "i_S"}, headers=EN))
    assert "Budi_Santoso" in underscore and "Rini Sulastri" not in underscore
    assert "No job seeker matches" in text(client.get("/staf/pencaker/pencari-kerja?q=Zzz", headers=EN))


def test_the_seeker_list_is_paged(client, officer, new_seeker, pencaker_region):
    for n in range(31):
        new_seeker(full_name=f"Pencari {n:02d}", with_account=False, nik=nik_for(date(1995, 1, 1), serial=100 + n))
    first = text(client.get("/staf/pencaker/pencari-kerja?q=Pencari", headers=EN))
    assert "Pencari 00" in first and "Pencari 29" in first and "Pencari 30" not in first
    assert 'href="/staf/pencaker/pencari-kerja?halaman=2&amp;q=Pencari"' in first
    second = text(client.get("/staf/pencaker/pencari-kerja?q=Pencari&halaman=2", headers=EN))
    assert "Pencari 30" in second and "Pencari 00" not in second


def test_the_seeker_page_shows_cards_applications_and_placements(client, officer, new_seeker, new_vacancy):
    seeker = new_seeker(full_name="Wati Susilawati")
    card = active_card(seeker, officer)
    vacancy = new_vacancy(title="Penjahit")
    applications.apply(seeker, vacancy)
    db.session.add(Placement(seeker_id=seeker.id, employer_name="CV Lama", started_on=date(2023, 2, 1), source="self"))
    db.session.commit()
    page = text(client.get(f"/staf/pencaker/pencari-kerja/{seeker.id}", headers=EN))
    assert card.number in page and f'href="/pencaker/kartu/{card.id}/cetak"' in page
    assert "Penjahit" in page and "PT Maju Jaya" in page and "CV Lama" in page and "reported by the seeker" in page


def test_recording_a_placement_ends_the_valid_card_once(client, officer, new_seeker):
    seeker = new_seeker()
    card = active_card(seeker, officer)
    page = client.get(f"/staf/pencaker/pencari-kerja/{seeker.id}", headers=EN)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {"csrf_token": token(client), "idempotency_key": key, "employer_name": "PT Sinar Abadi",
            "started_on": region_today().isoformat()}
    url = f"/staf/pencaker/pencari-kerja/{seeker.id}/penempatan"
    assert client.post(url, data=data, headers=EN).status_code == 303
    assert client.post(url, data=data, headers=EN).status_code == 303
    [placement] = placements()
    assert (placement.employer_name, placement.source, placement.card_id) == ("PT Sinar Abadi", "officer", card.id)
    card = fresh(card)
    assert card.status == CardStatus.INACTIVE and card.deactivated_reason == "placed"


def test_a_placement_needs_an_employer_and_a_plausible_date(client, officer, new_seeker):
    seeker = new_seeker()
    url = f"/staf/pencaker/pencari-kerja/{seeker.id}/penempatan"
    later = (region_today() + timedelta(days=200)).isoformat()
    no_name = client.post(url, data={"csrf_token": token(client), "employer_name": " ", "started_on": later},
                          headers=EN)
    assert no_name.status_code == 422 and f'value="{later}"' in text(no_name)
    too_late = client.post(url, data={"csrf_token": token(client), "employer_name": "PT Nanti", "started_on": later},
                           headers=EN)
    assert too_late.status_code == 422 and "too far ahead" in text(too_late) and 'value="PT Nanti"' in text(too_late)
    assert placements() == []

"""The card page through HTTP: applying (once, however often tapped), the state in words, a correction asked
and sent again, the report grid with its one-tap report, renewal near expiry, a correction request, and
"I got a job". Refusals come back as 409/422 with the reason and nothing typed lost."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from webapp.core.clock import region_today
from webapp.extensions import db
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.models import Card, CardKind, CardReport, CardStatus, Placement

from .test_cards import approved
from . import test_seeker_profile as profile_tests
from .test_seeker_profile import EN, post

person, seeker_in = profile_tests.person, profile_tests.seeker_in  # fixtures


def page(client) -> str:
    return client.get("/pencaker/kartu", headers=EN).get_data(as_text=True)


def apply(client, kind="new", key="a" * 20, **data):
    return post(client, "/pencaker/kartu/ajukan", {"kind": kind, "idempotency_key": key, **data})


def count(model) -> int:
    return db.session.execute(select(func.count(model.id))).scalar()


def test_without_a_profile_the_card_page_leads_to_making_one(client, person):
    text = page(client)
    assert "First make your job-seeker profile" in text and "/pencaker/profil" in text


def test_an_incomplete_profile_lists_what_is_missing_and_applying_is_refused(client, seeker_in):
    seeker_in(photo=None)
    text = page(client)
    assert "Your profile still needs: a 3×4 photo." in text and "Apply for the AK/1 card" not in text
    response = apply(client)
    assert response.status_code == 422 and "a 3×4 photo" in response.get_data(as_text=True)
    assert count(Card) == 0


def test_applying_once_even_when_tapped_twice(client, seeker_in):
    seeker_in()
    assert "Apply for the AK/1 card" in page(client)
    assert apply(client).status_code == 303
    assert apply(client).status_code == 303  # the same form sent again
    assert count(Card) == 1
    text = page(client)
    assert "Waiting for Disnaker to check your application" in text and "Application sent" in text
    response = apply(client, key="b" * 20)  # another form: refused while one is waiting
    assert response.status_code == 409 and "already have an application waiting" in response.get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused(client, seeker_in):
    seeker_in()
    response = client.post("/pencaker/kartu/ajukan", data={"kind": "new"}, headers=EN)
    assert response.status_code == 400 and count(Card) == 0


def test_an_unknown_kind_is_a_bad_request(client, seeker_in):
    seeker_in()
    assert apply(client, kind="gold").status_code == 400


def test_a_correction_asked_is_shown_with_the_reason_and_sent_again(client, seeker_in, disnaker):
    seeker = seeker_in()
    card = cards.apply(seeker)
    cards.request_correction(card, "Foto terlalu gelap.", disnaker)
    db.session.commit()
    text = page(client)
    assert "Disnaker asks for a correction: Foto terlalu gelap." in text and "Send again" in text
    assert apply(client, kind="resubmit", note="Foto baru").status_code == 303
    db.session.refresh(card)
    assert card.status == CardStatus.SUBMITTED and card.events[-1].note == "Foto baru"
    response = apply(client, kind="resubmit", key="c" * 20)
    assert response.status_code == 409


def test_a_rejection_shows_the_reason_and_a_new_application_is_possible(client, seeker_in, disnaker):
    seeker = seeker_in()
    card = cards.apply(seeker)
    cards.reject(card, "Data tidak sesuai KTP.", disnaker)
    db.session.commit()
    text = page(client)
    assert "Rejected: Data tidak sesuai KTP." in text and "Apply for the AK/1 card" in text


def test_an_approved_card_shows_number_validity_and_print_links(client, seeker_in, disnaker):
    card = approved(seeker_in(), disnaker)
    text = page(client)
    assert card.number in text and "Valid until" in text
    assert f"/pencaker/kartu/{card.id}/cetak" in text and f"/pencaker/kartu/{card.id}/unduh" in text
    assert "Renew my card" not in text  # two years ahead
    assert "Apply for the AK/1 card" not in text


def test_the_still_looking_report_takes_one_tap_and_once_per_period(client, seeker_in, disnaker):
    approved(seeker_in(), disnaker)
    assert "I am still looking for work" in page(client)
    response = post(client, "/pencaker/kartu/lapor", {"idempotency_key": "r" * 20})
    assert response.status_code == 303 and count(CardReport) == 1
    text = page(client)
    assert "I am still looking for work" not in text and "Reported" in text
    again = post(client, "/pencaker/kartu/lapor", {"idempotency_key": "s" * 20})
    assert again.status_code == 409 and "already reported" in again.get_data(as_text=True)
    assert count(CardReport) == 1


def test_an_expired_card_offers_renewal_and_no_report(client, seeker_in, disnaker):
    seeker = seeker_in()
    old = approved(seeker, disnaker, today=region_today() - timedelta(days=800))
    text = page(client)
    assert "Expired on" in text and "Renew my card" in text and "I am still looking for work" not in text
    assert apply(client, kind="renewal").status_code == 303
    renewal = cards.pending_card(seeker)
    assert renewal.kind == CardKind.RENEWAL and renewal.previous_id == old.id


def test_renewal_opens_60_days_before_expiry(client, seeker_in, disnaker):
    seeker = seeker_in()
    card = approved(seeker, disnaker)
    card.valid_until = region_today() + timedelta(days=61)
    db.session.commit()
    assert "Renew my card" not in page(client)
    card.valid_until = region_today() + timedelta(days=60)
    db.session.commit()
    assert "Your card expires soon" in page(client)


def test_a_correction_request_needs_a_note_and_keeps_it(client, seeker_in, disnaker):
    seeker = seeker_in()
    approved(seeker, disnaker)
    response = apply(client, kind="correction", note="   ")
    assert response.status_code == 422
    assert 'id="note-correction-error"' in response.get_data(as_text=True)
    assert apply(client, kind="correction", note="Tempat lahir salah", key="d" * 20).status_code == 303
    pending = cards.pending_card(seeker)
    assert pending.kind == CardKind.CORRECTION and pending.note == "Tempat lahir salah"


def test_i_got_a_job_records_it_and_makes_the_card_inactive(client, seeker_in, disnaker):
    seeker = seeker_in()
    card = approved(seeker, disnaker)
    form = client.get("/pencaker/kartu/bekerja", headers=EN).get_data(as_text=True)
    assert card.number in form and region_today().isoformat() in form
    data = {"employer_name": "CV Sinar Abadi", "started_on": region_today().isoformat(), "idempotency_key": "j" * 20}
    response = post(client, "/pencaker/kartu/bekerja", data, page="/pencaker/kartu/bekerja", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Your AK/1 card is now inactive" in text and "Inactive: you got a job" in text
    db.session.refresh(card)
    assert card.status == CardStatus.INACTIVE and card.deactivated_reason == "placed"
    placement = db.session.execute(select(Placement)).scalar_one()
    assert (placement.employer_name, placement.source, placement.card_id) == ("CV Sinar Abadi", "self", card.id)
    post(client, "/pencaker/kartu/bekerja", {**data, "idempotency_key": "k" * 20}, page="/pencaker/kartu/bekerja")
    assert count(Placement) == 1  # the same news told twice


def test_a_start_date_far_ahead_is_refused_with_everything_kept(client, seeker_in, disnaker):
    card = approved(seeker_in(), disnaker)
    later = (region_today() + timedelta(days=200)).isoformat()
    response = post(client, "/pencaker/kartu/bekerja", {"employer_name": "PT Jauh", "started_on": later},
                    page="/pencaker/kartu/bekerja")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "too far ahead" in text and 'value="PT Jauh"' in text
    assert card.status == CardStatus.ACTIVE and count(Placement) == 0


def test_the_history_keeps_every_card_and_step(client, seeker_in, disnaker):
    seeker = seeker_in()
    old = approved(seeker, disnaker, today=region_today() - timedelta(days=800))
    approved(seeker, disnaker, kind=CardKind.RENEWAL)
    text = page(client)
    assert "Renewal" in text and "New card" in text and old.number in text
    assert "Inactive: replaced by a newer card" in text and "Approved as card" in text


def test_the_landing_page_explains_and_gives_the_next_step(client, seeker_in, disnaker, pencaker_region):
    anonymous = client.get("/pencaker/", headers=EN).get_data(as_text=True)
    assert "It is free" in anonymous and "valid for 2 years" in anonymous and "3×4 photo" in anonymous
    assert "/masuk?next=/pencaker/" in anonymous and "/daftar?next=/pencaker/" in anonymous
    seeker = seeker_in(photo=None)
    assert "Complete your profile. Still needed: a 3×4 photo." in client.get("/pencaker/", headers=EN).get_data(as_text=True)
    seeker.photo = "tangerang/pencaker/x.jpg"
    db.session.commit()
    assert "Apply for the AK/1 card" in client.get("/pencaker/", headers=EN).get_data(as_text=True)
    cards.apply(seeker)
    db.session.commit()
    assert "Disnaker is checking your application" in client.get("/pencaker/", headers=EN).get_data(as_text=True)
    cards.approve(cards.pending_card(seeker), disnaker)
    db.session.commit()
    assert "Report now" in client.get("/pencaker/", headers=EN).get_data(as_text=True)


def test_the_landing_page_of_someone_without_a_profile(client, person):
    assert "Make my profile" in client.get("/pencaker/", headers=EN).get_data(as_text=True)


def test_while_a_correction_waits_the_valid_card_still_prints(client, seeker_in, disnaker):
    seeker = seeker_in()
    card = approved(seeker, disnaker)
    assert apply(client, kind="correction", note="Alamat pindah").status_code == 303
    text = page(client)
    assert "Correction: " in text and "Waiting for Disnaker" in text
    assert "Valid until" in text and f"/pencaker/kartu/{card.id}/cetak" in text
    assert "Something on the card is wrong?" not in text  # one application at a time

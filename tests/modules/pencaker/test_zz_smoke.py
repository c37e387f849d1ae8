from datetime import date
from flask import g
from webapp.modules.pencaker import cards
from webapp.modules.pencaker.nik import check_nik
from tests.modules.pencaker.conftest import nik_for

def test_smoke(make_seeker, disnaker, make_vacancy, pencaker_region):
    s = make_seeker()
    assert check_nik(s.nik, s.birth_date, s.gender) == []
    card = cards.apply(s)
    from webapp.extensions import db
    db.session.commit()
    cards.approve(card, disnaker)
    db.session.commit()
    assert card.number.startswith("AK1/3671/")
    r = cards.report_still_looking(card, s.user)
    db.session.commit()
    number = card.number
    c2 = cards.apply(s, "correction", note="nama salah")
    db.session.commit()
    cards.approve(c2, disnaker); db.session.commit()
    assert c2.number == number and card.status == "inactive" and len(c2.reports) == 1
    v = make_vacancy()
    from webapp.modules.pencaker import applications, vacancies
    a = applications.apply(s, v); db.session.commit()
    applications.change_status(a, "accepted", None); db.session.commit()
    assert c2.status == "inactive"

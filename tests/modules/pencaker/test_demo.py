"""The Pencaker demo: verified, waiting and refused employers; vacancies in every state; thirty job seekers
with complete profiles, valid NIKs, photos and AK/1 cards in every state; applications in every status;
reports and job fairs; two demo accounts to try it with; seeding twice adds nothing."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from webapp.core import demo as core_demo
from webapp.core.clock import as_utc, region_today
from webapp.core.models import User, utcnow
from webapp.core.scoping import region_context
from webapp.core.uploads import open_upload
from webapp.core.wilayah import is_kecamatan_code
from webapp.extensions import db
from webapp.modules.pencaker import applications, cards
from webapp.modules.pencaker.models import (Application, ApplicationEvent, ApplicationStatus, Card, CardEvent,
                                            CardKind, CardReport, CardStatus, Employer, EmployerStatus, JobFair,
                                            JobFairCompany, Placement, Seeker, SeekerEducation, SeekerExperience,
                                            SeekerTraining, Vacancy, VacancyReport, VacancyStatus)
from webapp.modules.pencaker.nik import age_on, check_nik

PASSWORD = "demo-sandi-123"
TABLES = (Employer, Vacancy, Seeker, SeekerEducation, SeekerTraining, SeekerExperience, Card, CardEvent, CardReport,
          Placement, Application, ApplicationEvent, VacancyReport, JobFair, JobFairCompany, User)


@pytest.fixture
def demo_region(app, tmp_path, monkeypatch):
    """Kota Tangerang with its real areas and the core demo's accounts, then the module hooks as seed-demo runs them."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/"):
        region = core_demo.ensure_region(**dict(core_demo.TANGERANG, modules=["pencaker"]))
        core_demo.import_areas(region)
        with region_context(region):
            departments = {slug: core_demo.ensure_department(slug, name, short)
                           for slug, name, short in core_demo.DEPARTMENTS}
            db.session.flush()
            for account in core_demo.ACCOUNTS:
                if account.email in ("disnaker@demo.serambi.id", "warga@demo.serambi.id"):
                    core_demo.ensure_user(account, PASSWORD, region, departments.get(account.department))
            db.session.commit()
        assert core_demo.run_module_hooks(region) == ["pencaker"]
        db.session.commit()
        with region_context(region):
            yield region


def rows(model, *where):
    return list(db.session.execute(select(model).where(*where)).scalars())


def counts() -> dict[str, int]:
    return {m.__name__: db.session.execute(select(func.count(m.id))).scalar_one() for m in TABLES}


def officer() -> User:
    return db.session.execute(select(User).where(User.email == "disnaker@demo.serambi.id")).scalar_one()


def test_employers_verified_waiting_and_refused_across_sectors(demo_region):
    employers = rows(Employer)
    by_status = Counter(e.status for e in employers)
    assert by_status == {EmployerStatus.VERIFIED: 8, EmployerStatus.PENDING: 2, EmployerStatus.REJECTED: 1}
    verified = [e for e in employers if e.verified]
    assert {e.sector for e in verified} == {"C", "G", "H", "I", "Q", "J", "F", "K"}
    assert all(e.verified_by_id == officer().id and e.verified_at for e in verified)
    assert all(len(e.nib) == 13 and e.nib.isdigit() for e in employers)
    assert len({e.nib for e in employers}) == len(employers)
    refused = next(e for e in employers if e.status == EmployerStatus.REJECTED)
    assert "NIB" in refused.reason
    assert all(is_kecamatan_code(e.kecamatan_code.replace(".", "")) for e in employers)


def test_the_demo_employer_account_owns_a_verified_company_with_every_kind_of_vacancy(demo_region):
    owner = db.session.execute(select(User).where(User.email == "perusahaan@demo.serambi.id")).scalar_one()
    assert owner.check_password(PASSWORD) and not owner.roles
    company = db.session.execute(select(Employer).where(Employer.owner_id == owner.id)).scalar_one()
    assert company.verified
    states = {v.state(region_today()) for v in rows(Vacancy, Vacancy.employer_id == company.id)}
    assert {VacancyStatus.PUBLISHED, VacancyStatus.REVIEW, VacancyStatus.DRAFT, VacancyStatus.RETURNED} <= states
    applicants = rows(Application, Application.vacancy_id.in_(
        select(Vacancy.id).where(Vacancy.employer_id == company.id)))
    assert len({a.status for a in applicants}) >= 3


def test_vacancies_in_every_state_published_over_six_weeks(demo_region):
    today = region_today()
    vacancies = rows(Vacancy)
    states = Counter(v.state(today) for v in vacancies)
    assert states == {VacancyStatus.PUBLISHED: 26, "expired": 3, VacancyStatus.CLOSED: 2, VacancyStatus.REVIEW: 3,
                      VacancyStatus.DRAFT: 2, VacancyStatus.RETURNED: 1}
    open_now = rows(Vacancy, Vacancy.open_on(today))
    assert len(open_now) == 26 and all(v.employer.verified for v in open_now)
    published = [as_utc(v.published_at) for v in vacancies if v.published_at]
    assert min(published) >= utcnow() - timedelta(weeks=6, days=1) and max(published) < utcnow()
    assert max(published) - min(published) > timedelta(weeks=5)
    assert len({v.sector for v in open_now}) == 8
    assert len({v.min_education for v in open_now}) >= 5
    assert len({v.kecamatan_code for v in open_now if not v.remote}) >= 6
    assert sum(v.remote for v in open_now) >= 2
    assert sum(v.disability_friendly for v in open_now) >= 4
    assert sum(v.pay_min is None for v in open_now) >= 3 and sum(v.pay_min is not None for v in open_now) >= 15
    assert sum((v.closes_on - today).days <= 7 for v in open_now) >= 4
    assert len({v.employment_type for v in open_now}) >= 5
    review = [v for v in vacancies if v.status == VacancyStatus.REVIEW]
    assert any(v.employer.status == EmployerStatus.PENDING for v in review)
    returned = next(v for v in vacancies if v.status == VacancyStatus.RETURNED)
    assert returned.review_note
    assert all(v.published_at is None for v in vacancies if v.status in (VacancyStatus.DRAFT, VacancyStatus.REVIEW))
    assert all(v.closed_at for v in vacancies if v.status == VacancyStatus.CLOSED)


def test_thirty_seekers_with_complete_profiles_valid_niks_and_photos(demo_region):
    today = region_today()
    seekers = rows(Seeker)
    assert len(seekers) == 30
    assert Counter(s.gender for s in seekers).keys() == {"L", "P"}
    assert min(Counter(s.gender for s in seekers).values()) >= 12
    for seeker in seekers:
        assert check_nik(seeker.nik, seeker.birth_date, seeker.gender) == [], seeker.full_name
        assert seeker.nik[:6] == seeker.kecamatan_code.replace(".", "")
        assert seeker.kelurahan_code.startswith(seeker.kecamatan_code + ".")
        assert 18 <= age_on(seeker.birth_date, today) <= 46
        assert cards.missing_for_card(seeker) == [] and applications.missing_for_application(seeker) == []
        assert seeker.phone and (seeker.user_id or seeker.registered_via == "counter")
    ages = [age_on(s.birth_date, today) for s in seekers]
    assert min(ages) <= 20 and max(ages) >= 40
    assert {s.highest_education.level for s in seekers} >= {"SD", "SMP", "SMA", "SMK", "D3", "S1"}
    assert sum(bool(s.trainings) for s in seekers) >= 10 and sum(bool(s.experiences) for s in seekers) >= 8
    assert any(s.disability for s in seekers)
    counter = [s for s in seekers if s.registered_via == "counter"]
    assert counter and all(s.consent_at and s.registered_by_id == officer().id and not s.user_id for s in counter)
    with open_upload(seekers[0].photo) as f:
        photo = Image.open(f)
        assert (photo.format, photo.size) == ("JPEG", (300, 400))


def test_cards_in_every_state_with_reports_placements_and_a_renewal_chain(demo_region):
    today = region_today()
    all_cards = rows(Card)
    states = Counter(c.state(today) for c in all_cards)
    assert set(states) == {CardStatus.SUBMITTED, CardStatus.NEEDS_CORRECTION, CardStatus.REJECTED, CardStatus.ACTIVE,
                           "expired", CardStatus.INACTIVE}
    assert states[CardStatus.ACTIVE] >= 12 and states["expired"] == 3 and states[CardStatus.SUBMITTED] == 4
    inactive = Counter(c.deactivated_reason for c in all_cards if c.status == CardStatus.INACTIVE)
    assert inactive == {"placed": 3, "replaced": 2}
    assert all(c.reason for c in all_cards if c.status in (CardStatus.NEEDS_CORRECTION, CardStatus.REJECTED))
    valid = [c for c in all_cards if c.is_valid(today)]
    assert sum(1 <= len(c.reports) <= 3 for c in valid) >= 5
    assert all(c.number.startswith("AK1/3671/") and c.snapshot for c in valid)
    assert len({c.number for c in all_cards if c.number}) == len([c for c in all_cards if c.number])
    # old cards were issued in the past, with everything dated when it happened
    assert min(c.issued_on for c in all_cards if c.issued_on) < today - timedelta(days=730)
    for card in all_cards:
        assert as_utc(card.submitted_at) <= as_utc(card.events[-1].created_at) <= utcnow()
        if card.issued_on:
            assert card.events[0].action == cards.Action.SUBMITTED
    for report in rows(CardReport):
        assert report.card.issued_on <= as_utc(report.reported_at).date() <= report.card.valid_until
    renewal = next(c for c in all_cards if c.kind == CardKind.RENEWAL)
    assert renewal.is_valid(today) and renewal.previous.deactivated_reason == "replaced"
    assert renewal.previous.valid_until < today and renewal.number != renewal.previous.number
    correction = next(c for c in all_cards if c.kind == CardKind.CORRECTION)
    assert correction.previous.number is None and correction.issued_on == correction.previous.issued_on
    for card in (c for c in all_cards if c.deactivated_reason == "placed"):
        assert rows(Placement, Placement.card_id == card.id)


def test_the_demo_seeker_account_has_a_valid_card_with_a_report_due(demo_region):
    today = region_today()
    user = db.session.execute(select(User).where(User.email == "pencaker@demo.serambi.id")).scalar_one()
    assert user.check_password(PASSWORD)
    seeker = db.session.execute(select(Seeker).where(Seeker.user_id == user.id)).scalar_one()
    card = cards.current_card(seeker)
    assert card.is_valid(today) and cards.report_due(card, today) is not None
    assert {a.status for a in rows(Application, Application.seeker_id == seeker.id)} >= {
        ApplicationStatus.SENT, ApplicationStatus.SEEN, ApplicationStatus.CALLED}


def test_applications_in_every_status_with_their_events(demo_region):
    apps = rows(Application)
    assert {a.status for a in apps} == set(ApplicationStatus.ALL)
    path = {ApplicationStatus.SENT: 1, ApplicationStatus.SEEN: 2, ApplicationStatus.CALLED: 3,
            ApplicationStatus.ACCEPTED: 4, ApplicationStatus.REJECTED: 3}
    for application in apps:
        events = application.events
        assert [e.status for e in events][0] == ApplicationStatus.SENT and events[-1].status == application.status
        assert len(events) == path[application.status]
        times = [as_utc(e.created_at) for e in events]
        assert times == sorted(times) and times[-1] <= utcnow()
        assert as_utc(application.vacancy.published_at) <= times[0]
    called = [a for a in apps if a.status == ApplicationStatus.CALLED]
    assert all(as_utc(a.interview_at) > utcnow() and a.interview_place for a in called)
    hired = [a for a in apps if a.status == ApplicationStatus.ACCEPTED]
    assert len(hired) == 2
    for application in hired:
        placement = rows(Placement, Placement.seeker_id == application.seeker_id)[0]
        assert (placement.source, placement.vacancy_id) == ("hire", application.vacancy_id)
        assert cards.current_card(application.seeker) is None  # the card was made inactive
    assert any(a.vacancy.state(region_today()) in ("expired", VacancyStatus.CLOSED) for a in apps)


def test_reports_and_job_fairs(demo_region):
    today = region_today()
    reports = {r.status: r for r in rows(VacancyReport)}
    assert set(reports) == {"open", "dismissed"}
    assert reports["dismissed"].handled_by_id == officer().id and reports["open"].handled_at is None
    fairs = sorted(rows(JobFair), key=lambda f: f.starts_on)
    past, upcoming = fairs
    assert past.ends_on < today < upcoming.starts_on
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert (upcoming.starts_on.year, upcoming.starts_on.month) == (next_month.year, next_month.month)
    assert len(upcoming.companies) == 6 and all(c.booth for c in upcoming.companies)
    assert sum(c.employer_id is not None for c in upcoming.companies) == 5
    assert "Kota Tangerang" in upcoming.title


def test_seeding_again_adds_nothing(demo_region):
    before = counts()
    core_demo.run_module_hooks(demo_region)
    db.session.commit()
    assert counts() == before

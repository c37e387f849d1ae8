"""Demo data for Pencaker and Loker: employers (verified, waiting, refused), vacancies in every state, about
thirty job seekers with complete profiles and AK/1 cards in every state, applications in every status, two
vacancy reports and two job fairs. The words live in `demo_data`.

Cards and applications go through the real rules (`cards.apply/approve/...`, `applications.apply/
change_status`) on the days they would have happened, and their timestamps are then set to those days.
Two demo accounts come with it: `perusahaan@demo.serambi.id` owns a verified company and
`pencaker@demo.serambi.id` has a valid card, both with the core demo's password.

Safe to run again: employers are matched by NIB, vacancies by employer and title, seekers by NIK, job
fairs by slug and reports by vacancy and reason; a seeker's cards and applications are made only with the
seeker. The caller commits (as `core.demo.seed` does).
"""
from __future__ import annotations

import io
import os
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ...core.demo import demo_staff_member
from ...core.clock import as_utc, region_today
from ...core.models import Area, Region, Role, User, utcnow
from ...core.staff.common import Refused, slugify
from ...core.wilayah import children
from ...extensions import db
from . import applications, cards, vacancies
from . import demo_data as data
from .cards import add_months
from .models import (Application, ApplicationStatus, CardKind, Employer, EmployerStatus, JobFair, JobFairCompany,
                     Placement, Seeker, SeekerEducation, SeekerExperience, SeekerTraining, Vacancy, VacancyReport,
                     VacancyStatus)
from .profiles import save_photo

EMPLOYER_ACCOUNT = ("perusahaan@demo.serambi.id", "Perusahaan Demo")
SEEKER_ACCOUNT = "pencaker@demo.serambi.id"
SEEKER_MAIL_DOMAIN = "warga.demo.serambi.id"
_COLOURS = [(0, 107, 63), (29, 79, 145), (140, 60, 120), (170, 90, 20), (60, 110, 130), (120, 70, 50)]


def seed_demo(region: Region) -> None:
    """Add the Pencaker demo to `region` (inside its region_context), creating only what is missing."""
    places = _Places(region)
    if not places.kecamatan:
        return
    seeder = _Seeder(region, places)
    seeder.run()
    db.session.flush()


class _Places:
    """The region's kecamatan (by name) and their kelurahan codes, from its areas or the code list."""

    def __init__(self, region: Region):
        areas = list(db.session.execute(select(Area).order_by(Area.code)).scalars())
        kecamatan = [a for a in areas if a.level == "kecamatan"]
        if kecamatan:
            self.kecamatan = {a.name.lower(): (a.code, a.name) for a in kecamatan}
            self.villages = {a.code: sorted(c.code for c in areas if c.parent_id == a.id) for a in kecamatan}
        else:
            self.kecamatan = {name.lower(): (code, name) for code, name in children(region.code)}
            self.villages = {code: [c for c, _ in children(code)] for code, _ in self.kecamatan.values()}
        self.first = next(iter(self.kecamatan.values()), None)

    def code(self, name: str | None) -> str | None:
        if name is None:
            return None
        return self.kecamatan.get(name.lower(), self.first)[0]

    def name(self, name: str) -> str:
        return self.kecamatan.get(name.lower(), self.first)[1]

    def kelurahan(self, kecamatan_code: str, index: int) -> str | None:
        villages = self.villages.get(kecamatan_code) or []
        return villages[index % len(villages)] if villages else None


class _Seeder:
    def __init__(self, region: Region, places: _Places):
        self.region, self.places = region, places
        self.tz = ZoneInfo(region.timezone or "Asia/Jakarta")
        self.today = region_today()
        self.now = utcnow()
        self.officer = _officer() or SimpleNamespace(id=None)
        self.citizen_hash = _citizen_hash()
        self.password_hash = self.citizen_hash or _new_demo_hash()

    def at(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        """`day` at `hour:minute` in the region's time, as UTC, never later than a minute ago."""
        moment = datetime.combine(day, time(hour, minute), self.tz).astimezone(timezone.utc)
        return min(moment, self.now - timedelta(minutes=1))

    def run(self) -> None:
        owners = {"perusahaan": self.account(*EMPLOYER_ACCOUNT)}
        self.employers = self.ensure_employers(owners)
        self.vacancies, to_close = self.ensure_vacancies()
        for index, person in enumerate(data.PEOPLE):
            self.ensure_seeker(index, person)
        for vacancy in to_close:
            vacancies.close(vacancy)
            vacancy.closed_at = self.at(self.today - timedelta(days=5), 16)
        self.ensure_reports()
        self.ensure_fairs()

    # --- accounts ---------------------------------------------------------------------------------------------

    def account(self, email: str, name: str) -> User:
        """The demo account with `email` in this region, with the core demo's password."""
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is None:
            user = User(email=email, name=name, password_hash=self.password_hash)
            db.session.add(user)
        elif self.citizen_hash and user.password_hash != self.citizen_hash:
            user.password_hash = self.citizen_hash  # the core demo reset its password: follow it
        return user

    # --- employers and vacancies ------------------------------------------------------------------------------

    def ensure_employers(self, owners: dict[str, User]) -> dict[str, Employer]:
        have = {e.nib: e for e in db.session.execute(select(Employer)).scalars()}
        employers = {}
        for index, company in enumerate(data.COMPANIES):
            employer = have.get(company.nib)
            if employer is None:
                employer = self.employer(index, company, owners.get(company.owner))
            employers[company.key] = employer
        db.session.flush()
        return employers

    def employer(self, index: int, company: data.Company, owner: User | None) -> Employer:
        created = self.at(self.today - timedelta(days=90 - 5 * index), 10)
        if company.status == EmployerStatus.PENDING:
            created = self.at(self.today - timedelta(days=1 + index % 3), 14)
        employer = Employer(
            owner=owner, name=company.name, nib=company.nib, sector=company.sector, address=company.address,
            kecamatan_code=self.places.code(company.kecamatan), contact_name=company.contact_name,
            contact_phone=company.contact_phone, contact_email=f"hrd@{slugify(company.key)}.demo.serambi.id",
            website=company.website, description=company.description, created_at=created)
        if company.status == EmployerStatus.VERIFIED:
            vacancies.verify_employer(employer, self.officer)
            employer.verified_at = created + timedelta(days=2)
        elif company.status == EmployerStatus.REJECTED:
            vacancies.reject_employer(employer, company.reason, self.officer)
        db.session.add(employer)
        return employer

    def ensure_vacancies(self) -> tuple[dict[str, Vacancy], list[Vacancy]]:
        have = {(v.employer_id, v.title): v for v in db.session.execute(select(Vacancy)).scalars()}
        found, to_close = {}, []
        for index, job in enumerate(data.JOBS):
            employer = self.employers[job.company]
            vacancy = have.get((employer.id, job.title))
            if vacancy is None:
                vacancy = self.vacancy(index, job, employer)
                if job.state == "closed":
                    to_close.append(vacancy)
            found[job.key] = vacancy
        db.session.flush()
        return found, to_close

    def vacancy(self, index: int, job: data.Job, employer: Employer) -> Vacancy:
        pay_min, pay_max = job.pay or (None, None)
        age_min, age_max = job.age or (None, None)
        vacancy = Vacancy(
            employer=employer, title=job.title, sector=employer.sector, description=job.description,
            requirements=job.requirements, min_education=job.min_education,
            kecamatan_code=self.places.code(job.kecamatan), remote=job.kecamatan is None,
            employment_type=job.employment_type, pay_min=pay_min, pay_max=pay_max, openings=job.openings,
            age_min=age_min, age_max=age_max, closes_on=self.today + timedelta(days=job.closes_in_days),
            disability_friendly=job.disability_friendly, status=VacancyStatus.DRAFT)
        if job.state in ("open", "closed", "review", "draft", "returned"):
            vacancies.check_vacancy(vacancy, self.today)  # the demo says nothing the form would refuse
        if job.state in ("open", "expired", "closed"):
            published = self.at(self.today - timedelta(days=job.published_days_ago), 8 + index % 9, index * 7 % 60)
            vacancy.status, vacancy.published_at = VacancyStatus.PUBLISHED, published
            vacancy.created_at = vacancy.updated_at = published - timedelta(days=1, hours=3)
        else:
            vacancy.created_at = self.at(self.today - timedelta(days=3 + index % 3), 10)
            vacancy.updated_at = vacancy.created_at + timedelta(hours=20)
            vacancy.status = {"review": VacancyStatus.REVIEW, "draft": VacancyStatus.DRAFT,
                              "returned": VacancyStatus.RETURNED}[job.state]
            vacancy.review_note = job.review_note
        db.session.add(vacancy)
        return vacancy

    # --- job seekers ------------------------------------------------------------------------------------------

    def ensure_seeker(self, index: int, person: data.Person) -> Seeker | None:
        kecamatan = self.places.code(person.kecamatan)
        nik = make_nik(kecamatan, person.birth, person.gender, index + 1)
        if db.session.execute(select(Seeker.id).where(Seeker.nik == nik)).first() is not None:
            return None
        story_start = self.story_start(person)
        seeker = Seeker(
            nik=nik, full_name=person.name, birth_place=person.birth_place, birth_date=person.birth,
            gender=person.gender, religion=person.religion, marital_status=person.marital,
            address=person.address, kecamatan_code=kecamatan,
            kelurahan_code=self.places.kelurahan(kecamatan, person.kelurahan),
            phone=f"+628120010{index + 1:04d}", skills=person.skills, jobs_wanted=person.jobs_wanted,
            places_wanted=person.places_wanted, expected_pay=person.expected_pay, disability=person.disability,
            photo=save_photo(portrait(person.name, index)), registered_via=person.via,
            created_at=story_start, updated_at=story_start)
        if person.via == "counter":
            seeker.registered_by_id, seeker.consent_at = self.officer.id, story_start
        else:
            email = (SEEKER_ACCOUNT if person.account == "pencaker"
                     else f"{slugify(person.name).replace('-', '.')}@{SEEKER_MAIL_DOMAIN}")
            seeker.user = self.account(email, person.name)
            seeker.email = email
        self.add_history(seeker, person)
        db.session.add(seeker)
        db.session.flush()
        self.card_story(seeker, person, index)
        for number, (key, status) in enumerate(person.applications):
            self.application(seeker, self.vacancies[key], status, index + number)
        return seeker

    def story_start(self, person: data.Person) -> datetime:
        """When the person registered: some weeks before their first card, or lately when they have none."""
        waiting = person.card in ("none", "submitted", "correction", "rejected")
        first = self.today if waiting else add_months(self.today, -person.months)
        return self.at(first - timedelta(days=20), 19, 30)

    def add_history(self, seeker: Seeker, person: data.Person) -> None:
        born = person.birth.year
        kecamatan = self.places.name(person.kecamatan)
        for number, level in enumerate(data.PATH[person.education]):
            school = data.SCHOOLS[level].format(kecamatan=kecamatan, n=(born + number) % 17 + 1)
            major = person.major if level == person.education else ""
            seeker.educations.append(SeekerEducation(level=level, school=school, major=major,
                                                     year=born + data.FINISHED_AT[level]))
        for name, organizer, year, certificate in person.trainings:
            seeker.trainings.append(SeekerTraining(name=name, organizer=organizer, year=year,
                                                   certificate=certificate))
        for employer, position, start, end, description in person.experiences:
            seeker.experiences.append(SeekerExperience(employer=employer, position=position, start_year=start,
                                                       end_year=end, description=description))

    # --- the AK/1 card's story --------------------------------------------------------------------------------

    def card_story(self, seeker: Seeker, person: data.Person, index: int) -> None:
        actor = seeker.user
        story = person.card
        if story == "none":
            return
        if story in ("submitted", "correction", "rejected"):
            sent = self.today - timedelta(days={"submitted": 1 + index % 4, "correction": 6, "rejected": 12}[story])
            card = self.submit(seeker, CardKind.NEW, self.at(sent, 8 + index % 10, 15), actor)
            decided = self.at(sent + timedelta(days=2), 10, 20)
            if story == "correction":
                cards.request_correction(card, person.reason, self.officer)
            elif story == "rejected":
                cards.reject(card, person.reason, self.officer)
            if story != "submitted":
                card.decided_at = card.events[-1].created_at = decided
            return
        card = self.issue(seeker, CardKind.NEW, add_months(self.today, -person.months), actor, index)
        for period in range(1, person.reports + 1):
            day = add_months(card.issued_on, 6 * (period - 1)) + timedelta(days=12 + index % 9)
            report = cards.report_still_looking(card, actor, today=day)
            report.reported_at = card.events[-1].created_at = self.at(day, 19, index % 60)
        if story == "placed":
            started = self.today - timedelta(days=20)
            placement = cards.record_placement(seeker, person.extra["placed_at"], started, "self", actor)
            placement.created_at = card.deactivated_at = card.events[-1].created_at = self.at(started, 18)
        elif story == "renewed":
            self.issue(seeker, CardKind.RENEWAL, self.today - timedelta(days=18), actor, index,
                       note="Perpanjangan: kartu lama sudah habis masa berlakunya.")
        elif story == "corrected":
            self.issue(seeker, CardKind.CORRECTION, self.today - timedelta(days=8), actor, index,
                       note="Nama belakang pada kartu salah ketik (tertulis Hutape).")

    def submit(self, seeker: Seeker, kind: str, when: datetime, actor, note: str = ""):
        card = cards.apply(seeker, kind, note, actor)
        card.submitted_at = card.events[-1].created_at = when
        db.session.flush()  # as the view's commit would: the card it renews or corrects is loaded from here on
        return card

    def issue(self, seeker: Seeker, kind: str, issued: date, actor, index: int, note: str = ""):
        """An application sent three days before `issued` and approved on that day by the officer."""
        previous = cards.current_card(seeker)
        card = self.submit(seeker, kind, self.at(issued - timedelta(days=3), 20, index % 60), actor, note)
        cards.approve(card, self.officer, today=issued)
        decided = self.at(issued, 10, 5 + index % 50)
        card.decided_at = card.events[-1].created_at = decided
        if previous is not None and previous.deactivated_at is not None:
            previous.deactivated_at = previous.events[-1].created_at = decided
        return card

    # --- applications -----------------------------------------------------------------------------------------

    def application(self, seeker: Seeker, vacancy: Vacancy, status: str, index: int) -> Application | None:
        published = vacancy.published_at
        if published is None:
            return None
        published_day = as_utc(published).astimezone(self.tz).date()
        day = min(published_day + timedelta(days=1 + index % 4), vacancy.closes_on, self.today)
        try:
            application = applications.apply(seeker, vacancy, today=day)
        except Refused:
            return None  # e.g. a vacancy closed by an earlier seeding
        db.session.flush()  # as a view's commit would: the new application gets its default status
        owner = vacancy.employer.owner
        steps = {ApplicationStatus.SENT: [], ApplicationStatus.SEEN: [ApplicationStatus.SEEN],
                 ApplicationStatus.CALLED: [ApplicationStatus.SEEN, ApplicationStatus.CALLED],
                 ApplicationStatus.ACCEPTED: [ApplicationStatus.SEEN, ApplicationStatus.CALLED,
                                              ApplicationStatus.ACCEPTED],
                 ApplicationStatus.REJECTED: [ApplicationStatus.SEEN, ApplicationStatus.REJECTED]}[status]
        # change_status wants a future interview; a hire's interview is moved back to its day below
        interview = datetime.combine(self.today + timedelta(days=2 + index % 5), time((9, 10, 13)[index % 3]),
                                     self.tz).astimezone(timezone.utc)
        for step in steps:
            note = {ApplicationStatus.REJECTED: data.REJECTION_NOTE,
                    ApplicationStatus.ACCEPTED: data.ACCEPTANCE_NOTE}.get(step, "")
            applications.change_status(
                application, step, owner, note, interview_at=interview,
                interview_place=data.INTERVIEW_PLACES.format(address=vacancy.employer.address),
                started_on=self.today - timedelta(days=3))
        self.date_events(application, self.at(day, 9 + index % 8, index * 11 % 60))
        return application

    def date_events(self, application: Application, sent: datetime) -> None:
        """Spread the application's events from `sent` to now, at most two days apart."""
        events = application.events
        step = min(timedelta(days=2), (self.now - sent) / (len(events) + 1))
        for number, event in enumerate(events):
            event.created_at = sent + step * number
        application.created_at, application.updated_at = sent, events[-1].created_at
        if application.status == ApplicationStatus.ACCEPTED:
            accepted = events[-1].created_at
            application.interview_at = accepted - step / 2
            card = next((c for c in application.seeker.cards if c.deactivated_reason == "placed"), None)
            if card is not None:
                card.deactivated_at = card.events[-1].created_at = accepted
            placement = db.session.execute(select(Placement).where(
                Placement.seeker_id == application.seeker_id, Placement.vacancy_id == application.vacancy_id)
            ).scalar_one()
            placement.created_at = accepted

    # --- vacancy reports and job fairs ------------------------------------------------------------------------

    def ensure_reports(self) -> None:
        have = {(r.vacancy_id, r.reason) for r in db.session.execute(select(VacancyReport)).scalars()}
        for number, (key, reason, details, status) in enumerate(data.REPORTS):
            vacancy = self.vacancies[key]
            if (vacancy.id, reason) in have:
                continue
            report = VacancyReport(vacancy=vacancy, reason=reason, details=details, status=status,
                                   created_at=self.at(self.today - timedelta(days=2 + 3 * number), 20))
            if status != "open":
                report.handled_by_id = self.officer.id
                report.handled_at = report.created_at + timedelta(hours=15)
            db.session.add(report)

    def ensure_fairs(self) -> None:
        have = set(db.session.execute(select(JobFair.slug)).scalars())
        first_next_month = add_months(self.today.replace(day=1), 1)
        upcoming = first_next_month + timedelta(days=(1 - first_next_month.weekday()) % 7 + 7)  # 2nd Tuesday
        past = add_months(self.today, -2)
        for fair, starts, days in ((data.UPCOMING_FAIR, upcoming, 2), (data.PAST_FAIR, past, 1)):
            if fair["slug"] in have:
                continue
            row = JobFair(slug=fair["slug"], title=fair["title"].format(region=self.region.name), starts_on=starts,
                          ends_on=starts + timedelta(days=days - 1), hours=fair["hours"], place=fair["place"],
                          address=fair["address"], description=fair["description"], published=True,
                          created_at=self.at(min(starts, self.today) - timedelta(days=30), 10))
            for key, booth, openings in fair["companies"]:
                employer = self.employers.get(key)
                row.companies.append(JobFairCompany(employer_id=employer.id if employer else None,
                                                    name=employer.name if employer else key, booth=booth,
                                                    openings=openings))
            db.session.add(row)


def make_nik(kecamatan_code: str, birth: date, gender: str, serial: int) -> str:
    """A NIK that passes `nik.check_nik`: kecamatan digits, date of birth (day + 40 for women), serial."""
    day = birth.day + (40 if gender == "P" else 0)
    return f"{kecamatan_code.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def portrait(name: str, index: int) -> FileStorage:
    """A plain 3×4 placeholder: a silhouette and the initials on a coloured background, as an upload."""
    colour = _COLOURS[index % len(_COLOURS)]
    light = tuple(min(255, c + 90) for c in colour)
    image = Image.new("RGB", (300, 400), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 70, 205, 190), fill=light)
    draw.ellipse((40, 215, 260, 470), fill=light)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.text((150, 330), initials, font=_font(64), fill=colour, anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    out.seek(0)
    return FileStorage(stream=out, filename=f"foto-{index}.jpg", content_type="image/jpeg")


@lru_cache(maxsize=1)
def _font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _officer() -> User | None:
    """The demo Disnaker officer (or the region's first manpower officer or admin): who decided things."""
    return demo_staff_member((Role.MANPOWER_OFFICER, Role.REGION_ADMIN), "disnaker@demo.serambi.id")


def _citizen_hash() -> str | None:
    """The core demo citizen's password hash, so every demo account signs in with the same password."""
    from ...core.demo import ACCOUNTS

    citizen = next(a.email for a in ACCOUNTS if a.role is None)
    return db.session.execute(select(User.password_hash).where(User.email == citizen)).scalar_one_or_none()


def _new_demo_hash() -> str:
    """A hash of the demo password, for a region seeded without the core demo's citizen account."""
    from werkzeug.security import generate_password_hash

    from ...core.demo import DEFAULT_PASSWORD

    return generate_password_hash(os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD)

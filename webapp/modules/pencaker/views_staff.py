"""Disnaker's pages (`/staf/pencaker/`): the four queues (AK/1 applications, employers to verify, vacancies
to review, reported vacancies), the counter for walk-in citizens, job seekers with their placements,
statistics with a CSV export, and job fairs.

Region admins and manpower officers only (`roles_required`); every row of another region is 404 (the
session is scoped). A decision on something another officer decided a moment earlier is a 409 that says
who decided, never a second decision. Seekers hear of decisions on their card after the commit.
"""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from ...core.auth import roles_required, user_belongs_here
from ...core.clock import as_utc, region_today
from ...core.i18n import datetime_filter
from ...core.idempotency import previous_result, run_once, submitted_key
from ...core.models import Area, Role, User, utcnow
from ...core.privacy import mask_nik
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse, slugify
from ...core.uploads import UploadError, delete_upload
from ...core.wilayah import lookup
from ...extensions import db
from . import applications, bp, cards, notifications, profiles, stats, vacancies
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, GENDERS, MARITAL_STATUSES, RELIGIONS, SECTORS, label
from .forms import CounterForm
from .models import (Application, Card, CardEvent, CardStatus, Employer, EmployerStatus, JobFair, JobFairCompany,
                     Placement, Seeker, SeekerEducation, Vacancy, VacancyReport, VacancyStatus)
from .nik import age_on, check_nik, normalise_nik
from .staff_forms import (BADGES, CARD_KIND_LABELS, CARD_STATUS_LABELS, EMPLOYER_STATUS_LABELS, PLACEMENT_SOURCES,
                          REPORT_STATUS_LABELS, VACANCY_STATUS_LABELS, DecisionForm, FairCompanyForm, FairForm, PeriodForm, PlacementForm, SearchForm,
                          report_reason)

ROLES = (Role.REGION_ADMIN, Role.MANPOWER_OFFICER)
disnaker_only = roles_required(*ROLES)
PAGE_SIZE = 30
COUNTER_SCOPE = "pencaker.counter"
PLACEMENT_SCOPE = "pencaker.placement"
FAIR_SCOPE = "pencaker.fair"
FAIR_COMPANY_SCOPE = "pencaker.fair_company"


def is_disnaker() -> bool:
    return current_user.is_authenticated and user_belongs_here(current_user) and current_user.has_role(*ROLES)


@bp.context_processor
def disnaker_words():
    """`disnaker.*`: the words and badges of statuses and codes on Disnaker's templates."""
    return {"disnaker": SimpleNamespace(
        card_status=CARD_STATUS_LABELS, card_kind=CARD_KIND_LABELS, employer_status=EMPLOYER_STATUS_LABELS,
        vacancy_status=VACANCY_STATUS_LABELS, report_status=REPORT_STATUS_LABELS, placement_source=PLACEMENT_SOURCES,
        application_status=applications.status_label, badge=lambda status: BADGES.get(status, ""),
        report_reason=report_reason, place=place_name, label=label,
        education=EDUCATION_LEVELS, sectors=SECTORS, genders=GENDERS, marital=MARITAL_STATUSES, religions=RELIGIONS,
        types=EMPLOYMENT_TYPES, waiting_days=waiting_days)}


@bp.app_context_processor
def dashboard_block():
    """`pencaker_queues()` for the staff dashboard's include of pencaker/staff/_dashboard.html."""
    return {"pencaker_queues": dashboard_counts}


def dashboard_counts() -> dict | None:
    region = g.get("region")
    if region is None or not region.module_enabled("pencaker") or not is_disnaker():
        return None
    return queue_counts()


def queue_counts() -> dict:
    """How much waits in each queue, in one query."""
    def count(column, *where):
        return select(func.count(column)).where(*where).scalar_subquery()

    row = db.session.execute(select(
        count(Card.id, Card.status == CardStatus.SUBMITTED),
        count(Employer.id, Employer.status == EmployerStatus.PENDING),
        count(Vacancy.id, Vacancy.status == VacancyStatus.REVIEW),
        count(VacancyReport.id, VacancyReport.status == "open"),
    )).one()
    return dict(zip(("cards", "employers", "vacancies", "reports"), row))


def place_name(code: str | None) -> str:
    """The name of a kecamatan or kelurahan as the region's own list has it (the official list otherwise)."""
    if not code:
        return ""
    names = g.get("pencaker_places")
    if names is None:
        names = g.pencaker_places = dict(db.session.execute(select(Area.code, Area.name)).all())
    return names.get(code) or lookup(code) or code


def waiting_days(moment) -> int:
    """Whole days from `moment` (UTC) to today, in the region's calendar."""
    if moment is None:
        return 0
    local = as_utc(moment).astimezone(ZoneInfo(g.region.timezone)).date()
    return max(0, (region_today() - local).days)


def _page() -> int:
    return max(1, min(request.args.get("halaman", 1, type=int) or 1, 1000))


def _paged(query, page: int) -> tuple[list, bool]:
    rows = list(db.session.execute(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).scalars().unique())
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _locked(model, ident: int):
    """The row for a decision, locked against a second officer deciding at the same moment (PostgreSQL)."""
    row = db.session.execute(select(model).where(model.id == ident).with_for_update(of=model)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def _person(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    return user.name if user is not None else _("another officer")


def _chosen(form: DecisionForm, steps) -> bool:
    """The posted form is valid and names one of `steps`; otherwise the reason goes on the form (a 400)."""
    if form.validate_on_submit() and form.action.data in steps:
        return True
    form.form_errors.append(_("Choose one of the buttons."))
    return False


def _refusal_status(form) -> int:
    """422 when the refusal is about a field (a missing reason), else 409 (the state does not allow it)."""
    return 409 if form.form_errors else 422


# Overview

@bp.get("/staf/pencaker/")
@disnaker_only
def staff_home():
    """The four queues with how much waits in each, and the other tools."""
    return render("pencaker/staff/home.html", counts=queue_counts())


# AK/1 applications

@bp.get("/staf/pencaker/ak1")
@disnaker_only
def staff_cards():
    """Applications waiting for a decision, oldest first (or the cards in another status)."""
    status = request.args.get("status") if request.args.get("status") in CardStatus.ALL else CardStatus.SUBMITTED
    page = _page()
    order = ((Card.submitted_at, Card.id) if status in CardStatus.PENDING
             else (Card.decided_at.desc(), Card.id.desc()))
    rows, more = _paged(select(Card).options(joinedload(Card.seeker)).where(Card.status == status)
                        .order_by(*order), page)
    return render("pencaker/staff/cards.html", block="list", rows=rows, more=more, page=page, chosen=status,
                  today=region_today(), options=[(value, CARD_STATUS_LABELS[value]) for value in CardStatus.ALL])


def _snapshot_changes(card: Card) -> list[tuple[str, str, str]]:
    """For a renewal or correction: what the profile says now that the previous card did not."""
    before = (card.previous.snapshot or {}) if card.previous is not None else {}
    if not before:
        return []
    now = cards.snapshot_of(card.seeker)
    names = {"nik": _("NIK"), "full_name": _("Name"), "birth_place": _("Place of birth"),
             "birth_date": _("Date of birth"), "gender": _("Gender"), "marital_status": _("Marital status"),
             "religion": _("Religion"), "address": _("Address"), "kecamatan_code": _("Kecamatan"),
             "kelurahan_code": _("Kelurahan or desa"), "education": _("Education"), "skills": _("Skills"),
             "photo": _("Photo")}

    def shown(key, value) -> str:
        if key == "education":
            return (value or {}).get("label", "")
        if value is None:
            return ""
        if key in ("kecamatan_code", "kelurahan_code"):
            return place_name(value)
        choices = {"gender": GENDERS, "marital_status": MARITAL_STATUSES, "religion": RELIGIONS}.get(key)
        return label(choices, value) if choices else str(value)

    rows = []
    for key, text in names.items():
        old, new = shown(key, before.get(key)), shown(key, now.get(key))
        if old != new:
            if key == "photo":  # paths mean nothing to a person
                old, new = _("the earlier photo") if old else "", _("a new photo") if new else ""
            if key == "nik":  # masked like everywhere on these pages; the button beside the NIK shows it
                old, new = mask_nik(old), mask_nik(new)
            rows.append((text, old, new))
    return rows


def _card_page(card: Card, form: DecisionForm | None = None, status: int = 200):
    seeker = card.seeker
    today = region_today()
    events = db.session.execute(select(CardEvent).options(joinedload(CardEvent.actor))
                                .where(CardEvent.card_id == card.id).order_by(CardEvent.id)).scalars().all()
    following = db.session.execute(
        select(Card.id).where(Card.status == CardStatus.SUBMITTED, Card.id != card.id)
        .order_by(Card.submitted_at, Card.id).limit(1)).scalar_one_or_none()
    return render("pencaker/staff/card.html", block=None, status=status, card=card, seeker=seeker,
                  form=form or DecisionForm(formdata=None), events=events, today=today,
                  nik_problems=check_nik(seeker.nik, seeker.birth_date, seeker.gender),
                  age=age_on(seeker.birth_date, today), min_age=profiles.min_age(),
                  missing=cards.missing_for_card(seeker), changes=_snapshot_changes(card),
                  others=[c for c in seeker.cards if c.id != card.id], decided_by=_person(card.decided_by_id),
                  following=following)


@bp.route("/staf/pencaker/ak1/<int:card_id>", methods=["GET", "POST"])
@disnaker_only
def staff_card(card_id):
    """One application with the whole profile, and the decision: approve, ask for a correction, or reject."""
    if request.method == "GET":
        return _card_page(scoped_get_or_404(Card, card_id))
    card = _locked(Card, card_id)
    form = DecisionForm()
    steps = {
        "approve": (lambda: cards.approve(card, current_user), _("The AK/1 card is approved.")),
        "correct": (lambda: cards.request_correction(card, form.reason.data, current_user),
                    _("The application went back to the applicant with your reason.")),
        "reject": (lambda: cards.reject(card, form.reason.data, current_user),
                   _("The application is rejected. The applicant will read your reason.")),
    }
    if not _chosen(form, steps):
        return _card_page(card, form, status=400)
    if card.status != CardStatus.SUBMITTED:
        form.form_errors.append(_("This application was already decided by %(name)s on %(when)s: %(status)s.",
                                  name=_person(card.decided_by_id), when=datetime_filter(card.decided_at, "short"),
                                  status=CARD_STATUS_LABELS.get(card.state(region_today()), card.status)))
        return _card_page(card, form, status=409)
    work, done = steps[form.action.data]
    try:
        decided, _result = save_or_refuse(form, work)
    except IntegrityError:  # another approval took the same card number a moment ago
        db.session.rollback()
        form.form_errors.append(_("Another card was approved at the same moment. Please press the button again."))
        return _card_page(card, form, status=409)
    if not decided:
        return _card_page(card, form, status=_refusal_status(form))
    notifications.notify_card(card.events[-1])
    flash(done, "success")
    return redirect(url_for(".staff_card", card_id=card.id), 303)


# Employers

@bp.get("/staf/pencaker/perusahaan")
@disnaker_only
def staff_employers():
    """Employers, those waiting for verification first (or one status)."""
    status = request.args.get("status") if request.args.get("status") in EmployerStatus.ALL else ""
    page = _page()
    query = select(Employer).order_by(case((Employer.status == EmployerStatus.PENDING, 0), else_=1),
                                      Employer.created_at, Employer.id)
    if status:
        query = query.where(Employer.status == status)
    rows, more = _paged(query, page)
    options = [("", _("Every status, waiting first")), *EMPLOYER_STATUS_LABELS.items()]
    return render("pencaker/staff/employers.html", block="list", rows=rows, more=more, page=page, chosen=status,
                  options=options)


def _employer_page(employer: Employer, form: DecisionForm | None = None, status: int = 200):
    rows = db.session.execute(select(Vacancy).where(Vacancy.employer_id == employer.id)
                              .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())).scalars().all()
    nib_ok = employer.nib.isdigit() and len(employer.nib) == 13
    return render("pencaker/staff/employer.html", block=None, status=status, employer=employer, vacancies=rows,
                  form=form or DecisionForm(formdata=None), nib_ok=nib_ok, today=region_today(),
                  decided_by=_person(employer.verified_by_id) if employer.verified_by_id else None)


@bp.route("/staf/pencaker/perusahaan/<int:id>", methods=["GET", "POST"])
@disnaker_only
def staff_employer(id):
    """An employer's details and vacancies; verify it, or reject it with a reason."""
    if request.method == "GET":
        return _employer_page(scoped_get_or_404(Employer, id))
    employer = _locked(Employer, id)
    form = DecisionForm()
    steps = {"verify": lambda: vacancies.verify_employer(employer, current_user),
             "reject": lambda: vacancies.reject_employer(employer, form.reason.data, current_user)}
    if not _chosen(form, steps):
        return _employer_page(employer, form, status=400)
    already = {"verify": (EmployerStatus.VERIFIED, _("This employer was already verified by %(name)s.")),
               "reject": (EmployerStatus.REJECTED, _("This employer was already rejected by %(name)s."))}
    status, message = already[form.action.data]
    if employer.status == status:
        form.form_errors.append(message % {"name": _person(employer.verified_by_id)})
        return _employer_page(employer, form, status=409)
    if not save_or_refuse(form, steps[form.action.data])[0]:
        return _employer_page(employer, form, status=_refusal_status(form))
    notifications.notify_employer(employer, "verified" if form.action.data == "verify" else "rejected")
    if form.action.data == "verify":
        waiting = db.session.execute(select(func.count(Vacancy.id)).where(
            Vacancy.employer_id == employer.id, Vacancy.status == VacancyStatus.REVIEW)).scalar_one()
        flash(ngettext("The employer is verified. %(num)d of their vacancies waits for your review.",
                       "The employer is verified. %(num)d of their vacancies wait for your review.", waiting)
              if waiting else _("The employer is verified."), "success")
    else:
        flash(_("The employer is rejected. They can read your reason."), "success")
    return redirect(url_for(".staff_employer", id=employer.id), 303)


# Vacancies

VACANCY_FILTERS = (*VacancyStatus.ALL, "all")


@bp.get("/staf/pencaker/lowongan")
@disnaker_only
def staff_vacancies():
    """Vacancies waiting for review, oldest first; or every vacancy in one status."""
    status = request.args.get("status") if request.args.get("status") in VACANCY_FILTERS else VacancyStatus.REVIEW
    page = _page()
    changed = func.coalesce(Vacancy.updated_at, Vacancy.created_at)
    query = select(Vacancy).order_by(changed if status == VacancyStatus.REVIEW else changed.desc(), Vacancy.id)
    if status != "all":
        query = query.where(Vacancy.status == status)
    rows, more = _paged(query, page)
    options = [(value, VACANCY_STATUS_LABELS[value]) for value in VacancyStatus.ALL] + [("all", _("Every status"))]
    return render("pencaker/staff/vacancies.html", block="list", rows=rows, more=more, page=page, chosen=status,
                  today=region_today(), options=options)


def _vacancy_page(vacancy: Vacancy, form: DecisionForm | None = None, status: int = 200):
    reports = db.session.execute(select(VacancyReport).where(VacancyReport.vacancy_id == vacancy.id)
                                 .order_by(VacancyReport.created_at.desc())).scalars().all()
    return render("pencaker/staff/vacancy.html", block=None, status=status, vacancy=vacancy, reports=reports,
                  form=form or DecisionForm(formdata=None), today=region_today())


@bp.route("/staf/pencaker/lowongan/<int:id>", methods=["GET", "POST"])
@disnaker_only
def staff_vacancy(id):
    """A vacancy in full; publish it, return it to the employer with a reason, or close it."""
    if request.method == "GET":
        return _vacancy_page(scoped_get_or_404(Vacancy, id))
    vacancy = _locked(Vacancy, id)
    form = DecisionForm()
    steps = {
        "publish": (lambda: vacancies.publish(vacancy, current_user), _("The vacancy is published.")),
        "return": (lambda: vacancies.return_to_employer(vacancy, form.reason.data, current_user),
                   _("The vacancy went back to the employer with your reason.")),
        "close": (lambda: vacancies.close(vacancy), _("The vacancy is closed.")),
    }
    if not _chosen(form, steps):
        return _vacancy_page(vacancy, form, status=400)
    work, done = steps[form.action.data]
    if not save_or_refuse(form, work)[0]:
        return _vacancy_page(vacancy, form, status=_refusal_status(form))
    notifications.notify_employer(vacancy.employer, {"publish": "published", "return": "returned",
                                                     "close": "closed"}[form.action.data], vacancy)
    flash(done, "success")
    return redirect(url_for(".staff_vacancy", id=vacancy.id), 303)


# Reported vacancies

REPORT_FILTERS = ("open", "dismissed", "actioned")


@bp.get("/staf/pencaker/laporan-lowongan")
@disnaker_only
def staff_reports():
    """Reports about vacancies: the open ones, oldest first (or those already handled)."""
    status = request.args.get("status") if request.args.get("status") in REPORT_FILTERS else "open"
    return _reports_page(status)


def _reports_page(status: str, problem: str | None = None, code: int = 200):
    page = _page()
    order = (VacancyReport.created_at, VacancyReport.id) if status == "open" else (VacancyReport.handled_at.desc(),)
    rows, more = _paged(select(VacancyReport).options(joinedload(VacancyReport.vacancy))
                        .where(VacancyReport.status == status).order_by(*order), page)
    handlers = {u.id: u.name for u in db.session.execute(select(User).where(
        User.id.in_({r.handled_by_id for r in rows if r.handled_by_id}))).scalars()} if status != "open" else {}
    return render("pencaker/staff/reports.html", block=None, status=code, rows=rows, more=more, page=page,
                  chosen=status, problem=problem, handlers=handlers, today=region_today())


@bp.post("/staf/pencaker/laporan-lowongan/<int:report_id>")
@disnaker_only
def staff_report(report_id):
    """Dismiss a report, or close the vacancy it is about (every open report of that vacancy is then done)."""
    report = _locked(VacancyReport, report_id)
    form = DecisionForm()
    if not _chosen(form, ("dismiss", "close")):
        return _reports_page("open", form.form_errors[-1], 400)
    if report.status != "open":
        return _reports_page("open", _("This report was already handled by %(name)s on %(when)s.",
                                       name=_person(report.handled_by_id),
                                       when=datetime_filter(report.handled_at, "short")), 409)
    now = utcnow()
    handled = [report]
    if form.action.data == "close":
        vacancy = report.vacancy
        if vacancy.status == VacancyStatus.PUBLISHED:
            vacancies.close(vacancy)
        handled = db.session.execute(select(VacancyReport).where(
            VacancyReport.vacancy_id == vacancy.id, VacancyReport.status == "open")).scalars().all()
    for row in handled:
        row.status = "dismissed" if form.action.data == "dismiss" else "actioned"
        row.handled_by_id, row.handled_at = current_user.id, now
    db.session.commit()
    flash(_("The report is dismissed.") if form.action.data == "dismiss" else
          _("The vacancy is closed and its reports are done."), "success")
    return redirect(url_for(".staff_reports"), 303)


# Counter: a walk-in citizen registered and given a card on the spot

def _counter_page(form: CounterForm, status: int = 200, existing: Seeker | None = None):
    return render("pencaker/staff/counter.html", block=None, status=status, form=form, existing=existing)


def _seeker_with_nik(nik: str) -> Seeker | None:
    return db.session.execute(select(Seeker).where(Seeker.nik == nik)).scalar_one_or_none() if nik else None


def _duplicate(form: CounterForm, existing: Seeker):
    form.nik.errors = [*form.nik.errors, _("This NIK is already registered as a job seeker in this region.")]
    return _counter_page(form, 422, existing)


@bp.route("/staf/pencaker/loket", methods=["GET", "POST"])
@disnaker_only
def staff_counter():
    """Register a walk-in citizen (with their consent) and issue their AK/1 card at once, ready to print."""
    form = CounterForm()
    form.fill()
    if request.method == "GET":
        return _counter_page(form)
    done = previous_result(COUNTER_SCOPE, submitted_key())
    if done is not None:
        return redirect(url_for(".card_print", card_id=int(done)), 303)
    if not form.validate_on_submit():
        return _counter_page(form, 422)
    existing = _seeker_with_nik(normalise_nik(form.nik.data))
    if existing is not None:
        return _duplicate(form, existing)
    if not getattr(form.photo.data, "filename", None):
        form.photo.errors = [*form.photo.errors, _("Take or choose the citizen's 3×4 photo.")]
        return _counter_page(form, 422)
    seeker = Seeker(user_id=None, registered_via="counter", registered_by_id=current_user.id, consent_at=utcnow())
    try:
        profiles.save_identity(seeker, form)
        photo = profiles.save_photo(form.photo.data)
    except (Refused, UploadError) as problem:
        db.session.rollback()
        if isinstance(problem, Refused):
            problem.attach_to(form)
        else:
            form.photo.errors = [*form.photo.errors, str(problem)]
        return _counter_page(form, 422)

    def create() -> str:
        seeker.photo = photo
        seeker.educations.append(SeekerEducation(level=form.level.data, major=form.major.data or "",
                                                 school=form.school.data, year=form.year.data))
        db.session.flush()
        card = cards.apply(seeker, actor=current_user)
        cards.approve(card, current_user)
        return str(card.id)

    try:
        result, created = run_once(COUNTER_SCOPE, submitted_key(), create)
    except (Refused, IntegrityError) as problem:
        db.session.rollback()
        delete_upload(photo)
        done = previous_result(COUNTER_SCOPE, submitted_key())
        if done is not None:  # a twin of this submission won the race
            return redirect(url_for(".card_print", card_id=int(done)), 303)
        if isinstance(problem, Refused):
            problem.attach_to(form)
            return _counter_page(form, 422)
        existing = _seeker_with_nik(normalise_nik(form.nik.data))
        if existing is not None:
            return _duplicate(form, existing)
        raise
    if not created:
        delete_upload(photo)
    flash(_("The citizen is registered and the AK/1 card is issued. Print it now."), "success")
    return redirect(url_for(".card_print", card_id=int(result)), 303)


# Job seekers

@bp.get("/staf/pencaker/pencari-kerja")
@disnaker_only
def staff_seekers():
    """Find a job seeker by NIK (exact) or by name (part of it); newest first without a search."""
    form = SearchForm(formdata=request.args)
    form.validate()
    q = (form.q.data or "").strip()[:120]
    page = _page()
    query = select(Seeker)
    nik = normalise_nik(q)
    if nik.isdigit():
        query = query.where(Seeker.nik == nik).order_by(Seeker.id)
    elif q:
        query = query.where(Seeker.full_name.icontains(q, autoescape=True)).order_by(Seeker.full_name, Seeker.id)
    else:
        query = query.order_by(Seeker.created_at.desc(), Seeker.id.desc())
    rows, more = _paged(query.options(selectinload(Seeker.cards)), page)
    return render("pencaker/staff/seekers.html", block="list", form=form, rows=rows, more=more, page=page, q=q,
                  short_nik=len(nik) if nik.isdigit() and len(nik) != 16 else 0, today=region_today())


def _seeker_page(seeker: Seeker, form: PlacementForm | None = None, status: int = 200):
    applications = db.session.execute(
        select(Application).where(Application.seeker_id == seeker.id)
        .order_by(Application.created_at.desc())).scalars().all()
    placements = db.session.execute(
        select(Placement).where(Placement.seeker_id == seeker.id)
        .order_by(Placement.started_on.desc(), Placement.id.desc())).scalars().all()
    today = region_today()
    return render("pencaker/staff/seeker.html", block=None, status=status, seeker=seeker, today=today,
                  applications=applications, placements=placements, form=form or PlacementForm(formdata=None),
                  nik_problems=check_nik(seeker.nik, seeker.birth_date, seeker.gender),
                  age=age_on(seeker.birth_date, today), registered_by=_person(seeker.registered_by_id)
                  if seeker.registered_by_id else None, current=cards.current_card(seeker))


@bp.get("/staf/pencaker/pencari-kerja/<int:id>")
@disnaker_only
def staff_seeker(id):
    """A job seeker: profile, cards, applications and placements."""
    return _seeker_page(scoped_get_or_404(Seeker, id))


@bp.post("/staf/pencaker/pencari-kerja/<int:id>/penempatan")
@disnaker_only
def staff_seeker_placement(id):
    """Record that the seeker got a job (their valid card becomes inactive); a double submit records one."""
    seeker = scoped_get_or_404(Seeker, id)
    form = PlacementForm()
    done = previous_result(PLACEMENT_SCOPE, submitted_key())
    if done is not None:
        return redirect(url_for(".staff_seeker", id=seeker.id), 303)
    if not form.validate_on_submit():
        return _seeker_page(seeker, form, 422)

    def create() -> str:
        placement = cards.record_placement(seeker, form.employer_name.data, form.started_on.data, "officer",
                                           current_user)
        db.session.flush()
        return str(placement.id)

    try:
        run_once(PLACEMENT_SCOPE, submitted_key(), create)
    except Refused as refusal:
        db.session.rollback()
        refusal.attach_to(form)
        return _seeker_page(seeker, form, 422)
    flash(_("The placement is recorded."), "success")
    return redirect(url_for(".staff_seeker", id=seeker.id), 303)


# Statistics

def _period() -> tuple[PeriodForm, date | None, date | None]:
    """The ?dari=&sampai= period (this year up to today when neither is given), or the form with a problem."""
    args = request.args
    if "dari" not in args and "sampai" not in args:
        today = region_today()
        args = MultiDict({"dari": today.replace(month=1, day=1).isoformat(), "sampai": today.isoformat()})
    form = PeriodForm(formdata=args)
    if not form.validate():
        return form, None, None
    problem = stats.period_problem(form.dari.data, form.sampai.data)
    if problem:
        form.sampai.errors = [*form.sampai.errors, problem]
        return form, None, None
    return form, form.dari.data, form.sampai.data


@bp.get("/staf/pencaker/statistik")
@disnaker_only
def staff_stats():
    """Numbers for a period: seekers by education, gender and age; vacancies by sector; months."""
    form, start, end = _period()
    if start is None:
        return render("pencaker/staff/stats.html", status=400, form=form, numbers=None)
    if request.args.get("format") == "csv":
        return _csv(start, end)
    return render("pencaker/staff/stats.html", form=form, numbers=stats.numbers(start, end))


@bp.get("/staf/pencaker/statistik.csv")
@disnaker_only
def staff_stats_csv():
    """The same numbers as a CSV file (UTF-8 with a byte-order mark, so spreadsheets read it right)."""
    form, start, end = _period()
    if start is None:
        return render("pencaker/staff/stats.html", status=400, form=form, numbers=None)
    return _csv(start, end)


def _csv(start: date, end: date) -> Response:
    filename = f"pencaker-{start.isoformat()}-{end.isoformat()}.csv"
    return Response("\ufeff" + stats.csv_text(stats.numbers(start, end)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


# Job fairs

@bp.get("/staf/pencaker/bursa-kerja")
@disnaker_only
def staff_fairs():
    """Job fairs, the latest first, with their companies counted."""
    page = _page()
    rows, more = _paged(select(JobFair).options(selectinload(JobFair.companies))
                        .order_by(JobFair.starts_on.desc(), JobFair.id.desc()), page)
    return render("pencaker/staff/fairs.html", rows=rows, more=more, page=page, today=region_today())


def _fair_page(form: FairForm, fair: JobFair | None, status: int = 200, company_form: FairCompanyForm | None = None):
    if company_form is None and fair is not None:
        company_form = FairCompanyForm(formdata=None)
    if company_form is not None:
        company_form.fill(db.session.execute(select(Employer).where(Employer.status == EmployerStatus.VERIFIED)
                                             .order_by(Employer.name)).scalars())
    return render("pencaker/staff/fair.html", block=None, status=status, form=form, fair=fair,
                  company_form=company_form)


def _write_fair(fair: JobFair, form: FairForm) -> JobFair:
    """Copy the form onto `fair`; refuse an address another fair of the region uses."""
    slug = slugify(form.slug.data or form.title.data, 120)
    if not slug:
        raise Refused(_("Write the address with letters or digits."), "slug")
    taken = db.session.execute(select(JobFair.id).where(JobFair.slug == slug)).scalar_one_or_none()
    if taken is not None and taken != fair.id:
        raise Refused(_("Another job fair already uses this address. Please choose another one."), "slug")
    fair.slug = slug
    for name in ("title", "starts_on", "ends_on", "place"):
        setattr(fair, name, form[name].data)
    for name in ("hours", "address", "description"):
        setattr(fair, name, form[name].data or "")
    fair.published = bool(form.published.data)
    db.session.add(fair)
    db.session.flush()
    return fair


def _save_fair(form: FairForm, fair: JobFair | None):
    if not form.validate_on_submit():
        return _fair_page(form, fair, 422)
    try:
        if fair is None:
            result, _created = run_once(FAIR_SCOPE, submitted_key(), lambda: str(_write_fair(JobFair(), form).id))
            fair_id = int(result)
        else:
            _write_fair(fair, form)
            db.session.commit()
            fair_id = fair.id
    except (Refused, IntegrityError) as problem:
        db.session.rollback()
        if isinstance(problem, IntegrityError):  # another officer took the address a moment ago
            problem = Refused(_("Another job fair already uses this address. Please choose another one."), "slug")
        problem.attach_to(form)
        return _fair_page(form, fair, 422)
    flash(_("The job fair is saved."), "success")
    return redirect(url_for(".staff_fair", fair_id=fair_id), 303)


@bp.route("/staf/pencaker/bursa-kerja/baru", methods=["GET", "POST"])
@disnaker_only
def staff_fair_new():
    """A new job fair; its companies are added once it is saved."""
    form = FairForm()
    if request.method == "GET":
        return _fair_page(form, None)
    done = previous_result(FAIR_SCOPE, submitted_key())
    if done is not None:
        return redirect(url_for(".staff_fair", fair_id=int(done)), 303)
    return _save_fair(form, None)


@bp.route("/staf/pencaker/bursa-kerja/<int:fair_id>", methods=["GET", "POST"])
@disnaker_only
def staff_fair(fair_id):
    """Edit a job fair, and see and change the companies taking part."""
    fair = scoped_get_or_404(JobFair, fair_id)
    if request.method == "GET":
        return _fair_page(FairForm(formdata=None, obj=fair), fair)
    return _save_fair(FairForm(), fair)


@bp.post("/staf/pencaker/bursa-kerja/<int:fair_id>/perusahaan")
@disnaker_only
def staff_fair_company_add(fair_id):
    """Add a company to the fair: a verified employer of the region, or a name typed in."""
    fair = scoped_get_or_404(JobFair, fair_id)
    form = FairCompanyForm()
    employers = db.session.execute(select(Employer).where(Employer.status == EmployerStatus.VERIFIED)
                                   .order_by(Employer.name)).scalars().all()
    form.fill(employers)
    if previous_result(FAIR_COMPANY_SCOPE, submitted_key()) is not None:
        return redirect(url_for(".staff_fair", fair_id=fair.id), 303)
    if not form.validate_on_submit():
        return _fair_page(FairForm(formdata=None, obj=fair), fair, 422, company_form=form)
    employer = next((e for e in employers if str(e.id) == form.employer_id.data), None)

    def create() -> str:
        company = JobFairCompany(employer_id=employer.id if employer else None,
                                 name=form.name.data or employer.name, booth=form.booth.data or "",
                                 openings=form.openings.data)
        fair.companies.append(company)
        db.session.flush()
        return str(company.id)

    run_once(FAIR_COMPANY_SCOPE, submitted_key(), create)
    flash(_("The company is added."), "success")
    return redirect(url_for(".staff_fair", fair_id=fair.id), 303)


@bp.post("/staf/pencaker/bursa-kerja/<int:fair_id>/perusahaan/<int:company_id>/hapus")
@disnaker_only
def staff_fair_company_remove(fair_id, company_id):
    """Take a company off the fair's list."""
    fair = scoped_get_or_404(JobFair, fair_id)
    company = scoped_get_or_404(JobFairCompany, company_id)
    if company.fair_id != fair.id:
        abort(404)
    name = company.name
    db.session.delete(company)
    db.session.commit()
    flash(_("%(name)s is taken off the list.", name=name), "success")
    return redirect(url_for(".staff_fair", fair_id=fair.id), 303)

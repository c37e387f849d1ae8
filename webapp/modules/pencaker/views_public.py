"""The public vacancy board (/loker/): the list with search and filters, a vacancy with its JobPosting
JSON-LD, applying with one tap, reporting a vacancy, job fairs, and the home card.

A visitor sees a vacancy only when its employer is verified and it is published (open until its closing
day) or was closed after publishing; a closed or expired one stays readable with a note but takes no
applications. Drafts, vacancies in review and returned ones are 404. Query parameters are Indonesian like
the paths: `q`, `sektor`, `pendidikan`, `kecamatan`, `jenis`, `disabilitas`, `segera`, `perusahaan` and
`sebelum` (the cursor of the next, older page).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ...core.clock import as_utc, region_today
from ...core.idempotency import previous_result, run_once, submitted_key
from ...core.rendering import render
from ...core.staff.common import Refused
from ...core.wilayah import kecamatan_list
from ...extensions import db, limiter
from ...core.search import like_pattern
from . import applications, bp, notifications, profiles, vacancies
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, NO_MINIMUM, SECTORS, education_rank, meets_education
from .models import (Application, Employer, EmployerStatus, JobFair, JobFairCompany, Vacancy, VacancyReport,
                     VacancyStatus)
from .public_forms import REMOTE, ApplyForm, FilterForm, ReportForm

PAGE_SIZE = 10
SOON_DAYS = 7  # "closing soon": the closing day is at most this many days away
PAST_FAIRS = 12
CARD_ROWS = 3
APPLY_SCOPE = "pencaker.apply"
REPORT_SCOPE = "pencaker.report"
READABLE = (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED)
LABELS = {"sector": dict(SECTORS), "type": dict(EMPLOYMENT_TYPES), "education": dict(EDUCATION_LEVELS)}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CURSOR = re.compile(r"(\d{1,19})\.(\d{1,18})")


class BadCursor(ValueError):
    """A `sebelum` value this site never made."""


# Queries (every one runs through the scoped session: only the current region's rows)

def public_condition(today: date):
    """Open vacancies of verified employers (needs `Employer` joined)."""
    return and_(Vacancy.open_on(today), Employer.status == EmployerStatus.VERIFIED)


def open_vacancies(today: date, *conditions):
    """SELECT of the open vacancies of verified employers matching `conditions`, each with its employer."""
    return (select(Vacancy).join(Vacancy.employer).options(contains_eager(Vacancy.employer))
            .where(public_condition(today), *conditions))


COUNT_CAP = 1000  # above this, pages say "more than 1,000": counting every open vacancy grows with the data


def count_open(today: date, *conditions) -> int:
    """How many open vacancies match, counted up to COUNT_CAP + 1 (one more means "more than COUNT_CAP")."""
    matching = (select(Vacancy.id).join(Vacancy.employer).where(public_condition(today), *conditions)
                .limit(COUNT_CAP + 1).subquery())
    return db.session.execute(select(func.count()).select_from(matching)).scalar_one()


def newest_first(query):
    return query.order_by(Vacancy.published_at.desc(), Vacancy.id.desc())


def levels_up_to(level: str) -> list[str]:
    """Minimum-education codes a person with `level` meets (SMA and SMK are one level)."""
    rank = education_rank(level)
    return [code for code in (NO_MINIMUM, *dict(EDUCATION_LEVELS)) if education_rank(code) <= rank]


def filter_conditions(form: FilterForm, today: date) -> list:
    """SQL conditions for the form's valid filters."""
    data, conditions = form.data, []
    if data["q"] and not form.q.errors:
        pattern = like_pattern(data["q"])
        conditions.append(or_(Vacancy.title.ilike(pattern, escape="\\"),
                              Vacancy.description.ilike(pattern, escape="\\"),
                              Employer.name.ilike(pattern, escape="\\")))
    if data["sektor"]:
        conditions.append(Vacancy.sector == data["sektor"])
    if data["pendidikan"]:
        conditions.append(Vacancy.min_education.in_(levels_up_to(data["pendidikan"])))
    if data["kecamatan"] == REMOTE:
        conditions.append(Vacancy.remote.is_(True))
    elif data["kecamatan"]:
        conditions.append(Vacancy.kecamatan_code == data["kecamatan"])
    if data["jenis"]:
        conditions.append(Vacancy.employment_type == data["jenis"])
    if data["disabilitas"]:
        conditions.append(Vacancy.disability_friendly.is_(True))
    if data["segera"]:
        conditions.append(Vacancy.closes_on <= today + timedelta(days=SOON_DAYS))
    if data["perusahaan"] and not form.perusahaan.errors:
        conditions.append(Vacancy.employer_id == int(data["perusahaan"]))
    return conditions


def cursor_of(vacancy: Vacancy) -> str:
    """"<microseconds since 1970 of published_at>.<id>": where the next page starts."""
    return f"{(as_utc(vacancy.published_at) - _EPOCH) // timedelta(microseconds=1)}.{vacancy.id}"


def after_cursor(cursor: str):
    """The condition for rows strictly after `cursor` in newest-first order; raises BadCursor."""
    match = _CURSOR.fullmatch(cursor)
    if not match:
        raise BadCursor(cursor)
    try:
        moment = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError:
        raise BadCursor(cursor) from None
    ident = int(match.group(2))
    return or_(Vacancy.published_at < moment, and_(Vacancy.published_at == moment, Vacancy.id < ident))


def page_of(query, limit: int = PAGE_SIZE) -> tuple[list[Vacancy], str | None]:
    """One page, newest first, and the cursor of the next page (None on the last one)."""
    rows = list(db.session.execute(newest_first(query).limit(limit + 1)).scalars())
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, cursor_of(rows[-1])


def places() -> dict[str, str]:
    """Kecamatan names by code, for showing where the work is."""
    return {area.code: area.name for area in kecamatan_list()}


def verified_employer(ident: str) -> Employer | None:
    return db.session.execute(select(Employer).where(
        Employer.id == int(ident), Employer.status == EmployerStatus.VERIFIED)).scalar_one_or_none()


# The list

def check_request(form: FilterForm, cursor: str | None) -> tuple[str | None, Employer | None, list]:
    """(what is wrong with the filters or the cursor, the company filtered by, the cursor's condition)."""
    if not form.validate():
        return " ".join(form.perusahaan.errors) or _("Some of the choices were not understood. Please check "
                                                      "the form."), None, []
    employer = None
    if form.perusahaan.data:
        employer = verified_employer(form.perusahaan.data)
        if employer is None:
            return _("This company has no vacancies here. Choose from the list instead."), None, []
    try:
        return None, employer, [after_cursor(cursor)] if cursor else []
    except BadCursor:
        return _("This page link is not valid. Start again from the newest vacancies."), employer, []


@bp.get("/loker/")
def index():
    """Open vacancies, newest first, ten at a time; htmx swaps the results or appends the next page."""
    today = region_today()
    form = FilterForm(formdata=request.args)
    form.fill()
    cursor = request.args.get("sebelum") or None
    problem, employer, after = check_request(form, cursor)
    conditions = filter_conditions(form, today)
    rows, next_cursor, total = [], None, None
    if problem is None:
        rows, next_cursor = page_of(open_vacancies(today, *conditions, *after))
        if not cursor:
            total = count_open(today, *conditions)
    return render("pencaker/index.html", block="page" if cursor and problem is None else "list",
                  status=400 if problem else 200, form=form, rows=rows, next_cursor=next_cursor, cursor=cursor,
                  total=total, count_cap=COUNT_CAP, problem=problem, query=form.query_args(), employer=employer, today=today,
                  places=dict(form.kecamatan.choices), labels=LABELS)


# A vacancy

def readable_vacancy(vacancy_id: int) -> Vacancy:
    """A vacancy the public may read (open, expired or closed, of a verified employer), or 404."""
    vacancy = db.session.execute(select(Vacancy).where(Vacancy.id == vacancy_id)).scalar_one_or_none()
    if vacancy is None or vacancy.status not in READABLE or not vacancy.employer.verified:
        abort(404)
    return vacancy


def share_links(vacancy: Vacancy, url: str) -> dict:
    text = _("%(title)s at %(company)s", title=vacancy.title, company=vacancy.employer.name)
    return {"whatsapp": "https://wa.me/?text=" + quote(f"{text} {url}", safe="")}


def _detail(vacancy: Vacancy, status: int = 200, form: ApplyForm | None = None, problem: str | None = None):
    """The vacancy's page; for a signed-in visitor, also where they stand with applying."""
    today = region_today()
    is_open = vacancy.is_open(today)
    seeker = profiles.seeker_for(current_user)
    applied = applications.existing_application(seeker, vacancy) if seeker else None
    missing = below = None
    if current_user.is_authenticated and is_open and applied is None:
        missing = applications.missing_for_application(seeker)
        if seeker is not None and seeker.educations:
            level = seeker.highest_education.level
            if not meets_education(level, vacancy.min_education):
                below = LABELS["education"].get(level, level)
        if not missing and form is None:
            form = ApplyForm()
    url = url_for("pencaker.vacancy", vacancy_id=vacancy.id, _external=True)
    return render(
        "pencaker/vacancy.html", block=None, status=status, v=vacancy, today=today, is_open=is_open,
        state=vacancy.state(today), applied=applied, missing=missing, below=below,
        form=form if is_open and applied is None and not missing else None, problem=problem, url=url,
        links=share_links(vacancy, url), places=places(), labels=LABELS,
        json_ld=Markup(vacancies.json_ld(vacancy)) if is_open else None,
        status_label=applications.status_label,
    )


@bp.get("/loker/<int:vacancy_id>")
def vacancy(vacancy_id):
    """Everything about one vacancy, the warning against paying for a job, and the apply button."""
    return _detail(readable_vacancy(vacancy_id))


@bp.post("/loker/<int:vacancy_id>/lamar")
@limiter.limit("30 per minute")
def apply(vacancy_id):
    """One tap: send the seeker's profile to the employer (a repeated tap with the same key sends nothing)."""
    vacancy = readable_vacancy(vacancy_id)
    if not current_user.is_authenticated:
        flash(_("Please sign in to apply. You come back to the vacancy afterwards."), "info")
        return redirect(url_for("accounts.login", next=url_for("pencaker.vacancy", vacancy_id=vacancy.id)))
    key = submitted_key()
    done = previous_result(APPLY_SCOPE, key)
    if done is not None:
        return redirect(url_for("pencaker.my_application", application_id=int(done)), 303)
    form = ApplyForm()
    seeker = profiles.seeker_for(current_user)
    if not vacancy.is_open(region_today()):
        return _detail(vacancy, 409, problem=_("This vacancy is closed; applications are no longer accepted."))
    if applications.missing_for_application(seeker):
        return _detail(vacancy, 422, problem=_("Your profile is not complete yet, so you cannot apply."))
    if applications.existing_application(seeker, vacancy) is not None:
        return _detail(vacancy, 409, problem=_("You already applied to this vacancy."))
    if not form.validate():
        return _detail(vacancy, 422, form=form)

    def create() -> str:
        application = applications.apply(seeker, vacancy, form.cover_note.data or "")
        db.session.flush()
        return str(application.id)

    try:
        result, created = run_once(APPLY_SCOPE, key, create)
    except (Refused, IntegrityError):  # a twin request with another key got there first
        db.session.rollback()
        return _detail(vacancy, 409, problem=_("You already applied to this vacancy."))
    application = db.session.execute(select(Application).where(Application.id == int(result))).scalar_one()
    if created:
        notifications.notify_application(application.events[0])
    flash(_("Your application for “%(title)s” was sent to %(company)s.", title=vacancy.title,
            company=vacancy.employer.name), "success")
    return redirect(url_for("pencaker.my_application", application_id=application.id), 303)


# Reporting a vacancy

def open_report_by(user, vacancy: Vacancy) -> VacancyReport | None:
    if not user.is_authenticated:
        return None
    return db.session.execute(select(VacancyReport).where(
        VacancyReport.vacancy_id == vacancy.id, VacancyReport.reporter_id == user.id,
        VacancyReport.status == "open").limit(1)).scalar_one_or_none()


@bp.route("/loker/<int:vacancy_id>/laporkan", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def report_vacancy(vacancy_id):
    """Tell Disnaker something is wrong with a vacancy (anyone may; a signed-in person once while it is open)."""
    vacancy = readable_vacancy(vacancy_id)
    form = ReportForm()
    already = open_report_by(current_user, vacancy)
    if request.method == "GET":
        return render("pencaker/report.html", v=vacancy, form=form, already=already)
    key = submitted_key()
    if previous_result(REPORT_SCOPE, key) is not None:
        return render("pencaker/report.html", v=vacancy, form=form, done=True)
    if already is not None:
        return render("pencaker/report.html", status=409, v=vacancy, form=form, already=already)
    if not form.validate():
        return render("pencaker/report.html", status=422, v=vacancy, form=form)

    def create() -> str:
        report = VacancyReport(vacancy_id=vacancy.id, reason=form.reason.data, details=form.details.data or "",
                               contact=form.contact.data or None,
                               reporter_id=current_user.id if current_user.is_authenticated else None)
        db.session.add(report)
        db.session.flush()
        return str(report.id)

    run_once(REPORT_SCOPE, key, create)
    return render("pencaker/report.html", v=vacancy, form=form, done=True)


# Job fairs

def company_counts(fair_ids: list[int]) -> dict[int, int]:
    if not fair_ids:
        return {}
    rows = db.session.execute(select(JobFairCompany.fair_id, func.count(JobFairCompany.id))
                              .where(JobFairCompany.fair_id.in_(fair_ids)).group_by(JobFairCompany.fair_id))
    return dict(rows.all())


def open_counts(employer_ids: list[int], today: date) -> dict[int, int]:
    """Open vacancies per verified employer."""
    if not employer_ids:
        return {}
    rows = db.session.execute(select(Vacancy.employer_id, func.count(Vacancy.id)).join(Vacancy.employer)
                              .where(public_condition(today), Vacancy.employer_id.in_(employer_ids))
                              .group_by(Vacancy.employer_id))
    return dict(rows.all())


@bp.get("/loker/bursa-kerja")
def fairs():
    """Published job fairs: ongoing and upcoming first (soonest first), then recent past ones."""
    today = region_today()
    published = select(JobFair).where(JobFair.published.is_(True))
    coming = list(db.session.execute(published.where(JobFair.ends_on >= today)
                                     .order_by(JobFair.starts_on, JobFair.id)).scalars())
    past = list(db.session.execute(published.where(JobFair.ends_on < today)
                                   .order_by(JobFair.starts_on.desc(), JobFair.id.desc()).limit(PAST_FAIRS)).scalars())
    return render("pencaker/fairs.html", block=None, coming=coming, past=past, today=today,
                  companies=company_counts([f.id for f in coming + past]))


@bp.get("/loker/bursa-kerja/<slug>")
def fair(slug):
    """One job fair: when, where, and the companies taking part with their openings."""
    item = db.session.execute(select(JobFair).where(JobFair.slug == slug[:120], JobFair.published.is_(True))
                              ).scalar_one_or_none()
    if item is None:
        abort(404)
    today = region_today()
    counts = open_counts([c.employer_id for c in item.companies if c.employer_id], today)
    return render("pencaker/fair.html", block=None, fair=item, today=today, counts=counts)


# Home card

def card_context() -> dict:
    """The number of open vacancies and the three newest, for the home page card (two queries)."""
    today = region_today()
    newest = list(db.session.execute(newest_first(open_vacancies(today)).limit(CARD_ROWS)).scalars())
    return {"open_count": count_open(today), "count_cap": COUNT_CAP, "newest": newest, "today": today}

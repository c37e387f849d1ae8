"""The employer's pages (`/pencaker/perusahaan/`): registering the company, writing vacancies and sending
them to Disnaker for review, and moving applicants along (each change is told to the applicant).

An employer is any signed-in account that registered a company in this region (`Employer.owner_id`); one
company per account and region. Vacancies and applications of other companies (or other regions, through
the region scoping) are 404.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from ...core.accounts.contact import display_phone
from ...core.clock import region_now, region_today
from ...core.i18n import rupiah
from ...core.idempotency import previous_result, run_once, submitted_key
from ...core.models import Area, utcnow
from ...core.rendering import render
from ...core.staff.common import Refused, save_or_refuse
from ...extensions import db
from . import applications, bp, vacancies
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, NO_MINIMUM, SECTORS, education_rank, label
from .employer_forms import ApplicantFilterForm, EmployerForm, StatusForm, VacancyForm
from .models import (Application, ApplicationStatus, Employer, EmployerStatus, Seeker, SeekerEducation, Vacancy,
                     VacancyStatus)
from .nik import age_on
from .notifications import notify_application

EMPLOYER_SCOPE = "pencaker.employer"
VACANCY_SCOPE = "pencaker.vacancy"
STATUS_SCOPE = "pencaker.application_status"
APPLICANTS_PAGE = 50
# The order of the groups on the employer's home: what needs their action first.
STATE_ORDER = ("returned", VacancyStatus.DRAFT, VacancyStatus.REVIEW, VacancyStatus.PUBLISHED, "expired",
               VacancyStatus.CLOSED)


# ------------------------------------------------------------------------------------------ lookups

def education_label(code: str) -> str:
    return label(EDUCATION_LEVELS, code)


def kecamatan_name(code: str | None) -> str | None:
    """The name of one of the region's kecamatan (its own Area rows, as in the forms)."""
    if not code:
        return None
    return db.session.execute(select(Area.name).where(Area.code == code)).scalars().first()


def own_employer() -> Employer | None:
    """The signed-in person's company in this region, if they registered one."""
    query = select(Employer).where(Employer.owner_id == current_user.id).order_by(Employer.id)
    return db.session.execute(query).scalars().first()


def _employer_or_404() -> Employer:
    employer = own_employer()
    if employer is None:
        abort(404)
    return employer


def own_vacancy(vacancy_id: int) -> Vacancy:
    """A vacancy of the signed-in person's company, or 404 (another company's looks like no vacancy at all)."""
    employer = _employer_or_404()
    vacancy = db.session.execute(select(Vacancy).where(
        Vacancy.id == vacancy_id, Vacancy.employer_id == employer.id)).scalar_one_or_none()
    if vacancy is None:
        abort(404)
    return vacancy


def own_application(application_id: int) -> Application:
    employer = _employer_or_404()
    application = db.session.execute(
        select(Application).join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Application.id == application_id, Vacancy.employer_id == employer.id)
    ).unique().scalar_one_or_none()
    if application is None:
        abort(404)
    return application


def applicant_counts(employer: Employer) -> dict[int, tuple[int, int]]:
    """{vacancy id: (applicants, not yet opened)} for all of the company's vacancies, in one query."""
    rows = db.session.execute(
        select(Application.vacancy_id, func.count(),
               func.sum(case((Application.status == ApplicationStatus.SENT, 1), else_=0)))
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Vacancy.employer_id == employer.id).group_by(Application.vacancy_id))
    return {vacancy_id: (total, int(new or 0)) for vacancy_id, total, new in rows}


# ------------------------------------------------------------------------------------ the company

@bp.get("/pencaker/perusahaan/")
@login_required
def employer_home():
    """The company's status and its vacancies by state, with applicant counts; or an invitation to register."""
    employer = own_employer()
    if employer is None:
        return render("pencaker/employer/home.html", employer=None)
    today = region_today()
    rows = db.session.execute(select(Vacancy).where(Vacancy.employer_id == employer.id)
                              .order_by(Vacancy.created_at.desc(), Vacancy.id.desc())).scalars()
    groups: dict[str, list[Vacancy]] = {state: [] for state in STATE_ORDER}
    for vacancy in rows:
        groups[vacancy.state(today)].append(vacancy)
    return render("pencaker/employer/home.html", employer=employer, groups=groups, counts=applicant_counts(employer),
                  today=today)


def _company_page(form, employer=None, status=200, existing=None):
    return render("pencaker/employer/register.html", status=status, form=form, employer=employer, existing=existing)


@bp.route("/pencaker/perusahaan/daftar", methods=["GET", "POST"])
@login_required
def employer_register():
    """Register a company: waits for Disnaker's verification before its vacancies can go live."""
    form = EmployerForm()
    form.fill()
    if request.method == "POST" and previous_result(EMPLOYER_SCOPE, submitted_key()) is not None:
        return redirect(url_for(".employer_home"))  # a repeat of the submission that registered it
    existing = own_employer()
    if existing is not None:
        # One company per account and region: point at the one they have.
        return _company_page(form, status=409 if request.method == "POST" else 200, existing=existing)
    if form.validate_on_submit():
        def create() -> str:
            employer = Employer(owner_id=current_user.id, status=EmployerStatus.PENDING)
            form.apply_to(employer)
            db.session.add(employer)
            db.session.flush()
            return str(employer.id)

        run_once(EMPLOYER_SCOPE, submitted_key(), create)
        flash(_("Your company is registered. Disnaker will verify it; until then your vacancies cannot go live."),
              "success")
        return redirect(url_for(".employer_home"))
    return _company_page(form, status=422 if form.errors else 200)


@bp.route("/pencaker/perusahaan/ubah", methods=["GET", "POST"])
@login_required
def employer_edit():
    """Edit the company. A new name or NIB is checked again by Disnaker; a rejected company asks again."""
    employer = own_employer()
    if employer is None:
        return redirect(url_for(".employer_register"))
    if request.method == "GET":
        form = EmployerForm(formdata=None, data=EmployerForm.defaults(employer)
                            | {"contact_phone": display_phone(employer.contact_phone)})
        form.fill()
        return _company_page(form, employer)
    form = EmployerForm()
    form.fill()
    if not form.validate_on_submit():
        return _company_page(form, employer, status=422)
    identity_changed = (form.name.data, form.nib.data) != (employer.name, employer.nib)
    form.apply_to(employer)
    if employer.status == EmployerStatus.REJECTED or (employer.verified and identity_changed):
        employer.status, employer.reason = EmployerStatus.PENDING, None
        employer.verified_at = employer.verified_by_id = None
        db.session.commit()
        flash(_("Saved. Disnaker will check your company again before new vacancies can go live."), "success")
    else:
        db.session.commit()
        flash(_("Your company details are saved."), "success")
    return redirect(url_for(".employer_home"))


# ---------------------------------------------------------------------------------------- vacancies

def vacancy_facts(vacancy: Vacancy) -> list[tuple[str, str]]:
    """What a vacancy says, as (term, words) pairs for the read-only view."""
    pay = " – ".join(rupiah(amount) for amount in (vacancy.pay_min, vacancy.pay_max) if amount)
    ages = {(True, True): _("%(low)d to %(high)d years", low=vacancy.age_min or 0, high=vacancy.age_max or 0),
            (True, False): _("at least %(low)d years", low=vacancy.age_min or 0),
            (False, True): _("at most %(high)d years", high=vacancy.age_max or 0)}
    return [
        (_("Sector"), label(SECTORS, vacancy.sector)),
        (_("Type of work"), label(EMPLOYMENT_TYPES, vacancy.employment_type)),
        (_("Minimum education"), _("No minimum") if vacancy.min_education == NO_MINIMUM
         else education_label(vacancy.min_education)),
        (_("Age"), ages.get((vacancy.age_min is not None, vacancy.age_max is not None), _("Any age"))),
        (_("Where"), _("Remote") if vacancy.remote else (kecamatan_name(vacancy.kecamatan_code) or "")),
        (_("Pay per month"), pay or _("Not given")),
        (_("Openings"), str(vacancy.openings)),
        (_("Closing date"), format_date(vacancy.closes_on, "long")),
        (_("People with disabilities"), _("Welcome to apply") if vacancy.disability_friendly else _("Not stated")),
    ]


def _vacancy_page(vacancy: Vacancy | None, form=None, status=200, problem=None):
    if form is None and (vacancy is None or vacancies.may_edit(vacancy)):
        form = VacancyForm(formdata=None, data=VacancyForm.defaults(vacancy) if vacancy else None)
    if form is not None:
        form.fill()
    return render("pencaker/employer/vacancy.html", status=status, vacancy=vacancy, form=form, problem=problem,
                  facts=vacancy_facts(vacancy) if vacancy and form is None else (),
                  employer=vacancy.employer if vacancy else own_employer(), today=region_today(),
                  applicants=applicant_counts(vacancy.employer).get(vacancy.id, (0, 0)) if vacancy else (0, 0))


def _saved_message(vacancy: Vacancy, submitted: bool) -> str:
    if not submitted:
        return _("The draft “%(title)s” is saved. Submit it for review when it is ready.", title=vacancy.title)
    if vacancy.employer.verified:
        return _("“%(title)s” is sent to Disnaker for review. It goes live once they approve it.", title=vacancy.title)
    return _("“%(title)s” is sent to Disnaker. It can go live only after Disnaker verifies your company.",
             title=vacancy.title)


@bp.route("/pencaker/perusahaan/lowongan/baru", methods=["GET", "POST"])
@login_required
def employer_vacancy_new():
    """Write a vacancy: save it as a draft, or submit it for review at once."""
    employer = own_employer()
    if employer is None:
        flash(_("Register your company first; then you can post vacancies."), "info")
        return redirect(url_for(".employer_register"))
    form = VacancyForm()
    form.fill()
    if not form.validate_on_submit():
        return _vacancy_page(None, form, status=422 if form.errors else 200)
    submit = request.form.get("action") == "submit"

    def create() -> str:
        vacancy = Vacancy(employer=employer, status=VacancyStatus.DRAFT)
        form.apply_to(vacancy)
        vacancies.check_vacancy(vacancy)
        if submit:
            vacancies.submit_for_review(vacancy)
        db.session.add(vacancy)
        db.session.flush()
        return str(vacancy.id)

    saved, result = save_or_refuse(form, lambda: run_once(VACANCY_SCOPE, submitted_key(), create))
    if not saved:
        return _vacancy_page(None, form, status=422)
    vacancy = own_vacancy(int(result[0]))
    flash(_saved_message(vacancy, vacancy.status == VacancyStatus.REVIEW), "success")
    return redirect(url_for(".employer_home"))


@bp.route("/pencaker/perusahaan/lowongan/<int:vacancy_id>", methods=["GET", "POST"])
@login_required
def employer_vacancy(vacancy_id):
    """A vacancy: the form while it is a draft or returned, otherwise what it says and what can be done."""
    vacancy = own_vacancy(vacancy_id)
    if request.method == "GET":
        return _vacancy_page(vacancy)
    if not vacancies.may_edit(vacancy):
        return _vacancy_page(vacancy, status=409, problem=_(
            "This vacancy cannot be changed any more: only a draft or a vacancy returned by Disnaker can be edited."))
    form = VacancyForm()
    form.fill()
    if not form.validate_on_submit():
        return _vacancy_page(vacancy, form, status=422)
    submit = request.form.get("action") == "submit"

    def save() -> None:
        form.apply_to(vacancy)
        vacancies.check_vacancy(vacancy)
        vacancy.updated_at = utcnow()
        if submit:
            vacancies.submit_for_review(vacancy)

    saved, _result = save_or_refuse(form, save)
    if not saved:
        return _vacancy_page(vacancy, form, status=422)
    flash(_saved_message(vacancy, submit), "success")
    return redirect(url_for(".employer_home"))


@bp.post("/pencaker/perusahaan/lowongan/<int:vacancy_id>/ajukan")
@login_required
def employer_vacancy_submit(vacancy_id):
    """Send a draft or returned vacancy to Disnaker for review (allowed before the company is verified)."""
    vacancy = own_vacancy(vacancy_id)
    if vacancy.status == VacancyStatus.REVIEW:
        return redirect(url_for(".employer_home"))  # a repeated tap: already with Disnaker
    try:
        vacancies.submit_for_review(vacancy)
    except Refused as refusal:
        db.session.rollback()
        if refusal.field:  # something in the vacancy must change first: show it on the form
            form = VacancyForm(formdata=None, data=VacancyForm.defaults(vacancy))
            form.fill()
            refusal.attach_to(form)
            return _vacancy_page(vacancy, form, status=422)
        return _vacancy_page(vacancy, status=409, problem=refusal.message)
    db.session.commit()
    flash(_saved_message(vacancy, True), "success")
    return redirect(url_for(".employer_home"))


@bp.post("/pencaker/perusahaan/lowongan/<int:vacancy_id>/tutup")
@login_required
def employer_vacancy_close(vacancy_id):
    """Stop taking applications for a published vacancy."""
    vacancy = own_vacancy(vacancy_id)
    if vacancy.status != VacancyStatus.CLOSED:
        try:
            vacancies.close(vacancy)
        except Refused as refusal:
            db.session.rollback()
            return _vacancy_page(vacancy, status=409, problem=refusal.message)
        db.session.commit()
    flash(_("“%(title)s” is closed: it takes no more applications.", title=vacancy.title), "success")
    return redirect(url_for(".employer_home"))


# --------------------------------------------------------------------------------------- applicants

def _levels_at_least(level: str) -> list[str]:
    rank = education_rank(level)
    return [code for code, _label in EDUCATION_LEVELS if education_rank(code) >= rank]


def _day_start(day) -> datetime:
    """Midnight at the start of `day` in the region, in UTC (how times are stored)."""
    return datetime.combine(day, time.min, ZoneInfo(g.region.timezone)).astimezone(timezone.utc)


def applicant_rows(vacancy: Vacancy, form: ApplicantFilterForm, before: int | None) -> list[Application]:
    """The vacancy's applications matching the filters, newest first: one query plus one for education."""
    query = (select(Application).join(Seeker, Seeker.id == Application.seeker_id)
             .where(Application.vacancy_id == vacancy.id)
             .options(contains_eager(Application.seeker).selectinload(Seeker.educations))
             .order_by(Application.id.desc()).limit(APPLICANTS_PAGE + 1))
    if before:
        query = query.where(Application.id < before)
    if form.status.data:
        query = query.where(Application.status == form.status.data)
    if form.name.data:
        query = query.where(func.lower(Seeker.full_name).contains(form.name.data.lower(), autoescape=True))
    if form.education.data:
        query = query.where(Seeker.id.in_(select(SeekerEducation.seeker_id).where(
            SeekerEducation.level.in_(_levels_at_least(form.education.data)))))
    if form.applied_from.data:
        query = query.where(Application.created_at >= _day_start(form.applied_from.data))
    if form.applied_until.data:
        query = query.where(Application.created_at < _day_start(form.applied_until.data + timedelta(days=1)))
    return list(db.session.execute(query).unique().scalars())


@bp.get("/pencaker/perusahaan/lowongan/<int:vacancy_id>/pelamar")
@login_required
def employer_applicants(vacancy_id):
    """Who applied to a vacancy, filtered by status, name, education and date, newest first."""
    vacancy = own_vacancy(vacancy_id)
    form = ApplicantFilterForm(formdata=request.args)
    form.fill(applications.status_label)
    form.validate()
    for name in ("status", "education", "applied_from", "applied_until"):
        if form[name].errors:  # a filter that makes no sense is left out, not an error page
            form[name].data = None
    before = request.args.get("sebelum", type=int)
    rows = applicant_rows(vacancy, form, before)
    more = len(rows) > APPLICANTS_PAGE
    rows = rows[:APPLICANTS_PAGE]
    by_status = dict(db.session.execute(
        select(Application.status, func.count()).where(Application.vacancy_id == vacancy.id)
        .group_by(Application.status)).all())
    next_args = None
    if more:
        next_args = {k: v for k, v in request.args.items() if k != "sebelum" and v} | {"sebelum": rows[-1].id}
    return render("pencaker/employer/applicants.html", vacancy=vacancy, form=form, rows=rows, by_status=by_status,
                  next_args=next_args, today=region_today(), age_on=age_on, status_label=applications.status_label,
                  education_label=education_label)


def _application_page(application: Application, form=None, status=200, problem=None):
    offered = applications.NEXT.get(application.status, ())
    if form is None and offered:
        form = StatusForm(formdata=None)
    if form is not None:
        form.offer(offered)
    seeker = application.seeker
    return render("pencaker/employer/application.html", status=status, application=application, seeker=seeker,
                  vacancy=application.vacancy, form=form if offered else None, problem=problem,
                  age=age_on(seeker.birth_date, region_today()),
                  kecamatan=kecamatan_name(seeker.kecamatan_code),
                  phone=display_phone(seeker.phone), zone=region_now().strftime("%Z"),
                  status_label=applications.status_label,
                  education_label=education_label)


@bp.route("/pencaker/perusahaan/lamaran/<int:application_id>", methods=["GET", "POST"])
@login_required
def employer_application(application_id):
    """One applicant's profile for hiring (opening it tells them it was seen), and the status change form."""
    application = own_application(application_id)
    if request.method == "GET":
        event = applications.mark_seen(application, current_user)
        if event is not None:
            db.session.commit()
            notify_application(event)
        return _application_page(application)
    if previous_result(STATUS_SCOPE, submitted_key()) is not None:
        return redirect(url_for(".employer_application", application_id=application.id))  # a repeated tap
    offered = applications.NEXT.get(application.status, ())
    form = StatusForm()
    form.offer(offered)
    if form.status.data and form.status.data not in offered:
        return _application_page(application, form, status=409, problem=_(
            "This application cannot go from “%(old)s” to “%(new)s”.",
            old=applications.status_label(application.status), new=applications.status_label(form.status.data)))
    if not form.validate_on_submit():
        return _application_page(application, form, status=422)
    interview_at = None
    if form.status.data == ApplicationStatus.CALLED:
        interview_at = datetime.combine(form.interview_date.data, form.interview_time.data,
                                        ZoneInfo(g.region.timezone)).astimezone(timezone.utc)
    events = []

    def change() -> str:
        event = applications.change_status(
            application, form.status.data, current_user, note=form.note.data, interview_at=interview_at,
            interview_place=form.interview_place.data, started_on=form.started_on.data)
        db.session.flush()
        events.append(event)
        return str(event.id)

    try:
        run_once(STATUS_SCOPE, submitted_key(), change)
    except Refused as refusal:
        db.session.rollback()
        if refusal.field == "status":  # e.g. an application that is already decided
            return _application_page(application, form, status=409, problem=refusal.message)
        refusal.field = {"interview_at": "interview_date"}.get(refusal.field, refusal.field)
        refusal.attach_to(form)
        return _application_page(application, form, status=422)
    for event in events:
        notify_application(event)
    flash(_("The applicant is told: %(status)s.", status=applications.status_label(application.status)), "success")
    return redirect(url_for(".employer_application", application_id=application.id))

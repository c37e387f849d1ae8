"""The job seeker's own pages: the AK/1 landing page, the profile (identity, education, training, experience,
photo, CV), the card page (apply, correct, renew, report, "I got a job"), the printable card and its public
verification page, and the seeker's applications.

Views are thin: the rules live in `profiles`, `cards` and `applications`, which raise `Refused`; a refusal
comes back as 409 (the card's state does not allow it) or 422 (what was typed), with everything typed kept.
Every create carries a one-time key, so a double tap or a retry creates nothing twice.
"""
from __future__ import annotations

import base64
from datetime import date, timedelta
from pathlib import Path

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import InputRequired, Length

from ...core.accounts.contact import display_phone
from ...core.auth import user_belongs_here
from ...core.clock import region_today
from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key, run_once, submitted_key
from ...core.models import Department, Role, utcnow
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused, save_or_refuse
from ...core.uploads import UnsafePath, UploadError, delete_upload, open_upload, save_pdf, send_upload
from ...core.wilayah import lookup
from ...extensions import db
from . import applications, bp, cards, profiles
from .constants import EDUCATION_LEVELS, GENDERS, MARITAL_STATUSES, label
from .forms import EducationForm, ExperienceForm, SeekerForm, TrainingForm
from .models import (Application, Card, CardKind, CardStatus, Employer, Placement, Seeker, SeekerEducation,
                     SeekerExperience, SeekerTraining, Vacancy)
from .cli import REMINDED
from .personal_data import record_nik_view
from .qr import qr_svg

RENEW_DAYS = 60  # a card may be renewed this many days before it expires
# kind in the URL -> (its form, its table)
ROWS = {
    "education": (EducationForm, SeekerEducation),
    "training": (TrainingForm, SeekerTraining),
    "experience": (ExperienceForm, SeekerExperience),
}
DISNAKER_ROLES = (Role.REGION_ADMIN, Role.MANPOWER_OFFICER)


class GotJobForm(BaseForm):
    employer_name = StringField(_l("Employer (company or person)"),
                                [InputRequired(_l("Enter the name of the employer.")), Length(max=160)],
                                filters=[strip])
    started_on = DateField(_l("Start date"), [InputRequired(_l("Enter the day you start (or started)."))])
    idempotency_key = HiddenField(default=new_key)


# Who may see what ------------------------------------------------------------------------------------------

def my_seeker() -> Seeker | None:
    return profiles.seeker_for(current_user)


def is_disnaker() -> bool:
    return (current_user.is_authenticated and user_belongs_here(current_user)
            and current_user.has_role(*DISNAKER_ROLES))


def employer_has_application_from(seeker: Seeker) -> bool:
    """The signed-in person owns an employer that this seeker applied to."""
    if not current_user.is_authenticated:
        return False
    found = db.session.execute(
        select(Application.id).join(Vacancy, Application.vacancy_id == Vacancy.id)
        .join(Employer, Vacancy.employer_id == Employer.id)
        .where(Application.seeker_id == seeker.id, Employer.owner_id == current_user.id).limit(1)).first()
    return found is not None


def may_see_files(seeker: Seeker) -> bool:
    if not current_user.is_authenticated:
        return False
    return seeker.user_id == current_user.id or is_disnaker() or employer_has_application_from(seeker)


def may_see_card(card: Card) -> bool:
    return card.seeker.user_id == current_user.id or is_disnaker()


@bp.app_template_global("pencaker_account")
def pencaker_account() -> dict:
    """For the account page's Jobs section: the signed-in person's profile and card, and whether they own an
    employer."""
    seeker = my_seeker()
    employer = db.session.execute(select(Employer.id).where(Employer.owner_id == current_user.id).limit(1)).first()
    return {"seeker": seeker, "card": cards.current_card(seeker) if seeker else None,
            "pending": cards.pending_card(seeker) if seeker else None, "employer": employer is not None}


# Words for states and steps -------------------------------------------------------------------------------

def card_state(card: Card, today: date) -> dict:
    """A card's state in words, with a badge class and a symbol (never colour alone)."""
    state = card.state(today)
    when = format_date(card.valid_until, "long") if card.valid_until else ""
    if state == CardStatus.SUBMITTED:
        return {"key": state, "css": "badge-warn", "symbol": "◐",
                "text": _("Waiting for Disnaker to check your application")}
    if state == CardStatus.NEEDS_CORRECTION:
        return {"key": state, "css": "badge-bad", "symbol": "!",
                "text": _("Disnaker asks for a correction: %(reason)s", reason=card.reason or "")}
    if state == CardStatus.REJECTED:
        return {"key": state, "css": "badge-bad", "symbol": "✕",
                "text": _("Rejected: %(reason)s", reason=card.reason or "")}
    if state == CardStatus.ACTIVE:
        return {"key": state, "css": "badge-ok", "symbol": "✓", "text": _("Valid until %(date)s", date=when)}
    if state == "expired":
        return {"key": state, "css": "badge-off", "symbol": "○", "text": _("Expired on %(date)s", date=when)}
    reasons = {"placed": _("Inactive: you got a job"), "replaced": _("Inactive: replaced by a newer card")}
    return {"key": state, "css": "badge-off", "symbol": "○",
            "text": reasons.get(card.deactivated_reason or "", _("Inactive: deactivated by Disnaker"))}


KIND_WORDS = {CardKind.NEW: _l("New card"), CardKind.RENEWAL: _l("Renewal"), CardKind.CORRECTION: _l("Correction")}


def event_words(event) -> str:
    note = event.note or ""
    words = {
        cards.Action.SUBMITTED: _("Application sent"),
        cards.Action.CORRECTION_REQUESTED: _("Disnaker asked for a correction: %(note)s", note=note),
        cards.Action.RESUBMITTED: _("Sent again after the correction"),
        cards.Action.APPROVED: _("Approved as card %(number)s", number=note),
        cards.Action.REJECTED: _("Rejected: %(note)s", note=note),
        cards.Action.REPORTED: _("Reported still looking for work (period %(period)s)", period=note),
        cards.Action.REPLACED: _("Replaced by card %(number)s", number=note),
        cards.Action.DEACTIVATED: _("Deactivated (%(note)s)", note=note),
        REMINDED: _("Reminder sent to report (period %(period)s)", period=note),
    }
    return words.get(event.action, event.action)


def next_step(seeker: Seeker | None, today: date) -> dict:
    """The one thing to do now: make the profile, complete it, apply, wait, correct, report or renew."""
    if seeker is None:
        return {"text": _("Make your job-seeker profile: it takes about five minutes with your KTP at hand."),
                "url": url_for("pencaker.profile"), "label": _("Make my profile")}
    missing = cards.missing_for_card(seeker)
    pending = cards.pending_card(seeker)
    current = cards.current_card(seeker)
    if pending is not None and pending.status == CardStatus.NEEDS_CORRECTION:
        return {"text": _("Disnaker asks you to correct your application: %(reason)s", reason=pending.reason or ""),
                "url": url_for("pencaker.card"), "label": _("Correct and send again")}
    if pending is not None:
        return {"text": _("Disnaker is checking your application. You will get a message when it is decided."),
                "url": url_for("pencaker.card"), "label": _("See my application")}
    if missing:
        return {"text": _("Complete your profile. Still needed: %(items)s.", items=", ".join(missing)),
                "url": url_for("pencaker.profile"), "label": _("Complete my profile")}
    if current is None:
        return {"text": _("Your profile is complete. Apply for your AK/1 card."),
                "url": url_for("pencaker.card"), "label": _("Apply for the AK/1 card")}
    if not current.is_valid(today):
        return {"text": _("Your AK/1 card has expired. Apply to renew it."),
                "url": url_for("pencaker.card"), "label": _("Renew my card")}
    if cards.report_due(current, today):
        return {"text": _("Tell Disnaker you are still looking for work: one tap for this six-month period."),
                "url": url_for("pencaker.card"), "label": _("Report now")}
    return {"text": _("Your AK/1 card is valid. Print it or show it on your phone, and apply for vacancies."),
            "url": url_for("pencaker.card_print", card_id=current.id), "label": _("Print my card")}


def periods_of(card: Card, today: date) -> list[dict]:
    """The report grid with each period's last day (`end` is the first day of the next one)."""
    return [dict(row, last=row["end"] - timedelta(days=1) if row["end"] else None)
            for row in cards.report_periods(card, today)]


# Landing page ----------------------------------------------------------------------------------------------

@bp.get("/pencaker/")
def seeker_home():
    """What the AK/1 card is, what to bring, and, for a signed-in person, their status and next step."""
    seeker = my_seeker()
    today = region_today()
    card = None
    if seeker is not None:
        card = cards.pending_card(seeker) or cards.current_card(seeker) or (seeker.cards[-1] if seeker.cards else None)
    return render("pencaker/seeker/home.html", seeker=seeker,
                  step=next_step(seeker, today) if current_user.is_authenticated else None,
                  card=card, state=card_state(card, today) if card else None)


# Profile ---------------------------------------------------------------------------------------------------

def _identity_form(seeker: Seeker | None) -> SeekerForm:
    if seeker is not None:
        form = SeekerForm(formdata=None, obj=seeker)
        form.phone.data = display_phone(seeker.phone)
        form.religion.data = seeker.religion or ""
        form.kelurahan_code.data = seeker.kelurahan_code or ""
    else:
        form = SeekerForm(formdata=None, data={"full_name": current_user.name,
                                               "phone": display_phone(current_user.phone),
                                               "email": current_user.email or ""})
    form.fill()
    return form


def _profile_page(seeker: Seeker | None, status: int = 200, form=None, row_form=None, row_kind=None,
                  photo_error=None, cv_error=None):
    row_forms = {kind: (row_form if kind == row_kind and row_form is not None else spec[0](formdata=None))
                 for kind, spec in ROWS.items()}
    current = cards.current_card(seeker) if seeker else None
    return render("pencaker/seeker/profile.html", status=status, seeker=seeker,
                  form=form or _identity_form(seeker), row_forms=row_forms, row_key=new_key(),
                  photo_error=photo_error, cv_error=cv_error, levels=dict(EDUCATION_LEVELS),
                  card_active=current is not None and current.is_valid(region_today()),
                  missing=cards.missing_for_card(seeker) if seeker else [])


def _create_seeker(form: SeekerForm) -> str:
    seeker = Seeker(user_id=current_user.id, registered_via="online")
    profiles.save_identity(seeker, form)
    db.session.flush()
    return str(seeker.id)


@bp.route("/pencaker/profil", methods=["GET", "POST"])
@login_required
def profile():
    """Create or edit one's identity; below it the education, training, experience, photo and CV."""
    seeker = my_seeker()
    if request.method == "GET":
        return _profile_page(seeker)
    form = SeekerForm()
    form.fill()
    if not form.validate_on_submit():
        return _profile_page(seeker, 422, form=form)
    try:
        if seeker is None:
            saved, _result = save_or_refuse(form, lambda: run_once("pencaker.seeker", submitted_key(),
                                                                   lambda: _create_seeker(form)))
        else:
            saved, _result = save_or_refuse(form, lambda: profiles.save_identity(seeker, form))
    except IntegrityError:  # a second tab saved the same profile or NIK at the same moment
        db.session.rollback()
        if my_seeker() is not None:
            return redirect(url_for("pencaker.profile"), 303)
        form.nik.errors.append(_("This NIK is already registered as a job seeker in this region."))
        saved = False
    if not saved:
        return _profile_page(my_seeker(), 422, form=form)
    current = cards.current_card(my_seeker())
    if current is not None and current.is_valid(region_today()):
        flash(_("Your profile is saved. Your printed AK/1 card changes only after Disnaker approves a correction "
                "application."), "info")
    else:
        flash(_("Your profile is saved."), "success")
    return redirect(url_for("pencaker.profile"), 303)


def _seeker_or_redirect():
    seeker = my_seeker()
    if seeker is None:
        flash(_("Make your job-seeker profile first."), "info")
    return seeker


@bp.post("/pencaker/profil/<kind>")
@login_required
def profile_rows(kind: str):
    """Add one education, training or experience row."""
    if kind not in ROWS:
        abort(404)
    seeker = _seeker_or_redirect()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    form_class, model = ROWS[kind]
    form = form_class()
    if not form.validate_on_submit():
        return _profile_page(seeker, 422, row_form=form, row_kind=kind)

    def create() -> str:
        row = model(seeker_id=seeker.id)
        form.populate_obj(row)
        db.session.add(row)
        db.session.flush()
        return str(row.id)

    run_once(f"pencaker.{kind}", submitted_key(), create)
    flash(_("Added to your profile."), "success")
    return redirect(url_for("pencaker.profile", _anchor=kind), 303)


@bp.post("/pencaker/profil/<kind>/<int:row_id>/hapus")
@login_required
def profile_row_delete(kind: str, row_id: int):
    if kind not in ROWS:
        abort(404)
    seeker = my_seeker()
    row = scoped_get_or_404(ROWS[kind][1], row_id)
    if seeker is None or row.seeker_id != seeker.id:
        abort(404)
    db.session.delete(row)
    db.session.commit()
    flash(_("Removed from your profile."), "success")
    return redirect(url_for("pencaker.profile", _anchor=kind), 303)


def _photo_in_use(seeker: Seeker, path: str) -> bool:
    """A printed card shows the photo it was approved with, so that file stays while a card refers to it."""
    return any((c.snapshot or {}).get("photo") == path for c in seeker.cards)


@bp.post("/pencaker/profil/foto")
@login_required
def photo():
    """Upload or replace the 3×4 photo (re-encoded to a 300×400 JPEG without metadata)."""
    seeker = _seeker_or_redirect()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    try:
        path = profiles.save_photo(request.files.get("photo"))
    except UploadError as error:
        return _profile_page(seeker, 422, photo_error=str(error))
    old, seeker.photo = seeker.photo, path
    seeker.updated_at = utcnow()
    db.session.commit()
    if old and not _photo_in_use(seeker, old):
        delete_upload(old)
    flash(_("Your photo is saved."), "success")
    return redirect(url_for("pencaker.profile", _anchor="photo"), 303)


@bp.post("/pencaker/profil/cv")
@login_required
def cv():
    """Upload or replace the CV (a PDF)."""
    seeker = _seeker_or_redirect()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    try:
        path = save_pdf(request.files.get("cv"), "pencaker")
    except UploadError as error:
        return _profile_page(seeker, 422, cv_error=str(error))
    old, seeker.cv = seeker.cv, path
    db.session.commit()
    delete_upload(old)
    flash(_("Your CV is saved."), "success")
    return redirect(url_for("pencaker.profile", _anchor="cv"), 303)


def _send_upload(path: str | None, download_name: str | None = None):
    # Personal data: only this browser may keep it, never a shared cache.
    return send_upload(path, "private, max-age=3600", download_name=download_name)


@bp.get("/pencaker/foto/<int:seeker_id>")
def photo_file(seeker_id: int):
    """The seeker's photo (or, with ?kartu=<id>, the one frozen on that card) for the owner, Disnaker and
    employers the seeker applied to."""
    seeker = scoped_get_or_404(Seeker, seeker_id)
    if not may_see_files(seeker):
        abort(404)
    path = seeker.photo
    card_id = request.args.get("kartu", type=int)
    if card_id is not None:
        card = scoped_get_or_404(Card, card_id)
        if card.seeker_id != seeker.id:
            abort(404)
        path = (card.snapshot or {}).get("photo")
    return _send_upload(path)


@bp.get("/pencaker/cv/<int:seeker_id>")
def cv_file(seeker_id: int):
    """The seeker's CV, downloaded (a PDF is never shown inside our pages), for the same people as the photo."""
    seeker = scoped_get_or_404(Seeker, seeker_id)
    if not may_see_files(seeker):
        abort(404)
    return _send_upload(seeker.cv, download_name="CV.pdf")


# The card page ---------------------------------------------------------------------------------------------

def _card_page(seeker: Seeker | None, status: int = 200, error: str | None = None, error_kind: str | None = None,
               note: str = ""):
    today = region_today()
    pending = cards.pending_card(seeker) if seeker else None
    current = cards.current_card(seeker) if seeker else None
    valid = current is not None and current.is_valid(today)
    renewable = current is not None and (not valid or (current.valid_until - today).days <= RENEW_DAYS)
    history = list(reversed(seeker.cards)) if seeker else []
    return render(
        "pencaker/seeker/card.html", status=status, seeker=seeker, today=today, pending=pending, current=current,
        valid=valid, history=history, states={c.id: card_state(c, today) for c in history},
        kind_words=KIND_WORDS, event_words=event_words,
        missing=cards.missing_for_card(seeker) if seeker else [],
        can_apply=seeker is not None and pending is None and current is None,
        can_renew=pending is None and renewable, can_correct=pending is None and valid,
        periods=periods_of(current, today) if current else [],
        report_due=cards.report_due(current, today) if valid else None,
        error=error, error_kind=error_kind, note=note, key=new_key())


@bp.get("/pencaker/kartu")
@login_required
def card():
    """The AK/1 card's state in words, what can be done now, the report grid and the history."""
    return _card_page(my_seeker())


def _refused(seeker: Seeker, refusal: Refused, kind: str | None = None, note: str = ""):
    db.session.rollback()
    # What was typed (the note) or a profile still incomplete is 422; the card's state not allowing it
    # (already waiting, nothing to renew, already reported) is 409.
    typed = refusal.field == "note" or (refusal.field is None and bool(cards.missing_for_card(seeker)))
    return _card_page(seeker, 422 if typed else 409, error=refusal.message, error_kind=kind, note=note)


@bp.post("/pencaker/kartu/ajukan")
@login_required
def card_apply():
    """Apply for a new card, a renewal or a correction, or send a corrected application again."""
    seeker = my_seeker()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    kind = request.form.get("kind", "")
    if kind not in (*CardKind.ALL, "resubmit"):
        abort(400)
    note = (request.form.get("note") or "").strip()[:2000]

    def create() -> str:
        if kind == "resubmit":
            pending = cards.pending_card(seeker)
            if pending is None:
                raise Refused(_("This application is not waiting for your correction."))
            cards.resubmit(pending, note, current_user)
            return str(pending.id)
        card = cards.apply(seeker, kind, note, current_user)
        db.session.flush()
        return str(card.id)

    try:
        run_once("pencaker.card", submitted_key(), create)
    except Refused as refusal:
        return _refused(seeker, refusal, kind, note)
    flash(_("Your application is sent to Disnaker. You will get a message when it is decided."), "success")
    return redirect(url_for("pencaker.card"), 303)


@bp.post("/pencaker/kartu/lapor")
@login_required
def card_report():
    """The six-monthly "I am still looking for work" report, in one tap."""
    seeker = my_seeker()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    current = cards.current_card(seeker)

    def create() -> str:
        if current is None:
            raise Refused(_("Reports are made only while the card is valid."))
        report = cards.report_still_looking(current, current_user)
        db.session.flush()
        return str(report.id)

    try:
        run_once("pencaker.report", submitted_key(), create)
    except Refused as refusal:
        return _refused(seeker, refusal, "report")
    flash(_("Thank you. Your report is recorded."), "success")
    return redirect(url_for("pencaker.card"), 303)


@bp.route("/pencaker/kartu/bekerja", methods=["GET", "POST"])
@login_required
def got_job():
    """"I got a job": record the placement; the valid card becomes inactive."""
    seeker = my_seeker()
    if seeker is None:
        return redirect(url_for("pencaker.profile"), 303)
    form = GotJobForm()
    if request.method == "GET":
        form.started_on.data = region_today()
    elif form.validate_on_submit():
        def create() -> str:
            same = db.session.execute(select(Placement.id).where(
                Placement.seeker_id == seeker.id, Placement.employer_name == form.employer_name.data,
                Placement.started_on == form.started_on.data)).scalar()
            if same is not None:  # the same news told twice
                return str(same)
            placement = cards.record_placement(seeker, form.employer_name.data, form.started_on.data, "self",
                                               current_user)
            db.session.flush()
            return str(placement.id)

        saved, _result = save_or_refuse(form, lambda: run_once("pencaker.placement", submitted_key(), create))
        if saved:
            flash(_("Congratulations on your new job! Your AK/1 card is now inactive. If you look for work again, "
                    "apply for a new card."), "success")
            return redirect(url_for("pencaker.card"), 303)
    return render("pencaker/seeker/got_job.html", status=422 if form.errors else 200, form=form,
                  current=cards.current_card(seeker))


# The printable card and its verification page -------------------------------------------------------------

def issuing_office() -> str:
    """The region's Disnaker department (slug "disnaker") by name, else its usual name."""
    name = db.session.execute(select(Department.name).where(Department.slug == "disnaker")).scalar()
    return name or _("Dinas Ketenagakerjaan %(region)s", region=g.region.name)


def _printable_card(card_id: int) -> Card:
    card = scoped_get_or_404(Card, card_id)
    if not may_see_card(card) or card.status != CardStatus.ACTIVE or not card.number or not card.snapshot:
        abort(404)
    if card.seeker.user_id != current_user.id:  # an officer: the card states the NIK in full
        record_nik_view(card.seeker, "card_print", card_id=card.id)
        db.session.commit()
    return card


def _photo_data_uri(path: str | None) -> str | None:
    if not path:
        return None
    try:
        with open_upload(path) as f:
            return "data:image/jpeg;base64," + base64.b64encode(f.read()).decode()
    except (UnsafePath, FileNotFoundError):
        return None


def _card_sheet(card: Card, download: bool):
    today = region_today()
    snap = card.snapshot
    place = ", ".join(n for n in (lookup(snap.get("kelurahan_code") or ""), lookup(snap.get("kecamatan_code") or ""))
                      if n)
    if download:
        photo_src = _photo_data_uri(snap.get("photo"))
        css = Markup("\n".join((Path(current_app.static_folder) / "css" / name).read_text(encoding="utf-8")
                                for name in ("app.css", "ak1.css")))
    else:
        photo_src = url_for("pencaker.photo_file", seeker_id=card.seeker_id, kartu=card.id) if snap.get("photo") \
            else None
        css = None
    verify_url = url_for("pencaker.verify", token=card.verify_token, _external=True)
    return render(
        "pencaker/card_print.html", block=None, card=card, snap=snap, download=download, inline_css=css,
        photo_src=photo_src, place=place, birth_date=date.fromisoformat(snap["birth_date"]),
        gender=label(GENDERS, snap.get("gender")), marital=label(MARITAL_STATUSES, snap.get("marital_status")),
        education_label=label(EDUCATION_LEVELS, (snap.get("education") or {}).get("level")),
        periods=periods_of(card, today), state=card_state(card, today), office=issuing_office(),
        qr=qr_svg(verify_url), verify_url=verify_url)


@bp.get("/pencaker/kartu/<int:card_id>/cetak")
@login_required
def card_print(card_id: int):
    """The AK/1 card, ready to print (A4, the card at the top) or to show on a phone."""
    response = _card_sheet(_printable_card(card_id), download=False)
    response.headers["Cache-Control"] = "private"
    return response


@bp.get("/pencaker/kartu/<int:card_id>/unduh")
@login_required
def card_download(card_id: int):
    """The same card as one HTML file with its style and photo inside, to keep and print offline."""
    card = _printable_card(card_id)
    response = _card_sheet(card, download=True)
    filename = "AK1-" + card.number.split("/", 1)[-1].replace("/", "-") + ".html"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private"
    return response


def initials(name: str) -> str:
    """"Budi Santoso" -> "B. S.": enough to match the card in one's hand, too little to identify anyone."""
    return " ".join(f"{word[0].upper()}." for word in (name or "").split() if word[0].isalnum())


@bp.get("/pencaker/verifikasi/<token>")
def verify(token: str):
    """Public: is this AK/1 card real and valid? Only initials, the number and the state; never cached."""
    card = db.session.execute(select(Card).where(Card.verify_token == token[:64])).scalar_one_or_none()
    if card is not None and not card.snapshot:  # an application, never a card
        card = None
    number = card.number if card else None
    if card is not None and number is None:  # a corrected card hands its number on to the corrected one
        number = db.session.execute(select(Card.number).where(Card.previous_id == card.id)).scalar()
    today = region_today()
    response = render("pencaker/verify.html", status=200 if card else 404, card=card, number=number,
                      who=initials(card.snapshot.get("full_name", "")) if card else "",
                      state=card_state(card, today) if card else None, valid=bool(card and card.is_valid(today)))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# My applications -------------------------------------------------------------------------------------------

@bp.get("/pencaker/lamaran")
@login_required
def my_applications():
    """The seeker's applications, newest first, with their status in words."""
    seeker = my_seeker()
    rows = []
    if seeker is not None:
        rows = db.session.execute(select(Application).where(Application.seeker_id == seeker.id)
                                  .order_by(Application.created_at.desc(), Application.id.desc())).scalars().all()
    return render("pencaker/seeker/applications.html", seeker=seeker, rows=rows,
                  status_label=applications.status_label)


@bp.get("/pencaker/lamaran/<int:application_id>")
@login_required
def my_application(application_id: int):
    """One application: the vacancy, its status, the interview and every step."""
    application = scoped_get_or_404(Application, application_id)
    seeker = my_seeker()
    if seeker is None or application.seeker_id != seeker.id:
        abort(404)
    return render("pencaker/seeker/application.html", application=application,
                  status_label=applications.status_label)

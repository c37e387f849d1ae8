"""Citizen-facing pages of Aspirasi: the public list, filing a report, tracking it, its public page,
support, rating and reopening, photos, a citizen's own reports and the home card.

A report's public page is `/aspirasi/<id>`, never its tracking code: the code is the reporter's key (it
lets its holder see a rahasia report, rate and reopen), so it only travels from the reporter to us. The
codes a browser filed or tracked are remembered in its session (`my_codes`), which is how the reporter
sees their own report on that device without an account.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...core.auth import user_belongs_here
from ...core.idempotency import submitted_key
from ...core.rendering import render, wants_fragment
from ...core.scoping import scoped_get_or_404
from ...core.security import allows_feature
from ...core.uploads import UploadError, send_upload
from ...extensions import limiter
from . import bp, flow, masking, services
from .forms import (KIND_HINTS, KIND_LABELS, PRIVACY_HINTS, STATUS_GROUP_LABELS, FilterForm, RateForm, ReopenForm,
                    ReportForm, TrackForm, attach_error)
from .models import Action, Report, ReportPhoto, Status
from .photos import THUMB_SIDE
from .sla import now_utc, utc
from .staff_forms import categories

MY_CODES = "my_codes"
MY_CODES_MAX = 20
SUPPORTER_TOKEN = "supporter"
# Colour class and a symbol beside the word: status is never told by colour alone.
STATUS_LOOK = {"menunggu": ("badge-bad", "○"), "diproses": ("badge-warn", "◐"), "selesai": ("badge-ok", "✓"),
               "ditolak": ("badge-off", "✕")}
# The public timeline in the public's words (internal events never reach it: services.public_events).
EVENT_LABELS = {
    Action.SUBMITTED: _l("Received"),
    Action.VERIFIED: _l("Checked and accepted"),
    Action.DISPOSED: _l("Sent to the department in charge"),
    Action.REPLY: _l("Reply from the department"),
    Action.DONE: _l("Done"),
    Action.REJECTED: _l("Not accepted"),
    Action.MERGED: _l("Joined with an earlier report about the same problem"),
    Action.RATED: _l("Rated by the reporter"),
    Action.REOPENED: _l("Reopened by the reporter"),
}

masking.register_template_filters(bp)  # `mask`, `public_name`, `is overdue`, wherever aspirasi text is shown


@bp.app_template_global()
def aspirasi_status(status: str) -> dict:
    """How the public sees a status: the class for its colour, a symbol and a word (also on the home card)."""
    group = services.status_group(status)
    css, symbol = STATUS_LOOK[group]
    return {"group": group, "css": css, "symbol": symbol, "label": STATUS_GROUP_LABELS[group]}


@bp.context_processor
def public_helpers() -> dict:
    return {"thumb_size": thumb_size, "public_kind": lambda kind: KIND_LABELS.get(kind, kind),
            "event_label": lambda action: EVENT_LABELS.get(action, _("Update"))}


def thumb_size(photo: ReportPhoto) -> tuple[int | None, int | None]:
    """Width and height of a photo's thumbnail (at most THUMB_SIDE on its long side), for <img> attributes."""
    if not photo.width or not photo.height:
        return None, None
    scale = min(1, THUMB_SIDE / max(photo.width, photo.height))
    return round(photo.width * scale), round(photo.height * scale)


# Who is looking

def citizen():
    """The signed-in account of this region, or None (reports need no account)."""
    if current_user.is_authenticated and user_belongs_here(current_user):
        return current_user._get_current_object()  # the row itself: the flow stores and compares it
    return None


def remember(report: Report) -> None:
    """This browser filed or tracked `report`: it may see it (even rahasia), rate and reopen it."""
    codes = [code for code in session.get(MY_CODES, []) if code != report.code]
    session[MY_CODES] = (codes + [report.code])[-MY_CODES_MAX:]


def held_code(report: Report) -> str | None:
    return report.code if report.code in session.get(MY_CODES, []) else None


def is_reporter(report: Report) -> bool:
    return flow.can_respond(current_user, report, held_code(report))


def may_view(report: Report) -> bool:
    return report.is_public or is_reporter(report) or flow.can_handle(current_user, report)


def viewable(report_id: int) -> Report:
    """The report, if this visitor may see it; rahasia, hidden and merged reports are 404 to strangers."""
    report = scoped_get_or_404(Report, report_id)
    if not may_view(report):
        abort(404)
    return report


def supporter_key() -> str:
    """One "dukung" per account, or per browser through a random token kept in its session (stored hashed)."""
    user = citizen()
    if user is not None:
        return f"u:{user.id}"
    token = session.setdefault(SUPPORTER_TOKEN, secrets.token_urlsafe(16))
    return "s:" + hashlib.sha256(token.encode()).hexdigest()[:40]


def may_reopen(report: Report) -> bool:
    return (report.status == Status.DONE and report.closed_at is not None
            and now_utc() - utc(report.closed_at) <= timedelta(days=flow.REOPEN_DAYS))


# The public list

@bp.get("/aspirasi/")
def index():
    """Public reports with filters and search; htmx swaps the list (or appends the next page) in place."""
    form = FilterForm(formdata=request.args)
    form.fill()
    form.validate()
    after = request.args.get("setelah") or None
    rows, next_cursor = services.public_reports(form.filters(), after)
    return render("aspirasi/index.html", block="page" if after else "list", form=form, rows=rows,
                  next_cursor=next_cursor, query=form.query_args(), after=after)


# Filing a report

def _categories(chosen) -> dict:
    """The chosen active category (or None), and those with something to say first: a notice, or always rahasia."""
    active = categories(active_only=True)
    category = next((c for c in active if str(c.id) == str(chosen or "")), None)
    return {"category": category, "notices": [c for c in active if c.notice or c.sensitive]}


def _form_page(form: ReportForm, status: int = 200, check: bool = False):
    form.fill()
    context = _categories(form.category_id.data)
    similar = []
    if context["category"] is not None and form.kelurahan_id.data:
        similar = services.similar_open_reports(form.kelurahan_id.data, context["category"].id)
    return render("aspirasi/new.html", block=None, status=status, form=form, similar=similar, checked=check,
                  kind_hints=KIND_HINTS, privacy_hints=PRIVACY_HINTS,
                  photos_lost=status >= 400 and bool(form.chosen_photos()), **context)


@bp.route("/aspirasi/baru", methods=["GET", "POST"])
@allows_feature("geolocation")  # the "use my location" button
@limiter.limit("30 per minute", methods=["POST"])
def new():
    """The report form. "Check for similar reports" posts it back without filing (the no-JavaScript step)."""
    form = ReportForm()
    if request.method == "GET":
        form.fill()
        if request.args.get("kategori") in {choice.value for choice in form.category_id.choices}:
            form.category_id.data = request.args["kategori"]
        if citizen() is not None:
            form.prefill_contact(citizen())
        return _form_page(form)
    if request.form.get("langkah") == "serupa":
        return _form_page(form, check=True)
    if not form.validate():
        return _form_page(form, 422)
    try:
        report, _created = flow.submit(form.submission(), citizen(), form.chosen_photos(), submitted_key(),
                                       locale=str(get_locale()))
    except flow.FlowError as error:  # PhotoError included: nothing was written
        attach_error(form, error.field, error.message)
        return _form_page(form, 422)
    except UploadError as error:
        attach_error(form, "photos", str(error))
        return _form_page(form, 422)
    remember(report)
    return redirect(url_for("aspirasi.sent", report_id=report.id), 303)


@bp.get("/aspirasi/baru/kategori")
def category_notice():
    """What a category's notice says (htmx: the notice alone, swapped in under the category select)."""
    return render("aspirasi/category.html", block="notice", **_categories(request.args.get("category_id")))


@bp.get("/aspirasi/baru/serupa")
def similar():
    """Open reports in the same kelurahan and category, to support instead of filing the same again."""
    category = _categories(request.args.get("category_id"))["category"]
    kelurahan = request.args.get("kelurahan_id")
    rows = services.similar_open_reports(kelurahan, category.id) if category and kelurahan else []
    return render("aspirasi/similar.html", block="similar", similar=rows, category=category,
                  checked=bool(category and kelurahan), inside_form=wants_fragment())


@bp.get("/aspirasi/<int:report_id>/terkirim")
def sent(report_id):
    """The tracking code, large and spaced for reading aloud, and what happens next."""
    report = viewable(report_id)
    if not is_reporter(report):
        return redirect(url_for("aspirasi.detail", report_id=report.id))
    return render("aspirasi/sent.html", block=None, report=report)


# Tracking and the report's page

@bp.route("/aspirasi/lacak", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def track():
    """Find a report by its code, typed in any case or spacing; the browser then counts as the reporter's."""
    form = TrackForm()
    if request.method == "GET":
        form.kode.data = request.args.get("kode", "")[:40]
        return render("aspirasi/track.html", form=form)
    if not form.validate():
        return render("aspirasi/track.html", form=form, status=422)
    report = services.report_by_code(form.kode.data)
    if report is None:
        return render("aspirasi/track.html", form=form, not_found=True, status=404)
    remember(report)
    return redirect(url_for("aspirasi.detail", report_id=report.id), 303)


def _detail_page(report: Report, status: int = 200, rate_form=None, reopen_form=None, block=None, **extra):
    reporter = is_reporter(report)
    merged_into = services.public_report(report.merged_into_id) if report.merged_into_id else None
    return render(
        "aspirasi/detail.html", block=block, status=status, report=report, reporter=reporter,
        events=services.public_events(report), before=services.visible_photos(report, "before"),
        after=services.visible_photos(report, "after"), merged_into=merged_into,
        rate_form=rate_form or (RateForm() if reporter and report.status == Status.DONE and report.rating is None else None),
        reopen_form=reopen_form or (ReopenForm() if reporter and may_reopen(report) else None),
        code=report.code if reporter else None,
        reopen_until=utc(report.closed_at) + timedelta(days=flow.REOPEN_DAYS) if report.closed_at else None, **extra,
    )


@bp.get("/aspirasi/<int:report_id>")
def detail(report_id):
    """The report's public page; the reporter also sees the code and, once done, rating and reopening."""
    return _detail_page(viewable(report_id))


@bp.post("/aspirasi/<int:report_id>/dukung")
@limiter.limit("30 per minute")
def support(report_id):
    """Count this browser's (or account's) support once. htmx gets the support box (or list item) back."""
    report = viewable(report_id)
    if is_reporter(report):
        message = _("This is your own report: it already counts.")
    else:
        try:
            counted = flow.support(report, supporter_key())
        except flow.FlowError as error:
            message = error.message
        else:
            message = (_("Thank you: your support is counted. There is no need to file the same report again.")
                       if counted else _("You already support this report."))
    if wants_fragment():
        if request.args.get("dari") == "serupa":
            return render("aspirasi/_similar_item.html", block=None, r=report, message=message)
        return _detail_page(report, block="support", message=message)
    flash(message, "info")
    return redirect(url_for("aspirasi.detail", report_id=report.id, _anchor="dukung"), 303)


def _reporter_only(report_id: int) -> Report:
    report = viewable(report_id)
    if not is_reporter(report):
        abort(403)
    return report


@bp.post("/aspirasi/<int:report_id>/nilai")
def rate(report_id):
    """The reporter rates the answer (1-5 and a comment) once the report is done."""
    report = _reporter_only(report_id)
    form = RateForm()
    if form.validate():
        try:
            flow.rate(report, form.rating.data, form.comment.data, actor=citizen())
        except flow.FlowError as error:
            attach_error(form, error.field, error.message)
        else:
            flash(_("Thank you for rating the answer."))
            return redirect(url_for("aspirasi.detail", report_id=report.id), 303)
    return _detail_page(report, 422, rate_form=form)


@bp.post("/aspirasi/<int:report_id>/buka-lagi")
def reopen(report_id):
    """The reporter reopens a done report within 14 days, saying why the problem is not solved."""
    report = _reporter_only(report_id)
    form = ReopenForm()
    if form.validate():
        try:
            flow.reopen(report, form.reason.data, actor=citizen())
        except flow.FlowError as error:
            attach_error(form, error.field, error.message)
        else:
            flash(_("Your report is open again and goes back to the department."))
            return redirect(url_for("aspirasi.detail", report_id=report.id), 303)
    return _detail_page(report, 422, reopen_form=form)


# Photos

def _photo_response(photo_id: int, thumb: bool):
    photo = scoped_get_or_404(ReportPhoto, photo_id)
    if photo.hidden or not may_view(photo.report):
        abort(404)
    path = photo.thumb_path if thumb and photo.thumb_path else photo.path
    # Public photos may be cached briefly (moderation can hide one); anything else stays on this device.
    return send_upload(path, "public, max-age=3600" if photo.report.is_public else "private, max-age=3600")


@bp.get("/aspirasi/foto/<int:photo_id>")
def photo(photo_id):
    """A report photo, if the report is public or the visitor may see it."""
    return _photo_response(photo_id, thumb=False)


@bp.get("/aspirasi/foto/<int:photo_id>/kecil")
def photo_thumb(photo_id):
    return _photo_response(photo_id, thumb=True)


# A citizen's own reports

@bp.get("/aspirasi/saya")
def mine():
    """The signed-in citizen's reports, and the ones filed or tracked on this device."""
    user = citizen()
    own = services.reports_of_user(user) if user is not None else []
    known = {r.id for r in own}
    device = []
    for code in reversed(session.get(MY_CODES, [])):
        report = services.report_by_code(code)
        if report is not None and report.id not in known:
            device.append(report)
            known.add(report.id)
    return render("aspirasi/mine.html", own=own, device=device, signed_in=user is not None)


# Home card

def card_context() -> dict:
    """This month's numbers and the latest finished public reports, for the home page card."""
    return {"counts": services.month_counts(), "latest": services.latest_done(3)}

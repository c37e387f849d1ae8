"""Staff pages of Aspirasi (`/staf/aspirasi/`): the inbox with bulk actions, one report with the actions
its status and the user's role allow, photos for staff, kinerja and the CSV export.

Region admins handle every report of their region; department officers only reports disposed to their
OPD. Anything else is 404, as is every report of another region (the session is scoped). Endpoints are
named `staff_inbox_*` so the staff menu marks "Reports inbox" on every page of the inbox.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

from flask import Response, abort, flash, g, redirect, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from sqlalchemy.orm import selectinload

from ...core.auth import roles_required
from ...core.errors import render_error
from ...core.idempotency import submitted_key
from ...core.models import Area, Department, Role, User
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.uploads import send_upload
from ...extensions import db
from . import bp, flow, personal_data, services, sla
from .models import Category, Report, ReportEvent, ReportPhoto, Status
from .staff_forms import (AssignForm, BulkForm, DisposeForm, FinishForm, HideForm, InboxFilterForm, MergeForm,
                          PeriodForm, RedactForm, RejectForm, ReplyForm, VerifyForm, departments, template_globals,
                          templates_for)

handlers_only = roles_required(Role.REGION_ADMIN, Role.DEPARTMENT_OFFICER)
admin_only = roles_required(Role.REGION_ADMIN)
ESCALATION_LIMIT = 10


def is_admin(user) -> bool:
    """Region admins (and platform admins) handle every report of the region."""
    return user.has_role(Role.REGION_ADMIN)


def available_actions(user, report: Report) -> set[str]:
    """What `user` may do to `report` now: the LAPOR! steps by status, moderation for region admins."""
    actions = {"note"}
    handling = report.status in (Status.DISPOSED, Status.IN_PROGRESS)
    if handling:
        actions |= {"assign", "reply", "finish"}
    if not is_admin(user):
        return actions
    actions |= {"redact", "hide"}
    if report.status == Status.RECEIVED:
        actions.add("verify")
    if report.status in (Status.RECEIVED, Status.VERIFIED):
        actions |= {"reject", "merge", "dispose"}
    if handling:
        actions |= {"dispose", "merge"}
    return actions


def inbox_page(user, filters: dict, after: str | None) -> dict:
    """One page of the inbox with the overdue reports first.

    The first page opens with the overdue reports matching the filters, longest overdue first. When that
    group is complete, the pages below leave overdue reports out so none shows twice.
    """
    rows, next_cursor = services.staff_inbox(user, filters, after)
    if filters.get("overdue"):
        return {"overdue": [], "more_overdue": False, "rows": rows, "next_cursor": next_cursor}
    overdue, more_overdue = services.staff_inbox(user, {**filters, "overdue": True}, None)
    overdue.sort(key=lambda r: (sla.utc(r.due_at), r.id))
    if not more_overdue:
        rows = [r for r in rows if not sla.is_overdue(r)]
    return {"overdue": [] if after else overdue, "more_overdue": bool(more_overdue), "rows": rows,
            "next_cursor": next_cursor}


def default_period() -> tuple[date, date]:
    """This month up to today, in the region's time zone."""
    today = datetime.now(ZoneInfo(g.region.timezone)).date()
    return today.replace(day=1), today


@bp.context_processor
def staff_helpers():
    """Words, badges and the overdue test for the Aspirasi templates."""
    return template_globals(is_region_admin=lambda: current_user.is_authenticated and is_admin(current_user))


@bp.app_context_processor
def escalation_block():
    """`aspirasi_escalations()` for the staff dashboard's include of aspirasi/staff/_escalations.html."""
    return {"aspirasi_escalations": escalations}


def escalations() -> dict | None:
    """Overdue reports for the region admin: how many, and the longest overdue (None for anyone else)."""
    region = g.get("region")
    if region is None or not region.module_enabled("aspirasi"):
        return None
    if not (current_user.is_authenticated and is_admin(current_user)):
        return None
    return {"count": services.overdue_count(current_user),
            "reports": services.overdue_reports(current_user, limit=ESCALATION_LIMIT)}


# Inbox

def _inbox(args: MultiDict, bulk: BulkForm | None = None, status: int = 200):
    form = InboxFilterForm(formdata=args)
    form.fill(show_departments=is_admin(current_user))
    if not form.validate():
        status = 422
    page = inbox_page(current_user, form.filters(), args.get("setelah") or None)
    if bulk is None:
        bulk = BulkForm(formdata=None)
        bulk.fill(current_user)
    query = form.query_args()
    return render("aspirasi/staff/inbox.html", block="list", status=status, form=form, page=page, bulk=bulk,
                  query=query, back=urlencode(query), after=args.get("setelah"), escalation=escalations())


@bp.get("/staf/aspirasi/")
@handlers_only
def staff_inbox():
    """Reports to handle, overdue first; an htmx request gets the list alone."""
    return _inbox(request.args)


BACK_KEYS = {"status", "kategori", "opd", "saya", "terlambat", "q", "setelah"}


def _back_args(back: str | None) -> MultiDict:
    """The inbox filters the bulk form came from: known filter names only, never a location."""
    return MultiDict([(k, v) for k, v in parse_qsl((back or "").lstrip("?"))[:20] if k in BACK_KEYS])


def report_for(code: str) -> Report:
    """The report with `code` if the current user may handle it, else 404."""
    # the history shows who did each step: its events and their actors in two queries, not one per event
    report = services.report_by_code(code, selectinload(Report.events).joinedload(ReportEvent.actor))
    if report is None or not flow.can_handle(current_user, report):
        abort(404)
    return report


def _handled(report_id: int) -> Report:
    report = scoped_get_or_404(Report, report_id)
    if not flow.can_handle(current_user, report):
        abort(404)
    return report


def _bulk_step(form: BulkForm):
    """The flow call for the chosen bulk action, as a function of one report."""
    if form.action.data == "assign":
        officer = scoped_get_or_404(User, int(form.to_officer.data))
        return lambda report: flow.assign(report, current_user, officer)
    if form.action.data == "dispose":
        department = scoped_get_or_404(Department, int(form.to_department.data))
        return lambda report: flow.dispose(report, current_user, department, None)
    return lambda report: flow.verify(report, current_user)


@bp.post("/staf/aspirasi/massal")
@handlers_only
def staff_inbox_bulk():
    """One action for every ticked report; a report the flow refuses is named, the others go ahead."""
    form = BulkForm()
    form.fill(current_user)
    if not form.validate_on_submit():
        return _inbox(_back_args(form.back.data), bulk=form, status=422)
    step = _bulk_step(form)
    reports = [_handled(report_id) for report_id in dict.fromkeys(form.reports.data)]
    done = 0
    for report in reports:
        code = report.code
        try:
            step(report)
            done += 1
        except flow.FlowError as error:
            db.session.rollback()
            flash(_("%(code)s: %(reason)s", code=code, reason=error.message), "error")
    db.session.commit()
    if done:
        flash(ngettext("%(num)d report was updated.", "%(num)d reports were updated.", done), "success")
    return redirect(url_for(".staff_inbox", **_back_args(form.back.data).to_dict()))


# One report

def _forms_for(report: Report, submitted: dict) -> dict:
    """Every action form of the report page: the submitted one as sent, the others with their defaults."""
    blank = {"formdata": None}
    forms = {
        "verify": VerifyForm(**blank, data=VerifyForm.defaults(report)),
        "reject": RejectForm(**blank),
        "merge": MergeForm(**blank),
        "dispose": DisposeForm(**blank, data=DisposeForm.defaults(report.department or flow.auto_route(report))),
        "assign": AssignForm(**blank, data=AssignForm.defaults(report)),
        "reply": ReplyForm(**blank, data={"body": _template_text(report)}),
        "finish": FinishForm(**blank),
        "redact": RedactForm(**blank, data=RedactForm.defaults(report)),
        "hide": HideForm(**blank),
    }
    forms.update(submitted)
    forms["verify"].fill(report)
    forms["dispose"].fill()
    forms["assign"].fill(report)
    return forms


def _template_text(report: Report) -> str:
    """The text of the reply template picked with ?templat=<id> (one offered for the report's category)."""
    chosen = request.args.get("templat", type=int)
    if chosen is None:
        return ""
    return next((t.body for t in templates_for(report.category_id) if t.id == chosen), "")


def _report_page(report: Report, status: int = 200, **submitted):
    # Picking a reply template (?templat=) swaps only the reply form when htmx asks for it.
    block = "reply" if "templat" in request.args else None
    contact_visible = personal_data.may_see_reporter_contact(current_user, report)
    if contact_visible and block is None and request.method == "GET":
        personal_data.record_full_text_view(report)
    return render("aspirasi/staff/report.html", block=block, status=status, report=report,
                  contact_visible=contact_visible,
                  forms=_forms_for(report, submitted), actions=available_actions(current_user, report),
                  templates=templates_for(report.category_id),
                  merged_into=db.session.get(Report, report.merged_into_id) if report.merged_into_id else None)


@bp.get("/staf/aspirasi/laporan/<code>")
@handlers_only
def staff_inbox_report(code):
    """The whole report for staff: text unmasked, contact, photos, history, and the allowed actions."""
    return _report_page(report_for(code))


def _attach(form, error: flow.FlowError, aliases: dict) -> None:
    """Show the flow's refusal beside the field it names, or above the form."""
    name = aliases.get(error.field, error.field)
    field = form._fields.get(name) if name else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _act(report: Report, name: str, form, run, done: str, aliases: dict | None = None):
    """Validate `form`, run the flow step and go back to the report; otherwise the page again with 422."""
    if form.validate_on_submit():
        try:
            run()
            db.session.commit()
        except flow.FlowError as error:
            db.session.rollback()
            _attach(form, error, aliases or {})
        else:
            flash(done, "success")
            return redirect(url_for(".staff_inbox_report", code=report.code))
    return _report_page(report, status=422, **{name: form})


def _allowed(report: Report, action: str) -> None:
    if action not in available_actions(current_user, report):
        abort(403)


@bp.post("/staf/aspirasi/laporan/<code>/verifikasi")
@admin_only
def staff_inbox_verify(code):
    """Verify: fix the title, category and kelurahan, and decide anonim or rahasia."""
    report = report_for(code)
    form = VerifyForm()
    form.fill(report)

    def run():
        flow.verify(report, current_user, title=form.title.data,
                    category=scoped_get_or_404(Category, int(form.category.data)),
                    kelurahan=scoped_get_or_404(Area, int(form.kelurahan.data)), privacy=form.privacy.data)

    return _act(report, "verify", form, run, _("The report was verified."))


@bp.post("/staf/aspirasi/laporan/<code>/tolak")
@admin_only
def staff_inbox_reject(code):
    """Reject with a reason the reporter will read."""
    report = report_for(code)
    form = RejectForm()
    return _act(report, "reject", form, lambda: flow.reject(report, current_user, form.reason.data),
                _("The report was rejected. The reporter will see the reason."))


@bp.post("/staf/aspirasi/laporan/<code>/gabung")
@admin_only
def staff_inbox_merge(code):
    """Merge into another report of the region, named by its tracking code."""
    report = report_for(code)
    form = MergeForm()
    if form.validate_on_submit():
        into = services.report_by_code(form.merge_code.data)
        if into is None:
            form.merge_code.errors.append(_("No report of this region has this tracking code."))
        else:
            return _act(report, "merge", form, lambda: flow.merge(report, into, current_user),
                        _("The report was merged into %(code)s.", code=into.code), {"code": "merge_code"})
    return _report_page(report, status=422, merge=form)


@bp.post("/staf/aspirasi/laporan/<code>/disposisi")
@admin_only
def staff_inbox_dispose(code):
    """Send the report to an OPD with a note."""
    report = report_for(code)
    form = DisposeForm()
    form.fill()

    def run():
        department = scoped_get_or_404(Department, int(form.department.data))
        flow.dispose(report, current_user, department, form.note.data)

    return _act(report, "dispose", form, run, _("The report was sent to the department."))


@bp.post("/staf/aspirasi/laporan/<code>/tugaskan")
@handlers_only
def staff_inbox_assign(code):
    """Give the report to an officer of its OPD."""
    report = report_for(code)
    _allowed(report, "assign")
    form = AssignForm()
    form.fill(report)
    return _act(report, "assign", form,
                lambda: flow.assign(report, current_user, scoped_get_or_404(User, int(form.officer.data))),
                _("The report was assigned."))


@bp.post("/staf/aspirasi/laporan/<code>/balas")
@handlers_only
def staff_inbox_reply(code):
    """A public reply (with optional "after" photos) or an internal note."""
    report = report_for(code)
    form = ReplyForm()
    public = form.public.data == "1"
    _allowed(report, "reply" if public else "note")
    run = lambda: flow.reply(report, current_user, form.body.data, public=public,  # noqa: E731
                             photos=form.chosen_photos(), key=submitted_key())
    done = _("Your reply was published.") if public else _("Your internal note was saved.")
    return _act(report, "reply", form, run, done)


@bp.post("/staf/aspirasi/laporan/<code>/selesai")
@handlers_only
def staff_inbox_finish(code):
    """Close the report with a final public reply (and optional "after" photos)."""
    report = report_for(code)
    _allowed(report, "finish")
    form = FinishForm()
    return _act(report, "finish", form,
                lambda: flow.finish(report, current_user, form.closing.data, photos=form.chosen_photos()),
                _("The report is done. The reporter was told."), {"body": "closing"})


@bp.post("/staf/aspirasi/laporan/<code>/sunting")
@admin_only
def staff_inbox_redact(code):
    """Edit or redact the title and description; the original stays in the history."""
    report = report_for(code)
    form = RedactForm()
    return _act(report, "redact", form,
                lambda: flow.redact(report, current_user, title=form.new_title.data,
                                    description=form.new_description.data),
                _("The text was changed. The original is kept in the history."),
                {"title": "new_title", "description": "new_description"})


@bp.post("/staf/aspirasi/laporan/<code>/sembunyikan")
@admin_only
def staff_inbox_hide(code):
    """Take the report out of public view."""
    report = report_for(code)
    form = HideForm()
    return _act(report, "hide", form, lambda: flow.hide(report, current_user, form.hide_reason.data),
                _("The report is hidden from the public."), {"reason": "hide_reason"})


def _button(report: Report, run, done: str):
    """A button without fields (the CSRF token only): run, flash, and back to the report."""
    try:
        run()
        db.session.commit()
        flash(done, "success")
    except flow.FlowError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for(".staff_inbox_report", code=report.code))


@bp.post("/staf/aspirasi/laporan/<code>/tampilkan")
@admin_only
def staff_inbox_unhide(code):
    """Show a hidden report publicly again (a rahasia report stays private all the same)."""
    report = report_for(code)
    return _button(report, lambda: flow.unhide(report, current_user), _("The report is visible again."))


@bp.post("/staf/aspirasi/laporan/<code>/blokir-pelapor")
@admin_only
def staff_inbox_block(code):
    """Block the reporter's account (for abuse); the report itself stays."""
    report = report_for(code)
    if report.reporter is None:
        abort(404)
    return _button(report, lambda: flow.block_account(report.reporter, current_user, report=report),
                   _("The reporter's account is blocked."))


def _photo(photo_id: int) -> ReportPhoto:
    photo = scoped_get_or_404(ReportPhoto, photo_id)
    if not flow.can_handle(current_user, photo.report):
        abort(404)
    return photo


@bp.post("/staf/aspirasi/foto/<int:photo_id>/sembunyikan")
@admin_only
def staff_inbox_photo_hide(photo_id):
    """Hide a photo from the public; the original file is kept for audit."""
    photo = _photo(photo_id)
    return _button(photo.report, lambda: flow.redact_photo(photo, current_user),
                   _("The photo is hidden from the public."))


@bp.get("/staf/aspirasi/foto/<int:photo_id>")
@handlers_only
def staff_inbox_photo(photo_id):
    """A report photo for handling staff, hidden ones included (?kecil=1 for the thumbnail)."""
    photo = _photo(photo_id)
    path = photo.original_path or photo.path
    if request.args.get("kecil") and photo.thumb_path:
        path = photo.thumb_path
    return send_upload(path, "private, max-age=3600")


# Kinerja and export

def _period_form(offered, every: bool = True) -> PeriodForm:
    """The ?dari=&sampai= period (this month so far when neither is given) and the OPD choice."""
    args = request.args
    if "dari" not in args and "sampai" not in args:
        start, end = default_period()
        args = MultiDict({**args.to_dict(), "dari": start.isoformat(), "sampai": end.isoformat()})
    form = PeriodForm(formdata=args)
    form.fill(offered, every)
    if not every and not form.opd.data and offered:
        form.opd.data = str(offered[0].id)  # an officer always looks at one of their own OPDs
    return form


@bp.get("/staf/aspirasi/kinerja")
@handlers_only
def staff_inbox_kinerja():
    """Performance over a period, per OPD and per officer; officers see their own OPD only."""
    admin = is_admin(current_user)
    offered = departments(active_only=False)
    if not admin:
        offered = [d for d in offered if d.id in current_user.department_ids()]
        if not offered:
            abort(404)
    form = _period_form(offered, every=admin)
    if not form.validate():
        return render("aspirasi/staff/kinerja.html", status=400, form=form, numbers=None, admin=admin)
    department_id = int(form.opd.data) if form.opd.data else None
    numbers = services.kinerja(form.dari.data, form.sampai.data, department_id=department_id)
    return render("aspirasi/staff/kinerja.html", form=form, numbers=numbers, admin=admin)


@bp.get("/staf/aspirasi/ekspor.csv")
@admin_only
def staff_inbox_export():
    """The period's reports as CSV, streamed, with a byte-order mark so Excel reads the UTF-8."""
    form = _period_form(departments(active_only=False))
    if not form.validate():
        return render_error(400, hint=" ".join(m for f in (form.dari, form.sampai, form.opd) for m in f.errors))
    start, end = form.dari.data, form.sampai.data
    lines = services.export_csv((start, end), department_id=int(form.opd.data) if form.opd.data else None)

    def generate():
        yield "\ufeff"
        yield from lines

    filename = f"aspirasi-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


from . import views_admin  # noqa: E402,F401  (the admin's category pages register on the same blueprint)

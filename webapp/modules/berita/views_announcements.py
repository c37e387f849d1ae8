"""Announcements (pengumuman): short notices with an optional PDF, shown in a strip on the home page from
their start until they expire.

Staff (editors and the region admin) manage them at /staf/berita/pengumuman; visitors read the current
ones at /berita/pengumuman/. An announcement is *visible* once it is published and its start has passed;
it is *current* while visible and not yet expired. Expired announcements stay readable (marked as such)
but leave the strip. Times are compared in UTC and shown in the region's time zone.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, or_, select
from werkzeug.utils import secure_filename

from ...core.auth import roles_required
from ...core.i18n import number
from ...core.idempotency import previous_result, run_once, submitted_key
from ...core.models import Role
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...core.staff.common import Refused
from ...core.uploads import MAX_BYTES, UploadError, delete_upload, save_pdf, send_upload, upload_path
from ...extensions import db
from . import bp, markup
from .models import Announcement
from .other_forms import AnnouncementForm, as_utc

editors_only = roles_required(Role.REGION_ADMIN, Role.EDITOR)

SCOPE = "berita.announcement"
STRIP_LIMIT = 3
RECENT_EXPIRED = 10
STAFF_EXPIRED = 50
UPLOAD_KIND = "pengumuman"


class State:
    CURRENT = "current"
    UPCOMING = "upcoming"
    EXPIRED = "expired"
    UNPUBLISHED = "unpublished"
    ORDER = (CURRENT, UPCOMING, UNPUBLISHED, EXPIRED)


STATE_LABELS = {
    State.CURRENT: _l("Current"),
    State.UPCOMING: _l("Upcoming"),
    State.EXPIRED: _l("Expired"),
    State.UNPUBLISHED: _l("Not published"),
}
STATE_BADGES = {State.CURRENT: "badge-ok", State.UPCOMING: "badge-warn", State.EXPIRED: "badge-off",
                State.UNPUBLISHED: "badge-off"}


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


# Which announcements show

def visible(now: datetime):
    """SQL: published and started (expired ones included: they stay readable)."""
    return and_(Announcement.published.is_(True), Announcement.starts_at <= now)


def current(now: datetime):
    """SQL: visible and not expired: the ones in the home strip."""
    return and_(visible(now), or_(Announcement.expires_at.is_(None), Announcement.expires_at > now))


def state_of(announcement: Announcement, now: datetime | None = None) -> str:
    now = now or now_utc()
    if not announcement.published:
        return State.UNPUBLISHED
    if as_utc(announcement.starts_at) > now:
        return State.UPCOMING
    if is_expired(announcement, now):
        return State.EXPIRED
    return State.CURRENT


def is_expired(announcement: Announcement, now: datetime | None = None) -> bool:
    expires = as_utc(announcement.expires_at)
    return expires is not None and expires <= (now or now_utc())


def is_visible(announcement: Announcement, now: datetime | None = None) -> bool:
    return announcement.published and as_utc(announcement.starts_at) <= (now or now_utc())


def current_announcements(limit: int | None = None) -> list[Announcement]:
    """Current announcements of the region, newest first."""
    query = (select(Announcement).where(current(now_utc()))
             .order_by(Announcement.starts_at.desc(), Announcement.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def recently_expired(limit: int = RECENT_EXPIRED) -> list[Announcement]:
    now = now_utc()
    query = (select(Announcement).where(visible(now), Announcement.expires_at <= now)
             .order_by(Announcement.expires_at.desc(), Announcement.id.desc()).limit(limit))
    return list(db.session.execute(query).scalars())


def strip_context() -> dict:
    """For the home page's strip: at most three current announcements, newest first ({} when there are
    none, so the home page leaves the strip out without rendering it)."""
    items = current_announcements(STRIP_LIMIT)
    return {"announcements": items} if items else {}


# The PDF attachment

def display_name(filename: str | None) -> str:
    """The uploaded file's own name, safe to show: no folders, no control characters, at most 200 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip()
    if not name.lower().endswith(".pdf"):
        name = (name + ".pdf") if name else "lampiran.pdf"
    if len(name) > 200:
        name = name[:196].rstrip() + ".pdf"
    return name


def download_name(announcement: Announcement) -> str:
    """An ASCII file name for Content-Disposition: the stored name made safe, or pengumuman-<id>.pdf."""
    stem = (announcement.attachment_name or "").rsplit(".", 1)[0]
    safe = secure_filename(stem)[:80].strip("._-")
    return f"{safe or f'pengumuman-{announcement.id}'}.pdf"


def store_attachment(file_storage) -> dict:
    """Validate and store an uploaded PDF; returns the announcement's attachment columns, or raises Refused."""
    try:
        path = save_pdf(file_storage, kind=UPLOAD_KIND)
    except UploadError as exc:
        raise Refused(str(exc), field="attachment") from exc
    return {"attachment": path, "attachment_name": display_name(file_storage.filename),
            "attachment_size": upload_path(path).stat().st_size}


NO_ATTACHMENT = {"attachment": None, "attachment_name": None, "attachment_size": None}


def save_announcement(announcement: Announcement, values: dict, attachment: dict | None = None,
                      remove_attachment: bool = False) -> str | None:
    """Write the form's values (and a new or removed attachment) onto `announcement` and flush it.

    Returns the stored path of a PDF that is no longer used, for the caller to delete after committing.
    """
    for name, value in values.items():
        setattr(announcement, name, value)
    announcement.body_html = markup.to_html(announcement.body)
    old = announcement.attachment
    if attachment:
        for name, value in attachment.items():
            setattr(announcement, name, value)
    elif remove_attachment:
        for name, value in NO_ATTACHMENT.items():
            setattr(announcement, name, value)
    db.session.add(announcement)
    db.session.flush()
    return old if old and old != announcement.attachment else None


# Staff pages

def _own_department_id() -> int | None:
    ids = sorted(current_user.department_ids()) if current_user.is_authenticated else []
    return ids[0] if ids else None


def _form_page(form: AnnouncementForm, announcement: Announcement | None = None, status: int = 200):
    max_mb = current_app.config.get("UPLOAD_MAX_BYTES", MAX_BYTES) // (1024 * 1024)
    return render("berita/staff/announcement_form.html", status=status, form=form, announcement=announcement,
                  state=state_of(announcement) if announcement else None, max_mb=max_mb)


@bp.get("/staf/berita/pengumuman")
@editors_only
def staff_announcements():
    """Every announcement by state in words: current, upcoming, not published, and the latest expired."""
    now = now_utc()
    live = select(Announcement).where(or_(Announcement.expires_at.is_(None), Announcement.expires_at > now))
    rows = list(db.session.execute(live.order_by(Announcement.starts_at.desc(), Announcement.id.desc())).scalars())
    expired = list(db.session.execute(
        select(Announcement).where(Announcement.expires_at <= now)
        .order_by(Announcement.expires_at.desc(), Announcement.id.desc()).limit(STAFF_EXPIRED)).scalars())
    groups = {state: [] for state in State.ORDER}
    for row in rows + expired:
        groups[state_of(row, now)].append(row)
    return render("berita/staff/announcements.html", groups=groups, states=State.ORDER,
                  expired_limit=STAFF_EXPIRED)


@bp.route("/staf/berita/pengumuman/baru", methods=["GET", "POST"])
@editors_only
def staff_announcement_new():
    """Write an announcement; one-time key, so a double tap creates it once."""
    if request.method == "POST":
        form = AnnouncementForm()
    else:
        form = AnnouncementForm(formdata=None, data=AnnouncementForm.defaults(department_id=_own_department_id()))
    form.fill()
    if form.validate_on_submit():
        key = submitted_key()
        if previous_result(SCOPE, key) is not None:
            flash(_("This announcement was already saved."), "info")
            return redirect(url_for(".staff_announcements"))
        try:
            attachment = store_attachment(form.chosen_file()) if form.chosen_file() else None
        except Refused as refusal:
            refusal.attach_to(form)
        else:
            def create() -> str:
                announcement = Announcement(created_by_id=current_user.id)
                save_announcement(announcement, form.values(), attachment)
                return str(announcement.id)

            try:
                _result, created = run_once(SCOPE, key, create)
            except Exception:
                db.session.rollback()
                delete_upload(attachment and attachment["attachment"])
                raise
            if not created:  # a copy of this submission won the race: its file is the one kept
                delete_upload(attachment and attachment["attachment"])
            flash(_("The announcement “%(title)s” was saved.", title=form.title.data), "success")
            return redirect(url_for(".staff_announcements"))
    return _form_page(form, status=422 if form.errors else 200)


@bp.route("/staf/berita/pengumuman/<int:announcement_id>", methods=["GET", "POST"])
@editors_only
def staff_announcement_edit(announcement_id):
    """Edit an announcement; a new PDF replaces the old one (whose file is deleted)."""
    announcement = scoped_get_or_404(Announcement, announcement_id)
    if request.method == "POST":
        form = AnnouncementForm()
    else:
        form = AnnouncementForm(formdata=None, data=AnnouncementForm.defaults(announcement))
    form.fill(announcement)
    if form.validate_on_submit():
        try:
            attachment = store_attachment(form.chosen_file()) if form.chosen_file() else None
        except Refused as refusal:
            refusal.attach_to(form)
        else:
            try:
                unused = save_announcement(announcement, form.values(), attachment,
                                           remove_attachment=bool(form.remove_attachment.data))
                db.session.commit()
            except Exception:
                db.session.rollback()
                delete_upload(attachment and attachment["attachment"])
                raise
            delete_upload(unused)
            flash(_("The announcement “%(title)s” was saved.", title=announcement.title), "success")
            return redirect(url_for(".staff_announcements"))
    return _form_page(form, announcement, status=422 if form.errors else 200)


@bp.post("/staf/berita/pengumuman/<int:announcement_id>/hapus")
@editors_only
def staff_announcement_delete(announcement_id):
    """Delete an announcement and its PDF."""
    announcement = scoped_get_or_404(Announcement, announcement_id)
    title, path = announcement.title, announcement.attachment
    db.session.delete(announcement)
    db.session.commit()
    delete_upload(path)
    flash(_("The announcement “%(title)s” was deleted.", title=title), "success")
    return redirect(url_for(".staff_announcements"))


# Public pages

def visible_or_404(announcement_id: int) -> Announcement:
    announcement = scoped_get_or_404(Announcement, announcement_id)
    if not is_visible(announcement):
        abort(404)
    return announcement


@bp.get("/berita/pengumuman/")
def announcements():
    """Current announcements, newest first, then the most recently expired ones."""
    return render("berita/announcements.html", current=current_announcements(), expired=recently_expired())


@bp.get("/berita/pengumuman/<int:announcement_id>")
def announcement(announcement_id):
    """One announcement; an expired one stays readable with the date it expired."""
    item = visible_or_404(announcement_id)
    return render("berita/announcement.html", announcement=item, body=markup.safe(item.body_html),
                  expired=is_expired(item))


@bp.get("/berita/pengumuman/<int:announcement_id>/lampiran.pdf")
def announcement_pdf(announcement_id):
    """The announcement's PDF, downloaded (never shown inline), only while the announcement is visible."""
    item = visible_or_404(announcement_id)
    if not item.attachment:
        abort(404)
    return send_upload(item.attachment, "public, max-age=300", download_name=download_name(item))


@bp.context_processor
def announcement_helpers() -> dict:
    """Announcement states in words for the berita templates (names prefixed: other berita pages share them)."""
    return {"pengumuman_state_label": lambda s: str(STATE_LABELS[s]),
            "pengumuman_state_badge": lambda s: STATE_BADGES[s], "file_size": file_size}


def file_size(size: int | None) -> str:
    """'240 KB' or '1.2 MB' (in the reader's number format)."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return _("%(kb)s KB", kb=number(max(1, round(size / 1024))))
    return _("%(mb)s MB", mb=number(size / (1024 * 1024), 1))

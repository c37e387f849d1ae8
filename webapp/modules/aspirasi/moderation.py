"""Moderation by region admins: hide a report, redact its text or photos, block an abusive account.

Nothing is thrown away: redacted text is kept in an internal event and a redacted photo keeps its
original file (`original_path`), so an audit can always see what was there.
"""
from __future__ import annotations

from flask_babel import gettext as _

from ...core.models import Role, User
from ...extensions import db
from .models import Action, Report, ReportPhoto
from .rules import FlowError, can_moderate, record, require, require_text
from .sla import now_utc
from .validation import DESCRIPTION_MAX, TITLE_MAX

REASON_MAX = 2000


def hide(report: Report, actor: User, reason: str) -> Report:
    """Take a report out of public view (it stays in the staff area), with the reason kept internally."""
    require(can_moderate(actor, report))
    reason = require_text(reason, _("Please give the reason for hiding the report."), REASON_MAX, "reason")
    report.hidden = True
    record(report, Action.HIDDEN, actor, when=now_utc(), public=False, body=reason)
    db.session.commit()
    return report


def unhide(report: Report, actor: User) -> Report:
    """Show a hidden report publicly again (rahasia reports stay private all the same)."""
    require(can_moderate(actor, report))
    report.hidden = False
    record(report, Action.SHOWN, actor, when=now_utc(), public=False)
    db.session.commit()
    return report


def redact(report: Report, actor: User, title: str | None = None, description: str | None = None) -> Report:
    """Replace the reporter's title and/or description; the original text goes into an internal event."""
    require(can_moderate(actor, report))
    original = []
    if title is not None:
        title = require_text(title, _("Please give the report a title."), TITLE_MAX, "title")
        if title != report.title:
            original.append(f"title: {report.title}")
            report.title = title
    if description is not None:
        description = require_text(description, _("Please keep a description."), DESCRIPTION_MAX, "description")
        if description != report.description:
            original.append(f"description: {report.description}")
            report.description = description
    if original:
        record(report, Action.REDACTED, actor, when=now_utc(), public=False, body="\n\n".join(original))
        db.session.commit()
    return report


def redact_photo(photo: ReportPhoto, actor: User) -> ReportPhoto:
    """Hide a photo from every view; its file stays, named in `original_path`, for audit."""
    require(can_moderate(actor, photo.report))
    if not photo.hidden:
        photo.original_path = photo.original_path or photo.path
        photo.hidden = True
        record(photo.report, Action.PHOTO_REDACTED, actor, when=now_utc(), public=False, body=str(photo.id))
        db.session.commit()
    return photo


def block_account(user: User, actor: User, report: Report | None = None) -> User:
    """Block a citizen's account (signed out everywhere, cannot sign in); noted on `report` if given."""
    if user is None:
        raise FlowError(_("This report was filed without an account, so there is no account to block."))
    if not actor.has_role(Role.REGION_ADMIN) or (not actor.is_platform_admin and actor.region_id != user.region_id):
        raise FlowError(_("You cannot act on this report."))
    if user.id == actor.id or user.is_staff:
        raise FlowError(_("Staff accounts are managed in the staff area, not blocked here."))
    user.blocked = True
    user.session_version = (user.session_version or 0) + 1  # ends every session at once
    if report is not None:
        record(report, Action.BLOCKED, actor, when=now_utc(), public=False, body=user.name)
    db.session.commit()
    return user

"""Who may do what to a report, the error every refused step raises, and the one way events are recorded.

Region admins handle every report of their region; department officers (role "opd") only reports
disposed to one of their own OPDs. Verification, rejection, merging, disposition and moderation belong
to region admins. The reporter is whoever filed the report: the signed-in account that filed it, or
anyone holding its tracking code (reports need no account, and the code is sent only to the reporter).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from ...core.models import Role
from ...core.uploads import UploadError
from .codes import normalise_code
from .models import ReportEvent


class FlowError(Exception):
    """A step that is not allowed or input that is not acceptable; `message` is translated for the user.

    `field` names the form field at fault, when there is one, so a view can show the message beside it.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PhotoError(FlowError, UploadError):
    """A photo that could not be accepted; catchable as either a FlowError or an UploadError."""


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and not getattr(user, "blocked", False)


def _same_region(user, report) -> bool:
    return user.is_platform_admin or user.region_id == report.region_id


def can_moderate(user, report) -> bool:
    """Region admins (and platform admins) of the report's region: verify, dispose, moderate."""
    return _signed_in(user) and _same_region(user, report) and user.has_role(Role.REGION_ADMIN)


def can_handle(user, report) -> bool:
    """May `user` see this report in the staff area and act on it (reply, assign, finish)?"""
    if not _signed_in(user) or not _same_region(user, report):
        return False
    if user.has_role(Role.REGION_ADMIN):
        return True
    return (
        user.has_role(Role.DEPARTMENT_OFFICER)
        and report.department_id is not None
        and report.department_id in user.department_ids()
    )


def can_respond(user, report, code: str | None = None) -> bool:
    """Is this the reporter, who may rate or reopen: the account that filed it, or a holder of its code?"""
    if code is not None and normalise_code(code) == report.code:
        return True
    return _signed_in(user) and report.reporter_id is not None and user.id == report.reporter_id


def require(allowed: bool) -> None:
    if not allowed:
        raise FlowError(_("You cannot act on this report."))


def require_text(value, message: str, limit: int, field: str | None = None) -> str:
    """`value` stripped; FlowError(message) when empty, or a length message when longer than `limit`."""
    text = (value or "").strip()
    if not text:
        raise FlowError(message, field)
    if len(text) > limit:
        raise FlowError(_("Please keep this under %(limit)d characters.", limit=limit), field)
    return text


def record(report, action: str, actor=None, *, when: datetime, body: str | None = None,
           public: bool = True, from_status: str | None = None, to_status: str | None = None,
           department_id: int | None = None) -> ReportEvent:
    """Add a line to the report's history: who (`actor`), when, what, and why (`body`)."""
    event = ReportEvent(
        action=action, actor_id=actor.id if actor is not None else None, created_at=when, body=body,
        public=public, from_status=from_status, to_status=to_status, department_id=department_id,
    )
    report.events.append(event)
    return event


def move(report, to_status: str, action: str, actor=None, *, when: datetime, **fields) -> ReportEvent:
    """Change the report's status and record the change."""
    from_status, report.status = report.status, to_status
    return record(report, action, actor, when=when, from_status=from_status, to_status=to_status, **fields)

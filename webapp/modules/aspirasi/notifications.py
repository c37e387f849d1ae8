"""Telling the reporter about each public change of their report, and officers about new work.

Each message is one queued job per recipient and channel (so a retry never repeats a message that
already arrived), carrying only ids and the site's address. The job enters the report's region, writes
the message in the recipient's language and hands it to core notify's `send_mail` or `send_message`
directly (not `deliver`, which swallows failures): a refused delivery raises, so the queue retries it.
"""
from __future__ import annotations

from flask import g
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from ...core import notify
from ...core.models import Region, Role, RoleGrant, User
from ...core.queue import enqueue
from ...core.scoping import region_context
from ...extensions import db
from .models import Action, Report, ReportEvent

TRACK_PATH = "/aspirasi/lacak"
STAFF_PATH = "/staf/aspirasi/"
REPORTER_JOB = f"{__name__}.send_to_reporter"
OFFICER_JOB = f"{__name__}.send_to_officer"
# The reporter did these themselves, or they are not news to them.
QUIET_ACTIONS = frozenset({Action.RATED, Action.REOPENED})


def site_url(region: Region) -> str:
    return notify.site_url(region)


def phone_channel(region: Region) -> str:
    return notify.phone_channel(region, "aspirasi_phone_channel")


def notify_reporter(report: Report, event: ReportEvent) -> None:
    """Queue news of a public `event` to the reporter: e-mail and SMS/WhatsApp, whichever they left."""
    if not event.public or event.action in QUIET_ACTIONS:
        return
    region = g.region
    if report.reporter_email:
        enqueue(REPORTER_JOB, region.id, event.id, "mail", site_url(region))
    if report.reporter_phone:
        enqueue(REPORTER_JOB, region.id, event.id, phone_channel(region), site_url(region))


def officer_ids(report: Report) -> list[int]:
    """Who hears of new work: the assigned officer, or else every unblocked officer of the OPD."""
    if report.assignee_id:
        return [report.assignee_id]
    if report.department_id is None:
        return []
    query = (
        select(User.id).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.DEPARTMENT_OFFICER, RoleGrant.department_id == report.department_id,
               User.blocked.is_(False), User.email.is_not(None))
        .order_by(User.id).distinct()
    )
    return list(db.session.execute(query).scalars())


def notify_officers(report: Report) -> None:
    """Queue an e-mail about the report to its officers; with none, to the OPD's own address."""
    region = g.region
    ids = officer_ids(report)
    if not ids and report.department is not None and report.department.email:
        ids = [None]
    for user_id in ids:
        enqueue(OFFICER_JOB, region.id, report.id, user_id, site_url(region))


def _region(region_id: int) -> Region:
    return db.session.get(Region, region_id)


def _deliver(channel: str, to: str, body: str, subject: str) -> None:
    """Hand the message over now; a failure raises, so the queue logs it and tries again later."""
    if channel == "mail":
        notify.send_mail(to, subject, body)
    else:
        notify.send_message(channel, to, body)


def send_to_reporter(region_id: int, event_id: int, channel: str, base_url: str) -> None:
    """Job: tell the reporter about one event of their report over `channel`."""
    region = _region(region_id)
    with region_context(region):
        event = db.session.execute(select(ReportEvent).where(ReportEvent.id == event_id)).scalar_one()
        report = event.report
        with force_locale(report.locale or region.default_locale):
            subject, body = reporter_message(report, event, region)
            link = base_url + TRACK_PATH
            if channel == "mail":
                text = _("%(body)s\n\nTracking code: %(code)s\nFollow your report at %(link)s\n\n%(region)s",
                         body=body, code=report.code, link=link, region=region.name)
                _deliver("mail", report.reporter_email, text, subject)
            else:
                text = _("%(region)s: %(news)s Code %(code)s, %(link)s",
                         region=region.name, news=subject, code=report.code, link=link)
                _deliver(channel, report.reporter_phone, text, "")


def reporter_message(report: Report, event: ReportEvent, region: Region) -> tuple[str, str]:
    """Subject and body of the news of `event`, in the current language."""
    code, title = report.code, report.title
    department = report.department.name if report.department is not None else ""
    due = format_datetime(report.due_at, "medium") if report.due_at else ""
    if event.action == Action.SUBMITTED:
        return (_("Your report %(code)s has been received", code=code),
                _("Thank you. Your report “%(title)s” has been received by %(region)s and will be checked "
                  "within %(days)d working days.", title=title, region=region.name, days=report.category.verify_days))
    if event.action == Action.VERIFIED:
        return (_("Your report %(code)s has been verified", code=code),
                _("Your report “%(title)s” has been verified.", title=title))
    if event.action == Action.DISPOSED:
        return (_("Your report %(code)s has been sent to %(department)s", code=code, department=department),
                _("Your report “%(title)s” has been sent to %(department)s, which is to follow it up by %(due)s.",
                  title=title, department=department, due=due))
    if event.action == Action.REPLY:
        return (_("There is a reply to your report %(code)s", code=code),
                _("%(department)s replied to your report “%(title)s”:\n\n%(reply)s",
                  department=department, title=title, reply=event.body or ""))
    if event.action == Action.DONE:
        return (_("Your report %(code)s is done", code=code),
                _("%(department)s has finished your report “%(title)s”:\n\n%(reply)s\n\nYou can rate the answer, "
                  "or reopen the report within 14 days if the problem is not solved.",
                  department=department, title=title, reply=event.body or ""))
    if event.action == Action.REJECTED:
        return (_("Your report %(code)s was not accepted", code=code),
                _("Your report “%(title)s” was not accepted. The reason:\n\n%(reason)s",
                  title=title, reason=event.body or ""))
    if event.action == Action.MERGED:
        return (_("Your report %(code)s was joined with another report", code=code),
                _("Your report “%(title)s” is about the same problem as an earlier report, so the two were "
                  "joined. The answer to that report also answers yours.", title=title))
    return (_("There is news about your report %(code)s", code=code),
            _("There is news about your report “%(title)s”.", title=title))


def send_to_officer(region_id: int, report_id: int, user_id: int | None, base_url: str) -> None:
    """Job: e-mail an officer (or, with `user_id` None, the OPD's address) about a report to handle."""
    region = _region(region_id)
    with region_context(region):
        report = db.session.execute(select(Report).where(Report.id == report_id)).scalar_one()
        user = db.session.get(User, user_id) if user_id else None
        to = user.email if user is not None else report.department.email
        with force_locale((user.locale if user is not None else None) or region.default_locale):
            due = format_datetime(report.due_at, "medium") if report.due_at else ""
            subject = _("New report for %(department)s: %(title)s", department=report.department.name,
                        title=report.title)
            body = _("Report %(code)s, “%(title)s” (%(category)s, %(kelurahan)s), is to be followed up by %(due)s."
                     "\n\nOpen the inbox: %(link)s",
                     code=report.code, title=report.title, category=report.category.name,
                     kelurahan=report.kelurahan.name, due=due, link=base_url + STAFF_PATH)
            _deliver("mail", to, body, subject)

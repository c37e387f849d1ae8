"""Telling a job seeker about their application's status and their AK/1 card, by e-mail and SMS/WhatsApp.

Like Aspirasi: one queued job per message and channel carrying only ids and the site's address; the job
enters the region, writes in the seeker's language and hands the message to core notify (a failure
raises, so the queue retries). Call the `notify_*` functions after the commit.
"""
from __future__ import annotations

from flask import g
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from ...core import notify
from ...core.models import Region
from ...core.queue import enqueue
from ...core.scoping import region_context
from ...extensions import db
from .cards import Action as CardAction
from .models import ApplicationEvent, ApplicationStatus, CardEvent, Employer, Seeker, Vacancy

APPLICATION_JOB = f"{__name__}.send_application_news"
CARD_JOB = f"{__name__}.send_card_news"
REMINDER_JOB = f"{__name__}.send_report_reminder"
EMPLOYER_JOB = f"{__name__}.send_employer_news"
EMPLOYER_NEWS = ("verified", "rejected", "published", "returned", "closed")
# Card steps the seeker hears about (the ones they did themselves are not news to them).
CARD_NEWS = (CardAction.CORRECTION_REQUESTED, CardAction.APPROVED, CardAction.REJECTED)


def site_url(region: Region) -> str:
    return notify.site_url(region)


def phone_channel(region: Region) -> str:
    return notify.phone_channel(region, "pencaker_phone_channel")


def channels(seeker: Seeker, region: Region) -> list[str]:
    channels = []
    if seeker.email:
        channels.append("mail")
    if seeker.phone:
        channels.append(phone_channel(region))
    return channels


def notify_application(event: ApplicationEvent) -> None:
    region = g.region
    for channel in channels(event.application.seeker, region):
        enqueue(APPLICATION_JOB, region.id, event.id, channel, site_url(region))


def notify_card(event: CardEvent) -> None:
    if event.action not in CARD_NEWS:
        return
    region = g.region
    for channel in channels(event.card.seeker, region):
        enqueue(CARD_JOB, region.id, event.id, channel, site_url(region))


def _deliver(channel: str, seeker: Seeker, subject: str, body: str, link: str, region: Region) -> None:
    if channel == "mail":
        text = _("%(body)s\n\nSee it at %(link)s\n\n%(region)s", body=body, link=link, region=region.name)
        notify.send_mail(seeker.email, subject, text)
    else:
        notify.send_message(channel, seeker.phone, _("%(region)s: %(news)s %(link)s", region=region.name,
                                                     news=subject, link=link))


def _locale(seeker: Seeker, region: Region) -> str:
    return (seeker.user.locale if seeker.user is not None else None) or region.default_locale


def application_message(event: ApplicationEvent) -> tuple[str, str]:
    application = event.application
    vacancy = application.vacancy
    title, company = vacancy.title, vacancy.employer.name
    if event.status == ApplicationStatus.SENT:
        return (_("Your application for %(title)s was sent", title=title),
                _("Your application for “%(title)s” at %(company)s has been sent.", title=title, company=company))
    if event.status == ApplicationStatus.SEEN:
        return (_("%(company)s has seen your application", company=company),
                _("%(company)s has opened your application for “%(title)s”.", title=title, company=company))
    if event.status == ApplicationStatus.CALLED:
        when = format_datetime(application.interview_at, "medium") if application.interview_at else ""
        return (_("Interview invitation: %(title)s", title=title),
                _("%(company)s invites you to an interview for “%(title)s” on %(when)s at %(place)s.%(note)s",
                  company=company, title=title, when=when, place=application.interview_place or "",
                  note=("\n\n" + event.note) if event.note else ""))
    if event.status == ApplicationStatus.ACCEPTED:
        return (_("You are accepted: %(title)s", title=title),
                _("Congratulations! %(company)s accepted your application for “%(title)s”.%(note)s",
                  company=company, title=title, note=("\n\n" + event.note) if event.note else ""))
    return (_("Your application for %(title)s was not successful", title=title),
            _("%(company)s did not choose your application for “%(title)s” this time. Other vacancies are "
              "waiting for you.%(note)s", company=company, title=title,
              note=("\n\n" + event.note) if event.note else ""))


def card_message(event: CardEvent) -> tuple[str, str]:
    card = event.card
    if event.action == CardAction.APPROVED:
        return (_("Your AK/1 card is ready"),
                _("Your AK/1 card %(number)s has been approved. It is valid until %(until)s; you can print it "
                  "or show it on your phone.", number=card.number or "",
                  until=format_date(card.valid_until, "long") if card.valid_until else ""))
    if event.action == CardAction.CORRECTION_REQUESTED:
        return (_("Your AK/1 application needs a correction"),
                _("Disnaker asks you to correct your AK/1 application:\n\n%(reason)s\n\nFix your profile and "
                  "send the application again.", reason=event.note))
    return (_("Your AK/1 application was rejected"),
            _("Your AK/1 application was rejected. The reason:\n\n%(reason)s", reason=event.note))


def send_application_news(region_id: int, event_id: int, channel: str, base_url: str) -> None:
    """Job: tell the applicant about one status change of their application."""
    region = db.session.get(Region, region_id)
    with region_context(region):
        event = db.session.execute(select(ApplicationEvent).where(ApplicationEvent.id == event_id)).scalar_one()
        seeker = event.application.seeker
        with force_locale(_locale(seeker, region)):
            subject, body = application_message(event)
            _deliver(channel, seeker, subject, body, base_url + "/pencaker/lamaran", region)


def send_card_news(region_id: int, event_id: int, channel: str, base_url: str) -> None:
    """Job: tell the seeker a decision on their AK/1 application."""
    region = db.session.get(Region, region_id)
    with region_context(region):
        event = db.session.execute(select(CardEvent).where(CardEvent.id == event_id)).scalar_one()
        seeker = event.card.seeker
        with force_locale(_locale(seeker, region)):
            subject, body = card_message(event)
            _deliver(channel, seeker, subject, body, base_url + "/pencaker/kartu", region)


def send_report_reminder(region_id: int, seeker_id: int, period: int, channel: str, base_url: str) -> None:
    """Job: remind a card holder to make this period's six-monthly report."""
    region = db.session.get(Region, region_id)
    with region_context(region):
        seeker = db.session.execute(select(Seeker).where(Seeker.id == seeker_id)).scalar_one()
        with force_locale(_locale(seeker, region)):
            subject = _("Time for your AK/1 report")
            body = _("Are you still looking for work? Report it with one tap for period %(period)d of your "
                     "AK/1 card, or tell us you found a job.", period=period)
            _deliver(channel, seeker, subject, body, base_url + "/pencaker/kartu", region)


def notify_employer(employer: Employer, news: str, vacancy: Vacancy | None = None) -> None:
    """Queue Disnaker's decision on a company ("verified", "rejected") or on one of its vacancies
    ("published", "returned", "closed") to the company's contact e-mail (else its owner's) and phone."""
    if news not in EMPLOYER_NEWS:
        raise ValueError(news)
    region = g.region
    vacancy_id = vacancy.id if vacancy is not None else None
    if employer.contact_email or (employer.owner is not None and employer.owner.email):
        enqueue(EMPLOYER_JOB, region.id, employer.id, news, vacancy_id, "mail", site_url(region))
    if employer.contact_phone:
        enqueue(EMPLOYER_JOB, region.id, employer.id, news, vacancy_id, phone_channel(region), site_url(region))


def employer_message(employer: Employer, news: str, vacancy: Vacancy | None) -> tuple[str, str]:
    title = vacancy.title if vacancy is not None else ""
    if news == "verified":
        return (_("%(company)s is verified", company=employer.name),
                _("Disnaker verified %(company)s. Your vacancies can now be published after review.",
                  company=employer.name))
    if news == "rejected":
        return (_("%(company)s was not verified", company=employer.name),
                _("Disnaker could not verify %(company)s. The reason:\n\n%(reason)s\n\nCorrect the details and "
                  "ask again.", company=employer.name, reason=employer.reason or ""))
    if news == "published":
        return (_("Your vacancy is published: %(title)s", title=title),
                _("Disnaker published your vacancy “%(title)s”. Job seekers can apply now.", title=title))
    if news == "returned":
        return (_("Your vacancy needs changes: %(title)s", title=title),
                _("Disnaker returned your vacancy “%(title)s”:\n\n%(note)s\n\nEdit it and submit it again.",
                  title=title, note=(vacancy.review_note if vacancy is not None else "") or ""))
    return (_("Your vacancy was closed: %(title)s", title=title),
            _("Disnaker closed your vacancy “%(title)s”. It no longer takes applications.", title=title))


def send_employer_news(region_id: int, employer_id: int, news: str, vacancy_id: int | None, channel: str,
                       base_url: str) -> None:
    """Job: tell a company about Disnaker's decision on it or on one of its vacancies."""
    region = db.session.get(Region, region_id)
    with region_context(region):
        employer = db.session.execute(select(Employer).where(Employer.id == employer_id)).scalar_one()
        vacancy = (db.session.execute(select(Vacancy).where(Vacancy.id == vacancy_id)).scalar_one()
                   if vacancy_id else None)
        owner = employer.owner
        with force_locale((owner.locale if owner is not None else None) or region.default_locale):
            subject, body = employer_message(employer, news, vacancy)
            link = base_url + "/pencaker/perusahaan/"
            if channel == "mail":
                to = employer.contact_email or owner.email
                notify.send_mail(to, subject, _("%(body)s\n\nSee it at %(link)s\n\n%(region)s", body=body,
                                                link=link, region=region.name))
            else:
                notify.send_message(channel, employer.contact_phone,
                                    _("%(region)s: %(news)s %(link)s", region=region.name, news=subject, link=link))

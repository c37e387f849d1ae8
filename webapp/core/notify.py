"""Telling people things: e-mail, SMS and WhatsApp, through one path that every module uses.

Modules call `deliver(channel, to, body, subject=...)`. It hands the message to the job queue
(core/queue.py: after the response without Redis, on RQ with it, at once in tests) and never raises: a
mail server or gateway that refuses is tried again later (10 s, 1 min, 5 min) and then logged, and the
person's page looks the same, and takes as long, either way (which also keeps a password-reset page from
revealing whether an account exists). Jobs that build their message themselves (a module's
notifications) call `send_mail` and `send_message`, which raise on failure so that the queue retries.

Without a configured server, messages are written to the app log at INFO level, links included, so a
developer can follow them.

Settings (app config, or the environment for the gateway):
  MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_USE_SSL, MAIL_DEFAULT_SENDER
  SMS_GATEWAY_URL, SMS_GATEWAY_KEY: an HTTP(S) endpoint that takes
  POST {"channel": "sms"|"whatsapp", "to": "+62…", "text": "…"} with `Authorization: Bearer <key>`.
"""
from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app, has_request_context, request

from .queue import enqueue

CHANNELS = ("mail", "sms", "whatsapp")
GATEWAY_CHANNELS = ("sms", "whatsapp")
TIMEOUT = 10  # seconds; a slow provider must not hold a worker for long
SEND_JOB = f"{__name__}.send_now"


class DeliveryError(RuntimeError):
    """A message could not be handed over to its channel."""


def site_url(region) -> str:
    """The address people use for `region`: this request's host, else the region's first host (for jobs)."""
    if has_request_context():
        return request.host_url.rstrip("/")
    host = region.hosts[0].host if region.hosts else "localhost"
    return f"https://{host}"


def phone_channel(region, setting: str) -> str:
    """"sms" (default) or "whatsapp", as the region's setting `setting` says."""
    channel = (region.settings or {}).get(setting)
    return channel if channel in GATEWAY_CHANNELS else "sms"


def deliver(channel: str, to: str, body: str, subject: str = "") -> bool:
    """Queue `body` for `to` over `channel` ("mail", "sms" or "whatsapp"); retried when sending fails.

    This is the one call sites use; it never raises. False when the message cannot be sent at all (an unknown
    channel, a line break in an address or subject) and, in the test suite's "sync" queue, when every attempt
    failed; True otherwise.
    """
    to, body, subject = str(to or ""), str(body), str(subject)  # plain values: a queued job is serialised
    if channel not in CHANNELS or "\n" in to + subject or "\r" in to + subject:
        current_app.logger.error("refused to send a malformed %s message to %r", channel, to)
        return False
    return enqueue(SEND_JOB, channel, to, body, subject)


def send_now(channel: str, to: str, body: str, subject: str = "") -> None:
    """Job: hand one message to its channel; raises when that fails, so that the queue tries again."""
    if channel == "mail":
        send_mail(to, subject, body)
    else:
        send_message(channel, to, body)


def send_mail(to: str, subject: str, body_text: str) -> None:
    """Send a plain-text e-mail through the configured SMTP server, or log it when there is none."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("mail not sent (no MAIL_SERVER) to %s\nSubject: %s\n\n%s", to, subject, body_text)
        return
    sender = config.get("MAIL_DEFAULT_SENDER") or "noreply@localhost"
    message = EmailMessage()  # the default policy refuses line breaks in headers (no header injection)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    message.set_content(body_text)
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config.get("MAIL_PORT") or 25, timeout=TIMEOUT) as smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _setting(name: str) -> str | None:
    return current_app.config.get(name) or os.environ.get(name) or None


def send_message(channel: str, to: str, body: str) -> None:
    """Send a short text over "sms" or "whatsapp" through the HTTP gateway, or log it when there is none."""
    if channel not in GATEWAY_CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    url = _setting("SMS_GATEWAY_URL")
    if not url:
        current_app.logger.info("%s not sent (no SMS_GATEWAY_URL) to %s: %s", channel, to, body)
        return
    if not url.startswith(("https://", "http://")):
        raise DeliveryError("SMS_GATEWAY_URL must be an http(s) URL")  # urllib would also open file: URLs
    request = urllib.request.Request(
        url,
        data=json.dumps({"channel": channel, "to": to, "text": body}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {_setting('SMS_GATEWAY_KEY') or ''}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.URLError as exc:  # HTTPError (4xx/5xx from the gateway) is a URLError
        raise DeliveryError(f"gateway refused the message: {exc}") from exc

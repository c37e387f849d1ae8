"""Translated error pages in the site's layout, and JSON errors for API clients.

A database that cannot be reached (restarting, the network down, the SQLite file gone, a lock held too long)
answers 503 with Retry-After, never 500: the transaction is rolled back, so nothing is half-written, and the
page needs neither the database nor the layout. The app recovers by itself: a dead connection is replaced
when its failure is seen, and one idle for a while is pinged first (core/database.py, `ping_when_idle`).

A refused form (an expired CSRF token, the database away) comes back with what was typed, when it came from
our own site: a button sends it again, and the text is shown so it can be copied. Passwords are never echoed.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..extensions import db, login
from .rendering import render

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Please go back, check what you entered and try again.")),
    403: (_l("You may not open this page"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page you are looking for does not exist or has moved.")),
    405: (_l("That action is not allowed here"), _l("Please use the buttons and links on the page.")),
    413: (_l("What you sent is too large"), _l("Please send smaller files, or fewer at once.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before you try again.")),
    500: (_l("Something went wrong on our side"), _l("The error has been recorded. Please try again in a little while.")),
    503: (_l("The service is briefly unavailable"), _l("Our database cannot be reached just now. Please try again in a minute.")),
}
RETRY_AFTER_SECONDS = 30
# Field names whose values are never echoed back (passwords, their confirmation, one-time codes).
SECRET_FIELD = re.compile(r"password|sandi|confirm|otp|secret|recovery|token", re.IGNORECASE)
HIDDEN_FIELDS = {"idempotency_key", "next"}
LETTER = re.compile(r"[^\W\d_]")


# (path prefix, formatter(code, detail) -> response): an API with its own error format (Open311) registers
# here, so even a 404 for an unknown URL or a 405 under its prefix answers in that format.
ERROR_FORMATS: list[tuple[str, object]] = []


def register_error_format(prefix: str, formatter) -> None:
    if all(existing != prefix for existing, _ in ERROR_FORMATS):
        ERROR_FORMATS.append((prefix, formatter))


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def render_error(code: int, hint: str | None = None, template: str = "errors/error.html", standalone: bool = False,
                 **context):
    """The error in the format the client reads: an API's own, JSON, or a translated page.

    A `standalone` template does not extend the layout (it is shown when the region cannot be loaded).
    """
    title, default_hint = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    for prefix, formatter in ERROR_FORMATS:
        if request.path.startswith(prefix):
            return formatter(code, str(hint or title))
    if _wants_json():
        return {"error": {"code": code, "message": str(title), "detail": str(hint or default_hint)}}, code
    context.update(code=code, title=title, hint=hint or default_hint)
    if standalone:
        return render_template(template, **context), code
    if g.get("region") is None:
        return f"{code} {title}", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render(template, block=None, status=code, **context)


def _same_origin() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def refused_form() -> dict | None:
    """What a form posted from our own site held, to offer it again: None for anything else.

    `fields` go back as hidden inputs (without secrets); `typed` is the text a person wrote, shown to copy;
    `secrets_dropped` and `files_dropped` say what has to be given again.
    """
    if request.method != "POST" or not _same_origin():
        return None
    items = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    files_dropped = any(f.filename for f in request.files.values())
    if not items and not files_dropped:
        return None
    secret_values = {v for k, v in items if SECRET_FIELD.search(k) and v}
    fields = [(k, v) for k, v in items if not SECRET_FIELD.search(k) and v not in secret_values]
    typed = [v.strip() for k, v in fields
             if k not in HIDDEN_FIELDS and len(v.strip()) >= 3 and LETTER.search(v)]
    return {"action": request.full_path.rstrip("?"), "fields": fields, "typed": typed,
            "secrets_dropped": len(fields) < len(items),
            "files_dropped": files_dropped}


def database_unreachable(exc: BaseException | None) -> bool:
    """An error that means the database cannot be used just now (down, restarting, unreachable, locked, or
    every pooled connection busy), as opposed to a bug (a ProgrammingError stays a 500)."""
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError)))


def database_unavailable(exc: Exception):
    """The 503 answer while the database is away; it touches neither the database nor the layout."""
    current_app.logger.error("database unavailable on %s %s: %s", request.method, request.path,
                             str(getattr(exc, "orig", None) or exc).strip())
    try:
        db.session.rollback()  # whatever this request wrote is discarded
    except Exception:  # the connection is gone: the database has discarded the transaction itself
        current_app.logger.debug("rollback after a lost connection failed", exc_info=True)
    # Nothing after this may load the account or the region (the rollback expired it) from the database:
    # the after-request hooks and the language choice read them.
    g._login_user = login.anonymous_user()
    g.region = None
    response = make_response(render_error(503, template="errors/unavailable.html", standalone=True,
                                          resend=refused_form(), retry_after=RETRY_AFTER_SECONDS))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        # An expired token on our own form: offer to send the same fields again with a fresh token,
        # so nothing typed is lost. A cross-site post gets only the plain error.
        return render_error(400, template="errors/csrf.html", resend=refused_form())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        cause = getattr(exc, "original_exception", None)  # a 500 for an error outside the view
        if database_unreachable(cause):
            return database_unavailable(cause)
        response = make_response(render_error(exc.code))
        for name, value in exc.get_headers():  # e.g. a 405's Allow, a 429's Retry-After
            if name.lower() != "content-type":
                response.headers.setdefault(name, value)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        if database_unreachable(exc):
            return database_unavailable(exc)
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(500)

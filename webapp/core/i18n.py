"""Language choice, time zones and locale-aware formatting of dates, numbers and Rupiah."""
from __future__ import annotations

from datetime import datetime, timezone

from babel.numbers import format_currency, format_decimal
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from ..extensions import db

LANG_COOKIE = "lang"


def offered_locales() -> list[str]:
    """The languages this region offers that the install has a catalogue for, default first."""
    known = current_app.config["LANGUAGES"]
    region = g.get("region")
    if region is None:
        return list(known)
    offered = [code for code in (region.locales or []) if code in known]
    default = region.default_locale if region.default_locale in known else "id"
    return [default] + [code for code in offered if code != default]


def select_locale() -> str:
    """?lang= (remembered in a cookie), then the account's language, then Accept-Language."""
    offered = offered_locales()
    if not has_request_context():  # CLI commands and background jobs: the region's default language
        return offered[0]
    asked = request.args.get("lang", "")
    if asked in offered:
        g.set_lang_cookie = asked
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in offered:
        return cookie
    if current_user and current_user.is_authenticated and current_user.locale in offered:
        return current_user.locale
    return request.accept_languages.best_match(offered) or offered[0]


def select_timezone() -> str:
    region = g.get("region")
    return region.timezone if region is not None else "Asia/Jakarta"


def rupiah(amount) -> str:
    """Rp 15.000 in Indonesian, IDR 15,000 style in English, never with cents."""
    if amount is None:
        return ""
    return format_currency(amount, "IDR", format="¤\u00a0#,##0", locale=str(get_locale()), currency_digits=False)


def number(value, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=str(get_locale()))


def _aware(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # naive values are stored as UTC
    return value


def datetime_filter(value, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return format_datetime(_aware(value), fmt)


def date_filter(value, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _aware(value)
    return format_date(value, fmt)


def compile_catalogues(directory: str) -> int:
    """Compile each .po whose .mo is missing or older, so a fresh checkout runs without a build step.

    Returns how many were compiled. A read-only install (catalogues compiled at deploy time) is left alone.
    """
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = 0
    for po in Path(directory).glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        try:
            with po.open("rb") as src:
                catalog = read_po(src)
            with mo.open("wb") as dst:
                write_mo(dst, catalog)
            compiled += 1
        except OSError:
            current_app.logger.warning("could not compile %s; run `flask translate compile`", po)
    return compiled


def init_app(app: Flask) -> None:
    with app.app_context():
        compile_catalogues(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    app.jinja_env.globals.update(get_locale=get_locale, offered_locales=offered_locales)
    app.jinja_env.filters.update(
        rupiah=rupiah, number=number, datetime=datetime_filter, date=date_filter
    )

    @app.after_request
    def remember_language(response):
        lang = g.get("set_lang_cookie")
        if lang:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
            if current_user and current_user.is_authenticated and current_user.locale != lang:
                current_user.locale = lang
                db.session.commit()
        return response


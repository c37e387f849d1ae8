"""Language choice, time zones and locale-aware formatting of dates, numbers and Rupiah."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates, numbers
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
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


def catalogue_languages() -> dict[str, str]:
    """{code: name} of the install's languages (`LANGUAGES`) that a region may offer: those with a translation
    catalogue, and the default language. A language named in the settings without a catalogue would show the
    untranslated text under its name."""
    config = current_app.config
    return _with_catalogues(config["BABEL_TRANSLATION_DIRECTORIES"], tuple(config["LANGUAGES"].items()),
                            config.get("BABEL_DEFAULT_LOCALE", "id"))


@lru_cache(maxsize=8)
def _with_catalogues(directory: str, languages: tuple, default: str) -> dict[str, str]:
    from pathlib import Path

    def has_catalogue(code: str) -> bool:
        folder = Path(directory) / code / "LC_MESSAGES"
        return (folder / "messages.mo").is_file() or (folder / "messages.po").is_file()

    return {code: name for code, name in languages if code == default or has_catalogue(code)}


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


# Formatting. Babel parses its patterns and looks up the locale's symbols on every call (about 15 µs for one
# price); a price board shows over a hundred numbers, so the parsed patterns and the symbols are kept per
# locale, and whole numbers (prices are whole rupiah) skip Babel's Decimal arithmetic. The results are
# exactly Babel's (tests/core/test_i18n.py compares them).

RUPIAH_PATTERN = "¤\u00a0#,##0"  # never with cents
STANDARD_FORMATS = ("short", "medium", "long", "full")


@lru_cache(maxsize=64)
def _number_pattern(pattern: str) -> numbers.NumberPattern:
    return numbers.parse_pattern(pattern)


@lru_cache(maxsize=64)
def _whole_number_parts(locale: str, pattern: str, currency: str | None) -> tuple[str, tuple, tuple]:
    """(thousands separator, (prefix, suffix) of a positive number, (prefix, suffix) of a negative one) of a
    whole-number pattern such as "#,##0" in `locale`, as Babel writes them."""
    parsed = _number_pattern(pattern)
    symbol = numbers.get_currency_symbol(currency, locale) if currency else ""
    return (numbers.get_group_symbol(locale),
            (parsed.prefix[0].replace("¤", symbol), parsed.suffix[0].replace("¤", symbol)),
            (parsed.prefix[1].replace("¤", symbol), parsed.suffix[1].replace("¤", symbol)))


def _format_number(value, pattern: str, currency: str | None = None) -> str:
    """`value` as Babel writes it with `pattern` in the current locale."""
    locale = get_locale()
    parsed = _number_pattern(pattern)
    if type(value) is int and parsed.frac_prec == (0, 0) and parsed.grouping == (3, 3) and not parsed.scale:
        separator, positive, negative = _whole_number_parts(str(locale), pattern, currency)
        prefix, suffix = negative if value < 0 else positive
        return prefix + f"{abs(value):,}".replace(",", separator) + suffix
    return parsed.apply(value, locale, currency=currency, currency_digits=False)


def rupiah(amount) -> str:
    """Rp 15.000 in Indonesian, IDR 15,000 style in English, never with cents."""
    if amount is None:
        return ""
    return _format_number(amount, RUPIAH_PATTERN, "IDR")


def number(value, digits: int = 0) -> str:
    if value is None:
        return ""
    return _format_number(value, "#,##0" + ("." + "0" * digits if digits else ""))


def _in_region_zone(value: datetime) -> datetime:
    """`value` in the region's time zone; naive values are stored as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(ZoneInfo(select_timezone()))


@lru_cache(maxsize=256)
def _date_pattern(locale: str, fmt: str) -> dates.DateTimePattern:
    return dates.get_date_format(fmt, locale) if fmt in STANDARD_FORMATS else dates.parse_pattern(fmt)


def datetime_filter(value, fmt: str = "medium") -> str:
    """A moment as the region's clocks showed it."""
    if value is None:
        return ""
    return dates.format_datetime(_in_region_zone(value), fmt, locale=get_locale())


def date_filter(value, fmt: str = "medium") -> str:
    """A date; a datetime shows the date it is in the region's time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_region_zone(value).date()
    locale = get_locale()
    return _date_pattern(str(locale), fmt).apply(value, locale)


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


def install_template_gettext(app: Flask) -> None:
    """Give templates the same gettext functions as Flask-Babel's, with one context lookup per message.

    Flask-Babel finds the catalogue through about ten look-ups of the request context for each `_()`; a
    page has a few hundred. Here the catalogue comes from a dict keyed by the current locale (so
    `force_locale` still applies), filled from Flask-Babel's own `get_translations()`.
    """
    catalogues: dict = {}

    def translations():
        locale = str(get_locale())  # a new Locale object each request: a string compares faster
        try:
            return catalogues[locale]
        except KeyError:
            return catalogues.setdefault(locale, get_translations())

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app: Flask) -> None:
    with app.app_context():
        compile_catalogues(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    install_template_gettext(app)
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


"""The base form (WTForms' own messages translated through our catalogues: WTForms ships no Indonesian) and
the `strip` filter every text field uses."""
from __future__ import annotations

from flask_babel import get_translations, gettext, ngettext
from flask_wtf import FlaskForm


def strip(value):
    """A field filter: surrounding white space is never part of what was meant."""
    return value.strip() if isinstance(value, str) else value


class _BabelTranslations:
    """WTForms asks its Meta for an object with gettext/ngettext; ours answers from the app's catalogues."""

    # The raw catalogue, not flask_babel.gettext: WTForms fills in %(min)d and friends itself.
    def gettext(self, string):
        return get_translations().gettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    """Every form in Serambi derives from this, so built-in validator messages come out translated."""

    class Meta:
        def get_translations(self, form):
            return _BabelTranslations()


def _messages_for_extraction():  # pragma: no cover - never called; pybabel reads these strings
    return [
    gettext("Field must be equal to %(other_name)s."),
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1),
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    gettext("Field must be between %(min)d and %(max)d characters long."),
    gettext("Number must be at least %(min)s."),
    gettext("Number must be at most %(max)s."),
    gettext("Number must be between %(min)s and %(max)s."),
    gettext("Date must be at least %(min)s."),
    gettext("Date must be at most %(max)s."),
    gettext("Date must be between %(min)s and %(max)s."),
    gettext("This field is required."),
    gettext("Invalid input."),
    gettext("Invalid email address."),
    gettext("Invalid IP address."),
    gettext("Invalid Mac address."),
    gettext("Invalid URL."),
    gettext("Invalid UUID."),
    gettext("Invalid value, must be one of: %(values)s."),
    gettext("Invalid value, can't be any of: %(values)s."),
    gettext("This field cannot be edited."),
    gettext("This field is disabled and cannot have a value."),
    gettext("Invalid CSRF Token."),
    gettext("CSRF token missing."),
    gettext("CSRF failed."),
    gettext("CSRF token expired."),
    gettext("Invalid Choice: could not coerce."),
    gettext("Choices cannot be None."),
    gettext("Not a valid choice."),
    gettext("Invalid choice(s): one or more data inputs could not be coerced."),
    ngettext("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1),
    gettext("Not a valid datetime value."),
    gettext("Not a valid date value."),
    gettext("Not a valid time value."),
    gettext("Not a valid week value."),
    gettext("Not a valid integer value."),
    gettext("Not a valid decimal value."),
    gettext("Not a valid float value."),
    ]

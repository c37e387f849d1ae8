"""The base form (WTForms' own messages translated through our catalogues: WTForms ships no Indonesian; files
only in file fields; dates only in years people mean) and the `strip` filter every text field uses."""
from __future__ import annotations

from datetime import date

from flask import has_request_context, request
from flask_babel import get_translations, gettext, ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms.fields import FileField


EARLIEST_YEAR, LATEST_YEAR = 1900, 9000  # the years a date typed into any form may have


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

        def wrap_formdata(self, form, formdata):
            """What a form reads from the request: its posted fields, and uploaded files in its file fields
            only. A file sent under a text field's name, or a JSON body, would reach the validators as a file
            object or a number instead of text (and end in a 500)."""
            data = super().wrap_formdata(form, formdata)
            if data is None or data is formdata or not has_request_context():
                return data
            file_fields = {field.name for field in form if isinstance(field, FileField)}
            files = MultiDict([(k, v) for k, v in request.files.items(multi=True) if k in file_fields])
            return CombinedMultiDict((files, request.form)) if files else request.form

    def validate(self, extra_validators=None):
        """The fields' own checks, and every date within the years people mean: 0001-01-01 is a typo, and
        counting a day back from it (or one on from 9999-12-31) would end in an error page."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, date) and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
                field.errors = [*field.errors, gettext("Please enter a date between the years %(first)s and %(last)s.",
                                                       first=str(EARLIEST_YEAR), last=str(LATEST_YEAR))]
                valid = False
        return valid


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

"""The region settings form."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ..api import DEFAULT_LICENCE, LICENCE_URLS
from ..auth import TWO_FACTOR_SETTING
from ..forms import BaseForm, strip
from ..pwa import SHORT_NAME_MAX
from ..templating import HEX_COLOUR, readable_colour
from .choices import kind_choices, language_choices, module_choices, timezone_choices
from .fields import EmergencyNumbersField, MultiCheckboxField, phone_field

FOOTER_TEXT_MAX = 300  # a line or two at the foot of every page


def settings_defaults(region) -> dict:
    """The form's values for the fields kept in `region.settings` (the others come from the region's columns)."""
    settings = region.settings or {}
    return {"short_name": settings.get("short_name") or "", "footer_text": settings.get("footer_text") or "",
            "require_two_factor": bool(settings.get(TWO_FACTOR_SETTING))}


class RegionSettingsForm(BaseForm):
    """Everything a region admin may change about their region, logo included.

    Most fields are columns of the region; those in `IN_SETTINGS` live in its `settings` JSON instead.
    """

    IN_SETTINGS = ("short_name", "footer_text", "data_licence", "require_two_factor")

    name = StringField(_l("Display name"), [DataRequired(), Length(max=120)], filters=[strip])
    short_name = StringField(_l("Short name"), [Optional(), Length(max=SHORT_NAME_MAX)], filters=[strip],
                             render_kw={"maxlength": SHORT_NAME_MAX})
    tagline = StringField(_l("Tagline"), [Optional(), Length(max=200)], filters=[strip])
    kind = SelectField(_l("Kind of region"), choices=kind_choices)
    timezone = SelectField(_l("Time zone"), choices=timezone_choices)
    default_locale = SelectField(_l("Default language"), choices=language_choices)
    locales = MultiCheckboxField(_l("Languages offered"), choices=language_choices)
    theme_color = StringField(
        _l("Theme colour"),
        [DataRequired(), Regexp(HEX_COLOUR, message=_l("Write the colour as # and six hexadecimal digits, for example #0b6e4f."))],
        filters=[strip],
    )
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices)
    contact_phone = phone_field(_l("Contact phone"))
    contact_email = StringField(_l("Contact e-mail"), [Optional(), Email(), Length(max=120)], filters=[strip])
    address = TextAreaField(_l("Address"), [Optional(), Length(max=255)], filters=[strip])
    emergency_numbers = EmergencyNumbersField(_l("Emergency and service numbers"))
    footer_text = TextAreaField(_l("Footer text"), [Optional(), Length(max=FOOTER_TEXT_MAX)], filters=[strip],
                                render_kw={"maxlength": FOOTER_TEXT_MAX})
    data_licence = SelectField(_l("Licence of the open data"), choices=[(name, name) for name in LICENCE_URLS],
                               default=DEFAULT_LICENCE)
    logo_file = FileField(_l("New logo"))
    remove_logo = BooleanField(_l("Remove the current logo"))
    require_two_factor = BooleanField(_l("Staff must use two-factor sign-in"))  # auth.TWO_FACTOR_SETTING

    def validate_theme_color(self, field):
        if not re.match(HEX_COLOUR, field.data or ""):
            return  # the format message is already there
        if not readable_colour(field.data):
            raise ValidationError(_("Text would be hard to read on this colour. Please choose a darker or a lighter one."))

    def validate_locales(self, field):
        if not field.data:
            raise ValidationError(_("Please offer at least one language."))

    def validate_default_locale(self, field):
        if self.locales.data and field.data not in self.locales.data:
            raise ValidationError(_("The default language must be one of the languages offered."))

    def values(self) -> dict:
        """The settings to store, without the logo fields and the CSRF token."""
        skip = {"logo_file", "remove_logo", "csrf_token", *self.IN_SETTINGS}
        values = {name: f.data for name, f in self._fields.items() if name not in skip}
        values["theme_color"] = values["theme_color"].lower()
        for name in ("tagline", "contact_phone", "contact_email", "address"):
            values[name] = values[name] or None
        return values

    def settings_values(self) -> dict:
        """What goes into `region.settings` (merged with the keys already there); an emptied text is None, which
        removes its key, so the default (e.g. the short name made from the display name) applies again."""
        values = {name: self._fields[name].data for name in self.IN_SETTINGS}
        for name in ("short_name", "footer_text"):
            values[name] = values[name] or None
        return values

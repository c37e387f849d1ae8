"""Forms for creating a region and editing its hosts and services."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms import BaseForm, strip
from ..idempotency import new_key
from ..staff.choices import module_choices, timezone_choices
from ..staff.fields import MultiCheckboxField
from .rules import SLUG, SLUG_MAX, default_modules


def _timezone_choices():
    return [("", _("From the province (automatic)"))] + timezone_choices()


class RegionHostsForm(BaseForm):
    """A region's host names (one per line) and switched-on services."""

    hosts = TextAreaField(_l("Host names"), [DataRequired()])
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices)


class RegionCreateForm(RegionHostsForm):
    """A new region from its Kemendagri code; name, slug and time zone can follow from it."""

    idempotency_key = HiddenField(default=new_key)
    code = StringField(
        _l("Kemendagri code"),
        [DataRequired(), Regexp(r"^\d{2}\.\d{2}$", message=_l("Write the code as two digits, a dot and two digits, for example 36.71."))],
        filters=[strip],
    )
    name = StringField(_l("Name"), [Optional(), Length(max=120)], filters=[strip])
    slug = StringField(
        _l("Short name"),
        [Optional(), Length(max=SLUG_MAX), Regexp(SLUG, message=_l("Use lower-case letters, digits and single hyphens only."))],
        filters=[strip],
    )
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices)
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices, default=default_modules)
    import_areas = BooleanField(_l("Import its kecamatan and kelurahan/desa"), default=True)

"""Forms for creating a region and editing its hosts and services."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from .. import wilayah
from ..forms import BaseForm
from ..idempotency import new_key
from ..staff.choices import module_choices, timezone_choices
from ..staff.fields import MultiCheckboxField


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _default_modules() -> list[str]:
    from ...modules import MODULES

    return [module.name for module in MODULES if module.default_enabled]


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
        filters=[_strip],
    )
    name = StringField(_l("Name"), [Optional(), Length(max=120)], filters=[_strip])
    slug = StringField(
        _l("Short name"),
        [Optional(), Length(max=64), Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and single hyphens only."))],
        filters=[_strip],
    )
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices)
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices, default=_default_modules)
    import_areas = BooleanField(_l("Import its kecamatan and kelurahan/desa"), default=True)

    def validate_code(self, field):
        if wilayah.level(field.data) != "kabupaten/kota" or wilayah.lookup(field.data) is None:
            raise ValidationError(_("No kabupaten or kota has this code in the Kemendagri list."))

"""Forms for onboarding a region, editing its hosts and services, suspending it, and importing a bundle."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..forms import BaseForm, strip
from ..idempotency import new_key
from ..staff.choices import module_choices, timezone_choices
from ..staff.fields import MultiCheckboxField
from .rules import SLUG, SLUG_MAX, SUSPENSION_NOTE_MAX, default_modules


def _timezone_choices():
    return [("", _("From the province (automatic)"))] + timezone_choices()


class RegionHostsForm(BaseForm):
    """A region's host names (one per line) and switched-on services."""

    hosts = TextAreaField(_l("Host names"), [DataRequired()])
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices)


class OnboardForm(RegionHostsForm):
    """A ready region from its Kemendagri code: its name follows from the code, its admin gets a link."""

    idempotency_key = HiddenField(default=new_key)
    code = StringField(
        _l("Kemendagri code"),
        [DataRequired(), Regexp(r"^\d{2}\.\d{2}$", message=_l("Write the code as two digits, a dot and two digits, for example 36.71."))],
        filters=[strip],
    )
    name = StringField(_l("Name"), [Optional(), Length(max=120)], filters=[strip])
    admin_email = StringField(_l("E-mail of the region’s administrator"), [DataRequired(), Email(), Length(max=120)],
                              filters=[strip])
    admin_name = StringField(_l("Name of the region’s administrator"), [Optional(), Length(max=120)], filters=[strip])
    slug = StringField(
        _l("Short name"),
        [Optional(), Length(max=SLUG_MAX), Regexp(SLUG, message=_l("Use lower-case letters, digits and single hyphens only."))],
        filters=[strip],
    )
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices)
    modules = MultiCheckboxField(_l("Services switched on"), choices=module_choices, default=default_modules)


class SuspendForm(BaseForm):
    """Why a region is suspended (kept for the platform admins; visitors see only "unavailable")."""

    reason = StringField(_l("Reason for the suspension"), [DataRequired(), Length(max=SUSPENSION_NOTE_MAX)],
                         filters=[strip])


class BundleForm(BaseForm):
    """A region bundle (JSON) to import."""

    bundle = FileField(_l("Bundle file (.json)"), render_kw={"accept": "application/json,.json"})

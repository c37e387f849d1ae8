"""Forms for departments and staff accounts."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..forms import BaseForm, strip
from ..idempotency import new_key
from ..models import Role
from .choices import role_choices
from .fields import MultiCheckboxField, phone_field


class DepartmentForm(BaseForm):
    """Create or edit a department (OPD)."""

    idempotency_key = HiddenField(default=new_key)
    name = StringField(_l("Name"), [DataRequired(), Length(max=160)], filters=[strip])
    short_name = StringField(_l("Short name"), [Optional(), Length(max=40)], filters=[strip])
    email = StringField(_l("E-mail"), [Optional(), Email(), Length(max=120)], filters=[strip])
    phone = phone_field(_l("Phone"))


class _DepartmentChoice:
    """A department select whose choices (the region's active OPDs) are filled in per request."""

    def set_departments(self, departments) -> None:
        """Offer the given departments (the region's active ones)."""
        self.department.choices = [("", _("None"))] + [(str(d.id), d.name) for d in departments]

    def validate_department(self, field):
        if Role.DEPARTMENT_OFFICER in self.chosen_roles() and not field.data:
            raise ValidationError(_("A department officer needs a department."))


class StaffAccountForm(_DepartmentChoice, BaseForm):
    """A new staff account: who, how to reach them, roles. No password: the person chooses one through a
    one-time link (sent to them, and shown once to the administrator)."""

    idempotency_key = HiddenField(default=new_key)
    name = StringField(_l("Full name"), [DataRequired(), Length(max=120)], filters=[strip])
    email = StringField(_l("E-mail"), [Optional(), Email(), Length(max=120)], filters=[strip])
    phone = phone_field(_l("Mobile phone"))
    roles = MultiCheckboxField(_l("Roles"), choices=role_choices)
    department = SelectField(_l("Department (for department officers)"), choices=[], default="")

    def chosen_roles(self) -> list[str]:
        """The roles the form asks for, to know whether a department is needed."""
        return self.roles.data or []

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_("Please choose at least one role."))

    def validate_email(self, field):
        if not field.data and not self.phone.data:
            raise ValidationError(_("Please give an e-mail address or a mobile number."))


class GrantRoleForm(_DepartmentChoice, BaseForm):
    """One more role for an existing account."""

    role = SelectField(_l("Role"), choices=role_choices)
    department = SelectField(_l("Department (for department officers)"), choices=[], default="")

    def chosen_roles(self) -> list[str]:
        """The roles the form asks for, to know whether a department is needed."""
        return [self.role.data]


class ApiKeyForm(BaseForm):
    """A new API key, named after the client that will use it."""

    idempotency_key = HiddenField(default=new_key)
    name = StringField(
        _l("Name of the client"),
        [DataRequired(_l("Please name the client that will use the key.")), Length(max=120)],
        filters=[strip],
    )


JURISDICTION_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


class JurisdictionForm(BaseForm):
    """The region's Open311 jurisdiction id (usually a domain name); blank means the default, the region's
    first host name. No colon: a port would be cut off where clients' ids are compared."""

    jurisdiction = StringField(_l("Open311 jurisdiction id"), [Optional(), Length(max=100)], filters=[strip])

    def validate_jurisdiction(self, field):
        if field.data and not set(field.data) <= JURISDICTION_CHARACTERS:
            raise ValidationError(_("Use only letters, digits, dots and hyphens, for example “tangerangkota.go.id”."))

"""The audit log's search form, read from the query string (Indonesian names: they show in the address bar
and in the link of the CSV download)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from ..audit import ACTION_LABELS
from ..forms import BaseForm, strip
from .audit_log import AuditFilters, object_type_label

TEXT_MAX = 100


class AuditFilterForm(BaseForm):
    """Who, what, which kind of object, between which days, and words in the object's name or changes."""

    class Meta:
        csrf = False

    orang = SearchField(_l("Person (name or e-mail)"), [Optional(), Length(max=TEXT_MAX)], filters=[strip],
                        render_kw={"maxlength": TEXT_MAX, "autocomplete": "off"})
    tindakan = SelectField(_l("Action"), choices=[], default="")
    jenis = SelectField(_l("Kind of object"), choices=[], default="")
    dari = DateField(_l("From"), [Optional()], render_kw={"type": "date"})
    sampai = DateField(_l("Until"), [Optional()], render_kw={"type": "date"})
    q = SearchField(_l("Object (name, number or a changed value)"), [Optional(), Length(max=TEXT_MAX)],
                    filters=[strip], render_kw={"maxlength": TEXT_MAX, "autocomplete": "off"})

    def fill(self, object_types: list[str]) -> None:
        """Offer every action, and the kinds of object this region's log holds."""
        actions = [(code, str(label)) for code, label in ACTION_LABELS.items()]
        self.tindakan.choices = [("", _("Every action"))] + actions
        self.jenis.choices = [("", _("Every kind"))] + sorted(
            ((code, object_type_label(code)) for code in object_types), key=lambda choice: choice[1].lower())

    def validate_sampai(self, field):
        if self.dari.data and field.data and field.data < self.dari.data:
            raise ValidationError(_("The end date must not be before the start date."))

    def filters(self) -> AuditFilters:
        """The search as the queries take it; a field with a mistake counts as not filled in."""
        def ok(field):
            return field.data if not field.errors else None

        return AuditFilters(person=ok(self.orang) or "", action=ok(self.tindakan) or "",
                            object_type=ok(self.jenis) or "", since=ok(self.dari), until=ok(self.sampai),
                            text=ok(self.q) or "")

    def query_args(self) -> dict:
        """The search as query-string arguments, for the links to older entries and to the CSV file."""
        args = {}
        for name, field in self._fields.items():
            if field.data and not field.errors:
                args[name] = field.data.isoformat() if hasattr(field.data, "isoformat") else field.data
        return args

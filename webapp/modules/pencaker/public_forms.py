"""The public vacancy board's forms: the filters (a GET form), applying, and reporting a vacancy."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, REPORT_REASONS, SECTORS
from .forms import kecamatan_choices

QUERY_MIN, QUERY_MAX = 2, 100
REMOTE = "jarak-jauh"  # the kecamatan filter's "remote work" choice
NOTE_MAX = 1000
DETAILS_MAX = 2000


def _pairs(choices, blank) -> list[tuple[str, str]]:
    return [("", blank)] + [(code, text) for code, text in choices]


class FilterForm(BaseForm):
    """What the list is narrowed by, read from the query string; an unknown choice is an error (400)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Job title, company or words"), [Optional(), Length(min=QUERY_MIN, max=QUERY_MAX, message=_l(
        "Please type between %(min)d and %(max)d characters to search."))], filters=[strip])
    sektor = SelectField(_l("Sector"), choices=_pairs(SECTORS, _l("Every sector")), default="")
    pendidikan = SelectField(_l("My education"), choices=_pairs(EDUCATION_LEVELS, _l("Any education")), default="")
    kecamatan = SelectField(_l("Where"), choices=[], default="")
    jenis = SelectField(_l("Type of work"), choices=_pairs(EMPLOYMENT_TYPES, _l("Every type")), default="")
    disabilitas = BooleanField(_l("Welcomes people with disabilities"))
    segera = BooleanField(_l("Closing within 7 days"))
    perusahaan = HiddenField()  # one employer's vacancies (linked from a job fair); not a visible filter

    def fill(self) -> None:
        # Labels translated here, once: WTForms would translate a lazy label twice for each option it renders.
        for field in (self.sektor, self.pendidikan, self.jenis):
            field.choices = [(value, str(label)) for value, label in field.choices]
        self.kecamatan.choices = kecamatan_choices(_l("Anywhere"), offered=False) + [(REMOTE, str(_l("Remote (work from home)")))]

    def validate_perusahaan(self, field):
        if field.data and not (field.data.isascii() and field.data.isdigit() and len(field.data) < 10):
            raise ValidationError(_("This company link is not valid."))

    def query_args(self) -> dict:
        """The valid filters as query-string arguments (for the "more" link and "clear")."""
        args = {}
        for name, field in self._fields.items():
            if field.errors or not field.data:
                continue
            args[name] = "1" if field.type == "BooleanField" else field.data
        return args


class ApplyForm(BaseForm):
    cover_note = TextAreaField(_l("A short note to the employer (optional)"),
                               [Optional(), Length(max=NOTE_MAX)], filters=[strip], render_kw={"rows": 3})
    idempotency_key = HiddenField(default=new_key)


class ReportForm(BaseForm):
    reason = RadioField(_l("What is wrong with this vacancy?"), choices=list(REPORT_REASONS),
                        validators=[InputRequired(_l("Choose what is wrong."))])
    details = TextAreaField(_l("What happened"), [Length(max=DETAILS_MAX)], filters=[strip], render_kw={"rows": 4})
    contact = StringField(_l("Your phone or e-mail, if Disnaker may contact you (optional)"),
                          [Optional(), Length(max=120)], filters=[strip])
    idempotency_key = HiddenField(default=new_key)

    def validate_details(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_("Please tell us what is wrong."))

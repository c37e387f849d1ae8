"""Forms of Disnaker's pages: decisions with a reason, a placement, the search, the statistics period and
job fairs with their companies. The walk-in registration uses `forms.CounterForm`."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from .constants import REPORT_REASONS
from .models import CardStatus, EmployerStatus, VacancyStatus

CARD_STATUS_LABELS = {
    CardStatus.SUBMITTED: _l("Waiting for a decision"),
    CardStatus.NEEDS_CORRECTION: _l("Sent back for a correction"),
    CardStatus.REJECTED: _l("Rejected"),
    CardStatus.ACTIVE: _l("Valid"),
    "expired": _l("Expired"),
    CardStatus.INACTIVE: _l("Inactive"),
}
CARD_KIND_LABELS = {"new": _l("New card"), "renewal": _l("Renewal"), "correction": _l("Correction")}
EMPLOYER_STATUS_LABELS = {
    EmployerStatus.PENDING: _l("Waiting for verification"),
    EmployerStatus.VERIFIED: _l("Verified"),
    EmployerStatus.REJECTED: _l("Rejected"),
}
VACANCY_STATUS_LABELS = {
    VacancyStatus.DRAFT: _l("Draft"),
    VacancyStatus.REVIEW: _l("Waiting for review"),
    VacancyStatus.PUBLISHED: _l("Published"),
    "expired": _l("Expired"),
    VacancyStatus.RETURNED: _l("Returned to the employer"),
    VacancyStatus.CLOSED: _l("Closed"),
}
REPORT_STATUS_LABELS = {"open": _l("Open"), "dismissed": _l("Dismissed"), "actioned": _l("Vacancy closed")}
PLACEMENT_SOURCES = {"self": _l("reported by the seeker"), "hire": _l("hired through an application"),
                     "officer": _l("recorded by Disnaker")}
# The badge class of each status: the word is always there, the colour only helps.
BADGES = {"active": "badge-ok", "verified": "badge-ok", "published": "badge-ok", "accepted": "badge-ok",
          "submitted": "badge-warn", "pending": "badge-warn", "review": "badge-warn", "correction": "badge-warn",
          "open": "badge-warn", "returned": "badge-warn", "rejected": "badge-bad", "expired": "badge-off",
          "inactive": "badge-off", "closed": "badge-off", "draft": "badge-off", "dismissed": "badge-off",
          "actioned": "badge-off"}


def report_reason(code: str) -> str:
    return str(dict(REPORT_REASONS).get(code, code))


class DecisionForm(BaseForm):
    """A decision by button (`action`), with a reason where the action needs one."""

    action = HiddenField()
    reason = TextAreaField(_l("Reason"), [Optional(), Length(max=2000)], filters=[strip])


class PlacementForm(BaseForm):
    employer_name = StringField(_l("Employer"), [DataRequired(_l("Enter the name of the employer.")),
                                                 Length(max=160)], filters=[strip])
    started_on = DateField(_l("Started work on"), [InputRequired(_l("Enter the day the job started."))],
                           render_kw={"type": "date"})
    idempotency_key = HiddenField(default=new_key)


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(_l("NIK or name"), [Optional(), Length(max=120)], filters=[strip],
                    render_kw={"type": "search", "autocomplete": "off"})


class PeriodForm(BaseForm):
    """?dari=YYYY-MM-DD&sampai=YYYY-MM-DD (both days included)."""

    class Meta:
        csrf = False

    dari = DateField(_l("From"), [InputRequired(_l("Enter the first day of the period."))],
                     render_kw={"type": "date"})
    sampai = DateField(_l("Until"), [InputRequired(_l("Enter the last day of the period."))],
                       render_kw={"type": "date"})


class FairForm(BaseForm):
    title = StringField(_l("Name of the job fair"), [DataRequired(_l("Enter the name of the job fair.")),
                                                     Length(max=160)], filters=[strip])
    slug = StringField(_l("Web address (optional; made from the name)"), [Optional(), Length(max=120)],
                       filters=[strip], render_kw={"autocapitalize": "none", "spellcheck": "false"})
    starts_on = DateField(_l("First day"), [InputRequired(_l("Enter the first day."))], render_kw={"type": "date"})
    ends_on = DateField(_l("Last day"), [InputRequired(_l("Enter the last day."))], render_kw={"type": "date"})
    hours = StringField(_l("Opening hours (e.g. 08.00–15.00 WIB)"), [Optional(), Length(max=60)], filters=[strip])
    place = StringField(_l("Place"), [DataRequired(_l("Enter the place.")), Length(max=160)], filters=[strip])
    address = StringField(_l("Address"), [Optional(), Length(max=255)], filters=[strip])
    description = TextAreaField(_l("Description"), [Optional(), Length(max=5000)], filters=[strip])
    published = BooleanField(_l("Show on the public job fair pages"), default=True)
    idempotency_key = HiddenField(default=new_key)

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_("The last day cannot be before the first day."))


class FairCompanyForm(BaseForm):
    """A company at a job fair: a verified employer of the region, or any name typed in."""

    employer_id = SelectField(_l("Registered employer"), choices=[], default="")
    name = StringField(_l("Or the company's name"), [Optional(), Length(max=160)], filters=[strip])
    booth = StringField(_l("Booth (optional)"), [Optional(), Length(max=40)], filters=[strip])
    openings = IntegerField(_l("Openings (optional)"), [Optional(), NumberRange(min=1, max=100_000,
                                                                             message=_l("Enter a number."))],
                            render_kw={"inputmode": "numeric"})
    idempotency_key = HiddenField(default=new_key)

    def fill(self, employers) -> None:
        self.employer_id.choices = [("", _("None: type the name below"))] + [(str(e.id), e.name) for e in employers]

    def validate_employer_id(self, field):  # (on this field: Optional() ends the checks of an empty name)
        if not field.data and not self.name.data:
            raise ValidationError(_("Choose a registered employer or type the company's name."))

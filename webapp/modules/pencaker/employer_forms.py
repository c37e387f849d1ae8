"""The employer's forms: the company, a vacancy, moving an application along, and filtering applicants.

Values are cleaned here (NIB digits, E.164 phone, rupiah amounts typed as people write them); the rules
that need the database or the vacancy's state live in `vacancies.py` and `applications.py`.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField, TimeField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.accounts.contact import InvalidContact, normalise_email, normalise_phone
from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from .constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, NO_MINIMUM, SECTORS
from .forms import kecamatan_choices
from .models import ApplicationStatus, Employer, Vacancy

NIB_DIGITS = 13
# "Rp 3.500.000", "3.500.000,-", "3,500,000", "3500000": thousands grouped by dots or commas, no cents.
_RUPIAH = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:,-|,00)?$")
MAX_PAY = 1_000_000_000


def _choices(pairs, blank=None) -> list[tuple[str, str]]:
    rows = [(code, str(text)) for code, text in pairs]
    return ([("", str(blank))] if blank is not None else []) + rows


def parse_rupiah(text: str | None) -> int | None:
    """'Rp 3.500.000' -> 3500000; '' -> None. Raises ValueError for anything that is not a whole amount."""
    text = re.sub(r"^(rp\.?|idr)", "", (text or "").strip(), flags=re.IGNORECASE).replace(" ", "")
    if not text:
        return None
    match = _RUPIAH.match(text)
    if not match:
        raise ValueError(text)
    return int(re.sub(r"\D", "", match.group(1)))


def rupiah_text(amount: int | None) -> str:
    """3500000 -> '3.500.000' (how the amount is shown back in the form)."""
    return "" if amount is None else f"{amount:,}".replace(",", ".")


class RupiahField(StringField):
    """A rupiah amount per month, typed with or without "Rp" and thousands dots."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            try:
                self.data = parse_rupiah(valuelist[0])
            except ValueError:
                raise ValueError(_("Write the amount in rupiah, for example 3.500.000.")) from None
            if self.data is not None and self.data > MAX_PAY:
                raise ValueError(_("Write the amount in rupiah per month, for example 3.500.000."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return rupiah_text(self.data)


class EmployerForm(BaseForm):
    name = StringField(_l("Company name"), [DataRequired(_l("Enter the company name.")), Length(max=160)],
                       filters=[strip], render_kw={"autocomplete": "organization"})
    nib = StringField(_l("NIB (Nomor Induk Berusaha, 13 digits)"), [DataRequired(_l("Enter the company's NIB.")),
                                                                   Length(max=40)],
                      filters=[strip], render_kw={"inputmode": "numeric", "autocomplete": "off"})
    sector = SelectField(_l("Sector"), choices=[], validators=[DataRequired(_l("Choose the sector."))])
    address = StringField(_l("Address"), [DataRequired(_l("Enter the company's address.")), Length(max=255)],
                          filters=[strip], render_kw={"autocomplete": "street-address"})
    kecamatan_code = SelectField(_l("Kecamatan (optional)"), choices=[], validators=[Optional()])
    contact_name = StringField(_l("Contact person"), [DataRequired(_l("Enter the name of the contact person.")),
                                                     Length(max=120)], filters=[strip])
    contact_phone = StringField(_l("Contact phone number"), [DataRequired(_l("Enter a phone number.")),
                                                            Length(max=32)],
                                filters=[strip], render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    contact_email = StringField(_l("Contact e-mail (optional)"),
                                [Optional(), Email(_l("This e-mail address is not valid.")), Length(max=120)],
                                filters=[strip],
                                render_kw={"type": "email", "autocomplete": "email", "autocapitalize": "none"})
    website = StringField(_l("Website (optional)"), [Optional(), Length(max=255)], filters=[strip],
                          render_kw={"type": "url", "inputmode": "url", "autocapitalize": "none"})
    description = TextAreaField(_l("About the company (optional)"), [Optional(), Length(max=3000)], filters=[strip])
    idempotency_key = HiddenField(default=new_key)

    def fill(self) -> None:
        self.sector.choices = _choices(SECTORS, _l("Choose the sector"))
        self.kecamatan_code.choices = kecamatan_choices(_l("Not given"))

    @staticmethod
    def defaults(employer: Employer) -> dict:
        return {name: getattr(employer, name) or "" for name in (
            "name", "nib", "sector", "address", "kecamatan_code", "contact_name", "contact_email", "website",
            "description")} | {"contact_phone": employer.contact_phone}

    def validate_nib(self, field):
        digits = re.sub(r"[\s.\-/]", "", field.data or "")
        if not (digits.isdigit() and len(digits) == NIB_DIGITS):
            raise ValidationError(_("The NIB is the 13-digit number from OSS, for example 9120001234567."))
        field.data = digits

    def validate_contact_phone(self, field):
        try:
            field.data = normalise_phone(field.data)
        except InvalidContact:
            raise ValidationError(_("This phone number is not valid. Write it like 0812-3456-7890.")) from None

    def validate_contact_email(self, field):
        if field.data:
            try:
                field.data = normalise_email(field.data)
            except InvalidContact:
                raise ValidationError(_("This e-mail address is not valid.")) from None

    def validate_website(self, field):
        if not field.data:
            return
        if "://" not in field.data:
            field.data = "https://" + field.data
        try:
            parts = urlsplit(field.data)  # raises ValueError for a broken [IPv6] host such as "https://[x"
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname \
                or "." not in parts.hostname:
            raise ValidationError(_("Give the address of the website, starting with https:// or http://."))

    def apply_to(self, employer: Employer) -> None:
        for name in ("name", "nib", "sector", "address", "contact_name", "contact_phone", "description"):
            setattr(employer, name, self[name].data or "")
        for name in ("kecamatan_code", "contact_email", "website"):
            setattr(employer, name, self[name].data or None)


class VacancyForm(BaseForm):
    title = StringField(_l("Job title"), [DataRequired(_l("Enter the job title.")), Length(max=160)], filters=[strip])
    sector = SelectField(_l("Sector"), choices=[], validators=[DataRequired(_l("Choose the sector."))])
    description = TextAreaField(_l("What the work is"), [DataRequired(_l("Describe the work.")), Length(max=6000)],
                                filters=[strip])
    requirements = TextAreaField(_l("Requirements (optional)"), [Optional(), Length(max=3000)], filters=[strip])
    min_education = SelectField(_l("Minimum education"), choices=[],
                                validators=[DataRequired(_l("Choose the minimum education."))])
    age_min = IntegerField(_l("Youngest age"), [Optional()], render_kw={"inputmode": "numeric"})
    age_max = IntegerField(_l("Oldest age"), [Optional()], render_kw={"inputmode": "numeric"})
    kecamatan_code = SelectField(_l("Kecamatan where the work is"), choices=[], validators=[Optional()])
    remote = BooleanField(_l("Remote work: the job can be done from anywhere"))
    employment_type = SelectField(_l("Type of work"), choices=[],
                                  validators=[DataRequired(_l("Choose the type of work."))])
    pay_min = RupiahField(_l("Lowest pay"), render_kw={"inputmode": "numeric"})
    pay_max = RupiahField(_l("Highest pay"), render_kw={"inputmode": "numeric"})
    openings = IntegerField(_l("Number of openings"), [InputRequired(_l("Enter the number of openings.")),
                                                     NumberRange(min=1, max=10000,
                                                                 message=_l("Enter a number from 1 to 10000."))],
                            default=1, render_kw={"inputmode": "numeric"})
    closes_on = DateField(_l("Closing date (the last day to apply)"),
                          [InputRequired(_l("Enter the closing date."))])
    disability_friendly = BooleanField(_l("People with disabilities are welcome to apply"))
    idempotency_key = HiddenField(default=new_key)

    FIELDS = ("title", "sector", "description", "requirements", "min_education", "age_min", "age_max",
              "kecamatan_code", "remote", "employment_type", "pay_min", "pay_max", "openings", "closes_on",
              "disability_friendly")

    def fill(self) -> None:
        self.sector.choices = _choices(SECTORS, _l("Choose the sector"))
        self.min_education.choices = [("", _("Choose")), (NO_MINIMUM, _("No minimum"))] + _choices(EDUCATION_LEVELS)
        self.kecamatan_code.choices = kecamatan_choices()
        self.employment_type.choices = _choices(EMPLOYMENT_TYPES, _l("Choose"))

    @classmethod
    def defaults(cls, vacancy: Vacancy) -> dict:
        return {name: getattr(vacancy, name) for name in cls.FIELDS}

    def apply_to(self, vacancy: Vacancy) -> None:
        for name in self.FIELDS:
            setattr(vacancy, name, self[name].data)
        vacancy.requirements = vacancy.requirements or ""
        vacancy.remote = bool(vacancy.remote)
        vacancy.disability_friendly = bool(vacancy.disability_friendly)
        # Remote work is not tied to a place: a kecamatan would only confuse the location filter.
        vacancy.kecamatan_code = None if vacancy.remote else (vacancy.kecamatan_code or None)


# What the employer does, worded as an action (the applicant reads `applications.status_label`).
ACTIONS = {
    ApplicationStatus.SEEN: _l("Mark as seen"),
    ApplicationStatus.CALLED: _l("Call for an interview"),
    ApplicationStatus.ACCEPTED: _l("Accept: hire this applicant"),
    ApplicationStatus.REJECTED: _l("Reject"),
}


class StatusForm(BaseForm):
    """Move an application on: the next statuses come from `applications.NEXT` (set by the view)."""

    status = RadioField(_l("New status"), choices=[], validate_choice=False,
                        validators=[DataRequired(_l("Choose the new status."))])
    interview_date = DateField(_l("Interview date"), [Optional()])
    interview_time = TimeField(_l("Interview time"), [Optional()])
    interview_place = StringField(_l("Interview place"), [Optional(), Length(max=255)], filters=[strip])
    started_on = DateField(_l("First working day"), [Optional()])
    note = TextAreaField(_l("Message to the applicant (optional)"), [Optional(), Length(max=2000)], filters=[strip])
    idempotency_key = HiddenField(default=new_key)

    def offer(self, statuses) -> None:
        self.status.choices = [(status, str(ACTIONS[status])) for status in statuses]

    def validate(self, extra_validators=None) -> bool:
        """An interview needs its date, time and place; a hire its first working day."""
        valid = super().validate(extra_validators)
        needed = {
            ApplicationStatus.CALLED: (("interview_date", _("Give the date of the interview.")),
                                       ("interview_time", _("Give the time of the interview.")),
                                       ("interview_place", _("Give the place of the interview."))),
            ApplicationStatus.ACCEPTED: (("started_on", _("Give the first working day.")),),
        }
        for name, message in needed.get(self.status.data, ()):
            if not self[name].data and not self[name].errors:
                self[name].errors.append(message)
                valid = False
        return valid


class ApplicantFilterForm(BaseForm):
    """The filters above the applicant list (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[], validators=[Optional()])
    name = StringField(_l("Name"), [Optional(), Length(max=120)], filters=[strip])
    education = SelectField(_l("Education at least"), choices=[], validators=[Optional()])
    applied_from = DateField(_l("Applied from"), [Optional()])
    applied_until = DateField(_l("Applied until"), [Optional()])

    def fill(self, status_label) -> None:
        self.status.choices = [("", _("Any status"))] + [(s, status_label(s)) for s in ApplicationStatus.ALL]
        self.education.choices = _choices(EDUCATION_LEVELS, _l("Any education"))

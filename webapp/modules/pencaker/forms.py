"""The job-seeker profile forms, shared by the seeker's own pages and Disnaker's counter.

`SeekerForm` is the identity and wishes; education, training and experience are added one row at a
time with their own small forms (works without JavaScript, nothing typed is lost on an error).
`profiles.save_identity()` applies a valid `SeekerForm` to a `Seeker` with the NIK and age rules.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (BooleanField, DateField, FileField, HiddenField, IntegerField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.clock import region_today
from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from ...core.models import Area
from ...core.wilayah import kecamatan_list
from ...extensions import db
from .constants import EDUCATION_LEVELS, GENDERS, MARITAL_STATUSES, RELIGIONS


def _choices(pairs, blank=None) -> list[tuple[str, str]]:
    rows = [(code, str(text)) for code, text in pairs]
    return ([("", str(blank))] if blank is not None else []) + rows


def kecamatan_choices(blank=_l("Choose a kecamatan"), offered: bool = True) -> list[tuple[str, str]]:
    """Kecamatan to choose from: those in use (`offered`), or every one (a filter over what is stored)."""
    return [("", str(blank))] + [(a.code, a.name) for a in kecamatan_list(offered=offered)]


def kelurahan_choices() -> dict:
    """Kelurahan/desa in use by kecamatan name, as WTForms optgroups keyed by Area code (one query)."""
    kecamatan = kecamatan_list(offered=True)
    names = {k.id: k.name for k in kecamatan}
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = db.session.execute(select(Area).where(Area.level.in_(("kelurahan", "desa")), Area.active.is_(True))
                              .order_by(Area.name)).scalars()
    for row in rows:
        if row.parent_id in names:
            groups.setdefault(names[row.parent_id], []).append((row.code, row.name))
    return {"": [("", _("Choose a kelurahan or desa"))], **dict(sorted(groups.items()))}


class SeekerForm(BaseForm):
    nik = StringField(_l("NIK (16 digits on your KTP)"), [DataRequired(_l("Enter your NIK.")), Length(max=24)],
                      filters=[strip], render_kw={"inputmode": "numeric", "autocomplete": "off",
                                                  "spellcheck": "false"})
    full_name = StringField(_l("Full name as on the KTP"), [DataRequired(_l("Enter your full name.")), Length(max=120)],
                            filters=[strip], render_kw={"autocomplete": "name"})
    birth_place = StringField(_l("Place of birth"), [DataRequired(_l("Enter your place of birth.")), Length(max=80)],
                              filters=[strip])
    birth_date = DateField(_l("Date of birth"), [InputRequired(_l("Enter your date of birth."))],
                           render_kw={"autocomplete": "bday"})
    gender = RadioField(_l("Gender"), choices=_choices(GENDERS), validators=[InputRequired(_l("Choose your gender."))])
    religion = SelectField(_l("Religion (optional)"), choices=[], validators=[Optional()])
    marital_status = SelectField(_l("Marital status"), choices=[],
                                 validators=[DataRequired(_l("Choose your marital status."))])
    address = StringField(_l("Address (street, number, RT/RW)"),
                          [DataRequired(_l("Enter your address.")), Length(max=255)], filters=[strip],
                          render_kw={"autocomplete": "street-address"})
    kecamatan_code = SelectField(_l("Kecamatan"), choices=[], validators=[DataRequired(_l("Choose your kecamatan."))])
    kelurahan_code = SelectField(_l("Kelurahan or desa"), choices=[], validators=[Optional()])
    phone = StringField(_l("Mobile phone number"), [Optional(), Length(max=32)], filters=[strip],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
    email = StringField(_l("E-mail address (optional)"), [Optional(), Email(_l("This e-mail address is not valid.")),
                                                          Length(max=120)], filters=[strip],
                        render_kw={"type": "email", "autocomplete": "email", "autocapitalize": "none"})
    skills = TextAreaField(_l("Skills (e.g. driving licence B1, Excel, sewing)"), [Optional(), Length(max=2000)],
                           filters=[strip])
    jobs_wanted = StringField(_l("Jobs you are looking for"), [Optional(), Length(max=255)], filters=[strip])
    places_wanted = StringField(_l("Where you want to work"), [Optional(), Length(max=255)], filters=[strip])
    expected_pay = IntegerField(_l("Expected pay per month, rupiah (optional)"),
                                [Optional(), NumberRange(min=0, max=1_000_000_000,
                                                         message=_l("Enter an amount in rupiah."))],
                                render_kw={"inputmode": "numeric"})
    disability = StringField(_l("Disability (optional; used only to show vacancies that welcome it)"),
                             [Optional(), Length(max=120)], filters=[strip])
    idempotency_key = HiddenField(default=new_key)

    def fill(self) -> None:
        self.religion.choices = _choices(RELIGIONS, _l("Prefer not to say"))
        self.marital_status.choices = _choices(MARITAL_STATUSES, _l("Choose"))
        self.kecamatan_code.choices = kecamatan_choices()
        self.kelurahan_code.choices = kelurahan_choices()

    def validate_birth_date(self, field):
        if field.data and field.data > region_today():
            raise ValidationError(_("The date of birth cannot be in the future."))

    def validate_phone(self, field):
        if not field.data and not self.email.data:
            raise ValidationError(_("Give a phone number or an e-mail address, so Disnaker can reach you."))


class CounterForm(SeekerForm):
    """Disnaker's counter: the profile, the highest education and the photo in one form, with consent."""

    level = SelectField(_l("Highest education"), choices=[], validators=[DataRequired(_l("Choose the education level."))])
    major = StringField(_l("Major (optional)"), [Optional(), Length(max=120)], filters=[strip])
    school = StringField(_l("School or university"), [DataRequired(_l("Enter the school.")), Length(max=160)],
                         filters=[strip])
    year = IntegerField(_l("Year finished"), [InputRequired(_l("Enter the year.")),
                                              NumberRange(min=1950, max=2100, message=_l("Enter a year."))])
    photo = FileField(_l("3×4 photo"), render_kw={"accept": "image/*", "capture": "user"})
    consent = BooleanField(_l("The citizen agrees that Disnaker stores these details to issue the AK/1 card "
                              "and to match them with vacancies."),
                           [DataRequired(_l("The citizen's consent is needed."))])

    def fill(self) -> None:
        super().fill()
        self.level.choices = _choices(EDUCATION_LEVELS, _l("Choose"))


class EducationForm(BaseForm):
    level = SelectField(_l("Level"), choices=_choices(EDUCATION_LEVELS, _l("Choose")),
                        validators=[DataRequired(_l("Choose the education level."))])
    major = StringField(_l("Major (optional)"), [Optional(), Length(max=120)], filters=[strip])
    school = StringField(_l("School or university"), [DataRequired(_l("Enter the school.")), Length(max=160)],
                         filters=[strip])
    year = IntegerField(_l("Year finished"), [InputRequired(_l("Enter the year.")),
                                              NumberRange(min=1950, max=2100, message=_l("Enter a year."))],
                        render_kw={"inputmode": "numeric"})


class TrainingForm(BaseForm):
    name = StringField(_l("Training or course"), [DataRequired(_l("Enter the name of the training.")),
                                                  Length(max=160)], filters=[strip])
    organizer = StringField(_l("Organised by (optional)"), [Optional(), Length(max=160)], filters=[strip])
    year = IntegerField(_l("Year"), [InputRequired(_l("Enter the year.")),
                                     NumberRange(min=1950, max=2100, message=_l("Enter a year."))],
                        render_kw={"inputmode": "numeric"})
    certificate = StringField(_l("Certificate (optional)"), [Optional(), Length(max=120)], filters=[strip])


class ExperienceForm(BaseForm):
    employer = StringField(_l("Employer"), [DataRequired(_l("Enter the employer.")), Length(max=160)], filters=[strip])
    position = StringField(_l("Position"), [DataRequired(_l("Enter the position.")), Length(max=120)], filters=[strip])
    start_year = IntegerField(_l("From (year)"), [InputRequired(_l("Enter the year.")),
                                                  NumberRange(min=1950, max=2100, message=_l("Enter a year."))],
                              render_kw={"inputmode": "numeric"})
    end_year = IntegerField(_l("Until (year; empty if you still work there)"),
                            [Optional(), NumberRange(min=1950, max=2100, message=_l("Enter a year."))],
                            render_kw={"inputmode": "numeric"})
    description = TextAreaField(_l("What you did (optional)"), [Optional(), Length(max=2000)], filters=[strip])

    def validate_end_year(self, field):
        if field.data is not None and self.start_year.data is not None and field.data < self.start_year.data:
            raise ValidationError(_("The end year cannot be before the start year."))

"""Citizen forms of Aspirasi: filing a report, the public list's filters, tracking, rating and reopening.

The forms check what a person can fix at once (every missing field gets its message in one go); the
rules that need the database (a kelurahan inside the chosen kecamatan, coordinates inside the region,
photos that are real pictures) are `flow.submit`'s, whose `FlowError` names the field it belongs to.
Field names match the keys `flow.submit` reads, so `form.submission()` is the data as it is.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ...core.accounts.contact import EMAIL_MAX, display_phone
from ...core.forms import BaseForm
from ...core.idempotency import new_key
from ...core.wilayah import offered_kecamatan, offered_villages
from .flow import COMMENT_MAX, REASON_MAX
from .models import Kind, Privacy
from .photos import MAX_PHOTOS
from .services import ORDERS, STATUS_GROUPS
from .staff_forms import categories, kecamatan_list
from .validation import ADDRESS_MAX, DESCRIPTION_MAX, NAME_MAX, TITLE_MAX

KIND_LABELS = {
    Kind.PENGADUAN: _l("Complaint (pengaduan)"),
    Kind.ASPIRASI: _l("Idea or proposal (aspirasi)"),
    Kind.INFORMASI: _l("Information request"),
}
KIND_HINTS = {
    Kind.PENGADUAN: _l("Something is broken, dangerous or not working as it should."),
    Kind.ASPIRASI: _l("Something the city could do better or build."),
    Kind.INFORMASI: _l("A question about a service, a rule or a plan."),
}
PRIVACY_LABELS = {
    Privacy.PUBLIC: _l("Public, with my name"),
    Privacy.ANONYMOUS: _l("Anonim: public, without my name"),
    Privacy.SECRET: _l("Rahasia: not public"),
}
PRIVACY_HINTS = {
    Privacy.PUBLIC: _l("Everyone can read the report and sees your first name and initial."),
    Privacy.ANONYMOUS: _l("Everyone can read the report; your name is never shown."),
    Privacy.SECRET: _l("Only you and the staff handling it can read the report. Choose this when you or "
                       "someone else could be harmed."),
}
# The public's three colours (and the rejected ones), in services.STATUS_GROUPS' terms.
STATUS_GROUP_LABELS = {
    "menunggu": _l("Waiting"),
    "diproses": _l("Being handled"),
    "selesai": _l("Done"),
    "ditolak": _l("Rejected"),
}
ORDER_LABELS = {"newest": _l("Newest first"), "supported": _l("Most supported first")}
RATING_LABELS = {
    "5": _l("5: very good"),
    "4": _l("4: good"),
    "3": _l("3: fair"),
    "2": _l("2: poor"),
    "1": _l("1: very poor"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _choices(labels: dict, blank=None) -> list[SelectChoice]:
    """Choices from {value: label}, after an optional blank one ("every …", "choose …")."""
    choices = [SelectChoice("", blank)] if blank is not None else []
    return choices + [SelectChoice(value, label) for value, label in labels.items()]


def _id_choices(rows, blank) -> list[SelectChoice]:
    return _choices({str(row.id): row.name for row in rows}, blank)


def kelurahan_choices(kecamatan) -> list[SelectChoice]:
    """Kelurahan and desa in an <optgroup> per kecamatan, so the list works without JavaScript (one query).

    Only those in use (and under a kecamatan in use): an area the region took out of use is not offered."""
    by_parent = offered_villages(kecamatan)
    choices = [SelectChoice("", _("Choose a kelurahan or desa"))]
    for kec in kecamatan:
        choices += [SelectChoice(str(kel.id), kel.name, {"data-kecamatan": str(kec.id)}, kec.name)
                    for kel in by_parent.get(kec.id, [])]
    return choices


def attach_error(form: BaseForm, field: str | None, message: str) -> None:
    """Show a service's message (a FlowError's) beside its field, or above the form when it names none."""
    target = form._fields.get(field or "")
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]


class ReportForm(BaseForm):
    """Filing a report: what, where, who may see it, photos, and how to reach the reporter."""

    kind = RadioField(_l("What kind of report is it?"), choices=_choices(KIND_LABELS), default=Kind.PENGADUAN,
                      validators=[InputRequired(_l("Please choose what kind of report this is."))])
    category_id = SelectField(_l("Category"), choices=[], validate_choice=False,
                              validators=[DataRequired(_l("Please choose a category from the list."))])
    title = StringField(
        _l("Title"), [DataRequired(_l("Please give your report a short title.")), Length(max=TITLE_MAX)],
        filters=[_strip], render_kw={"maxlength": TITLE_MAX},
    )
    description = TextAreaField(
        _l("What happened, or what do you propose?"),
        [DataRequired(_l("Please describe what happened or what you propose.")), Length(max=DESCRIPTION_MAX)],
        filters=[_strip], render_kw={"rows": 6, "maxlength": DESCRIPTION_MAX},
    )
    kecamatan_id = SelectField(_l("Kecamatan"), choices=[], validate_choice=False,
                               validators=[DataRequired(_l("Please choose a kecamatan from the list."))])
    kelurahan_id = SelectField(_l("Kelurahan or desa"), choices=[], validate_choice=False,
                               validators=[DataRequired(_l("Please choose a kelurahan or desa from the list."))])
    address = StringField(_l("Landmark or address (optional)"), [Optional(), Length(max=ADDRESS_MAX)],
                          filters=[_strip], render_kw={"maxlength": ADDRESS_MAX, "autocomplete": "off"})
    lat = StringField(_l("Latitude (optional)"), [Optional(), Length(max=20)], filters=[_strip],
                      render_kw={"inputmode": "decimal", "autocomplete": "off"})
    lng = StringField(_l("Longitude (optional)"), [Optional(), Length(max=20)], filters=[_strip],
                      render_kw={"inputmode": "decimal", "autocomplete": "off"})
    privacy = RadioField(_l("Who may read the report?"), choices=_choices(PRIVACY_LABELS), default=Privacy.ANONYMOUS,
                         validators=[InputRequired(_l("Please choose who may read the report."))])
    photos = MultipleFileField(_l("Photos (optional, up to three)"), render_kw={"accept": "image/*", "multiple": True})
    name = StringField(_l("Your name (optional)"), [Optional(), Length(max=NAME_MAX)], filters=[_strip],
                       render_kw={"autocomplete": "name"})
    phone = StringField(_l("Mobile phone number (optional)"), [Optional(), Length(max=32)], filters=[_strip],
                        render_kw={"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
    email = StringField(_l("E-mail address (optional)"), [Optional(), Length(max=EMAIL_MAX)], filters=[_strip],
                        render_kw={"type": "email", "autocomplete": "email", "autocapitalize": "none",
                                   "spellcheck": "false"})
    idempotency_key = HiddenField(default=new_key)

    def fill(self) -> None:
        """Choices from the region's categories and areas (through the scoped session), for showing the form.

        Filing does not need them: flow.submit checks the chosen category and areas itself (one row each,
        in this region, the category active), so a POST loads no lists unless the form comes back."""
        if self.category_id.choices:
            return  # filled already
        kecamatan = offered_kecamatan()
        self.category_id.choices = _id_choices(categories(active_only=True), _l("Choose a category"))
        self.kecamatan_id.choices = _id_choices(kecamatan, _l("Choose a kecamatan"))
        self.kelurahan_id.choices = kelurahan_choices(kecamatan)

    def prefill_contact(self, user) -> None:
        """A signed-in citizen's name, phone and e-mail, on a fresh form only."""
        self.name.data = self.name.data or user.name
        self.phone.data = self.phone.data or display_phone(user.phone)
        self.email.data = self.email.data or user.email

    def validate_photos(self, field):
        if len(self.chosen_photos()) > MAX_PHOTOS:
            raise ValidationError(_("Please send at most %(max)d photos.", max=MAX_PHOTOS))

    def chosen_photos(self) -> list:
        """The files actually picked (browsers send an empty part for an empty file input)."""
        return [f for f in (self.photos.data or []) if getattr(f, "filename", "")]

    def submission(self) -> dict:
        """The typed values in the keys `flow.submit` reads."""
        names = ("kind", "category_id", "title", "description", "kecamatan_id", "kelurahan_id", "address",
                 "lat", "lng", "privacy", "name", "phone", "email")
        return {name: self[name].data for name in names}


class FilterForm(BaseForm):
    """The public list's filters, read from the query string (Indonesian names: they show in the address bar)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), [Optional(), Length(max=100)], filters=[_strip])
    status = SelectField(_l("Status"), choices=[], default="", validate_choice=False)
    kategori = SelectField(_l("Category"), choices=[], default="", validate_choice=False)
    kecamatan = SelectField(_l("Kecamatan"), choices=[], default="", validate_choice=False)
    jenis = SelectField(_l("Kind"), choices=[], default="", validate_choice=False)
    urut = SelectField(_l("Order"), choices=[], default="newest", validate_choice=False)

    def fill(self) -> None:
        # Labels translated here, once: WTForms would translate a lazy label twice for each option it renders.
        self.status.choices = _choices({g: str(STATUS_GROUP_LABELS[g]) for g in STATUS_GROUPS}, _("Every status"))
        self.kategori.choices = _id_choices(categories(), _("Every category"))
        self.kecamatan.choices = _id_choices(kecamatan_list(), _("Every kecamatan"))
        self.jenis.choices = _choices({kind: str(label) for kind, label in KIND_LABELS.items()}, _("Every kind"))
        self.urut.choices = _choices({o: str(ORDER_LABELS[o]) for o in ORDERS})

    def filters(self) -> dict:
        """The filters in services.public_reports' terms (it ignores values it does not know)."""
        return {"q": self.q.data if not self.q.errors else "", "status": self.status.data,
                "category": self.kategori.data, "kecamatan": self.kecamatan.data, "kind": self.jenis.data,
                "order": self.urut.data}

    def query_args(self) -> dict:
        """The chosen filters as query-string arguments, for the "more" link."""
        return {name: field.data for name, field in self._fields.items() if field.data and not field.errors}


class TrackForm(BaseForm):
    kode = StringField(_l("Tracking code"), [DataRequired(_l("Please type the tracking code.")), Length(max=40)],
                       filters=[_strip],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class RateForm(BaseForm):
    rating = RadioField(_l("How well was your report answered?"), choices=_choices(RATING_LABELS),
                        validators=[InputRequired(_l("Please choose from 1 to 5 stars."))])
    comment = TextAreaField(_l("Comment (optional)"), [Optional(), Length(max=COMMENT_MAX)], filters=[_strip],
                            render_kw={"rows": 3})


class ReopenForm(BaseForm):
    reason = TextAreaField(_l("Why is the problem not solved?"),
                           [DataRequired(_l("Please tell us why the problem is not solved.")), Length(max=REASON_MAX)],
                           filters=[_strip], render_kw={"rows": 3})

"""Forms of the Aspirasi staff pages (inbox filters, bulk actions, the actions on one report, kinerja
periods, the region admin's categories, routes, reply templates and holidays) and the words for codes
that those pages show.

Choices that depend on the region (categories, OPDs, officers, areas) are filled in per request by each
form's `fill`, always through the scoped session.
"""
from __future__ import annotations

from datetime import date

from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from sqlalchemy import select
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.i18n import number
from ...core.idempotency import new_key
from ...core.models import ApiKey, Department, Role, RoleGrant, User
from ...core.wilayah import kecamatan_list
from ...extensions import db
from . import sla
from .codes import normalise_code
from .flow import REASON_MAX, REPLY_MAX
from .models import Action, Category, Kind, Privacy, ReplyTemplate, Status
from .personal_data import RETENTION_MAX, RETENTION_MIN
from .validation import DESCRIPTION_MAX, TITLE_MAX

MAX_PERIOD_DAYS = 366
MAX_PHOTOS = 3
HOURS_IN_WORDS_BELOW = 48  # below two days a duration is said in hours, from then on in days


def _none_if_blank(value):
    return value or None


# Words for codes

STATUS_LABELS = {
    Status.RECEIVED: _l("Received"),
    Status.VERIFIED: _l("Verified"),
    Status.DISPOSED: _l("Sent to a department"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.DONE: _l("Done"),
    Status.REJECTED: _l("Rejected"),
}
# Tangerang's LAKSA colours: red waiting, yellow in process, green done.
STATUS_BADGES = {
    Status.RECEIVED: "badge-bad",
    Status.VERIFIED: "badge-warn",
    Status.DISPOSED: "badge-warn",
    Status.IN_PROGRESS: "badge-warn",
    Status.DONE: "badge-ok",
    Status.REJECTED: "badge-bad",
}
KIND_LABELS = {  # the same words as the citizens' form (forms.py imports from here, so not from there)
    Kind.PENGADUAN: _l("Complaint (pengaduan)"),
    Kind.ASPIRASI: _l("Idea or proposal (aspirasi)"),
    Kind.INFORMASI: _l("Information request"),
}
PRIVACY_LABELS = {
    Privacy.PUBLIC: _l("Public, with the reporter's name"),
    Privacy.ANONYMOUS: _l("Anonim: public, name hidden"),
    Privacy.SECRET: _l("Rahasia: not public, only handling staff"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def privacy_label(privacy: str) -> str:
    return str(PRIVACY_LABELS.get(privacy, privacy))


ACTION_LABELS = {
    Action.SUBMITTED: _l("Received"),
    Action.VERIFIED: _l("Verified"),
    Action.EDITED: _l("Changed at verification"),
    Action.DISPOSED: _l("Sent to a department"),
    Action.NOTE: _l("Internal note"),
    Action.ASSIGNED: _l("Assigned to an officer"),
    Action.REPLY: _l("Reply"),
    Action.DONE: _l("Done"),
    Action.REJECTED: _l("Rejected"),
    Action.MERGED: _l("Merged"),
    Action.RATED: _l("Rated by the reporter"),
    Action.REOPENED: _l("Reopened by the reporter"),
    Action.HIDDEN: _l("Hidden from the public"),
    Action.SHOWN: _l("Shown to the public again"),
    Action.REDACTED: _l("Text edited (original kept here)"),
    Action.PHOTO_REDACTED: _l("Photo hidden"),
    Action.BLOCKED: _l("Reporter's account blocked"),
}


def duration_words(hours: float | None) -> str:
    """"5.5 hours" below two days, "3.2 days" from then on, "no data" when nothing was measured."""
    if hours is None:
        return _("no data")
    if hours < HOURS_IN_WORDS_BELOW:
        return _("%(hours)s hours", hours=number(hours, 1))
    return _("%(days)s days", days=number(hours / 24, 1))


def share_words(share: float | None) -> str:
    return _("no data") if share is None else format_percent(share)


def rating_words(rating: float | None) -> str:
    return _("no ratings") if rating is None else _("%(rating)s of 5", rating=number(rating, 1))


def open311_client(report) -> str:
    """The name of the API client (ApiKey.name) that filed `report` through Open311."""
    key = None
    if report.api_key_id is not None:
        key = db.session.execute(select(ApiKey).where(ApiKey.id == report.api_key_id)).scalar_one_or_none()
    return key.name if key is not None else _("a client whose key no longer exists")


def template_globals(**extra) -> dict:
    """The words and tests the Aspirasi staff templates use."""
    return {
        "status_label": status_label, "status_badge": lambda s: STATUS_BADGES.get(s, "badge-warn"),
        "privacy_label": privacy_label, "kind_label": kind_label, "is_overdue": sla.is_overdue,
        "action_label": lambda a: str(ACTION_LABELS.get(a, a)), "duration_words": duration_words,
        "share_words": share_words, "rating_words": rating_words, "statuses": Status.ALL,
        "open311_client": open311_client, **extra,
    }


# Choices from the region's rows

def categories(active_only: bool = False) -> list[Category]:
    query = select(Category).order_by(Category.position, Category.name)
    if active_only:
        query = query.where(Category.active.is_(True))
    return list(db.session.execute(query).scalars())


def departments(active_only: bool = True) -> list[Department]:
    query = select(Department).order_by(Department.name)
    if active_only:
        query = query.where(Department.active.is_(True))
    return list(db.session.execute(query).scalars())


def officers(department_ids=None) -> list[User]:
    """Unblocked department officers (of the given OPDs, or of all), by name."""
    query = (
        select(User).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == Role.DEPARTMENT_OFFICER, User.blocked.is_(False))
        .order_by(User.name).distinct()
    )
    if department_ids is not None:
        query = query.where(RoleGrant.department_id.in_(list(department_ids)))
    return list(db.session.execute(query).scalars())


def templates_for(category_id: int | None) -> list[ReplyTemplate]:
    """Reply templates of a category plus the ones for every category (no category)."""
    query = select(ReplyTemplate).order_by(ReplyTemplate.title)
    query = query.where((ReplyTemplate.category_id == category_id) | ReplyTemplate.category_id.is_(None))
    return list(db.session.execute(query).scalars())


def _id_choices(rows, label=lambda row: row.name, blank=None):
    choices = [("", blank)] if blank is not None else []
    return choices + [(str(row.id), label(row)) for row in rows]


def kelurahan_choices() -> dict[str, list[tuple[str, str]]]:
    """Kelurahan and desa grouped under their kecamatan (rendered as optgroups)."""
    return {kec.name: [(str(k.id), k.name) for k in kec.children] for kec in kecamatan_list(children=True)}


def officer_label(user: User) -> str:
    departments_held = sorted(g.department.short_name or g.department.name for g in user.roles if g.department)
    if not departments_held:
        return user.name
    return _("%(name)s (%(departments)s)", name=user.name, departments=", ".join(departments_held))


# Inbox

class InboxFilterForm(BaseForm):
    """The inbox filters, read from the query string (Indonesian names: they show in the address bar)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[], default="")
    kategori = SelectField(_l("Category"), choices=[], default="")
    opd = SelectField(_l("Department"), choices=[], default="")
    saya = BooleanField(_l("Assigned to me"))
    terlambat = BooleanField(_l("Overdue only"))
    q = StringField(_l("Search"), [Optional(), Length(max=100)], filters=[strip])

    def fill(self, show_departments: bool) -> None:
        """Fill the choices; officers see no department filter (they only ever see their own OPD)."""
        self.status.choices = [("", _("Every status"))] + [(s, status_label(s)) for s in Status.ALL]
        self.kategori.choices = _id_choices(categories(), blank=_("Every category"))
        self.opd.choices = _id_choices(departments(active_only=False), blank=_("Every department"))
        if not show_departments:
            del self.opd

    def filters(self) -> dict:
        """The valid filters in services.staff_inbox's terms; a field with an error is left out."""
        names = {"status": "status", "kategori": "category", "opd": "department", "q": "q"}
        chosen = {}
        for name, key in names.items():
            field = self._fields.get(name)
            if field is not None and field.data and not field.errors:
                chosen[key] = int(field.data) if key in ("category", "department") else field.data
        if self.saya.data:
            chosen["assignee"] = "me"
        if self.terlambat.data:
            chosen["overdue"] = True
        return chosen

    def query_args(self) -> dict:
        """The filters as query-string arguments, for links to the next page."""
        args = {}
        for name, field in self._fields.items():
            if field.type == "BooleanField":
                if field.data:
                    args[name] = "1"
            elif field.data and not field.errors:
                args[name] = field.data
        return args


class BulkForm(BaseForm):
    """Several reports ticked in the inbox, and one thing to do to all of them."""

    reports = SelectMultipleField(_l("Reports"), coerce=int, validate_choice=False)
    action = SelectField(_l("Action"), choices=[])
    to_officer = SelectField(_l("Officer"), choices=[], default="")
    to_department = SelectField(_l("Department"), choices=[], default="")
    back = HiddenField()

    def fill(self, user) -> None:
        """Officers may only assign, and only to officers of their own OPDs."""
        is_admin = user.has_role(Role.REGION_ADMIN)
        actions = [("assign", _("Assign to an officer"))]
        if is_admin:
            actions += [("dispose", _("Send to a department")), ("verify", _("Mark as verified"))]
        self.action.choices = actions
        scope = None if is_admin else user.department_ids()
        self.to_officer.choices = _id_choices(officers(scope), label=officer_label, blank=_("Choose an officer"))
        self.to_department.choices = _id_choices(departments(), blank=_("Choose a department"))

    def validate_reports(self, field):
        if not field.data:
            raise ValidationError(_("Please tick at least one report."))

    def validate_to_officer(self, field):
        if self.action.data == "assign" and not field.data:
            raise ValidationError(_("Please choose the officer to assign."))

    def validate_to_department(self, field):
        if self.action.data == "dispose" and not field.data:
            raise ValidationError(_("Please choose the department to send the reports to."))


# Actions on one report

class VerifyForm(BaseForm):
    """Verification: fix the title, category and kelurahan, decide anonim or rahasia."""

    title = StringField(_l("Title"), [DataRequired(), Length(max=TITLE_MAX)], filters=[strip])
    category = SelectField(_l("Category"), choices=[])
    kelurahan = SelectField(_l("Kelurahan or desa"), choices=[])
    privacy = RadioField(_l("Who may see the report"), choices=[(p, PRIVACY_LABELS[p]) for p in Privacy.ALL])

    def fill(self, report) -> None:
        self.category.choices = _id_choices(categories(active_only=True))
        if report.category_id and str(report.category_id) not in {c for c, _l2 in self.category.choices}:
            self.category.choices.append((str(report.category_id), report.category.name))
        self.kelurahan.choices = kelurahan_choices()

    @staticmethod
    def defaults(report) -> dict:
        return {"title": report.title, "category": str(report.category_id),
                "kelurahan": str(report.kelurahan_id), "privacy": report.privacy}


class RejectForm(BaseForm):
    reason = TextAreaField(_l("Reason, shown to the reporter"), [DataRequired(), Length(max=REASON_MAX)],
                           filters=[strip])


class MergeForm(BaseForm):
    merge_code = StringField(_l("Tracking code of the report to merge into"), [DataRequired(), Length(max=20)],
                             filters=[strip])

    def validate_merge_code(self, field):
        if field.data and normalise_code(field.data) is None:
            raise ValidationError(_("This is not a tracking code. A code looks like K7QM-3XPD."))


class DisposeForm(BaseForm):
    department = SelectField(_l("Department"), choices=[])
    note = TextAreaField(_l("Note for the department"), [Optional(), Length(max=REASON_MAX)], filters=[strip])

    def fill(self) -> None:
        self.department.choices = _id_choices(departments(), blank=_("Choose a department"))

    @staticmethod
    def defaults(suggestion: Department | None) -> dict:
        """The automatic routing's suggestion, preselected."""
        return {"department": str(suggestion.id) if suggestion is not None else ""}

    def validate_department(self, field):
        if not field.data:
            raise ValidationError(_("Please choose a department."))


class AssignForm(BaseForm):
    officer = SelectField(_l("Officer"), choices=[])

    def fill(self, report) -> None:
        scope = [report.department_id] if report.department_id else []
        self.officer.choices = _id_choices(officers(scope), blank=_("Choose an officer"))

    @staticmethod
    def defaults(report) -> dict:
        return {"officer": str(report.assignee_id or "")}

    def validate_officer(self, field):
        if not field.data:
            raise ValidationError(_("Please choose an officer."))


class _AfterPhotos:
    """Optional "after" photos: proof of the work, up to three."""

    def validate_photos(self, field):
        if len(self.chosen_photos()) > MAX_PHOTOS:
            raise ValidationError(_("Please send at most %(max)d photos.", max=MAX_PHOTOS))

    def chosen_photos(self) -> list:
        """The files actually picked (browsers send an empty part for an empty file input)."""
        return [f for f in (self.photos.data or []) if getattr(f, "filename", "")]


class ReplyForm(_AfterPhotos, BaseForm):
    """A public reply to the reporter, or an internal note that only staff see."""

    idempotency_key = HiddenField(default=new_key)
    public = RadioField(
        _l("Kind of message"), default="1",
        choices=[("1", _l("Public reply: the reporter and the public see it")),
                 ("0", _l("Internal note: only staff see it"))],
    )
    body = TextAreaField(_l("Message"), [DataRequired(), Length(max=REPLY_MAX)], filters=[strip])
    photos = MultipleFileField(_l("“After” photos (optional, up to three, only with a public reply)"))


class FinishForm(_AfterPhotos, BaseForm):
    closing = TextAreaField(_l("Closing reply to the reporter"), [DataRequired(), Length(max=REPLY_MAX)],
                            filters=[strip])
    photos = MultipleFileField(_l("“After” photos (optional, up to three)"), id="finish_photos")


class RedactForm(BaseForm):
    """Edit or redact the reporter's text; the original stays in the history."""

    new_title = StringField(_l("Title"), [DataRequired(), Length(max=TITLE_MAX)], filters=[strip])
    new_description = TextAreaField(_l("Description"), [DataRequired(), Length(max=DESCRIPTION_MAX)], filters=[strip])

    @staticmethod
    def defaults(report) -> dict:
        return {"new_title": report.title, "new_description": report.description}


class HideForm(BaseForm):
    hide_reason = TextAreaField(_l("Reason for hiding"), [DataRequired(), Length(max=REASON_MAX)], filters=[strip])


# Kinerja

class PeriodForm(BaseForm):
    """A period for kinerja and the export: ?dari=YYYY-MM-DD&sampai=YYYY-MM-DD."""

    class Meta:
        csrf = False

    dari = DateField(_l("From"), [InputRequired()],
                     render_kw={"type": "date"})
    sampai = DateField(_l("Until"), [InputRequired()], render_kw={"type": "date"})
    opd = SelectField(_l("Department"), choices=[], default="")

    def validate_sampai(self, field):
        if self.dari.data and field.data:
            if field.data < self.dari.data:
                raise ValidationError(_("The end of the period must not be before its start."))
            if (field.data - self.dari.data).days >= MAX_PERIOD_DAYS:
                raise ValidationError(_("Please choose a period of at most %(days)d days.", days=MAX_PERIOD_DAYS))

    def fill(self, department_rows, every: bool = True) -> None:
        """Offer these OPDs; `every` adds "Every department" (region admins)."""
        self.opd.choices = _id_choices(department_rows, blank=_("Every department") if every else None)


def month_so_far(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


# Administration

class CategoryForm(BaseForm):
    """A category with its notice, privacy default, automatic routing and SLA days."""

    idempotency_key = HiddenField(default=new_key)
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])
    description = TextAreaField(_l("Description"), [Optional(), Length(max=2000)], filters=[strip, _none_if_blank])
    notice = TextAreaField(_l("Notice shown when this category is chosen"), [Optional(), Length(max=1000)],
                           filters=[strip, _none_if_blank])
    sensitive = BooleanField(_l("Sensitive: reports are rahasia by default"))
    department = SelectField(_l("Department that receives these reports automatically"), choices=[], default="")
    verify_days = IntegerField(_l("Working days to verify"), [InputRequired(), NumberRange(min=1, max=30)], default=3)
    response_days = IntegerField(_l("Working days for the department to follow up"),
                                 [InputRequired(), NumberRange(min=1, max=90)], default=5)
    position = IntegerField(_l("Position in lists"), [InputRequired(), NumberRange(min=0, max=999)], default=0)
    active = BooleanField(_l("Active: citizens can choose it"), default=True)

    def fill(self) -> None:
        self.department.choices = _id_choices(departments(), blank=_("None: verified by hand"))

    @staticmethod
    def defaults(category) -> dict:
        """The stored category as form data (the OPD as its id)."""
        names = ("name", "description", "notice", "sensitive", "verify_days", "response_days", "position", "active")
        return {**{name: getattr(category, name) for name in names},
                "department": str(category.department_id or "")}

    def values(self) -> dict:
        """What to store on the category."""
        values = {name: self[name].data for name in
                  ("name", "description", "notice", "sensitive", "verify_days", "response_days", "position", "active")}
        values["department_id"] = int(self.department.data) if self.department.data else None
        return values


class RouteForm(BaseForm):
    """In one kecamatan, reports of the category go to a different OPD (names apart from CategoryForm's,
    which shares the page)."""

    kecamatan = SelectField(_l("Kecamatan"), choices=[])
    route_department = SelectField(_l("Department"), choices=[])

    def fill(self) -> None:
        self.kecamatan.choices = _id_choices(kecamatan_list(offered=True), blank=_("Choose a kecamatan"))
        self.route_department.choices = _id_choices(departments(), blank=_("Choose a department"))

    def validate_kecamatan(self, field):
        if not field.data:
            raise ValidationError(_("Please choose a kecamatan."))

    def validate_route_department(self, field):
        if not field.data:
            raise ValidationError(_("Please choose a department."))


class TemplateForm(BaseForm):
    idempotency_key = HiddenField(default=new_key)
    title = StringField(_l("Template name"), [DataRequired(), Length(max=120)], filters=[strip])
    body = TextAreaField(_l("Reply text"), [DataRequired(), Length(max=REPLY_MAX)], filters=[strip])


class SettingsForm(BaseForm):
    """The region's Aspirasi settings (stored in `region.settings`)."""

    verify_first = BooleanField(_l("Reports become public only once verified"))
    retention_days = IntegerField(_l("Remove the reporter's personal data this many days after a report is closed"),
                                  [Optional(), NumberRange(min=RETENTION_MIN, max=RETENTION_MAX)],
                                  render_kw={"inputmode": "numeric"})


class HolidayForm(BaseForm):
    day = DateField(_l("Date"), [InputRequired()], render_kw={"type": "date"})
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])

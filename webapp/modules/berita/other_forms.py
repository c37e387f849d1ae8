"""Forms of the announcements (pengumuman) and information pages in the staff area.

Dates and times are typed in the region's own time zone (`<input type="datetime-local">`) and stored in
UTC; a file field can never keep what was chosen when the form comes back with an error, every other
field does.
"""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import BooleanField, DateTimeLocalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.idempotency import new_key
from ...core.models import Department
from ...extensions import db

TITLE_MAX = 200
ANNOUNCEMENT_BODY_MAX = 20_000
PAGE_BODY_MAX = 50_000
SLUG_MAX = 64
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def region_zone() -> ZoneInfo:
    return ZoneInfo(g.region.timezone)


def as_utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime; naive values (SQLite returns them) are taken to be UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def local_now() -> datetime:
    """Now in the region's time zone, to the minute (what a datetime-local input shows)."""
    return datetime.now(region_zone()).replace(second=0, microsecond=0)


def _local_field(label, validators):
    return DateTimeLocalField(label, validators, format=LOCAL_FORMATS, tz=region_zone,
                              invalid_value_message=_l("Please give a date and time, for example 2025-08-17 08:00."))


def department_choices(keep_id: int | None = None) -> list[tuple[str, str]]:
    """The region's active offices (plus `keep_id`, the one already chosen, even if inactive now)."""
    query = select(Department).order_by(Department.name)
    if keep_id:
        query = query.where((Department.active.is_(True)) | (Department.id == keep_id))
    else:
        query = query.where(Department.active.is_(True))
    return [("", _("No office"))] + [(str(d.id), d.name) for d in db.session.execute(query).scalars()]


class AnnouncementForm(BaseForm):
    """A pengumuman: what it says, when it shows, an optional PDF, and the office it comes from."""

    idempotency_key = HiddenField(default=new_key)
    title = StringField(_l("Title"), [DataRequired(_l("Please give the announcement a title.")), Length(max=TITLE_MAX)],
                        filters=[strip], render_kw={"maxlength": TITLE_MAX})
    body = TextAreaField(_l("Text"), [Optional(), Length(max=ANNOUNCEMENT_BODY_MAX)], filters=[strip])
    attachment = FileField(_l("PDF attachment (optional)"), render_kw={"accept": "application/pdf,.pdf"})
    remove_attachment = BooleanField(_l("Remove the current attachment"))
    starts_at = _local_field(_l("Shown from"), [Optional()])
    expires_at = _local_field(_l("Shown until (optional)"), [Optional()])
    published = BooleanField(_l("Published: visitors can see it from the start time"), default=True)
    department = SelectField(_l("Office"), choices=[], default="")

    def fill(self, announcement=None) -> None:
        self.department.choices = department_choices(announcement.department_id if announcement else None)

    @staticmethod
    def defaults(announcement=None, department_id: int | None = None) -> dict:
        """Form data for an existing announcement, or for a new one (starting now, from `department_id`)."""
        if announcement is None:
            return {"starts_at": local_now(), "published": True, "department": str(department_id or "")}
        return {"title": announcement.title, "body": announcement.body, "published": announcement.published,
                "starts_at": as_utc(announcement.starts_at), "expires_at": as_utc(announcement.expires_at),
                "department": str(announcement.department_id or "")}

    def validate_expires_at(self, field):
        starts = self.starts_at.data or local_now()
        if field.data is not None and not self.starts_at.errors and field.data <= starts:
            raise ValidationError(_("The end must be after the start. Leave it empty to show the announcement "
                                    "until you remove it."))

    def chosen_file(self):
        """The uploaded file, or None (browsers send an empty part for an empty file input)."""
        data = self.attachment.data
        return data if getattr(data, "filename", "") else None

    def values(self) -> dict:
        """What to store on the announcement (times in UTC); the attachment is handled by the view."""
        return {
            "title": self.title.data,
            "body": self.body.data or "",
            "starts_at": as_utc(self.starts_at.data) or as_utc(local_now()),
            "expires_at": as_utc(self.expires_at.data),
            "published": bool(self.published.data),
            "department_id": int(self.department.data) if self.department.data else None,
        }


class PageForm(BaseForm):
    """An information page: its title, web address, Markdown text, place in the list and visibility."""

    idempotency_key = HiddenField(default=new_key)
    title = StringField(_l("Title"), [DataRequired(_l("Please give the page a title.")), Length(max=TITLE_MAX)],
                        filters=[strip], render_kw={"maxlength": TITLE_MAX})
    slug = StringField(_l("Web address (optional)"), [Optional(), Length(max=SLUG_MAX)], filters=[strip],
                       render_kw={"maxlength": SLUG_MAX, "autocapitalize": "none", "spellcheck": "false"})
    body = TextAreaField(_l("Text"), [Optional(), Length(max=PAGE_BODY_MAX)], filters=[strip])
    position = IntegerField(_l("Position in lists"), [InputRequired(), NumberRange(min=0, max=999)], default=0)
    published = BooleanField(_l("Published: visitors can read it"), default=True)

    @staticmethod
    def defaults(page) -> dict:
        return {name: getattr(page, name) for name in ("title", "slug", "body", "position", "published")}

    def values(self) -> dict:
        return {"title": self.title.data, "body": self.body.data or "", "position": self.position.data,
                "published": bool(self.published.data)}

"""Forms of the editors' pages: an article (text, cover, category, tags, office, publishing) and categories,
plus the words the templates show for an article's status.

Choices that depend on the region (categories, offices) are filled per request by `fill`, through the
scoped session. The publishing date and time are the region's wall-clock time; `when()` turns them into UTC.
"""
from __future__ import annotations

from datetime import datetime

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import or_, select
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ...core.forms import BaseForm, strip
from ...core.i18n import datetime_filter
from ...core.idempotency import new_key
from ...core.models import Department
from ...core.staff.common import Refused
from ...extensions import db
from . import articles
from .articles import BODY_MAX, SLUG_MAX, SUMMARY_MAX, TITLE_MAX, Choice
from .models import Article, Category, Status

CATEGORY_NAME_MAX = 80

CHOICE_LABELS = {
    Choice.DRAFT: _l("Save as draft (not public)"),
    Choice.PUBLISH: _l("Publish now"),
    Choice.SCHEDULE: _l("Schedule: publish automatically at the date and time below"),
    Choice.ARCHIVE: _l("Archive (taken off the news list)"),
}
KEEP_LABELS = {  # the same choices, said for an article that is already out or archived
    Choice.PUBLISH: _l("Published (keep it public)"),
    Choice.DRAFT: _l("Back to draft (no longer public)"),
    Choice.ARCHIVE: _l("Archive (taken off the news list)"),
}
STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SCHEDULED: _l("Scheduled"),
    Status.PUBLISHED: _l("Published"),
    Status.ARCHIVED: _l("Archived"),
}
STATUS_BADGES = {Status.DRAFT: "badge-off", Status.SCHEDULED: "badge-warn", Status.PUBLISHED: "badge-ok",
                 Status.ARCHIVED: "badge-off"}


def status_words(article: Article, now: datetime) -> str:
    """"Draft", "Scheduled for 1 Mar 2025, 09.00" (the region's time), "Published" or "Archived"."""
    status = articles.effective_status(article, now)
    if status == Status.SCHEDULED:
        return _("Scheduled for %(when)s", when=datetime_filter(article.publish_at, "medium"))
    return str(STATUS_LABELS.get(status, status))


def status_badge(article: Article, now: datetime) -> str:
    return STATUS_BADGES.get(articles.effective_status(article, now), "badge-off")


def categories() -> list[Category]:
    return list(db.session.execute(select(Category).order_by(Category.position, Category.name, Category.id)).scalars())


def departments(current_id: int | None = None) -> list[Department]:
    """The region's active offices, and the article's own even if it has been closed since."""
    query = select(Department).where(or_(Department.active.is_(True), Department.id == current_id))
    return list(db.session.execute(query.order_by(Department.name)).scalars())


def _id_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class ArticleForm(BaseForm):
    """An article as the editor writes it. `fill(article, now)` sets the choices for this region and state."""

    title = StringField(_l("Title"), [DataRequired(_l("Please give the article a title.")), Length(max=TITLE_MAX)],
                        filters=[strip], render_kw={"maxlength": TITLE_MAX})
    slug = StringField(_l("Address (optional)"), [Optional(), Length(max=SLUG_MAX)], filters=[strip],
                       render_kw={"maxlength": SLUG_MAX, "autocapitalize": "none", "spellcheck": "false"})
    summary = TextAreaField(_l("Summary (optional)"), [Optional(), Length(max=SUMMARY_MAX)], filters=[strip],
                            render_kw={"rows": 3, "maxlength": SUMMARY_MAX})
    body = TextAreaField(_l("Text"), [Length(max=BODY_MAX)], filters=[strip], render_kw={"rows": 16})
    cover = FileField(_l("Cover picture (optional)"), render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_cover = BooleanField(_l("Remove the cover picture"))
    cover_alt = StringField(_l("Description of the picture"), [Optional(), Length(max=200)], filters=[strip],
                            render_kw={"maxlength": 200})
    caption = StringField(_l("Caption (optional)"), [Optional(), Length(max=300)], filters=[strip],
                          render_kw={"maxlength": 300})
    credit = StringField(_l("Photo credit (optional)"), [Optional(), Length(max=120)], filters=[strip],
                         render_kw={"maxlength": 120})
    category_id = SelectField(_l("Category"), choices=[], default="")
    tags = StringField(_l("Tags (optional)"), [Optional(), Length(max=600)], filters=[strip],
                       render_kw={"maxlength": 600, "autocapitalize": "none"})
    department_id = SelectField(_l("Office (shown as the author)"), choices=[], default="")
    # Any value gets through here: `articles.publishing` refuses one that does not fit, saying why.
    publishing = RadioField(_l("Publishing"), choices=[], default=Choice.DRAFT, validate_choice=False,
                            validators=[DataRequired(_l("Please choose how to save the article."))])
    publish_date = DateField(_l("Date"), [Optional()])
    publish_time = TimeField(_l("Time"), [Optional()])
    idempotency_key = HiddenField(default=new_key)

    def fill(self, article: Article | None, now: datetime) -> None:
        self.article = article
        self.category_id.choices = [("", _("No category"))] + [(str(c.id), c.name) for c in categories()]
        current = article.department_id if article is not None else None
        self.department_id.choices = [("", _("No office: shown as %(region)s", region=g.region.name))] + [
            (str(d.id), d.name) for d in departments(current)]
        shown = articles.effective_status(article, now) if article is not None else Status.DRAFT
        labels = KEEP_LABELS if shown in (Status.PUBLISHED, Status.ARCHIVED) else CHOICE_LABELS
        self.publishing.choices = [(c, labels[c]) for c in articles.choices_for(article, now)]

    @staticmethod
    def defaults(article: Article, now: datetime) -> dict:
        """The form's values for an existing article (publishing date and time in the region's zone)."""
        data = {name: getattr(article, name) for name in ("title", "slug", "summary", "body", "cover_alt",
                                                          "caption", "credit")}
        data.update(category_id=str(article.category_id or ""), department_id=str(article.department_id or ""),
                    tags=", ".join(article.tags or []))
        status = articles.effective_status(article, now)
        data["publishing"] = {Status.DRAFT: Choice.DRAFT, Status.SCHEDULED: Choice.SCHEDULE,
                              Status.PUBLISHED: Choice.PUBLISH, Status.ARCHIVED: Choice.ARCHIVE}[status]
        if status == Status.SCHEDULED:
            local = articles.utc_to_local(article.publish_at, g.region.timezone)
            data.update(publish_date=local.date(), publish_time=local.time().replace(second=0, microsecond=0))
        return data

    def chosen_cover(self):
        """The picked file, if any (browsers send an empty part for an empty file input)."""
        file = self.cover.data
        return file if file is not None and getattr(file, "filename", "") else None

    def will_have_cover(self) -> bool:
        if self.chosen_cover() is not None:
            return True
        article = getattr(self, "article", None)
        return bool(article is not None and article.cover and not self.remove_cover.data)

    def validate_body(self, field):
        if not field.data and self.publishing.data in (Choice.PUBLISH, Choice.SCHEDULE):
            raise ValidationError(_("Please write the article's text before publishing it."))

    def validate_tags(self, field):
        try:
            articles.parse_tags(field.data)
        except Refused as refusal:
            raise ValidationError(refusal.message) from None

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then two that involve empty fields (which WTForms' per-field chain skips)."""
        valid = super().validate(extra_validators)
        if not self.cover_alt.data and not self.cover_alt.errors and self.will_have_cover():
            self.cover_alt.errors.append(_("Please describe the picture for people who cannot see it."))
            valid = False
        date, clock = self.publish_date, self.publish_time
        if self.publishing.data == Choice.SCHEDULE and not (date.errors or clock.errors) \
                and (date.data is None or clock.data is None):
            date.errors.append(_("Please give the date and the time to publish at."))
            valid = False
        return valid

    def when(self) -> datetime | None:
        """The chosen publishing moment in UTC, read as the region's local time."""
        if self.publish_date.data is None or self.publish_time.data is None:
            return None
        return articles.local_to_utc(self.publish_date.data, self.publish_time.data, g.region.timezone)

    def values(self) -> dict:
        """What `articles.prepare` reads."""
        data = {name: self[name].data for name in ("title", "slug", "summary", "body", "cover_alt", "caption",
                                                   "credit")}
        data.update(tags=articles.parse_tags(self.tags.data), category_id=_id_or_none(self.category_id.data),
                    department_id=_id_or_none(self.department_id.data))
        return data


class CategoryForm(BaseForm):
    """Adding or renaming a category; each row of the list has its own, with its own prefix."""

    name = StringField(_l("Name"), [DataRequired(_l("Please give the category a name.")),
                                    Length(max=CATEGORY_NAME_MAX)],
                       filters=[strip], render_kw={"maxlength": CATEGORY_NAME_MAX})
    idempotency_key = HiddenField(default=new_key)

"""Demo data for Aspirasi: categories routed to the demo OPD, reply templates, 2026 holidays, and about
forty reports in every state across the region's kecamatan, with timelines, photos, supporters and ratings.

Safe to run again: categories, templates and holidays are matched by their natural keys, and the reports
are only added when the region has none from the demo yet. The caller commits (as `core.demo.seed` does).
"""
from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ...core.models import Area, Department, Region, Role, RoleGrant, User
from ...core.uploads import save_image, thumbnail_of
from ...extensions import db
from . import demo_data as data
from .codes import unique_tracking_code
from .models import (Action, Category, CategoryRoute, Holiday, Kind, Privacy, ReplyTemplate, Report, ReportPhoto,
                     Status, Support)
from .photos import MAX_SIDE, THUMB_SIDE, UPLOAD_KIND
from .rules import move, record
from .sla import add_working_days, holidays_for, now_utc

DEMO_SOURCE = "demo"
REPORT_COUNT = 40
# How many reports of each kind of ending the demo shows (40 in all).
PLAN = ([Status.RECEIVED] * 6 + [Status.VERIFIED] * 3 + [Status.DISPOSED] * 8 + [Status.IN_PROGRESS] * 8
        + [Status.DONE] * 11 + [Status.REJECTED] * 3 + ["merged"])


def seed_demo(region: Region) -> None:
    """Add the Aspirasi demo to `region` (inside its region_context), creating only what is missing."""
    categories = ensure_categories()
    ensure_templates(categories)
    ensure_holidays()
    db.session.flush()
    already = db.session.execute(select(Report.id).where(Report.source == DEMO_SOURCE).limit(1)).first()
    kelurahan = _villages()
    if already is None and kelurahan:
        _Seeder(region, categories, kelurahan).run()
        db.session.flush()


def ensure_categories() -> dict[str, Category]:
    departments = {d.slug: d for d in db.session.execute(select(Department)).scalars()}
    have = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    for position, (slug, name, opd, sensitive, verify, respond, notice) in enumerate(data.CATEGORIES):
        if slug in have:
            continue
        department = departments.get(opd) if opd else None
        have[slug] = Category(slug=slug, name=name, notice=notice, sensitive=sensitive, verify_days=verify,
                              response_days=respond, position=position,
                              department_id=department.id if department else None)
        db.session.add(have[slug])
    db.session.flush()
    _ensure_route(have.get("drainase-banjir"), departments.get("bpbd"))
    return have


def _ensure_route(category: Category | None, department: Department | None) -> None:
    """Floods in the first kecamatan go to BPBD instead of DPUPR: an example of routing per kecamatan."""
    first = db.session.execute(select(Area).where(Area.level == "kecamatan").order_by(Area.code)).scalars().first()
    if category is None or department is None or first is None:
        return
    exists = db.session.execute(select(CategoryRoute.id).where(
        CategoryRoute.category_id == category.id, CategoryRoute.kecamatan_id == first.id)).first()
    if exists is None:
        db.session.add(CategoryRoute(category_id=category.id, kecamatan_id=first.id, department_id=department.id))


def ensure_templates(categories: dict[str, Category]) -> None:
    have = {(t.category_id, t.title) for t in db.session.execute(select(ReplyTemplate)).scalars()}
    for slug, title, body in data.TEMPLATES:
        category_id = categories[slug].id if slug else None
        if (category_id, title) not in have:
            db.session.add(ReplyTemplate(category_id=category_id, title=title, body=body))


def ensure_holidays() -> None:
    have = set(db.session.execute(select(Holiday.day)).scalars())
    for day, name in data.HOLIDAYS_2026:
        if day not in have:
            db.session.add(Holiday(day=day, name=name))


def _villages() -> list[Area]:
    query = select(Area).where(Area.level.in_(("kelurahan", "desa")), Area.parent_id.is_not(None)).order_by(Area.code)
    return list(db.session.execute(query).scalars())


def demo_photo(seed: int) -> FileStorage:
    """A small generated "photo" (sky, road, a patch), passed through the real upload pipeline."""
    rng = random.Random(seed)
    image = Image.new("RGB", (480, 360), (120 + rng.randrange(80), 170 + rng.randrange(60), 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 200, 480, 360), fill=(90 + rng.randrange(40),) * 3)
    x, y = rng.randrange(60, 360), rng.randrange(230, 300)
    draw.ellipse((x, y, x + 90, y + 40), fill=(60, 50 + rng.randrange(40), 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    out.seek(0)
    return FileStorage(stream=out, filename=f"demo-{seed}.jpg", content_type="image/jpeg")


class _Seeder:
    """Builds the demo reports with timelines that agree with their status and deadlines."""

    def __init__(self, region: Region, categories: dict[str, Category], kelurahan: list[Area]):
        self.region, self.categories, self.kelurahan = region, categories, kelurahan
        self.rng = random.Random(2026)
        self.now = now_utc()
        self.holidays = holidays_for(region)
        self.admin = self._user(Role.REGION_ADMIN)
        self.citizen = db.session.execute(
            select(User).where(User.email == "warga@demo.serambi.id")).scalar_one_or_none()
        self.kept: list[Report] = []

    def _user(self, role: str, department_id: int | None = None) -> User | None:
        query = select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(RoleGrant.role == role)
        if department_id is not None:
            query = query.where(RoleGrant.department_id == department_id)
        return db.session.execute(query.order_by(User.id).limit(1)).scalar_one_or_none()

    def due(self, start: datetime, days: int) -> datetime:
        return add_working_days(start, days, self.holidays, self.region.timezone)

    def run(self) -> None:
        for i, ending in enumerate(PLAN[:REPORT_COUNT]):
            self.report(i, ending)

    def report(self, i: int, ending: str) -> Report:
        slug, kind, title, description = data.REPORTS[i % len(data.REPORTS)]
        category = self.categories[slug]
        village = self.kelurahan[(i * 7) % len(self.kelurahan)]
        age = self._age(i, ending)
        created = self.now - timedelta(days=age, hours=self.rng.randrange(1, 9))
        report = Report(
            code=unique_tracking_code(Report), kind=kind if kind in Kind.ALL else Kind.PENGADUAN,
            category_id=category.id, category=category, title=title, description=description,
            kecamatan_id=village.parent_id, kelurahan_id=village.id, source=DEMO_SOURCE,
            privacy=self._privacy(i, category), created_at=created, updated_at=created, status=Status.RECEIVED,
            due_at=self.due(created, category.verify_days), supporters=0, reopen_count=0,
        )
        self._reporter(report, i)
        db.session.add(report)
        record(report, Action.SUBMITTED, self.citizen if report.reporter_id else None, when=created,
               to_status=Status.RECEIVED)
        if i % 4 == 0:
            self._photo(report, i, "before", created)
        if ending != Status.RECEIVED:
            self._advance(report, i, ending, created)
        self._support(report, i)
        return report

    def _age(self, i: int, ending: str) -> int:
        """Days since filing: recent for new reports, with a few past their deadline in every open state."""
        if ending == Status.RECEIVED:
            return 9 if i % 3 == 0 else i % 2
        if ending in (Status.VERIFIED, Status.DISPOSED, Status.IN_PROGRESS):
            return 14 + i % 5 if i % 4 == 1 else 2 + i % 3
        return 10 + (i * 3) % 40

    def _privacy(self, i: int, category: Category) -> str:
        if category.sensitive or i == 23:
            return Privacy.SECRET
        return Privacy.ANONYMOUS if i % 5 == 2 else Privacy.PUBLIC

    def _reporter(self, report: Report, i: int) -> None:
        if self.citizen is not None and i % 6 == 0:
            report.reporter_id, report.reporter_name = self.citizen.id, self.citizen.name
            report.reporter_email, report.reporter_phone = self.citizen.email, self.citizen.phone
            return
        name = data.NAMES[i % len(data.NAMES)]
        report.reporter_name = name
        report.reporter_email = f"{name.split()[0].lower()}.{i}@example.id"

    def _photo(self, report: Report, i: int, stage: str, when: datetime) -> None:
        path = save_image(demo_photo(i * 10 + len(stage)), UPLOAD_KIND, max_side=MAX_SIDE, thumb_side=THUMB_SIDE)
        report.photos.append(ReportPhoto(stage=stage, path=path, thumb_path=thumbnail_of(path),
                                         width=480, height=360, created_at=when))

    def _support(self, report: Report, i: int) -> None:
        count = (i * 5) % 9 if report.privacy != Privacy.SECRET and report.merged_into_id is None else 0
        if not count:
            return
        db.session.flush()  # the supports refer to the report's id
        for n in range(count):
            db.session.add(Support(report_id=report.id, supporter=f"s:demo-{i}-{n}"))
        report.supporters = count

    def _at(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=30))

    def _department(self, category: Category) -> Department | None:
        if category.department is not None:
            return category.department
        return db.session.execute(select(Department).order_by(Department.id).limit(1)).scalar_one_or_none()

    def _advance(self, report: Report, i: int, ending: str, created: datetime) -> None:
        verified = self._at(created + timedelta(hours=5))
        if ending == Status.REJECTED:
            report.rejection_reason, report.closed_at = data.REJECT_REASON, verified
            move_to(report, Status.REJECTED, Action.REJECTED, self.admin, verified, body=data.REJECT_REASON)
            return
        if ending == "merged" and self.kept:
            report.merged_into_id, report.closed_at = self.kept[0].id, verified
            move_to(report, Status.REJECTED, Action.MERGED, self.admin, verified)
            return
        report.verified_at = verified
        move_to(report, Status.VERIFIED, Action.VERIFIED, self.admin, verified)
        department = self._department(report.category)
        if ending == Status.VERIFIED or department is None:
            return
        self._dispose(report, i, department, verified + timedelta(hours=1))
        if ending == Status.DISPOSED:
            return
        replied = self._at(report.disposed_at + timedelta(days=1 + i % 2, hours=2))
        officer = self._officer(report) or self.admin
        report.first_response_at = replied
        move_to(report, Status.IN_PROGRESS, Action.REPLY, officer, replied,
                body=data.REPLIES[i % len(data.REPLIES)], department_id=department.id)
        if i % 3 == 0:
            record(report, Action.NOTE, officer, when=replied, public=False, body=data.INTERNAL_NOTE,
                   department_id=department.id)
        if ending == Status.DONE:
            self._finish(report, i, officer, replied)

    def _dispose(self, report: Report, i: int, department: Department, when: datetime) -> None:
        report.department_id, report.department, report.disposed_at = department.id, department, when
        report.due_at = self.due(when, report.category.response_days)
        move_to(report, Status.DISPOSED, Action.DISPOSED, self.admin, when, department_id=department.id)
        officer = self._user(Role.DEPARTMENT_OFFICER, department.id)
        if officer is not None and i % 2 == 0:
            report.assignee_id = officer.id
            record(report, Action.ASSIGNED, self.admin, when=when, public=False, body=officer.name,
                   department_id=department.id)
        if report.privacy != Privacy.SECRET:
            self.kept.append(report)  # a public report that a later duplicate can be merged into

    def _officer(self, report: Report) -> User | None:
        if report.assignee_id:
            return db.session.get(User, report.assignee_id)
        return self._user(Role.DEPARTMENT_OFFICER, report.department_id)

    def _finish(self, report: Report, i: int, officer: User | None, replied: datetime) -> None:
        closed = self._at(replied + timedelta(days=1 + (i * 7) % 6))
        report.closed_at = closed
        move_to(report, Status.DONE, Action.DONE, officer, closed, body=data.DONE_REPLY,
                department_id=report.department_id)
        if i % 3 == 0:
            self._photo(report, i, "after", closed)
        if i % 2 == 0:
            report.rating = 3 + i % 3
            report.rating_comment = "Terima kasih, cepat ditangani." if report.rating > 3 else None
            record(report, Action.RATED, self.citizen if report.reporter_id else None, when=closed + timedelta(hours=3),
                   body=report.rating_comment)


def move_to(report: Report, to_status: str, action: str, actor, when: datetime, **fields) -> None:
    move(report, to_status, action, actor, when=when, **fields)

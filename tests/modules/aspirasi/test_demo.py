"""The Aspirasi demo: categories routed to the demo OPD, holidays, templates and about forty reports in
every state, with timelines and photos; seeding twice changes nothing."""
from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from webapp.core import demo as core_demo
from webapp.core.scoping import region_context
from webapp.core.uploads import upload_path
from webapp.extensions import db
from webapp.modules.aspirasi import services
from webapp.modules.aspirasi.demo import seed_demo
from webapp.modules.aspirasi.models import (Action, Category, Holiday, Privacy, ReplyTemplate, Report, ReportEvent,
                                            ReportPhoto, Status, Support)
from webapp.modules.aspirasi.sla import is_overdue


@pytest.fixture
def demo_region(app, tmp_path, monkeypatch):
    """The foundation's demo (Kota Tangerang, its areas, OPD and accounts), then the Aspirasi demo."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/"):
        core_demo.seed(password="demo-sandi-123")
        region = core_demo.ensure_region(**dict(core_demo.TANGERANG, modules=["aspirasi"]))
        with region_context(region):
            started = time.perf_counter()
            seed_demo(region)
            db.session.commit()
            elapsed = time.perf_counter() - started
            yield region, elapsed


def count(model) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


def test_the_demo_has_reports_in_every_state_with_consistent_timelines(demo_region):
    reports = list(db.session.execute(select(Report)).scalars())
    assert 35 <= len(reports) <= 45
    assert set(Counter(r.status for r in reports)) == set(Status.ALL)
    for report in reports:
        assert report.events[0].action == Action.SUBMITTED
        changes = [e for e in report.events if e.to_status]
        assert changes[-1].to_status == report.status  # the timeline ends where the report is
        assert all(a.created_at <= b.created_at for a, b in zip(report.events, report.events[1:]))
    kecamatan = {r.kecamatan_id for r in reports}
    assert len(kecamatan) >= 5


def test_the_demo_shows_privacy_deadlines_ratings_supporters_and_merging(demo_region):
    reports = list(db.session.execute(select(Report)).scalars())
    assert {Privacy.PUBLIC, Privacy.ANONYMOUS, Privacy.SECRET} <= {r.privacy for r in reports}
    sensitive = [r for r in reports if r.category.sensitive]
    assert sensitive and all(r.privacy == Privacy.SECRET for r in sensitive)
    assert sum(is_overdue(r) for r in reports) >= 3
    assert sum(r.rating is not None for r in reports) >= 3
    assert any(r.merged_into_id for r in reports)
    assert sum(r.supporters for r in reports) == count(Support)
    done = [r for r in reports if r.status == Status.DONE]
    assert all(r.closed_at and r.first_response_at and r.department_id for r in done)
    assert any(not e.public for r in reports for e in r.events)  # internal notes too


def test_categories_are_routed_to_the_demo_opd(demo_region):
    categories = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    assert len(categories) == 11
    assert categories["jalan-rusak"].department.slug == "dpupr"
    assert categories["sampah"].department.slug == "dlh"
    assert categories["kekerasan-perempuan-anak"].sensitive
    assert "112" in categories["darurat"].notice


def test_photos_are_real_files_through_the_upload_pipeline(demo_region):
    photos = list(db.session.execute(select(ReportPhoto)).scalars())
    assert len(photos) >= 5 and {"before", "after"} <= {p.stage for p in photos}
    assert all(upload_path(p.path).stat().st_size > 0 and upload_path(p.thumb_path).exists() for p in photos)


def test_the_public_list_and_the_officer_inbox_have_something_to_show(demo_region):
    rows, cursor = services.public_reports({})
    assert len(rows) == 20 and cursor is not None
    assert all(r.privacy != Privacy.SECRET for r in rows)


def test_seeding_again_adds_nothing(demo_region):
    region, _ = demo_region
    before = [count(m) for m in (Category, ReplyTemplate, Holiday, Report, ReportEvent, ReportPhoto, Support)]
    seed_demo(region)
    db.session.commit()
    assert [count(m) for m in (Category, ReplyTemplate, Holiday, Report, ReportEvent, ReportPhoto, Support)] == before
    assert before[2] == 16


def test_seeding_is_quick(demo_region):
    _, elapsed = demo_region
    assert elapsed < 3

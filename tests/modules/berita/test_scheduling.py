"""Scheduling in the region's time zone: local wall-clock time stored as UTC, visible from that minute on,
never in the past, and `flask berita publish-due` tidying the stored status in every region."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from flask import g
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from webapp.core.models import Role
from webapp.core.scoping import region_context
from webapp.core.staff.common import Refused
from webapp.extensions import db
from webapp.modules.berita import articles
from webapp.modules.berita.models import Article, Status

DAY = date(2031, 3, 10)
LONG_AGO = datetime(2031, 1, 1, tzinfo=timezone.utc)  # "now" when the schedule is made


@pytest.fixture
def make_news_region(make_region):
    def make(slug, tz, host=None):
        return make_region(slug, hosts=[host or f"{slug}.test"], name=f"Kota {slug.title()}", timezone=tz,
                           modules=["berita", "kontak"])

    return make


def schedule(title: str, day: date, clock: time, now: datetime = LONG_AGO) -> Article:
    """Schedule an article as the editor's form does: local time of the current region → UTC."""
    when = articles.local_to_utc(day, clock, g.region.timezone)
    draft = articles.prepare(None, {"title": title, "body": "Isi."}, articles.Choice.SCHEDULE, when, now)
    article = Article()
    articles.write(article, draft, None, now)
    db.session.commit()
    return article


def stored_publish_at(article: Article) -> datetime:
    db.session.expire_all()
    return articles.as_utc(db.session.get(Article, article.id).publish_at)


def visible_ids(now: datetime) -> list[int]:
    return list(db.session.execute(select(Article.id).where(Article.public(now))).scalars())


@pytest.mark.parametrize("tz, utc_hour", [("Asia/Jakarta", 2), ("Asia/Makassar", 1), ("Asia/Jayapura", 0)])
def test_nine_oclock_local_time_is_stored_in_utc(make_news_region, tz, utc_hour):
    g.region = make_news_region("kota", tz)
    article = schedule("Upacara", DAY, time(9, 0))
    assert stored_publish_at(article) == datetime(2031, 3, 10, utc_hour, 0, tzinfo=timezone.utc)
    assert article.status == Status.SCHEDULED


def test_an_early_morning_time_in_wit_falls_on_the_previous_utc_day(make_news_region):
    g.region = make_news_region("jayapura", "Asia/Jayapura")
    article = schedule("Subuh", DAY, time(6, 30))
    assert stored_publish_at(article) == datetime(2031, 3, 9, 21, 30, tzinfo=timezone.utc)


def test_a_scheduled_article_is_invisible_a_minute_before_and_visible_a_minute_after(make_news_region):
    g.region = make_news_region("tangerang", "Asia/Jakarta")
    article = schedule("Tepat waktu", DAY, time(9, 0))
    due = datetime(2031, 3, 10, 2, 0, tzinfo=timezone.utc)
    assert visible_ids(due - timedelta(minutes=1)) == []
    assert visible_ids(due + timedelta(minutes=1)) == [article.id]


def test_the_same_local_time_comes_earlier_in_the_east(make_news_region):
    """09:00 in Jayapura is 07:00 in Jakarta: at 08:00 WIB the Jayapura article is out, the Jakarta one not."""
    west = make_news_region("tangerang", "Asia/Jakarta")
    east = make_news_region("jayapura", "Asia/Jayapura")
    with region_context(west):
        in_west = schedule("Barat", DAY, time(9, 0))
    with region_context(east):
        in_east = schedule("Timur", DAY, time(9, 0))
    at_eight_wib = datetime(2031, 3, 10, 1, 0, tzinfo=timezone.utc)
    with region_context(west):
        assert visible_ids(at_eight_wib) == []
    with region_context(east):
        assert visible_ids(at_eight_wib) == [in_east.id]
    assert in_west.id != in_east.id


@pytest.mark.parametrize("minutes_ago", [1, 60 * 24])
def test_scheduling_in_the_past_is_refused_and_nothing_is_written(make_news_region, minutes_ago):
    g.region = make_news_region("tangerang", "Asia/Jakarta")
    now = datetime(2031, 3, 10, 2, 0, tzinfo=timezone.utc)
    with pytest.raises(Refused) as refused:
        articles.prepare(None, {"title": "Terlambat", "body": "Isi."}, articles.Choice.SCHEDULE,
                         now - timedelta(minutes=minutes_ago), now)
    assert refused.value.field == "publish_date"
    assert db.session.execute(select(Article)).first() is None


def test_the_form_reads_the_time_in_the_regions_own_zone(app, client, make_news_region):
    region = make_news_region("jayapura", "Asia/Jayapura", host="localhost")
    g.region = region
    sign_in(client, quick_user(region, role=Role.EDITOR))
    page = client.get("/staf/berita/baru", headers={"Accept-Language": "en"})
    assert "WIT, the time in Kota Jayapura" in page.data.decode()
    response = client.post("/staf/berita/baru", headers={"Accept-Language": "en"}, data={
        "csrf_token": csrf_from(page), "title": "Festival Danau Sentani", "body": "Isi.",
        "publishing": "schedule", "publish_date": "2031-03-10", "publish_time": "09:00"})
    assert response.status_code == 303
    [article] = db.session.execute(select(Article)).scalars().all()
    assert articles.as_utc(article.publish_at) == datetime(2031, 3, 10, 0, 0, tzinfo=timezone.utc)


def test_publish_due_flips_due_articles_in_every_region_and_says_how_many(app, make_news_region):
    west = make_news_region("tangerang", "Asia/Jakarta")
    east = make_news_region("jayapura", "Asia/Jayapura")
    now = datetime.now(timezone.utc)
    rows = {}
    for region, name, publish_at in ((west, "due-west", now - timedelta(minutes=5)),
                                     (east, "due-east", now - timedelta(hours=2)),
                                     (east, "later", now + timedelta(days=1))):
        article = Article(region_id=region.id, slug=name, title=name, status=Status.SCHEDULED, publish_at=publish_at)
        db.session.add(article)
        rows[name] = article
    draft = Article(region_id=west.id, slug="draft", title="draft", status=Status.DRAFT)
    db.session.add(draft)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["berita", "publish-due"])

    assert result.exit_code == 0, result.output
    assert "Published 2 scheduled articles." in result.output
    db.session.expire_all()
    status = {name: db.session.get(Article, a.id).status for name, a in rows.items()}
    assert status == {"due-west": Status.PUBLISHED, "due-east": Status.PUBLISHED, "later": Status.SCHEDULED}
    assert db.session.get(Article, draft.id).status == Status.DRAFT
    assert "Published 0 scheduled articles." in app.test_cli_runner().invoke(args=["berita", "publish-due"]).output

"""The Berita demo: three dozen articles over several months in every category (drafts, one scheduled for
tomorrow, one archived) with small generated covers, current and past announcements (one with a PDF) and
the standard information pages; seeding twice adds nothing."""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import func, or_, select

from webapp.core import demo as core_demo
from webapp.core.models import Region
from webapp.core.scoping import region_context
from webapp.core.uploads import open_upload, upload_path
from webapp.extensions import db
from webapp.modules.berita import markup
from webapp.modules.berita.articles import as_utc
from webapp.modules.berita.demo import seed_demo
from webapp.modules.berita.models import Announcement, Article, ArticleRevision, Category, InfoPage, Status
from webapp.modules.berita.views_pages import missing_standard_pages


@pytest.fixture
def demo_region(app, tmp_path, monkeypatch):
    """Kota Tangerang with the foundation demo's OPD and editor, then the Berita demo (timed)."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/"):
        region = core_demo.ensure_region(**dict(core_demo.TANGERANG, modules=["berita"]))
        with region_context(region):
            departments = {slug: core_demo.ensure_department(slug, name, short)
                           for slug, name, short in core_demo.DEPARTMENTS}
            db.session.flush()
            editor = next(a for a in core_demo.ACCOUNTS if a.email == "editor@demo.serambi.id")
            core_demo.ensure_user(editor, "demo-sandi-123", region, None)
            db.session.commit()
            seed_demo(region)
            db.session.commit()
            yield region, departments


def count(model) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


def articles() -> list[Article]:
    return list(db.session.execute(select(Article).order_by(Article.id)).scalars())


def test_dozens_of_articles_across_categories_offices_and_months(demo_region):
    region, _ = demo_region
    rows = articles()
    assert len(rows) >= 30
    assert len({a.category_id for a in rows}) >= 5
    assert count(Category) == 9
    assert all(a.department_id for a in rows)
    assert len({a.department_id for a in rows}) >= 8
    tz = ZoneInfo(region.timezone)
    months = {as_utc(a.publish_at).astimezone(tz).strftime("%Y-%m") for a in rows if a.status == Status.PUBLISHED}
    assert len(months) >= 3  # the monthly archive has something to show
    assert all(a.tags and a.summary for a in rows)


def test_only_published_articles_are_public_and_the_scheduled_one_appears_tomorrow_at_nine(demo_region):
    region, _ = demo_region
    now = datetime.now(timezone.utc)
    public = set(db.session.execute(select(Article.slug).where(Article.public(now))).scalars())
    by_status = Counter(a.status for a in articles())
    assert by_status[Status.DRAFT] == 2 and by_status[Status.SCHEDULED] == 1 and by_status[Status.ARCHIVED] == 1
    assert len(public) == by_status[Status.PUBLISHED] >= 30
    hidden = [a for a in articles() if a.status != Status.PUBLISHED]
    assert not {a.slug for a in hidden} & public
    scheduled = next(a for a in hidden if a.status == Status.SCHEDULED)
    local = as_utc(scheduled.publish_at).astimezone(ZoneInfo(region.timezone))
    assert (local.hour, local.minute) == (9, 0)
    assert local.date() == now.astimezone(ZoneInfo(region.timezone)).date() + timedelta(days=1)
    later = as_utc(scheduled.publish_at) + timedelta(minutes=1)
    assert scheduled.slug in set(db.session.execute(select(Article.slug).where(Article.public(later))).scalars())
    assert all(a.publish_at is None for a in hidden if a.status == Status.DRAFT)


def test_bodies_are_markdown_with_headings_lists_and_links_rendered_safely(demo_region):
    for article in articles():
        words = len(markup.plain_text(article.body).split())
        assert 150 <= words <= 600, (article.slug, words)
        assert "\n## " in article.body and "\n- " in article.body and "](" in article.body
        assert "{" not in article.body  # every placeholder was filled in
        assert article.body_html == markup.to_html(article.body)
        assert "<h3>" in article.body_html and "<ul>" in article.body_html and "<a href=" in article.body_html
        assert "<script" not in article.body_html.lower()
        assert not re.search(r"\b(?:Bapak|Ibu|Pak|Bu) [A-Z]", article.body)  # offices speak, not named people
    bodies = [a.body.split("\n\n")[0] for a in articles()]
    assert len(set(bodies)) == len(bodies)


def test_two_thirds_have_small_generated_covers_with_honest_alt_text(demo_region):
    rows = articles()
    with_cover = [a for a in rows if a.cover]
    assert len(rows) * 0.55 <= len(with_cover) <= len(rows) * 0.75
    paths = set()
    for article in with_cover:
        assert article.cover_alt.startswith("Ilustrasi:") and article.credit and article.caption
        assert [v["type"] for v in article.cover] == ["image/webp", "image/webp", "image/jpeg"]
        phone = article.cover[0]
        assert (phone["width"], phone["height"]) == (480, 270)
        assert upload_path(phone["path"]).stat().st_size <= 40 * 1024
        for variant in article.cover:
            assert upload_path(variant["path"]).is_file()
            paths.add(variant["path"])
        with open_upload(article.cover[-1]["path"]) as fh, Image.open(fh) as picture:
            assert picture.size == (1200, 675)
    assert len(paths) == 3 * len(with_cover)  # each article owns its files
    assert all(a.cover_alt is None and a.credit is None for a in rows if not a.cover)


def test_every_article_has_its_first_revision(demo_region):
    rows = articles()
    revisions = {r.article_id: r for r in db.session.execute(select(ArticleRevision)).scalars()}
    assert set(revisions) == {a.id for a in rows}
    for article in rows:
        revision = revisions[article.id]
        assert (revision.title, revision.body, revision.status) == (article.title, article.body, article.status)
        assert revision.saved_by is not None and revision.saved_by.email == "editor@demo.serambi.id"


def test_announcements_are_current_expired_and_upcoming_one_with_a_pdf(demo_region):
    now = datetime.now(timezone.utc)
    items = list(db.session.execute(select(Announcement)).scalars())
    current = [a for a in items if as_utc(a.starts_at) <= now and (a.expires_at is None or as_utc(a.expires_at) > now)]
    expired = [a for a in items if a.expires_at is not None and as_utc(a.expires_at) <= now]
    upcoming = [a for a in items if as_utc(a.starts_at) > now]
    assert (len(current), len(expired), len(upcoming)) == (4, 2, 1)
    assert all(a.published and a.body_html and "<script" not in a.body_html for a in items)
    with_pdf = [a for a in items if a.attachment]
    assert len(with_pdf) == 1 and with_pdf[0] in current
    pdf = with_pdf[0]
    data = upload_path(pdf.attachment).read_bytes()
    assert pdf.attachment_size == len(data) and pdf.attachment_name.endswith(".pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    # the cross-reference table points at each object, as a PDF reader expects
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[start:start + 4] == b"xref"
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data)]
    assert [data[o:].split(b"\n", 1)[0] for o in offsets] == [b"%d 0 obj" % n for n in range(1, len(offsets) + 1)]
    assert b"Jadwal Pemadaman" in data


def test_the_standard_information_pages_are_filled_in(demo_region):
    pages = list(db.session.execute(select(InfoPage).order_by(InfoPage.position)).scalars())
    assert [p.slug for p in pages] == ["tentang", "layanan", "privasi", "ketentuan"]
    assert not missing_standard_pages()  # the admin's "create the standard pages" has nothing left to add
    assert all(p.published and "<h3>" in p.body_html and "<script" not in p.body_html for p in pages)
    assert all("[" not in markup.plain_text(p.body) for p in pages)  # no blanks left to fill in
    assert pages[0].title == "Tentang Kota Tangerang"


def test_seeding_again_adds_nothing(demo_region):
    region, _ = demo_region
    models = (Category, Article, ArticleRevision, Announcement, InfoPage)
    before = [count(m) for m in models]
    files = sorted(p for p in upload_path("tangerang").rglob("*") if p.is_file())
    seed_demo(region)
    db.session.commit()
    assert [count(m) for m in models] == before
    assert sorted(p for p in upload_path("tangerang").rglob("*") if p.is_file()) == files


def test_seeding_fills_in_only_what_is_missing(demo_region):
    region, _ = demo_region
    gone = db.session.execute(select(Article).where(Article.cover.is_(None)).limit(1)).scalar_one()
    slug = gone.slug
    db.session.execute(ArticleRevision.__table__.delete().where(ArticleRevision.article_id == gone.id))
    db.session.delete(gone)
    renamed = db.session.execute(select(Category).where(Category.slug == "olahraga")).scalar_one()
    renamed.name = "Olahraga & Rekreasi"
    db.session.commit()
    total = count(Article)
    seed_demo(region)
    db.session.commit()
    assert count(Article) == total + 1
    assert db.session.execute(select(Article.id).where(Article.slug == slug)).first() is not None
    assert db.session.get(Category, renamed.id).name == "Olahraga & Rekreasi"  # an editor's change is kept


def test_the_foundation_seed_runs_the_berita_demo_in_its_region_only(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.test_request_context("/"):
        core_demo.seed(password="demo-sandi-123", second_region=True)
        db.session.commit()
        regions = {r.slug: r for r in db.session.execute(select(Region)).scalars()}
        with region_context(regions["tangerang"]):
            assert regions["tangerang"].module_enabled("berita")
            assert count(Article) >= 30 and count(Announcement) == 7
            assert db.session.execute(select(Article.id).where(or_(Article.department_id.is_(None)))).first() is None
        with region_context(regions["bogor"]):
            assert count(Article) == 0 and count(Announcement) == 0

"""The editors' pages: who may write news, drafts, publishing now or at a time, archiving, addresses,
revisions, preview, sanitising, cover pictures, double submits and categories."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from flask import g
from PIL import Image
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tests.core.test_roles import quick_user, sign_in
from tests.modules.berita.test_markup import executable_parts
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.berita.models import Article, ArticleRevision, Category, Status

EN = {"Accept-Language": "en"}


@pytest.fixture
def newsroom(app, make_region, make_department, tmp_path, monkeypatch):
    """A region with news on, an office, an editor of that office and a region admin; uploads in tmp_path."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["berita", "kontak"])
    office = make_department(region, name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    g.region = region
    return {
        "region": region,
        "office": office,
        "editor": quick_user(region, role=Role.EDITOR, department=office, name="Rina Redaktur"),
        "admin": quick_user(region, role=Role.REGION_ADMIN, name="Admin Kota"),
        "uploads": tmp_path,
    }


def articles_in_db() -> list[Article]:
    db.session.expire_all()
    return list(db.session.execute(select(Article).order_by(Article.id)).scalars())


def revisions_of(article: Article) -> list[ArticleRevision]:
    query = select(ArticleRevision).where(ArticleRevision.article_id == article.id).order_by(ArticleRevision.id)
    return list(db.session.execute(query).scalars())


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


def form_of(client, url: str = "/staf/berita/baru") -> dict:
    """What the article form at `url` sends untouched: CSRF token, one-time key (new articles), chosen office."""
    page = client.get(url, headers=EN)
    assert page.status_code == 200
    hidden = {"csrf_token": csrf_from(page)}
    key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data)
    if key:
        hidden["idempotency_key"] = key.group(1).decode()
    office = re.search(rb'name="department_id">.*?<option selected value="([^"]*)"', page.data, re.S)
    if office:
        hidden["department_id"] = office.group(1).decode()
    return hidden


def save(client, data: dict, url: str = "/staf/berita/baru", hidden: dict | None = None):
    """Post the article form with sensible defaults for anything `data` leaves out."""
    fields = {"title": "Jalan Ciledug Raya selesai diperbaiki", "body": "Perbaikan jalan **selesai** hari ini.",
              "publishing": "draft", **(hidden or form_of(client, url)), **data}
    return client.post(url, data=fields, headers=EN, content_type="multipart/form-data")


def jpeg(size=(1600, 1200)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "#2a7ab0").save(out, "JPEG", quality=85)
    out.seek(0)
    return out


def local_tomorrow(region, hour=9):
    day = (datetime.now(ZoneInfo(region.timezone)) + timedelta(days=1)).date()
    return day, f"{hour:02d}:00"


# Who may write

@pytest.mark.parametrize("url", ["/staf/berita/", "/staf/berita/baru", "/staf/berita/kategori"])
@pytest.mark.parametrize("person, expected", [
    ("anonymous", 302), ("citizen", 403), (Role.DEPARTMENT_OFFICER, 403), (Role.PRICE_OFFICER, 403),
    (Role.EDITOR, 200), (Role.REGION_ADMIN, 200),
])
def test_only_editors_and_region_admins_open_the_editors_pages(client, newsroom, url, person, expected):
    if person != "anonymous":
        user = quick_user(newsroom["region"], role=None if person == "citizen" else person,
                          department=newsroom["office"] if person == Role.DEPARTMENT_OFFICER else None)
        sign_in(client, user)
    response = client.get(url, headers=EN)
    assert response.status_code == expected
    if person == "anonymous":
        assert response.headers["Location"].startswith("/masuk")


def test_a_citizen_cannot_post_an_article(client, newsroom):
    sign_in(client, quick_user(newsroom["region"], name="Warga"))
    response = client.post("/staf/berita/baru", data={"title": "Hoaks", "publishing": "publish"}, headers=EN)
    assert response.status_code in (400, 403)
    assert articles_in_db() == []


def test_an_editor_of_another_region_gets_404_for_our_articles_and_changes_nothing(
        app, client, newsroom, make_region, monkeypatch):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Berita Tangerang", "publishing": "publish"})
    ours = articles_in_db()[0]
    other = make_region("depok", hosts=["depok.test"], name="Kota Depok", modules=["berita"])
    stranger = quick_user(other, role=Role.EDITOR, name="Editor Depok")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the region check is under test, not CSRF
    sign_in(client, stranger, host="depok.test")
    there = {"base_url": "http://depok.test", "headers": EN}
    for url in (f"/staf/berita/{ours.id}", f"/staf/berita/{ours.id}/pratinjau", f"/staf/berita/{ours.id}/revisi"):
        assert client.get(url, **there).status_code == 404
    posted = client.post(f"/staf/berita/{ours.id}", data={"title": "Dibajak", "publishing": "draft"}, **there)
    assert posted.status_code == 404
    assert b"Berita Tangerang" not in client.get("/staf/berita/", **there).data
    # and on our host their account is not signed in at all
    sign_in(client, stranger)
    assert client.post(f"/staf/berita/{ours.id}", data={"title": "Dibajak", "publishing": "draft"},
                       headers=EN).status_code in (302, 403)
    [article] = articles_in_db()
    assert (article.title, article.status) == ("Berita Tangerang", Status.PUBLISHED)


# Drafts, publishing, scheduling, archiving

def test_a_draft_is_saved_with_its_address_office_and_first_revision_and_is_not_public(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"tags": "Jalan, Ciledug , jalan"})
    [article] = articles_in_db()
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staf/berita/{article.id}")
    assert article.status == Status.DRAFT and article.publish_at is None
    assert article.slug == "jalan-ciledug-raya-selesai-diperbaiki"
    assert article.department_id == newsroom["office"].id  # the editor's own office by default
    assert article.tags == ["jalan", "ciledug"]
    assert "<strong>selesai</strong>" in article.body_html
    assert [r.title for r in revisions_of(article)] == [article.title]
    now = datetime.now(timezone.utc)
    assert db.session.execute(select(Article).where(Article.public(now))).first() is None
    page = client.get("/staf/berita/?status=draft", headers=EN)
    assert b"Jalan Ciledug Raya selesai diperbaiki" in page.data and b"Draft" in page.data


def test_publish_now_makes_the_article_public_at_once(client, newsroom):
    sign_in(client, newsroom["admin"])
    save(client, {"publishing": "publish"})
    [article] = articles_in_db()
    now = datetime.now(timezone.utc)
    assert article.status == Status.PUBLISHED
    assert db.session.execute(select(Article.id).where(Article.public(now))).scalar_one() == article.id
    assert b"Published" in client.get(f"/staf/berita/{article.id}", headers=EN).data


def test_scheduling_stores_the_regions_local_time_as_utc_and_says_when(client, newsroom):
    sign_in(client, newsroom["editor"])
    day, clock = local_tomorrow(newsroom["region"], hour=9)
    response = save(client, {"publishing": "schedule", "publish_date": day.isoformat(), "publish_time": clock})
    assert response.status_code == 303
    [article] = articles_in_db()
    expected = datetime(day.year, day.month, day.day, 2, 0, tzinfo=timezone.utc)  # 09:00 WIB = 02:00 UTC
    assert article.status == Status.SCHEDULED
    assert article.publish_at.replace(tzinfo=timezone.utc) == expected
    listing = client.get("/staf/berita/", headers=EN).data.decode()
    assert "Scheduled for" in listing and "9:00" in listing
    form = client.get(f"/staf/berita/{article.id}", headers=EN).data.decode()
    assert f'value="{day.isoformat()}"' in form and 'value="09:00"' in form


def test_scheduling_in_the_past_is_refused_and_nothing_is_saved(client, newsroom):
    sign_in(client, newsroom["editor"])
    yesterday = (datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(days=1)).date()
    response = save(client, {"title": "Pengumuman lelang", "body": "Isi yang diketik panjang.",
                             "publishing": "schedule", "publish_date": yesterday.isoformat(), "publish_time": "09:00"})
    assert response.status_code == 422
    assert b"That time has already passed" in response.data
    assert b"Pengumuman lelang" in response.data and b"Isi yang diketik panjang." in response.data
    assert articles_in_db() == []


def test_scheduling_without_a_time_is_refused(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"publishing": "schedule", "publish_date": "", "publish_time": ""})
    assert response.status_code == 422 and b"Please give the date and the time" in response.data
    assert articles_in_db() == []


def test_a_published_article_can_be_archived_but_a_draft_cannot(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"publishing": "publish"})
    [article] = articles_in_db()
    url = f"/staf/berita/{article.id}"
    assert save(client, {"publishing": "archive"}, url=url).status_code == 303
    [article] = articles_in_db()
    assert article.status == Status.ARCHIVED
    assert db.session.execute(select(Article).where(Article.public(datetime.now(timezone.utc)))).first() is None

    save(client, {"title": "Masih draf"})
    draft = articles_in_db()[-1]
    refused = save(client, {"title": "Masih draf", "publishing": "archive"}, url=f"/staf/berita/{draft.id}")
    assert refused.status_code == 422 and b"Only a published article can be archived" in refused.data
    assert articles_in_db()[-1].status == Status.DRAFT


def test_publishing_without_text_is_refused(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"body": "", "publishing": "publish"})
    assert response.status_code == 422 and b"write the article" in response.data
    assert articles_in_db() == []


# Addresses

def test_a_typed_address_already_used_is_refused_keeping_everything_typed(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"slug": "banjir-surut"})
    response = save(client, {"title": "Judul kedua", "slug": "banjir-surut", "body": "Teks kedua yang diketik.",
                             "caption": "Keterangan foto"})
    assert response.status_code == 422
    assert "Another article already uses the address “banjir-surut”" in response.data.decode()
    for typed in (b"Judul kedua", b"Teks kedua yang diketik.", b"Keterangan foto"):
        assert typed in response.data
    assert len(articles_in_db()) == 1


def test_an_address_made_from_a_title_already_used_gets_a_number(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Banjir surut"})
    save(client, {"title": "Banjir surut"})
    assert [a.slug for a in articles_in_db()] == ["banjir-surut", "banjir-surut-2"]


@pytest.mark.parametrize("slug", ["arsip", "pengumuman", "feed.xml", "Kategori", "gambar", "info"])
def test_addresses_of_the_news_sections_own_pages_are_refused(client, newsroom, slug):
    sign_in(client, newsroom["editor"])
    response = save(client, {"slug": slug})
    assert response.status_code == 422 and b"another page of the news section" in response.data
    assert articles_in_db() == []


def test_a_title_that_is_a_reserved_word_gets_a_free_address(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Info"})
    assert articles_in_db()[0].slug == "info-2"


# Revisions

def test_edits_keep_revisions_and_an_old_version_can_be_restored(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Versi satu", "body": "Teks pertama."})
    [article] = articles_in_db()
    url = f"/staf/berita/{article.id}"
    save(client, {"title": "Versi dua", "body": "Teks kedua."}, url=url)
    save(client, {"title": "Versi dua", "body": "Teks kedua."}, url=url)  # no change: no new revision
    history = revisions_of(article)
    assert [r.title for r in history] == ["Versi satu", "Versi dua"]

    listing = client.get(f"{url}/revisi", headers=EN).data.decode()
    assert "Versi satu" in listing and "Versi dua" in listing and "Rina Redaktur" in listing
    first = history[0]
    shown = client.get(f"{url}/revisi/{first.id}", headers=EN)
    assert b"Teks pertama." in shown.data
    restored = client.post(f"{url}/revisi/{first.id}/pulihkan", data={"csrf_token": csrf_from(shown)}, headers=EN)
    assert restored.status_code == 303
    [article] = articles_in_db()
    assert (article.title, article.body) == ("Versi satu", "Teks pertama.")
    assert "Teks pertama." in article.body_html
    assert [r.title for r in revisions_of(article)] == ["Versi satu", "Versi dua", "Versi satu"]


def test_restoring_needs_a_post_with_a_token(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Versi satu"})
    [article] = articles_in_db()
    [revision] = revisions_of(article)
    assert client.get(f"/staf/berita/{article.id}/revisi/{revision.id}/pulihkan").status_code == 405
    assert client.post(f"/staf/berita/{article.id}/revisi/{revision.id}/pulihkan", headers=EN).status_code == 400


# Preview

def test_preview_shows_a_draft_to_editors_only_and_is_not_indexed(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Rahasia sebelum terbit", "body": "## Subjudul\n\nIsi berita."})
    [article] = articles_in_db()
    url = f"/staf/berita/{article.id}/pratinjau"
    page = client.get(url, headers=EN)
    html = page.data.decode()
    assert page.status_code == 200
    assert "Preview — not published." in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert "<h3>Subjudul</h3>" in html and "Rahasia sebelum terbit" in html
    assert page.headers["X-Robots-Tag"].startswith("noindex")

    client.get("/keluar")
    with client.session_transaction() as session:
        session.clear()
    assert client.get(url, headers=EN).status_code == 302
    sign_in(client, quick_user(newsroom["region"], name="Warga"))
    assert client.get(url, headers=EN).status_code == 403
    assert client.get(f"/berita/{article.slug}", headers=EN).status_code == 404  # not public either


# Sanitising

def test_unsafe_markup_in_the_body_is_stored_sanitised(client, newsroom):
    sign_in(client, newsroom["editor"])
    body = ('Halo <script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
            '[klik](javascript:alert(1)) <iframe src="https://evil.example"></iframe>')
    save(client, {"body": body, "publishing": "publish"})
    [article] = articles_in_db()
    assert article.body == body  # the editor's text is kept as typed
    assert executable_parts(article.body_html) == []
    assert "&lt;script&gt;" in article.body_html  # shown as the text it is
    preview = client.get(f"/staf/berita/{article.id}/pratinjau", headers=EN).data.decode()
    start = preview.index('<div class="prose">') + len('<div class="prose">')
    shown = preview[start:preview.index("</div>", start)]
    assert executable_parts(shown) == []


# Covers

def test_a_cover_upload_becomes_small_variants_and_replacing_it_removes_the_old_files(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"cover": (jpeg(), "sampul.jpg"), "cover_alt": "Jalan yang baru diaspal",
                             "caption": "Jalan Ciledug Raya", "credit": "Diskominfo"})
    assert response.status_code == 303
    [article] = articles_in_db()
    assert [(v["type"], v["width"]) for v in article.cover] == [("image/webp", 480), ("image/webp", 960),
                                                                ("image/jpeg", 1200)]
    first = stored_files(newsroom["uploads"])
    assert len(first) == 3
    image = client.get(f"/staf/berita/{article.id}/gambar/{article.cover[0]['path']}")
    assert image.status_code == 200 and image.mimetype == "image/webp"
    assert client.get(f"/staf/berita/{article.id}/gambar/tangerang/berita/nope.webp").status_code == 404

    url = f"/staf/berita/{article.id}"
    save(client, {"cover": (jpeg((1200, 900)), "baru.jpg"), "cover_alt": "Foto baru"}, url=url)
    second = stored_files(newsroom["uploads"])
    assert len(second) == 3 and not set(first) & set(second)

    save(client, {"remove_cover": "y", "cover_alt": ""}, url=url)
    [article] = articles_in_db()
    assert article.cover is None and stored_files(newsroom["uploads"]) == []


def test_a_cover_without_a_description_is_refused_and_leaves_no_files(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"cover": (jpeg(), "sampul.jpg"), "cover_alt": ""})
    assert response.status_code == 422
    assert b"describe the picture" in response.data and b"choose the picture again" in response.data
    assert articles_in_db() == [] and stored_files(newsroom["uploads"]) == []


def test_a_cover_that_passes_while_another_field_fails_leaves_no_files(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"slug": "dipakai"})
    response = save(client, {"slug": "dipakai", "cover": (jpeg(), "sampul.jpg"), "cover_alt": "Foto"})
    assert response.status_code == 422
    assert len(articles_in_db()) == 1 and stored_files(newsroom["uploads"]) == []


def test_a_file_that_is_not_a_picture_is_refused_with_a_message(client, newsroom):
    sign_in(client, newsroom["editor"])
    response = save(client, {"cover": (io.BytesIO(b"%PDF-1.7 not a picture"), "foto.jpg"), "cover_alt": "Foto"})
    assert response.status_code == 422 and b"not a picture we can read" in response.data
    assert articles_in_db() == [] and stored_files(newsroom["uploads"]) == []


# Double submit

def test_a_double_tapped_create_makes_one_article(client, newsroom):
    sign_in(client, newsroom["editor"])
    hidden = form_of(client)
    first = save(client, {"title": "Sekali saja", "slug": "sekali-saja"}, hidden=hidden)
    second = save(client, {"title": "Sekali saja", "slug": "sekali-saja"}, hidden=hidden)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(articles_in_db()) == 1


# The list and the dashboard

def test_the_list_filters_by_status_and_shows_each_status_in_words(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Artikel draf"})
    save(client, {"title": "Artikel terbit", "publishing": "publish"})
    drafts = client.get("/staf/berita/?status=draft", headers=EN).data
    published = client.get("/staf/berita/?status=published", headers=EN).data
    assert b"Artikel draf" in drafts and b"Artikel terbit" not in drafts
    assert b"Artikel terbit" in published and b"Artikel draf" not in published
    everything = client.get("/staf/berita/", headers=EN).data.decode()
    assert everything.index("Artikel terbit") < everything.index("Artikel draf")  # last changed first
    assert "New article" in everything
    fragment = client.get("/staf/berita/?status=draft", headers={**EN, "HX-Request": "true"})
    assert b"Artikel draf" in fragment.data and b"<html" not in fragment.data  # htmx swaps the list alone


def test_too_many_or_too_long_tags_and_a_long_summary_are_refused_with_everything_kept(client, newsroom):
    sign_in(client, newsroom["editor"])
    many = ", ".join(f"tag{n}" for n in range(11))
    response = save(client, {"title": "Banyak tag", "tags": many})
    assert response.status_code == 422 and b"at most 10 tags" in response.data and b"tag10" in response.data
    long_tag = save(client, {"tags": "x" * 41})
    assert long_tag.status_code == 422 and b"at most 40 characters" in long_tag.data
    long_summary = save(client, {"summary": "r" * 301})
    assert long_summary.status_code == 422 and b"r" * 301 in long_summary.data
    assert articles_in_db() == []


def test_the_staff_dashboard_counts_drafts_and_scheduled_articles_for_editors(client, newsroom):
    sign_in(client, newsroom["editor"])
    save(client, {"title": "Draf satu"})
    day, clock = local_tomorrow(newsroom["region"])
    save(client, {"title": "Terjadwal", "publishing": "schedule", "publish_date": day.isoformat(),
                  "publish_time": clock})
    page = client.get("/staf/", headers=EN).data.decode()
    assert "1 draft" in page and "1 article scheduled" in page
    sign_in(client, quick_user(newsroom["region"], role=Role.PRICE_OFFICER))
    assert "1 draft" not in client.get("/staf/", headers=EN).data.decode()


# Categories

def test_categories_are_added_renamed_reordered_and_deleted_only_when_unused(client, newsroom):
    sign_in(client, newsroom["editor"])
    page = client.get("/staf/berita/kategori", headers=EN)
    for name in ("Pemerintahan", "Kesehatan"):
        key = re.search(rb'name="idempotency_key" type="hidden" value="([^"]+)"', page.data).group(1).decode()
        added = client.post("/staf/berita/kategori", data={"name": name, "csrf_token": csrf_from(page),
                                                           "idempotency_key": key}, headers=EN)
        assert added.status_code == 303
        page = client.get("/staf/berita/kategori", headers=EN)
    token = csrf_from(page)
    duplicate = client.post("/staf/berita/kategori", data={"name": "kesehatan", "csrf_token": token}, headers=EN)
    assert duplicate.status_code == 422 and b"Another category already has this name" in duplicate.data

    def rows():
        db.session.expire_all()
        return list(db.session.execute(select(Category).order_by(Category.position)).scalars())

    pemerintahan, kesehatan = rows()
    assert pemerintahan.slug == "pemerintahan"
    client.post(f"/staf/berita/kategori/{kesehatan.id}/pindah", data={"arah": "naik", "csrf_token": token})
    assert [c.name for c in rows()] == ["Kesehatan", "Pemerintahan"]
    client.post(f"/staf/berita/kategori/{pemerintahan.id}", data={f"c{pemerintahan.id}-name": "Pemerintahan Kota",
                                                                 "csrf_token": token})
    assert [(c.name, c.slug) for c in rows()] == [("Kesehatan", "kesehatan"), ("Pemerintahan Kota", "pemerintahan")]

    save(client, {"title": "Vaksinasi", "category_id": str(kesehatan.id)})
    refused = client.post(f"/staf/berita/kategori/{kesehatan.id}/hapus", data={"csrf_token": token}, headers=EN)
    assert refused.status_code == 409 and b"cannot be deleted: 1 article uses it" in refused.data
    assert client.post(f"/staf/berita/kategori/{pemerintahan.id}/hapus", data={"csrf_token": token},
                       headers=EN).status_code == 303
    assert [c.name for c in rows()] == ["Kesehatan"]


def test_a_category_of_another_region_cannot_be_chosen(client, newsroom, make_region):
    other = make_region("depok", hosts=["depok.test"], modules=["berita"])
    foreign = Category(region_id=other.id, slug="asing", name="Asing")
    db.session.add(foreign)
    db.session.commit()
    sign_in(client, newsroom["editor"])
    response = save(client, {"category_id": str(foreign.id)})
    assert response.status_code == 422
    assert articles_in_db() == []
    assert db.session.execute(select(func.count()).select_from(Article)
                              .execution_options(all_regions=True)).scalar_one() == 0

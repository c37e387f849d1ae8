"""Berita's open data: /api/v1/news (published articles only, filters, cursor pages, caching), one article
with its sanitised body, and /api/v1/announcements (current ones, or expired ones) — only the region's own,
only where the module is on, never an editor's name or a draft."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import partial
from urllib.parse import urlsplit

import pytest
from flask import g

from tests.api_helpers import EN, schema_conforms
from tests.api_helpers import fetch as get
from tests.modules.berita import test_public
from webapp.core.models import Role
from webapp.extensions import db
from webapp.modules.berita import api, markup, module
from webapp.modules.berita.models import Announcement, Category, Status

news = test_public.news  # the fixture: Kota Tangerang with Berita on, uploads in a temporary folder
add_article = test_public.add_article
conforms = partial(schema_conforms, api)  # conforms(name, body): the module's OpenAPI schema `name`, formats too


def slugs(client, path) -> list[str]:
    response = get(client, path)
    assert response.status_code == 200, response.get_data(as_text=True)
    conforms("BeritaArticlePage", response.json)
    return [item["slug"] for item in response.json["items"]]


def category(name: str) -> Category:
    row = Category(slug=test_public.slugify(name), name=name)
    db.session.add(row)
    db.session.commit()
    return row


def announce(title: str, starts: timedelta = timedelta(hours=-1), expires: timedelta | None = None,
             published: bool = True, **fields) -> Announcement:
    now = datetime.now(timezone.utc)
    body = fields.pop("body", "Harap **membawa** KTP.")
    row = Announcement(title=title, body=body, body_html=markup.to_html(body), starts_at=now + starts,
                       expires_at=now + expires if expires is not None else None, published=published, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def bad(client, path, parameter):
    response = get(client, path)
    assert response.status_code == 400, (path, response.get_data(as_text=True))
    conforms("Error", response.json)
    assert response.json["error"]["parameter"] == parameter


# News

def test_only_published_articles_are_listed_newest_first(client, news):
    add_article("Pasar murah di Cibodas", ago=timedelta(days=2))
    add_article("Jembatan Cisadane dibuka", ago=timedelta(hours=3))
    add_article("Jadwal vaksinasi", ago=timedelta(hours=5), status=Status.SCHEDULED)
    add_article("Rancangan belum selesai", status=Status.DRAFT)
    add_article("Besok pagi terbit", ago=-timedelta(hours=12), status=Status.SCHEDULED)
    add_article("Berita lama diarsipkan", ago=timedelta(days=9), status=Status.ARCHIVED)
    assert slugs(client, "/api/v1/news") == ["jembatan-cisadane-dibuka", "jadwal-vaksinasi", "pasar-murah-di-cibodas"]


def test_an_item_tells_what_the_article_page_shows_and_no_editor(client, news, make_department, make_user):
    office = make_department(news, "Dinas Komunikasi dan Informatika", slug="diskominfo")
    editor = make_user(news, role=Role.EDITOR, department=office, name="Rina Redaktur", email="rina@example.id")
    roads = category("Infrastruktur")
    article = add_article("Jembatan Cisadane dibuka", summary="Jembatan baru menghubungkan dua kecamatan.",
                          category_id=roads.id, department_id=office.id, tags=["jembatan", "cisadane"],
                          created_by_id=editor.id, updated_by_id=editor.id, cover=test_public.add_cover(),
                          cover_alt="Jembatan dari udara", credit="Foto: Diskominfo")
    response = get(client, "/api/v1/news")
    item = response.json["items"][0]
    assert item["id"] == article.id and item["title"] == "Jembatan Cisadane dibuka"
    assert item["url"] == "http://localhost/berita/jembatan-cisadane-dibuka"
    assert item["summary"] == "Jembatan baru menghubungkan dua kecamatan."
    assert item["category"] == {"slug": "infrastruktur", "name": "Infrastruktur"}
    assert item["department"] == "Dinas Komunikasi dan Informatika" and item["tags"] == ["jembatan", "cisadane"]
    cover = item["cover"]
    assert cover["alt"] == "Jembatan dari udara" and cover["credit"] == "Foto: Diskominfo"
    assert [(i["width"], i["type"]) for i in cover["images"]] == [(480, "image/webp"), (960, "image/webp"),
                                                                  (1200, "image/jpeg")]
    assert client.get(urlsplit(cover["images"][-1]["url"]).path).status_code == 200
    assert "Rina" not in response.get_data(as_text=True) and "rina@" not in response.get_data(as_text=True)
    assert item["published_at"].endswith("Z") and item["updated_at"] >= item["published_at"]


def test_an_article_without_summary_gets_an_excerpt_and_no_cover(client, news):
    add_article("Banjir surut", body="Air di **Periuk** sudah surut pagi ini.")
    item = get(client, "/api/v1/news").json["items"][0]
    assert item["summary"] == "Air di Periuk sudah surut pagi ini." and item["cover"] is None
    assert item["category"] is None and item["department"] is None


def test_one_article_has_its_sanitised_body_as_html_and_text(client, news):
    body = "# Jadwal\n\nBawa **KTP**. <script>alert(1)</script> [situs](javascript:alert(1))"
    add_article("Vaksinasi massal", body=body)
    response = get(client, "/api/v1/news/vaksinasi-massal")
    assert response.status_code == 200
    conforms("BeritaArticleFull", response.json)
    article = response.json
    assert "<h2>Jadwal</h2>" in article["body_html"] and "<strong>KTP</strong>" in article["body_html"]
    assert "<script>" not in article["body_html"] and 'href="javascript' not in article["body_html"]
    assert article["body_text"].startswith("Jadwal Bawa KTP.") and article["archived"] is False
    assert get(client, "/api/v1/news/vaksinasi-massal", **{"If-None-Match": response.headers["ETag"]}).status_code \
        == 304
    assert get(client, "/api/v1/news/vaksinasi-massal",
               **{"If-Modified-Since": response.headers["Last-Modified"]}).status_code == 304


def test_archived_articles_stay_readable_but_drafts_and_future_ones_do_not(client, news):
    add_article("Berita lama", ago=timedelta(days=9), status=Status.ARCHIVED)
    add_article("Rancangan", status=Status.DRAFT)
    add_article("Besok terbit", ago=-timedelta(hours=2), status=Status.SCHEDULED)
    assert get(client, "/api/v1/news/berita-lama").json["archived"] is True
    for slug in ("rancangan", "besok-terbit", "tidak-ada", "x" * 300, "%00"):
        response = get(client, f"/api/v1/news/{slug}")
        assert response.status_code == 404 and response.json["error"]["code"] == 404, slug


def test_filters_by_category_words_and_day(client, news):
    roads = category("Infrastruktur")
    add_article("Jalan baru di Ciledug", category_id=roads.id, at=datetime(2025, 3, 31, 16, 30, tzinfo=timezone.utc))
    add_article("Festival budaya", body="Tari dan musik di alun-alun.",
                at=datetime(2025, 3, 31, 17, 30, tzinfo=timezone.utc))  # 1 April, 00:30 in Tangerang
    assert slugs(client, "/api/v1/news?category=infrastruktur") == ["jalan-baru-di-ciledug"]
    assert slugs(client, "/api/v1/news?q=musik") == ["festival-budaya"]
    assert slugs(client, "/api/v1/news?since=2025-04-01") == ["festival-budaya"]
    assert slugs(client, "/api/v1/news?since=2025-03-31&q=jalan") == ["jalan-baru-di-ciledug"]
    assert len(slugs(client, "/api/v1/news?category=&q=&since=")) == 2


def test_a_cursor_walk_visits_every_article_once_even_at_the_same_time(client, news):
    moment = datetime(2025, 6, 1, 3, 0, tzinfo=timezone.utc)
    made = [add_article(f"Berita nomor {n}", at=moment if n < 4 else moment + timedelta(hours=n)).slug
            for n in range(6)]
    seen, path = [], "/api/v1/news?limit=2"
    while path:
        body = get(client, path).json
        seen += [item["slug"] for item in body["items"]]
        path = None
        if body["next"]:
            parts = urlsplit(body["next"])
            path = f"{parts.path}?{parts.query}"
    assert seen == [made[5], made[4], made[3], made[2], made[1], made[0]]


def test_publishing_a_scheduled_article_at_its_time_changes_the_validators(client, news):
    add_article("Sudah terbit", ago=timedelta(days=2))
    article = add_article("Segera terbit", ago=-timedelta(hours=1), status=Status.SCHEDULED)
    first = get(client, "/api/v1/news")
    assert [i["slug"] for i in first.json["items"]] == ["sudah-terbit"]
    article.publish_at = datetime.now(timezone.utc) - timedelta(seconds=1)  # its time has come
    db.session.commit()
    for headers in ({"If-None-Match": first.headers["ETag"]}, {"If-Modified-Since": first.headers["Last-Modified"]}):
        again = get(client, "/api/v1/news", **headers)
        assert again.status_code == 200 and len(again.json["items"]) == 2


@pytest.mark.parametrize("query, parameter", [
    ("limit=0", "limit"), ("limit=1000", "limit"), ("cursor=abc", "cursor"), ("cursor=WyJ4IiwxXQ", "cursor"),
    ("category=tidak-ada", "category"), ("category=%00", "category"), ("q=a", "q"), ("q=" + "a" * 101, "q"),
    ("since=2025-02-30", "since"), ("since=kemarin", "since"),
])
def test_bad_news_parameters_are_400s_naming_the_parameter(client, news, query, parameter):
    bad(client, f"/api/v1/news?{query}", parameter)


@pytest.mark.parametrize("query", ["q=%F0%9F%92%A5%F0%9F%92%A5", "q=%25%25_%5C", "since=0001-01-01",
                                   "since=9999-12-31", "q=" + "é" * 100, "category=" + "x" * 5000])
def test_odd_but_harmless_input_never_breaks_the_list(client, news, query):
    add_article("Berita biasa")
    assert get(client, f"/api/v1/news?{query}").status_code in (200, 400)


# Announcements

def test_current_announcements_newest_first_and_expired_ones_on_request(client, news):
    office_pdf = ("tangerang/pengumuman/surat.pdf", "surat edaran.pdf", 2048)
    older = announce("Pemadaman listrik", starts=timedelta(days=-2))
    newer = announce("Vaksinasi gratis", starts=timedelta(hours=-1), expires=timedelta(days=3))
    newer.attachment, newer.attachment_name, newer.attachment_size = office_pdf
    db.session.commit()
    expired = announce("Penutupan jalan", starts=timedelta(days=-5), expires=timedelta(days=-1))
    announce("Belum mulai", starts=timedelta(days=1))
    announce("Belum terbit", published=False)
    response = get(client, "/api/v1/announcements")
    assert response.status_code == 200
    conforms("BeritaAnnouncementPage", response.json)
    listed = response.json["items"]
    assert [a["id"] for a in listed] == [newer.id, older.id]
    first = listed[0]
    assert first["url"] == f"http://localhost/berita/pengumuman/{newer.id}" and first["state"] == "current"
    assert first["body_html"].strip() == "<p>Harap <strong>membawa</strong> KTP.</p>"
    assert first["body_text"] == "Harap membawa KTP."
    assert first["attachment"] == {"url": f"http://localhost/berita/pengumuman/{newer.id}/lampiran.pdf",
                                   "name": "surat edaran.pdf", "size": 2048}
    assert first["expires_at"] and listed[1]["expires_at"] is None and listed[1]["attachment"] is None
    gone = get(client, "/api/v1/announcements?state=expired").json["items"]
    assert [(a["id"], a["state"]) for a in gone] == [(expired.id, "expired")]
    assert get(client, "/api/v1/announcements", **{"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_announcements_are_paged_and_bad_parameters_named(client, news):
    made = [announce(f"Pengumuman {n}", starts=timedelta(hours=-1 - n)).id for n in range(3)]
    first = get(client, "/api/v1/announcements?limit=2").json
    assert [a["id"] for a in first["items"]] == made[:2] and first["next_cursor"]
    rest = get(client, f"/api/v1/announcements?limit=2&cursor={first['next_cursor']}").json
    assert [a["id"] for a in rest["items"]] == made[2:] and rest["next"] is None
    bad(client, "/api/v1/announcements?state=semua", "state")
    bad(client, "/api/v1/announcements?limit=-1", "limit")
    bad(client, "/api/v1/announcements?cursor=%%%", "cursor")


# Regions and modules

def test_each_region_sees_only_its_own_news(client, news, make_region):
    add_article("Berita Tangerang")
    announce("Pengumuman Tangerang")
    other = make_region("serang", hosts=["serang.test"], modules=["berita"])
    g.region = other
    add_article("Berita Serang")
    g.region = news
    assert [i["title"] for i in client.get("/api/v1/news", base_url="http://serang.test", headers=EN).json[
        "items"]] == ["Berita Serang"]
    assert client.get("/api/v1/announcements", base_url="http://serang.test", headers=EN).json["items"] == []
    assert client.get("/api/v1/news/berita-tangerang", base_url="http://serang.test").status_code == 404
    assert slugs(client, "/api/v1/news") == ["berita-tangerang"]


def test_a_region_without_berita_answers_404_in_json(client, make_region):
    make_region("serang", hosts=["serang.test"], modules=["kontak"])
    for path in ("/api/v1/news", "/api/v1/news/apa-saja", "/api/v1/announcements"):
        response = client.get(path, base_url="http://serang.test", headers=EN)
        assert response.status_code == 404 and response.json["error"]["code"] == 404, path


def test_the_module_declares_its_data_sets_and_their_examples_work(client, news):
    assert [d.slug for d in module.datasets] == ["news", "announcements"]
    for dataset in module.datasets:
        for path in dataset.examples:
            assert get(client, path).status_code == 200, path
    assert set(api.openapi()["paths"]) == {"/api/v1/news", "/api/v1/news/{slug}", "/api/v1/announcements"}
    assert all(name.startswith("Berita") for name in api.openapi()["schemas"])


def test_editors_are_named_nowhere(client, news, make_user):
    editor = make_user(news, role=Role.EDITOR, name="Rina Redaktur")
    add_article("Kabar kota", created_by_id=editor.id, updated_by_id=editor.id)
    announce("Pengumuman kota", created_by_id=editor.id)
    for path in ("/api/v1/news", "/api/v1/news/kabar-kota", "/api/v1/announcements"):
        assert "Rina" not in get(client, path).get_data(as_text=True)


"""Berita's part of /cari: public articles, announcements on show now and published information pages,
matched in any case in their title or text, linked to their public pages, and nothing else."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.modules.berita.test_public import add_article
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.berita.models import Announcement, InfoPage, Status
from webapp.modules.berita.search import search

NOW = datetime.now(timezone.utc)


@pytest.fixture
def news(app, make_region, in_region):
    return in_region(make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                                 modules=["berita", "kontak"]))


@pytest.fixture
def request_ctx(app):
    """url_for needs a request: one on the region's host."""
    with app.test_request_context("/", base_url="http://localhost", headers={"Accept-Language": "en"}):
        yield



def announcement(title: str, body: str = "", **fields) -> Announcement:
    fields.setdefault("starts_at", NOW - timedelta(days=1))
    row = Announcement(title=title, body=body, body_html=f"<p>{body}</p>", **fields)
    db.session.add(row)
    db.session.commit()
    return row


def info_page(title: str, slug: str, body: str = "", **fields) -> InfoPage:
    row = InfoPage(title=title, slug=slug, body=body, body_html=f"<p>{body}</p>", **fields)
    db.session.add(row)
    db.session.commit()
    return row


def test_finds_public_articles_by_title_summary_or_body_newest_first(news, request_ctx):
    add_article("Banjir surut di Periuk", ago=timedelta(hours=1))
    add_article("Kerja bakti", summary="Sebelum musim BANJIR", ago=timedelta(hours=2))
    add_article("Rapat kota", body="Penanganan banjir dibahas.", ago=timedelta(hours=3), slug="rapat-kota")
    add_article("Draf banjir", status=Status.DRAFT)
    add_article("Banjir besok", status=Status.SCHEDULED, ago=-timedelta(hours=3))
    add_article("Banjir lama", status=Status.ARCHIVED)
    add_article("Festival kuliner")

    hits = search("banjir", 10)

    assert [h.title for h in hits] == ["Banjir surut di Periuk", "Kerja bakti", "Rapat kota"]
    assert hits[2].url == "/berita/rapat-kota"
    assert hits[1].summary == "Sebelum musim BANJIR"
    assert hits[2].summary == "Penanganan banjir dibahas."
    assert str(hits[0].kind) == "News" and hits[0].when is not None


def test_finds_only_current_published_announcements(app, news, request_ctx):
    shown = announcement("Pemadaman listrik Jumat", "Pemadaman di Karawaci.", starts_at=NOW - timedelta(hours=1),
                         expires_at=NOW + timedelta(days=2))
    announcement("Pemadaman sudah lewat", expires_at=NOW - timedelta(hours=1))
    announcement("Pemadaman minggu depan", starts_at=NOW + timedelta(days=3))
    announcement("Pemadaman belum terbit", published=False)
    forever = announcement("Jam layanan", "Pemadaman tidak mengganggu layanan.")  # no expiry

    hits = search("pemadaman", 10)

    assert [h.title for h in hits] == ["Pemadaman listrik Jumat", "Jam layanan"]  # newest first
    assert hits[0].url == f"/berita/pengumuman/{shown.id}" and hits[1].url == f"/berita/pengumuman/{forever.id}"
    assert str(hits[0].kind) == "Announcement"


def test_finds_published_information_pages(app, news, request_ctx):
    info_page("Tentang Kota Tangerang", "tentang", "Sejarah dan layanan kota.")
    info_page("Layanan kota (draf)", "draf-layanan", "Daftar layanan.", published=False)

    hits = search("LAYANAN", 10)

    assert [(h.title, h.url) for h in hits] == [("Tentang Kota Tangerang", "/berita/info/tentang")]
    assert str(hits[0].kind) == "Information page"


def test_announcements_and_pages_come_before_news_within_the_limit(app, news, request_ctx):
    for n in range(4):
        add_article(f"Vaksinasi tahap {n}", ago=timedelta(hours=n + 1))
    announcement("Vaksinasi massal Sabtu")
    info_page("Vaksinasi di puskesmas", "vaksinasi")

    hits = search("vaksinasi", 4)

    assert [h.title for h in hits] == ["Vaksinasi massal Sabtu", "Vaksinasi di puskesmas", "Vaksinasi tahap 0",
                                       "Vaksinasi tahap 1"]


@pytest.mark.parametrize("query", ["", " ", "b", "  b  "])
def test_a_too_short_query_finds_nothing(news, request_ctx, query):
    add_article("B")
    add_article("Banjir surut")
    assert search(query, 10) == []


def test_spaces_around_the_query_do_not_matter(news, request_ctx):
    add_article("Banjir surut")
    assert [h.title for h in search("  banjir  ", 10)] == ["Banjir surut"]


def test_wildcards_are_taken_literally(news, request_ctx):
    add_article("Diskon 50% di pasar murah")
    add_article("Diskon 50 ribu")
    assert [h.title for h in search("50%", 10)] == ["Diskon 50% di pasar murah"]
    assert [h.title for h in search("n_5", 10)] == []


def test_other_regions_are_never_found(news, make_region, request_ctx):
    add_article("Banjir di Tangerang")
    other = make_region("other", hosts=["other.test"], modules=["berita"])
    with region_context(other):
        add_article("Banjir di daerah lain")
        announcement("Banjir: posko daerah lain")
    assert [h.title for h in search("banjir", 10)] == ["Banjir di Tangerang"]


def test_site_search_lists_news_under_the_module(client, news):
    add_article("Banjir surut di Periuk")
    page = client.get("/cari?q=banjir", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert b'href="/berita/banjir-surut-di-periuk"' in page.data

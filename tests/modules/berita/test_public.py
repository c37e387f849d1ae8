"""Berita's public pages: the news list (order, keyset pagination, category filter, search, monthly archive in
the region's time zone), an article page (content, share links, Open Graph, canonical URL, related news),
cover images served only for readable articles, the home card, the data saver and region isolation.

`add_article` and `picture` are shared with the other test files of these pages.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html import unescape
from urllib.parse import quote, urlsplit

import pytest
from PIL import Image, ImageDraw

from webapp.core.models import Role
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.berita import covers, markup
from webapp.modules.berita.models import Article, Category, Status

EN = {"Accept-Language": "en"}
HTMX = {**EN, "HX-Request": "true"}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]


def add_article(title: str, *, ago: timedelta = timedelta(hours=1), at: datetime | None = None,
                status: str = Status.PUBLISHED, body: str | None = None, **fields) -> Article:
    """An article of the current region, published `ago` (or `at`) unless told otherwise."""
    body = body if body is not None else f"Isi berita tentang {title.lower()}."
    article = Article(slug=fields.pop("slug", None) or slugify(title), title=title, body=body,
                      body_html=markup.to_html(body), status=status,
                      publish_at=at if at is not None else datetime.now(timezone.utc) - ago, **fields)
    db.session.add(article)
    db.session.commit()
    return article


def picture(width: int = 1600, height: int = 900, seed: int = 1) -> Image.Image:
    """A photo-like picture: a sky gradient, a road and some detail, so encoders have work to do."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        shade = (80 + y * 100 // height, 140 + seed * 7 % 50, 230 - y * 120 // height)
        draw.rectangle((0, y, width, y + 4), fill=shade)
    for n in range(60):
        x, y = (n * 379 + seed * 97) % width, height // 2 + (n * 211) % (height // 2)
        draw.ellipse((x, y, x + 40 + n % 30, y + 25 + n % 20), fill=((n * 37) % 255, (n * 91) % 255, (n * 53) % 255))
    return image


def add_cover() -> list[dict]:
    return covers.variants_from_image(picture())


def listed_slugs(html: bytes | str) -> list[str]:
    text = html.decode() if isinstance(html, bytes) else html
    return re.findall(r'<li class="news-item">.*?<h3><a href="/berita/([^"]+)">', text, re.S)


def older_link(html: bytes) -> str | None:
    match = re.search(rb'<li class="more"><a class="button secondary" href="([^"]+)"', html)
    return unescape(match.group(1).decode()) if match else None


def meta(html: bytes, prop: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"'.encode(), html)
    return unescape(match.group(1).decode()) if match else None


@pytest.fixture
def news(app, make_region, in_region, tmp_path, monkeypatch):
    """Kota Tangerang with Berita on, current for the test's own queries; uploads in a temporary folder."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["berita", "kontak"])
    return in_region(region)


@pytest.fixture
def category(news):
    def make(name: str) -> Category:
        row = Category(slug=slugify(name), name=name)
        db.session.add(row)
        db.session.commit()
        return row

    return make


# The list

def test_list_shows_only_public_articles_newest_first(client, news):
    add_article("Pasar murah di Cibodas", ago=timedelta(days=2))
    add_article("Jembatan Cisadane dibuka", ago=timedelta(hours=3))
    add_article("Jadwal vaksinasi terjadwal", ago=timedelta(hours=5), status=Status.SCHEDULED)
    add_article("Rancangan belum selesai", status=Status.DRAFT)
    add_article("Besok pagi terbit", ago=-timedelta(hours=12), status=Status.SCHEDULED)
    add_article("Berita lama diarsipkan", ago=timedelta(days=9), status=Status.ARCHIVED)

    page = client.get("/berita/", headers=EN)

    assert page.status_code == 200
    assert listed_slugs(page.data) == ["jembatan-cisadane-dibuka", "jadwal-vaksinasi-terjadwal",
                                       "pasar-murah-di-cibodas"]
    assert b'type="application/atom+xml" href="/berita/feed.xml"' in page.data


def test_older_news_pages_through_every_article_once_even_with_equal_times(client, news):
    moment = datetime.now(timezone.utc) - timedelta(days=1)
    expected = []
    for n in range(27):  # three pages; runs of articles share one publish time
        expected.append(add_article(f"Kabar nomor {n:02d}", at=moment - timedelta(hours=n // 4)))
    expected.sort(key=lambda a: (a.publish_at, a.id), reverse=True)

    seen, url, pages = [], "/berita/", 0
    while url:
        page = client.get(url, headers=EN)
        assert page.status_code == 200
        seen += listed_slugs(page.data)
        url, pages = older_link(page.data), pages + 1

    assert pages == 3
    assert seen == [a.slug for a in expected]


def test_older_news_with_htmx_sends_only_the_next_items(client, news):
    for n in range(12):
        add_article(f"Kabar ke {n}", ago=timedelta(hours=n + 1))
    first = client.get("/berita/", headers=EN)
    older = older_link(first.data)
    assert "sebelum=" in older

    fragment = client.get(older, headers=HTMX)

    assert fragment.status_code == 200
    assert b"<html" not in fragment.data and b"<h1" not in fragment.data
    assert listed_slugs(fragment.data) == ["kabar-ke-10", "kabar-ke-11"]
    assert b'class="more"' not in fragment.data  # the last page
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_category_filter_lists_only_that_category_and_keeps_it_when_paging(client, news, category):
    roads, health = category("Infrastruktur"), category("Kesehatan")
    for n in range(11):
        add_article(f"Jalan diperbaiki {n}", ago=timedelta(hours=n + 1), category=roads)
    add_article("Posyandu keliling", category=health)

    page = client.get("/berita/?kategori=infrastruktur", headers=EN)

    assert len(listed_slugs(page.data)) == 10 and "posyandu-keliling" not in listed_slugs(page.data)
    assert "kategori=infrastruktur" in older_link(page.data)
    assert listed_slugs(client.get(older_link(page.data), headers=EN).data) == ["jalan-diperbaiki-10"]
    assert b'href="/berita/kategori/infrastruktur/feed.xml"' in page.data
    assert listed_slugs(client.get("/berita/?kategori=kesehatan", headers=EN).data) == ["posyandu-keliling"]


def test_unknown_category_is_a_404_with_a_message(client, news):
    page = client.get("/berita/?kategori=tidak-ada", headers=EN)
    assert page.status_code == 404
    assert "There is no news category called “tidak-ada”" in page.get_data(as_text=True)


def test_search_matches_title_summary_and_body_in_any_case(client, news):
    add_article("Banjir di Periuk surut", ago=timedelta(hours=1))
    add_article("Kerja bakti warga", summary="Membersihkan saluran sebelum BANJIR datang", ago=timedelta(hours=2))
    add_article("Rapat kota", body="Wali kota membahas penanganan banjir tahunan.", ago=timedelta(hours=3))
    add_article("Festival kuliner", ago=timedelta(hours=4))
    add_article("Rencana banjir kanal", status=Status.DRAFT)

    page = client.get("/berita/?q=Banjir", headers=EN)

    assert listed_slugs(page.data) == ["banjir-di-periuk-surut", "kerja-bakti-warga", "rapat-kota"]
    assert listed_slugs(client.get("/berita/?q=100%25", headers=EN).data) == []  # % is a character, not a wildcard


def test_too_short_search_is_a_400_that_keeps_what_was_typed(client, news):
    add_article("Festival kuliner")
    page = client.get("/berita/?q=a", headers=EN)
    assert page.status_code == 400
    assert "Please type between 2 and 100 characters to search." in page.get_data(as_text=True)
    assert b'value="a"' in page.data
    assert listed_slugs(page.data) == []


def test_archive_counts_months_in_the_region_time_zone(client, news):
    # 23:30 WIB on 30 November and 00:30 WIB on 1 December 2025 (16:30 and 17:30 UTC on 30 November).
    add_article("Akhir November", at=datetime(2025, 11, 30, 16, 30, tzinfo=timezone.utc))
    add_article("Awal Desember", at=datetime(2025, 12, 1, 0, 30, tzinfo=timezone(timedelta(hours=7))))
    add_article("Juga Desember", at=datetime(2025, 12, 15, 3, 0, tzinfo=timezone.utc))
    add_article("Draf Desember", at=datetime(2025, 12, 16, 3, 0, tzinfo=timezone.utc), status=Status.DRAFT)

    index = client.get("/berita/", headers=EN).get_data(as_text=True)
    november = client.get("/berita/arsip/2025/11", headers=EN)
    december = client.get("/berita/arsip/2025/12", headers=EN)

    assert '<a href="/berita/arsip/2025/12">December 2025 (2)</a>' in index
    assert '<a href="/berita/arsip/2025/11">November 2025 (1)</a>' in index
    assert listed_slugs(november.data) == ["akhir-november"]
    assert listed_slugs(december.data) == ["juga-desember", "awal-desember"]
    assert "News from December 2025" in december.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/berita/arsip/2025/13", "/berita/arsip/2025/0", "/berita/arsip/99999/1",
                                 "/berita/arsip/2025/desember"])
def test_invalid_archive_month_is_a_404(client, news, url):
    assert client.get(url, headers=EN).status_code == 404


# An article

@pytest.fixture
def story(news, category, make_department):
    office = make_department(news, name="Dinas Komunikasi dan Informatika")
    body = "## Jalur baru\n\n" + " ".join(["Warga kini bisa menyeberang dengan aman."] * 80)
    return add_article("Jembatan Cisadane dibuka untuk pejalan kaki", body=body, summary="Jembatan baru dibuka.",
                       category=category("Infrastruktur"), tags=["jembatan", "Cisadane"], department=office,
                       cover=add_cover(), cover_alt="Jembatan baru di atas Sungai Cisadane",
                       caption="Jembatan dilihat dari tepi barat", credit="Diskominfo",
                       at=datetime(2026, 3, 4, 1, 30, tzinfo=timezone.utc))


def test_article_page_shows_the_article_in_region_time(client, story):
    page = client.get(f"/berita/{story.slug}", headers=EN)
    text = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "<h1 id=\"article-title\">Jembatan Cisadane dibuka untuk pejalan kaki</h1>" in text
    assert "Dinas Komunikasi dan Informatika" in text and ">Infrastruktur</a>" in text
    assert '<time datetime="2026-03-04T08:30+07:00">4 March 2026, 08:30</time>' in text  # 01:30 UTC is 08:30 WIB
    assert "3 minutes read" in text  # 80 sentences of 7 words
    assert "<div class=\"prose\"><h3>Jalur baru</h3>" in text  # the body, rendered from Markdown
    assert "<li>jembatan</li>" in text and "<li>Cisadane</li>" in text
    assert "Jembatan dilihat dari tepi barat" in text and "Photo: Diskominfo" in text
    cover = re.search(r'<figure class="cover"><img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" width="(\d+)" '
                      r'height="(\d+)" loading="lazy" decoding="async" alt="([^"]*)">', text)
    assert cover, "a responsive, lazy cover with its size"
    assert cover.group(5) == "Jembatan baru di atas Sungai Cisadane"
    assert (cover.group(3), cover.group(4)) == ("480", "270")
    assert [c.rsplit(" ", 1)[1] for c in cover.group(2).split(", ")] == ["480w", "960w"]
    assert client.get(cover.group(1)).status_code == 200


def test_article_page_has_canonical_url_open_graph_and_twitter_meta(client, story):
    page = client.get(f"/berita/{story.slug}", headers=EN)
    url = f"http://localhost/berita/{story.slug}"

    assert f'<link rel="canonical" href="{url}">'.encode() in page.data
    assert meta(page.data, "og:type") == "article"
    assert meta(page.data, "og:title") == story.title
    assert meta(page.data, "og:description") == "Jembatan baru dibuka."
    assert meta(page.data, "og:url") == url
    assert meta(page.data, "og:site_name") == "Kota Tangerang"
    assert meta(page.data, "article:published_time") == "2026-03-04T08:30:00+07:00"
    assert meta(page.data, "twitter:card") == "summary_large_image"
    image = meta(page.data, "og:image")
    share = covers.share_variant(story.cover)
    assert image == f"http://localhost/berita/gambar/{share['path']}"
    served = client.get(urlsplit(image).path)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"


def test_article_without_cover_has_a_small_twitter_card_and_no_image(client, news):
    plain = add_article("Pengumuman lelang", summary="")
    page = client.get(f"/berita/{plain.slug}", headers=EN)
    assert meta(page.data, "twitter:card") == "summary"
    assert meta(page.data, "og:image") is None and b"<img" not in page.data
    assert meta(page.data, "og:description") == "Isi berita tentang pengumuman lelang."


def test_article_can_be_shared_on_whatsapp_and_its_link_copied_without_javascript(client, story):
    page = client.get(f"/berita/{story.slug}", headers=EN)
    url = f"http://localhost/berita/{story.slug}"
    text = page.get_data(as_text=True)

    assert f'href="https://wa.me/?text={quote(story.title + " " + url, safe="")}"' in text
    assert re.search(rf'<label for="article-link">[^<]+</label><input id="article-link" type="url" '
                     rf'value="{re.escape(url)}" readonly>', text)


def test_related_articles_share_the_category_or_a_tag_newest_first(client, news, category):
    roads, health = category("Infrastruktur"), category("Kesehatan")
    main = add_article("Jalan layang baru", category=roads, tags=["Macet"], ago=timedelta(hours=1))
    add_article("Trotoar diperlebar", category=roads, ago=timedelta(hours=2))
    add_article("Lampu lalu lintas pintar", category=health, tags=["macet"], ago=timedelta(hours=3))
    add_article("Gorong-gorong dibersihkan", category=roads, ago=timedelta(hours=4))
    add_article("Saluran air lama", category=roads, ago=timedelta(days=5))  # a fourth: only three are shown
    add_article("Imunisasi anak", category=health, ago=timedelta(minutes=30))  # unrelated
    add_article("Rencana jalan tol", category=roads, status=Status.DRAFT)

    page = client.get(f"/berita/{main.slug}", headers=EN).get_data(as_text=True)
    related = page.split('id="related-title"', 1)[1]

    assert listed_slugs(related) == ["trotoar-diperlebar", "lampu-lalu-lintas-pintar", "gorong-gorong-dibersihkan"]


@pytest.mark.parametrize("status, ago", [(Status.DRAFT, timedelta(hours=1)), (Status.SCHEDULED, -timedelta(hours=1)),
                                         (Status.PUBLISHED, -timedelta(minutes=5))])
def test_drafts_and_future_articles_are_not_found(client, news, status, ago):
    hidden = add_article("Belum untuk umum", status=status, ago=ago)
    assert client.get(f"/berita/{hidden.slug}", headers=EN).status_code == 404


def test_unknown_article_is_a_404(client, news):
    assert client.get("/berita/tidak-pernah-ada", headers=EN).status_code == 404


def test_a_scheduled_article_appears_once_its_time_has_come(client, news):
    due = add_article("Jadwal sudah lewat", status=Status.SCHEDULED, ago=timedelta(minutes=1))
    assert client.get(f"/berita/{due.slug}", headers=EN).status_code == 200


def test_archived_article_is_readable_with_a_note_but_not_listed(client, news):
    old = add_article("Program lama", status=Status.ARCHIVED, cover=add_cover(), ago=timedelta(days=400))
    page = client.get(f"/berita/{old.slug}", headers=EN)
    assert page.status_code == 200
    assert "this article is kept for reference and may be out of date" in page.get_data(as_text=True)
    assert client.get(f"/berita/gambar/{old.cover[0]['path']}").status_code == 200
    assert listed_slugs(client.get("/berita/", headers=EN).data) == []


def test_stored_script_in_an_article_is_inert(client, news):
    payload = ('<script>alert(1)</script>\n\n[klik](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n'
               '<iframe src="https://evil.example"></iframe>')
    article = add_article("<script>alert('judul')</script> Berita", slug="berita-xss", body=payload,
                          summary='"><script>alert(4)</script>')
    article.body_html += '<p onclick="alert(5)">dibuat tangan</p><script>alert(6)</script>'  # a row edited by hand
    db.session.commit()

    for url in ("/berita/berita-xss", "/berita/"):
        text = client.get(url, headers=EN).get_data(as_text=True)
        assert "<script>alert" not in text and "<iframe" not in text
        assert "onerror" not in text.replace("onerror=alert(3)&gt;", "") and "onclick" not in text
        assert 'href="javascript:' not in text
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt; Berita" in text


# Cover images

def test_cover_is_served_with_a_long_cache_and_its_type(client, story):
    for variant in story.cover:
        response = client.get(f"/berita/gambar/{variant['path']}")
        assert response.status_code == 200
        assert response.mimetype == variant["type"]
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert len(response.data) == variant["bytes"]


def test_cover_of_a_draft_or_future_article_is_not_served(client, news):
    draft = add_article("Draf dengan foto", status=Status.DRAFT, cover=add_cover())
    future = add_article("Nanti dengan foto", status=Status.SCHEDULED, ago=-timedelta(days=1), cover=add_cover())
    for article in (draft, future):
        assert client.get(f"/berita/gambar/{article.cover[0]['path']}").status_code == 404


@pytest.mark.parametrize("path", ["../../etc/passwd", "tangerang/berita/../../../etc/passwd",
                                  "tangerang/berita/" + "0" * 32 + ".webp", "tangerang/aspirasi/x.jpg"])
def test_cover_url_serves_nothing_but_covers(client, story, path):
    assert client.get(f"/berita/gambar/{path}").status_code == 404


def test_cover_removed_from_an_article_is_no_longer_served(client, story):
    path = story.cover[0]["path"]
    story.cover = None
    db.session.commit()
    assert client.get(f"/berita/gambar/{path}").status_code == 404


# Regions

def test_another_regions_news_is_never_visible(client, news, make_region):
    add_article("Berita Tangerang", cover=add_cover())
    other = make_region("other", hosts=["other.test"], modules=["berita"])
    with region_context(other):
        theirs = add_article("Berita daerah lain", slug="berita-daerah-lain", cover=add_cover())
        their_cover = theirs.cover[0]["path"]

    assert listed_slugs(client.get("/berita/", headers=EN).data) == ["berita-tangerang"]
    assert client.get("/berita/berita-daerah-lain", headers=EN).status_code == 404
    assert client.get(f"/berita/gambar/{their_cover}").status_code == 404
    assert b"Berita daerah lain" not in client.get("/berita/feed.xml").data
    there = client.get("/berita/", base_url="http://other.test", headers=EN)
    assert listed_slugs(there.data) == ["berita-daerah-lain"]
    assert client.get(f"/berita/gambar/{their_cover}", base_url="http://other.test").status_code == 200


def test_news_pages_are_not_found_where_berita_is_off(client, make_region):
    make_region("serang", hosts=["localhost"], modules=["kontak"])
    assert client.get("/berita/", headers=EN).status_code == 404


# Home card and data saver

def test_home_card_shows_the_three_newest_articles(client, news):
    for n in range(4):
        add_article(f"Kabar rumah {n}", ago=timedelta(hours=n + 1), cover=add_cover() if n == 0 else None)
    add_article("Draf untuk beranda", status=Status.DRAFT)

    home = client.get("/", headers=EN).get_data(as_text=True)
    card = home.split('id="card-berita"', 1)[1].split("</section>", 1)[0]

    assert re.findall(r'<a href="/berita/([^"]+)">', card) == ["kabar-rumah-0", "kabar-rumah-1", "kabar-rumah-2"]
    assert 'href="/berita/"' in card
    assert '<img class="thumb"' in card and 'loading="lazy"' in card


def test_home_card_says_when_there_is_no_news(client, news):
    home = client.get("/", headers=EN).get_data(as_text=True)
    assert "No news has been published yet." in home


@pytest.mark.parametrize("by", ["header", "switch"])
def test_data_saver_leaves_out_every_cover(client, story, by):
    add_article("Kabar lain berfoto", cover=add_cover())
    urls = (f"/berita/{story.slug}", "/berita/", "/")
    for url in urls:
        assert b"/berita/gambar/" in client.get(url, headers=EN).data, url
    saver = {**EN, "Save-Data": "on"} if by == "header" else EN
    if by == "switch":
        client.set_cookie("hemat_data", "1", domain="localhost")
    for url in urls:
        page = client.get(url, headers=saver)
        assert b"<img" not in page.data and b"<picture" not in page.data, url
    # the share preview is for other sites' crawlers, not for this reader: it stays
    assert meta(client.get(f"/berita/{story.slug}", headers=saver).data, "og:image")


def test_editor_signed_in_sees_the_same_public_list(client, news, make_user, login):
    add_article("Sudah terbit")
    add_article("Masih draf", status=Status.DRAFT)
    login(make_user(news, role=Role.EDITOR))
    assert listed_slugs(client.get("/berita/", headers=EN).data) == ["sudah-terbit"]


def test_list_and_article_queries_do_not_grow_with_the_number_of_articles(client, news, category, count_statements):
    roads = category("Infrastruktur")
    add_article("Pertama", category=roads, tags=["jalan"], cover=add_cover())
    add_article("Kedua", tags=["jalan"], ago=timedelta(hours=2))  # related through its tag
    few = {url: count_statements(lambda url=url: client.get(url, headers=EN))
           for url in ("/berita/", "/berita/pertama", "/berita/feed.xml", "/")}
    for n in range(12):
        add_article(f"Tambahan {n}", category=roads, tags=["jalan"], ago=timedelta(hours=n + 3), cover=add_cover())
    many = {url: count_statements(lambda url=url: client.get(url, headers=EN)) for url in few}
    assert many == few

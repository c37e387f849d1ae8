"""The Atom feeds (/berita/feed.xml and one per category) parse as Atom 1.0, carry only public articles of
the region, newest first, and their HTML content comes back exactly as the page shows it."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from tests.modules.berita.test_public import add_article, add_cover, slugify
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.berita import covers, markup
from webapp.modules.berita.models import Category, Status

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(app, make_region, in_region, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return in_region(make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                                 modules=["berita", "kontak"]))


def category(name: str) -> Category:
    row = Category(slug=slugify(name), name=name)
    db.session.add(row)
    db.session.commit()
    return row


def get(client, url: str = "/berita/feed.xml", **kwargs):
    return client.get(url, headers={"Accept-Language": "en"}, **kwargs)


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.data)
    assert root.tag == f"{A}feed"
    return root


def entry_titles(root) -> list[str]:
    return [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")]


def is_rfc3339(text: str) -> bool:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ") is not None


def test_feed_is_atom_with_the_required_elements(client, news, make_department):
    office = make_department(news, name="Dinas Kesehatan")
    add_article("Posyandu keliling", category=category("Kesehatan"), department=office, summary="Jadwal baru.",
                cover=add_cover(), at=datetime(2026, 5, 2, 3, 4, 5, tzinfo=timezone.utc))

    root = parse(get(client, "/berita/feed.xml"))

    assert root.findtext(f"{A}title") == "Kota Tangerang News"
    assert root.findtext(f"{A}id") == "http://localhost/berita/"
    assert is_rfc3339(root.findtext(f"{A}updated"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links == {"self": "http://localhost/berita/feed.xml", "alternate": "http://localhost/berita/"}
    assert root.findtext(f"{A}author/{A}name") == "Kota Tangerang"
    (entry,) = root.findall(f"{A}entry")
    assert entry.findtext(f"{A}id").startswith("tag:localhost,")
    assert entry.findtext(f"{A}title") == "Posyandu keliling"
    assert entry.find(f"{A}link[@rel='alternate']").get("href") == "http://localhost/berita/posyandu-keliling"
    assert entry.findtext(f"{A}published") == "2026-05-02T03:04:05Z"
    assert is_rfc3339(entry.findtext(f"{A}updated"))
    assert entry.findtext(f"{A}summary") == "Jadwal baru."
    assert entry.findtext(f"{A}author/{A}name") == "Dinas Kesehatan"
    assert entry.find(f"{A}category").get("term") == "kesehatan"
    assert entry.find(f"{A}content").get("type") == "html"


def test_feed_has_the_20_newest_public_articles_only(client, news):
    for n in range(22):
        add_article(f"Kabar {n:02d}", ago=timedelta(hours=n + 1))
    add_article("Draf rahasia", status=Status.DRAFT)
    add_article("Besok terbit", status=Status.SCHEDULED, ago=-timedelta(hours=2))
    add_article("Sudah diarsipkan", status=Status.ARCHIVED)

    titles = entry_titles(parse(get(client, "/berita/feed.xml")))

    assert titles == [f"Kabar {n:02d}" for n in range(20)]


def test_category_feed_has_only_that_category(client, news):
    health, roads = category("Kesehatan"), category("Jalan")
    add_article("Posyandu keliling", category=health)
    add_article("Jalan diaspal", category=roads)

    root = parse(get(client, "/berita/kategori/kesehatan/feed.xml"))

    assert entry_titles(root) == ["Posyandu keliling"]
    assert root.findtext(f"{A}title") == "Kota Tangerang News: Kesehatan"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{A}link")}
    assert links["self"] == "http://localhost/berita/kategori/kesehatan/feed.xml"
    assert links["alternate"] == "http://localhost/berita/?kategori=kesehatan"


def test_unknown_category_feed_is_a_404(client, news):
    assert get(client, "/berita/kategori/tidak-ada/feed.xml").status_code == 404


def test_feed_content_round_trips_to_the_sanitised_html(client, news):
    body = ("Harga **cabai** turun & stok aman.\n\n- Pasar Anyar\n- Pasar Lama\n\n"
            "<script>alert(1)</script> [tautan](javascript:alert(2)) <b>tebal</b>")
    article = add_article("Harga <cabai> & bawang", body=body)
    article.body_html += "<img src=x onerror=alert(3)>"  # a row edited by hand: sanitised again on the way out
    db.session.commit()

    (entry,) = parse(get(client, "/berita/feed.xml")).findall(f"{A}entry")
    content = entry.findtext(f"{A}content")

    assert entry.findtext(f"{A}title") == "Harga <cabai> & bawang"
    assert content == str(markup.safe(article.body_html))
    assert "<strong>cabai</strong>" in content and "<li>Pasar Anyar</li>" in content
    assert "<script" not in content and "<img" not in content and 'href="javascript:' not in content


def test_feed_links_the_share_image_of_a_cover(client, news):
    article = add_article("Foto kegiatan", cover=add_cover())
    (entry,) = parse(get(client, "/berita/feed.xml")).findall(f"{A}entry")
    enclosure = entry.find(f"{A}link[@rel='enclosure']")
    assert enclosure.get("href") == f"http://localhost/berita/gambar/{covers.share_variant(article.cover)['path']}"
    assert enclosure.get("type") == "image/jpeg"


def test_empty_feed_still_parses(client, news):
    root = parse(get(client, "/berita/feed.xml"))
    assert root.findall(f"{A}entry") == [] and is_rfc3339(root.findtext(f"{A}updated"))


def test_feed_is_per_region(client, news, make_region):
    add_article("Kabar Tangerang")
    other = make_region("other", hosts=["other.test"], name="Kota Lain", modules=["berita"])
    with region_context(other):
        add_article("Kabar daerah lain")

    assert entry_titles(parse(get(client, "/berita/feed.xml"))) == ["Kabar Tangerang"]
    there = parse(get(client, "/berita/feed.xml", base_url="http://other.test"))
    assert entry_titles(there) == ["Kabar daerah lain"]
    assert there.findtext(f"{A}title") == "Kota Lain News"

"""Berita's byte budgets, measured as the foundation measures them: gzip level 9 of what a phone downloads.
An article of 1,500 words with a cover, and the news list with 10 articles with covers, stay within the
first-visit budget without images (30 KB in all, HTML and render-blocking CSS within 14 KB, all JavaScript
within 16 KB); the cover variant phones load is at most 40 KB. Run with `-s` to see the sizes.

The text is drawn at random from Indonesian news vocabulary, so compression is not flattered; the cover is a
busy photo-like picture (many small shapes and sensor noise) from a modern phone camera.
"""
from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from PIL import Image, ImageDraw

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)
from tests.budgets import KB, fetch
from tests.modules.berita.test_public import add_article
from webapp.extensions import db
from webapp.modules.berita import covers
from webapp.modules.berita.models import Category

WORDS = ("pemerintah kota tangerang warga kelurahan kecamatan wali program layanan publik jalan jembatan banjir "
         "saluran drainase pasar harga bahan pokok beras cabai bawang minyak goreng puskesmas imunisasi anak sekolah "
         "guru siswa beasiswa bantuan sosial keluarga penerima manfaat dinas kesehatan pendidikan perhubungan "
         "lingkungan hidup sampah bank daur ulang taman kota ruang terbuka hijau pohon penanaman lampu penerangan "
         "angkutan umum bus halte terminal kemacetan lalu lintas rekayasa perbaikan pembangunan anggaran tahun "
         "kegiatan masyarakat gotong royong kerja bakti posyandu lansia vaksinasi pelatihan usaha mikro kecil "
         "menengah pelaku ekonomi kreatif festival budaya seni pertunjukan olahraga lapangan stadion pemuda karang "
         "taruna rapat koordinasi sosialisasi peraturan daerah perizinan online kependudukan catatan sipil kartu "
         "identitas akta kelahiran pelayanan cepat mudah gratis antrean jadwal pekan depan bulan lalu hari ini").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    return " ".join(words).capitalize() + "."


def long_body(rng: random.Random, words: int = 1500) -> str:
    """Markdown of about `words` words: paragraphs, a few subheadings, a list and a quote."""
    parts, count = [], 0
    while count < words:
        if len(parts) % 5 == 4:
            parts.append("## " + sentence(rng).rstrip("."))
        elif len(parts) % 7 == 6:
            parts.append("\n".join("- " + sentence(rng) for _ in range(3)))
        elif len(parts) % 11 == 10:
            parts.append("> " + sentence(rng))
        else:
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(4, 7))))
        count += len(parts[-1].split())
    return "\n\n".join(parts)


def busy_photo(seed: int, width: int = 3200, height: int = 1800) -> Image.Image:
    """A street scene as far as an encoder can tell: sky, many shapes of every colour, and sensor noise."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 6):
        draw.rectangle((0, y, width, y + 6), fill=(70 + y * 110 // height, 130, 225 - y * 120 // height))
    for _ in range(3000):
        x, y, w, h = rng.randrange(width), rng.randrange(height), rng.randint(8, 160), rng.randint(8, 160)
        draw.rectangle((x, y, x + w, y + h), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(image, noise, 0.25)


@pytest.fixture
def city(app, make_region, make_department, in_region, tmp_path, monkeypatch):
    """Kota Tangerang with Berita on, as a visitor finds it: three categories and 12 articles with covers."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    region = in_region(make_region(
        "tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71", modules=["berita", "kontak"],
        tagline="Layanan publik Kota Tangerang", contact_phone="(021) 5585 000",
        emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"}, {"label": "Ambulans", "number": "118"},
                           {"label": "Polisi", "number": "110"}]))
    office = make_department(region, name="Dinas Komunikasi dan Informatika")
    groups = [Category(slug=s, name=n) for s, n in (("infrastruktur", "Infrastruktur"), ("kesehatan", "Kesehatan"),
                                                     ("ekonomi", "Ekonomi"))]
    db.session.add_all(groups)
    db.session.commit()
    rng = random.Random(11)
    cover = covers.variants_from_image(busy_photo(1))
    articles = []
    for n in range(12):
        title = " ".join(rng.choice(WORDS) for _ in range(9)).capitalize()[:90]
        articles.append(add_article(
            title, slug=f"berita-{n}", summary=sentence(rng) + " " + sentence(rng), body=long_body(rng),
            category=groups[n % 3], tags=[rng.choice(WORDS), rng.choice(WORDS)], department=office, cover=cover,
            cover_alt=sentence(rng), caption=sentence(rng), credit="Diskominfo", ago=timedelta(hours=n * 7 + 1)))
    return {"region": region, "articles": articles, "cover": cover}


@pytest.fixture(params=["article", "list"])
def first_visit(request, client, city):
    """Everything a phone downloads on its first visit to the page, except images."""
    url = "/berita/berita-0" if request.param == "article" else "/berita/"
    html = fetch(client, url)
    if request.param == "article":
        assert len(re.sub(r"<[^>]+>", " ", html.decode()).split()) > 1500, "the whole article is on the page"
        assert b"/berita/gambar/" in html, "with its cover"
    else:
        assert html.count(b'<li class="news-item">') == 10 and html.count(b"<img ") == 10
    return budgets.first_visit(client, url)


def test_phone_cover_variant_is_at_most_40_kb(client, city):
    """The smallest variant is the `src` of every cover and what a phone's `srcset` choice lands on."""
    html = fetch(client, "/berita/berita-0").decode()
    src = re.search(r'<figure class="cover"><img src="([^"]+)"', html).group(1)
    served = client.get(src)
    assert served.status_code == 200 and served.mimetype == "image/webp"
    print(f"\nphone cover variant: {len(served.data) / KB:.1f} KB ({city['cover'][0]['width']} px wide)")
    assert city["cover"][0]["width"] <= 480
    assert len(served.data) <= 40 * KB

"""Aspirasi's byte budgets (issue 3), measured as the foundation measures them: gzip level 9 of what a phone
downloads. The public list and the report form stay within the first-visit budget (30 KB in all, HTML and
render-blocking CSS within 14 KB, all JavaScript within 16 KB), and an htmx list update of 20 reports is at
most 6 KB.

The region is realistic: Kota Tangerang's real 13 kecamatan and 104 kelurahan (the form lists them all), the
demo categories, and 25 public reports filed through the flow with titles of about 60 characters and
descriptions of about 400, in varied words so compression is not flattered. Run with `-s` to see the sizes.
"""
from __future__ import annotations

import random
import re

import pytest
from sqlalchemy import select

from tests.core.test_budgets import KB, PageParts, gz
from webapp.core import wilayah
from webapp.core.models import Area
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.aspirasi import demo, flow
from webapp.modules.aspirasi.services import PAGE_SIZE

# A phone set to Indonesian, as most visitors' are (the longer of the two catalogues, too).
BROWSER = {"Accept-Language": "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"}
HTMX = {**BROWSER, "HX-Request": "true", "HX-Current-URL": "http://localhost/aspirasi/"}
REPORTS = 25  # more than a page: the update also carries the "more reports" link
WORDS = ("jalan rusak berlubang lampu penerangan mati sampah menumpuk got saluran air tersumbat banjir genangan "
         "pohon tumbang trotoar pecah pasar becek angkot ngetem parkir liar pungutan puskesmas antrean panjang "
         "sekolah atap bocor jembatan retak taman kumuh air PDAM keruh kabel menjuntai depan dekat samping gang "
         "RT RW masjid kantor kelurahan setiap malam sejak minggu lalu warga mengeluh anak-anak pengendara motor "
         "jatuh licin gelap bau menyengat nyamuk demam berdarah petugas belum datang sudah dilaporkan mohon segera "
         "diperbaiki ditindaklanjuti sekitar meter lebar dalam hujan deras pagi sore macet perempatan lampu merah "
         "rambu hilang zebra cross pudar halte rusak bus kota terminal pedagang kaki lima menutup").split()


def sentence(rng: random.Random, length: int) -> str:
    """Words drawn at random until about `length` characters, as a person writes a report."""
    words = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:]


def description(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randint(70, 110)) for _ in range(4)]
    parts.insert(2, f"Lokasi di Gang {rng.choice(['Haji Naim', 'Mawar', 'Kenanga', 'Swadaya'])} RT {rng.randint(1, 12):02d}"
                    f"/RW {rng.randint(1, 9):02d}, dekat nomor {rng.randint(1, 120)}")
    return ". ".join(parts)[:420] + "."


@pytest.fixture
def city(app, make_region, tmp_path, monkeypatch):
    """Kota Tangerang with aspirasi on, its real areas, the demo categories and REPORTS public reports."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    region = make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                         modules=["aspirasi", "kontak"], tagline="Layanan publik Kota Tangerang",
                         contact_phone="(021) 5585 000",
                         emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"},
                                            {"label": "Ambulans", "number": "118"},
                                            {"label": "Polisi", "number": "110"}])
    rng = random.Random(3)
    with region_context(region):
        wilayah.import_areas(region)
        categories = [c for c in demo.ensure_categories().values() if not c.sensitive]
        db.session.commit()
        villages = list(db.session.execute(select(Area).where(Area.parent_id.is_not(None)).order_by(Area.code)).scalars())
        for n in range(REPORTS):
            village = rng.choice(villages)
            data = {"kind": rng.choice(["pengaduan", "pengaduan", "aspirasi", "informasi"]),
                    "category_id": str(rng.choice(categories).id), "title": sentence(rng, 58)[:62],
                    "description": description(rng), "kecamatan_id": str(village.parent_id),
                    "kelurahan_id": str(village.id), "address": f"Jl. {sentence(rng, 12)} No. {n + 3}",
                    "privacy": rng.choice(["publik", "anonim"]), "name": f"Warga {n}"}
            flow.submit(data, None, [], None)
    return region


def fetch(client, url, headers=BROWSER) -> bytes:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.data


@pytest.fixture(params=["/aspirasi/", "/aspirasi/baru"])
def first_visit(request, client, city):
    """Everything a phone downloads on its first visit to the page, except images."""
    url = request.param
    html = fetch(client, url)
    parts = PageParts()
    parts.feed(html.decode())
    css = {u: fetch(client, u) for u in parts.stylesheets}
    js = {s["src"]: fetch(client, s["src"]) for s in parts.scripts}
    sprite = re.search(rb"/static/icons/sprite\.[0-9a-f]{10}\.svg", html).group().decode()
    extra = {u: fetch(client, u) for u in ("/manifest.webmanifest", "/sw.js", sprite)}
    return {"url": url, "html": html, "css": css, "js": js, "extra": extra, "parts": parts}


def test_first_visit_is_at_most_30_kb(first_visit):
    files = {"html": first_visit["html"], **first_visit["css"], **first_visit["js"], **first_visit["extra"]}
    sizes = {name: gz(body) for name, body in files.items()}
    total = sum(sizes.values())
    detail = ", ".join(f"{name.rsplit('/', 1)[-1]} {size / KB:.1f}" for name, size in sizes.items())
    print(f"\nfirst visit of {first_visit['url']}: {total / KB:.1f} KB gzip over {len(files)} files, {total} bytes "
          f"({detail})")
    assert total <= 30 * KB


def test_html_and_render_blocking_css_fit_in_one_round_trip(first_visit):
    html = gz(first_visit["html"])
    critical = html + sum(gz(body) for body in first_visit["css"].values())
    print(f"\n{first_visit['url']}: HTML {html / KB:.1f} KB + CSS = {critical / KB:.1f} KB gzip "
          f"({len(first_visit['html']) / KB:.1f} KB raw HTML)")
    assert critical <= 14 * KB


def test_all_javascript_is_at_most_16_kb(first_visit):
    scripts = {**first_visit["js"], "/sw.js": first_visit["extra"]["/sw.js"]}
    assert any("htmx" in u for u in scripts) and any("/js/app." in u for u in scripts)
    if first_visit["url"] == "/aspirasi/baru":
        assert any("/js/aspirasi." in u for u in scripts), "the form loads its photo-shrinking script"
    total = sum(gz(body) for body in scripts.values())
    print(f"\n{first_visit['url']}: JavaScript {total / KB:.1f} KB gzip over {len(scripts)} files "
          f"({total} of {16 * KB} bytes)")
    assert total <= 16 * KB


def test_no_script_blocks_rendering(first_visit):
    blocking = [s["src"] for s in first_visit["parts"].scripts if s["in_head"] and not s["deferred"]]
    assert blocking == []


@pytest.mark.parametrize("query", [
    "q=&status=&kategori=&kecamatan=&jenis=&urut=newest",  # what the filter form sends when the order changes
    "q=&status=menunggu&kategori=&kecamatan=&jenis=&urut=supported",
])
def test_htmx_list_update_of_20_reports_is_at_most_6_kb(client, city, query):
    body = fetch(client, f"/aspirasi/?{query}", headers=HTMX)
    assert b"<html" not in body and b"<nav" not in body, "an htmx update sends the list only"
    assert body.count(b'<li class="report">') == PAGE_SIZE == 20
    assert b'class="more"' in body  # the 21st report and on are one tap away
    size = gz(body)
    print(f"\nhtmx list update ?{query}: {PAGE_SIZE} reports, {size / KB:.2f} KB gzip ({len(body) / KB:.1f} KB raw)")
    assert size <= 6 * KB

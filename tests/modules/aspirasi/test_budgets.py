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

import pytest
from sqlalchemy import select

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)
from tests.budgets import BROWSER, KB, fetch, gz
from webapp.core import wilayah
from webapp.core.models import Area
from webapp.core.scoping import region_context
from webapp.extensions import db
from webapp.modules.aspirasi import demo, flow
from webapp.modules.aspirasi.services import PAGE_SIZE

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


@pytest.fixture(params=["/aspirasi/", "/aspirasi/baru"])
def first_visit(request, client, city):
    """Everything a phone downloads on its first visit to the page, except images."""
    url = request.param
    visit = budgets.first_visit(client, url)
    if url == "/aspirasi/baru":
        assert any("/js/aspirasi." in u for u in budgets.scripts_of(visit)), "the form loads its photo-shrinking script"
    return visit


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

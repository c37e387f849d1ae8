"""Pencaker's byte budgets, measured as the foundation measures them (gzip level 9 of what a phone
downloads): the first visit to /loker/ with a full page of ten vacancies (and a "more" button) stays within
30 KB in all, its HTML and render-blocking CSS within 14 KB and all JavaScript within 16 KB; a vacancy page
with a long description, its JSON-LD and a signed-in seeker's apply form fits in 14 KB of HTML and CSS.

The text is drawn at random from Indonesian job-advert vocabulary, so compression is not flattered. Run with
`-s` to see the sizes.
"""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)
from tests.budgets import KB, fetch, gz
from webapp.core.clock import region_today
from webapp.modules.pencaker.constants import EDUCATION_LEVELS, EMPLOYMENT_TYPES, SECTORS

WORDS = ("operator produksi mesin gudang kasir toko admin staf keuangan akuntansi sopir kurir pengiriman barang "
         "teknisi listrik las bubut perawat apoteker guru les bahasa inggris koki juru masak pelayan restoran "
         "satpam keamanan kebersihan gedung penjahit garmen sales pemasaran lapangan target bonus insentif "
         "shift pagi malam lembur bpjs kesehatan ketenagakerjaan seragam makan siang transportasi kontrak "
         "tahun perpanjangan pengalaman minimal diutamakan jujur teliti disiplin mampu bekerja sama tim "
         "sehat jasmani rohani berpenampilan menarik domisili tangerang sekitarnya memiliki sim motor mobil "
         "laptop komputer microsoft excel word pelatihan sertifikat keahlian wawancara langsung pabrik kawasan "
         "industri jatake cikokol karawaci cipondoh periuk batuceper neglasari benda").split()


def sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))).title()


@pytest.fixture
def board(pencaker_region, make_vacancy, make_employer):
    """Eleven open vacancies of six companies with varied pay, places, types and closing days."""
    rng = random.Random(4)
    pencaker_region.tagline = "Layanan publik Kota Tangerang"
    employers = [make_employer(name=f"PT {title(rng)}") for _ in range(6)]
    rows = []
    for n in range(11):
        low = rng.choice([None, 3_500_000, 4_200_000, 4_900_000])
        rows.append(make_vacancy(
            employer=rng.choice(employers), title=title(rng), sector=rng.choice(SECTORS)[0],
            description="\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(3)),
            requirements="\n".join("- " + sentence(rng, 4, 9) for _ in range(6)),
            min_education=rng.choice(EDUCATION_LEVELS)[0], employment_type=rng.choice(EMPLOYMENT_TYPES)[0],
            pay_min=low, pay_max=low + 1_000_000 if low and n % 2 else None, age_min=18, age_max=rng.choice([30, 40]),
            kecamatan_code=rng.choice(["36.71.01", "36.71.05"]), openings=rng.randint(1, 20),
            closes_on=region_today() + timedelta(days=rng.randint(0, 60)), disability_friendly=n % 3 == 0))
    return rows


@pytest.fixture
def first_visit(client, board):
    html = fetch(client, "/loker/")
    assert html.count(b'<li class="news-item">') == 10 and b'<li class="more">' in html
    visit = budgets.first_visit(client, "/loker/")
    assert not any("pencaker" in u for u in budgets.scripts_of(visit)), "the board needs no script of its own"
    return visit


def test_a_vacancy_page_with_the_apply_form_fits_in_one_round_trip(client, login, board, make_seeker, make_user,
                                                                  pencaker_region):
    login(make_seeker(user=make_user(pencaker_region)).user)
    vacancy = board[0]
    html = fetch(client, f"/loker/{vacancy.id}")
    assert b"application/ld+json" in html and b'/lamar"' in html and b"/laporkan" in html
    parts = budgets.PageParts()
    parts.feed(html.decode())
    critical = gz(html) + sum(gz(fetch(client, u)) for u in parts.stylesheets)
    print(f"\n/loker/{vacancy.id}: HTML + CSS {critical / KB:.1f} KB gzip ({len(html) / KB:.1f} KB raw HTML)")
    assert critical <= 14 * KB


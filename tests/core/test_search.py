"""`/cari`: one search over the region's enabled modules, results grouped under each module's name, with
only public things in them, a hint for a query too short or too long, and a failing module skipped."""
from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from flask import g

from tests.modules.aspirasi.test_public_views import file_report, place  # noqa: F401  (fixture)
from webapp.extensions import db
from webapp.modules import registry
from webapp.modules.aspirasi.models import Status
from webapp.modules.harga.models import Market
from webapp.modules.harga.prices import ensure_national_commodities, region_today, save_day

EN = {"Accept-Language": "en"}


@pytest.fixture
def town(place):  # noqa: F811
    """Aspirasi and market prices on, the national commodities with today's price of medium rice at one market."""
    region = place.region
    region.modules = ["aspirasi", "harga", "kontak"]
    g.region = region
    commodities = {c.slug: c for c in ensure_national_commodities()}
    market = Market(slug="anyar", name="Pasar Anyar", position=0)
    db.session.add(market)
    db.session.flush()
    save_day(market, region_today(), {commodities["beras-medium"].id: 13500}, user=None, source="test")
    db.session.commit()
    return place


def search(client, query: str | None, headers=EN):
    url = "/cari" if query is None else "/cari?" + urlencode({"q": query})
    return client.get(url, headers=headers)


def groups_of(html: str) -> dict[str, list[str]]:
    """{module heading: [result titles]} in page order."""
    found = {}
    for section in re.findall(r'<section class="card" aria-labelledby="found-[a-z]+">(.*?)</section>', html, re.S):
        heading = re.sub(r"<[^>]+>", "", re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1)).strip()
        found[heading] = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<li><a href="[^"]+">(.*?)</a>', section)]
    return found


def test_the_empty_search_shows_just_the_form(client, region):
    response = search(client, None)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'role="search"' in html and 'name="q"' in html
    assert "Nothing found" not in html and 'class="error"' not in html
    assert search(client, "   ").status_code == 200


def test_results_are_grouped_under_each_module_in_registry_order(client, town):
    file_report(town, title="Beras bantuan belum dibagikan di RW 03")
    html = search(client, "  beras ").get_data(as_text=True)
    groups = groups_of(html)
    assert list(groups) == ["Aspirasi", "Market prices"]
    assert groups["Aspirasi"] == ["Beras bantuan belum dibagikan di RW 03"]
    assert groups["Market prices"] == ["Premium rice", "Medium rice", "SPHP rice (price-stabilisation stock)"]
    assert 'href="/harga/beras-medium"' in html and "IDR" in html  # the latest price beside it
    assert "No price entered yet" in html  # premium rice has none
    assert 'value="beras"' in html  # the trimmed query stays in the box


def test_the_translated_commodity_name_is_searched_too(client, town):
    assert groups_of(search(client, "medium RICE").get_data(as_text=True)) == {"Market prices": ["Medium rice"]}


def test_only_public_reports_are_found_and_their_text_is_masked(client, town):
    public = file_report(town, title="Pohon tumbang hubungi 0812-3456-7890")
    file_report(town, title="Pohon tumbang rahasia", privacy="rahasia")
    file_report(town, title="Pohon tumbang ditolak", status=Status.REJECTED)
    hidden = file_report(town, title="Pohon tumbang disembunyikan")
    hidden.hidden = True
    db.session.commit()
    html = search(client, "pohon tumbang").get_data(as_text=True)
    assert groups_of(html) == {"Aspirasi": ["Pohon tumbang hubungi 0812-****-**90"]}
    assert f'href="/aspirasi/{public.id}"' in html
    assert "0812-3456-7890" not in html and "Budi" not in html and "budi@example.id" not in html


def test_a_search_for_someones_contact_details_finds_no_report(client, town):
    file_report(town, title="Lampu jalan mati", description="Hubungi saya di budi@example.id atau 081234567890")
    for query in ("budi@example.id", "081234567890"):
        assert "Aspirasi" not in groups_of(search(client, query).get_data(as_text=True)), query


def test_more_than_five_results_link_to_the_modules_own_search(client, town):
    for n in range(6):
        file_report(town, title=f"Saluran air tersumbat nomor {n}")
    html = search(client, "saluran air").get_data(as_text=True)
    assert len(groups_of(html)["Aspirasi"]) == 5
    assert re.search(r'<a href="/aspirasi/\?q=saluran\+air">More results in Aspirasi</a>', html)


def test_five_results_or_fewer_need_no_more_link(client, town):
    file_report(town, title="Saluran air tersumbat")
    assert "More results in" not in search(client, "saluran").get_data(as_text=True)


def test_nothing_found_says_so(client, town):
    response = search(client, "kapal selam")
    assert response.status_code == 200 and "Nothing found for “kapal selam”" in response.get_data(as_text=True)


@pytest.mark.parametrize("query, status, hint", [("a", 400, "Please type at least 2 characters."),
                                                 ("x" * 101, 400, "Please type at most 100 characters.")])
def test_a_query_too_short_or_too_long_gets_a_hint(client, town, query, status, hint):
    response = search(client, query)
    html = response.get_data(as_text=True)
    assert response.status_code == status and hint in html and 'aria-invalid="true"' in html
    assert f'value="{query}"' in html  # what was typed comes back
    assert groups_of(html) == {}


def test_a_query_of_exactly_100_characters_is_searched(client, town):
    assert search(client, "beras " + "x" * 94).status_code == 200


def test_a_module_whose_search_fails_is_skipped_with_a_note(client, town, monkeypatch):
    def broken(query, limit):
        raise RuntimeError("index down")

    aspirasi, harga = registry()["aspirasi"], registry()["harga"]
    monkeypatch.setattr("webapp.core.search.enabled_modules", lambda: [replace(aspirasi, search=broken), harga])
    response = search(client, "beras")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Aspirasi cannot be searched right now." in html and list(groups_of(html)) == ["Market prices"]


def test_switched_off_modules_are_not_searched(client, town):
    town.region.modules = ["aspirasi", "kontak"]
    db.session.commit()
    assert "Market prices" not in groups_of(search(client, "beras").get_data(as_text=True))


def test_another_regions_things_are_never_found(client, region, make_region):
    region.modules = ["harga", "kontak"]
    db.session.commit()
    other = make_region("serang", hosts=["serang.test"], modules=["harga"])
    g.region = other
    ensure_national_commodities()
    db.session.commit()
    assert groups_of(search(client, "beras").get_data(as_text=True)) == {}
    found = client.get("/cari?q=beras", headers=EN, base_url="http://serang.test").get_data(as_text=True)
    assert "Market prices" in groups_of(found)


def test_htmx_gets_only_the_results(client, town):
    file_report(town, title="Beras bantuan belum dibagikan")
    response = search(client, "beras", headers={**EN, "HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'role="search"' not in html and "Beras bantuan" in html


def test_the_header_links_to_the_search_on_every_page(client, region):
    html = client.get("/", headers=EN).get_data(as_text=True)
    assert re.search(r'<header class="top">.*<a class="top-account" href="/cari">.*Search.*</header>', html, re.S)
    page = client.get("/cari", headers=EN).get_data(as_text=True)
    assert '<a class="top-account" href="/cari" aria-current="page">' in page

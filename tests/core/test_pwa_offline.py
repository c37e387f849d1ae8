"""Reading offline, on the server's side: what the service worker is told to keep and refresh, the note a
stored page carries for it, and the `Vary` header that keeps htmx fragments apart from whole pages."""
import json
import re

import pytest
from flask_babel import force_locale, gettext

from webapp.core.pwa import PAGE_CACHE_DAYS, PAGE_CACHE_MAX, REFRESH_MINUTES

AS_OF = "This page is shown as it was on %(time)s."
FRAGMENT = {"HX-Request": "true"}


def worker(client, **kwargs) -> str:
    response = client.get("/sw.js", **kwargs)
    assert response.status_code == 200
    return response.data.decode()


def refreshed_pages(source: str) -> list[str]:
    """The pages the worker fetches into its cache at install and again while online."""
    return json.loads(re.search(r'\.\.\.f\?(\[[^\]]*\])\.map', source).group(1))


def own_pages(source: str) -> re.Pattern:
    return re.compile(json.loads(re.search(r"T=RegExp\((\"[^\"]*\")\)", source).group(1)))


def test_worker_keeps_at_most_fifty_pages_for_seven_days(client, region):
    source = worker(client)
    assert (PAGE_CACHE_MAX, PAGE_CACHE_DAYS) == (50, 7)
    assert "i>=50||" in source and "A=7*864e5," in source  # 7 days in milliseconds
    assert f">{REFRESH_MINUTES}*6e4)" in source


def test_worker_refreshes_home_prices_news_numbers_and_jobs(client, make_region):
    make_region("serang", hosts=["serang.test"], modules=["kontak", "harga", "berita", "pencaker"])
    make_region("cilegon", hosts=["cilegon.test"], modules=["kontak", "harga", "berita"])
    with_jobs = refreshed_pages(worker(client, base_url="http://serang.test"))
    assert with_jobs[0] == "/" and set(with_jobs) == {"/", "/harga/", "/berita/", "/loker/", "/kontak/"}
    without_jobs = refreshed_pages(worker(client, base_url="http://cilegon.test"))
    assert "/loker/" not in without_jobs and {"/", "/harga/", "/berita/", "/kontak/"} <= set(without_jobs)


def test_worker_remembers_a_persons_own_report_pages_only_with_aspirasi(client, make_region):
    make_region("serang", hosts=["serang.test"], modules=["kontak", "aspirasi"])
    mine = own_pages(worker(client, base_url="http://serang.test"))
    assert mine.match("/aspirasi/12").group(0) == "/aspirasi/12"
    assert mine.match("/aspirasi/12/terkirim").group(0) == "/aspirasi/12"  # the report's page comes along
    for other in ("/aspirasi/", "/aspirasi/baru", "/aspirasi/lacak", "/aspirasi/12/dukung", "/kontak/"):
        assert not mine.match(other), other
    make_region("cilegon", hosts=["cilegon.test"], modules=["kontak"])
    assert not own_pages(worker(client, base_url="http://cilegon.test")).match("/aspirasi/12")


def test_new_cap_or_pages_change_the_worker_version(client, make_region, monkeypatch):
    make_region("serang", hosts=["serang.test"], modules=["kontak"])
    before = re.search(r'S="s-(\w+)"', worker(client, base_url="http://serang.test")).group(1)
    monkeypatch.setattr("webapp.core.pwa.PAGE_CACHE_MAX", 40)
    source = worker(client, base_url="http://serang.test")
    assert "i>=40||" in source and re.search(r'S="s-(\w+)"', source).group(1) != before


@pytest.mark.parametrize("url, module", [("/berita/", "berita"), ("/harga/", "harga"), ("/loker/", "pencaker")])
def test_page_with_an_htmx_fragment_says_it_varies_on_hx_request(client, make_region, url, module):
    make_region("serang", hosts=["localhost"], modules=["kontak", module])
    page = client.get(url)
    fragment = client.get(url, headers=FRAGMENT)
    assert page.status_code == fragment.status_code == 200
    assert b"<!doctype html>" in page.data and b"<!doctype" not in fragment.data  # two renderings of one URL
    for response in (page, fragment):
        assert "HX-Request" in response.headers.get("Vary", "")


def note(page: str) -> str:
    return re.search(r'<p class="offline-note"[^>]*>.*?</p>', page, re.S).group(0)


def test_offline_note_is_hidden_with_an_empty_time_for_the_worker_to_fill(client, region):
    markup = note(client.get("/kontak/", headers={"Accept-Language": "en"}).data.decode())
    # The worker un-hides these two and fills <time> when it shows the page from its cache: keep them as they are.
    assert 'role="status" hidden data-offline-note>' in markup
    assert "<span hidden data-as-of> This page is shown as it was on <time></time>.</span>" in markup


@pytest.mark.parametrize("lang", ["en", "id"])
def test_offline_note_speaks_the_language_of_the_page(client, region, lang):
    markup = note(client.get(f"/kontak/?lang={lang}").data.decode())
    with force_locale(lang):
        offline = gettext("You are offline. Pages you opened before still work.")
        as_of = gettext(AS_OF, time="<time></time>")
    assert offline in markup and as_of in markup
    if lang == "id":  # translated, not the English words
        assert "You are offline" not in markup and "shown as it was" not in markup


def test_worker_finds_the_note_it_fills_in_every_page(client, region):
    source, page = worker(client), client.get("/kontak/").data.decode()
    for marker in re.findall(r'replace\("([^"]+)"', source):  # what the worker un-hides and fills
        assert marker in page, marker


def test_offline_page_carries_the_note_without_a_time(client, region):
    page = client.get("/offline", headers={"Accept-Language": "en"}).data.decode()
    assert "data-offline-note" in note(page) and "<time></time>" in note(page)

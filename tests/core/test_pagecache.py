"""The page cache: anonymous visitors get stored pages, and nobody ever sees a stale or someone else's page."""
from __future__ import annotations

import gzip

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.core.test_staff import admin, post_form, settings  # noqa: F401,F811  (a fixture)
from tests.modules.aspirasi.test_public_views import file_report, place  # noqa: F401  (fixture)
from webapp.core import pagecache
from webapp.extensions import db
from webapp.modules.aspirasi.models import Report

EN = {"Accept-Language": "en"}


@pytest.fixture
def cache(app, tmp_path):
    """The cache switched on for one test, with a clock the test moves."""
    cache = pagecache.enable(app, 30, folder=tmp_path / "versions")
    now = [1000.0]
    cache.clock = lambda: now[0]
    cache.now = now
    yield cache
    pagecache.disable(app)


@pytest.fixture
def visitor(app):
    """A browser that keeps no cookies: every request is a first visit."""
    return app.test_client(use_cookies=False)


def numbers_page(client, host="localhost", **headers):
    return client.get("/kontak/", base_url=f"http://{host}", headers={**EN, **headers})


def test_a_repeated_anonymous_visit_is_answered_from_memory_without_the_database(
        cache, visitor, region, count_statements):
    first = numbers_page(visitor, **{"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and "X-Cache" not in first.headers
    responses = []
    assert count_statements(lambda: responses.append(numbers_page(visitor, **{"Accept-Encoding": "gzip"}))) == 0
    second = responses[0]
    assert second.headers["X-Cache"] == "HIT" and second.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.data) == gzip.decompress(first.data)
    assert "Kota Tangerang" in gzip.decompress(second.data).decode()


def test_a_committed_change_shows_on_the_next_visit(cache, visitor, region):
    numbers_page(visitor)
    assert numbers_page(visitor).headers.get("X-Cache") == "HIT"
    region.emergency_numbers = [{"label": "Posko banjir", "number": "0215550199"}]
    db.session.commit()
    page = numbers_page(visitor)
    assert "X-Cache" not in page.headers and "0215550199" in page.text


def test_a_rolled_back_change_keeps_the_stored_page(cache, visitor, region):
    numbers_page(visitor)
    region.emergency_numbers = [{"label": "Posko banjir", "number": "0215550199"}]
    db.session.flush()
    db.session.rollback()
    assert numbers_page(visitor).headers.get("X-Cache") == "HIT"


def test_a_stored_page_is_rendered_again_after_page_cache_seconds(cache, visitor, region):
    numbers_page(visitor)
    cache.now[0] += 29
    assert numbers_page(visitor).headers.get("X-Cache") == "HIT"
    cache.now[0] += 2
    assert "X-Cache" not in numbers_page(visitor).headers


def test_hosts_languages_and_htmx_requests_each_get_their_own_page(cache, visitor, region, make_region):
    make_region("serang", hosts=["serang.test"], name="Kota Serang")
    for _ in range(2):
        assert "Kota Tangerang" in numbers_page(visitor).text
        assert "Kota Serang" in numbers_page(visitor, host="serang.test").text
        indonesian = numbers_page(visitor, **{"Accept-Language": "id"}).text
        assert 'lang="id"' in indonesian and "Nomor darurat" in indonesian
        assert 'lang="en"' in numbers_page(visitor).text
        fragment = numbers_page(visitor, **{"HX-Request": "true"}).text
        assert "<html" not in fragment and "<html" in numbers_page(visitor).text


def test_a_signed_in_person_neither_gets_nor_fills_the_cache(cache, visitor, client, login, region, make_user):
    numbers_page(visitor)
    login(make_user(region, name="Siti Rahma"))
    stored = cache.stores
    for _ in range(2):
        page = numbers_page(client)
        assert "X-Cache" not in page.headers and 'data-private="true"' in page.text and ">Account<" in page.text
    assert cache.stores == stored
    assert 'data-private="false"' in numbers_page(visitor).text


def test_a_page_that_keeps_something_in_the_session_is_not_stored(cache, client, region):
    client.get("/kontak/?lang=en")  # sets the language cookie
    first_visit = client.get("/masuk", headers=EN)
    assert first_visit.status_code == 200
    assert "X-Cache" not in client.get("/masuk", headers=EN).headers  # the browser now has a session


def test_a_stored_form_gives_each_visitor_a_token_of_their_own_that_works(cache, app, place):  # noqa: F811
    report = file_report(place, title="Lampu jalan mati")
    url = f"/aspirasi/{report.id}"
    app.test_client(use_cookies=False).get(url, headers=EN)
    browsers = [app.test_client() for _ in range(2)]
    pages = [browser.get(url, headers=EN) for browser in browsers]
    assert all(page.headers.get("X-Cache") == "HIT" for page in pages)
    tokens = [csrf_from(page) for page in pages]
    assert tokens[0] != tokens[1] and "serambi-csrf-token" not in pages[0].text
    assert pages[0].headers["Set-Cookie"] != pages[1].headers["Set-Cookie"]
    for browser, token in zip(browsers, tokens):
        answer = browser.post(f"{url}/dukung", data={"csrf_token": token}, headers=EN)
        assert answer.status_code == 303
    # someone else's token is refused
    stolen = app.test_client().post(f"{url}/dukung", data={"csrf_token": tokens[0]}, headers=EN)
    assert stolen.status_code == 400
    db.session.expire_all()
    assert db.session.execute(select(Report.supporters).where(Report.id == report.id)).scalar_one() == 2
    # the supports were written in requests: the next visitor sees the new count at once
    page = app.test_client(use_cookies=False).get(url, headers=EN)
    assert "X-Cache" not in page.headers and "2 people support this report" in page.text


def test_a_write_by_another_worker_reaches_this_one(tmp_path):
    one, other = pagecache.FileVersions(tmp_path), pagecache.FileVersions(tmp_path)
    before = other.current(7)
    one.bump([7])
    after = other.current(7)
    assert after != before and other.current(8)[0] == before[0]
    one.bump([pagecache.GLOBAL])
    assert other.current(8) != other.current(8)[:1] + (b"x",) and other.current(7) != after


def test_redis_versions_are_shared_by_every_process():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    prefix = f"serambi-test:{id(object())}:"
    one, other = pagecache.RedisVersions(url, prefix), pagecache.RedisVersions(url, prefix)
    before = other.current(3)
    one.bump([3])
    assert other.current(3) != before and other.current(4) == before[:1] + (None,)
    one.redis.delete(prefix + "3")


def test_the_cache_keeps_to_its_size(cache, visitor, region, make_region):
    cache.max_bytes = 1
    numbers_page(visitor)
    assert cache.size == 0 and not cache.entries
    cache.max_bytes = 1 << 20
    numbers_page(visitor)
    assert len(cache.entries) == 1 and cache.size == len(next(iter(cache.entries.values())).body)


def test_region_settings_edited_by_its_admin_show_at_once(cache, visitor, client, region, admin):
    numbers_page(visitor)
    answer = post_form(client, "/staf/wilayah", settings(region, name="Kota Tangerang Gemilang"))
    assert answer.status_code == 302
    assert "Kota Tangerang Gemilang" in numbers_page(visitor).text

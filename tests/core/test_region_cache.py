"""The per-worker region cache: a request chooses its region without a query, and any change to a region's
settings (here or in another process) shows on the next request."""
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from webapp import gunicorn_conf
from webapp.core import regioncache
from webapp.core.pagecache import versions_for
from webapp.extensions import db
from webapp.modules.aspirasi import sla
from webapp.modules.aspirasi.models import Category, Holiday
from tests.modules.aspirasi.test_public_views import place  # noqa: F401 (a fixture)


@pytest.fixture
def cache(app):
    made = regioncache.RegionCache(versions_for(app), seconds=300)
    app.extensions["region_cache"] = made
    yield made
    app.extensions.pop("region_cache", None)
    app.extensions.pop("versions", None)  # the other tests run without a version store, as configured


@pytest.fixture
def region_queries(app):
    """How many statements read the region table (by host) during a block."""
    seen = []

    def listener(_conn, _cursor, statement, *_args):
        if "FROM region JOIN region_host" in statement or "count(region.id)" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    yield seen
    event.remove(engine, "before_cursor_execute", listener)


def test_later_requests_choose_the_region_without_a_query(client, region, cache, region_queries):
    assert client.get("/").status_code == 200
    first = len(region_queries)
    assert first >= 1
    for path in ("/", "/kontak/", "/masuk"):
        assert client.get(path).status_code == 200
    assert len(region_queries) == first
    assert cache.hits == 3


def test_a_changed_name_shows_on_the_next_request(client, region, cache):
    assert "Kota Tangerang" in client.get("/").get_data(as_text=True)
    region.name = "Kota Tangerang Baru"
    db.session.commit()
    assert "Kota Tangerang Baru" in client.get("/").get_data(as_text=True)


def test_a_region_suspended_elsewhere_answers_503_at_once(client, region, cache, app):
    assert client.get("/").status_code == 200
    # Another process (the `suspend-region` command, another worker) writes the row and bumps the version:
    # here the row is changed behind the ORM's back, so only the shared version tells this worker.
    db.session.connection().exec_driver_sql(
        "UPDATE region SET suspended_at = '2026-12-01 00:00:00' WHERE id = %d" % region.id)
    assert client.get("/").status_code == 200  # nothing told this worker yet: it still serves from its cache
    versions_for(app).bump([regioncache.VERSION_NAME])
    assert client.get("/").status_code == 503


def test_a_suspension_through_the_orm_needs_no_help(client, region, cache):
    assert client.get("/").status_code == 200
    region.suspended_at = datetime(2026, 12, 1, tzinfo=timezone.utc)
    db.session.commit()
    assert client.get("/").status_code == 503


def test_a_new_host_and_a_new_region_are_seen(client, make_region, cache):
    make_region("tangerang", hosts=["tangerang.test"], name="Kota Tangerang")
    make_region("bogor", hosts=["bogor.test"], name="Kota Bogor")
    assert client.get("/", base_url="http://depok.test").status_code == 404
    make_region("depok", hosts=["depok.test"], name="Kota Depok")
    assert "Kota Depok" in client.get("/", base_url="http://depok.test").get_data(as_text=True)


def test_a_request_changing_its_region_list_does_not_change_the_cached_copy(app, region, cache):
    from webapp.core.regions import region_for_host

    def attach():
        return cache.region_for_host("localhost", region_for_host)

    with app.test_request_context("/"):
        attach()  # loads and keeps it
        first, cached = attach()
        assert cached
        first.modules.append("harga")  # changed in this request only, never saved
        db.session.expunge(first)
        second, _ = attach()
        assert "harga" not in second.modules


def test_random_host_names_cannot_grow_the_cache_without_bound(client, make_region, cache):
    make_region("tangerang", hosts=["tangerang.test"])
    make_region("bogor", hosts=["bogor.test"])
    for n in range(regioncache.MAX_HOSTS + 20):
        cache.region_for_host(f"x{n}.test", lambda host: None)
    assert len(cache.hosts) == regioncache.MAX_HOSTS


def test_holidays_are_read_once_until_one_is_added(app, region, cache, in_region, count_statements):
    in_region(region)
    cache._fresh()  # what every request does first
    assert sla.holidays_for(region) == frozenset()
    assert count_statements(lambda: sla.holidays_for(region)) == 0
    db.session.add(Holiday(day=date(2026, 12, 25), name="Natal"))
    db.session.commit()
    # No request in between (as in the long-running message worker): the lookup itself sees the change.
    assert date(2026, 12, 25) in sla.holidays_for(region)


def test_without_the_version_store_every_request_queries(client, region, cache, region_queries):
    class Broken:
        def get(self, name):
            raise OSError("redis down")

    cache.versions = Broken()
    client.get("/")
    client.get("/")
    assert len(region_queries) >= 2 and cache.hits == 0


@pytest.mark.parametrize("sqlite, bind, expected", [
    (False, ["127.0.0.1:8000"], True),
    (True, ["127.0.0.1:8000"], False),
    (False, ["unix:/run/serambi.sock"], False),
])
def test_threaded_workers_on_tcp_each_get_their_own_socket(monkeypatch, sqlite, bind, expected):
    settings = {"reuse_port": False}
    server = SimpleNamespace(cfg=SimpleNamespace(bind=bind, set=settings.__setitem__))
    monkeypatch.setattr(gunicorn_conf, "_sqlite", sqlite)
    gunicorn_conf.on_starting(server)
    assert settings["reuse_port"] is expected


def test_a_category_taken_out_of_use_is_refused_on_the_next_filing(app, cache, place, count_statements):
    from tests.modules.aspirasi.test_public_views import report_data
    from webapp.modules.aspirasi import flow
    from webapp.modules.aspirasi.rules import FlowError
    from webapp.modules.aspirasi.validation import clean_category

    cache._fresh()
    roads_id = place.roads.id
    assert clean_category(roads_id).name == "Jalan rusak"
    assert count_statements(lambda: clean_category(roads_id)) == 0  # kept, not queried
    report, _ = flow.submit(report_data(place), None, [], None)
    assert report.category.name == "Jalan rusak" and report.category_id == roads_id
    roads = db.session.get(Category, roads_id)
    roads.active = False
    db.session.commit()
    db.session.expunge(roads)  # as in the next request's session: only the cache can answer
    cache._fresh()
    with pytest.raises(FlowError):
        clean_category(roads_id)

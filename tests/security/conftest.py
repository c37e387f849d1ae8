"""A two-region install for the security tests, seeded once for this package.

Kota Tangerang (region "a", on localhost) and Kota Bogor (region "b", on bogor.localhost) both get every
module with the demo's data and one account per role (the demo's e-mail addresses, in each region), plus
the platform admin. The seeding runs inside one transaction that is rolled back when the package is done;
each test runs in a savepoint of it (rolled back after the test), and `Install.apart()` gives a part of a
test its own savepoint, so what one request writes (a blocked account, a closed vacancy) cannot change
what the next one sees.

The walk over both sites (`tests/security/site.py`) is done once here too: every test here fills URL
parameters with ids and codes the app itself links to.

A test here that does not ask for `install` gets the usual per-test transaction, or a savepoint of the
install when another test has set it up already (the install then holds the in-memory database's only
connection).

The walk takes a while; when every test of the run that uses the install is marked `without_walk` (they
read no URLs from it), it is left out.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sqlalchemy.orm import scoped_session, sessionmaker

from tests.conftest import rolled_back, session_bound_to
from tests.security.site import Router, Site, harvest
from webapp.extensions import db

HOSTS = {"a": "localhost", "b": "bogor.localhost"}
STAFF = ("admin", "opd", "editor", "harga", "disnaker")  # webapp.core.models.Role values
PEOPLE = ("anonymous", "citizen", "seeker", "employer", *STAFF, "platform")
# Who walks each site to find its URLs and forms, and where (None: everywhere): between them they see every page.
SEEKER_PAGES, EMPLOYER_PAGES = ("/pencaker/", "/loker/"), ("/pencaker/perusahaan/", "/loker/")
WALKERS = {
    "a": {"anonymous": None, "citizen": ("/akun", "/aspirasi/"), "seeker": SEEKER_PAGES, "employer": EMPLOYER_PAGES,
          "platform": None},
    "b": {"seeker": SEEKER_PAGES, "employer": EMPLOYER_PAGES, "platform": None},
}
PRICE_DAYS = 35  # five weeks of prices instead of the demo's year: every price page has data, seeding is quick
_ACTIVE: dict[str, object] = {}


@dataclass
class Install:
    app: object
    connection: object
    logins: dict[str, dict[str, str | None]]  # region -> person -> Flask-Login id ("17.3"), None: anonymous
    sites: dict[str, Site] = field(default_factory=dict)
    routers: dict[str, Router] = field(default_factory=dict)

    def visitor(self, person: str, region: str = "a", on: str | None = None) -> "Visitor":
        """A fresh browser of `person` of `region`, on the host of region `on` (its own by default)."""
        return Visitor(self.app, HOSTS[on or region], self.logins[region][person])

    @contextmanager
    def apart(self):
        """Whatever the requests inside write is undone afterwards."""
        db.session.remove()
        savepoint = self.connection.begin_nested()
        try:
            yield
        finally:
            db.session.remove()
            savepoint.rollback()


class Visitor:
    """One person's browser on one host: a test client holding their session."""

    def __init__(self, app, host: str, login_id: str | None):
        self.host = host
        self.client = app.test_client()
        if login_id is not None:
            with self.client.session_transaction(base_url=f"http://{host}") as session:
                session["_user_id"] = login_id
                session["_fresh"] = True

    def open(self, url: str, method: str = "GET", **kwargs):
        response = self.client.open(url, method=method, base_url=f"http://{self.host}", **kwargs)
        response.get_data()  # a streamed body (CSV, JSON exports) is read at once, as a browser would
        return response


def _seed() -> dict[str, dict[str, str | None]]:
    """Tangerang as `flask seed-demo` makes it, and Bogor made the same way with every module and account."""
    from webapp.core import demo
    from webapp.core.models import Region, User
    from webapp.core.scoping import region_context
    from webapp.core.wilayah import import_areas
    from webapp.modules import MODULES
    from webapp.modules.berita import demo as berita_demo
    from webapp.modules.harga import demo as harga_demo

    full_year = harga_demo.seed_prices
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(harga_demo, "seed_prices", lambda region, today, days: full_year(region, today, PRICE_DAYS))
        demo.seed()
        bogor = demo.ensure_region(**dict(demo.BOGOR, modules=[m.name for m in MODULES]))
        import_areas(bogor)
        with region_context(bogor):
            departments = {slug: demo.ensure_department(slug, name, short) for slug, name, short in demo.DEPARTMENTS}
            db.session.flush()
            for account in demo.ACCOUNTS:
                demo.ensure_user(account, demo.DEFAULT_PASSWORD, bogor, departments.get(account.department))
        patch.setattr(berita_demo.covers, "variants_from_image", lambda image: None)  # drawing them takes seconds
        demo.run_module_hooks(bogor)
    db.session.commit()

    by_label = {"Citizen": "citizen", "Job seeker": "seeker", "Employer": "employer"}
    emails = {account.role or by_label[account.label]: account.email for account in demo.ACCOUNTS}
    platform = db.session.execute(select(User).where(User.email == demo.PLATFORM_ADMIN.email)
                                  .execution_options(all_regions=True)).scalar_one()
    logins = {}
    for key, slug in (("a", demo.TANGERANG["slug"]), ("b", demo.BOGOR["slug"])):
        users = {u.email: u for u in db.session.execute(
            select(User).join(Region, Region.id == User.region_id).where(Region.slug == slug)
            .execution_options(all_regions=True)).scalars()}
        logins[key] = {person: users[email].get_id() for person, email in emails.items()}
        logins[key].update(anonymous=None, platform=platform.get_id())
    return logins


def pytest_configure(config):
    config.addinivalue_line("markers", "without_walk: the test uses the install but not the walk of its sites")


def _walk_needed(session) -> bool:
    return any("install" in item.fixturenames and item.get_closest_marker("without_walk") is None
               for item in session.items)


@pytest.fixture(scope="package")
def install(app, request):
    """The two regions, seeded and walked once; rolled back when the package's tests are done."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
                                    scopefunc=original.registry.scopefunc)
    try:
        with app.app_context():
            result = Install(app, connection, _seed())
            db.session.remove()
        _ACTIVE["install"] = result
        if _walk_needed(request.session):
            with app.app_context():
                _walk(app, result)
                db.session.remove()
        yield result
    finally:
        _ACTIVE.clear()
        with app.app_context():
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


def _walk(app, install: Install) -> None:
    """Walk both sites as the people who between them see every page, starting from every page without
    URL parameters (in the part of the site each walker walks)."""
    start = ["/", *(rule.rule for rule in app.url_map.iter_rules() if not rule.arguments and "GET" in rule.methods)]
    for region, walkers in WALKERS.items():
        host = HOSTS[region]
        install.routers[region] = router = Router(app, host)
        install.sites[region] = site = Site(host)
        for person, within in walkers.items():
            harvest(install.visitor(person, region).client, host, person, site, start, router, within)


@pytest.fixture(autouse=True)
def _transaction(app):
    """Per test: a savepoint of the install when it is set up, else the usual outer transaction of
    tests/conftest.py."""
    active = _ACTIVE.get("install")
    if active is None:
        with rolled_back(app):
            yield
        return
    with app.app_context():
        savepoint = active.connection.begin_nested()
        try:
            with session_bound_to(active.connection):
                yield
        finally:
            savepoint.rollback()

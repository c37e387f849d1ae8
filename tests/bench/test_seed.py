"""bench/seed.py at a tiny scale: counts follow the scale, the same seed gives the same rows, only the bench
region gets rows, and the app serves the seeded data (main pages, the bench accounts, the API key).

The seed runs inside the suite's per-test transaction (its commits release savepoints), so nothing stays in
the test database; VACUUM ANALYZE is left out (`analyze=False`). No timings here: speed lives in bench/.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bench import seed as bench_seed
from tests.conftest import csrf_from
from webapp.extensions import db

SCALE = 0.001
TODAY = datetime.now(ZoneInfo(bench_seed.TIMEZONE)).date()
FINGERPRINTED = ("user", "pencaker_employer", "pencaker_vacancy", "pencaker_seeker", "pencaker_education",
                 "pencaker_card", "pencaker_card_event", "pencaker_application", "pencaker_application_event",
                 "aspirasi_report", "aspirasi_event", "aspirasi_support", "harga_price", "harga_daily",
                 "berita_article", "berita_revision")
UNSALTED = {"password_hash"}  # salted: differs on every run by design


def run_seed(app, rng_seed: int = 7) -> dict:
    return bench_seed.seed(app, SCALE, rng_seed, progress=None, today=TODAY, analyze=False)


@pytest.fixture
def seeded(app):
    return run_seed(app)


def region_tables():
    return [t for t in db.metadata.sorted_tables if "region_id" in t.c]


def rows_of(table: str, region_id: int) -> int:
    t = db.metadata.tables[table]
    return db.session.execute(select(func.count()).select_from(t).where(t.c.region_id == region_id)).scalar()


def test_counts_follow_the_scale(seeded):
    region_id = seeded["region_id"]
    for table, full in bench_seed.FULL.items():
        expected = max(1, round(full * SCALE))
        assert seeded[table] == rows_of(table, region_id), table
        if table == "harga_price":  # whole days of 20 markets x 25 commodities, ~96.5 % of them reported
            assert 0.9 * expected <= seeded[table] <= expected + 500, (table, seeded[table])
        else:
            assert seeded[table] == expected, (table, seeded[table], expected)
    for table in ("aspirasi_event", "aspirasi_support", "pencaker_education", "pencaker_card",
                  "pencaker_application_event", "harga_daily", "berita_revision", "area", "department"):
        assert seeded[table] >= 1, table
        if table in ("area", "department"):
            continue
        assert seeded[table] == rows_of(table, region_id), table
    # every report has a timeline that starts with its submission; every closed one ends closed
    events = db.metadata.tables["aspirasi_event"]
    reports = db.metadata.tables["aspirasi_report"]
    submitted = db.session.execute(select(func.count()).select_from(events).where(
        events.c.action == "submitted", events.c.region_id == region_id)).scalar()
    assert submitted == seeded["aspirasi_report"]
    statuses = dict(db.session.execute(select(reports.c.status, func.count()).where(
        reports.c.region_id == region_id).group_by(reports.c.status)).all())
    assert statuses.get("selesai", 0) > seeded["aspirasi_report"] / 2, statuses  # most are done
    assert isinstance(seeded["api_key"], str) and seeded["api_key"].startswith("srb_")


def fingerprint(region_id: int) -> dict[str, str]:
    """A digest per table of its rows, ids and foreign keys taken relative to the smallest id of their table
    in this region (PostgreSQL sequences are not rolled back, so the reference rows get other ids)."""
    tables = db.metadata.tables
    bases: dict[str, int] = {"region": region_id}

    def base(name: str) -> int:
        if name not in bases:
            t = tables[name]
            query = select(func.min(t.c.id))
            if "region_id" in t.c:
                query = query.where(t.c.region_id == region_id)
            bases[name] = db.session.execute(query).scalar() or 0
        return bases[name]

    digests = {}
    for name in FINGERPRINTED:
        t = tables[name]
        lines = []
        for row in db.session.execute(select(t).where(t.c.region_id == region_id).order_by(t.c.id)).mappings():
            values = []
            for column in t.c:
                value = row[column.name]
                if column.name in UNSALTED:
                    continue
                if value is not None and column.name == "id":
                    value -= base(name)
                elif value is not None and column.foreign_keys:
                    value -= base(next(iter(column.foreign_keys)).column.table.name)
                values.append(repr(value))
            lines.append("|".join(values))
        assert lines, name
        digests[name] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return digests


def test_the_same_seed_gives_the_same_rows(app):
    connection = db.session.get_bind()  # the suite's connection, inside its outer transaction
    savepoint = connection.begin_nested()
    first = run_seed(app)
    before = fingerprint(first["region_id"])
    db.session.close()
    savepoint.rollback()
    assert db.session.execute(select(func.count()).select_from(db.metadata.tables["region"])).scalar() == 0
    db.session.close()  # the session's own savepoint must not enclose ours
    savepoint = connection.begin_nested()
    second = run_seed(app)
    assert fingerprint(second["region_id"]) == before
    assert {k: v for k, v in second.items() if isinstance(v, int) and k != "region_id"} == \
        {k: v for k, v in first.items() if isinstance(v, int) and k != "region_id"}
    db.session.close()
    savepoint.rollback()
    other = run_seed(app, rng_seed=8)
    changed = fingerprint(other["region_id"])
    assert changed["aspirasi_report"] != before["aspirasi_report"]
    assert changed["pencaker_seeker"] != before["pencaker_seeker"]


def test_only_the_bench_region_gets_rows(app, make_region):
    other = make_region("lain", hosts=["lain.test"], code="99.01", modules=["aspirasi", "harga"])
    def count(t, *where):
        return db.session.execute(select(func.count()).select_from(t).where(*where)).scalar()

    before = {t.name: count(t) for t in region_tables()}  # the other region's own rows (its host)
    result = run_seed(app)
    assert result["region_id"] != other.id
    after = {t.name: count(t, t.c.region_id != result["region_id"]) for t in region_tables()}
    assert after == before
    assert count(db.metadata.tables["aspirasi_report"], db.metadata.tables["aspirasi_report"].c.region_id
                 == result["region_id"]) == result["aspirasi_report"]
    regions = db.metadata.tables["region"]
    bench = db.session.execute(select(regions).where(regions.c.id == result["region_id"])).mappings().one()
    assert (bench["slug"], bench["name"], bench["code"], bench["timezone"]) == \
        ("bench", "Kota Bench", "36.71", "Asia/Jakarta")
    assert set(bench["modules"]) == {"aspirasi", "pencaker", "harga", "berita", "kontak"}


def first_id(table: str, *conditions):
    t = db.metadata.tables[table]
    return db.session.execute(select(t.c.id).where(*conditions).order_by(t.c.id).limit(1)).scalar_one()


def test_the_main_pages_answer_on_the_seeded_data(seeded, client):
    tables = db.metadata.tables
    reports, vacancies, articles = tables["aspirasi_report"], tables["pencaker_vacancy"], tables["berita_article"]
    report = first_id("aspirasi_report", reports.c.privacy != "rahasia", reports.c.merged_into_id.is_(None))
    vacancy = first_id("pencaker_vacancy", vacancies.c.status == "published", vacancies.c.closes_on >= TODAY)
    commodity = db.session.execute(select(tables["harga_commodity"].c.slug).order_by(
        tables["harga_commodity"].c.id).limit(1)).scalar_one()
    article = db.session.execute(select(articles.c.slug).where(articles.c.status == "published").order_by(
        articles.c.id).limit(1)).scalar_one()
    paths = ["/", "/aspirasi/", f"/aspirasi/{report}", "/loker/", f"/loker/{vacancy}", "/harga/",
             f"/harga/{commodity}", "/berita/", f"/berita/{article}", "/kontak/", "/open311/v2/requests.json",
             "/api/v1/reports"]
    for host in ("localhost", "127.0.0.1"):
        for path in paths:
            response = client.get(path, base_url=f"http://{host}")
            assert response.status_code == 200, (host, path, response.status_code)
    listing = client.get("/aspirasi/", base_url="http://localhost").get_data(as_text=True)
    title = db.session.execute(select(reports.c.title).where(reports.c.id == report)).scalar_one()
    assert title in client.get(f"/aspirasi/{report}", base_url="http://localhost").get_data(as_text=True)
    assert "Kota Bench" in listing
    assert len(client.get("/open311/v2/requests.json", base_url="http://localhost").get_json()) >= 1


@pytest.mark.parametrize("role, email", [("admin", "bench-admin@localhost"), ("harga", "bench-harga@localhost")])
def test_the_bench_accounts_sign_in(seeded, client, role, email):
    account = seeded["accounts"][role]
    assert account["email"] == email and account["password"] == bench_seed.PASSWORD
    users = db.metadata.tables["user"]
    stored = db.session.execute(select(users.c.password_hash, users.c.phone).where(users.c.email == email)).one()
    assert stored.password_hash.startswith("pbkdf2:sha256:1000$")  # the app's method (the suite's config)
    assert stored.phone == account["phone"]
    token = csrf_from(client.get("/masuk", base_url="http://localhost"))
    wrong = client.post("/masuk", data={"login": account["phone"], "password": "salah", "csrf_token": token},
                        base_url="http://localhost")
    assert wrong.status_code == 422
    response = client.post("/masuk", data={"login": account["phone"], "password": account["password"],
                                           "csrf_token": token}, base_url="http://localhost")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert client.get("/staf/", base_url="http://localhost").status_code == 200


def test_the_api_key_authenticates(seeded, app):
    from webapp.core.api.keys import authenticate
    from webapp.core.models import Region
    from webapp.core.scoping import region_context

    region = db.session.get(Region, seeded["region_id"])
    with app.test_request_context(base_url="http://localhost"), region_context(region):
        key = authenticate(seeded["api_key"])
        assert key is not None and key.region_id == region.id
        secret = seeded["api_key"]
        wrong = secret[:-1] + ("y" if secret.endswith("x") else "x")  # a secret may itself end in "x"
        assert authenticate(wrong) is None

"""Upgrades keep data: a database created at the first migration, filled the way the app of that time filled
it, and given each module's rows as soon as its first migration exists, is upgraded step by step to head;
every row is still there and the app works with it (the region loads, the citizen signs in with the old
password, the old report's public page shows). On SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, column, select, table, text
from werkzeug.security import generate_password_hash

from tests.conftest import csrf_from
from tests.core.test_backup import POSTGRES, drop_postgres_database, make_app, postgres_database
from webapp.core.clock import as_utc
from webapp.core.models import Area, Department, Region, RoleGrant, User
from webapp.extensions import db
from webapp.modules.aspirasi.models import Report
from webapp.modules.berita.models import Article
from webapp.modules.harga.models import DailyPrice, Price
from webapp.modules.pencaker.models import Application, Card, Seeker

FIRST = "6ab77c438e01"
OLD_PASSWORD = "sandi-lama-2026"
WHEN = datetime(2026, 11, 30, 1, 15, 30, 123456, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _transaction():
    """Each test migrates its own database: no shared transaction to roll back."""
    yield


@pytest.fixture(params=["sqlite", "postgresql"])
def old_app(request, tmp_path):
    """An app on an empty database of its own."""
    if request.param == "sqlite":
        yield make_app(f"sqlite:///{tmp_path / 'old.db'}", tmp_path / "uploads")
        return
    if not POSTGRES:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = postgres_database("upgrade")
    yield make_app(url, tmp_path / "uploads")
    drop_postgres_database(url)


def insert(conn, table_name: str, /, **values) -> int:
    """INSERT one row into `table_name` as the schema of that revision has it (no ORM model); returns its id."""
    kinds = {datetime: DateTime(timezone=True), date: Date, bool: Boolean, dict: JSON, list: JSON}
    columns = [column(key, kinds.get(type(value))) for key, value in values.items()]
    target = table(table_name, column("id", Integer), *columns)
    return conn.execute(target.insert().values(**values).returning(target.c.id)).scalar_one()


def at_first_migration(conn) -> dict:
    """A small region as the first release stored it: hosts, areas, an OPD, a citizen and an officer."""
    ids = {}
    ids["region"] = region = insert(
        conn, "region", slug="tangerang", name="Kota Tangerang", kind="kota", code="36.71", timezone="Asia/Jakarta",
        default_locale="id", locales=["id", "en"], theme_color="#006b3f", tagline="Layanan warga",
        modules=["aspirasi", "harga", "berita", "pencaker", "kontak"], contact_phone="(021) 5588 8888",
        emergency_numbers=[{"label": "Polisi", "number": "110", "group": "Darurat"}],
        settings={"bbox": [106.55, -6.29, 106.74, -6.10]}, created_at=WHEN)
    insert(conn, "region_host", region_id=region, host="localhost")
    ids["kecamatan"] = insert(conn, "area", code="36.71.01", name="Tangerang", level="kecamatan", region_id=region)
    ids["kelurahan"] = insert(conn, "area", code="36.71.01.1001", name="Sukaasih", level="kelurahan",
                              parent_id=ids["kecamatan"], region_id=region)
    ids["department"] = insert(conn, "department", slug="dpupr", name="Dinas Pekerjaan Umum dan Penataan Ruang",
                               short_name="DPUPR", email="dpupr@example.id", active=True, region_id=region)
    common = dict(region_id=region, password_hash=generate_password_hash(OLD_PASSWORD, method="pbkdf2:sha256:1000"),
                  is_platform_admin=False, blocked=False, session_version=1, created_at=WHEN)
    ids["citizen"] = insert(conn, "user", name="Siti Aminah", email="siti@example.id", phone="+6281234567890",
                            locale="id", **common)
    ids["officer"] = insert(conn, "user", name="Petugas DPUPR", email="opd@example.id", **common)
    insert(conn, "role_grant", user_id=ids["officer"], role="opd", department_id=ids["department"], region_id=region)
    insert(conn, "idempotency_key", scope="aspirasi", key="k-123", result="1", created_at=WHEN, region_id=region)
    return ids


def at_aspirasi01(conn, ids) -> None:
    region = ids["region"]
    category = insert(conn, "aspirasi_category", slug="jalan", name="Jalan rusak", sensitive=False,
                      department_id=ids["department"], verify_days=1, response_days=5, position=0, active=True,
                      region_id=region)
    insert(conn, "aspirasi_route", category_id=category, kecamatan_id=ids["kecamatan"],
           department_id=ids["department"], region_id=region)
    insert(conn, "aspirasi_holiday", day=date(2026, 12, 25), name="Hari Raya Natal", region_id=region)
    insert(conn, "aspirasi_template", category_id=category, title="Sedang ditangani", body="Terima kasih.",
           region_id=region)
    ids["report"] = report = insert(
        conn, "aspirasi_report", code="TNG-7K2P9Q", kind="pengaduan", category_id=category,
        title="Lubang besar di Jalan Satria Sudirman", description="Lubang sedalam 20 cm di depan Puspem.",
        kecamatan_id=ids["kecamatan"], kelurahan_id=ids["kelurahan"], address="Jl. Satria Sudirman No. 1",
        lat=-6.1781, lng=106.6300, privacy="publik", status="ditindaklanjuti", department_id=ids["department"],
        assignee_id=ids["officer"], reporter_id=ids["citizen"], reporter_name="Siti Aminah", source="web",
        locale="id", hidden=False, supporters=1, reopen_count=0, created_at=WHEN, updated_at=WHEN,
        verified_at=WHEN, disposed_at=WHEN, region_id=region)
    for action, status in (("submitted", "diterima"), ("verified", "diverifikasi"), ("disposed", "didisposisikan")):
        insert(conn, "aspirasi_event", report_id=report, action=action, to_status=status, body="Tahap " + action,
               public=True, actor_id=ids["officer"], created_at=WHEN, region_id=region)
    insert(conn, "aspirasi_photo", report_id=report, stage="before", path="tangerang/aspirasi/a1b2c3.jpg",
           thumb_path="tangerang/aspirasi/a1b2c3.thumb.jpg", width=1280, height=960, hidden=False, created_at=WHEN,
           region_id=region)
    insert(conn, "aspirasi_support", report_id=report, supporter="user:%d" % ids["officer"], created_at=WHEN,
           region_id=region)


def at_harga01(conn, ids) -> None:
    region = ids["region"]
    commodity = insert(conn, "harga_commodity", slug="beras-medium", national_code="beras_medium",
                       name="Beras medium", unit="kg", group="beras", tracked=True, featured=True, position=0,
                       region_id=region)
    market = insert(conn, "harga_market", slug="pasar-anyar", name="Pasar Anyar", address="Jl. Ki Samaun",
                    kecamatan_id=ids["kecamatan"], active=True, position=0, created_at=WHEN, region_id=region)
    insert(conn, "harga_market_officer", market_id=market, user_id=ids["officer"], region_id=region)
    insert(conn, "harga_reference", commodity_id=commodity, kind="het", zone="1", price=13500,
           valid_from=date(2026, 1, 1), source="Badan Pangan Nasional", region_id=region)
    insert(conn, "harga_price", market_id=market, commodity_id=commodity, day=date(2026, 11, 30), price=13200,
           entered_by_id=ids["officer"], entered_at=WHEN, source="form", region_id=region)
    insert(conn, "harga_price_change", market_id=market, commodity_id=commodity, day=date(2026, 11, 30),
           new_price=13200, changed_by_id=ids["officer"], changed_at=WHEN, source="form", region_id=region)
    insert(conn, "harga_daily", commodity_id=commodity, day=date(2026, 11, 30), median=13200, low=13200,
           high=13200, markets=1, cheapest_market_id=market, region_id=region)


def at_berita01(conn, ids) -> None:
    region = ids["region"]
    category = insert(conn, "berita_category", slug="pemerintahan", name="Pemerintahan", position=0,
                      region_id=region)
    article = insert(
        conn, "berita_article", slug="jalan-satria-diperbaiki", title="Jalan Satria Sudirman diperbaiki",
        summary="Perbaikan selesai pekan ini.", body="Perbaikan **selesai**.", body_html="<p>Perbaikan</p>",
        cover={"path": "tangerang/berita/cover.jpg", "width": 1200}, cover_alt="Jalan baru", category_id=category,
        tags=["jalan", "infrastruktur"], department_id=ids["department"], status="published", publish_at=WHEN,
        created_by_id=ids["officer"], created_at=WHEN, region_id=region)
    insert(conn, "berita_revision", article_id=article, title="Jalan diperbaiki", summary="Draf", body="Draf",
           tags=["jalan"], category_id=category, status="draft", saved_by_id=ids["officer"], saved_at=WHEN,
           region_id=region)
    insert(conn, "berita_page", slug="tentang", title="Tentang kota", body="Kota.", body_html="<p>Kota.</p>",
           position=0, published=True, region_id=region)
    insert(conn, "berita_announcement", title="Libur akhir tahun", body="Kantor tutup.", body_html="<p>Tutup</p>",
           starts_at=WHEN, published=True, created_at=WHEN, region_id=region)


def at_pencaker01(conn, ids) -> None:
    region = ids["region"]
    seeker = insert(
        conn, "pencaker_seeker", user_id=ids["citizen"], nik="3671014107900001", full_name="Siti Aminah",
        birth_place="Tangerang", birth_date=date(1990, 7, 1), gender="P", religion="islam", marital_status="married",
        address="Jl. Merdeka 5", kecamatan_code="36.71.01", phone="+6281234567890", skills="Akuntansi",
        jobs_wanted="Staf keuangan", places_wanted="Kota Tangerang", registered_via="online", consent_at=WHEN,
        created_at=WHEN, region_id=region)
    insert(conn, "pencaker_education", seeker_id=seeker, level="S1", major="Akuntansi", school="Universitas Terbuka",
           year=2012, region_id=region)
    card = insert(conn, "pencaker_card", seeker_id=seeker, kind="new", status="active", number="3671-2026-000001",
                  issued_on=date(2026, 11, 30), valid_until=date(2028, 11, 30), snapshot={"full_name": "Siti Aminah"},
                  verify_token="tok-0001", note="", submitted_at=WHEN, decided_at=WHEN, region_id=region)
    insert(conn, "pencaker_card_event", card_id=card, action="approved", note="", created_at=WHEN, region_id=region)
    employer = insert(conn, "pencaker_employer", name="PT Maju Jaya", nib="1234567890123", sector="C",
                      address="Jl. Industri 1", contact_name="Budi", contact_phone="+62215550001",
                      description="Pabrik", status="verified", created_at=WHEN, region_id=region)
    vacancy = insert(conn, "pencaker_vacancy", employer_id=employer, title="Staf akuntansi", sector="C",
                     description="Mencatat transaksi.", requirements="S1 Akuntansi", min_education="S1",
                     remote=False, employment_type="FULL_TIME", openings=2, closes_on=date(2027, 1, 31),
                     disability_friendly=True, status="published", published_at=WHEN, created_at=WHEN, region_id=region)
    insert(conn, "pencaker_application", vacancy_id=vacancy, seeker_id=seeker, status="sent",
           cover_note="Saya berminat.", created_at=WHEN, region_id=region)


MODULE_STEPS = [("aspirasi01", at_aspirasi01), ("harga01", at_harga01), ("berita01", at_berita01),
                ("pencaker01", at_pencaker01)]


def row_counts(conn) -> dict[str, int]:
    from sqlalchemy import inspect

    return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            for name in inspect(conn).get_table_names() if name != "alembic_version"}


def test_alembic_has_a_single_head(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'heads.db'}", tmp_path / "uploads")
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1, script.get_heads()
        assert script.get_base() == FIRST


def test_data_from_the_first_migration_survives_every_upgrade_to_head(old_app):
    with old_app.app_context():
        upgrade(revision=FIRST)
        with db.engine.begin() as conn:
            ids = at_first_migration(conn)
        for revision, fill in MODULE_STEPS:
            upgrade(revision=revision)
            with db.engine.begin() as conn:
                fill(conn, ids)
        with db.engine.connect() as conn:
            before = {name: n for name, n in row_counts(conn).items() if n}
        upgrade(revision="head")
        with db.engine.connect() as conn:
            after = row_counts(conn)
        assert {name: after[name] for name in before} == before  # not one row lost on the way

        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        assert (region.name, region.modules[0], region.settings["bbox"][0]) == ("Kota Tangerang", "aspirasi", 106.55)
        assert region.suspended_at is None and [h.host for h in region.hosts] == ["localhost"]
        areas = db.session.execute(select(Area).execution_options(all_regions=True)).scalars().all()
        assert len(areas) == 2 and all(a.active for a in areas)  # reg01's new column filled for old rows
        citizen = db.session.get(User, ids["citizen"])
        assert citizen.check_password(OLD_PASSWORD) and citizen.two_factor_secret is None
        assert citizen.session_version == 2  # sec01 ends the sessions from before it
        grant = db.session.execute(select(RoleGrant).execution_options(all_regions=True)).scalar_one()
        assert grant.user_id == ids["officer"] and grant.department.short_name == "DPUPR"
        report = db.session.execute(select(Report).execution_options(all_regions=True)).scalar_one()
        assert report.category.name == "Jalan rusak" and report.kecamatan.name == "Tangerang"
        assert [e.action for e in report.events] == ["submitted", "verified", "disposed"]
        assert len(report.photos) == 1 and report.reporter.email == "siti@example.id"
        assert as_utc(report.created_at) == WHEN
        price = db.session.execute(select(Price).execution_options(all_regions=True)).scalar_one()
        daily = db.session.execute(select(DailyPrice).execution_options(all_regions=True)).scalar_one()
        assert (price.price, price.day, daily.median) == (13200, date(2026, 11, 30), 13200)
        article = db.session.execute(select(Article).execution_options(all_regions=True)).scalar_one()
        assert article.tags == ["jalan", "infrastruktur"] and article.cover["width"] == 1200
        seeker = db.session.execute(select(Seeker).execution_options(all_regions=True)).scalar_one()
        card = db.session.execute(select(Card).execution_options(all_regions=True)).scalar_one()
        application = db.session.execute(select(Application).execution_options(all_regions=True)).scalar_one()
        assert (seeker.nik, card.number, application.seeker_id) == ("3671014107900001", "3671-2026-000001", seeker.id)
        assert db.session.get(Department, ids["department"]).name.startswith("Dinas Pekerjaan Umum")
        db.session.remove()

    client = old_app.test_client()
    token = csrf_from(client.get("/masuk"))
    signed_in = client.post("/masuk", data={"login": "siti@example.id", "password": OLD_PASSWORD, "csrf_token": token})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/akun"
    page = client.get(f"/aspirasi/{ids['report']}")
    assert page.status_code == 200 and "Lubang besar di Jalan Satria Sudirman" in page.get_data(as_text=True)

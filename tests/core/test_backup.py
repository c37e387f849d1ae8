"""`flask backup` and `flask restore`: a seeded demo goes into one archive and comes back row for row, with
its uploaded files, on SQLite and (with TEST_DATABASE_URL) on PostgreSQL, also from one to the other; a
missing or damaged archive, or a database that already holds data, is refused with a clear message."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import JSON, MetaData, Text, cast, create_engine, select
from sqlalchemy.engine import make_url

from tests.conftest import csrf_from
from webapp import create_app
from webapp.config import TestConfig, _database_url
from webapp.core.clock import as_utc
from webapp.core.models import Region, User
from webapp.extensions import db
from webapp.modules.aspirasi.models import Report
from webapp.modules.harga.models import Price

POSTGRES = os.environ.get("TEST_DATABASE_URL")
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="TEST_DATABASE_URL is not set")


@pytest.fixture(autouse=True)
def _transaction():
    """These tests run their own apps on their own databases: no shared transaction to roll back."""
    yield


# ------------------------------------------------------------------------------------------------ helpers

def postgres_database(suffix: str) -> str:
    """A fresh, empty PostgreSQL database beside TEST_DATABASE_URL's, named after it (`<name>_<suffix>`)."""
    base = make_url(_database_url(POSTGRES))
    name = f"{base.database}_{suffix}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
    admin.dispose()


def make_app(database_url: str, uploads: Path, **config):
    settings = TestConfig(database_url=database_url)
    settings.UPLOAD_DIR = str(uploads)
    for key, value in config.items():
        setattr(settings, key, value)
    return create_app(settings)


def run(app, *args):
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def migrated_and_seeded(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    seeded = run(app, "seed-demo", "--with-second-region")
    assert seeded.exit_code == 0, seeded.output


def rows_of_every_table(app) -> dict[str, list[tuple]]:
    """Every row of every table, in key order, in a form both databases agree on (UTC times, parsed JSON,
    SQL NULL apart from JSON null)."""
    with app.app_context(), db.engine.connect() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        tables = {}
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
            columns = [cast(c, Text) if c.name in json_columns else c for c in table.columns]
            names = [c.name for c in table.columns]
            result = conn.execute(select(*columns).order_by(*table.primary_key.columns))
            tables[table.name] = [
                tuple(_comparable(value, name in json_columns) for name, value in zip(names, row)) for row in result
            ]
        return tables


def _comparable(value, is_json: bool):
    if is_json:
        return ("json", json.loads(value)) if value is not None else None
    if isinstance(value, datetime):
        return as_utc(value)
    return value


def uploaded_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_data(source, restored) -> None:
    before, after = rows_of_every_table(source), rows_of_every_table(restored)
    assert sorted(after) == sorted(before)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    for table, rows in before.items():
        assert after[table] == rows, f"rows of {table} differ after the restore"


def assert_demo_works(app) -> None:
    """The restored demo through the app itself: reports, prices, accounts and a real sign-in."""
    from webapp.core import demo  # (after create_app: importing it first trips a circular import)

    with app.app_context():
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        assert region.settings["bbox"] == demo.TANGERANG["settings"]["bbox"]
        reports = db.session.execute(select(Report).execution_options(all_regions=True)).scalars().all()
        assert len(reports) >= 35 and all(r.events for r in reports)
        price = db.session.execute(select(Price).execution_options(all_regions=True).limit(1)).scalar_one()
        assert price.price > 0 and isinstance(price.day, date)
        citizen = db.session.execute(select(User).where(User.email == "warga@demo.serambi.id")
                                     .execution_options(all_regions=True)).scalar_one()
        assert citizen.check_password(demo.DEFAULT_PASSWORD)
    client = app.test_client()
    token = csrf_from(client.get("/masuk"))
    signed_in = client.post("/masuk", data={"login": "warga@demo.serambi.id", "password": demo.DEFAULT_PASSWORD,
                                            "csrf_token": token})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/akun"
    assert client.get("/akun").status_code == 200


def assert_new_rows_can_be_added(app) -> None:
    """Ids continue after the restored ones (PostgreSQL's sequences were moved past them)."""
    with app.app_context():
        region = db.session.execute(select(Region).where(Region.slug == "tangerang")).scalar_one()
        highest = db.session.execute(select(User.id).order_by(User.id.desc()).limit(1)
                                     .execution_options(all_regions=True)).scalar_one()
        user = User(region_id=region.id, name="Warga Baru", email="baru@example.id")
        user.set_password("sandi-baru-123")
        db.session.add(user)
        db.session.commit()
        assert user.id > highest


# ----------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    """A seeded demo on a SQLite file, with its uploads (the Aspirasi photos), and its backup."""
    folder = tmp_path_factory.mktemp("sqlite-demo")
    app = make_app(f"sqlite:///{folder / 'serambi.db'}", folder / "uploads")
    migrated_and_seeded(app)
    archive = folder / "demo.tar.gz"
    made = run(app, "backup", archive)
    assert made.exit_code == 0, made.output
    return app, archive, made.output


@pytest.fixture
def empty_sqlite(tmp_path):
    return make_app(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path / "restored-uploads")


# ---------------------------------------------------------------------------------------------- SQLite

def test_sqlite_backup_round_trips_every_row_and_upload(sqlite_demo, empty_sqlite):
    source, archive, output = sqlite_demo
    assert "SQLite online backup API" in output
    restored = run(empty_sqlite, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(source, empty_sqlite)
    photos = uploaded_files(Path(source.config["UPLOAD_DIR"]))
    assert any(name.endswith(".jpg") for name in photos)
    assert uploaded_files(Path(empty_sqlite.config["UPLOAD_DIR"])) == photos
    assert_demo_works(empty_sqlite)
    assert_new_rows_can_be_added(empty_sqlite)


def test_the_archive_says_what_it_holds(sqlite_demo):
    source, archive, output = sqlite_demo
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json" and "database/serambi.sqlite3" in names
    assert manifest["format"] == "serambi-backup" and manifest["version"] == 1
    assert manifest["database"] | {"kind": "sqlite", "dump": "sqlite"} == manifest["database"]
    with source.app_context():
        from alembic.script import ScriptDirectory

        heads = ScriptDirectory.from_config(source.extensions["migrate"].migrate.get_config()).get_heads()
    assert manifest["revisions"] == heads
    counts = {name: len(rows) for name, rows in rows_of_every_table(source).items()}
    assert manifest["tables"] == counts and counts["region"] == 2
    assert manifest["uploads"]["files"] == len(uploaded_files(Path(source.config["UPLOAD_DIR"])))
    assert oct(archive.stat().st_mode & 0o777) == oct(0o600)  # personal data: readable by its owner only
    assert f"{len(counts)} tables" in output


def test_a_backup_taken_while_someone_writes_holds_only_what_was_committed(sqlite_demo, empty_sqlite, tmp_path):
    """The app keeps running: a transaction open during the backup neither blocks it nor ends up half in it."""
    source, _, _ = sqlite_demo
    writer = sqlite3.connect(make_url(source.config["SQLALCHEMY_DATABASE_URI"]).database, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a request saving a form does
        writer.execute("UPDATE region SET tagline = 'setengah jadi'")
        archive = tmp_path / "during.tar.gz"
        made = run(source, "backup", archive)
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert made.exit_code == 0, made.output
    assert run(empty_sqlite, "restore", archive).exit_code == 0
    with empty_sqlite.app_context():
        taglines = set(db.session.execute(select(Region.tagline)).scalars())
    assert "setengah jadi" not in taglines and taglines


def test_restore_into_a_database_with_data_needs_force(sqlite_demo, empty_sqlite):
    source, archive, _ = sqlite_demo
    assert run(empty_sqlite, "restore", archive).exit_code == 0
    assert_new_rows_can_be_added(empty_sqlite)  # the copy now differs from the archive
    refused = run(empty_sqlite, "restore", archive)
    assert refused.exit_code != 0 and not isinstance(refused.exception, (AssertionError, KeyError, TypeError))
    assert "already holds data" in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output
    with empty_sqlite.app_context():
        assert db.session.execute(select(User).where(User.email == "baru@example.id")
                                  .execution_options(all_regions=True)).scalar_one_or_none() is not None
    forced = run(empty_sqlite, "restore", "--force", archive)
    assert forced.exit_code == 0, forced.output
    assert_same_data(source, empty_sqlite)  # the added account is gone, everything else is as archived


def test_a_missing_archive_is_a_clear_error(empty_sqlite, tmp_path):
    result = run(empty_sqlite, "restore", tmp_path / "nowhere.tar.gz")
    assert result.exit_code == 1
    assert "nowhere.tar.gz: no such file" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not ours", "manifest only"])
def test_a_damaged_archive_is_refused_before_anything_is_touched(sqlite_demo, empty_sqlite, tmp_path, damage):
    source, archive, _ = sqlite_demo
    assert run(empty_sqlite, "restore", archive).exit_code == 0
    assert_new_rows_can_be_added(empty_sqlite)
    bad = tmp_path / "bad.tar.gz"
    if damage == "garbage":
        bad.write_bytes(os.urandom(4096))
    elif damage == "truncated":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    else:
        with tarfile.open(bad, "w:gz") as tar:
            if damage == "not ours":
                data = b"just some file"
                info = tarfile.TarInfo("readme.txt")
            else:
                with tarfile.open(archive) as original:
                    data = original.extractfile("manifest.json").read()
                info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    result = run(empty_sqlite, "restore", "--force", bad)
    assert result.exit_code == 1, result.output
    assert "Error:" in result.output and "Traceback" not in result.output
    assert any(words in result.output for words in ("not a readable Serambi backup", "damaged",
                                                    "not a Serambi backup", "incomplete"))
    with empty_sqlite.app_context():  # --force was given, yet nothing was wiped
        assert db.session.execute(select(User).where(User.email == "baru@example.id")
                                  .execution_options(all_regions=True)).scalar_one_or_none() is not None


def test_backup_into_a_directory_keeps_the_newest_archives(sqlite_demo, tmp_path):
    source, _, _ = sqlite_demo
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20240101-020000", "20240102-020000", "20240103-020000"):
        (folder / f"serambi-backup-{stamp}.tar.gz").write_bytes(b"old")
    result = run(source, "backup", "--keep", 2, folder)
    assert result.exit_code == 0, result.output
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2 and kept[0] == "serambi-backup-20240103-020000.tar.gz"
    assert kept[1].startswith("serambi-backup-2") and kept[1].endswith(".tar.gz")
    assert "removed the older archive" in result.output


def test_an_unwritable_destination_is_a_clear_error(sqlite_demo, tmp_path):
    source, _, _ = sqlite_demo
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run(source, "backup", blocker / "backup.tar.gz")
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output


def test_a_restore_with_another_secret_key_warns_about_sign_ins(sqlite_demo, tmp_path):
    _, archive, _ = sqlite_demo
    other = make_app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "uploads", SECRET_KEY="another-key")
    result = run(other, "restore", archive)
    assert result.exit_code == 0, result.output
    assert "SECRET_KEY differs" in result.output


def test_a_portable_sqlite_archive_restores_too(sqlite_demo, empty_sqlite, tmp_path):
    source, _, _ = sqlite_demo
    archive = tmp_path / "portable.tar.gz"
    made = run(source, "backup", "--portable", archive)
    assert made.exit_code == 0 and "portable JSON rows" in made.output
    with tarfile.open(archive) as tar:
        assert "database/rows/aspirasi_report.jsonl" in tar.getnames()
    restored = run(empty_sqlite, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(source, empty_sqlite)


def test_an_older_archive_ends_at_its_revision_and_asks_for_an_upgrade(tmp_path):
    from flask_migrate import upgrade

    old = make_app(f"sqlite:///{tmp_path / 'old.db'}", tmp_path / "old-uploads")
    with old.app_context():
        upgrade(revision="berita01")
    archive = tmp_path / "old.tar.gz"
    assert run(old, "backup", "--portable", archive).exit_code == 0
    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path / "fresh-uploads")
    result = run(fresh, "restore", archive)
    assert result.exit_code == 0, result.output
    assert "flask --app wsgi db upgrade" in result.output
    with fresh.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "berita01"


# ------------------------------------------------------------------------------------------ PostgreSQL

@pytest.fixture(scope="module")
def postgres_demo(tmp_path_factory):
    if not POSTGRES:
        pytest.skip("TEST_DATABASE_URL is not set")
    folder = tmp_path_factory.mktemp("postgres-demo")
    url = postgres_database("backup_source")
    app = make_app(url, folder / "uploads")
    migrated_and_seeded(app)
    yield app
    drop_postgres_database(url)


@pytest.fixture
def empty_postgres(tmp_path):
    if not POSTGRES:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = postgres_database("backup_target")
    yield make_app(url, tmp_path / "restored-uploads")
    drop_postgres_database(url)


@needs_postgres
def test_postgres_backup_with_pg_dump_round_trips(postgres_demo, empty_postgres, tmp_path):
    archive = tmp_path / "pg.tar.gz"
    made = run(postgres_demo, "backup", archive)
    assert made.exit_code == 0, made.output
    assert "pg_dump" in made.output  # pg_dump when it matches the server, else it says why not
    restored = run(empty_postgres, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(postgres_demo, empty_postgres)
    assert uploaded_files(Path(empty_postgres.config["UPLOAD_DIR"])) == \
        uploaded_files(Path(postgres_demo.config["UPLOAD_DIR"]))
    assert_demo_works(empty_postgres)
    assert_new_rows_can_be_added(empty_postgres)


@needs_postgres
@pytest.mark.parametrize("pg_dump", ["missing", "another major version"])
def test_postgres_without_a_fitting_pg_dump_falls_back_to_portable_rows(postgres_demo, empty_postgres, tmp_path,
                                                                        monkeypatch, pg_dump):
    tools = tmp_path / "bin"
    tools.mkdir()
    if pg_dump == "missing":
        monkeypatch.setenv("PATH", str(tools))  # no pg_dump, no pg_restore
        why = "pg_dump is not installed"
    else:
        fake = tools / "pg_dump"
        fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.1'\n")
        fake.chmod(0o755)
        monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
        why = "pg_dump 99.1 does not match the server's major version"
    archive = tmp_path / "pg-portable.tar.gz"
    made = run(postgres_demo, "backup", archive)
    assert made.exit_code == 0, made.output
    assert f"portable JSON rows: {why}" in made.output
    restored = run(empty_postgres, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(postgres_demo, empty_postgres)
    assert_demo_works(empty_postgres)
    assert_new_rows_can_be_added(empty_postgres)  # sequences moved past the restored ids


@needs_postgres
def test_a_sqlite_archive_moves_into_postgres(sqlite_demo, empty_postgres):
    source, archive, _ = sqlite_demo
    restored = run(empty_postgres, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(source, empty_postgres)
    assert_demo_works(empty_postgres)
    assert_new_rows_can_be_added(empty_postgres)


@needs_postgres
def test_a_portable_postgres_archive_moves_into_sqlite(postgres_demo, empty_sqlite, tmp_path):
    archive = tmp_path / "to-sqlite.tar.gz"
    assert run(postgres_demo, "backup", "--portable", archive).exit_code == 0
    restored = run(empty_sqlite, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert_same_data(postgres_demo, empty_sqlite)
    assert_demo_works(empty_sqlite)


@needs_postgres
def test_a_pg_dump_archive_cannot_go_into_sqlite(postgres_demo, empty_sqlite, tmp_path):
    archive = tmp_path / "pg.tar.gz"
    made = run(postgres_demo, "backup", archive)
    if "portable JSON rows" in made.output:
        pytest.skip("pg_dump is not usable here")
    result = run(empty_sqlite, "restore", archive)
    assert result.exit_code == 1 and "--portable" in result.output and "Traceback" not in result.output

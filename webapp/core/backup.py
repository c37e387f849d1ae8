"""Backups: one archive holding the database and the uploads, and a restore that brings both back.

An archive is a gzip-compressed tar file:

    manifest.json                what is inside: format, schema revision, database kind, dump method,
                                 rows per table, upload count (read first, so it is the first member)
    database/serambi.sqlite3     SQLite: a copy made with SQLite's online backup API
    database/serambi.pgdump      PostgreSQL: `pg_dump --format=custom`
    database/rows/<table>.jsonl  the portable dump, for either database: one JSON array per row
    uploads/...                  UPLOAD_DIR as it was

Each database is dumped by its own tool where that is safe: SQLite's backup API copies a consistent
snapshot while the app keeps writing, and pg_dump is PostgreSQL's own format. pg_dump refuses a server
newer than itself and writes archives an older pg_restore cannot read, so it is used only when its major
version is the server's; otherwise (or with `portable=True`) every table is written as JSON rows, read in
one repeatable-read snapshot, which can also be restored into the other kind of database.

A restore first reads and checks the whole archive, then refuses a database that already holds rows
unless forced, so that a damaged archive or a slip of the keyboard never destroys data. It ends at the
archive's schema revision: the operator then runs `flask db upgrade` if the code is newer.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time as clock_time, timezone
from decimal import Decimal
from importlib import metadata
from pathlib import Path

from flask import current_app
from sqlalchemy import (JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, MetaData, Numeric, Text, Time,
                        bindparam, cast, create_engine, func, inspect, null, select, text)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.ddl import sort_tables_and_constraints

from ..extensions import db

FORMAT = "serambi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database/serambi.sqlite3"
PGDUMP_FILE = "database/serambi.pgdump"
ROWS_DIR = "database/rows"
UPLOADS_DIR = "uploads"
ARCHIVE_PREFIX = "serambi-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
VERSION_TABLE = "alembic_version"
BATCH_ROWS = 1000
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class BackupError(Exception):
    """A backup or restore that cannot go on; `str(error)` tells the operator what to do (in English)."""


@dataclass
class BackupResult:
    path: Path
    method: str  # "sqlite", "pg_dump" or "portable"
    note: str  # why this method (e.g. why pg_dump was not used)
    manifest: dict
    size: int
    removed: list[Path] = field(default_factory=list)  # older archives removed by `keep`


@dataclass
class RestoreResult:
    manifest: dict
    method: str
    files: int
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- backup

def make_backup(destination: str | Path, portable: bool = False, keep: int | None = None) -> BackupResult:
    """Write one archive of the configured database and UPLOAD_DIR to `destination`.

    `destination` is a file name, or a directory (one that exists, or a name ending in "/") in which a dated
    name is chosen (with `keep`, only that many such archives are kept there). The archive appears only once
    it is complete, readable by its owner alone: it holds personal data.
    """
    in_directory = str(destination).endswith(("/", os.sep)) or Path(destination).is_dir()
    destination = Path(destination)
    target = destination / f"{ARCHIVE_PREFIX}{datetime.now().strftime('%Y%m%d-%H%M%S')}{ARCHIVE_SUFFIX}" \
        if in_directory else destination
    if keep is not None and not in_directory:
        raise BackupError("--keep needs PATH to be a directory (the archives it keeps are the dated ones there).")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot create the directory {target.parent}: {exc.strerror}.") from exc
    # The dump is made beside the archive, on a disk with room for it (not in /tmp, often a small tmpfs).
    with tempfile.TemporaryDirectory(prefix=".serambi-backup-", dir=target.parent) as work:
        work = Path(work)
        method, note, database = _dump_database(work, portable)
        uploads = _upload_files()
        manifest = _manifest(database, method, uploads)
        size = _write_archive(target, work, manifest, uploads)
    removed = _prune(target.parent, keep) if keep else []
    return BackupResult(target, method, note, manifest, size, removed)


def _dump_database(work: Path, portable: bool) -> tuple[str, str, dict]:
    """Dump the database into `work`; returns the method, why it was chosen, and what the manifest says."""
    engine = db.engine
    kind = engine.dialect.name
    if kind == "sqlite":
        return _dump_sqlite(engine, work, portable)
    if kind == "postgresql":
        return _dump_postgresql(engine, work, portable)
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {kind}.")


def _dump_sqlite(engine: Engine, work: Path, portable: bool) -> tuple[str, str, dict]:
    source = _sqlite_file(engine)
    if not source.is_file():
        raise BackupError(f"The database file {source} does not exist: nothing to back up.")
    copy = work / SQLITE_FILE
    copy.parent.mkdir(parents=True)
    _sqlite_copy(source, copy, standalone=True)
    with _sqlite_connection(copy) as conn:
        info = _snapshot_info(conn, "sqlite")
        if portable:
            info["tables_dumped"] = _dump_rows(conn, work)
    if portable:
        copy.unlink()
        return "portable", "portable JSON rows, as asked (--portable)", info
    return "sqlite", "SQLite online backup API (a consistent copy, made while the app runs)", info


def _sqlite_file(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("The database is an in-memory SQLite database; there is nothing on disk to copy.")
    return Path(name)


def _sqlite_copy(source: Path, target: Path, standalone: bool = False) -> None:
    """Copy one SQLite database into another, page by page, as one consistent snapshot of the source.

    `standalone` leaves the copy in rollback-journal mode: one self-contained file, with no -wal beside it.
    """
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(target)
            try:
                for conn in (src, dst):
                    conn.execute("PRAGMA busy_timeout = 30000")  # wait for a writer to commit rather than fail
                src.backup(dst)
                if standalone:
                    dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Could not copy the SQLite database {source} to {target}: {exc}.") from exc


@contextmanager
def _sqlite_connection(path: Path) -> Iterator[Connection]:
    """A SQLAlchemy connection to a SQLite file that is not the app's (the copy, or one from an archive)."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _dump_postgresql(engine: Engine, work: Path, portable: bool) -> tuple[str, str, dict]:
    """pg_dump when it matches the server, else the portable dump; both read one snapshot."""
    try:
        conn = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    except SQLAlchemyError as exc:
        raise BackupError(f"Cannot connect to the database: {_first_line(exc)}") from exc
    try:
        with conn.begin():
            conn.execute(text("SET TRANSACTION READ ONLY"))
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            server = conn.execute(text("SHOW server_version")).scalar_one()
            info = _snapshot_info(conn, "postgresql")
            info["server_version"] = server
            why = "--portable was given" if portable else _pg_dump_unusable(engine)
            if why is None:
                failure = _run_pg_dump(engine, snapshot, work / PGDUMP_FILE)
                if failure is None:
                    info["pg_dump_version"] = _tool_version("pg_dump")
                    return "pg_dump", f"pg_dump {info['pg_dump_version']} (custom format)", info
                why = failure
            info["tables_dumped"] = _dump_rows(conn, work)
            return "portable", f"portable JSON rows: {why}", info
    finally:
        conn.close()


def _pg_dump_unusable(engine: Engine) -> str | None:
    """Why pg_dump cannot be used here (None when it can)."""
    if shutil.which("pg_dump") is None:
        return "pg_dump is not installed (apt-get install postgresql-client)"
    tool = _tool_version("pg_dump")
    server = engine.dialect.server_version_info
    if tool is None:
        return "the version of pg_dump could not be read"
    if server and int(tool.split(".")[0]) != server[0]:
        return f"pg_dump {tool} does not match the server's major version {server[0]}"
    return None


def _tool_version(name: str) -> str | None:
    """`pg_dump (PostgreSQL) 15.4 (Debian 15.4-1)` -> "15.4"."""
    try:
        out = subprocess.run([name, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s*(\d+(?:\.\d+)?)", out)
    return match.group(1) if match else None


def _libpq(engine: Engine) -> tuple[str, dict]:
    """A libpq connection string for the app's database, and an environment carrying its password.

    The password goes through PGPASSWORD, never the command line, where other users could read it.
    """
    url = engine.url
    params = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    words = []
    for key, value in params.items():
        if value not in (None, ""):
            escaped = str(value).replace("\\", "\\\\").replace("'", "\\'")
            words.append(f"{key}='{escaped}'")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return " ".join(words), env


def _run_pg_dump(engine: Engine, snapshot: str, target: Path) -> str | None:
    """Run pg_dump on the exported snapshot; returns why it failed, or None."""
    target.parent.mkdir(parents=True, exist_ok=True)
    conninfo, env = _libpq(engine)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
               "--file", str(target), "--dbname", conninfo]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    except OSError as exc:
        return f"pg_dump could not start ({exc.strerror})"
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        return f"pg_dump failed ({_first_line(done.stderr)})"
    return None


def _snapshot_info(conn: Connection, kind: str) -> dict:
    """The schema revision and rows per table, read in the same snapshot as the dump."""
    tables = sorted(inspect(conn).get_table_names())
    counts = {}
    for name in tables:
        if name != VERSION_TABLE:
            counts[name] = conn.execute(select(func.count()).select_from(text(_quoted(conn, name)))).scalar_one()
    revisions = []
    if VERSION_TABLE in tables:
        revisions = sorted(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    return {"kind": kind, "revisions": revisions, "tables": counts}


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


# ------------------------------------------------------------------------------------------ portable rows

def _encode(value):
    """JSON for the values a driver hands back that JSON lacks; decoded by the target column's type."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, (date, clock_time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot store {type(value).__name__} in a backup")


def _decoder(column):
    """How to turn a stored JSON value back into what `column` (of the target database) takes."""
    kind = column.type
    if isinstance(kind, JSON):
        return None  # stored as it was read
    if isinstance(kind, DateTime):
        aware = kind.timezone

        def as_datetime(value):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None and aware:
                return moment.replace(tzinfo=timezone.utc)  # SQLite keeps UTC without an offset
            if moment.tzinfo is not None and not aware:
                return moment.astimezone(timezone.utc).replace(tzinfo=None)
            return moment
        return as_datetime
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Time):
        return clock_time.fromisoformat
    if isinstance(kind, Float):
        return float
    if isinstance(kind, Numeric):
        return Decimal
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    if isinstance(kind, Boolean):
        return bool
    return None


def _sorted_tables(metadata: MetaData) -> tuple[list, dict]:
    """Tables parents first, and per table the columns to fill in afterwards.

    A column whose foreign key points into its own table (a report merged into another) or closes a cycle
    of tables cannot always be inserted in order: it is inserted empty and set once every row exists.
    """
    tables = [t for t in metadata.sorted_tables if t.name != VERSION_TABLE]
    ordered, later = [], {}
    for table, constraints in sort_tables_and_constraints(tables):
        if table is not None:
            ordered.append(table)
            for constraint in table.foreign_key_constraints:
                if constraint.referred_table is table:
                    later.setdefault(table.name, set()).update(c.name for c in constraint.columns)
        else:
            for constraint in constraints:
                later.setdefault(constraint.table.name, set()).update(c.name for c in constraint.columns)
    return ordered, {name: {c for c in cols if metadata.tables[name].c[c].nullable} for name, cols in later.items()}


def _dump_rows(conn: Connection, work: Path) -> list[dict]:
    """Every table as JSON lines (in primary-key order); returns each table's name and columns, parents first.

    JSON columns are read as their text, so that SQL NULL and a JSON `null` stay apart.
    """
    metadata = MetaData()
    metadata.reflect(conn)
    folder = work / ROWS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    listed = []
    ordered, _later = _sorted_tables(metadata)
    for table in ordered:
        json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
        selected = [cast(c, Text) if c.name in json_columns else c for c in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(
            select(*selected).order_by(*order))
        with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
            for row in result:
                out.write(json.dumps(list(row), ensure_ascii=False, separators=(",", ":"), default=_encode))
                out.write("\n")
        listed.append({"name": table.name, "columns": [c.name for c in table.columns], "json": json_columns})
    return listed


def _load_rows(conn: Connection, folder: Path, listed: list[dict]) -> None:
    """Insert the portable dump into the (empty, migrated) tables of `conn`'s database."""
    metadata = MetaData()
    metadata.reflect(conn)
    ordered, later = _sorted_tables(metadata)
    archived = {entry["name"]: entry for entry in listed}
    missing = sorted(set(archived) - set(metadata.tables))
    if missing:
        raise BackupError(f"The database has no table {', '.join(missing)} after migrating to the archive's "
                          "revision; the archive does not match this code's migrations.")
    for table in reversed(ordered):
        conn.execute(table.delete())  # rows a migration may have added itself
    for table in ordered:
        if table.name in archived:
            _load_table(conn, table, folder / f"{table.name}.jsonl", archived[table.name], later.get(table.name, set()))
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn, ordered)


def _load_table(conn: Connection, table, path: Path, entry: dict, deferred: set[str]) -> None:
    """Insert one table's rows in batches; `deferred` columns go in empty and are set at the end."""
    names, json_text = entry["columns"], set(entry.get("json") or ())
    unknown = [n for n in names if n not in table.c]
    if unknown:
        raise BackupError(f"Table {table.name} has no column {', '.join(unknown)} in this database.")
    decoders = [_json_decoder if n in json_text else _decoder(table.c[n]) for n in names]
    key = [c.name for c in table.primary_key.columns]
    batch, fill_later = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = {n: (d(v) if d is not None and v is not None else v)
                   for n, d, v in zip(names, decoders, json.loads(line))}
            for name in json_text:
                if row[name] is None:
                    row[name] = null()  # SQL NULL; a JSON null was decoded to JSON.NULL
            if any(row.get(c) is not None for c in deferred):
                fill_later.append({**{f"k_{k}": row[k] for k in key}, **{f"v_{c}": row[c] for c in deferred}})
                row.update({c: None for c in deferred})
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                conn.execute(table.insert(), batch)
                batch = []
    if batch:
        conn.execute(table.insert(), batch)
    if fill_later:
        statement = (table.update().where(*[table.c[k] == bindparam(f"k_{k}") for k in key])
                     .values({c: bindparam(f"v_{c}") for c in deferred}))
        for start in range(0, len(fill_later), BATCH_ROWS):
            conn.execute(statement, fill_later[start:start + BATCH_ROWS])


def _json_decoder(stored: str):
    value = json.loads(stored)
    return JSON.NULL if value is None else value


def _reset_sequences(conn: Connection, tables) -> None:
    """After rows came in with their ids, each serial column's next value must follow the largest id."""
    for table in tables:
        quoted = _quoted(conn, table.name)
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                    {"t": quoted, "c": column.name}).scalar()
            if sequence:
                conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX({_quoted(conn, column.name)}) "
                                  f"FROM {quoted}), 0) + 1, false)"), {"s": sequence})


# ------------------------------------------------------------------------------------------------ archive

def _upload_files() -> list[tuple[Path, str]]:
    """Every regular file under UPLOAD_DIR with its name in the archive (symbolic links are not followed)."""
    root = Path(current_app.config["UPLOAD_DIR"])
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path, f"{UPLOADS_DIR}/{path.relative_to(root).as_posix()}"))
    return found


def _manifest(database: dict, method: str, uploads: list[tuple[Path, str]]) -> dict:
    try:
        version = metadata.version("serambi")
    except metadata.PackageNotFoundError:
        version = None
    tables_dumped = database.pop("tables_dumped", None)
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": version,
        "revisions": database.pop("revisions"),
        "database": {**{k: v for k, v in database.items() if k != "tables"}, "dump": method,
                     "file": {"sqlite": SQLITE_FILE, "pg_dump": PGDUMP_FILE, "portable": ROWS_DIR}[method]},
        "tables": database["tables"],
        "uploads": {"files": len(uploads), "bytes": sum(_size(p) for p, _ in uploads)},
        "secret_key_check": secret_key_check(current_app.config["SECRET_KEY"]),
    }
    if tables_dumped is not None:
        manifest["database"]["rows"] = tables_dumped
    return manifest


def secret_key_check(key: str) -> str:
    """A short, one-way mark of SECRET_KEY: a restore can tell whether it runs with the same key."""
    return hmac.new(str(key).encode(), b"serambi backup key check", hashlib.sha256).hexdigest()[:16]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _write_archive(target: Path, work: Path, manifest: dict, uploads) -> int:
    """Write to a hidden file beside `target`, then rename: a crash never leaves a half archive under its name."""
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    partial = Path(partial)
    try:
        os.chmod(partial, 0o600)
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / "database", arcname="database")
            for path, name in uploads:
                try:
                    tar.add(path, arcname=name, recursive=False)
                except FileNotFoundError:
                    continue  # deleted while the backup ran
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _prune(folder: Path, keep: int) -> list[Path]:
    """Remove the oldest dated archives in `folder` beyond the newest `keep`."""
    archives = sorted(folder.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    old = archives[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def read_manifest(archive: str | Path) -> dict:
    """The manifest of an archive, checked to be one of ours; BackupError for anything else."""
    archive = _existing(archive)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(f"{archive} is not a Serambi backup (it does not start with {MANIFEST}).")
            manifest = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as exc:
        reason = _first_line(exc) or type(exc).__name__
        raise BackupError(f"{archive} is not a readable Serambi backup ({reason}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Serambi backup (its manifest is not ours).")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > FORMAT_VERSION:
        raise BackupError(f"{archive} was written in backup format {manifest.get('version')}, which this code "
                          f"does not know (it reads format {FORMAT_VERSION}): update the code first.")
    return manifest


def _existing(archive: str | Path) -> Path:
    archive = Path(archive)
    if not archive.exists():
        raise BackupError(f"{archive}: no such file.")
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    return archive


def _extract(archive: Path, into: Path) -> None:
    """Unpack every member after checking it stays inside `into`; reading to the end checks the gzip CRC."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = member.name
                if (name.startswith("/") or "\\" in name or ".." in name.split("/")
                        or not (member.isfile() or member.isdir())):
                    raise BackupError(f"{archive} holds an entry that would land outside the restore: {name!r}.")
                if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                    tar.extract(member, into, filter="data")
                else:
                    tar.extract(member, into)
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        reason = _first_line(exc) or type(exc).__name__
        raise BackupError(f"{archive} is damaged and cannot be restored ({reason}).") from exc


# ------------------------------------------------------------------------------------------------ restore

def restore_backup(archive: str | Path, force: bool = False) -> RestoreResult:
    """Bring an archive back into the configured database and UPLOAD_DIR.

    Nothing is changed until the archive has been read to its end and checked, the database has been found
    empty (or `force` given), and the archive's dump can be loaded into this kind of database.
    """
    archive = _existing(archive)
    manifest = read_manifest(archive)
    engine = db.engine
    kind = engine.dialect.name
    dump = manifest.get("database", {}).get("dump")
    revisions = manifest.get("revisions") or []
    with tempfile.TemporaryDirectory(prefix=".serambi-restore-", dir=_scratch_space()) as work:
        work = Path(work)
        _extract(archive, work)
        _check_loadable(manifest, dump, kind, work, revisions)
        _refuse_overwrite(engine, force)
        try:
            method = _restore_database(engine, manifest, work)
        except SQLAlchemyError as exc:
            raise BackupError(f"The database could not be restored: {_first_line(exc)}") from exc
        finally:
            engine.dispose()  # no pooled connection may keep a view of the database from before
        _check_counts(engine, manifest)
        files = _restore_uploads(work / UPLOADS_DIR)
    return RestoreResult(manifest, method, files, _after_restore_notes(manifest, revisions))


def _restore_database(engine: Engine, manifest: dict, work: Path) -> str:
    """Load the archive's dump into the (checked) database; returns how it was loaded."""
    dump, kind = manifest["database"]["dump"], engine.dialect.name
    if dump == "sqlite" and kind == "sqlite":
        _restore_sqlite_file(engine, work / SQLITE_FILE)
        return "SQLite online backup API"
    _wipe(engine)
    if dump == "pg_dump":
        _restore_pgdump(engine, work / PGDUMP_FILE)
        return "pg_restore"
    _migrate_to(manifest["revisions"])
    if dump == "sqlite":  # a SQLite archive into PostgreSQL: its copy is read like the portable dump
        with _sqlite_connection(work / SQLITE_FILE) as source:
            listed = _dump_rows(source, work)
    else:
        listed = manifest["database"]["rows"]
    _load_portable(engine, work / ROWS_DIR, listed)
    return f"portable rows, loaded into {'PostgreSQL' if kind == 'postgresql' else 'SQLite'} after migrating to " \
           f"{', '.join(manifest['revisions'])}"


def _scratch_space() -> Path | None:
    """Where to unpack an archive: beside UPLOAD_DIR (the same disk, so the uploads move into place), else TMPDIR."""
    parent = Path(current_app.config["UPLOAD_DIR"]).resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return parent if os.access(parent, os.W_OK) else None
    except OSError:
        return None


def _check_loadable(manifest: dict, dump: str, kind: str, work: Path, revisions: list[str]) -> None:
    if kind not in ("sqlite", "postgresql"):
        raise BackupError(f"Restores support SQLite and PostgreSQL, not {kind}.")
    payload = {"sqlite": work / SQLITE_FILE, "pg_dump": work / PGDUMP_FILE, "portable": work / ROWS_DIR}.get(dump)
    if payload is None:
        raise BackupError(f"The archive's database dump is of an unknown kind ({dump!r}).")
    if not payload.exists():
        raise BackupError("The archive is incomplete: its database dump is missing.")
    if dump == "portable":
        listed = manifest["database"].get("rows") or []
        for entry in listed:
            if not _TABLE_NAME.match(str(entry.get("name"))) or not (payload / f"{entry['name']}.jsonl").is_file():
                raise BackupError(f"The archive is incomplete: the rows of {entry.get('name')!r} are missing.")
    if dump == "pg_dump":
        if kind != "postgresql":
            raise BackupError("This archive holds a pg_dump of PostgreSQL; it can only be restored into "
                              "PostgreSQL. To move to SQLite, make the backup with --portable.")
        if shutil.which("pg_restore") is None:
            raise BackupError("pg_restore is needed to restore this archive (apt-get install postgresql-client).")
        listing = subprocess.run(["pg_restore", "--list", str(payload)], capture_output=True, text=True)
        if listing.returncode != 0:
            raise BackupError(f"pg_restore cannot read the archive's dump: {_first_line(listing.stderr)} "
                              "(a pg_restore at least as new as the pg_dump that made it is needed).")
    if dump != "sqlite" or kind != "sqlite":
        if not revisions:
            raise BackupError("The archive does not say its schema revision; it cannot be loaded row by row.")
        known = _script_directory()
        unknown = [r for r in revisions if _revision(known, r) is None]
        if unknown and dump != "pg_dump":
            raise BackupError(f"The archive is at schema revision {', '.join(unknown)}, which this code does not "
                              "have: update the code (git pull) before restoring it.")


def _refuse_overwrite(engine: Engine, force: bool) -> None:
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n != VERSION_TABLE]
            filled = [n for n in sorted(names)
                      if conn.execute(text(f"SELECT 1 FROM {_quoted(conn, n)} LIMIT 1")).first() is not None]
    except SQLAlchemyError as exc:
        raise BackupError(f"Cannot connect to the database: {_first_line(exc)}") from exc
    if filled and not force:
        shown = ", ".join(filled[:5]) + (", …" if len(filled) > 5 else "")
        raise BackupError(f"The database already holds data ({len(filled)} tables with rows: {shown}). "
                          "Restoring replaces all of it; run again with --force if that is what you want.")


def _wipe(engine: Engine) -> None:
    """Drop every table, so the restore starts from an empty database."""
    with engine.begin() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        metadata.drop_all(conn)


def _restore_sqlite_file(engine: Engine, copy: Path) -> None:
    target = _sqlite_file(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    engine.dispose()
    _sqlite_copy(copy, target)


def _restore_pgdump(engine: Engine, dump: Path) -> None:
    conninfo, env = _libpq(engine)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               "--dbname", conninfo, str(dump)]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {_first_line(done.stderr)}. The database was emptied; fix the "
                          "cause and restore again.")


def _migrate_to(revisions: list[str]) -> None:
    """Create the schema exactly at the archive's revision(s), through this code's migrations."""
    from alembic import command
    from alembic.util import CommandError

    config = current_app.extensions["migrate"].migrate.get_config()
    try:
        for revision in revisions:
            command.upgrade(config, revision)
    except CommandError as exc:
        raise BackupError(f"The schema could not be created at revision {revision}: {exc}") from exc


def _load_portable(engine: Engine, folder: Path, listed: list[dict]) -> None:
    try:
        with engine.begin() as conn:
            _load_rows(conn, folder, listed)
    except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"The archive's rows could not be loaded: {_first_line(exc)}") from exc


def _check_counts(engine: Engine, manifest: dict) -> None:
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        wrong = []
        for name, expected in sorted(manifest.get("tables", {}).items()):
            if name not in present:
                wrong.append(f"{name} is missing")
                continue
            found = conn.execute(text(f"SELECT COUNT(*) FROM {_quoted(conn, name)}")).scalar_one()
            if found != expected:
                wrong.append(f"{name} has {found} rows, the archive {expected}")
    if wrong:
        raise BackupError("The restored database does not match the archive: " + "; ".join(wrong) + ".")


def _restore_uploads(source: Path) -> int:
    """Move the unpacked uploads into UPLOAD_DIR; files already there with other names are left alone."""
    root = Path(current_app.config["UPLOAD_DIR"])
    copied = 0
    if not source.is_dir():
        return 0
    try:
        for folder, _dirs, files in os.walk(source):
            for name in files:
                path = Path(folder) / name
                target = root / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)  # a rename on the same disk
                copied += 1
    except OSError as exc:
        raise BackupError(f"Could not restore the uploads into {root}: {exc.strerror or exc}.") from exc
    return copied


def _after_restore_notes(manifest: dict, revisions: list[str]) -> list[str]:
    notes = []
    script = _script_directory()
    heads = sorted(script.get_heads())
    if any(_revision(script, r) is None for r in revisions):
        notes.append(f"The archive's schema ({', '.join(revisions)}) is newer than this code ({', '.join(heads)}): "
                     "update the code before starting the app.")
    elif sorted(revisions) != heads:
        notes.append(f"The archive's schema is at {', '.join(revisions)}; this code's is at {', '.join(heads)}. "
                     "Run `flask --app wsgi db upgrade` before starting the app.")
    if manifest.get("secret_key_check") not in (None, secret_key_check(current_app.config["SECRET_KEY"])):
        notes.append("This install's SECRET_KEY differs from the one the backup was made with: everyone must sign "
                     "in again and two-factor sign-in stops working for those who set it up. Put the old key in "
                     "SECRET_KEY (or SECRET_KEY_FALLBACKS) to keep them.")
    notes.append("Restart the app (and the worker) so that no process keeps pages or data from before.")
    return notes


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _revision(script, revision: str):
    from alembic.util import CommandError

    try:
        return script.get_revision(revision)
    except CommandError:
        return None


def _first_line(value) -> str:
    message = str(getattr(value, "orig", None) or value).strip()
    return message.splitlines()[0] if message else ""

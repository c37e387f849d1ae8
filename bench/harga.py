"""Harga Pangan at scale: seed a million price rows and time the public pages that read them.

    .venv/bin/python bench/harga.py --rows 1000000                 # a temporary SQLite file
    .venv/bin/python bench/harga.py --rows 1000000 --compare       # also a 10,000-row "floor" to compare with
    .venv/bin/python bench/harga.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_harga --reset

The script builds the app on the given database, runs the real migrations, creates one region with Harga on,
`--markets` markets and the 25 national commodities, and bulk-inserts enough days of demo prices (the demo's
own price model, `webapp.modules.harga.demo.generate_prices`) to reach `--rows`, then builds the daily
aggregates once (`prices.rebuild_daily`) and, on PostgreSQL, runs VACUUM ANALYZE as autovacuum would (SQLite
gets no statistics, as in production). Each page is then fetched once cold and `--requests` times warm
through Flask's test client; the report gives p50/p95/max milliseconds and response sizes as Markdown (and
`--json FILE`), plus the plan of every query the pages run on the price and aggregate tables, captured as the
pages send them: they read `harga_daily` through its (region, commodity, day) unique index and the price table
through its (market, commodity, day) key or day index, never scanning years of prices. See bench/README.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SERAMBI_INSTANCE", str(Path(tempfile.gettempdir()) / "serambi-bench-instance"))

from sqlalchemy import create_engine, inspect, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

FLOOR_ROWS = 10_000
NEW_MARKET = "pasar-baru"
TIMEZONE = "Asia/Jakarta"
COVERAGE = 0.965  # share of market-commodity-days that get a price (the demo leaves ~2 % out, and Idul Fitri)
PAGES = [  # (label, path template); {commodity} and {market} are filled in, {start}/{end} are 30 days
    ("board /harga/", "/harga/"),
    ("commodity ?hari=30", "/harga/{commodity}?hari=30"),
    ("commodity ?hari=90", "/harga/{commodity}?hari=90"),
    ("commodity ?hari=365", "/harga/{commodity}?hari=365"),
    ("market /harga/pasar/…", "/harga/pasar/{market}"),
    ("new market, no prices yet", "/harga/pasar/{new_market}"),
    ("open data CSV, 30 days", "{csv}"),
]


# ------------------------------------------------------------------------------------------ database

def prepare_database(url: str, reset: bool) -> str:
    """Make sure `url` points at an empty database we may fill; returns the URL to use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and Path(path).exists():
            if not reset:
                sys.exit(f"{path} exists: pass --reset to replace it")
            for suffix in ("", "-wal", "-shm"):
                Path(path + suffix).unlink(missing_ok=True)
        return url
    if parsed.get_backend_name() == "postgresql":
        _create_pg_database(parsed)
        engine = create_engine(url)
        with engine.begin() as conn:
            tables = inspect(conn).get_table_names()
            if tables and not reset:
                sys.exit(f"{parsed.database} is not empty ({len(tables)} tables): "
                         "pass --reset to drop its public schema")
            if tables:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        return url
    sys.exit(f"unsupported database: {parsed.get_backend_name()}")


def _create_pg_database(parsed) -> None:
    """Create the PostgreSQL database if it does not exist yet (the floor database of --compare)."""
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": parsed.database}).first()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    finally:
        admin.dispose()


def database_size(app) -> int:
    from webapp.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return db.session.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        path = db.engine.url.database
        return sum(Path(path + s).stat().st_size for s in ("", "-wal") if Path(path + s).exists())


def make_app(url: str, upload_dir: str):
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.config import TestConfig

    config = TestConfig(database_url=url)
    config.TESTING = False  # errors become 500 responses, as in production
    config.UPLOAD_DIR = upload_dir
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


# --------------------------------------------------------------------------------------------- seeding

def seed(app, rows: int, n_markets: int, today: date) -> dict:
    """One region ("bench" on localhost) with Harga, `n_markets` markets, 25 commodities and ~`rows` prices."""
    from webapp.core.models import Region, RegionHost
    from webapp.core.scoping import region_context
    from webapp.extensions import db
    from webapp.modules.harga import demo
    from webapp.modules.harga.demo_data import MARKETS
    from webapp.modules.harga.models import Commodity, Market
    from webapp.modules.harga.prices import ensure_national_commodities, rebuild_daily

    with app.app_context():
        region = Region(slug="bench", name="Kota Tangerang", code="36.71", modules=["harga"],
                        timezone=TIMEZONE, hosts=[RegionHost(host="localhost")])
        db.session.add(region)
        db.session.flush()
        with region_context(region):
            for i in range(n_markets):
                slug, name, address = (MARKETS[i][:3] if i < len(MARKETS)
                                       else (f"pasar-{i + 1:02d}", f"Pasar Contoh {i + 1:02d}", None))
                db.session.add(Market(slug=slug, name=name, address=address, position=i))
            ensure_national_commodities()
            demo.ensure_references()
            db.session.flush()
            markets = [(m.id, demo.market_offset(m.slug)) for m in db.session.execute(select(Market)).scalars()]
            # a market added today: its page has no prices to show, the worst case for "its latest day"
            db.session.add(Market(slug=NEW_MARKET, name="Pasar Baru", position=n_markets))
            commodities = [(c.id, c.national_code) for c in db.session.execute(select(Commodity)).scalars()]
            days = max(1, math.ceil(rows / (len(markets) * len(commodities) * COVERAGE)))
            end = today - timedelta(days=1)
            started = time.perf_counter()
            written = demo.insert_prices(demo.price_rows(region, demo.generate_prices(
                markets, commodities, end, days), source="bench"), batch=10_000)
            db.session.commit()
            inserted = time.perf_counter()
            aggregates = rebuild_daily()
            db.session.commit()
            aggregated = time.perf_counter()
            analyze(db)
            analyzed = time.perf_counter()
            slug = db.session.execute(select(Commodity.slug).where(
                Commodity.national_code == "cabai-rawit-merah")).scalar_one()
            market = db.session.execute(select(Market.slug).order_by(Market.position).limit(1)).scalar_one()
        return {
            "rows": written, "aggregate_rows": aggregates, "markets": len(markets), "commodities": len(commodities),
            "days": days, "first_day": (end - timedelta(days=days - 1)).isoformat(), "last_day": end.isoformat(),
            "insert_s": round(inserted - started, 2), "aggregate_s": round(aggregated - inserted, 2),
            "analyze_s": round(analyzed - aggregated, 2), "seed_s": round(analyzed - started, 2),
            "commodity": slug, "market": market, "new_market": NEW_MARKET, "region_id": region.id,
        }


def analyze(db) -> None:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum does after a bulk load. SQLite keeps no statistics unless
    someone runs ANALYZE, so it gets none (its plans must not depend on them); its WAL is folded back in."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# ----------------------------------------------------------------------------------------- measuring

def csv_path(start: date, end: date) -> str:
    """The open-data CSV of every price between `start` and `end` (30 days)."""
    return f"/harga/data.csv?dari={start.isoformat()}&sampai={end.isoformat()}"


class SqlTimer:
    """Time spent in the database per request: every statement's execution, summed."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.engine, self.event, self.ms, self.queries = engine, event, 0.0, 0

    def __enter__(self):
        self.event.listen(self.engine, "before_cursor_execute", self._before)
        self.event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc):
        self.event.remove(self.engine, "before_cursor_execute", self._before)
        self.event.remove(self.engine, "after_cursor_execute", self._after)

    def reset(self):
        self.ms, self.queries = 0.0, 0

    def _before(self, _conn, _cursor, _statement, _parameters, context, _executemany):
        context._bench_started = time.perf_counter()

    def _after(self, _conn, _cursor, _statement, _parameters, context, _executemany):
        self.ms += (time.perf_counter() - context._bench_started) * 1000
        self.queries += 1


def measure(app, path: str, requests: int) -> dict:
    from webapp.extensions import db

    with app.app_context():
        engine = db.engine
    client = app.test_client()
    started = time.perf_counter()
    first = client.get(path, base_url="http://localhost")
    body = first.get_data()  # a streamed response (the CSV) is only produced while it is read
    cold = (time.perf_counter() - started) * 1000
    result = {"path": path, "status": first.status_code, "cold_ms": round(cold, 1)}
    if first.status_code == 404:
        return {**result, "note": "n/a (404: page not built yet)"}
    if first.status_code != 200:
        return {**result, "note": f"error {first.status_code}"}
    times, sql = [], []
    with SqlTimer(engine) as timer:
        for _ in range(requests):
            timer.reset()
            started = time.perf_counter()
            response = client.get(path, base_url="http://localhost")
            response.get_data()
            times.append((time.perf_counter() - started) * 1000)
            sql.append(timer.ms)
            assert response.status_code == 200, (path, response.status_code)
        queries = timer.queries
    times.sort()
    return {**result, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, math.ceil(0.95 * len(times)) - 1)], 1), "max_ms": round(times[-1], 1),
            "sql_p50_ms": round(statistics.median(sql), 1), "queries": queries,
            "bytes": len(body), "gzip_bytes": len(gzip.compress(body, compresslevel=6, mtime=0))}


def run_pages(app, info: dict, requests: int, today: date) -> list[dict]:
    end = today - timedelta(days=1)
    csv = csv_path(end - timedelta(days=29), end)
    results = []
    for label, template in PAGES:
        path = template.format(commodity=info["commodity"], market=info["market"], new_market=info["new_market"],
                               csv=csv)
        results.append({"page": label, **measure(app, path, requests)})
    return results


# ------------------------------------------------------------------------------------------- plans

PLAN_PAGES = [("board /harga/", "/harga/"), ("commodity ?hari=365", "/harga/{commodity}?hari=365"),
              ("market /harga/pasar/…", "/harga/pasar/{market}"), ("new market", "/harga/pasar/{new_market}"),
              ("open data CSV, 30 days", "{csv}")]
PLAN_TABLES = ("harga_daily", "harga_price")


def explain(app, info: dict) -> list[dict]:
    """The plan of every query on the price or aggregate table that the board, a commodity page and a market
    page run: the statements are captured as the pages send them and explained with the same parameters."""
    from sqlalchemy import event

    from webapp.extensions import db

    with app.app_context():
        engine = db.engine
    captured: list[tuple[str, str, object]] = []
    page = {"label": ""}

    def capture(_conn, _cursor, statement, parameters, _context, executemany):
        if not executemany and statement.lstrip().upper().startswith("SELECT") and any(
                f"FROM {t}" in statement or f"JOIN {t}" in statement for t in PLAN_TABLES):
            captured.append((page["label"], statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        client = app.test_client()
        for label, template in PLAN_PAGES:
            page["label"] = label
            client.get(template.format(**info), base_url="http://localhost").get_data()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    postgres = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if postgres else "EXPLAIN QUERY PLAN "
    plans, seen = [], set()
    with engine.connect() as conn:
        for label, statement, parameters in captured:
            if statement in seen:
                continue
            seen.add(statement)
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()
            lines = [row[0] for row in rows] if postgres else [f"{'  ' * (row[1] > 0)}{row[-1]}" for row in rows]
            plans.append({"page": label, "sql": " ".join(statement.split()), "plan": lines})
    return plans


# ------------------------------------------------------------------------------------------- report

def bench(url: str, rows: int, markets: int, requests: int, reset: bool, today: date, workdir: str) -> dict:
    url = prepare_database(url, reset)
    app = make_app(url, os.path.join(workdir, "uploads"))
    info = seed(app, rows, markets, today)
    info["database_bytes"] = database_size(app)
    info["pages"] = run_pages(app, info, requests, today)
    end = today - timedelta(days=1)
    info["plans"] = explain(app, {**info, "csv": csv_path(end - timedelta(days=29), end)})
    info["database"] = make_url(url).get_backend_name()
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()
    return info


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def markdown(runs: dict[str, dict], requests: int) -> str:
    out = []
    for name, info in runs.items():
        out.append(f"### {name}: {info['rows']:,} price rows ({info['database']})\n")
        out.append(f"- {info['markets']} markets × {info['commodities']} commodities × {info['days']} days "
                   f"({info['first_day']} to {info['last_day']}); {info['aggregate_rows']:,} daily aggregate rows")
        out.append(f"- seeding {info['seed_s']} s: insert {info['insert_s']} s, aggregates {info['aggregate_s']} s, "
                   f"VACUUM ANALYZE / WAL checkpoint {info['analyze_s']} s; "
                   f"database size {_mb(info['database_bytes'])}")
        out.append(f"- {requests} warm requests per page after one cold request\n")
        out.append("| page | status | cold ms | p50 ms | p95 ms | max ms | SQL p50 ms | queries | bytes | gzip bytes |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for page in info["pages"]:
            if "note" in page:
                out.append(f"| {page['page']} | {page['note']} | | | | | | | | |")
            else:
                out.append(f"| {page['page']} | {page['status']} | {page['cold_ms']} | {page['p50_ms']} | "
                           f"{page['p95_ms']} | {page['max_ms']} | {page['sql_p50_ms']} | {page['queries']} | "
                           f"{page['bytes']:,} | {page['gzip_bytes']:,} |")
        out.append("")
    if len(runs) == 2:
        floor, full = runs.values()
        out.append(f"### p50 compared: {floor['rows']:,} vs {full['rows']:,} rows\n")
        out.append("| page | floor p50 ms | full p50 ms | ratio |")
        out.append("|---|---:|---:|---:|")
        for a, b in zip(floor["pages"], full["pages"]):
            if "p50_ms" in a and "p50_ms" in b:
                out.append(f"| {a['page']} | {a['p50_ms']} | {b['p50_ms']} | {b['p50_ms'] / a['p50_ms']:.2f} |")
            else:
                out.append(f"| {a['page']} | n/a | n/a | |")
        out.append("")
    full = list(runs.values())[-1]
    out.append(f"### Query plans ({full['rows']:,} rows)\n")
    for plan in full["plans"]:
        out.append(f"{plan['page']}: `{plan['sql']}`\n```")
        out.extend(plan["plan"])
        out.append("```")
    return "\n".join(out)


def floor_url(url: str, workdir: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{os.path.join(workdir, 'floor.db')}"
    return parsed.set(database=f"{parsed.database}_floor").render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="price rows to seed (default 1,000,000)")
    parser.add_argument("--markets", type=int, default=20, help="markets (default 20; days follow from rows)")
    parser.add_argument("--requests", type=int, default=50, help="warm requests per page (default 50)")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--reset", action="store_true", help="empty the database first if it holds tables")
    parser.add_argument("--compare", action="store_true", help=f"also measure a {FLOOR_ROWS:,}-row floor")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (SQLite files)")
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="serambi-bench-")
    url = args.database_url or f"sqlite:///{os.path.join(workdir, 'bench.db')}"
    today = datetime.now(ZoneInfo(TIMEZONE)).date()  # the region's today, as the pages see it
    runs = {}
    try:
        if args.compare:
            print(f"seeding the {FLOOR_ROWS:,}-row floor …", file=sys.stderr)
            runs["floor"] = bench(floor_url(url, workdir), FLOOR_ROWS, args.markets, args.requests, args.reset,
                                  today, workdir)
        print(f"seeding {args.rows:,} rows …", file=sys.stderr)
        runs["full"] = bench(url, args.rows, args.markets, args.requests, args.reset, today, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}", file=sys.stderr)
    print(f"## Harga benchmark ({today.isoformat()}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]})\n")
    print(markdown(runs, args.requests))
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

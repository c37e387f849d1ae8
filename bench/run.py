"""Load test: Serambi under gunicorn, driven by wrk, at two or more data sizes, against the issue's targets.

    .venv/bin/python bench/run.py                                   # scales 0.01 and 1 in temporary SQLite files
    .venv/bin/python bench/run.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_load
    .venv/bin/python bench/run.py --scales 0.001,0.01 --duration 3s --json /tmp/load.json
    make bench-load BENCH_ARGS="--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_load"

For each scale the script seeds a fresh database with bench/seed.py (`--reset`: the PostgreSQL database's public
schema is dropped), starts gunicorn (`--workers`, default one per core) on a free port of 127.0.0.1 configured
as in production (SERAMBI_ENV=production, a random SECRET_KEY, rate limits off), warms every endpoint and then
drives it with `wrk -t1 -c16 -d10s --latency -s bench/wrk_report.lua`: the bare `/ping` (the floor: no
database, no template), the home page, each module's public list (first page and ten pages in, following the
keyset "next" links), a detail page of each, an htmx list update, an Open311 `requests.json` query, the prices
board and a commodity's 365-day page, and two writes: a citizen filing a report through the web form
(multipart, CSRF token, a one-time key per request) and a price officer entering a market's prices for a day.
A write check compares the database with what wrk was told: every acknowledged filing must be there. Then 200
filings are sent at the same moment and counted. The RSS of each worker is read from /proc after the run.

Markdown goes to stdout (and, unless --no-doc, between the load markers of docs/benchmarks.md, keeping the other
database's results and every other section), progress to stderr, every number to --json FILE. See bench/README.md.
"""
from __future__ import annotations

import argparse
import gzip
import html
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
LUA = ROOT / "bench" / "wrk_report.lua"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- load:start -->", "<!-- load:end -->"
USER_AGENT = "serambi-bench/1 (bench/run.py)"

# The issue's targets (2 cores, one gunicorn worker per core, PostgreSQL, full-scale data, 16 connections).
PAGE_P95_MS = 50
FLOOR_SHARE = 0.40
GROWTH = 1.3
RSS_MB = 60
FILING_P95_MS = 100
BURST = 200

STAFF_LOGIN = "bench-harga@localhost"
STAFF_PASSWORD = "bench-password-1"
DEMO_STAFF_LOGIN, DEMO_PASSWORD = "harga@demo.serambi.id", os.environ.get("DEMO_PASSWORD", "serambi-demo")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ HTTP

class Client:
    """A tiny HTTP/1.1 client on 127.0.0.1 with a cookie of its own: no redirects followed, bodies left as sent.

    Cookies are kept by hand because production cookies are `Secure` and this server speaks plain http; the
    server reads a cookie the same way whether the browser sent it over TLS or not.
    """

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, data

    def get_text(self, path: str, expect: int = 200) -> str:
        status, _headers, data = self.request("GET", path)
        if status != expect:
            raise RuntimeError(f"GET {path}: {status}, expected {expect}")
        return data.decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no csrf_token on the page")
    return html.unescape(match.group(1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compressed_size(port: int, path: str, headers: dict) -> tuple[int, int, str]:
    """(bytes on the wire with Accept-Encoding: gzip, bytes uncompressed, encoding) of one GET."""
    status, response_headers, data = Client(port).request("GET", path, headers={**headers, "Accept-Encoding": "gzip"})
    encoding = response_headers.get("Content-Encoding", "identity")
    raw = gzip.decompress(data) if encoding == "gzip" else data
    return len(data), len(raw), encoding


# ------------------------------------------------------------------------------------------ the database

def engine_for(url: str):
    from sqlalchemy import create_engine

    return create_engine(url)


def scalar(engine, sql: str, **params):
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def database_info(engine) -> dict:
    from sqlalchemy import text

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            version = conn.execute(text("SHOW server_version")).scalar()
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
            return {"dialect": "postgresql", "version": f"PostgreSQL {version.split()[0]}", "bytes": size}
        version = conn.execute(text("SELECT sqlite_version()")).scalar()
        path = engine.url.database
        size = sum(Path(path + s).stat().st_size for s in ("", "-wal") if Path(path + s).exists())
        return {"dialect": "sqlite", "version": f"SQLite {version}", "bytes": size}


def table_counts(engine) -> dict:
    tables = ["aspirasi_report", "aspirasi_event", "pencaker_seeker", "pencaker_vacancy", "pencaker_application",
              "harga_price", "harga_daily", "berita_article"]
    return {t: scalar(engine, f"SELECT count(*) FROM {t}") for t in tables}  # noqa: S608 (fixed names)


def seed_database(args, scale: float, url: str, workdir: Path, env: dict) -> dict:
    """Fill a fresh database: bench/seed.py --reset (or, with --data demo, the demo region)."""
    started = time.monotonic()
    if args.data == "demo":
        if url.startswith("sqlite"):
            Path(url.split("///", 1)[1]).unlink(missing_ok=True)
        else:
            subprocess.run([str(VENV_BIN / "python"), "-c", RESET_PG, url], check=True, cwd=ROOT)
        commands = [[str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
                    [str(VENV_BIN / "flask"), "--app", "wsgi", "seed-demo"]]
    else:
        seed_script = ROOT / "bench" / "seed.py"
        if not seed_script.exists():
            sys.exit("bench/seed.py is missing: it seeds the data (or pass --data demo for the demo region)")
        commands = [[str(VENV_BIN / "python"), str(seed_script), "--scale", repr(scale), "--database-url", url,
                     "--reset", "--seed", str(args.seed), "--json", str(workdir / f"seed-{scale}.json")]]
    output = ""
    for command in commands:
        log("seeding: " + " ".join(shlex.quote(c) for c in command))
        # progress goes straight to our stderr; stdout is kept (the seeder's summary)
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        output += done.stdout
        if done.returncode != 0:
            sys.stderr.write(done.stdout)
            sys.exit(f"seeding failed (exit {done.returncode}): {' '.join(command)}")
    seeded = {"seconds": round(time.monotonic() - started, 1), "output": output.strip()[-4000:]}
    if args.data == "demo":
        seeded["staff"] = {"login": DEMO_STAFF_LOGIN, "password": DEMO_PASSWORD}
    else:
        summary = json.loads((workdir / f"seed-{scale}.json").read_text())
        harga = summary.get("accounts", {}).get("harga", {})
        # the sign-in form refuses e-mail addresses @localhost, so the seeded officer signs in with a phone
        seeded["staff"] = {"login": harga.get("phone") or STAFF_LOGIN, "password": harga.get("password", STAFF_PASSWORD)}
        seeded["summary"] = {k: v for k, v in summary.items() if k not in ("api_key", "accounts")}
    return seeded


RESET_PG = """
import sys
from sqlalchemy import create_engine
engine = create_engine(sys.argv[1])
with engine.begin() as conn:
    conn.exec_driver_sql("DROP SCHEMA public CASCADE")
    conn.exec_driver_sql("CREATE SCHEMA public")
"""


# -------------------------------------------------------------------------------------------- gunicorn

class Server:
    def __init__(self, workers: int, env: dict, logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "python:webapp.gunicorn_conf", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, stdout=logfile.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if Client(self.port, timeout=2).request("GET", "/ping")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.stderr.write(logfile.read_text()[-4000:])
        sys.exit("gunicorn did not answer /ping within 60 s (its log is above)")

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return [int(p) for p in children.read_text().split()]
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def rss_mb(self) -> dict[int, float]:
        """VmRSS of each worker (what the target is about: pages shared with the master count in full)."""
        sizes = {}
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = round(int(line.split()[1]) / 1024, 1)
            except OSError:
                pass
        return sizes

    def memory_detail(self) -> dict[int, dict]:
        """PSS (shared pages split between the processes sharing them) and private memory of each worker."""
        detail = {}
        for pid in self.workers():
            try:
                fields = dict(line.split(":", 1) for line in
                              Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:] if ":" in line)
            except OSError:
                continue
            kb = {k.strip(): int(v.split()[0]) for k, v in fields.items()}
            detail[pid] = {"pss_mb": round(kb.get("Pss", 0) / 1024, 1),
                           "private_mb": round((kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024, 1)}
        return detail

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop; its workers follow
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def server_env(args, url: str, instance: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SERVER_NAME", "UPLOAD_DIR"}}
    env.update({
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SERAMBI_ENV": "production",
        "RATELIMIT_ENABLED": "0",
        "SERAMBI_INSTANCE": str(instance),
        "PYTHONUNBUFFERED": "1",
    })
    return env


# --------------------------------------------------------------------------------------- CPU accounting

TICK = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) a process has used, 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _machine_busy() -> float:
    """Seconds of CPU the whole machine has been busy (every core; idle and iowait left out)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


class CpuProbe:
    """Where the CPU went during a measurement: the gunicorn workers, the database server's backends that serve
    this database (PostgreSQL; SQLite runs inside the workers), wrk, and everything else on the machine (other
    work sharing it). Per request, the workers' and database's CPU is the figure a busy machine disturbs least."""

    def __init__(self, server: "Server", engine):
        self.server, self.engine = server, engine

    def backends(self) -> list[int]:
        if self.engine.dialect.name != "postgresql":
            return []
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return list(conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).scalars())

    def snapshot(self) -> dict:
        import resource

        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        return {"time": time.monotonic(), "busy": _machine_busy(),
                "workers": {pid: _process_cpu(pid) for pid in self.server.workers() + [self.server.process.pid]},
                "db": {pid: _process_cpu(pid) for pid in self.backends()},
                "children": children.ru_utime + children.ru_stime, "self": own.ru_utime + own.ru_stime}

    def between(self, before: dict, requests: int) -> dict:
        after = self.snapshot()

        def spent(name: str) -> float:
            return sum(cpu - before[name].get(pid, 0.0) for pid, cpu in after[name].items())

        seconds = after["time"] - before["time"]
        workers, database = spent("workers"), spent("db")
        client = after["children"] - before["children"]  # wrk
        mine = after["self"] - before["self"]
        other = max(0.0, after["busy"] - before["busy"] - workers - database - client - mine)
        per = 1000 / requests if requests else 0.0
        return {"app_ms_per_request": round(workers * per, 3), "db_ms_per_request": round(database * per, 3),
                "app_cores": round(workers / seconds, 2), "db_cores": round(database / seconds, 2),
                "wrk_cores": round(client / seconds, 2), "other_cores": round(other / seconds, 2)}


# ---------------------------------------------------------------------------------------------- wrk

def run_wrk(args, port: int, path: str, duration: str, connections: int, headers: dict,
            extra_env: dict | None = None, probe: CpuProbe | None = None) -> dict:
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{connections}", f"-d{duration}", "--latency",
               f"--timeout={args.timeout}", "-s", str(LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path if '{' not in path else '/'}")
    env = {**os.environ, "BENCH_THREADS": str(args.wrk_threads), "BENCH_RUN_ID": secrets.token_hex(4),
           **(extra_env or {})}
    if "{" in path:
        env["BENCH_PATH"] = path
    else:
        env.setdefault("BENCH_PATH", path)
    before = probe.snapshot() if probe else None
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout[-2000:]}")
    result = json.loads(line[len("WRKJSON "):])
    result["command"] = " ".join(shlex.quote(c) for c in command)
    if probe:
        result["cpu"] = probe.between(before, result["requests"])
    return result


# ------------------------------------------------------------------------------------------ endpoints

LIST_PAGES = {"aspirasi": "/aspirasi/", "loker": "/loker/", "berita": "/berita/"}
DETAIL_LINK = {"aspirasi": r'href="(/aspirasi/\d+)"', "loker": r'href="(/loker/\d+)"',
               "berita": r'href="(/berita/(?!arsip/|pengumuman/|info/|gambar/|kategori/)[a-z0-9-]+)"'}
NEXT_LINK = r'<li class="more"><a[^>]*href="([^"]+)"'


def list_section(page: str) -> str:
    """The results list of a module's list page (links elsewhere on the page are not the rows)."""
    match = re.search(r'<ol class="(?:reports|news)">(.*?)</ol>', page, flags=re.S)
    return match.group(1) if match else page


def deep_page(client: Client, first: str, depth: int) -> tuple[str, int]:
    """Follow the list's "more" link `depth` times (the keyset cursor it carries); (path, pages deep)."""
    path, reached = first, 0
    for _ in range(depth):
        match = re.search(NEXT_LINK, client.get_text(path))
        if not match:
            break
        path, reached = html.unescape(match.group(1)), reached + 1
    return path, reached


def discover(client: Client, depth: int) -> list[dict]:
    """The GET endpoints, in the order they are measured, with ids and cursors read from the pages."""
    endpoints = [{"key": "ping", "label": "floor `/ping`", "path": "/ping", "kind": "floor"},
                 {"key": "home", "label": "home", "path": "/", "kind": "page"}]
    for module, first in LIST_PAGES.items():
        page = client.get_text(first)
        endpoints.append({"key": f"{module}-list", "label": f"{module} list, first page", "path": first,
                          "kind": "list"})
        deep, reached = deep_page(client, first, depth)
        if reached:
            endpoints.append({"key": f"{module}-deep", "label": f"{module} list, page {reached + 1}", "path": deep,
                              "kind": "list", "depth": reached + 1})
        else:
            log(f"{first}: one page only, no deep page to measure")
        match = re.search(DETAIL_LINK[module], list_section(page))
        if match:
            endpoints.append({"key": f"{module}-detail", "label": f"{module} detail", "path": match.group(1),
                              "kind": "page"})
        else:
            log(f"{first}: no item to open, no detail page to measure")
    endpoints.append({"key": "aspirasi-htmx", "label": "aspirasi list, htmx update", "path": "/aspirasi/",
                      "kind": "list", "headers": {"HX-Request": "true"}})
    endpoints.append({"key": "open311", "label": "Open311 requests.json", "path": "/open311/v2/requests.json",
                      "kind": "page"})
    endpoints.append({"key": "harga-board", "label": "harga board", "path": "/harga/", "kind": "page"})
    board = client.get_text("/harga/")
    match = re.search(r'href="(/harga/(?!pasar/|data|staf)[a-z0-9-]+)"', board)
    if match:
        endpoints.append({"key": "harga-365", "label": "commodity, 365 days", "path": match.group(1) + "?hari=365",
                          "kind": "page"})
    return endpoints


# --------------------------------------------------------------------------------------------- writes

MULTIPART_BOUNDARY = "----serambibench7d1c"


def multipart(fields: list[tuple[str, str]]) -> str:
    """A multipart/form-data body as a browser sends the report form, with an empty file input for photos."""
    parts = []
    for name, value in fields:
        parts.append(f'--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(f'--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename=""\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n\r\n")
    parts.append(f"--{MULTIPART_BOUNDARY}--\r\n")
    return "".join(parts)


def filing_setup(port: int) -> dict:
    """An anonymous citizen's session and CSRF token, and a report form filled in (its key: {key})."""
    client = Client(port)
    page = client.get_text("/aspirasi/baru")
    token = csrf_token(page)
    category = re.search(r'<select[^>]*name="category_id"[^>]*>.*?<option value="(\d+)"', page, flags=re.S)
    place = re.search(r'<option data-kecamatan="(\d+)" value="(\d+)"', page)
    kind = re.search(r'checked[^>]*name="kind"[^>]*value="([^"]+)"', page)
    privacy = re.search(r'checked[^>]*name="privacy"[^>]*value="([^"]+)"', page)
    if not (category and place):
        raise RuntimeError("the report form has no category or kelurahan to choose")
    fields = [("csrf_token", token), ("idempotency_key", "{key}"),
              ("kind", kind.group(1) if kind else "pengaduan"), ("category_id", category.group(1)),
              ("title", "Lampu jalan mati di depan sekolah"),
              ("description", "Sudah tiga malam lampu jalan di depan SD mati, jalan gelap dan rawan. "
                              "Mohon segera diperbaiki. (laporan uji beban bench/run.py)"),
              ("kecamatan_id", place.group(1)), ("kelurahan_id", place.group(2)),
              ("address", "Jl. Contoh No. 1"), ("lat", ""), ("lng", ""),
              ("privacy", privacy.group(1) if privacy else "anonim"), ("name", ""), ("phone", ""), ("email", "")]
    return {"cookie": client.cookie_header(), "body": multipart(fields),
            "content_type": f"multipart/form-data; boundary={MULTIPART_BOUNDARY}"}


def price_setup(port: int, engine, login: str, password: str) -> dict:
    """The price officer signed in (session cookie and CSRF token), their markets and a price per commodity."""
    client = Client(port)
    token = csrf_token(client.get_text("/masuk"))
    status, headers, _body = client.request(
        "POST", "/masuk", urlencode({"csrf_token": token, "login": login, "password": password, "next": ""}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})
    if status not in (302, 303):
        raise RuntimeError(f"sign-in as {login} failed ({status}): is the staff account seeded?")
    chooser = client.get_text("/staf/harga/")
    select = re.search(r'<select[^>]*name="pasar"[^>]*>(.*?)</select>', chooser, flags=re.S)
    markets = re.findall(r'<option value="([a-z0-9-]+)"', select.group(1)) if select else []
    if not markets:
        raise RuntimeError(f"{login} may enter prices for no market")
    day = first_price_day(engine) - timedelta(days=1)
    form = client.get_text(f"/staf/harga/{markets[0]}/{day.isoformat()}")
    fields = re.findall(r'name="p-(\d+)"', form)
    prices = {}
    for commodity in fields:
        latest = scalar(engine, "SELECT price FROM harga_price WHERE commodity_id = :c ORDER BY day DESC LIMIT 1",
                        c=int(commodity))
        prices[f"p-{commodity}"] = str(latest or 15000)
    body = urlencode({"csrf_token": csrf_token(form), "idempotency_key": "KEYPLACEHOLDER", **prices})
    return {"cookie": client.cookie_header(), "markets": markets, "commodities": len(fields),
            "body": body.replace("KEYPLACEHOLDER", "{key}")}


def first_price_day(engine) -> date:
    first = scalar(engine, "SELECT min(day) FROM harga_price")
    if first is None:
        return date.today()
    return first if isinstance(first, date) else date.fromisoformat(str(first)[:10])


def epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc).timestamp())


def settled(count) -> int:
    """The row count once requests still in flight when wrk stopped have finished (it stops changing)."""
    last, steady, deadline = count(), 0, time.monotonic() + 60
    while steady < 3 and time.monotonic() < deadline:
        time.sleep(0.25)
        now = count()
        steady = steady + 1 if now == last else 0
        last = now
    return last


def check_filings(engine, locations: list[str]) -> dict:
    """How many of the reports wrk was sent to (303 to /aspirasi/<id>/terkirim) are in the database."""
    ids = sorted({int(m.group(1)) for loc in locations if (m := re.search(r"/aspirasi/(\d+)/terkirim", loc))})
    found = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found += scalar(engine, f"SELECT count(*) FROM aspirasi_report WHERE id IN ({','.join(map(str, chunk))})")
    return {"acknowledged": len(ids), "found": found, "other_locations": len(locations) - len(ids)}


def check_prices(engine, locations: list[str], commodities: int) -> dict:
    """How many of the days wrk saw saved (303 to /staf/harga/?tanggal=<day>) hold the market's prices."""
    days = sorted({m.group(1) for loc in locations if (m := re.search(r"tanggal=(\d{4}-\d{2}-\d{2})", loc))})
    found = 0
    for start in range(0, len(days), 500):
        chunk = ", ".join(f"'{d}'" for d in days[start:start + 500])
        found += scalar(engine, f"SELECT count(*) FROM harga_price WHERE day IN ({chunk})")
    return {"acknowledged": len(days), "rows_expected": len(days) * commodities, "rows_found": found}


def burst(port: int, setup: dict, engine, count: int) -> dict:
    """`count` filings released at the same moment, each on its own connection; then count the rows."""
    before = scalar(engine, "SELECT count(*) FROM aspirasi_report")
    barrier = threading.Barrier(count)
    run_id = secrets.token_hex(4)

    def one(n: int):
        body = setup["body"].replace("{key}", f"burst-{run_id}-{n:08d}").encode()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        headers = {"Cookie": setup["cookie"], "Content-Type": setup["content_type"], "User-Agent": USER_AGENT,
                   "Content-Length": str(len(body))}
        barrier.wait()
        started = time.monotonic()
        try:
            conn.request("POST", "/aspirasi/baru", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, response.getheader("Location") or "", time.monotonic() - started
        except OSError as error:
            return f"{type(error).__name__}", "", time.monotonic() - started
        finally:
            conn.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(count)))
    elapsed = time.monotonic() - started
    after = scalar(engine, "SELECT count(*) FROM aspirasi_report")
    statuses: dict[str, int] = {}
    for status, _loc, _t in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    acknowledged = [loc for status, loc, _t in results if status == 303]
    check = check_filings(engine, acknowledged)
    times = sorted(t for _s, _l, t in results)
    return {"sent": count, "statuses": statuses, "acknowledged": len(acknowledged), "rows_created": after - before,
            "acknowledged_found": check["found"], "seconds": round(elapsed, 2),
            "slowest_ms": round(times[-1] * 1000, 1), "median_ms": round(times[len(times) // 2] * 1000, 1)}


# ------------------------------------------------------------------------------------------- one scale

def measure_scale(args, scale: float, url: str, workdir: Path) -> dict:
    instance = workdir / f"instance-{scale}"
    instance.mkdir(parents=True, exist_ok=True)
    env = server_env(args, url, instance)
    result: dict = {"scale": scale, "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    result["seed"] = seed_database(args, scale, url, workdir, env)
    engine = engine_for(url)
    result["database"] = database_info(engine)
    result["rows"] = table_counts(engine)
    log(f"scale {scale}: seeded in {result['seed']['seconds']} s; rows: {result['rows']}")
    server = Server(args.workers, env, workdir / f"gunicorn-{scale}.log")
    try:
        result["endpoints"] = drive(args, server, engine, result["seed"]["staff"])
        result["rss_mb"] = server.rss_mb()
        result["memory"] = server.memory_detail()
        log(f"worker RSS (MB): {result['rss_mb']}")
        if not args.no_writes:
            result["burst"] = run_burst(args, server, engine)
    finally:
        server.stop()
    if not args.no_render:
        # The same pages with the page cache off: what a signed-in person, or a visit right after a change, costs.
        server = Server(args.workers, {**env, "PAGE_CACHE_SECONDS": "0"}, workdir / f"gunicorn-{scale}-render.log")
        try:
            result["render"] = drive_render(args, server, engine, result["endpoints"])
        finally:
            server.stop()
    engine.dispose()
    result["load_average"] = os.getloadavg()
    return result


def drive_render(args, server: Server, engine, measured: list[dict]) -> list[dict]:
    probe = CpuProbe(server, engine)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", "Accept-Language": "id-ID,id;q=0.9"}
    endpoints = []
    for source in measured:
        if source["kind"] not in ("floor", "page", "list") or not source.get("wrk") or source.get("write_rate"):
            continue
        endpoint = {k: source[k] for k in ("key", "label", "path", "kind")}
        endpoint["headers"] = source.get("headers", {})
        sent = {**headers, **endpoint["headers"]}
        run_wrk(args, server.port, endpoint["path"], args.warmup, args.connections, sent)
        log(f"{endpoint['label']} (page cache off): measuring ({args.render_duration})")
        endpoint["wrk"] = run_wrk(args, server.port, endpoint["path"], args.render_duration, args.connections,
                                  sent, None, probe)
        endpoint["wrk"].pop("locations", None)
        w = endpoint["wrk"]
        log(f"{endpoint['label']} (page cache off): {w['rps']:.0f} req/s, p95 {w['p95_ms']:.1f} ms")
        endpoints.append(endpoint)
    return endpoints


def drive(args, server: Server, engine, staff: dict) -> list[dict]:
    client = Client(server.port)
    probe = CpuProbe(server, engine)
    endpoints = discover(client, args.deep)
    if not args.no_writes:
        endpoints.append({"key": "file-report", "label": "file a report (web form)", "path": "/aspirasi/baru",
                          "kind": "filing", "method": "POST"})
        endpoints.append({"key": "enter-prices", "label": "enter a market's prices", "kind": "prices",
                          "path": "/staf/harga/{market}/{day}", "method": "POST"})
    if args.write_rate > 0 and not args.no_writes:
        endpoints.append({"key": "aspirasi-under-writes", "kind": "list", "path": "/aspirasi/",
                          "label": f"aspirasi list, while {args.write_rate:g} reports a second are filed",
                          "write_rate": args.write_rate})
    if args.only:
        wanted = set(args.only.split(","))
        endpoints = [e for e in endpoints if e["key"] in wanted or e["key"] == "ping"]
    base_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", "Accept-Language": "id-ID,id;q=0.9"}
    for endpoint in endpoints:
        label = endpoint["label"]
        headers = {**base_headers, **endpoint.get("headers", {})}
        extra_env: dict = {}
        if endpoint["kind"] in ("filing", "prices"):
            measure_write(args, server, engine, endpoint, headers, probe, staff)
            continue
        wire, raw, encoding = compressed_size(server.port, endpoint["path"], headers)
        endpoint.update({"gzip_bytes": wire, "bytes": raw, "encoding": encoding})
        log(f"{label}: {endpoint['path']} — warming ({args.warmup})")
        run_wrk(args, server.port, endpoint["path"], args.warmup, args.connections, headers, extra_env)
        log(f"{label}: measuring ({args.duration}, {args.connections} connections)")
        if endpoint.get("write_rate"):
            with SteadyFilings(server.port, endpoint["write_rate"]) as writes:
                endpoint["wrk"] = run_wrk(args, server.port, endpoint["path"], args.duration, args.connections,
                                          headers, extra_env, probe)
            endpoint["writes"] = {"sent": writes.sent, "acknowledged": writes.acknowledged}
        else:
            endpoint["wrk"] = run_wrk(args, server.port, endpoint["path"], args.duration, args.connections,
                                      headers, extra_env, probe)
        endpoint["wrk"].pop("locations", None)
        w = endpoint["wrk"]
        log(f"{label}: {w['rps']:.0f} req/s, p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms, "
            f"errors {w['non_2xx_3xx']} + {sum(w['socket_errors'].values())} socket")
    return endpoints


def measure_write(args, server: Server, engine, endpoint: dict, headers: dict, probe: CpuProbe,
                  staff: dict) -> None:
    label = endpoint["label"]
    if endpoint["kind"] == "filing":
        setup = filing_setup(server.port)
        headers = {**headers, "Cookie": setup["cookie"], "Content-Type": setup["content_type"]}
        env = {"BENCH_METHOD": "POST", "BENCH_BODY": setup["body"], "BENCH_COLLECT": "location"}
        table = "aspirasi_report"
    else:
        setup = price_setup(server.port, engine, staff["login"], staff["password"])
        headers = {**headers, "Cookie": setup["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        env = {"BENCH_METHOD": "POST", "BENCH_BODY": setup["body"], "BENCH_COLLECT": "location",
               "BENCH_MARKETS": ",".join(setup["markets"])}
        table = "harga_price"
        endpoint.update({"markets": len(setup["markets"]), "commodities": setup["commodities"]})
    endpoint["setup"] = {k: v for k, v in setup.items() if k not in ("cookie", "body")}
    endpoint.update({"gzip_bytes": None, "bytes": None})

    def count() -> int:
        return scalar(engine, f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)

    def run(duration: str, measured: bool) -> dict:
        if endpoint["kind"] == "prices":  # each request a day before any saved price, going back
            env["BENCH_DAY0"] = str(epoch(first_price_day(engine) - timedelta(days=1)))
        before = count()
        outcome = run_wrk(args, server.port, endpoint["path"], duration, args.connections, headers, env,
                          probe if measured else None)
        outcome["rows_created"] = settled(count) - before
        return outcome

    log(f"{label}: warming ({args.warmup})")
    run(args.warmup, measured=False)
    log(f"{label}: measuring ({args.duration}, {args.connections} connections)")
    w = run(args.duration, measured=True)
    locations = w.pop("locations")
    if endpoint["kind"] == "filing":
        w["check"] = check_filings(engine, locations)
        w["check"]["rows_created"] = w["rows_created"]
    else:
        w["check"] = check_prices(engine, locations, setup["commodities"])
        w["check"]["rows_created"] = w["rows_created"]
    endpoint["wrk"] = w
    log(f"{label}: {w['rps']:.0f} req/s, p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms, "
        f"{w['redirect_3xx']} acknowledged, errors {w['non_2xx_3xx']} + {sum(w['socket_errors'].values())} socket; "
        f"check {w['check']}")


class SteadyFilings:
    """Citizens filing reports at a steady rate in the background (each filing a write that invalidates the
    region's stored pages), while wrk reads a page: how the page cache holds up when the data keeps changing."""

    def __init__(self, port: int, rate: float):
        self.port, self.rate = port, rate
        self.setup = filing_setup(port)
        self.sent = self.acknowledged = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.run_id = secrets.token_hex(4)

    def _run(self) -> None:
        next_at = time.monotonic()
        while not self.stopping.is_set():
            body = self.setup["body"].replace("{key}", f"steady-{self.run_id}-{self.sent:08d}").encode()
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                conn.request("POST", "/aspirasi/baru", body=body, headers={
                    "Cookie": self.setup["cookie"], "Content-Type": self.setup["content_type"],
                    "User-Agent": USER_AGENT, "Content-Length": str(len(body))})
                response = conn.getresponse()
                response.read()
                self.acknowledged += response.status == 303
            except OSError:
                pass
            finally:
                conn.close()
                self.sent += 1
            next_at += 1 / self.rate
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(60)


def stack_floor_rss(url: str) -> dict:
    """RSS of a Python process that only imports the fixed stack (no Serambi code): the least a worker can be."""
    driver = "psycopg" if url.startswith("postgresql") else "sqlite3"
    modules = ["flask", "flask_sqlalchemy", "sqlalchemy.orm", driver, "flask_babel", "flask_wtf", "flask_login",
               "flask_limiter", "flask_compress"]
    code = ("import " + ", ".join(modules) + "\n"
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')))")
    bare = "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')))"
    kb = int(subprocess.run([str(VENV_BIN / "python"), "-c", code], stdout=subprocess.PIPE, text=True,
                            check=True).stdout)
    python_kb = int(subprocess.run([str(VENV_BIN / "python"), "-c", bare], stdout=subprocess.PIPE, text=True,
                                   check=True).stdout)
    return {"modules": modules, "rss_mb": round(kb / 1024, 1), "python_mb": round(python_kb / 1024, 1)}


def run_burst(args, server: Server, engine) -> dict:
    log(f"{args.burst} filings at once")
    setup = filing_setup(server.port)
    outcome = burst(server.port, setup, engine, args.burst)
    log(f"burst: {outcome}")
    return outcome


# -------------------------------------------------------------------------------------------- verdicts

def verdict(ok: bool) -> str:
    return "PASS" if ok else "**MISS**"


def endpoint_targets(endpoint: dict, floor_rps: float) -> list[tuple[str, bool]]:
    w = endpoint.get("wrk")
    if not w:
        return []
    checks = []
    errors = w["non_2xx_3xx"] + sum(w["socket_errors"].values())
    if endpoint["kind"] in ("page", "list"):
        checks.append((f"p95 ≤ {PAGE_P95_MS} ms", w["p95_ms"] <= PAGE_P95_MS))
        checks.append((f"≥ {FLOOR_SHARE:.0%} of floor", floor_rps > 0 and w["rps"] >= FLOOR_SHARE * floor_rps))
    if endpoint["kind"] == "filing":
        checks.append((f"p95 ≤ {FILING_P95_MS} ms", w["p95_ms"] <= FILING_P95_MS))
        c = w["check"]
        checks.append(("loses none", c["found"] == c["acknowledged"] == w["redirect_3xx"]))
    if endpoint["kind"] == "prices":
        c = w["check"]
        checks.append(("loses none", c["rows_found"] == c["rows_expected"] and c["acknowledged"] == w["redirect_3xx"]))
    checks.append(("no errors", errors == 0))
    return checks


def floor_rps(result: dict) -> float:
    return next((e["wrk"]["rps"] for e in result["endpoints"] if e["key"] == "ping" and e.get("wrk")), 0.0)


def growth_rows(results: list[dict], part: str = "endpoints") -> list[dict]:
    """The list pages' p95 at the largest scale over the smallest (`part`: "render" for the cache-off pass)."""
    if len(results) < 2:
        return []
    small, large = min(results, key=lambda r: r["scale"]), max(results, key=lambda r: r["scale"])
    by_key = {e["key"]: e for e in small.get(part, []) if e.get("wrk")}
    rows = []
    for endpoint in large.get(part, []):
        other = by_key.get(endpoint["key"])
        if endpoint["kind"] != "list" or not endpoint.get("wrk") or not other or endpoint.get("write_rate"):
            continue
        ratio = endpoint["wrk"]["p95_ms"] / other["wrk"]["p95_ms"] if other["wrk"]["p95_ms"] else float("inf")
        def cpu(w: dict) -> float:
            return w.get("cpu", {}).get("app_ms_per_request", 0) + w.get("cpu", {}).get("db_ms_per_request", 0)

        small_cpu, large_cpu = cpu(other["wrk"]), cpu(endpoint["wrk"])
        rows.append({"key": endpoint["key"], "label": endpoint["label"], "small_p95": other["wrk"]["p95_ms"],
                     "small_cpu_ms": round(small_cpu, 2), "large_cpu_ms": round(large_cpu, 2),
                     "cpu_ratio": round(large_cpu / small_cpu, 2) if small_cpu else None,
                     "large_p95": endpoint["wrk"]["p95_ms"], "ratio": round(ratio, 2), "pass": ratio <= GROWTH,
                     "small_path": other["path"], "large_path": endpoint["path"]})
    return rows


# ---------------------------------------------------------------------------------------------- report

def machine() -> dict:
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    wrk_version = subprocess.run(["wrk", "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True).stdout.split("\n")[0].strip()
    gunicorn_version = subprocess.run([str(VENV_BIN / "gunicorn"), "--version"], stdout=subprocess.PIPE,
                                      text=True).stdout.strip()
    return {"cores": os.cpu_count(), "memory_gib": round(memory / 1024 / 1024, 1), "cpu": model,
            "kernel": platform.release(), "python": platform.python_version(), "wrk": wrk_version,
            "gunicorn": gunicorn_version}


def fmt_ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def fmt_bytes(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1024:.1f} KB" if value >= 1024 else f"{value} B"


def scale_table(result: dict) -> list[str]:
    floor = floor_rps(result)
    lines = ["| endpoint | path | req/s | p50 ms | p95 ms | p99 ms | % of floor | CPU ms/req | gzip | errors | targets |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for endpoint in result["endpoints"]:
        w = endpoint.get("wrk")
        if not w:
            continue
        errors = w["non_2xx_3xx"] + sum(w["socket_errors"].values())
        share = f"{w['rps'] / floor:.0%}" if floor and endpoint["key"] != "ping" else "—"
        targets = "; ".join(f"{name} {verdict(ok)}" for name, ok in endpoint_targets(endpoint, floor))
        path = endpoint["path"]
        if len(path) > 48:
            path = path[:45] + "…"
        lines.append(f"| {endpoint['label']} | `{path}` | {w['rps']:.0f} | {fmt_ms(w['p50_ms'])} | "
                     f"{fmt_ms(w['p95_ms'])} | {fmt_ms(w['p99_ms'])} | {share} | {cpu_cell(w)} | "
                     f"{fmt_bytes(endpoint['gzip_bytes'])} | "
                     f"{errors} | {targets} |")
    return lines


def render_table(result: dict) -> list[str]:
    endpoints = result.get("render") or []
    floor = next((e["wrk"]["rps"] for e in endpoints if e["key"] == "ping"), 0.0)
    lines = ["| endpoint | req/s | p50 ms | p95 ms | p99 ms | % of floor | CPU ms/req |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for endpoint in endpoints:
        w = endpoint["wrk"]
        share = f"{w['rps'] / floor:.0%}" if floor and endpoint["key"] != "ping" else "—"
        lines.append(f"| {endpoint['label']} | {w['rps']:.0f} | {fmt_ms(w['p50_ms'])} | {fmt_ms(w['p95_ms'])} | "
                     f"{fmt_ms(w['p99_ms'])} | {share} | {cpu_cell(w)} |")
    return lines


def growth_table(rows: list[dict], small: float, large: float, title: str) -> list[str]:
    lines = ["", title, "",
             f"| list page | p95 ms at {small:g} | p95 ms at {large:g} | ratio | ≤ {GROWTH}× | "
             f"CPU ms/req at {small:g} → {large:g} (ratio) |",
             "|---|---:|---:|---:|---|---|"]
    for row in rows:
        cpu_ratio = f" ({row['cpu_ratio']:.2f}×)" if row["cpu_ratio"] else ""
        lines.append(f"| {row['label']} | {fmt_ms(row['small_p95'])} | {fmt_ms(row['large_p95'])} | "
                     f"{row['ratio']:.2f}× | {verdict(row['pass'])} | {row['small_cpu_ms']:.1f} → "
                     f"{row['large_cpu_ms']:.1f}{cpu_ratio} |")
    return lines


def cpu_cell(w: dict) -> str:
    """The server's CPU per request: the workers', plus the database server's on PostgreSQL."""
    cpu = w.get("cpu")
    if not cpu:
        return "—"
    if cpu["db_ms_per_request"]:
        return f"{cpu['app_ms_per_request']:.1f} + {cpu['db_ms_per_request']:.1f}"
    return f"{cpu['app_ms_per_request']:.1f}"


def busy_note(result: dict) -> str:
    """How much CPU other work on the machine took while this scale was measured."""
    other = [e["wrk"]["cpu"]["other_cores"] for e in result["endpoints"] if e.get("wrk", {}).get("cpu")]
    wrk = [e["wrk"]["cpu"]["wrk_cores"] for e in result["endpoints"] if e.get("wrk", {}).get("cpu")]
    if not other:
        return ""
    return (f"While measuring, wrk used {sum(wrk) / len(wrk):.2f} cores on average and other work on the machine "
            f"{sum(other) / len(other):.2f} cores (at most {max(other):.2f}, of {os.cpu_count()}).")


def write_details(result: dict) -> list[str]:
    lines = []
    for endpoint in result["endpoints"]:
        if endpoint.get("writes"):
            writes = endpoint["writes"]
            lines.append(f"- {endpoint['label']}: {writes['sent']} filings sent during the measurement, "
                         f"{writes['acknowledged']} acknowledged; each one made the region's stored pages stale, "
                         f"so the next request to each worker rendered the list again.")
    for endpoint in result["endpoints"]:
        w = endpoint.get("wrk")
        if not w or endpoint["kind"] not in ("filing", "prices"):
            continue
        c = w["check"]
        if endpoint["kind"] == "filing":
            lines.append(f"- {endpoint['label']}: {w['requests']} answered in {w['seconds']:.1f} s, "
                         f"{w['redirect_3xx']} acknowledged (303 to the report's page), {c['found']} of those "
                         f"reports found in the database; {c['rows_created']} rows created in all (the difference "
                         f"is requests still in flight when wrk stopped, at most {result['connections']}); "
                         f"{w['client_4xx']} 4xx, {w['server_5xx']} 5xx.")
        else:
            lines.append(f"- {endpoint['label']}: {w['requests']} answered, {w['redirect_3xx']} acknowledged, each "
                         f"a day of {endpoint['commodities']} prices for one of {endpoint['markets']} markets; "
                         f"{c['rows_found']} of the {c['rows_expected']} acknowledged prices found in the database, "
                         f"{c['rows_created']} created in all; {w['client_4xx']} 4xx, {w['server_5xx']} 5xx.")
    b = result.get("burst")
    if b:
        ok = b["acknowledged"] == b["sent"] and b["acknowledged_found"] == b["acknowledged"] \
            and b["rows_created"] == b["sent"]
        statuses = ", ".join(f"{n}× {s}" for s, n in sorted(b["statuses"].items()))
        lines.append(f"- {b['sent']} filings at once (each on its own connection, released together): {statuses}; "
                     f"{b['rows_created']} reports created, {b['acknowledged_found']} of the acknowledged found; "
                     f"all answered in {b['seconds']} s (median {b['median_ms']:.0f} ms, slowest "
                     f"{b['slowest_ms']:.0f} ms). {BURST if b['sent'] == BURST else b['sent']} concurrent filings "
                     f"lose none: {verdict(ok)}")
    return lines


def markdown(run: dict) -> str:
    results, m, args = run["results"], run["machine"], run["settings"]
    database = results[0]["database"] if results else {}
    lines = [
        f"Measured {run['date']} on {m['cores']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, Linux "
        f"{m['kernel']}, Python {m['python']}; {database.get('version', '?')} on the same machine; gunicorn "
        f"({m['gunicorn']}, `-c python:webapp.gunicorn_conf`: the app preloaded) with {args['workers']} threaded "
        f"workers (gthread, 4 threads each), SERAMBI_ENV=production (page cache on: PAGE_CACHE_SECONDS 30; gzip level 6, brotli 5), rate limits "
        f"off; {m['wrk']} with {args['wrk_threads']} thread, {args['connections']} connections, "
        f"{args['duration']} per endpoint after a {args['warmup']} warm-up, on the same machine as the server "
        "(it takes a share of the CPU).",
        "",
        f"Command: `{run['command']}` — total {run['seconds'] / 60:.1f} min.",
        "",
        f"Targets (issue #10; for PostgreSQL at full scale on 2 cores, judged here at every scale): public pages "
        f"p95 ≤ {PAGE_P95_MS} ms and ≥ {FLOOR_SHARE:.0%} of the floor's throughput, list pages' p95 at the largest "
        f"scale ≤ {GROWTH}× the smallest, ≤ {RSS_MB} MB RSS per worker, filing p95 ≤ {FILING_P95_MS} ms, "
        f"{BURST} concurrent filings lose none.",
    ]
    misses = []
    for result in results:
        rows = result["rows"]
        lines += ["", f"#### Scale {result['scale']:g} ({database.get('dialect', '?')})", "",
                  f"Data: {rows['aspirasi_report']:,} reports ({rows['aspirasi_event']:,} timeline events), "
                  f"{rows['pencaker_seeker']:,} job seekers, {rows['pencaker_vacancy']:,} vacancies, "
                  f"{rows['pencaker_application']:,} applications, {rows['harga_price']:,} prices "
                  f"({rows['harga_daily']:,} daily aggregates), {rows['berita_article']:,} articles; seeded in "
                  f"{result['seed']['seconds']:.0f} s, database {result['database']['bytes'] / 1e6:.0f} MB. "
                  f"Load average after the run: {', '.join(f'{x:.1f}' for x in result['load_average'])}.", ""]
        lines += scale_table(result)
        lines += ["", "CPU ms/req: the CPU time the gunicorn workers (+ the PostgreSQL backends serving them) spent per "
                      "request, which a busy machine disturbs less than req/s and latency. " + busy_note(result)]
        rss = result.get("rss_mb", {})
        if rss:
            ok = all(v <= RSS_MB for v in rss.values())
            memory = result.get("memory", {})
            pss = ", ".join(f"{m['pss_mb']:.0f}/{m['private_mb']:.0f}" for m in memory.values())
            lines += ["", f"Worker RSS after the run: {', '.join(f'{v:.0f} MB' for v in rss.values())} "
                          f"(≤ {RSS_MB} MB: {verdict(ok)})" + (f"; PSS/private: {pss} MB" if pss else "") + "."]
            floor_memory = run.get("stack_floor")
            if floor_memory:
                lines[-1] += (f" For scale: a Python process that only imports the fixed stack "
                              f"({', '.join(floor_memory['modules'])}) and none of Serambi's code is "
                              f"{floor_memory['rss_mb']:.0f} MB RSS (the bare interpreter "
                              f"{floor_memory['python_mb']:.0f} MB).")
            if not ok:
                misses.append(f"scale {result['scale']:g}: worker RSS {max(rss.values()):.0f} MB > {RSS_MB} MB")
        details = write_details(result)
        if details:
            lines += ["", "Writes:", "", *details]
        if result.get("render"):
            lines += ["", f"With the page cache off (PAGE_CACHE_SECONDS=0: every request renders, as for a signed-in "
                          f"person or the first visit after a change; {args.get('render_duration', '?')} each, "
                          f"{args['connections']} connections; for information, not judged):", ""]
            lines += render_table(result)
        floor = floor_rps(result)
        for endpoint in result["endpoints"]:
            missed = [name for name, ok in endpoint_targets(endpoint, floor) if not ok]
            if missed:
                w = endpoint["wrk"]
                errors = w["non_2xx_3xx"] + sum(w["socket_errors"].values())
                share = f", {w['rps'] / floor:.0%} of the floor" if floor else ""
                misses.append(f"scale {result['scale']:g}, {endpoint['label']}: missed {', '.join(missed)} — "
                              f"p95 {fmt_ms(w['p95_ms'])} ms, {w['rps']:.0f} req/s{share}, {cpu_cell(w)} ms CPU a "
                              f"request" + (f", {errors} errors" if errors else ""))
        b = result.get("burst")
        if b and not (b["acknowledged"] == b["sent"] == b["rows_created"] == b["acknowledged_found"]):
            misses.append(f"scale {result['scale']:g}: {b['sent']} concurrent filings: {b['acknowledged']} acknowledged, "
                          f"{b['rows_created']} created")
    growth = growth_rows(results)
    if growth:
        small, large = min(r["scale"] for r in results), max(r["scale"] for r in results)
        lines += growth_table(growth, small, large, f"#### Growth: list pages, p95 at scale {large:g} over scale {small:g}")
        for row in growth:
            if not row["pass"]:
                misses.append(f"growth: {row['label']} p95 {row['ratio']:.2f}× from scale {small:g} to {large:g}")
    render_growth = growth_rows(results, "render")
    if render_growth:
        small, large = min(r["scale"] for r in results), max(r["scale"] for r in results)
        lines += growth_table(render_growth, small, large,
                              f"#### Growth with the page cache off: p95 at scale {large:g} over scale {small:g}")
        lines += ["", "Every request rendered: this is how the pages' own cost (queries, templates) grows with the "
                      "data, which the page cache would otherwise hide."]
        for row in render_growth:
            if not row["pass"]:
                misses.append(f"growth with the page cache off: {row['label']} p95 {row['ratio']:.2f}× from "
                              f"scale {small:g} to {large:g}")
    lines += ["", "Missed targets:" if misses else "Every target was met in this run.", ""]
    lines += [f"- {miss}" for miss in misses]
    return "\n".join(lines).rstrip() + "\n"


def write_section(doc: Path, dialect: str, block: str) -> None:
    """Replace this database's results between the load markers of docs/benchmarks.md; keep everything else."""
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    sub_begin, sub_end = f"<!-- load:{dialect}:start -->", f"<!-- load:{dialect}:end -->"
    sub = f"{sub_begin}\n### {'PostgreSQL' if dialect == 'postgresql' else 'SQLite'}\n\n{block}{sub_end}"
    if BEGIN not in text:
        text = text.rstrip("\n") + "\n\n" + SECTION_INTRO + f"\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    inside = text[start:end]
    if sub_begin in inside:
        inside = re.sub(re.escape(sub_begin) + ".*?" + re.escape(sub_end), lambda _: sub, inside, flags=re.S)
    else:  # PostgreSQL first, then SQLite
        blocks = re.findall(r"<!-- load:(\w+):start -->.*?<!-- load:\1:end -->", inside, flags=re.S)
        kept = {d: re.search(f"<!-- load:{d}:start -->.*?<!-- load:{d}:end -->", inside, flags=re.S).group(0)
                for d in blocks}
        kept[dialect] = sub
        inside = "\n\n".join(kept[d] for d in sorted(kept, key=lambda d: d != "postgresql"))
    text = text[:start] + "\n" + inside.strip("\n") + "\n" + text[end:]
    doc.write_text(text)


SECTION_INTRO = """## Load: gunicorn under wrk (`bench/run.py`)

Every public page, two writes and the floor (`/ping`) under 16 concurrent connections, at two data sizes. How it
runs and what the numbers mean: [bench/README.md](../bench/README.md#load-benchrunpy). Run with `make bench-load`
(`BENCH_ARGS="--database-url ..."` for PostgreSQL); it rewrites its database's part between the markers below.
"""


# ------------------------------------------------------------------------------------------------ main

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="0.01,1", help="comma-separated scale factors (default 0.01,1)")
    parser.add_argument("--database-url", help="the database to fill (emptied with --reset for every scale); "
                        "default: a SQLite file per scale in a temporary folder")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn workers (default: cores)")
    parser.add_argument("--duration", default="10s", help="wrk's -d per endpoint (default 10s)")
    parser.add_argument("--warmup", default="2s", help="wrk run before each measurement, discarded (default 2s)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's -c (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's -t (default 1: fewer than the cores)")
    parser.add_argument("--timeout", default="10s", help="wrk's --timeout (default 10s)")
    parser.add_argument("--deep", type=int, default=10, help="pages to follow for a list's deep page (default 10)")
    parser.add_argument("--burst", type=int, default=BURST, help=f"filings sent at once (default {BURST})")
    parser.add_argument("--seed", type=int, default=42, help="random seed of bench/seed.py (default 42)")
    parser.add_argument("--data", choices=["seed", "demo"], default="seed",
                        help="seed: bench/seed.py at each scale (default); demo: the demo region (scale ignored)")
    parser.add_argument("--only", help="comma-separated endpoint keys to measure (plus the floor), e.g. home,harga-365")
    parser.add_argument("--no-writes", action="store_true", help="skip the two writes and the burst")
    parser.add_argument("--write-rate", type=float, default=2.0,
                        help="reports a second filed in the background while the aspirasi list is read once more "
                             "(default 2; 0 skips that measurement)")
    parser.add_argument("--no-render", action="store_true",
                        help="skip the second pass with the page cache off (PAGE_CACHE_SECONDS=0)")
    parser.add_argument("--render-duration", default="5s", help="wrk's -d per endpoint in that pass (default 5s)")
    parser.add_argument("--json", type=Path, help="write every number to this file")
    parser.add_argument("--doc", type=Path, default=DOC, help="the Markdown file to write into (docs/benchmarks.md)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--keep", type=Path, help="keep the work folder (gunicorn logs, SQLite files) here")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="measure nothing: print (and write into --doc) the report of a run saved with --json")
    return parser.parse_args(argv)


def database_url_for(args, scale: float, workdir: Path) -> str:
    if args.database_url:
        return args.database_url
    return f"sqlite:///{workdir / f'bench-{scale}.db'}"


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.from_json:
        run = json.loads(args.from_json.read_text())
        block = markdown(run)
        print(block, end="")
        if not args.no_doc and run["results"]:
            write_section(args.doc, run["results"][0]["database"]["dialect"], block)
            log(f"results written to {args.doc}")
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    if not (VENV_BIN / "gunicorn").exists():
        sys.exit("no .venv/bin/gunicorn: run 'make install' first")
    scales = sorted(float(s) for s in args.scales.split(","))
    started = time.monotonic()
    if args.keep:
        workdir = args.keep
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="serambi-load-"))
    command = "bench/run.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    results = []
    try:
        for scale in scales:
            log(f"=== scale {scale} ===")
            result = measure_scale(args, scale, database_url_for(args, scale, workdir), workdir)
            result["connections"] = args.connections
            results.append(result)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    run = {"date": datetime.now(timezone.utc).strftime("%d %b %Y %H:%M UTC"), "command": command.strip(),
           "seconds": round(time.monotonic() - started), "machine": machine(),
           "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
           "targets": {"page_p95_ms": PAGE_P95_MS, "floor_share": FLOOR_SHARE, "growth": GROWTH, "rss_mb": RSS_MB,
                       "filing_p95_ms": FILING_P95_MS, "burst": BURST},
           "results": results, "growth": growth_rows(results), "render_growth": growth_rows(results, "render"),
           "stack_floor": stack_floor_rss(database_url_for(args, scales[0], workdir))}
    block = markdown(run)
    print(block, end="")
    if args.json:
        args.json.write_text(json.dumps(run, indent=2, default=str) + "\n")
        log(f"numbers written to {args.json}")
    if not args.no_doc and results:
        write_section(args.doc, results[0]["database"]["dialect"], block)
        log(f"results written to {args.doc}")
    log(f"done in {run['seconds'] / 60:.1f} min")


if __name__ == "__main__":
    main()

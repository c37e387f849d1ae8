"""bench/run.py's report: each number is judged against the issue's targets, and a miss is said plainly."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


@pytest.fixture(scope="module")
def run_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wrk(rps, p95, app_ms=1.0, db_ms=0.5, **extra):
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.2, "non_2xx_3xx": 0,
            "socket_errors": {}, "requests": int(rps * 10), "seconds": 10.0,
            "cpu": {"app_ms_per_request": app_ms, "db_ms_per_request": db_ms, "wrk_cores": 0.1, "other_cores": 0.0},
            **extra}


def scale(value, list_p95, render_p95, rss=55.0):
    endpoints = [
        {"key": "ping", "label": "floor `/ping`", "path": "/ping", "kind": "floor", "gzip_bytes": 2, "wrk": wrk(1000, 5)},
        {"key": "home", "label": "home", "path": "/", "kind": "page", "gzip_bytes": 2800, "wrk": wrk(900, 20)},
        {"key": "aspirasi-list", "label": "aspirasi list, first page", "path": "/aspirasi/", "kind": "list",
         "gzip_bytes": 3300, "wrk": wrk(500, list_p95)},
        {"key": "file-report", "label": "file a report (web form)", "path": "/aspirasi/baru", "kind": "filing",
         "gzip_bytes": None, "wrk": wrk(200, 80, redirect_3xx=2000, client_4xx=0, server_5xx=0,
                                        check={"found": 2000, "acknowledged": 2000, "rows_created": 2010})},
    ]
    render = [
        {"key": "ping", "label": "floor `/ping`", "path": "/ping", "kind": "floor", "wrk": wrk(1000, 5)},
        {"key": "aspirasi-list", "label": "aspirasi list, first page", "path": "/aspirasi/", "kind": "list",
         "wrk": wrk(100, render_p95, app_ms=9.0)},
    ]
    rows = {"aspirasi_report": 1000, "aspirasi_event": 6000, "pencaker_seeker": 500, "pencaker_vacancy": 100,
            "pencaker_application": 2000, "harga_price": 10000, "harga_daily": 500, "berita_article": 50}
    return {"scale": value, "endpoints": endpoints, "render": render, "rows": rows, "rss_mb": {1: rss, 2: rss},
            "memory": {1: {"pss_mb": 40, "private_mb": 30}}, "seed": {"seconds": 5},
            "database": {"dialect": "postgresql", "version": "PostgreSQL 15", "bytes": 20e6},
            "load_average": (1.0, 1.0, 1.0), "connections": 16,
            "burst": {"sent": 200, "acknowledged": 200, "rows_created": 200, "acknowledged_found": 200,
                      "statuses": {"303": 200}, "seconds": 1.0, "median_ms": 500, "slowest_ms": 900}}


def report(run_module, small, large):
    results = [small, large]
    run = {"results": results, "date": "07 Dec 2026", "command": "bench/run.py", "seconds": 60,
           "machine": {"cores": 2, "cpu": "CPU", "memory_gib": 4, "kernel": "6", "python": "3.11", "wrk": "wrk 4",
                       "gunicorn": "gunicorn 27"},
           "settings": {"workers": 2, "wrk_threads": 1, "connections": 16, "duration": "10s", "warmup": "2s",
                        "render_duration": "5s"},
           "stack_floor": {"modules": ["flask", "psycopg"], "rss_mb": 65.0, "python_mb": 11.0}}
    return run_module.markdown(run)


def test_every_target_met_says_so(run_module):
    text = report(run_module, scale(0.01, 20, 100), scale(1, 22, 110))
    assert "**MISS**" not in text and "Every target was met in this run." in text
    assert "| aspirasi list, first page | 20.0 | 22.0 | 1.10× | PASS |" in text
    assert "With the page cache off" in text and "65 MB RSS" in text


def test_a_slow_page_a_growing_list_and_a_fat_worker_are_listed_as_misses(run_module):
    text = report(run_module, scale(0.01, 20, 100), scale(1, 60, 200, rss=90))
    assert "scale 1, aspirasi list, first page: missed p95 ≤ 50 ms" in text
    assert "growth: aspirasi list, first page p95 3.00× from scale 0.01 to 1" in text
    assert "growth with the page cache off: aspirasi list, first page p95 2.00×" in text
    assert "scale 1: worker RSS 90 MB > 60 MB" in text
    assert "Missed targets:" in text

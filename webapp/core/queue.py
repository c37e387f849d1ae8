"""Background jobs: work that must not keep a citizen waiting, such as sending messages.

`enqueue("package.module.function", *args)` hands a job over and returns at once; it never raises.
Jobs get plain values (ids, strings), never ORM objects, and each one runs in a fresh app context, so it
loads what it needs and enters its region itself (`region_context`).

Where a job runs depends on QUEUE_MODE (chosen automatically when unset):
  "rq"     with REDIS_URL: an RQ queue, retried by RQ (10 s, 1 min, 5 min); run `flask --app wsgi worker`.
  "thread" without Redis: a small in-process thread pool, started after the response has been sent,
           retried with the same pauses. Jobs still waiting are lost if the process stops.
  "sync"   in tests (app.testing): at once, retried without pauses, so a test can see the result.
A job that still fails after its retries is logged; the caller never sees the failure.
"""
from __future__ import annotations

import importlib
import time
from concurrent.futures import ThreadPoolExecutor

import click
from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from flask.cli import with_appcontext

RETRY_INTERVALS = (10, 60, 300)  # seconds between attempts
QUEUE_NAME = "serambi"
THREADS = 2
_pools: dict[int, ThreadPoolExecutor] = {}
_redis: dict[str, object] = {}
_worker_app: Flask | None = None


def queue_mode(app: Flask) -> str:
    """The configured QUEUE_MODE, or "rq" with REDIS_URL, "sync" when testing, "thread" otherwise."""
    mode = app.config.get("QUEUE_MODE")
    if mode:
        return mode
    if app.config.get("REDIS_URL"):
        return "rq"
    return "sync" if app.testing else "thread"


def enqueue(func_path: str, *args, **kwargs) -> bool:
    """Run `func_path(*args, **kwargs)` in the background (see the module notes). Never raises.

    True when the job was handed over; in "sync" mode, whether it succeeded (within its retries).
    """
    app = current_app._get_current_object()
    mode = queue_mode(app)
    if mode == "rq" and _enqueue_rq(app, func_path, args, kwargs):
        return True
    if mode == "sync":
        return run_with_retries(app, func_path, args, kwargs, pause=False)
    if has_request_context():
        @after_this_request
        def start_after_response(response):
            response.call_on_close(lambda: _submit(app, func_path, args, kwargs))
            return response
    else:
        _submit(app, func_path, args, kwargs)
    return True


def _submit(app: Flask, func_path: str, args, kwargs) -> None:
    pool = _pools.get(id(app))
    if pool is None:
        pool = _pools[id(app)] = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="serambi-job")
    pool.submit(run_with_retries, app, func_path, args, kwargs)


def wait_for_jobs(app: Flask) -> None:
    """Block until the in-process jobs of `app` have finished (e.g. before a CLI command exits)."""
    pool = _pools.pop(id(app), None)
    if pool is not None:
        pool.shutdown(wait=True)


def _enqueue_rq(app: Flask, func_path: str, args, kwargs) -> bool:
    """Put the job on the RQ queue; False (logged) when Redis cannot be reached, so the caller falls back."""
    try:
        from rq import Retry

        queue = rq_queue(app)
        queue.enqueue_call(run_job, args=(func_path, list(args), kwargs),
                           retry=Retry(max=len(RETRY_INTERVALS), interval=list(retry_intervals(app))))
    except Exception:  # Redis down or misconfigured: the message must still go out
        app.logger.exception("could not queue %s on Redis; running it in this process", func_path)
        return False
    return True


def rq_queue(app: Flask):
    """The app's RQ queue (QUEUE_NAME), on the Redis server at REDIS_URL (one connection pool per URL)."""
    from redis import Redis
    from rq import Queue

    url = app.config["REDIS_URL"]
    connection = _redis.get(url)
    if connection is None:
        connection = _redis[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return Queue(app.config.get("QUEUE_NAME", QUEUE_NAME), connection=connection)


def retry_intervals(app: Flask) -> tuple[int, ...]:
    return tuple(app.config.get("QUEUE_RETRY_INTERVALS", RETRY_INTERVALS))


def call(app: Flask, func_path: str, args, kwargs):
    """Import `func_path` and call it inside a fresh app context of `app` (its own `g` and session)."""
    module_name, _, name = func_path.rpartition(".")
    func = getattr(importlib.import_module(module_name), name)
    with app.app_context():
        return func(*args, **kwargs)


def run_with_retries(app: Flask, func_path: str, args, kwargs, pause: bool = True) -> bool:
    """Call the job, retrying after each pause of QUEUE_RETRY_INTERVALS; True when it succeeded. Never raises."""
    intervals = retry_intervals(app)
    for attempt in range(len(intervals) + 1):
        try:
            call(app, func_path, args, kwargs)
            return True
        except Exception:
            last = attempt == len(intervals)
            app.logger.exception("job %s failed (attempt %d of %d)%s", func_path, attempt + 1,
                                 len(intervals) + 1, "; giving up" if last else "; will retry")
            if not last and pause:
                time.sleep(intervals[attempt])
    return False


def run_job(func_path: str, args, kwargs):
    """What the RQ worker runs; raises on failure so that RQ retries it."""
    return call(_app_for_worker(), func_path, args, kwargs)


def _app_for_worker() -> Flask:
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:  # a plain `rq worker`: build the app once per process
        from .. import create_app

        _worker_app = create_app()
    return _worker_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst: bool):
    """Run the RQ worker that sends queued messages (needs REDIS_URL)."""
    from rq import SimpleWorker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process.")
    queue = rq_queue(current_app)
    # SimpleWorker runs jobs in this process: no fork, so no database connections shared across processes.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)

"""Pooled connections: pinged before use only after sitting idle, and replaced when the ping finds them dead."""
from sqlalchemy import create_engine, text
from sqlalchemy.pool import QueuePool

from webapp.core import database


def engine_with_pings(monkeypatch, idle_seconds, fail=lambda: False):
    engine = create_engine("sqlite:///:memory:", poolclass=QueuePool, pool_size=1, max_overflow=0)
    pings = []
    clock = [1000.0]
    monkeypatch.setattr(database.time, "monotonic", lambda: clock[0])

    def ping(dbapi_connection):
        pings.append(dbapi_connection)
        if fail():
            raise OSError("server closed the connection unexpectedly")
        return True

    monkeypatch.setattr(engine.dialect, "do_ping", ping)
    database.ping_when_idle(engine, idle_seconds)
    return engine, pings, clock


def use(engine):
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1")).scalar_one()


def test_a_connection_in_steady_use_is_not_pinged_each_time(monkeypatch):
    engine, pings, clock = engine_with_pings(monkeypatch, idle_seconds=2)
    for _ in range(5):
        assert use(engine) == 1
        clock[0] += 0.5
    assert len(pings) == 1  # only the new connection's first use


def test_a_connection_idle_a_while_is_pinged_before_use(monkeypatch):
    engine, pings, clock = engine_with_pings(monkeypatch, idle_seconds=2)
    use(engine)
    clock[0] += 3
    use(engine)
    assert len(pings) == 2


def test_a_dead_idle_connection_is_replaced_and_the_request_never_sees_it(monkeypatch):
    dead = {"first": True}

    def fail():  # the pooled connection is dead; the fresh one the pool opens instead is fine
        if dead["first"] and len(pings) == 2:
            dead["first"] = False
            return True
        return False

    engine, pings, clock = engine_with_pings(monkeypatch, idle_seconds=2, fail=fail)
    use(engine)
    old = engine.pool._pool.queue[0].dbapi_connection
    clock[0] += 60
    assert use(engine) == 1
    assert engine.pool._pool.queue[0].dbapi_connection is not old

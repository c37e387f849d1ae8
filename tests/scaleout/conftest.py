"""The scale-out tests talk to gunicorn servers in other processes, over HTTP, on a database of their own."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _transaction():
    """Replaces tests/conftest.py's: no test app and no rolled-back transaction here. The servers commit for
    real into a database the module creates and drops, so the test suite's database is never touched (and a
    run of this folder alone does not migrate it)."""
    yield

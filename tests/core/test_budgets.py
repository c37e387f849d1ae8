"""Byte budgets, measured the way users pay for them: gzip (level 9) of what a first visit downloads."""
import pytest

from tests import budgets
from tests.budgets import *  # noqa: F401,F403  (the four budget tests, run on this module's `first_visit`)


@pytest.fixture
def first_visit(client, make_region):
    """Everything a phone downloads on its first visit to a typical home page, except images."""
    make_region("tangerang", hosts=["localhost"], name="Kota Tangerang", code="36.71",
                tagline="Layanan publik Kota Tangerang", contact_phone="(021) 5585 000",
                emergency_numbers=[{"label": "Pemadam kebakaran", "number": "113"},
                                   {"label": "Ambulans", "number": "118"},
                                   {"label": "Polisi", "number": "110"}])

    return budgets.first_visit(client, "/", headers={})





"""Tracking codes are easy to read aloud (no 0/O, 1/I/L), forgiving of how they are typed, and unique
within a region."""
from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from webapp.extensions import db
from webapp.modules.aspirasi import codes, services
from webapp.modules.aspirasi.codes import ALPHABET, new_tracking_code, normalise_code, unique_tracking_code
from webapp.modules.aspirasi.models import Report

from .test_flow import new_report, world  # noqa: F401  (the shared small region)


def test_the_alphabet_has_no_lookalikes():
    assert not set("01OIL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_a_code_is_two_groups_of_four_readable_characters():
    for _ in range(500):
        assert re.fullmatch(rf"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", new_tracking_code())


def test_codes_are_random():
    assert len({new_tracking_code() for _ in range(1000)}) == 1000


@pytest.mark.parametrize("typed", ["K7QM-3XPD", "k7qm-3xpd", "K7QM3XPD", " k7qm 3xpd ", "K7-QM-3X-PD", "k7qm.3xpd"])
def test_a_code_can_be_typed_in_any_case_and_spacing(typed):
    assert normalise_code(typed) == "K7QM-3XPD"


@pytest.mark.parametrize("typed", [None, "", "K7QM-3XP", "K7QM-3XPDA", "K7QM-3XP0", "K7QM-3XPO", "K7QM-3XP1",
                                   "K7QM-3XPI", "K7QM-3XPL", "K7QM-3XP#", "K7QM-3XPÄ"])
def test_a_code_with_a_wrong_length_or_a_character_we_never_use_is_invalid(typed):
    assert normalise_code(typed) is None


def test_a_clash_is_retried_until_the_code_is_free(world, monkeypatch):  # noqa: F811
    taken = new_report(world).code
    offered = iter([taken, taken, "ABCD-EFGH"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(offered))
    assert unique_tracking_code(Report) == "ABCD-EFGH"


def test_a_code_is_found_only_in_its_own_region(world, make_region):  # noqa: F811
    report = new_report(world)
    assert services.report_by_code(report.code.lower()).id == report.id
    g.region = make_region("bogor")
    assert services.report_by_code(report.code) is None
    assert db.session.execute(select(Report.id).where(Report.code == report.code)).first() is None

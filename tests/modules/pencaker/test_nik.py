"""NIK checks: the shape, the kecamatan, the date of birth (day + 40 for women) agreeing with what the person
says, the serial, and the two-digit year's century. Each problem is told in words, all at once."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from webapp.modules.pencaker.nik import age_on, birth_date_in, check_nik, normalise_nik

BORN = date(1999, 5, 17)
MAN = "3671011705990001"  # Kecamatan Tangerang (36.71.01), 17-05-99, serial 0001
WOMAN = "3671015705990002"  # the same day + 40


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def test_a_plausible_nik_has_no_problems():
    assert check_nik(MAN, BORN, "L") == []
    assert check_nik(WOMAN, BORN, "P") == []


@pytest.mark.parametrize("typed", ["3671 0117 0599 0001", "3671.0117.0599.0001", "3671-0117-0599-0001",
                                   " 3671011705990001 "])
def test_spaces_dots_and_dashes_are_ignored(typed):
    assert normalise_nik(typed) == MAN
    assert check_nik(typed, BORN, "L") == []


@pytest.mark.parametrize("typed", ["", None])
def test_an_empty_nik_asks_for_it(typed):
    [problem] = check_nik(typed)
    assert "16-digit" in problem


def test_letters_are_refused():
    assert check_nik("36710117O5990001") == ["An NIK has only digits."]


@pytest.mark.parametrize("typed, count", [("367101170599001", 15), ("36710117059900011", 17), ("3671", 4)])
def test_a_wrong_length_says_how_many_digits_were_typed(typed, count):
    [problem] = check_nik(typed)
    assert "16 digits" in problem and str(count) in problem


def test_an_unknown_kecamatan_is_named():
    [problem] = check_nik("9999991705990001", BORN, "L")
    assert "999999" in problem and "kecamatan" in problem


def test_a_kecamatan_of_another_region_is_still_a_real_kecamatan():
    assert check_nik("3171011705990001", BORN, "L") == []  # Jakarta Pusat, Gambir


def test_an_impossible_date_is_refused():
    problems = check_nik("3671013102990001")  # 31 February
    assert any("310299" in p and "not a date" in p for p in problems)


def test_a_womans_day_above_71_is_impossible():
    assert any("not a date" in p for p in check_nik("3671017205990001"))  # 72 - 40 = 32


def test_the_date_must_match_the_stated_birth_date():
    [problem] = check_nik(MAN, date(1999, 5, 18), "L")
    assert "17-05-1999" in problem and "does not match" in problem


def test_a_womans_nik_with_male_chosen_is_refused():
    [problem] = check_nik(WOMAN, BORN, "L")
    assert "woman" in problem


def test_a_mans_nik_with_female_chosen_is_refused():
    [problem] = check_nik(MAN, BORN, "P")
    assert "man" in problem and "female" in problem


def test_serial_0000_is_refused():
    [problem] = check_nik("3671011705990000", BORN, "L")
    assert "0000" in problem


def test_several_problems_are_all_told():
    problems = check_nik("9999995705990000", BORN, "L")
    assert len(problems) == 3  # kecamatan, gender, serial


def test_the_century_comes_from_the_stated_birth_date():
    assert birth_date_in("3671011705010001", date(2001, 5, 17)) == (date(2001, 5, 17), "L")
    assert birth_date_in("3671015705990001", date(1999, 5, 17)) == (date(1999, 5, 17), "P")
    assert check_nik("3671011705010001", date(2001, 5, 17), "L") == []
    # Without a stated date, the latest year not in the future: '99 is 1999, '01 is 2001.
    assert birth_date_in("3671011705990001")[0] == date(1999, 5, 17)
    assert birth_date_in("3671011705010001")[0] == date(2001, 5, 17)


@pytest.mark.parametrize("born, today, age", [
    (date(2000, 6, 15), date(2018, 6, 14), 17),
    (date(2000, 6, 15), date(2018, 6, 15), 18),
    (date(2000, 2, 29), date(2018, 2, 28), 17),
    (date(2000, 2, 29), date(2018, 3, 1), 18),
])
def test_age_counts_whole_years(born, today, age):
    assert age_on(born, today) == age

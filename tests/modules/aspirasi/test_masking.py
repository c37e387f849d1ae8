"""Personal data typed into public text is masked: NIK, phone numbers and e-mail addresses; other numbers
(dates, prices, RT/RW, postcodes) stay readable. The public name hides anonim and rahasia reporters."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from webapp.modules.aspirasi.masking import contains_personal_data, mask_text, public_name
from webapp.modules.aspirasi.models import Privacy


@pytest.mark.parametrize("text, masked", [
    # NIK: sixteen digits, bare or grouped
    ("NIK saya 3671012345678901.", "NIK saya ************8901."),
    ("3671 0123 4567 8901", "**** **** **** 8901"),
    ("3671.0123.4567.8901", "****.****.****.8901"),
    # mobile numbers in the shapes people type them
    ("0812-3456-7890", "0812-****-**90"),
    ("081234567890", "0812******90"),
    ("WA: 0812.3456.789", "WA: 0812.****.*89"),
    ("0857 1234 567", "0857 **** *67"),
    ("+62 812 3456 7890", "+62 812 **** **90"),
    ("+6281234567890", "+62812******90"),
    ("62 812-3456-7890", "62 812-****-**90"),
    # landlines
    ("(021) 5588 8888", "(021) **** **88"),
    ("+62 21 5588 8888", "+62 21 **** **88"),
    # e-mail addresses: the name is hidden, even its length
    ("siti.rahma@gmail.com", "s***@gmail.com"),
    ("Hubungi BUDI@Example.co.id.", "Hubungi B***@Example.co.id."),
    # several in one text
    ("Saya Budi (0812-3456-7890, budi@mail.id), NIK 3671012345678901",
     "Saya Budi (0812-****-**90, b***@mail.id), NIK ************8901"),
])
def test_personal_data_is_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text", [
    "Jalan berlubang di RT 03 RW 05 sejak 12-08-2024.",
    "Biaya perbaikan Rp 1.500.000, kode pos 15111.",
    "Lampu mati dari jam 08.00-16.00 WIB, tanggal 02-12-2024.",
    "Rp 62.800.000 untuk 3 titik.",
    "",
])
def test_text_without_personal_data_is_unchanged(text):
    assert mask_text(text) == text
    assert not contains_personal_data(text)


def test_nothing_gives_an_empty_string():
    assert mask_text(None) == ""


def test_a_search_for_a_number_counts_as_personal_data():
    assert contains_personal_data("0812 3456 7890")


def reporter(privacy, name=None, account_name=None):
    account = SimpleNamespace(name=account_name) if account_name else None
    return SimpleNamespace(privacy=privacy, reporter_name=name, reporter=account)


@pytest.mark.parametrize("report, shown", [
    (reporter(Privacy.PUBLIC, "Siti Rahmawati"), "Siti R."),
    (reporter(Privacy.PUBLIC, "Muhammad Rizky Pratama"), "Muhammad P."),
    (reporter(Privacy.PUBLIC, "Budi"), "Budi"),
    (reporter(Privacy.PUBLIC, None, account_name="Dewi Lestari"), "Dewi L."),
    (reporter(Privacy.PUBLIC, "   "), "A resident"),
    (reporter(Privacy.ANONYMOUS, "Siti Rahmawati"), "Anonymous"),
    (reporter(Privacy.SECRET, "Siti Rahmawati"), "Anonymous"),
])
def test_the_public_name_is_a_first_name_and_initial_or_anonymous(app, report, shown):
    with app.test_request_context("/"), force_locale("en"):
        assert public_name(report) == shown

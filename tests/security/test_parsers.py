"""Property-based tests (Hypothesis) for what people type: NIK, phone numbers, e-mail addresses, prices,
dates, tracking codes, price CSV files, host names and web addresses.

Each parser either returns a value or refuses with its own translated error: never another exception (which
would be a 500 page). Where a value is written back for people to read (a phone number, a code, a price),
reading it again gives the same value, and normalising twice changes nothing.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wtforms.validators import ValidationError

from webapp.core.accounts.contact import (InvalidContact, display_phone, normalise_email, normalise_phone,
                                          parse_contact)
from webapp.core.platform.hosts import parse_hosts
from webapp.core.staff.common import Refused
from webapp.modules.aspirasi.codes import ALPHABET, new_tracking_code, normalise_code
from webapp.modules.harga import csv_import
from webapp.modules.harga.csv_import import FileProblem, parse_day, read_csv
from webapp.modules.harga.prices import MAX_PRICE, MIN_PRICE, PriceError, parse_price
from webapp.modules.pencaker.employer_forms import EmployerForm, parse_rupiah, rupiah_text
from webapp.modules.pencaker.nik import birth_date_in, check_nik, normalise_nik

# The same examples on every run (a suite that fails only sometimes helps nobody), and no example database
# written into the checkout; the @example lines keep the inputs that once broke a parser.
FEW = settings(max_examples=60, deadline=None, derandomize=True, database=None,
               suppress_health_check=[HealthCheck.too_slow])
SOME = settings(FEW, max_examples=150)

# Characters people's phones and keyboards produce, and the look-alikes of digits that str.isdigit accepts.
DIGIT_LIKE = "0123456789²³¹⁰¹١٢٣٤٥٦٧٨٩٠۴०१२੩０１２３４５６７８９⑨"
SEPARATORS = " .-\u00a0\t/()+"
texts = st.text(max_size=60)  # lone surrogates included: the parsers must cope with any str
encodable = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)
digit_texts = st.text(alphabet=DIGIT_LIKE + SEPARATORS, min_size=1, max_size=24)


@pytest.fixture(scope="module", autouse=True)
def request_context(app):
    """Translations, the locale and `g` as a request would have them (English messages)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


# NIK

KECAMATAN = ("367101", "367102", "327101", "317101")  # Kota Tangerang, Kota Bogor, Jakarta Pusat


@given(texts | digit_texts, st.none() | st.dates(), st.sampled_from([None, "L", "P", "", "x"]))
@example("²" * 16, None, None)
@example("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", None, "P")
@example("3671014508900001\n", None, None)
@SOME
def test_any_typed_nik_gets_a_list_of_reasons_never_an_error(text, birth, gender):
    problems = check_nik(text, birth, gender)
    assert isinstance(problems, list) and all(isinstance(p, str) and p for p in problems)


@given(texts | digit_texts)
@SOME
def test_nik_normalisation_is_idempotent(text):
    once = normalise_nik(text)
    assert normalise_nik(once) == once
    assert not re.search(r"[\s.\-]", once)


@given(st.sampled_from(KECAMATAN), st.dates(date(1930, 1, 1), date(2010, 12, 31)), st.sampled_from(["L", "P"]),
       st.integers(1, 9999), st.sampled_from(["", " ", ".", "-"]))
@FEW
def test_a_real_nik_passes_and_its_date_of_birth_reads_back(kecamatan, birth, gender, serial, separator):
    day = birth.day + (40 if gender == "P" else 0)
    nik = f"{kecamatan}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
    typed = separator.join([nik[:4], nik[4:8], nik[8:12], nik[12:]])
    assert check_nik(typed, birth, gender) == []
    assert birth_date_in(nik, birth) == (birth, gender)


# Phone numbers and e-mail addresses

indonesian_mobile = st.builds(
    lambda prefix, rest, sep: sep.join([prefix, rest[:4], rest[4:]]),
    st.sampled_from(["0812", "0813", "0857", "0878", "0896", "+62812", "62813", "+62 857"]),
    st.text(alphabet="0123456789", min_size=7, max_size=8), st.sampled_from(["", " ", "-", "."]))


@given(texts | digit_texts | indonesian_mobile)
@example("+" + "9" * 300)
@example("0812\x003456\x007890")
@SOME
def test_a_phone_number_is_stored_in_one_form_or_refused(text):
    try:
        stored = normalise_phone(text)
    except InvalidContact:
        return
    assert re.fullmatch(r"\+[1-9]\d{6,14}", stored)
    assert normalise_phone(stored) == stored
    assert normalise_phone(display_phone(stored)) == stored


@given(indonesian_mobile)
@FEW
def test_an_indonesian_mobile_number_however_typed_is_stored_as_plus_62(text):
    digits = re.sub(r"\D", "", text)
    national = digits[2:] if digits.startswith("62") else digits[1:]
    assert normalise_phone(text) == f"+62{national}"


@given(texts | st.emails())
@example("a@" + "b" * 300 + ".id")
@example("siti@xn--ls8h.la")
@SOME
def test_a_sign_in_name_is_an_address_a_number_or_refused(text):
    try:
        contact = parse_contact(text)
    except InvalidContact:
        return
    assert contact.kind in ("email", "phone")
    if contact.kind == "email":
        assert normalise_email(contact.value) == contact.value and len(contact.value) <= 120


# Prices

@given(texts | digit_texts)
@example("9" * 5000)
@example("1" + ".000" * 2000)
@example("Rp\u00a0-15.000")
@SOME
def test_a_typed_price_is_a_price_blank_or_refused(text):
    try:
        price = parse_price(text)
    except PriceError as error:
        assert str(error)
        return
    assert price is None or MIN_PRICE <= price <= MAX_PRICE


@given(st.integers(MIN_PRICE, MAX_PRICE), st.sampled_from(["{}", "Rp {}", "rp.{}", "Rp\u00a0{}", " {} "]),
       st.sampled_from([".", ",", ""]))
@FEW
def test_a_price_written_as_people_write_it_reads_back(value, shape, separator):
    written = f"{value:,}".replace(",", separator)
    assert parse_price(shape.format(written)) == value


@given(st.integers(0, 10**12))
@FEW
def test_a_monthly_pay_shown_in_the_form_reads_back(amount):
    assert parse_rupiah(rupiah_text(amount)) == amount
    assert parse_rupiah(f"Rp {rupiah_text(amount)},-") == amount


@given(texts | digit_texts)
@example("9" * 5000)
@SOME
def test_a_typed_pay_is_an_amount_or_a_value_error(text):
    try:
        amount = parse_rupiah(text)
    except ValueError:
        return
    assert amount is None or amount >= 0


# Dates

@given(texts | digit_texts | st.dates().map(str))
@example("2024-02-30")
@example("0000-01-01")
@example("31/12/99999")
@SOME
def test_a_typed_date_is_a_date_or_none(text):
    assert parse_day(text) is None or isinstance(parse_day(text), date)


@given(st.dates(date(1000, 1, 1)))
@FEW
def test_both_date_forms_of_the_csv_read_back(day):
    assert parse_day(day.isoformat()) == day
    assert parse_day(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_day(day.strftime("%d/%m/%Y")) == day


# Tracking codes

@given(texts | st.text(alphabet=ALPHABET + ALPHABET.lower() + " -_.01OIL", max_size=20))
@SOME
def test_a_typed_code_is_a_code_or_none_and_normalising_twice_changes_nothing(text):
    code = normalise_code(text)
    if code is not None:
        assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", code)
        assert normalise_code(code) == code


codes = st.text(alphabet=ALPHABET, min_size=8, max_size=8).map(lambda raw: f"{raw[:4]}-{raw[4:]}")


@given(codes | st.just(new_tracking_code()), st.sampled_from(["{}", " {} ", "{}\n"]),
       st.sampled_from(["-", " ", "", ".", "_", " - "]), st.booleans())
@FEW
def test_a_code_read_aloud_and_typed_back_finds_the_same_code(code, shape, separator, lower):
    typed = shape.format(code.replace("-", separator))
    assert normalise_code(typed.lower() if lower else typed) == code


# Price CSV files

cells = st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), min_size=1, max_size=20)


@given(st.binary(max_size=400) | encodable.map(str.encode))
@example(b"market,commodity,date,price\n" + b"a,b,2024-01-01," + b"9" * 5000 + b"\n")
@example("\ufeffpasar;komoditas;tanggal;harga\r\n\"a\nb\";x;1/1/2024;15.000".encode())
@example(b"market,commodity,date,price\n\"unterminated")
@example(b"\xef\xbb\xbf")
@SOME
def test_any_uploaded_file_gives_rows_or_a_message(data):
    try:
        rows = read_csv(data)
    except FileProblem as problem:
        assert str(problem)
        return
    assert rows and all(row.line >= 2 for row in rows)


@given(st.lists(st.tuples(cells, cells, cells, cells), min_size=1, max_size=12),
       st.sampled_from([",", ";", "\t"]), st.booleans())
@FEW
def test_a_csv_written_by_a_spreadsheet_reads_back_cell_for_cell(rows, delimiter, bom):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(csv_import.COLUMNS)
    writer.writerows(rows)
    data = (("\ufeff" if bom else "") + out.getvalue()).encode()
    read = [(r.market_text, r.commodity_text, r.date_text, r.price_text) for r in read_csv(data)]
    assert read == [tuple(cell.strip() for cell in row) for row in rows]


@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=300))
@FEW
def test_a_previewed_file_comes_back_unchanged_only_to_its_own_user_and_region(text):
    from flask import g

    g.region = SimpleNamespace(id=7)
    user, other = SimpleNamespace(id=3), SimpleNamespace(id=4)
    signed = csv_import.sign(text.encode(), user)
    assert csv_import.unsign(signed, user) == text.removeprefix("\ufeff").encode()  # Excel's BOM is dropped
    with pytest.raises(FileProblem):
        csv_import.unsign(signed, other)
    with pytest.raises(FileProblem):
        csv_import.unsign(signed[:-2] + ("A" if signed[-2] != "A" else "B") + signed[-1], user)


# Host names (the platform's region form) and web addresses (an employer's website)

@given(st.lists(texts | st.sampled_from(["http://[x", "https://[::1]:99999/", "tangerang.example.id", "http://]"]),
                max_size=4))
@example(["http://[x"])
@SOME
def test_typed_host_names_are_host_names_or_refused(typed):
    try:
        hosts = parse_hosts(typed)
    except Refused as refused:
        assert str(refused)
        return
    assert all(host and host == host.lower() and " " not in host for host in hosts)


@given(texts | st.sampled_from(["http://[x", "https://[", "//x.id", "javascript:alert(1)", "x.id"]))
@example("http://[x")
@SOME
def test_a_typed_website_is_a_web_address_or_a_message(text):
    field = SimpleNamespace(data=text)
    try:
        EmployerForm.validate_website(None, field)
    except ValidationError as error:
        assert str(error)
        return
    assert not text or field.data.lower().startswith(("http://", "https://"))

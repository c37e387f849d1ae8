"""Bad input, as people and scanners send it: values for URL parts, query strings, form fields and headers.

Values for the path and the query are written percent-encoded, as they travel: a NUL byte or a lone
surrogate cannot be typed into a Python string that the test client would have to encode, but a browser
or a script can send their bytes.
"""
from __future__ import annotations

from itertools import cycle
from urllib.parse import quote

HUGE = "99999999999999999999"
LONG = "x" * 10_000

# For one segment of a path (never a "/": that would be another route) and for query values.
ENCODED_VALUES = [
    HUGE, "-1", "0", "2147483648", "1.5", "1e309", "NaN", "abc", "%00", "a%00b", " ", "%20%09",
    "%C2%B2%C2%B3", "%D9%A1%D9%A2",  # superscript and Arabic-Indic digits: str.isdigit() says yes, int() may not
    "%E2%80%8Fabc%E2%80%AE",  # right-to-left mark and override
    "%F0%9F%98%80%F0%9F%8F%B3%EF%B8%8F%E2%80%8D%F0%9F%8C%88",  # emoji, with a joiner sequence
    "%ED%A0%80",  # a lone surrogate (U+D800) as UTF-8 bytes
    "%FF%FE%C0%AE",  # bytes that are not UTF-8 at all (an overlong dot among them)
    "..%2F..%2Fetc%2Fpasswd", "%0D%0ASet-Cookie:%20x=1", "%3Cscript%3E", "'%20OR%20'1'='1",
    "http:%2F%2F%5Bx",  # an address with a broken [IPv6] host: urlsplit raises ValueError
    "%E0%A4%95%E0%A5%8D%E2%80%8D",  # a Devanagari conjunct with a zero-width joiner
    "null", "%5B%5D", "%7B%7D", "0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01T25:61:00%2B99:00",
    LONG,
]

# Whole query strings that are malformed in themselves.
RAW_QUERIES = [
    "%", "%%%", "=&=&&", "a=%ff%fe", "page=-1", f"page={HUGE}", "page=1e9&page=2", "page[]=1",
    f"q={LONG}", "lang=xx-%ED%A0%80", "next=%2F%2Fevil.example", "next=javascript:alert(1)",
    "tanggal=2024-02-30", "tanggal=99999-01-01", "dari=0001-01-01&sampai=9999-12-31", "cursor=%7B%7D",
    "limit=1e9", "sort=-id;drop", "format=%ff", f"cursor=n{HUGE}.1", f"cursor=s{HUGE}.{HUGE}",
]

# Query names many views read; added to the ones a route's own links and forms use.
COMMON_PARAMS = ["page", "q", "lang", "next", "tanggal", "status", "kategori", "cursor", "limit", "dari", "sampai",
                 "from", "to", "since", "until", "start_date", "end_date", "kecamatan"]

# Headers a client may send that views and error pages read.
HEADERS = [
    {},
    {"HX-Request": "true"},
    {"Accept": "application/json"},
    {"Accept-Language": "zz-ZZ;q=abc, *;q=9, id;q=-1"},
    {"HX-Request": "true", "HX-Target": "%00", "HX-Current-URL": "javascript:alert(1)"},
    {"Accept": "*/*;q=x", "Idempotency-Key": "k" * 300},
]


def decoded(value: str) -> str:
    """A value for a form field: the text a person could type (lone surrogates and NUL included as
    their replacement, since the test client must encode them)."""
    from urllib.parse import unquote

    return unquote(value, errors="replace")


def form_body(pairs: list[tuple[str, str]]) -> bytes:
    """An urlencoded body from already percent-encoded values (so NUL and broken UTF-8 get through)."""
    return "&".join(f"{quote(name, safe='')}={value}" for name, value in pairs).encode("ascii")


class Rotation:
    """Hands out the next value of each list in turn, so many requests together use every value."""

    def __init__(self):
        self._values = cycle(ENCODED_VALUES)
        self._queries = cycle(RAW_QUERIES)
        self._headers = cycle(HEADERS)

    def value(self, nul: bool = True) -> str:
        """The next value; without `nul`, the next one without a NUL character (core/badinput.py refuses a
        request holding one before any view runs, so it would hide what the other values do)."""
        value = next(self._values)
        while not nul and "%00" in value:
            value = next(self._values)
        return value

    def raw_query(self) -> str:
        return next(self._queries)

    def headers(self) -> dict:
        return next(self._headers)

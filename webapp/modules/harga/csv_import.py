"""Bulk price import from a CSV file (market, commodity, date, price), free of HTTP.

`read_csv` turns the uploaded bytes into rows or raises `FileProblem` for the file as a whole (encoding,
columns, size). `check` matches every row to a market, a commodity and a day and collects per-row problems,
duplicates in the file and the prices a row would change. `write` saves a checked file with no problems, all
of it in the caller's transaction. Between the preview and the import the file travels in a hidden field,
signed with the app's secret (`sign`/`unsign`), so what is imported is exactly what was previewed.
"""
from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ...core.i18n import number
from ...core.signing import serializer
from ...extensions import db
from .models import Commodity, Market, Price
from .prices import (PriceError, SaveResult, markets_for, needs_confirmation, parse_price, refresh_daily,
                     region_today, save_day)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
MAX_AGE = 2 * 60 * 60  # seconds a previewed file may wait for its import
LOOKBACK = 60  # days back for the previous price a row is compared with
COLUMNS = ("market", "commodity", "date", "price")
ALIASES = {
    "market": "market", "pasar": "market", "nama pasar": "market",
    "commodity": "commodity", "komoditas": "commodity", "komoditi": "commodity",
    "date": "date", "tanggal": "date", "tgl": "date",
    "price": "price", "harga": "price",
}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SALT = "harga-csv-import"


class FileProblem(ValueError):
    """The file as a whole cannot be read; `str(problem)` is a translated message."""


@dataclass
class Row:
    line: int
    market_text: str
    commodity_text: str
    date_text: str
    price_text: str
    market: Market | None = None
    commodity: Commodity | None = None
    day: date | None = None
    price: int | None = None
    problems: list[str] = field(default_factory=list)
    old: int | None = None  # the price saved for this market, commodity and day, which the row replaces
    previous: int | None = None  # the latest earlier price (from the database or the file)

    @property
    def changes(self) -> bool:
        return self.old is not None and self.price is not None and self.old != self.price

    @property
    def big_change(self) -> bool:
        return needs_confirmation(self.old if self.old is not None else self.previous, self.price)


@dataclass
class Checked:
    rows: list[Row]
    skipped: int = 0  # rows without a price ("no data")

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [(row.line, problem) for row in self.rows for problem in row.problems]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and not any(row.problems for row in self.rows)

    @property
    def changes(self) -> list[Row]:
        return [row for row in self.rows if row.changes and not row.problems]

    @property
    def big_changes(self) -> list[Row]:
        return [row for row in self.rows if row.big_change and not row.problems]

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if row.old is None and not row.problems)


# ------------------------------------------------------------------------------------------- reading

def decode(data: bytes) -> str:
    if not data.strip():
        raise FileProblem(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(_l("The file is larger than 2 MB. Split it into smaller files."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise FileProblem(_l("The file is not UTF-8 text. In Excel choose “Save as” and the type "
                             "“CSV UTF-8 (Comma delimited)”, then upload that file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_l("The file is not UTF-8 text. In Excel choose “Save as” and the type "
                             "“CSV UTF-8 (Comma delimited)”, then upload that file.")) from None


def _delimiter(header: str) -> str:
    """Comma, or the semicolon of Indonesian Excel exports, or a tab: whichever the header line uses most."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> dict[str, int]:
    """{column name: index} from the header; raises FileProblem for missing, repeated or unknown columns."""
    found: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(header):
        key = name.strip().lower()
        if not key:
            continue
        column = ALIASES.get(key)
        if column is None:
            unknown.append(name.strip())
        elif column in found:
            raise FileProblem(_l("The column “%(name)s” appears twice.", name=name.strip()))
        else:
            found[column] = index
    missing = [c for c in COLUMNS if c not in found]
    if missing or unknown:
        raise FileProblem(_l("The first line must name the columns market, commodity, date and price (or pasar, "
                             "komoditas, tanggal and harga). This file has: %(columns)s.",
                             columns=", ".join(n.strip() for n in header if n.strip()) or "-"))
    return found


def read_csv(data: bytes) -> list[Row]:
    """The file's data rows with their line numbers; blank lines are skipped."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem(_l("The file is empty."))
        columns = _columns(header)
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(_l("The file has more than %(max)s rows. Split it into smaller files.",
                                     max=number(MAX_ROWS)))
            rows.append(_row(reader.line_num, values, columns, len(header)))
    except csv.Error:
        raise FileProblem(_l("The file could not be read as CSV. Save it again as “CSV UTF-8” and upload it.")) \
            from None
    if not rows:
        raise FileProblem(_l("The file has no rows under the column names."))
    return rows


def _row(line: int, values: list[str], columns: dict[str, int], width: int) -> Row:
    def cell(name):
        index = columns[name]
        return values[index].strip() if index < len(values) else ""

    row = Row(line, cell("market"), cell("commodity"), cell("date"), cell("price"))
    if any(v.strip() for v in values[width:]):
        row.problems.append(_("there are more values than columns"))
    return row


# ------------------------------------------------------------------------------------------ checking

def parse_day(text: str) -> date | None:
    """'2026-11-20' or '20/11/2026' → a date; anything else → None."""
    iso, dmy = _ISO.match(text), _DMY.match(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        return None
    return None


def _lookup(rows, *names):
    table = {}
    for row in rows:
        for name in names:
            table.setdefault(getattr(row, name).strip().lower(), row)
    return table


def check(rows: list[Row], user) -> Checked:
    """Match and check every row; rows without a price are left out ("no data", never zero)."""
    markets = _lookup(db.session.execute(select(Market)).scalars(), "slug", "name")
    allowed = {m.id for m in markets_for(user)}
    commodities = _lookup(db.session.execute(select(Commodity)).scalars(), "slug", "name")
    today = region_today()
    kept, skipped, seen = [], 0, {}
    for row in rows:
        if not row.price_text and not row.problems:
            skipped += 1
            continue
        _check_row(row, markets, allowed, commodities, today)
        key = (row.market and row.market.id, row.commodity and row.commodity.id, row.day)
        if None not in key:
            if key in seen:
                row.problems.append(_("the same market, commodity and date as line %(line)d", line=seen[key]))
            else:
                seen[key] = row.line
        kept.append(row)
    _compare(kept)
    return Checked(rows=kept, skipped=skipped)


def _check_row(row: Row, markets, allowed, commodities, today) -> None:
    row.market = markets.get(row.market_text.lower())
    if not row.market_text:
        row.problems.append(_("the market is missing"))
    elif row.market is None:
        row.problems.append(_("unknown market “%(name)s”", name=row.market_text))
    elif row.market.id not in allowed:
        row.problems.append(_("you may not enter prices for %(market)s", market=row.market.name))
    row.commodity = commodities.get(row.commodity_text.lower())
    if not row.commodity_text:
        row.problems.append(_("the commodity is missing"))
    elif row.commodity is None:
        row.problems.append(_("unknown commodity “%(name)s”", name=row.commodity_text))
    row.day = parse_day(row.date_text)
    if row.day is None:
        row.problems.append(_("“%(text)s” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY",
                              text=row.date_text))
    elif row.day > today:
        row.problems.append(_("the date %(date)s is in the future", date=row.day.isoformat()))
    try:
        row.price = parse_price(row.price_text)
    except PriceError as error:
        row.problems.append(_("price “%(text)s”: %(problem)s", text=row.price_text, problem=str(error)))


def _compare(rows: list[Row]) -> None:
    """Set each good row's `old` (the saved price it replaces) and `previous` (the latest earlier price, from
    the database or from an earlier row of the file) with one query over the days the file covers."""
    good = [r for r in rows if r.market and r.commodity and r.day and r.price is not None]
    if not good:
        return
    start = min(r.day for r in good) - timedelta(days=LOOKBACK)
    end = max(r.day for r in good)
    saved = {}
    for market_id, commodity_id, day, price in db.session.execute(
            select(Price.market_id, Price.commodity_id, Price.day, Price.price).where(
                Price.market_id.in_({r.market.id for r in good}),
                Price.commodity_id.in_({r.commodity.id for r in good}), Price.day >= start, Price.day <= end)):
        saved[(market_id, commodity_id, day)] = price
    merged = dict(saved)
    for row in good:
        row.old = saved.get((row.market.id, row.commodity.id, row.day))
        merged[(row.market.id, row.commodity.id, row.day)] = row.price
    series: dict[tuple[int, int], list[tuple[date, int]]] = defaultdict(list)
    for (market_id, commodity_id, day), price in merged.items():
        series[(market_id, commodity_id)].append((day, price))
    for points in series.values():
        points.sort()
    for row in good:
        points = series[(row.market.id, row.commodity.id)]
        at = bisect_left(points, (row.day,))
        if at > 0 and points[at - 1][0] >= row.day - timedelta(days=LOOKBACK):
            row.previous = points[at - 1][1]


# ------------------------------------------------------------------------------------------- writing

def write(checked: Checked, user) -> SaveResult:
    """Save every row of a file without problems (source "csv"), one `save_day` per market and day, then the
    daily aggregates once; the caller commits."""
    if not checked.valid:
        raise ValueError("only a file without problems is written")
    groups: dict[tuple[int, date], dict[int, int]] = defaultdict(dict)
    markets = {}
    for row in checked.rows:
        groups[(row.market.id, row.day)][row.commodity.id] = row.price
        markets[row.market.id] = row.market
    total = SaveResult()
    for (market_id, day), values in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0])):
        result = save_day(markets[market_id], day, values, user, source="csv", refresh=False)
        total.created += result.created
        total.changed += result.changed
        total.unchanged += result.unchanged
    refresh_daily({(row.commodity.id, row.day) for row in checked.rows})
    return total


# ------------------------------------------------------------------------------ between the two steps

def _serializer() -> URLSafeTimedSerializer:
    return serializer(_SALT)


def sign(data: bytes, user) -> str:
    """The file, compressed and signed for this user in this region, for the preview's hidden field."""
    return _serializer().dumps({"r": g.region.id, "u": user.id, "csv": data.decode("utf-8-sig")})


def unsign(payload: str, user) -> bytes:
    """The file a preview signed for this user in this region; raises FileProblem if changed or expired."""
    try:
        data = _serializer().loads(payload or "", max_age=MAX_AGE)
    except BadSignature:
        raise FileProblem(_l("The checked file was changed or is too old. Please upload it again.")) from None
    if not isinstance(data, dict) or data.get("r") != g.region.id or data.get("u") != user.id:
        raise FileProblem(_l("The checked file was changed or is too old. Please upload it again."))
    return str(data.get("csv", "")).encode("utf-8")


def template_csv(markets: list[Market], commodities: list[Commodity], day: date) -> str:
    """A file to fill in: one row per market and commodity for `day`, prices blank. With a BOM, so Excel
    opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for market in markets:
        for commodity in commodities:
            writer.writerow([market.slug, commodity.slug, day.isoformat(), ""])
    return out.getvalue()

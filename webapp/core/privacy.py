"""Personal data, the citizen's rights over it (UU 27/2022), and how staff see it.

- Masks: an NIK, a phone number or an e-mail address as staff without the need see it
  (`3671••••••••0012`, `0812-••••-••90`, `s•••@gmail.com`).
- Each civic module says what it holds about an account through `PersonalData` hooks on its
  `CivicModule`: `export(user)` for the download, `erase(user)` before the account is deleted, and
  `retention()` for its region's retention rule. Core asks every module, switched on or not: data
  a region once collected is still held after it turns the module off.
- `export_account`, `delete_account` and `apply_retention` are what the pages and the CLI call.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable

from flask import current_app, g
from sqlalchemy import delete

from ..extensions import db
from . import audit
from .accounts.contact import display_phone
from .models import User, utcnow
from .uploads import UnsafePath, delete_upload

MASK = "•"


def _mask_digits(text: str, keep_start: int, keep_end: int) -> str:
    """Every digit of `text` but the first `keep_start` and the last `keep_end` becomes a dot."""
    total = sum(ch.isdigit() for ch in text)
    seen, out = 0, []
    for ch in text:
        if ch.isdigit():
            seen += 1
            if keep_start < seen <= total - keep_end:
                ch = MASK
        out.append(ch)
    return "".join(out)


def mask_nik(nik: str | None) -> str:
    """'3671014508990012' -> '3671••••••••0012': the regency and a serial that identify nobody."""
    if not nik:
        return ""
    return _mask_digits(nik, 4, 4) if len(nik) == 16 else _mask_digits(nik, 0, min(4, len(nik) // 4))


def mask_phone(e164: str | None) -> str:
    """'+6281234567890' -> '0812-••••-••90': the operator prefix and the last two digits."""
    if not e164:
        return ""
    return _mask_digits(display_phone(e164), 4, 2)


def mask_email(address: str | None) -> str:
    """'siti.r@gmail.com' -> 's•••@gmail.com' (always three dots, so the length is not told either)."""
    if not address:
        return ""
    name, at, domain = address.partition("@")
    return f"{name[:1]}{MASK * 3}@{domain}" if at else MASK * 3


@dataclass(frozen=True)
class PersonalData:
    """What a civic module holds about people, for `CivicModule.personal_data`.

    `export(user)` returns JSON-ready data (dicts, lists, strings, numbers, dates) about the account;
    `erase(user)` deletes or unlinks it before the account is deleted and returns the stored uploads to
    remove once that is committed; `retention()` applies the current region's retention setting and
    returns how many rows lost their personal data (run again, it finds nothing left to do).
    """

    export: Callable[[User], dict]
    erase: Callable[[User], Iterable[str]]
    retention: Callable[[], int] | None = None


def _hooks() -> list[tuple[str, PersonalData]]:
    from ..modules import MODULES

    return [(m.name, m.personal_data) for m in MODULES if getattr(m, "personal_data", None) is not None]


def row_data(row, skip: Iterable[str] = ()) -> dict:
    """A table row as a dict of its columns for the download, without the region and the `skip` columns."""
    leave_out = {"region_id", *skip}
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in leave_out}


def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def export_account(user: User) -> dict:
    """Everything the app holds about `user`: the account, then each module's part under its name."""
    data = {
        "exported_at": utcnow(),
        "region": g.region.name if g.get("region") is not None else None,
        "account": {
            "name": user.name, "email": user.email, "phone": user.phone, "language": user.locale,
            "created_at": user.created_at, "last_sign_in_at": user.last_login_at,
            "staff_roles": sorted(grant.role for grant in user.roles),
        },
    }
    for name, hooks in _hooks():
        part = hooks.export(user)
        if part:
            data[name] = part
    return data


def export_json(user: User) -> str:
    """`export_account(user)` as indented UTF-8 JSON, readable in a text editor."""
    return json.dumps(export_account(user), default=_jsonable, ensure_ascii=False, indent=2)


class CannotDelete(Exception):
    """The account cannot delete itself (a staff account is closed by the region's administrator)."""


def may_delete_itself(user: User) -> bool:
    """Citizens may; staff and platform administrators are closed by an administrator, who answers for
    what they did."""
    return not user.is_staff


def delete_account(user: User) -> None:
    """Delete `user` for good. Each module first deletes or unlinks what it holds (reports stay for the
    public record without a name, contact or account); then the account row goes, which ends every
    session, and the files the modules named are removed once that is committed."""
    if not may_delete_itself(user):
        raise CannotDelete
    files: list[str] = []
    for _name, hooks in _hooks():
        files.extend(hooks.erase(user) or ())
    audit.record(audit.ACCOUNT_DELETED, "user", user.id, user=user)
    db.session.flush()
    db.session.delete(user)
    db.session.commit()
    for path in files:
        try:
            delete_upload(path)
        except UnsafePath:
            pass


def drop_unopened_accounts() -> int:
    """Delete the current region's registrations whose confirmation link expired unopened (accounts/confirm.py):
    a name, a password hash and a phone/e-mail that nobody proved to hold."""
    expired = utcnow() - timedelta(seconds=current_app.config.get("ACCOUNT_CONFIRM_MAX_AGE", 7 * 24 * 3600))
    return db.session.execute(
        delete(User).where(User.region_id == g.region.id, User.confirmed_at.is_(None), User.created_at < expired)
        .execution_options(all_regions=True, synchronize_session=False)
    ).rowcount


def apply_retention() -> dict[str, int]:
    """Apply the current region's retention settings in every module; returns rows cleared per module."""
    done = {"accounts": drop_unopened_accounts()}
    for name, hooks in _hooks():
        if hooks.retention is not None:
            done[name] = hooks.retention()
    db.session.commit()
    return done

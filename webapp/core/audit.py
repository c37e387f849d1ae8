"""The audit log: who saw or changed what, when, and to which object.

Two kinds of rows, one table:

- **Every write by staff.** During a request of a signed-in person holding any staff role (or a platform
  admin), each row of a region's table that the request inserts, updates or deletes is recorded as
  "created", "updated" or "deleted", with the changed columns' values before and after. It happens in one
  place, a session listener (`_record_flush`), so no view can forget it. Citizens' own actions (filing a
  report, registering as a job seeker) are not staff actions and are not recorded.
- **Sensitive looks.** Staff views of a full NIK, an account deleted by its owner and similar steps call
  `record(...)` themselves, since reading leaves no trace in the database otherwise.

UU 27/2022 (personal data protection) asks a region to account for access to personal data, so the log keeps
no secret and no NIK: such a column is written as "changed", never with its value. Rows are written in the
caller's transaction, so they are saved exactly when the change is, and they belong to the region, like
everything else.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..extensions import db
from .models import Region, RegionHost, User, utcnow
from .scoping import RegionScoped, _require_region_id, current_region_id

NIK_VIEWED = "nik.viewed"
ACCOUNT_DELETED = "account.deleted"
CREATED, UPDATED, DELETED = "created", "updated", "deleted"
ACTION_LABELS = {
    CREATED: _l("Created"),
    UPDATED: _l("Changed"),
    DELETED: _l("Deleted"),
    NIK_VIEWED: _l("Saw a full NIK"),
    ACCOUNT_DELETED: _l("Deleted their own account"),
    "account.two_factor_off": _l("Switched two-factor sign-in off for the account"),
}
SECRET = "changed"  # what the log says instead of a secret's value

# Tables whose writes are not staff actions worth a row: the log itself, one-time form keys, and copies kept
# by the modules themselves next to the row the log already covers (an article's revisions, a price's
# corrections, the daily price aggregate). Tables without a region (sessions, sign-in throttles, recovery
# codes) are never recorded.
NOT_RECORDED = frozenset({"audit_log", "idempotency_key", "berita_revision", "harga_price_change", "harga_daily"})
# Bookkeeping that changes by itself (signing in, a key being used, a timestamp): an update of these alone is
# no action, and they are left out of the changes listed.
BOOKKEEPING = frozenset({"updated_at", "last_login_at", "last_used_at", "two_factor_last_step", "session_version"})
BOOKKEEPING_OF = {"user": frozenset({"locale"})}  # a person's own choice of language
LEFT_OUT = frozenset({"id", "region_id", "created_at"})  # said by the row itself
# Never copied into the log: password hashes, two-factor secrets, keys and their digests, tokens, NIKs and a
# report's tracking code (which lets anyone holding it follow the report).
SECRET_NAMES = frozenset({"password_hash", "two_factor_secret", "digest", "key", "secret", "token", "nik",
                          "api_token", "verify_token", "session_key"})
SECRET_SUFFIXES = ("_hash", "_secret", "_token", "_digest", "_key", "password")
SECRET_OF = {"aspirasi.report": frozenset({"code"})}
TEXT_MAX = 300  # longer texts (an article's body) are cut: the log says what changed, not the whole text


class AuditLog(RegionScoped, db.Model):
    """One step: `action` by `user` on `object_type` #`object_id`, with details in `detail`.

    `detail` holds, for a write, {"changes": {column: [before, after], [after] when the value before was not
    loaded, or "changed" for a secret}, "label": the object's name or title}, and the address the request came
    from ("ip").
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_recent", "region_id", "created_at"),
        Index("ix_audit_log_object", "region_id", "object_type", "object_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[User | None] = relationship()


def _acting_user():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(action: str, object_type: str, object_id: int | None = None, user=None, **detail) -> AuditLog:
    """Add an audit row to the session (the caller commits). `user` defaults to the signed-in person.

    The address the request came from is kept with it, so a leak can be traced to a place as well as
    to an account.
    """
    user = user if user is not None else _acting_user()
    if has_request_context():
        detail.setdefault("ip", request.remote_addr)
    # The region now, not at the next flush (by then another region may be current, e.g. in a CLI loop).
    row = AuditLog(region_id=_require_region_id(), user_id=user.id if user is not None else None, action=action,
                   object_type=object_type, object_id=object_id, detail=detail)
    db.session.add(row)
    return row


# Every write by staff

def object_type_of(cls) -> str:
    """'aspirasi.report' for a module's table (aspirasi_report), the table name for a core one ('user')."""
    table = cls.__tablename__
    parts = cls.__module__.split(".")
    if len(parts) > 2 and parts[1] == "modules" and table.startswith(parts[2] + "_"):
        return f"{parts[2]}.{table[len(parts[2]) + 1:]}"
    return table


def is_secret(object_type: str, column: str) -> bool:
    """True for a column whose value the log must never hold."""
    name = column.rsplit(".", 1)[-1]
    return (name in SECRET_NAMES or name.endswith(SECRET_SUFFIXES)
            or name in SECRET_OF.get(object_type, ()))


def _staff_actor() -> int | None:
    """The id of the signed-in person of this request when they are staff (or a platform admin), else None.

    Only a person the request has already loaded counts (every staff view loads them to check the role), and
    the answer is kept for the request, so a flush never loads anyone.
    """
    if not has_request_context():
        return None
    user = g.get("_login_user")  # where Flask-Login keeps the person once loaded
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    state = inspect(user, raiseerr=False)
    ident = state.identity[0] if state is not None and state.identity else None
    known = g.get("_audit_actor")
    if known is None or known[0] != ident:
        known = g._audit_actor = (ident, bool(user.is_staff))
    return ident if known[1] else None


def _plain(value):
    """`value` as JSON can hold it, long texts cut."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, dict)):
        text = json.dumps(value, default=str, ensure_ascii=False)
        return value if len(text) <= TEXT_MAX else text[:TEXT_MAX - 1] + "…"
    text = str(value)
    return text if len(text) <= TEXT_MAX else text[:TEXT_MAX - 1] + "…"


UNKNOWN = object()  # an update of a value never loaded: what it was is not known, only what it became


def _change(object_type: str, column: str, before, after):
    """[before, after]; [after] alone when the value before is not known; SECRET for a secret."""
    if is_secret(object_type, column):
        return SECRET
    return [_plain(after)] if before is UNKNOWN else [_plain(before), _plain(after)]


def _add_change(changes: dict, object_type: str, column: str, before, after) -> None:
    """One changed column; a JSON object (a region's settings) is listed key by key."""
    if (isinstance(before, dict) or isinstance(after, dict)) and before is not UNKNOWN:
        before, after = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
        for key in sorted(set(before) | set(after), key=str):
            if before.get(key) != after.get(key):
                changes[f"{column}.{key}"] = _change(object_type, f"{column}.{key}", before.get(key), after.get(key))
        return
    changes[column] = _change(object_type, column, before, after)


def _columns(obj):
    """(state, object type, [column keys worth recording]) of a mapped object."""
    state = inspect(obj)
    object_type = object_type_of(type(obj))
    skipped = LEFT_OUT | BOOKKEEPING | BOOKKEEPING_OF.get(object_type, frozenset())
    return state, object_type, [prop.key for prop in state.mapper.column_attrs if prop.key not in skipped]


def _snapshot(obj, deleted: bool) -> tuple[str, dict]:
    """The values an inserted object was given ([None, value]) or a deleted one held ([value, None]); empty
    ones are left out."""
    state, object_type, keys = _columns(obj)
    changes: dict = {}
    for key in keys:
        value = state.dict.get(key)
        if value is not None and value != "" and value != [] and value != {}:
            _add_change(changes, object_type, key, *((value, None) if deleted else (None, value)))
    return object_type, changes


def _differences(obj) -> tuple[str, dict]:
    """The columns an update changes, with the value before (when it was loaded) and after."""
    state, object_type, keys = _columns(obj)
    changes: dict = {}
    for key in keys:
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else UNKNOWN  # set without loading the old value first
        after = history.added[0] if history.added else None
        if before != after:
            _add_change(changes, object_type, key, before, after)
    return object_type, changes


def _label(obj) -> str | None:
    """What the object is called, for finding it in the log later."""
    state = inspect(obj)
    object_type = object_type_of(type(obj))
    for key in ("name", "title", "full_name", "slug", "role", "host", "code"):
        value = state.dict.get(key)
        if isinstance(value, str) and value and not is_secret(object_type, key):
            return value[:120]
    return None


def _region_of(obj, current: int | None) -> int | None:
    if isinstance(obj, Region):
        return obj.id
    return getattr(obj, "region_id", None) or current


def _recorded(obj) -> bool:
    return (isinstance(obj, (RegionScoped, Region, RegionHost))
            and type(obj).__tablename__ not in NOT_RECORDED)


@event.listens_for(Session, "before_flush")
def _load_deleted(session: Session, _context, _instances) -> None:
    """Read a row about to be deleted by staff if it is not loaded (e.g. after a commit in the same request), so
    its log row can say what it held."""
    if not session.deleted or _staff_actor() is None:
        return
    for obj in list(session.deleted):
        if not _recorded(obj):
            continue
        state = inspect(obj)
        expired = [prop.key for prop in state.mapper.column_attrs if prop.key in state.expired_attributes]
        if expired:
            getattr(obj, expired[0])  # loads every expired column in one query


@event.listens_for(Session, "after_flush")
def _record_flush(session: Session, _context) -> None:
    """Write a row for each region row a staff request inserted, changed or deleted in this flush.

    After the flush, new rows have their ids while each object's history still says what it was before; the
    rows go straight to the database on the flush's own connection, inside the same transaction.
    """
    actor = _staff_actor()
    if actor is None:
        return
    current = current_region_id()
    gone_regions = {obj.id for obj in session.deleted if isinstance(obj, Region)}
    gone_users = {obj.id for obj in session.deleted if isinstance(obj, User)}
    rows = []
    for action, objects in ((CREATED, session.new), (UPDATED, session.dirty), (DELETED, session.deleted)):
        for obj in objects:
            if not _recorded(obj):
                continue
            object_type, changes = _differences(obj) if action == UPDATED else _snapshot(obj, action == DELETED)
            if action == UPDATED and not changes:
                continue  # only bookkeeping changed, or nothing at all
            region_id = _region_of(obj, current)
            if region_id in gone_regions:  # its log goes with it; say it in the region where it was done
                region_id = current if current not in gone_regions else None
            if region_id is None:
                continue
            detail = {"changes": changes, "ip": request.remote_addr}
            label = _label(obj)
            if label:
                detail["label"] = label
            rows.append({"region_id": region_id, "user_id": None if actor in gone_users else actor,
                         "action": action, "object_type": object_type,
                         "object_id": inspect(obj).dict.get("id"), "detail": detail, "created_at": utcnow()})
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)


@event.listens_for(Session, "do_orm_execute")
def _record_bulk(state) -> None:
    """A bulk UPDATE or DELETE statement by staff: one row naming the table and the columns set (no values, and
    no ids: the statement does not say which rows it touches). Bookkeeping statements are left out."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    cls = state.bind_mapper.class_
    if not (issubclass(cls, (RegionScoped, Region, RegionHost)) and cls.__tablename__ not in NOT_RECORDED):
        return
    actor = _staff_actor()
    region_id = current_region_id()
    if actor is None or region_id is None:
        return
    object_type = object_type_of(cls)
    detail: dict = {"bulk": True, "ip": request.remote_addr}
    if state.is_update:
        values = getattr(state.statement, "_values", None) or {}
        columns = sorted({getattr(column, "key", str(column)) for column in values})
        skipped = BOOKKEEPING | BOOKKEEPING_OF.get(object_type, frozenset())
        if columns and set(columns) <= skipped:
            return
        detail["changes"] = {column: SECRET for column in columns}
    state.session.connection().execute(AuditLog.__table__.insert(), [{
        "region_id": region_id, "user_id": actor, "action": UPDATED if state.is_update else DELETED,
        "object_type": object_type, "object_id": None, "detail": detail, "created_at": utcnow()}])

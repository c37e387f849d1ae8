"""The audit log: who saw or did something sensitive, when, and to what.

UU 27/2022 (personal data protection) asks a region to account for access to personal data. Staff
views of a full NIK, account deletions and similar steps call `record(...)`; the row is written in the
caller's transaction, so it is saved exactly when the caller commits. Rows belong to the region, like
everything else, and keep no copy of the personal data itself: only which object was concerned.
"""
from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .models import User, utcnow
from .scoping import RegionScoped, _require_region_id

NIK_VIEWED = "nik.viewed"
ACCOUNT_DELETED = "account.deleted"
ACTION_LABELS = {NIK_VIEWED: _l("Saw a full NIK"), ACCOUNT_DELETED: _l("Deleted their own account")}


class AuditLog(RegionScoped, db.Model):
    """One sensitive step: `action` by `user` on `object_type` #`object_id`, with details in `detail`."""

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

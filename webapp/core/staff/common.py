"""Small rules shared by the staff and platform areas: refusals with a reason, saving with them, and slugs."""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, TypeVar

T = TypeVar("T")


class Refused(Exception):
    """A rule said no. `message` is already translated; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def attach_to(self, form) -> None:
        """Show the reason beside its field (or above the form when it belongs to no field)."""
        target = getattr(form, self.field, None) if self.field else None
        if target is None:
            form.form_errors.append(self.message)
        else:
            target.errors = [*target.errors, self.message]


def save_or_refuse(form, work: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `work()` and commit: (True, what it returned). When a rule says no (`Refused`), nothing of it is
    kept (rolled back) and the reason is shown on `form`: (False, None)."""
    from ...extensions import db

    try:
        result = work()
        db.session.commit()
    except Refused as refusal:
        db.session.rollback()
        refusal.attach_to(form)
        return False, None
    return True, result


def slugify(text: str, max_length: int = 64) -> str:
    """'Dinas Pekerjaan Umum & Penataan Ruang' -> 'dinas-pekerjaan-umum-penataan-ruang'."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-")

"""Showing a job seeker's full NIK to a manpower officer, one deliberate step at a time.

Disnaker's pages show the NIK masked; the "Show the full NIK" button posts here, the view is recorded
in the audit log, and the NIK comes on a small page of its own that leads back. A POST, so that no
prefetching browser, crawler or link preview ever records a view.
"""
from __future__ import annotations

from types import SimpleNamespace

from flask import abort, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...core.auth import roles_required
from ...core.models import Role
from ...core.rendering import render
from ...core.scoping import scoped_get_or_404
from ...extensions import db
from . import bp
from .models import Card, Seeker
from .personal_data import may_reveal_nik, may_see_contact, record_nik_view


@bp.context_processor
def pencaker_privacy():
    """`pencaker_privacy.may_reveal_nik()` and `.may_see_contact()` for Disnaker's templates."""
    return {"pencaker_privacy": SimpleNamespace(may_reveal_nik=lambda: may_reveal_nik(current_user),
                                                may_see_contact=lambda: may_see_contact(current_user))}


@bp.post("/staf/pencaker/pencari-kerja/<int:id>/nik")
@roles_required(Role.MANPOWER_OFFICER)
def staff_seeker_nik(id):
    """The seeker's full NIK, for a manpower officer; each view is recorded (with the card page it came from)."""
    if not may_reveal_nik(current_user):
        abort(403)
    seeker = scoped_get_or_404(Seeker, id)
    card_id = request.form.get("kartu", type=int)
    card = db.session.execute(select(Card).where(Card.id == card_id, Card.seeker_id == seeker.id)
                              ).scalar_one_or_none() if card_id else None
    if card is not None:
        record_nik_view(seeker, "card", card_id=card.id)
        back = url_for(".staff_card", card_id=card.id)
    else:
        record_nik_view(seeker, "seeker")
        back = url_for(".staff_seeker", id=seeker.id)
    db.session.commit()
    response = render("pencaker/staff/nik.html", seeker=seeker, back=back)
    response.headers["Cache-Control"] = "private, no-store"
    return response

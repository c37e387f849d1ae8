"""Announcements (being written)."""
from flask import abort

from . import bp


@bp.get("/staf/berita/pengumuman")
def staff_announcements():
    abort(404)


def strip_context() -> dict:
    return {}

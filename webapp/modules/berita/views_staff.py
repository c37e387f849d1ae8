"""Editors' pages (being written)."""
from flask import abort

from . import bp


@bp.get("/staf/berita/")
def staff_articles():
    abort(404)

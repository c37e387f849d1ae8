"""Information pages (being written)."""
from flask import abort

from . import bp


@bp.get("/staf/berita/halaman")
def staff_pages():
    abort(404)

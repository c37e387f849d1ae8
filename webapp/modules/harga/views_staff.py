"""Price officers' pages (being written)."""
from flask import abort

from . import bp


@bp.get("/staf/harga/")
def staff_entry():
    abort(404)


@bp.get("/staf/harga/impor")
def staff_import():
    abort(404)

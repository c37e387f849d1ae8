"""Region admin pages for Harga Pangan (being written)."""
from flask import abort

from . import bp


@bp.get("/staf/harga/pasar")
def admin_markets():
    abort(404)


@bp.get("/staf/harga/komoditas")
def admin_commodities():
    abort(404)


@bp.get("/staf/harga/het")
def admin_references():
    abort(404)

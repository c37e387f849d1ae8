"""Public news pages (being written)."""
from flask import abort

from . import bp


@bp.get("/berita/")
def index():
    abort(404)


def card_context() -> dict:
    return {}

"""Citizen-facing pages of Aspirasi."""
from ...core.rendering import render
from . import bp


@bp.get("/aspirasi/")
def index():
    return render("aspirasi/index.html")


def card_context() -> dict:
    return {}

from flask import Blueprint

bp = Blueprint("pwa", __name__)


@bp.get("/manifest.webmanifest")
def manifest():
    return {}


@bp.get("/icons/icon-<int:size>.png")
def icon(size):
    return ""


@bp.get("/logo")
def logo():
    return ""

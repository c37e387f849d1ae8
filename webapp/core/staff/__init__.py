from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staf")


@bp.get("/")
def dashboard():
    return "TODO"

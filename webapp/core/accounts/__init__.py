from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.get("/masuk")
def login():
    return "TODO"


@bp.get("/akun")
def account():
    return "TODO"

"""Accounts: registering (/daftar), signing in and out (/masuk, /keluar), password reset (/lupa-sandi)
and the account page (/akun). Accounts belong to the region whose host they signed up on."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import account_views, two_factor_views, views  # noqa: E402,F401  (the views register their routes on bp)

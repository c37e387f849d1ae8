"""Registering, signing in and out, and resetting a forgotten password."""
from __future__ import annotations

from flask import flash, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from ...extensions import limiter
from ..idempotency import new_key, submitted_key
from ..rendering import render
from . import bp, reset, services
from .forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm


def _after_sign_in(next_path: str | None):
    return redirect(services.safe_next(next_path) or url_for("accounts.account"))


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register():
    form = RegisterForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    # A well-formed key from the form travels on (a re-shown form keeps it); anything else gets a new one.
    form.idempotency_key.data = submitted_key() or new_key()
    if form.validate_on_submit():
        phone, email = form.contacts()
        try:
            user = services.register(
                form.name.data, phone, email, form.password.data, str(get_locale()), form.idempotency_key.data
            )
        except services.ContactTaken as taken:
            form.mark_taken(taken.field)
        else:
            login_user(user)
            services.record_login(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return _after_sign_in(form.next.data)
    status = 422 if form.errors else 200
    return render("accounts/register.html", form=form, status=status)


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = services.authenticate(form.login.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The phone number, e-mail or password is not right."))
        elif user.blocked:
            form.login.errors.append(_("This account has been blocked. Please contact the region's office."))
        else:
            login_user(user, remember=form.remember.data)
            services.record_login(user)
            return _after_sign_in(form.next.data)
    status = 422 if form.errors else 200
    return render("accounts/login.html", form=form, status=status)


@bp.post("/keluar")
def logout():
    logout_user()
    # A shared phone: nothing of this person's visit (e.g. tracking codes they opened) stays behind.
    session.clear()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("home.index"))
    # Pages seen while signed in may sit in the browser and service-worker caches on a shared phone.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset.send_reset_link(form.login.data)
        flash(_("If an account exists for %(login)s, we have sent it a link to choose a new password.",
                login=form.login.data), "info")
        return redirect(url_for("accounts.login"))
    status = 422 if form.errors else 200
    return render("accounts/forgot.html", form=form, status=status)


@bp.route("/lupa-sandi/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = reset.user_for_token(token)
    if user is None:
        response = render("accounts/reset_invalid.html", status=400)
    else:
        form = ResetPasswordForm()
        if form.validate_on_submit():
            reset.set_new_password(user, form.password.data)
            login_user(user)
            flash(_("Your new password is saved and you are signed in."), "success")
            return redirect(url_for("accounts.account"))
        response = render("accounts/reset.html", form=form, status=422 if form.errors else 200)
    # The token is a key to the account: keep it out of caches and other sites' Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

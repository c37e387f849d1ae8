"""Registering, signing in and out, and resetting a forgotten password.

Nothing here tells a stranger whether a phone number or e-mail has an account: a wrong password and an
unknown login get the same answer (and the same pause after repeated failures, lockout.py); a reset link
is "sent if an account exists"; registering ends on "check your messages" either way: a new account
waits for the link sent to its phone/e-mail (confirm.py), and a taken contact's owner gets a notice instead.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from ...extensions import limiter
from ..idempotency import new_key, submitted_key
from ..rendering import render
from . import bp, confirm, notices, reset, services, sessions
from .contact import display_phone
from .forms import ConfirmAccountForm, ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from .pending import start_pending


def _after_sign_in(next_path: str | None):
    return redirect(services.safe_next(next_path) or url_for("accounts.account"))


def paused_message(minutes: int) -> str:
    return ngettext(
        "Too many failed attempts to sign in with this phone number or e-mail. For your safety, signing in "
        "with it is paused for %(num)d minute. You can ask for a new password now.",
        "Too many failed attempts to sign in with this phone number or e-mail. For your safety, signing in "
        "with it is paused for %(num)d minutes. You can ask for a new password now.",
        minutes,
    )


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
            user, created = services.register(
                form.name.data, phone, email, form.password.data, str(get_locale()), form.idempotency_key.data
            )
        except services.ContactTaken as taken:
            notices.account_exists(taken.field, phone if taken.field == "phone" else email)
        else:
            if created:  # a double tap sends one message
                confirm.send_link(user, services.safe_next(form.next.data))
        # The same page either way: nobody learns here whether the phone or e-mail already had an account.
        channel, to = confirm.destination(phone, email)
        return render("accounts/register_check.html", contact=display_phone(to) if channel == "sms" else to)
    status = 422 if form.errors else 200
    return render("accounts/register.html", form=form, status=status)


@bp.route("/daftar/buka/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def confirm_account(token: str):
    """The link sent after registering: a button opens the account and signs in (a link checker that opens
    the link changes nothing)."""
    user, next_path = confirm.pending_for_token(token)
    form = ConfirmAccountForm()
    if user is None:
        response = render("accounts/confirm_invalid.html", status=400)
    elif form.validate_on_submit():
        confirm.mark_confirmed(user)
        services.complete_sign_in(user)  # commits
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
        response = _after_sign_in(next_path)
    else:
        response = render("accounts/confirm_account.html", form=form, name=user.name,
                          status=422 if form.errors else 200)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user, paused = services.authenticate(form.login.data, form.password.data)
        if paused:
            form.login.errors.append(paused_message(paused))
        elif user is None:
            form.password.errors.append(_("The phone number, e-mail or password is not right."))
        elif user.blocked:
            form.login.errors.append(_("This account has been blocked. Please contact the region's office."))
        elif user.uses_two_factor:
            start_pending(user, form.remember.data, form.next.data)
            return redirect(url_for("accounts.login_code"))
        else:
            services.complete_sign_in(user, remember=form.remember.data)
            return _after_sign_in(form.next.data)
    status = 422 if form.errors else 200
    return render("accounts/login.html", form=form, status=status)


@bp.post("/keluar")
def logout():
    # Ends this browser's session on the server too, and forgets everything of this person's visit (e.g.
    # tracking codes they opened): a shared phone keeps nothing.
    sessions.sign_out()
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
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    user = reset.user_for_token(token)
    if user is None:
        response = render("accounts/reset_invalid.html", status=400)
    else:
        form = ResetPasswordForm(user=user)
        if form.validate_on_submit():
            reset.set_new_password(user, form.password.data)
            if user.uses_two_factor:
                # The link proves the mailbox or phone, not the authenticator app: the code is still asked.
                start_pending(user, remember=False, next_path=None)
                flash(_("Your new password is saved. Now type the code from your authenticator app."), "success")
                return redirect(url_for("accounts.login_code"))
            services.complete_sign_in(user)
            flash(_("Your new password is saved and you are signed in."), "success")
            return redirect(url_for("accounts.account"))
        response = render("accounts/reset.html", form=form, status=422 if form.errors else 200)
    # The token is a key to the account: keep it out of caches and other sites' Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

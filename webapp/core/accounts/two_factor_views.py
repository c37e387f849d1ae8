"""Two-factor sign-in pages: the code after the password (/masuk/kode), setting it up
(/akun/dua-langkah), and a region admin switching it off for a staff member who lost their phone and
recovery codes. Switching it off oneself is a form on the account page (account_views.py)."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ...extensions import limiter
from .. import audit
from ..auth import roles_required, two_factor_required
from ..models import Role, User
from ..rendering import render
from ..scoping import scoped_get_or_404
from . import bp, lockout, services, two_factor
from .forms import TwoFactorCodeForm, TwoFactorEnrolForm
from .pending import drop_pending, pending_sign_in
from .views import paused_message

SETUP = "two_factor_setup"  # the secret being set up, in the session until a code confirms it


def wrong_code() -> str:
    return _("This code is not right. Check that your phone sets its time automatically, then type the code "
             "the app shows now.")


def verified(user: User, form, check_code):
    """`check_code()`'s result when the form's password is right and the code fits, else None with the
    reason on the form. Failures count like failed sign-ins (lockout.py): guessing here gets paused too."""
    keys = [lockout.account_key(user)]
    paused = lockout.minutes_locked(keys)
    if paused:
        form.code.errors.append(ngettext("Too many failed attempts. Please try again in %(num)d minute.",
                                         "Too many failed attempts. Please try again in %(num)d minutes.", paused))
        return None
    if not user.check_password(form.password.data):
        form.password.errors.append(_("This is not your current password."))
    else:
        result = check_code()
        if result is not None:
            return result
        form.code.errors.append(wrong_code())
    lockout.record_failure(keys)
    return None


@bp.route("/masuk/kode", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login_code():
    """The second step of signing in: a code from the app, or (`?cara=cadangan`) a recovery code."""
    user, pending = pending_sign_in()
    if user is None:
        drop_pending()
        flash(_("Please sign in again."), "info")
        return redirect(url_for("accounts.login"))
    recovery = request.args.get("cara") == "cadangan"
    form = TwoFactorCodeForm()
    if recovery:
        form.code.label.text = _("Recovery code")
    if form.validate_on_submit():
        keys = [lockout.account_key(user)]
        paused = lockout.minutes_locked(keys)
        kind = None if paused else two_factor.use_any_code(user, form.code.data)
        if kind is None and not paused:
            paused = lockout.record_failure(keys)
            form.code.errors.append(wrong_code())
        if paused:
            drop_pending()
            flash(paused_message(paused), "error")
            return redirect(url_for("accounts.login"))
        if kind is not None:
            services.complete_sign_in(user, remember=pending.get("remember", False))
            if kind == "recovery":
                left = two_factor.recovery_codes_left(user)
                flash(ngettext("You signed in with a recovery code. %(num)d recovery code is left.",
                               "You signed in with a recovery code. %(num)d recovery codes are left.", left), "info")
            return redirect(services.safe_next(pending.get("next")) or url_for("accounts.account"))
    return render("accounts/login_code.html", form=form, recovery=recovery, status=422 if form.errors else 200)


@bp.route("/akun/dua-langkah", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Scan the QR code (or type the key), then confirm with the password and a code from the app."""
    user = current_user._get_current_object()
    if user.uses_two_factor:
        return redirect(url_for("accounts.account") + "#two-factor-title")
    next_path = services.safe_next(request.args.get("next"))
    secret = session.get(SETUP) or two_factor.new_secret()
    session[SETUP] = secret
    form = TwoFactorEnrolForm()
    if form.validate_on_submit():
        step = verified(user, form, lambda: two_factor.code_fits(secret, form.code.data))
        if step is not None:
            codes = two_factor.turn_on(user, secret, step)
            session.pop(SETUP, None)
            response = render("accounts/two_factor_codes.html", codes=codes, next_path=next_path)
            response.headers["Cache-Control"] = "no-store"  # the codes are shown once and kept nowhere
            return response
    response = render(
        "accounts/two_factor_setup.html", status=422 if form.errors else 200, form=form, user=user,
        qr=two_factor.qr_svg(user, secret), secret=two_factor.grouped(secret), next_path=next_path,
        required=two_factor_required(user),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/staf/pengguna/<int:user_id>/dua-langkah/matikan")
@roles_required(Role.REGION_ADMIN)
def two_factor_reset(user_id: int):
    """A region admin switches two-factor sign-in off for an account of the region (a lost phone and lost
    recovery codes); where the region asks for it, the person sets it up again on their next staff page."""
    user = scoped_get_or_404(User, user_id)
    if user.uses_two_factor:
        audit.record("account.two_factor_off", "user", user.id)
        two_factor.turn_off(user)
        current_app.logger.warning("two-factor sign-in switched off for account %s by account %s",
                                   user.id, current_user.id)
        flash(_("Two-factor sign-in is off for %(name)s. Ask them to set it up again soon.", name=user.name),
              "success")
    return redirect(url_for("staff.users_detail", user_id=user.id))

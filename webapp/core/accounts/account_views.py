"""The account page (/akun): details, staff roles, and forms to change contact, password, language and
(for staff, or whoever has it on) two-factor sign-in.

Each form posts to its own URL; on an error the whole page comes back with that form's messages and the
other forms untouched (they are built with formdata=None so they ignore the posted fields).
"""
from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db, limiter
from ..auth import two_factor_required
from ..rendering import render
from . import bp, contact_change, services, sessions, two_factor
from .contact import display_phone
from .forms import ChangePasswordForm, ConfirmContactForm, ContactForm, LanguageForm, TwoFactorOffForm
from .two_factor_views import verified


def _page(status: int = 200, profile=None, password=None, language=None, two_factor_off=None):
    user = current_user._get_current_object()
    if profile is None:
        profile = ContactForm(
            formdata=None, data={"name": user.name, "phone": display_phone(user.phone), "email": user.email or ""}
        )
    if language is None:
        language = LanguageForm(formdata=None, data={"locale": user.locale or str(get_locale())})
    return render(
        "accounts/account.html",
        status=status,
        user=user,
        phone=display_phone(user.phone),
        roles=services.staff_roles(user),
        profile_form=profile,
        password_form=password or ChangePasswordForm(formdata=None),
        language_form=language,
        two_factor_off_form=two_factor_off or TwoFactorOffForm(formdata=None),
        recovery_codes_left=two_factor.recovery_codes_left(user) if user.uses_two_factor else 0,
        two_factor_required=user.is_staff and not user.uses_two_factor and two_factor_required(user),
    )


@bp.get("/akun")
@login_required
def account():
    return _page()


@bp.post("/akun/profil")
@login_required
@limiter.limit("10 per minute")  # each new phone/e-mail sends a message
def update_profile():
    """Save the name at once; a new phone or e-mail is confirmed from itself first (contact_change.py)."""
    form = ContactForm()
    if not form.validate():
        return _page(422, profile=form)
    user = current_user._get_current_object()
    phone, email = form.contacts()
    wanted = {"phone": phone, "email": email}
    new = [contact_change.Change(field, value) for field, value in wanted.items()
           if value and value != getattr(user, field)]
    # A removal is made at once, unless it would leave the account with no confirmed way to reach it.
    removed = [field for field, value in wanted.items() if not value and getattr(user, field)]
    kept = [field for field in removed
            if not any(getattr(user, other) and wanted[other] == getattr(user, other)
                       for other in contact_change.FIELDS if other != field)]
    user.name = form.name.data
    for field in removed:
        if field not in kept:
            setattr(user, field, None)
    db.session.commit()
    for change in new:
        contact_change.request_change(user, change)
    if not new:
        flash(_("Your name and contact details are saved."), "success")
    for change in new:
        message = (_("We have sent a link to %(contact)s. Open it, signed in, to start using this e-mail address; "
                     "until then your account keeps its current details.", contact=contact_change.shown(change))
                   if change.field == "email" else
                   _("We have sent a link by SMS to %(contact)s. Open it, signed in, to start using this number; "
                     "until then your account keeps its current details.", contact=contact_change.shown(change)))
        flash(message, "info")
    for field in kept:
        flash(_("Your current phone number stays until the new contact is confirmed; then you can remove it.")
              if field == "phone" else
              _("Your current e-mail address stays until the new contact is confirmed; then you can remove it."),
              "info")
    return redirect(url_for("accounts.account"))


@bp.route("/akun/kontak/<token>", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def confirm_contact(token: str):
    """The link sent to a new phone/e-mail: shows the change and makes it on a button press (a link
    checker that opens the link changes nothing)."""
    user = current_user._get_current_object()
    change = contact_change.change_for_token(user, token)
    form = ConfirmContactForm()
    if change is None:
        response = render("accounts/contact_invalid.html", status=400)
    elif form.validate_on_submit():
        try:
            contact_change.apply_change(user, change)
        except services.ContactTaken:
            flash(_("This phone number or e-mail address cannot be added to your account any more. "
                    "Please choose another."), "error")
        else:
            flash(_("Your phone number is changed.") if change.field == "phone"
                  else _("Your e-mail address is changed."), "success")
        return redirect(url_for("accounts.account"))
    else:
        response = render("accounts/contact_confirm.html", form=form, change=change,
                          contact=contact_change.shown(change), status=422 if form.errors else 200)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


@bp.post("/akun/sandi")
@login_required
@limiter.limit("10 per minute")  # a borrowed, signed-in phone must not be a way to guess the password
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user=user)
    if form.validate():
        if services.change_password(user, form.current_password.data, form.new_password.data):
            # Every session ended, copies of this browser's cookie included; this browser gets a new one.
            sessions.sign_in(user, remember=_has_remember_cookie())
            flash(_("Your password is changed. Other devices have been signed out."), "success")
            return redirect(url_for("accounts.account"))
        form.current_password.errors.append(_("This is not your current password."))
    return _page(422, password=form)


@bp.post("/akun/bahasa")
@login_required
def change_language():
    form = LanguageForm()
    if form.validate():
        services.set_locale(current_user._get_current_object(), form.locale.data)
        g.set_lang_cookie = form.locale.data  # i18n's after_request turns this into the `lang` cookie
        with force_locale(form.locale.data):
            flash(_("Language saved."), "success")
        return redirect(url_for("accounts.account"))
    return _page(422, language=form)


@bp.post("/akun/dua-langkah/matikan")
@login_required
@limiter.limit("10 per minute")
def two_factor_off():
    """Switch two-factor sign-in off: the password and a code (from the app, or a recovery code)."""
    user = current_user._get_current_object()
    form = TwoFactorOffForm()
    if form.validate() and user.uses_two_factor:
        if verified(user, form, lambda: two_factor.use_any_code(user, form.code.data)) is not None:
            two_factor.turn_off(user)
            flash(_("Two-factor sign-in is off. Signing in now needs only your password."), "success")
            return redirect(url_for("accounts.account"))
    return _page(422, two_factor_off=form)


def _has_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies

"""Telling an account's owner that someone tried to register with their phone number or e-mail, or to put
it on another account.

Registering with a taken phone/e-mail is not answered with "this already has an account" (which would let
anyone find out who has one); the page asks to check the messages, and the message goes to the owner.
"""
from __future__ import annotations

from flask import g, url_for
from flask_babel import gettext as _

from .. import notify
from .contact import Contact
from .services import find_by_contact


def account_exists(kind: str, value: str) -> None:
    """Send the owner of the account with this phone ("phone") or e-mail ("email") a sign-in notice."""
    region = g.region.name
    sign_in = url_for("accounts.login", _external=True)
    forgot = url_for("accounts.forgot_password", _external=True)
    for user in find_by_contact(Contact(kind, value))[:1]:
        if kind == "email":
            body = _(
                "Hello %(name)s,\n\nSomeone tried to create a new %(region)s account with this e-mail address. "
                "It already belongs to your account, so no new account was made.\n\n"
                "If it was you, sign in here: %(sign_in)s\n"
                "Forgot your password? Choose a new one here: %(forgot)s\n\n"
                "If it was not you, you need not do anything: nobody got into your account.",
                name=user.name, region=region, sign_in=sign_in, forgot=forgot,
            )
            notify.deliver("mail", value, body, subject=_("You already have a %(region)s account", region=region))
        else:
            notify.deliver("sms", value, _(
                "%(region)s: someone tried to create an account with your number, which already has one. "
                "Sign in: %(sign_in)s Forgot your password: %(forgot)s Not you? Nothing changed.",
                region=region, sign_in=sign_in, forgot=forgot,
            ))


def contact_claimed(kind: str, value: str) -> None:
    """Tell the owner of the account with this phone/e-mail that another account asked to use it."""
    region = g.region.name
    for user in find_by_contact(Contact(kind, value))[:1]:
        if kind == "email":
            body = _(
                "Hello %(name)s,\n\nSomeone asked to use this e-mail address for another %(region)s account. "
                "It belongs to your account, so nothing was changed and no link was sent.\n\n"
                "You need not do anything: nobody got into your account.",
                name=user.name, region=region,
            )
            notify.deliver("mail", value, body, subject=_("Your e-mail address and %(region)s", region=region))
        else:
            notify.deliver("sms", value, _(
                "%(region)s: another account asked to use your number. It stays yours; nothing changed.",
                region=region,
            ))

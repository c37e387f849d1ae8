"""Signed, expiring tokens (links sent by mail or SMS, values a form carries back) under the app's keys.

New tokens are signed with SECRET_KEY; those signed with a key listed in SECRET_KEY_FALLBACKS (the old keys
after a rotation) still open, so a rotation does not break the links people have in their messages.
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import URLSafeTimedSerializer


def secret_keys() -> list[str]:
    """The current key first, then the old ones."""
    config = current_app.config
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]


def serializer(salt: str) -> URLSafeTimedSerializer:
    # itsdangerous signs with the last key of the list and accepts a token signed with any of them.
    return URLSafeTimedSerializer(list(reversed(secret_keys())), salt=salt)

"""(being written)"""
from . import bp  # noqa: F401


def card_context() -> dict:
    return {}

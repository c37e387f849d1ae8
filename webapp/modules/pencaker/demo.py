"""(being written)"""
from . import bp  # noqa: F401


def seed_demo(region) -> None:
    pass

"""Berita demo data (being written)."""


def seed_demo(region) -> None:
    pass

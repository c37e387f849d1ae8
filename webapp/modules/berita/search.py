"""Search of news, announcements and information pages for /cari (being written)."""


def search(query: str, limit: int) -> list:
    return []

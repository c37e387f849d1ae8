"""Harga in `/cari`: the tracked commodities whose name (in the reader's language or the official one)
has the words, each with its latest region-wide price. A region tracks a few dozen commodities, so they are
matched in Python, where the translated names are."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ...core.i18n import rupiah
from ...core.modules import SearchHit
from .prices import board, tracked_commodities


def _matches(commodity, words: list[str]) -> bool:
    text = f"{commodity.label} {commodity.name} {commodity.slug.replace('-', ' ')}".casefold()
    return all(word in text for word in words)


def search(query: str, limit: int) -> list[SearchHit]:
    words = query.casefold().split()
    found = [c for c in tracked_commodities() if _matches(c, words)][:limit]
    if not found:
        return []
    return [
        SearchHit(
            title=row.commodity.label,
            url=url_for("harga.commodity", slug=row.commodity.slug),
            summary=(f"{rupiah(row.price)}/{row.commodity.unit_label}" if row.price is not None
                     else _("No price entered yet")),
            when=row.day if row.price is not None else None,
        )
        for row in board(commodities=found).rows
    ]

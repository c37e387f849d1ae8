"""Aspirasi in `/cari`: public reports whose title or description has the words, newest first.

The same query as the public list (`services.public_reports`): never rahasia, hidden or merged reports,
no rejected ones, and nothing for a search that looks like someone's NIK, phone or e-mail. Titles are
masked like everywhere in public; only what the public list shows goes out (no reporter, no contact).
"""
from __future__ import annotations

from flask import url_for

from ...core.modules import SearchHit
from . import services
from .forms import STATUS_GROUP_LABELS
from .masking import mask_text


def search(query: str, limit: int) -> list[SearchHit]:
    rows, _cursor = services.public_reports({"q": query}, limit=limit)
    return [
        SearchHit(
            title=mask_text(r.title),
            url=url_for("aspirasi.detail", report_id=r.id),
            summary=" · ".join([str(STATUS_GROUP_LABELS[services.status_group(r.status)]), r.category.name,
                                f"{r.kelurahan.name}, {r.kecamatan.name}"]),
            when=r.created_at,
        )
        for r in rows
    ]

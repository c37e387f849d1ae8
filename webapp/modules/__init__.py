"""The civic module registry: one line per module. A region turns each on or off."""
from __future__ import annotations

from . import aspirasi, berita, harga, kontak, pencaker

MODULES = [
    aspirasi.module,
    pencaker.module,
    harga.module,
    berita.module,
    kontak.module,
]


def registry() -> dict:
    return {module.name: module for module in MODULES}

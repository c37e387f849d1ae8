"""The national retail list of staple foods (Panel Harga Pangan / PIHPS), shipped as seed data.

Each entry has a stable code, the official Indonesian name (stored on the region's row), a translated label,
a unit (all Rp/kg except cooking oils, Rp/liter), a group, and a typical 2025-2026 retail price used only to
make demo data look real. A region picks which of these it tracks and may add its own commodities.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

UNITS = {"kg": _l("kg"), "liter": _l("litre"), "butir": _l("piece"), "ikat": _l("bunch")}

# Display order of groups on the public pages.
GROUPS = {
    "beras": _l("Rice and grains"),
    "bumbu": _l("Shallots, garlic and chillies"),
    "protein": _l("Meat, eggs and fish"),
    "pokok": _l("Sugar, salt, flour and cooking oil"),
    "lainnya": _l("Other staples"),
}


@dataclass(frozen=True)
class National:
    code: str
    name: str  # official Indonesian name
    label: object  # lazy translated label
    unit: str
    group: str
    typical: int  # rupiah per unit, for demo data
    featured: bool = False  # on the home card by default


_LIST = [
    National("beras-premium", "Beras Premium", _l("Premium rice"), "kg", "beras", 15_400),
    National("beras-medium", "Beras Medium", _l("Medium rice"), "kg", "beras", 13_500, True),
    National("beras-sphp", "Beras SPHP", _l("SPHP rice (price-stabilisation stock)"), "kg", "beras", 12_500),
    National("jagung", "Jagung Tk Peternak", _l("Maize (farm-gate, for feed)"), "kg", "beras", 6_200),
    National("kedelai", "Kedelai Biji Kering (Impor)", _l("Dried soybeans (imported)"), "kg", "beras", 11_000),
    National("bawang-merah", "Bawang Merah", _l("Shallots"), "kg", "bumbu", 38_000, True),
    National("bawang-putih", "Bawang Putih Bonggol", _l("Garlic (bulb)"), "kg", "bumbu", 40_000),
    National("cabai-merah-keriting", "Cabai Merah Keriting", _l("Curly red chilli"), "kg", "bumbu", 45_000),
    National("cabai-merah-besar", "Cabai Merah Besar", _l("Large red chilli"), "kg", "bumbu", 42_000),
    National("cabai-rawit-merah", "Cabai Rawit Merah", _l("Red bird's-eye chilli"), "kg", "bumbu", 55_000, True),
    National("daging-sapi", "Daging Sapi Murni", _l("Beef"), "kg", "protein", 135_000),
    National("daging-ayam", "Daging Ayam Ras", _l("Broiler chicken meat"), "kg", "protein", 37_000, True),
    National("telur-ayam", "Telur Ayam Ras", _l("Chicken eggs"), "kg", "protein", 29_000, True),
    National("daging-kerbau-beku", "Daging Kerbau Beku (Impor)", _l("Frozen buffalo meat (imported)"), "kg",
             "protein", 100_000),
    National("daging-kerbau-segar", "Daging Kerbau Segar (Lokal)", _l("Fresh buffalo meat (local)"), "kg",
             "protein", 140_000),
    National("ikan-kembung", "Ikan Kembung", _l("Short mackerel"), "kg", "protein", 40_000),
    National("ikan-tongkol", "Ikan Tongkol", _l("Mackerel tuna"), "kg", "protein", 35_000),
    National("ikan-bandeng", "Ikan Bandeng", _l("Milkfish"), "kg", "protein", 35_000),
    National("gula", "Gula Konsumsi", _l("Sugar"), "kg", "pokok", 18_000),
    National("garam", "Garam Konsumsi", _l("Salt"), "kg", "pokok", 11_000),
    National("tepung-curah", "Tepung Terigu (Curah)", _l("Wheat flour (loose)"), "kg", "pokok", 10_000),
    National("tepung-kemasan", "Tepung Terigu Kemasan", _l("Wheat flour (packed)"), "kg", "pokok", 13_000),
    National("minyak-kemasan", "Minyak Goreng Kemasan", _l("Cooking oil (packed)"), "liter", "pokok", 20_000),
    National("minyak-curah", "Minyak Goreng Curah", _l("Cooking oil (loose)"), "liter", "pokok", 17_000),
    National("minyakita", "Minyakita", _l("Minyakita cooking oil"), "liter", "pokok", 15_700, True),
]

COMMODITIES: dict[str, National] = {n.code: n for n in _LIST}
ORDER = [n.code for n in _LIST]

# Ceiling (HET) and reference (HAP) prices reported for 2024-2026, zone 1 (Java, Lampung, South Sumatra),
# demo values a region replaces with the rules that apply to it: (code, kind, price, valid_from, source).
REFERENCES = [
    ("beras-premium", "het", 13_900, "2023-03-01", "Perbadan 7/2023"),
    ("beras-premium", "het", 14_900, "2024-09-01", "Perbadan 5/2024"),
    ("beras-medium", "het", 10_900, "2023-03-01", "Perbadan 7/2023"),
    ("beras-medium", "het", 12_500, "2024-09-01", "Perbadan 5/2024"),
    ("gula", "hap", 17_500, "2024-06-01", "Perbadan 12/2024"),
    ("minyakita", "het", 15_700, "2024-08-01", "Permendag 18/2024"),
    ("telur-ayam", "hap", 30_000, "2024-06-01", "Perbadan 12/2024"),
    ("daging-ayam", "hap", 40_000, "2024-06-01", "Perbadan 12/2024"),
    ("daging-sapi", "hap", 140_000, "2024-06-01", "Perbadan 12/2024"),
]

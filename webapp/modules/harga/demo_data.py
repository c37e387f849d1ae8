"""The numbers behind the Harga Pangan demo: Kota Tangerang's markets, how each commodity's price moves
over a year, and the Islamic holidays that move (and close) the markets.

Dates of Ramadan, Idul Fitri and Idul Adha follow the government's calendar (SKB libur nasional); the
ones after 2026 are the published estimates. Market addresses are plausible demo values.
"""
from __future__ import annotations

from datetime import date

# slug, name, address, kecamatan (matched by name among the region's kecamatan), price offset vs the city
# (a market in a busier or better-off area is a little dearer; each commodity varies around half of it).
MARKETS = [
    ("anyar", "Pasar Anyar", "Jl. Ki Samaun, Sukasari, Kec. Tangerang", "Tangerang", 0.015),
    ("bandeng", "Pasar Bandeng", "Jl. Imam Bonjol, Bojong Jaya, Kec. Karawaci", "Karawaci", -0.01),
    ("jatiuwung", "Pasar Jatiuwung", "Jl. Gatot Subroto, Jatiuwung, Kec. Cibodas", "Cibodas", -0.02),
    ("malabar", "Pasar Malabar", "Jl. Malabar Raya, Perumnas 1, Kec. Karawaci", "Karawaci", 0.0),
    ("poris", "Pasar Poris", "Jl. Maulana Hasanudin, Poris Gaga, Kec. Batuceper", "Batuceper", 0.02),
    ("ramadani", "Pasar Ramadani", "Jl. Perintis Kemerdekaan, Cikokol, Kec. Tangerang", "Tangerang", 0.005),
]

# How a commodity's price moves, as fractions of its typical price:
#   swing: amplitude of the weeks-long ups and downs (harvests, weather, supply shocks);
#   season: amplitude of the yearly cycle, highest in `peak_month`;
#   walk: spread of the day-to-day random walk around that trend (each market adds a little of its own).
# Chillies and shallots swing 30-40 % over a few weeks; rice barely moves (Bulog stock, HET).
#                          swing  season peak_month walk
MOVEMENT = {
    "beras-premium":        (0.010, 0.020, 2, 0.004),
    "beras-medium":         (0.010, 0.025, 2, 0.004),
    "beras-sphp":           (0.000, 0.005, 2, 0.002),
    "jagung":               (0.040, 0.080, 1, 0.015),
    "kedelai":              (0.020, 0.030, 6, 0.008),
    "bawang-merah":         (0.220, 0.150, 2, 0.040),
    "bawang-putih":         (0.060, 0.050, 3, 0.015),
    "cabai-merah-keriting": (0.280, 0.150, 2, 0.050),
    "cabai-merah-besar":    (0.260, 0.150, 2, 0.050),
    "cabai-rawit-merah":    (0.300, 0.150, 2, 0.060),
    "daging-sapi":          (0.010, 0.010, 1, 0.004),
    "daging-ayam":          (0.050, 0.040, 12, 0.015),
    "telur-ayam":           (0.040, 0.040, 12, 0.012),
    "daging-kerbau-beku":   (0.010, 0.010, 1, 0.004),
    "daging-kerbau-segar":  (0.010, 0.010, 1, 0.004),
    "ikan-kembung":         (0.060, 0.080, 1, 0.025),  # the west monsoon (Dec-Feb) keeps boats ashore
    "ikan-tongkol":         (0.060, 0.080, 1, 0.025),
    "ikan-bandeng":         (0.040, 0.050, 1, 0.015),
    "gula":                 (0.020, 0.030, 3, 0.008),
    "garam":                (0.010, 0.020, 1, 0.004),
    "tepung-curah":         (0.010, 0.010, 1, 0.004),
    "tepung-kemasan":       (0.005, 0.010, 1, 0.003),
    "minyak-kemasan":       (0.020, 0.020, 1, 0.006),
    "minyak-curah":         (0.030, 0.030, 1, 0.008),
    "minyakita":            (0.010, 0.020, 1, 0.004),
}
DEFAULT_MOVEMENT = (0.03, 0.03, 1, 0.01)  # a region's own commodity

# How much dearer a commodity is at the end of Ramadan, just before Idul Fitri (it falls back after).
RAMADAN_PEAK = {
    "daging-sapi": 0.12, "daging-kerbau-beku": 0.10, "daging-kerbau-segar": 0.10, "daging-ayam": 0.20,
    "telur-ayam": 0.15, "gula": 0.10, "minyak-kemasan": 0.10, "minyak-curah": 0.12, "minyakita": 0.10,
    "cabai-merah-keriting": 0.25, "cabai-merah-besar": 0.22, "cabai-rawit-merah": 0.25, "bawang-merah": 0.18,
    "bawang-putih": 0.10,
}
# How much dearer meat is on the eve of Idul Adha.
IDUL_ADHA_PEAK = {"daging-sapi": 0.10, "daging-kerbau-segar": 0.08, "daging-kerbau-beku": 0.05}

# (first day of Ramadan, first day of Idul Fitri). Idul Fitri is two public holidays; markets stay shut
# on both and on the day after (`CLOSED_AFTER_IDUL_FITRI` days from the first).
RAMADAN = [
    (date(2020, 4, 24), date(2020, 5, 24)),  # 1441 H
    (date(2021, 4, 13), date(2021, 5, 13)),  # 1442 H
    (date(2022, 4, 3), date(2022, 5, 2)),  # 1443 H
    (date(2023, 3, 23), date(2023, 4, 22)),  # 1444 H
    (date(2024, 3, 12), date(2024, 4, 10)),  # 1445 H
    (date(2025, 3, 1), date(2025, 3, 31)),  # 1446 H
    (date(2026, 2, 18), date(2026, 3, 20)),  # 1447 H
    (date(2027, 2, 8), date(2027, 3, 10)),  # 1448 H
    (date(2028, 1, 28), date(2028, 2, 26)),  # 1449 H
]
CLOSED_AFTER_IDUL_FITRI = 3  # Idul Fitri, its second day and the day after
IDUL_ADHA = [
    date(2020, 7, 31), date(2021, 7, 20), date(2022, 7, 10), date(2023, 6, 29), date(2024, 6, 17),
    date(2025, 6, 6), date(2026, 5, 27), date(2027, 5, 17), date(2028, 5, 5),
]

# Random gaps: an officer misses a whole market day, or leaves out a single commodity.
MISSED_DAY = 0.01
MISSED_ENTRY = 0.01

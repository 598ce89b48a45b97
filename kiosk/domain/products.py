"""What a catalogue product is made of: the standard units, the price range usual for each unit,
and the domestic-priority rule.

* Units (*satuan*): the list the e-catalogue's providers use most (buah, unit, paket, kg, liter,
  meter, m², set, lembar, botol, dus, bungkus, jam, hari, bulan, …). Any other word is allowed
  ("other"): a unit is a label for the buyer, and trades have their own (loyang, ikat, rim).
* Plausible prices: a range per standard unit, wide enough for real goods and services and narrow
  enough to catch the usual slip (three zeros too many or too few: ``Rp 8.500.000`` for a loaf).
  Outside the range is a **warning**, never an error: the person may know better.
* Domestic priority: Perpres 12/2021 (art. 66) and PP 29/2018 make government buyers use a
  domestic product whose TKDN plus BMP (*Bobot Manfaat Perusahaan*) is at least 40 %. BMP is at
  most 15 %. :func:`domestic_priority` says whether a product qualifies; the screens, the receipt
  and the catalogue export show it.
"""

from __future__ import annotations

from kiosk.domain.model import Product

UNITS: tuple[str, ...] = (
    "buah",
    "unit",
    "paket",
    "kg",
    "gram",
    "liter",
    "meter",
    "m²",
    "set",
    "lembar",
    "botol",
    "dus",
    "bungkus",
    "pasang",
    "rim",
    "jam",
    "hari",
    "bulan",
    "orang",
    "kegiatan",
)
# (lowest, highest) usual price in rupiah per unit; other units: any price above Rp 0.
PRICE_RANGES: dict[str, tuple[int, int]] = {
    "buah": (100, 1_000_000_000),
    "unit": (1_000, 10_000_000_000),
    "paket": (1_000, 5_000_000_000),
    "kg": (500, 100_000_000),
    "gram": (10, 5_000_000),
    "liter": (500, 50_000_000),
    "meter": (500, 50_000_000),
    "m²": (1_000, 100_000_000),
    "set": (1_000, 5_000_000_000),
    "lembar": (50, 10_000_000),
    "botol": (500, 10_000_000),
    "dus": (1_000, 100_000_000),
    "bungkus": (200, 5_000_000),
    "pasang": (1_000, 100_000_000),
    "rim": (10_000, 5_000_000),
    "jam": (5_000, 50_000_000),
    "hari": (25_000, 500_000_000),
    "bulan": (100_000, 5_000_000_000),
    "orang": (1_000, 500_000_000),
    "kegiatan": (50_000, 5_000_000_000),
}
# Older kiosks' free-text units, read as the standard unit they mean.
UNIT_ALIASES: dict[str, str] = {
    "pcs": "buah",
    "pc": "buah",
    "biji": "buah",
    "bh": "buah",
    "kilogram": "kg",
    "ltr": "liter",
    "l": "liter",
    "m": "meter",
    "m2": "m²",
    "pak": "paket",
    "box": "dus",
    "kardus": "dus",
    "bks": "bungkus",
    "lbr": "lembar",
}
DOMESTIC_PRIORITY_PERCENT = 40.0
MAX_BMP_PERCENT = 15.0
MAX_PHOTOS = 3


def standard_unit(unit: str) -> str | None:
    """The standard unit ``unit`` names (case and spaces ignored, older aliases read), or None."""
    key = " ".join(unit.split()).casefold()
    if key in UNITS:
        return key
    return UNIT_ALIASES.get(key)


def price_range(unit: str) -> tuple[int, int] | None:
    standard = standard_unit(unit)
    return PRICE_RANGES.get(standard) if standard else None


def tkdn_bmp(product: Product) -> float | None:
    """TKDN + BMP in percent (BMP counts as 0 when not given), or None without a TKDN value."""
    tkdn = product.tkdn_percent
    if not isinstance(tkdn, int | float) or isinstance(tkdn, bool):
        return None
    bmp = product.bmp_percent if isinstance(product.bmp_percent, int | float) else 0.0
    return round(float(tkdn) + float(bmp), 2)


def domestic_priority(product: Product) -> bool:
    """A domestic product (PDN) with TKDN + BMP of at least 40 %: buyers must prefer it."""
    total = tkdn_bmp(product)
    return bool(product.pdn) and total is not None and total >= DOMESTIC_PRIORITY_PERCENT

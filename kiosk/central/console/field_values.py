"""How the detail page writes one stored value for a person: names, not codes; rupiah, not digits.

The registration's content keeps codes and whole numbers (``65.03.04``, ``cv``, ``P``,
``25000000``, ``1985-12-03``); a verifier checks them against the scans, where the KTP says
*PEREMPUAN*, *03-12-1985* and the deed says *Tarakan Tengah*. So a region code is written with its
name (``Tarakan Tengah (65.03.04)``: the code stays, it is what the kiosk stored), an amount in
rupiah as ``Rp 25.000.000``, a code list's value with its label, a date (``*_date``: the birth
date, a TKDN certificate's) the Indonesian way beside the stored one (``3 Desember 1985
(1985-12-03)``; English ``3 December 1985``), a time (``*_at``: when consent was given) in the
viewer's zone with its label (``3 Desember 2026 14.05 WITA (2026-12-03T06:05:00+00:00)``).

Invariant: the stored value is never hidden or changed, only explained; a value that does not
parse (an older or damaged version) is shown as stored. Differences between versions and
conflicts are found on the stored values, not on these texts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from kiosk.central.console.formatting import Formatter

REGION_FIELDS = frozenset(
    (
        "address.province_code",
        "address.regency_code",
        "address.district_code",
        "address.village_code",
    )
)
CODE_LISTS = {
    "business.legal_form": "legal_form",
    "business.scale": "scale",
    "business.scale_suggested": "scale",
    "owner.sex": "sex",
}
_ITEM = re.compile(r"\[\d+\]")
_WHOLE = re.compile(r"-?\d{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ISO's date, the start of a stored time too


def field_value(
    path: str,
    value: str,
    *,
    fmt: Formatter,
    label_of: Callable[[str, str], str],
    region_name: Callable[[str], str],
) -> str:
    """``value`` (as :func:`kiosk.central.console.registration.flatten` wrote it) for a person.

    ``label_of(list, code)`` is the console's code-list label (the code itself when unknown),
    ``region_name(code)`` the reference data's name (the code itself when unknown)."""
    if not value:
        return value
    plain = _ITEM.sub("", path)  # products[2].price_idr → products.price_idr
    if plain in REGION_FIELDS:
        name = region_name(value)
        return value if name == value else f"{name} ({value})"
    if plain in CODE_LISTS:
        return label_of(CODE_LISTS[plain], value)
    if plain.endswith("_idr") and _WHOLE.fullmatch(value):
        return fmt.rupiah(int(value))
    if plain.endswith("_date") and _DATE.fullmatch(value):
        return _beside(value, lambda: fmt.date(dt.date.fromisoformat(value)))
    if plain.endswith("_at") and _DATE.match(value):
        return _beside(value, lambda: fmt.datetime(dt.datetime.fromisoformat(value)))
    return value


def _beside(value: str, written: Callable[[], str]) -> str:
    """``written()`` with the stored ``value`` after it; the value alone if it does not parse
    (a month 13, a day 31 of a short month, a time beyond the year 9999 in the viewer's zone)."""
    try:
        return f"{written()} ({value})"
    except (ValueError, OverflowError):
        return value

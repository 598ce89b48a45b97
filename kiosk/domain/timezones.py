"""The kiosk's time zone: WIB, WITA or WIT, chosen by the province of the hall.

Indonesia has three zones (Keppres 41/1987), by province (BPS code, the reference data's):

- WIB, UTC+7 (``Asia/Jakarta``): Sumatra and its islands (11–21), Java with Banten and Jakarta
  (31–36), Kalimantan Barat (61) and Kalimantan Tengah (62).
- WITA, UTC+8 (``Asia/Makassar``): Bali, NTB, NTT (51–53), Kalimantan Selatan, Timur and Utara
  (63–65), every Sulawesi province with Gorontalo (71–76).
- WIT, UTC+9 (``Asia/Jayapura``): Maluku, Maluku Utara (81, 82) and every Papua province (91–96).

The zone is kept as its IANA name in the ``receipts.timezone`` setting (the name receipts and
``kiosk doctor`` already read): set from the province at set-up, overridable by a supervisor.
Times are shown with fixed offsets named WIB/WITA/WIT, not through the tz database: Indonesia has
had no daylight saving since 1964, the Indonesian label is wanted in both languages ("09.15 WITA",
never "GMT+8"), and Windows has no tz database without the ``tzdata`` package.

Invariant: :func:`display_zone` is what :func:`kiosk.domain.formatting.format_datetime` shows
aware times in when no zone is passed. It is read from the store once (:func:`use_store_zone`,
by the app at start-up and after the setting changes, by CLI commands that print times) and cached
in this module; until then it is WIB, never the machine's own zone (a laptop set to UTC showed
UTC in search and history, issue 12).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol

SETTING = "receipts.timezone"
DEFAULT_ZONE = "Asia/Jakarta"
# IANA name -> (label, hours east of UTC); the order is west to east (the settings' choice list).
ZONES: dict[str, tuple[str, int]] = {
    "Asia/Jakarta": ("WIB", 7),
    "Asia/Makassar": ("WITA", 8),
    "Asia/Jayapura": ("WIT", 9),
}
_WIB_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21"}
    | {"31", "32", "33", "34", "35", "36", "61", "62"}
)
_WITA_PROVINCES = frozenset(
    {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
)
_WIT_PREFIXES = ("8", "9")  # Maluku (8x) and Papua (9x): new provinces there stay WIT


class SettingsReader(Protocol):
    """What :func:`use_store_zone` needs of a store (the core's domain does not import it)."""

    def get_setting(self, key: str, default: Any = None) -> Any: ...


def zone_for_province(code: str) -> str:
    """The IANA zone of a province (BPS code ``"65"``, or any region code starting with it)."""
    province = code.strip()[:2]
    if province in _WITA_PROVINCES:
        return "Asia/Makassar"
    if province.startswith(_WIT_PREFIXES) and province.isdigit():
        return "Asia/Jayapura"
    if province in _WIB_PROVINCES:
        return "Asia/Jakarta"
    raise ValueError(f"unknown province code {province!r}")


def known(zone: str) -> bool:
    return zone in ZONES


def label(zone: str) -> str:
    """``WIB``, ``WITA`` or ``WIT`` (an unknown name is shown as WIB's zone, see :func:`tz`)."""
    return ZONES.get(zone, ZONES[DEFAULT_ZONE])[0]


def tz(zone: str) -> dt.timezone:
    """The fixed-offset zone named WIB/WITA/WIT for an IANA name; an unknown name is WIB (the
    setting is written only by set-up and settings, which offer these three)."""
    name, hours = ZONES.get(zone, ZONES[DEFAULT_ZONE])
    return _TZ.setdefault(name, dt.timezone(dt.timedelta(hours=hours), name))


_TZ: dict[str, dt.timezone] = {}
_display: list[dt.timezone] = []  # the cached kiosk zone (empty: not read yet, WIB)


def display_zone() -> dt.timezone:
    """The kiosk's zone for showing times (WIB until :func:`set_display_zone` was called)."""
    return _display[0] if _display else tz(DEFAULT_ZONE)


def set_display_zone(zone: str) -> dt.timezone:
    _display[:] = [tz(zone)]
    return _display[0]


def store_zone(store: SettingsReader) -> str:
    """The IANA name in the store's setting (WIB's when unset or not one of the three)."""
    value = str(store.get_setting(SETTING, DEFAULT_ZONE) or DEFAULT_ZONE)
    return value if known(value) else DEFAULT_ZONE


def use_store_zone(store: SettingsReader) -> dt.timezone:
    """Read the kiosk's zone from the store once and show every time in it from now on."""
    return set_display_zone(store_zone(store))


def provinces(data_dir: Path | None = None) -> list[tuple[str, str]]:
    """``[(code, name), …]`` of the reference data's provinces (an installed update first), read
    from the provinces table alone: the set-up page needs no villages."""
    from kiosk.reference.datasets import read_rows, resolve_source

    return [
        (row[0], row[1]) for row in read_rows(resolve_source("regions", data_dir), "provinces.csv")
    ]

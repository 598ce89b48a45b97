"""How the console writes times, dates and numbers: the Indonesian way, in the viewer's zone.

A console user picks WIB, WITA or WIT (``console_users.time_zone``, an IANA name of
:mod:`kiosk.domain.timezones`); every stored time is UTC and is shown in that zone with its label
(``3 Desember 2026 14.05 WITA``; English ``3 December 2026 14:05 WITA``). Numbers use the
domain's grouping (``1.250.000``) and money ``Rp 1.250.000``.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain import formatting, timezones
from kiosk.i18n import Lang, as_lang

ZONE_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (zone, label) for zone, (label, _hours) in timezones.ZONES.items()
)


class Formatter:
    """Bound to one viewer's language and zone; templates get it as ``fmt``."""

    def __init__(self, lang: str, zone: str) -> None:
        self.lang: Lang = as_lang(lang)
        self.zone = zone if timezones.known(zone) else timezones.DEFAULT_ZONE
        self.tz = timezones.tz(self.zone)

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return "—"
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return formatting.format_datetime(value, self.lang, tz=self.tz)

    def date(self, value: dt.date | dt.datetime | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, dt.datetime):
            value = self.local(value).date()
        return formatting.format_date(value, self.lang)

    def local(self, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(self.tz)

    def number(self, value: int) -> str:
        return formatting.format_number(value, self.lang)

    def rupiah(self, value: int) -> str:
        return formatting.format_rupiah(value, self.lang)

    def age(self, value: dt.datetime | None, now: dt.datetime | None = None) -> str:
        """``3 hari`` / ``5 jam`` / ``12 menit`` since ``value``."""
        if value is None:
            return "—"
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        seconds = max(0, int(((now or dt.datetime.now(dt.UTC)) - value).total_seconds()))
        units = (
            (86400, "hari", "d"),
            (3600, "jam", "h"),
            (60, "menit", "min"),
        )
        for size, id_unit, en_unit in units:
            if seconds >= size:
                count = seconds // size
                return f"{count} {id_unit}" if self.lang == "id" else f"{count} {en_unit}"
        return "baru saja" if self.lang == "id" else "just now"

"""Registration numbers ``KODE-YYYYMMDD-NNNN``, unique without a network.

``KODE`` is this kiosk's code (unique among kiosks: assigned by the central, or a provisional
random code before enrolment), ``YYYYMMDD`` the date in the kiosk's zone (WIB, WITA or WIT by the
hall's province, setting ``receipts.timezone``; never the machine's zone, which on a laptop set to
UTC would give the previous day until 08:00 WITA), ``NNNN`` a per-kiosk, per-day
sequence kept in ``registration_counters``. The counter is bumped inside the same transaction that
writes the registration, so a rolled-back save gives its number back and two saves can never take
the same number (SQLite serialises writers; the UNIQUE constraint on ``reg_no`` is the last guard).
After 9,999 registrations in a day the sequence simply grows a fifth digit.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from kiosk.domain import timezones
from kiosk.domain.timezones import DEFAULT_ZONE
from kiosk.domain.timezones import SETTING as ZONE
from kiosk.store.settings import KIOSK_CODE

REG_NO_RE = re.compile(r"^[A-Z0-9]{2,12}-\d{8}-\d{4,}$")


def local_day(conn: Connection, now: dt.datetime | None = None) -> str:
    """Today (or ``now``, aware) in the kiosk's zone, as ``YYYYMMDD``."""
    raw = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (ZONE,)).scalar()
    zone = json.loads(raw) if raw else DEFAULT_ZONE
    zone = zone if isinstance(zone, str) and timezones.known(zone) else DEFAULT_ZONE
    return (now or dt.datetime.now(dt.UTC)).astimezone(timezones.tz(zone)).strftime("%Y%m%d")


def next_reg_no(session: Session, now: dt.datetime | None = None) -> str:
    return reserve_reg_nos(session, 1, now)[0]


def reserve_reg_nos(session: Session, count: int, now: dt.datetime | None = None) -> list[str]:
    """``count`` fresh numbers of today, skipping any already taken (e.g. by an import).

    One upsert with RETURNING bumps the day's counter by ``count`` (SQLite >= 3.35). Plain SQL on
    the session's connection: this runs in every save, and the statements are fixed.
    """
    conn = session.connection()
    raw = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (KIOSK_CODE,)).scalar()
    code = json.loads(raw or '""')
    day = local_day(conn, now)
    numbers: list[str] = []
    while len(numbers) < count:
        wanted = count - len(numbers)
        last = conn.exec_driver_sql(
            "INSERT INTO registration_counters (kiosk_code, day, last_no) VALUES (?, ?, ?) "
            "ON CONFLICT (kiosk_code, day) DO UPDATE SET last_no = last_no + excluded.last_no "
            "RETURNING last_no",
            (code, day, wanted),
        ).scalar_one()
        candidates = [f"{code}-{day}-{n:04d}" for n in range(last - wanted + 1, last + 1)]
        taken: set[str] = set()
        for start in range(0, len(candidates), 500):  # SQLite's bound-parameter limit
            chunk = candidates[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            taken.update(
                row[0]
                for row in conn.exec_driver_sql(
                    f"SELECT reg_no FROM registrations WHERE reg_no IN ({marks})",  # noqa: S608
                    tuple(chunk),
                )
            )
        numbers += [c for c in candidates if c not in taken]
    return numbers


def looks_like_reg_no(text: str) -> bool:
    return bool(REG_NO_RE.match(text.strip().upper()))

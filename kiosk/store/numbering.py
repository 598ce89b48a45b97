"""Registration numbers ``KODE-YYYYMMDD-NNNN``, unique without a network.

``KODE`` is this kiosk's code (unique among kiosks: assigned by the central, or a provisional
random code before enrolment), ``YYYYMMDD`` the kiosk's local date, ``NNNN`` a per-kiosk, per-day
sequence kept in ``registration_counters``. The counter is bumped inside the same transaction that
writes the registration, so a rolled-back save gives its number back and two saves can never take
the same number (SQLite serialises writers; the UNIQUE constraint on ``reg_no`` is the last guard).
After 9,999 registrations in a day the sequence simply grows a fifth digit.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.models import RegistrationCounter, RegistrationRow
from kiosk.store.settings import KIOSK_CODE, read_setting

REG_NO_RE = re.compile(r"^[A-Z0-9]{2,12}-\d{8}-\d{4,}$")


def local_day(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).astimezone().strftime("%Y%m%d")


def next_reg_no(session: Session, now: dt.datetime | None = None) -> str:
    return reserve_reg_nos(session, 1, now)[0]


def reserve_reg_nos(session: Session, count: int, now: dt.datetime | None = None) -> list[str]:
    """``count`` fresh numbers of today, skipping any already taken (e.g. by an import)."""
    code = read_setting(session, KIOSK_CODE)
    day = local_day(now)
    counter = session.scalar(
        select(RegistrationCounter).where(
            RegistrationCounter.kiosk_code == code, RegistrationCounter.day == day
        )
    )
    if counter is None:
        counter = RegistrationCounter(kiosk_code=code, day=day, last_no=0)
        session.add(counter)
    numbers: list[str] = []
    while len(numbers) < count:
        first = counter.last_no + 1
        candidates = [f"{code}-{day}-{n:04d}" for n in range(first, first + count - len(numbers))]
        taken = set(
            session.scalars(
                select(RegistrationRow.reg_no).where(RegistrationRow.reg_no.in_(candidates))
            )
        )
        numbers += [c for c in candidates if c not in taken]
        counter.last_no = first + len(candidates) - 1
    return numbers


def looks_like_reg_no(text: str) -> bool:
    return bool(REG_NO_RE.match(text.strip().upper()))

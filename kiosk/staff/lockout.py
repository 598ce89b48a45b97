"""The lock-out of user names that have no (active) account: the same answers as a real account.

Issue 13.5: a real account answers "too many attempts, try again in N seconds" after its free
failures, an unknown name answered "wrong username or password" for ever — so trying a name a few
times told whether it exists. Unknown and inactive names now count failures and lock exactly like
:func:`kiosk.staff.accounts.lock_seconds` says for a real account, so the person at the screen
sees the same sequence of messages either way (and the same timing: one hash verification per
counted attempt, none while locked).

The counters live in the ``settings`` table under :data:`SETTING`, keyed by a blind index of the
typed name (the data key's HMAC: a name typed into the wrong field may be a password, so it is
never stored). At most :data:`MAX_NAMES` names are kept, the stalest dropped first; an entry whose
lock ran out a day ago is dropped as well. Written in the caller's session, so the attempt and its
audit entry commit together. The rules work on the setting's value (:func:`locked_in`,
:func:`counted`), so the log-in before the store opens (:mod:`kiosk.staff.early_login`, plain
``sqlite3``) keeps the same counters in the same setting; this module imports no SQLAlchemy itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SETTING = "security.login.unknown_names"
#: set when the central revoked this kiosk (kiosk.sync.revocation): no staff log-in until the
#: kiosk is enrolled again
KIOSK_LOCKED = "security.locked_by_central"
MAX_NAMES = 500
_FORGET_AFTER = dt.timedelta(days=1)


def locked_for(session: Session, key: str, now: dt.datetime) -> int:
    """Seconds the unknown name ``key`` stays locked (0: not locked)."""
    from kiosk.store.settings import read_setting

    return locked_in(read_setting(session, SETTING, {}), key, now)


def count_failure(
    session: Session, key: str, now: dt.datetime, lock_seconds: Callable[[int], int]
) -> tuple[int, int]:
    """Count one more failure of ``key``; returns (failures in a row, seconds locked now)."""
    from kiosk.store.settings import read_setting, write_setting

    names, failed, wait = counted(read_setting(session, SETTING, {}), key, now, lock_seconds)
    write_setting(session, SETTING, names)
    return failed, wait


def locked_in(names: dict[str, list], key: str, now: dt.datetime) -> int:
    """Seconds ``key`` stays locked by the setting's value ``names`` (0: not locked)."""
    entry = names.get(key)
    if not entry or not entry[1]:
        return 0
    until = dt.datetime.fromisoformat(entry[1])
    return max(1, int((until - now).total_seconds() + 0.999)) if until > now else 0


def counted(
    names: dict[str, list], key: str, now: dt.datetime, lock_seconds: Callable[[int], int]
) -> tuple[dict[str, list], int, int]:
    """The setting's new value with one more failure of ``key``, the failures in a row and the
    seconds locked now."""
    names = dict(names)
    failed = (names.get(key) or [0, None])[0] + 1
    wait = lock_seconds(failed)
    until = (now + dt.timedelta(seconds=wait)).isoformat() if wait else None
    names[key] = [failed, until, now.isoformat()]
    return _pruned(names, now), failed, wait


def _pruned(names: dict[str, list], now: dt.datetime) -> dict[str, list]:
    def last_seen(entry: list) -> str:
        return entry[2] if len(entry) > 2 else ""

    fresh = {
        key: entry
        for key, entry in names.items()
        if not last_seen(entry) or dt.datetime.fromisoformat(last_seen(entry)) > now - _FORGET_AFTER
    }
    newest = sorted(fresh.items(), key=lambda kv: last_seen(kv[1]), reverse=True)[:MAX_NAMES]
    return dict(newest)

"""The staff log-in while the store is still opening: the standard library's ``sqlite3``, no ORM.

Why: at start-up the log-in page is shown at once, but opening the store (SQLAlchemy's ORM, every
model, the key ring: ~0.5 s of CPU on a desk, most of a cold start) took far longer than drawing
the page, and an attempt had to wait for it. A log-in needs little of it: the staff row, the
lock-out counters, the "locked by the central" flag and the audit chain. :class:`EarlyLogin`
checks an attempt against exactly those, with the rules of :mod:`kiosk.staff.login_rules`,
:mod:`kiosk.staff.lockout` and :mod:`kiosk.staff.audit_text` that the full path
(:func:`kiosk.staff.accounts.authenticate`) uses too, while the store opens in the background.

Invariants:

- Only a schema this code knows: ``alembic_version`` must equal the migration scripts' head
  (:func:`kiosk.store.revision.quick_head`). It is read once in :meth:`EarlyLogin.prepare` and
  again inside every attempt's writing transaction (``BEGIN IMMEDIATE``), so a migration (this
  process's store opening or another process) has either committed before, and the revision no
  longer matches, or waits. A database that is behind (an older one not yet upgraded in place),
  ahead, missing, in an interrupted restore, or whose data key is not kept in the plain mode
  (passphrase, DPAPI: only the store opens those), gets no early log-in: :meth:`prepare` answers
  None and an attempt waits for the store, as before. An attempt that meets a changed revision or
  any SQLite error raises :class:`EarlyLoginUnavailable`: the caller waits for the store too.
- The same answers and records as the full path: one writing transaction holds the attempt's
  counters and its audit entry (appended to the hash chain, :func:`kiosk.store.audit_chain.
  chained_rows`) and commits before a refusal is raised; the connection has the store's pragmas
  (:func:`kiosk.store.connection.configure`: WAL fsync'd at commit, the same busy timeout).
- Unknown and inactive names are counted in the same setting under the same blind index as
  :meth:`kiosk.security.keys.KeyRing.blind_index`: HMAC-SHA256 under the data key's HKDF-SHA256
  subkey (RFC 5869, written here with :mod:`hmac`; the tests compare both).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kiosk.config import Paths
from kiosk.errors import UserFacingError
from kiosk.staff import lockout
from kiosk.staff.audit_text import entry, utcnow
from kiosk.staff.login_rules import (
    StaffUser,
    dummy_hash,
    hasher,
    lock_seconds,
    normalize_username,
    verify,
)
from kiosk.store.audit_chain import GENESIS, HEAD, INSERT_CHAINED, chained_rows, db_time
from kiosk.store.connection import BUSY_TIMEOUT_MS, configure
from kiosk.store.revision import quick_head

PLAIN_KEY = "data.key"  # kiosk.security.datakey.PLAIN (that module imports cryptography)
WRAPPED_KEY = "data.key.wrapped"  # kiosk.security.datakey.WRAPPED
_BLIND_PURPOSE = b"kiosk-blind-index-v1"  # kiosk.security.keys.KeyRing.blind_index
_STAFF = (
    "SELECT id, username, full_name, role, password_hash, active, source, failed_count,"
    " locked_until FROM staff WHERE username = ?"
)


class _Staff(NamedTuple):
    id: str
    username: str
    full_name: str
    role: str
    password_hash: str
    active: bool
    source: str
    failed_count: int
    locked_until: dt.datetime | None


def _staff(con: sqlite3.Connection, name: str) -> _Staff | None:
    r = con.execute(_STAFF, (name,)).fetchone()
    if r is None:
        return None
    staff_id, username, full_name, role, password_hash = (str(v) for v in r[:5])
    return _Staff(
        staff_id,
        username,
        full_name,
        role,
        password_hash,
        bool(r[5]),
        str(r[6]),
        int(r[7] or 0),
        _time(r[8]),
    )


class EarlyLoginUnavailable(Exception):
    """This attempt was not checked (see the module docstring): wait for the store."""


def blind_key(data_key: bytes) -> bytes:
    """HKDF-SHA256 (no salt, 32 bytes) of the data key for the blind indexes."""
    prk = hmac.new(bytes(32), data_key, hashlib.sha256).digest()
    return hmac.new(prk, _BLIND_PURPOSE + b"\x01", hashlib.sha256).digest()


def _revision(con: sqlite3.Connection) -> str | None:
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def _time(text: object) -> dt.datetime | None:
    """A stored UTC time (naive text, :func:`kiosk.store.audit_chain.db_time`) as aware."""
    return None if text is None else dt.datetime.fromisoformat(str(text)).replace(tzinfo=dt.UTC)


def _setting(con: sqlite3.Connection, key: str, default: Any) -> Any:
    row = con.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return default if row is None or row[0] is None else json.loads(row[0])


def _write_setting(con: sqlite3.Connection, key: str, value: Any, now: dt.datetime) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)  # as kiosk.store.settings does
    con.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO"
        " UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, text, db_time(now)),
    )


def _audit(
    con: sqlite3.Connection,
    actor: str,
    action: str,
    target: str,
    details: dict[str, Any] | None,
    now: dt.datetime,
) -> None:
    head = con.execute(HEAD).fetchone()
    seq, prev = (0, GENESIS) if head is None else (int(head[0]), str(head[1]))
    con.executemany(
        INSERT_CHAINED, chained_rows(seq, prev, [entry(actor, action, target, details, now)])
    )


@dataclass(frozen=True)
class EarlyLogin:
    """Log-ins against ``database`` at schema ``revision`` (made by :meth:`prepare`)."""

    database: Path
    revision: str
    index_key: bytes

    @classmethod
    def prepare(cls, data_dir: Path) -> EarlyLogin | None:
        """An early log-in for ``data_dir``, or None when only the store may check one."""
        paths = Paths(data_dir)
        if not paths.database.is_file() or paths.restore_journal.exists():
            return None
        if (paths.keys / WRAPPED_KEY).exists():
            return None
        try:
            data_key = (paths.keys / PLAIN_KEY).read_bytes()
        except OSError:
            return None
        head = quick_head()
        if len(data_key) != 32 or head is None:
            return None
        try:
            con = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True, timeout=0.5)
            try:
                revision = _revision(con)
            finally:
                con.close()
        except sqlite3.Error:
            return None
        if revision != head:
            return None
        return cls(paths.database, head, blind_key(data_key))

    def authenticate(
        self, username: str, password: str, *, now: dt.datetime | None = None
    ) -> StaffUser:
        """As :func:`kiosk.staff.accounts.authenticate`; :class:`EarlyLoginUnavailable` when
        this attempt must wait for the store (nothing was recorded then)."""
        now = now or utcnow()
        name = normalize_username(username)
        try:
            with self._writing() as con:
                if _setting(con, lockout.KIOSK_LOCKED, False):
                    raise UserFacingError("security.kiosk.locked")
                row = _staff(con, name)
                if row is None or not row.active:
                    error = self._refuse_unknown(con, name, row, password, now)
                else:
                    outcome = self._check(con, name, row, password, now)
                    if isinstance(outcome, StaffUser):
                        return outcome
                    error = outcome
        except sqlite3.Error as exc:
            raise EarlyLoginUnavailable(str(exc)) from exc
        raise error  # after the transaction committed, so the attempt stays recorded

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One writing transaction with the store's pragmas, at the known revision."""
        con = sqlite3.connect(self.database, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            configure(con)
            con.execute("BEGIN IMMEDIATE")
            try:
                if _revision(con) != self.revision:
                    raise EarlyLoginUnavailable("the schema changed")
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def _check(
        self, con: sqlite3.Connection, name: str, row: _Staff, password: str, now: dt.datetime
    ) -> StaffUser | UserFacingError:
        staff_id, stored_hash, failed = row.id, row.password_hash, row.failed_count
        locked_until = row.locked_until
        if locked_until is not None and locked_until > now:
            seconds = max(1, int((locked_until - now).total_seconds() + 0.999))
            _audit(con, name, "login.refused", staff_id, {"seconds": seconds}, now)
            return UserFacingError("security.login.locked", seconds=seconds)
        if verify(stored_hash, password):
            if hasher.check_needs_rehash(stored_hash):
                stored_hash = hasher.hash(password)
            con.execute(
                "UPDATE staff SET password_hash = ?, failed_count = 0, locked_until = NULL,"
                " last_login_at = ? WHERE id = ?",
                (stored_hash, db_time(now), staff_id),
            )
            _audit(con, name, "login.ok", staff_id, None, now)
            return StaffUser(staff_id, row.username, row.full_name, row.role, True, row.source)
        failed += 1
        wait = lock_seconds(failed)
        until = db_time(now + dt.timedelta(seconds=wait)) if wait else None
        con.execute(
            "UPDATE staff SET failed_count = ?, locked_until = ? WHERE id = ?",
            (failed, until, staff_id),
        )
        details = {"failed_count": failed, "locked_s": wait}
        _audit(con, name, "login.failed", staff_id, details, now)
        if wait:
            return UserFacingError("security.login.locked", seconds=wait)
        return UserFacingError("security.login.failed")

    def _refuse_unknown(
        self,
        con: sqlite3.Connection,
        name: str,
        row: _Staff | None,
        password: str,
        now: dt.datetime,
    ) -> UserFacingError:
        """As :func:`kiosk.staff.accounts._refuse_unknown`: counted like a real account."""
        key = hmac.new(self.index_key, f"login-name:{name}".encode(), hashlib.sha256).hexdigest()
        key = key[:32]
        target = row.id if row else ""
        reason = "inactive" if row else "unknown"
        names = _setting(con, lockout.SETTING, {})
        seconds = lockout.locked_in(names, key, now)
        if seconds:
            details = {"seconds": seconds, "reason": reason}
            _audit(con, name, "login.refused", target, details, now)
            return UserFacingError("security.login.locked", seconds=seconds)
        verify(dummy_hash(), password)
        names, failed, wait = lockout.counted(names, key, now, lock_seconds)
        _write_setting(con, lockout.SETTING, names, now)
        details = {"reason": reason, "failed_count": failed, "locked_s": wait}
        _audit(con, name, "login.failed", target, details, now)
        if wait:
            return UserFacingError("security.login.locked", seconds=wait)
        return UserFacingError("security.login.failed")

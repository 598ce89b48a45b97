"""The audit log as a hash chain: every entry carries the hash of the one before it.

Invariants:

- Every row of ``audit_log`` is written by :func:`append_many` (through
  :func:`kiosk.store.journal.add_audit`, :func:`kiosk.staff.audit.record` or the bulk writer),
  inside the caller's writing transaction. Writing transactions take SQLite's write lock at
  ``BEGIN IMMEDIATE`` (see :mod:`kiosk.store.engine`), so reading the head and appending after it
  cannot interleave with another writer: the chain never forks.
- An entry's hash is SHA-256 over :func:`canonical`: a JSON array, UTF-8, no spaces, of a version
  tag, the entry's ``seq`` (its id), the stored time text, actor, action, target, the stored
  details text and the previous entry's hash (:data:`GENESIS` for the first). The values are the
  exact texts in the table, so anyone can recompute the chain from the database alone with
  ``sqlite3`` and ``sha256sum``; nothing depends on how a library turns a row into objects.
- The ``seq`` is part of the hash: renumbering an entry breaks it. A changed entry breaks its own
  hash, a removed or reordered one the ``prev_hash`` of the entry after it. A removed *tail* leaves
  a shorter chain that is consistent in itself: only an anchor (the head the central received with
  a sync, :mod:`kiosk.store.audit_anchors`) shows it. Entries after the newest anchor can be cut
  off unseen until the next sync; that limit is stated in the README.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for types: kiosk.staff.early_login uses this module without SQLAlchemy
    from sqlalchemy import Connection, Engine

GENESIS = "0" * 64
TAG = "kiosk-audit/1"


@dataclass(frozen=True)
class ChainEntry:
    """One row as stored (texts exactly as in the table)."""

    seq: int
    at: str
    actor: str
    action: str
    target: str
    details: str
    prev_hash: str
    entry_hash: str


def db_time(value: dt.datetime) -> str:
    """The stored text of a UTC time (naive UTC, SQLAlchemy's SQLite DATETIME format)."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def canonical(
    seq: int, at: str, actor: str, action: str, target: str, details: str, prev_hash: str
) -> bytes:
    """The bytes an entry's hash covers (see the module docstring)."""
    fields = [TAG, seq, at, actor, action, target, details, prev_hash]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(
    seq: int, at: str, actor: str, action: str, target: str, details: str, prev_hash: str
) -> str:
    return hashlib.sha256(canonical(seq, at, actor, action, target, details, prev_hash)).hexdigest()


_chained: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def is_chained(conn: Connection) -> bool:
    """Whether the database has the chain's columns (a store opened at an older revision, as the
    migration tests do, has not: its entries are chained when it is upgraded)."""
    known = _chained.get(conn.engine)
    if known is None:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(audit_log)")}
        known = _chained[conn.engine] = "entry_hash" in columns
    return known


def head(conn: Connection) -> tuple[int, str]:
    """(seq, hash) of the newest entry; ``(0, GENESIS)`` for an empty log."""
    row = conn.exec_driver_sql(HEAD).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append_many(
    conn: Connection, entries: Iterable[tuple[dt.datetime, str, str, str, str]]
) -> tuple[int, str]:
    """Append ``(at, actor, action, target, details_json)`` entries in order; returns the new head.

    The caller's transaction must be a writing one (the write lock is held from its ``BEGIN``).
    """
    if not is_chained(conn):
        conn.exec_driver_sql(
            "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
            [(db_time(at), *rest) for at, *rest in entries],
        )
        return 0, GENESIS
    seq, prev = head(conn)
    rows = chained_rows(seq, prev, entries)
    if rows:
        conn.exec_driver_sql(INSERT_CHAINED, rows)
        seq, prev = rows[-1][0], rows[-1][-1]
    return seq, prev


INSERT_CHAINED = (
    "INSERT INTO audit_log (id, at, actor, action, target, details, prev_hash, entry_hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
HEAD = "SELECT id, entry_hash FROM audit_log ORDER BY id DESC LIMIT 1"


def chained_rows(
    seq: int, prev: str, entries: Iterable[tuple[dt.datetime, str, str, str, str]]
) -> list[tuple[int, str, str, str, str, str, str, str]]:
    """The rows of :data:`INSERT_CHAINED` for ``entries`` appended after the head ``(seq, prev)``
    (also written through plain ``sqlite3`` by :mod:`kiosk.staff.early_login`)."""
    rows = []
    for at, actor, action, target, details in entries:
        seq += 1
        at_text = db_time(at)
        digest = entry_hash(seq, at_text, actor, action, target, details, prev)
        rows.append((seq, at_text, actor, action, target, details, prev, digest))
        prev = digest
    return rows


def read_all(conn: Connection) -> list[ChainEntry]:
    """Every entry in ``seq`` order, as stored."""
    return [
        ChainEntry(int(r[0]), str(r[1]), *(str(v or "") for v in r[2:]))
        for r in conn.exec_driver_sql(
            "SELECT id, CAST(at AS TEXT), actor, action, target, details, prev_hash, entry_hash"
            " FROM audit_log ORDER BY id"
        )
    ]


def rechain(conn: Connection) -> int:
    """Give every existing entry its link and hash in ``seq`` order (the upgrade of a log written
    before the chain existed). Returns the number of entries chained."""
    prev = GENESIS
    updates = []
    for e in read_all(conn):
        digest = entry_hash(e.seq, e.at, e.actor, e.action, e.target, e.details, prev)
        updates.append((prev, digest, e.seq))
        prev = digest
    if updates:
        conn.exec_driver_sql(
            "UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?", updates
        )
    return len(updates)

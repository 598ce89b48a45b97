"""The kiosk's sync bookkeeping in its own tables (migration ``0005_sync``).

The outbox (store part) says what still has to go; these tables say what the central confirmed
(the ledger, for the sanity check), which pages it still lacks, where the pull cursor stands, the
device credentials, and the problems the status area shows. Every write is its own short
transaction, ordered so that a crash between two steps only causes an idempotent repeat.

The device token is sealed with the kiosk's data key (``KeyRing.seal``), so it is never in the
database file in plaintext.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.security.keys import KeyRing
from kiosk.store.engine import immediate
from kiosk.sync.messages import Problem
from kiosk.sync.tables import LEDGER, PAGES, PROBLEMS, RETENTION, STATE

_TOKEN_AAD = b"kiosk-sync-device-token-v1"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def ledger_digest(lines: Iterable[tuple[str, int, str]]) -> tuple[int, str]:
    """Count and SHA-256 of the sorted ``"{id}:{version}:{hash}\\n"`` lines (protocol rule)."""
    rendered = sorted(f"{rid}:{version}:{chash}\n" for rid, version, chash in lines)
    return len(rendered), hashlib.sha256("".join(rendered).encode()).hexdigest()


@dataclass(frozen=True)
class Credentials:
    central_url: str
    token: str
    central_kiosk_id: str
    kiosk_name: str
    kiosk_code: str
    mpp: str
    enrolled_at: str


class SyncState:
    def __init__(self, engine: Engine, keys: KeyRing) -> None:
        self.engine = engine
        self.keys = keys
        with immediate(), engine.begin() as conn:
            exists = conn.execute(sa.select(STATE.c.id)).first()
            if exists is None:
                conn.execute(STATE.insert().values(id=1))

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Connection]:
        """A writing transaction that takes SQLite's write lock at BEGIN (busy handler applies)."""
        with immediate(), self.engine.begin() as conn:
            yield conn

    def _row(self) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(STATE)).one()

    def _update(self, **values: Any) -> None:
        with self._tx() as conn:
            conn.execute(STATE.update().where(STATE.c.id == 1).values(**values))

    # -- credentials -----------------------------------------------------------------------------
    def credentials(self) -> Credentials | None:
        row = self._row()
        if row.token_sealed is None:
            return None
        token = self.keys.open(row.token_sealed, _TOKEN_AAD).decode()
        return Credentials(
            row.central_url, token, row.central_kiosk_id, row.kiosk_name, row.kiosk_code,
            row.mpp, row.enrolled_at or "",
        )  # fmt: skip

    def save_credentials(self, creds: Credentials) -> None:
        """New credentials start a fresh relationship: cursor 0, not revoked, no old errors."""
        self._update(
            central_url=creds.central_url,
            token_sealed=self.keys.seal(creds.token.encode(), _TOKEN_AAD),
            central_kiosk_id=creds.central_kiosk_id,
            kiosk_name=creds.kiosk_name,
            kiosk_code=creds.kiosk_code,
            mpp=creds.mpp,
            enrolled_at=creds.enrolled_at,
            pull_cursor=0,
            revoked=False,
            online=None,
            last_error_code="",
            last_error_params=None,
        )

    # -- round outcome ---------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        return dict(self._row()._mapping)

    @property
    def cursor(self) -> int:
        return int(self._row().pull_cursor)

    def set_cursor(self, cursor: int) -> None:
        self._update(pull_cursor=cursor)

    def record_round(
        self, *, online: bool | None, error_code: str = "", params: dict | None = None,
        success: bool = False, revoked: bool | None = None,
    ) -> None:  # fmt: skip
        values: dict[str, Any] = {
            "online": online,
            "last_attempt_at": now_iso(),
            "last_error_code": error_code,
            "last_error_params": params or None,
        }
        if success:
            values["last_success_at"] = values["last_attempt_at"]
        if revoked is not None:
            values["revoked"] = revoked
        self._update(**values)

    # -- ledger ----------------------------------------------------------------------------------
    def ledger_add(self, entries: Iterable[tuple[str, int, str, str]]) -> None:
        """Record confirmed versions ``(registration_id, version, content_hash, outcome)``."""
        entries = list(entries)
        if entries:
            with self._tx() as conn:
                ledger_add_on(conn, entries)

    def ledger(self) -> list[tuple[str, int, str]]:
        """What the central confirmed to the *current* identity: after a new enrolment (a new
        kiosk id at the central) the versions confirmed to the old one are not counted there."""
        identity = sa.select(STATE.c.central_kiosk_id).scalar_subquery()
        with self.engine.connect() as conn:
            query = sa.select(
                LEDGER.c.registration_id, LEDGER.c.version, LEDGER.c.content_hash
            ).where(LEDGER.c.central_kiosk_id == identity)
            return [tuple(r) for r in conn.execute(query)]

    def digest(self) -> tuple[int, str]:
        return ledger_digest(self.ledger())

    def confirmed_before(self, cutoff: str) -> list[str]:
        """Registrations whose latest confirmed version was confirmed before ``cutoff``."""
        latest = sa.func.max(LEDGER.c.confirmed_at)
        query = (
            sa.select(LEDGER.c.registration_id)
            .group_by(LEDGER.c.registration_id)
            .having(latest < cutoff)
            .where(LEDGER.c.registration_id.not_in(sa.select(RETENTION.c.registration_id)))
        )
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(query)]

    def confirmed_version(self, registration_id: str) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(
                sa.select(sa.func.max(LEDGER.c.version)).where(
                    LEDGER.c.registration_id == registration_id
                )
            ).scalar()
        return int(value or 0)

    # -- pages the central lacks -----------------------------------------------------------------
    def pages_add(self, pages: Iterable[tuple[str, str]]) -> None:
        pages = list(pages)
        if pages:
            with self._tx() as conn:
                pages_add_on(conn, pages)

    def pages_pending(self, limit: int = 1000) -> list[tuple[str, str]]:
        """``(sha256, registration_id)`` of the pages still to upload, oldest listed first
        (plain SQL through the driver: a week's backlog lists ~17,000 rows)."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(_PAGES_PENDING, (int(limit),)).fetchall()
        return [(sha, reg_id) for sha, reg_id in rows]

    def page_done(self, sha: str) -> None:
        with self._tx() as conn:
            conn.execute(PAGES.delete().where(PAGES.c.sha256 == sha))

    def pages_done(self, shas: list[str]) -> None:
        """Many pages the central stored: off the list, their problems cleared; one transaction."""
        if not shas:
            return
        with self._tx() as conn:
            # one prepared statement each, by key (no 500-item IN lists to compile)
            keys = [(sha,) for sha in shas]
            conn.exec_driver_sql("DELETE FROM sync_pages WHERE sha256 = ?", keys)
            conn.exec_driver_sql(_PAGE_PROBLEMS_CLEAR, keys)

    def registrations_without_pages(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` with no page left to upload (one query)."""
        wanted = set(ids)
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT DISTINCT registration_id FROM sync_pages")
            left = {row[0] for row in rows}
        return wanted - left

    def page_attempt(self, sha: str, error: str, *, failed: bool) -> None:
        with self._tx() as conn:
            conn.execute(
                PAGES.update()
                .where(PAGES.c.sha256 == sha)
                .values(attempts=PAGES.c.attempts + 1, last_error=error, failed=failed)
            )

    def pages_retry_failed(self) -> None:
        """Give failed pages one more chance each round (their problem stays until they land)."""
        with self._tx() as conn:
            conn.execute(PAGES.update().where(PAGES.c.failed.is_(True)).values(failed=False))

    def pages_count(self, registration_id: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(PAGES)
        if registration_id is not None:
            query = query.where(PAGES.c.registration_id == registration_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    # -- problems --------------------------------------------------------------------------------
    def problem_set(self, kind: str, key: str, code: str, /, **params: Any) -> None:
        with self._tx() as conn:
            where = (PROBLEMS.c.kind == kind) & (PROBLEMS.c.key == key)
            conn.execute(PROBLEMS.delete().where(where))
            conn.execute(
                PROBLEMS.insert().values(
                    kind=kind, key=key, code=code, params=params, created_at=now_iso()
                )
            )

    def problem_clear(self, kind: str, key: str | None = None) -> None:
        where = PROBLEMS.c.kind == kind
        if key is not None:
            where = where & (PROBLEMS.c.key == key)
        with self._tx() as conn:
            conn.execute(PROBLEMS.delete().where(where))

    def problems(self) -> list[Problem]:
        query = sa.select(PROBLEMS).order_by(PROBLEMS.c.created_at, PROBLEMS.c.key)
        with self.engine.connect() as conn:
            return [Problem(r.code, **(r.params or {})) for r in conn.execute(query)]

    def problem_keys(self, kind: str) -> set[str]:
        with self.engine.connect() as conn:
            query = sa.select(PROBLEMS.c.key).where(PROBLEMS.c.kind == kind)
            return {r[0] for r in conn.execute(query)}

    # -- retention -------------------------------------------------------------------------------
    def mark_redacted(self, registration_id: str) -> None:
        with self._tx() as conn:
            conn.execute(
                RETENTION.insert().values(registration_id=registration_id, redacted_at=now_iso())
            )

    def redacted(self) -> set[str]:
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.select(RETENTION.c.registration_id))}


# -- the same writes inside a caller's transaction (the push's confirmation: one commit) ----------
# Plain ``INSERT … ON CONFLICT DO NOTHING`` through the driver's ``executemany`` (SQLite ≥ 3.24): a
# confirmed batch of 100 names ~550 pages, and a lookup of the known keys plus SQLAlchemy's
# per-row parameter building cost ~0.4 ms a registration, more than the rows themselves.
_LEDGER_ADD = (
    "INSERT INTO sync_ledger (registration_id, version, content_hash, outcome, confirmed_at,"
    " central_kiosk_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id, version) DO NOTHING"
)
_PAGE_PROBLEMS_CLEAR = "DELETE FROM sync_problems WHERE kind = 'page' AND \"key\" = ?"
_PAGES_PENDING = (
    "SELECT sha256, registration_id FROM sync_pages WHERE failed = 0"
    " ORDER BY added_at, sha256 LIMIT ?"
)
_PAGES_ADD = (
    "INSERT INTO sync_pages (sha256, registration_id, added_at) VALUES (?, ?, ?)"
    " ON CONFLICT (sha256) DO NOTHING"
)


def ledger_add_on(conn: Connection, entries: Iterable[tuple[str, int, str, str]]) -> None:
    """:meth:`SyncState.ledger_add` on ``conn``: versions already in the ledger are kept."""
    now = now_iso()
    identity = conn.execute(sa.select(STATE.c.central_kiosk_id)).scalar_one()
    rows = [(r, v, h, o, now, identity) for r, v, h, o in entries]
    if rows:
        conn.exec_driver_sql(_LEDGER_ADD, rows)


def pages_add_on(conn: Connection, pages: Iterable[tuple[str, str]]) -> None:
    """:meth:`SyncState.pages_add` on ``conn``: ``(sha256, registration_id)``, the first
    registration naming a page kept; pages already listed stay as they are."""
    now = now_iso()
    rows = [(sha, reg_id, now) for sha, reg_id in pages]
    if rows:
        conn.exec_driver_sql(_PAGES_ADD, rows)


def problems_clear_on(conn: Connection, kind: str, keys: Iterable[str]) -> None:
    """Clear the problems of ``kind`` with any of ``keys`` (one statement) on ``conn``."""
    keys = list(keys)
    if keys:
        conn.execute(PROBLEMS.delete().where((PROBLEMS.c.kind == kind) & PROBLEMS.c.key.in_(keys)))

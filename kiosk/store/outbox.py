"""The outbox: submitted versions waiting for the central.

States: ``pending`` (to push), ``sent`` (the central committed and echoed it), ``set_aside`` (the
central refused it with an error that retrying will not fix; a supervisor looks at it, the queue
keeps flowing). Rows are never deleted: ``seq`` is the item's identity in the protocol and the
history of what was sent is evidence.

Marking the latest submitted version sent moves the registration from ``submitted`` to ``synced``;
verdicts (verified / needs fix / rejected) come later through :meth:`apply_verdict`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from kiosk.domain.model import Status, utcnow
from kiosk.errors import UserFacingError
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit
from kiosk.store.models import OutboxRow, RegistrationRow, RegistrationVersion
from kiosk.store.records import OutboxItem

PENDING, SENT, SET_ASIDE = "pending", "sent", "set_aside"
# the mapped tables, typed as Core tables (Table() hands back the one already in the metadata)
_OUTBOX = Table(OutboxRow.__tablename__, OutboxRow.metadata)
_REGS = Table(RegistrationRow.__tablename__, RegistrationRow.metadata)
_IN_CHUNK = 500  # keys per IN list (SQLite bounds the host parameters of a statement)


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        seq=row.seq,
        registration_id=row.registration_id,
        version=row.version,
        content_hash=row.content_hash,
        attempts=row.attempts,
        last_error=row.last_error,
    )


class OutboxMixin(StoreCore):
    """``Store`` outbox methods."""

    def outbox_pending(self, limit: int = 100, *, after: int = 0) -> list[OutboxItem]:
        """Pending items, oldest first; set-aside and sent items are skipped. ``after``: only
        items with a larger ``seq`` (the push reads ahead while a batch is in flight)."""
        query = (  # the columns only: no ORM instances for a read-only list (a sync reads 3,000)
            select(
                _OUTBOX.c.seq,
                _OUTBOX.c.registration_id,
                _OUTBOX.c.version,
                _OUTBOX.c.content_hash,
                _OUTBOX.c.attempts,
                _OUTBOX.c.last_error,
            )
            .where(_OUTBOX.c.state == PENDING, _OUTBOX.c.seq > after)
            .order_by(_OUTBOX.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [OutboxItem(*row) for row in rows]

    def outbox_item(self, seq: int) -> OutboxItem:
        with self._read() as session:
            return _item(self._outbox_row(session, seq))

    def outbox_state(self, seq: int) -> str:
        with self._read() as session:
            return self._outbox_row(session, seq).state

    def outbox_mark_sent(self, seq: int) -> None:
        self.outbox_mark_sent_many([seq])

    def outbox_mark_sent_many(
        self, seqs: list[int], *, also: Callable[[Connection], None] | None = None
    ) -> None:
        """Mark a confirmed batch sent in one transaction (one fsync, not one per item).

        All or nothing: an unknown ``seq`` raises and marks none, so the next round asks again
        (the central answers ``unchanged`` for what it already holds). ``also`` runs first in the
        same transaction (the sync's ledger, page list and problems), so a confirmation and its
        bookkeeping are on disk together or not at all.

        Core statements, not the ORM: one ``UPDATE`` of the outbox rows and one ``executemany`` of
        the registrations that become ``synced`` (columns only, see :meth:`_mark_synced`) — a
        sync batch of 100 cost ~0.25 ms a row through the ORM.
        """
        if not seqs and also is None:
            return
        with self._write() as session:
            connection = session.connection()
            if also is not None:
                also(connection)
            if not seqs:
                return
            now = utcnow()
            wanted = sorted(set(seqs))
            sent: dict[str, set[int]] = {}
            for start in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[start : start + _IN_CHUNK]
                rows = connection.execute(
                    select(_OUTBOX.c.seq, _OUTBOX.c.registration_id, _OUTBOX.c.version).where(
                        _OUTBOX.c.seq.in_(chunk)
                    )
                ).all()
                found = {row.seq for row in rows}
                for seq in chunk:
                    if seq not in found:
                        raise UserFacingError("store.outbox.not_found", seq=seq)
                for row in rows:
                    sent.setdefault(row.registration_id, set()).add(row.version)
                connection.execute(
                    update(_OUTBOX)
                    .where(_OUTBOX.c.seq.in_(chunk))
                    .values(state=SENT, sent_at=now, updated_at=now, error_code="", last_error="")
                )
            self._mark_synced(connection, sent, now)

    def _mark_synced(
        self, connection: Connection, sent: dict[str, set[int]], now: dt.datetime
    ) -> None:
        """Registrations whose submitted version was just sent move from submitted to synced.

        Columns only: the sealed JSON keeps ``submitted`` and readers take the column's status
        (:func:`kiosk.store.codec.open_row`) — re-sealing each confirmed registration was a
        decrypt, parse, dump and encrypt per row."""
        pairs = [{"b_id": rid, "b_version": v} for rid, versions in sent.items() for v in versions]
        if pairs:
            connection.execute(
                update(_REGS)
                .where(
                    _REGS.c.id == bindparam("b_id"),
                    _REGS.c.submitted_version == bindparam("b_version"),
                    _REGS.c.status == Status.SUBMITTED.value,
                )
                .values(status=Status.SYNCED.value, updated_at=now),
                pairs,
            )

    def outbox_attempt_failed(self, seq: int, message: str) -> None:
        """Count a failed attempt (network error, 5xx) without setting the item aside."""
        with self._write() as session:
            row = self._outbox_row(session, seq)
            row.attempts += 1
            row.last_error, row.updated_at = message[:2000], utcnow()

    def outbox_set_aside(self, seq: int, error_code: str, message: str) -> None:
        with self._write() as session:
            row = self._outbox_row(session, seq)
            row.state, row.attempts = SET_ASIDE, row.attempts + 1
            row.error_code, row.last_error, row.updated_at = error_code, message[:2000], utcnow()
            add_audit(
                session,
                "sync",
                "outbox.set_aside",
                row.registration_id,
                seq=seq,
                version=row.version,
                error_code=error_code,
            )

    def outbox_retry(self, seq: int) -> None:
        """Put a set-aside item back in the queue (after a supervisor fixed the cause)."""
        with self._write() as session:
            row = self._outbox_row(session, seq)
            if row.state == SET_ASIDE:
                row.state, row.updated_at = PENDING, utcnow()

    def outbox_retry_set_aside(self, error_code: str = "", *, actor: str = "cli") -> int:
        """Put every set-aside item back in the queue, or those the central refused with
        ``error_code``; returns how many (after the central's cause was fixed, e.g. its cutoff
        for older registration IDs moved later). Each one is in the audit log."""
        with self._write() as session:
            query = select(OutboxRow).where(OutboxRow.state == SET_ASIDE)
            if error_code:
                query = query.where(OutboxRow.error_code == error_code)
            rows = session.scalars(query.order_by(OutboxRow.seq)).all()
            for row in rows:
                row.state, row.updated_at = PENDING, utcnow()
                add_audit(session, actor, "outbox.retried", row.registration_id,
                          seq=row.seq, version=row.version, error_code=row.error_code)  # fmt: skip
            return len(rows)

    def outbox_counts(self) -> dict[str, int]:
        """``{"pending": n, "sent": n, "set_aside": n}`` (zeros included)."""
        with self._read() as session:
            rows = session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            ).all()
        counts = {PENDING: 0, SENT: 0, SET_ASIDE: 0}
        counts.update({state: int(n) for state, n in rows})
        return counts

    def outbox_requeue(self, registration_id: str, version: int) -> int:
        """Queue a stored version again (the sanity check found the central lacks it).

        The version's existing outbox row goes back to ``pending`` (keeping its ``seq``); returns
        that ``seq``. Raises ``store.version.not_found`` for a version that was never submitted.
        """
        with self._write() as session:
            row = session.scalar(
                select(OutboxRow).where(
                    OutboxRow.registration_id == registration_id, OutboxRow.version == version
                )
            )
            if row is None:
                stored = session.get(RegistrationVersion, (registration_id, version))
                if stored is None:
                    raise UserFacingError("store.version.not_found", version=version)
                row = OutboxRow(
                    registration_id=registration_id,
                    version=version,
                    content_hash=stored.content_hash,
                    state=PENDING,
                    attempts=0,
                    error_code="",
                    last_error="",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
                session.add(row)
            row.state, row.updated_at, row.error_code = PENDING, utcnow(), ""
            session.flush()
            add_audit(
                session, "sync", "outbox.requeued", registration_id, seq=row.seq, version=version
            )
            return row.seq

    def _outbox_row(self, session: Session, seq: int) -> OutboxRow:
        row = session.get(OutboxRow, seq)
        if row is None:
            raise UserFacingError("store.outbox.not_found", seq=seq)
        return row

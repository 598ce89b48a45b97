"""The outbox: submitted versions waiting for the central.

States: ``pending`` (to push), ``sent`` (the central committed and echoed it), ``set_aside`` (the
central refused it with an error that retrying will not fix; a supervisor looks at it, the queue
keeps flowing). Rows are never deleted: ``seq`` is the item's identity in the protocol and the
history of what was sent is evidence.

Marking the latest submitted version sent moves the registration from ``submitted`` to ``synced``;
verdicts (verified / needs fix / rejected) come later through :meth:`apply_verdict`.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.model import Status, utcnow
from kiosk.errors import UserFacingError
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit
from kiosk.store.models import OutboxRow, RegistrationRow, RegistrationVersion
from kiosk.store.records import OutboxItem

PENDING, SENT, SET_ASIDE = "pending", "sent", "set_aside"


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

    def outbox_pending(self, limit: int = 100) -> list[OutboxItem]:
        """Pending items, oldest first; set-aside and sent items are skipped."""
        with self._read() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.state == PENDING)
                .order_by(OutboxRow.seq)
                .limit(limit)
            ).all()
        return [_item(r) for r in rows]

    def outbox_item(self, seq: int) -> OutboxItem:
        with self._read() as session:
            return _item(self._outbox_row(session, seq))

    def outbox_state(self, seq: int) -> str:
        with self._read() as session:
            return self._outbox_row(session, seq).state

    def outbox_mark_sent(self, seq: int) -> None:
        self.outbox_mark_sent_many([seq])

    def outbox_mark_sent_many(self, seqs: list[int]) -> None:
        """Mark a confirmed batch sent in one transaction (one fsync, not one per item).

        All or nothing: an unknown ``seq`` raises and marks none, so the next round asks again
        (the central answers ``unchanged`` for what it already holds).
        """
        if not seqs:
            return
        with self._write() as session:
            now = utcnow()
            # two queries for the whole batch instead of two per item
            outbox = {
                r.seq: r
                for r in session.scalars(select(OutboxRow).where(OutboxRow.seq.in_(set(seqs))))
            }
            wanted = {r.registration_id for r in outbox.values()}
            regs = {
                r.id: r
                for r in session.scalars(
                    select(RegistrationRow).where(RegistrationRow.id.in_(wanted))
                )
            }
            for seq in seqs:
                row = outbox.get(seq)
                if row is None:
                    raise UserFacingError("store.outbox.not_found", seq=seq)
                row.state, row.sent_at, row.updated_at = SENT, now, now
                row.error_code, row.last_error = "", ""
                reg = regs.get(row.registration_id)
                if (
                    reg is not None
                    and reg.submitted_version == row.version
                    and reg.status == Status.SUBMITTED
                ):
                    self.set_status(session, reg, Status.SYNCED, "")

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

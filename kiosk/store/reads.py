"""Reading registrations, their history and the documents' page references.

Lists and search results are :class:`~kiosk.store.records.Summary` records built from the plaintext
columns only (no decryption), so a list of hundreds stays cheap. The full record needs the data key.
``status`` is authoritative in its column (the sync marks ``synced`` there); :meth:`get` copies it
onto the opened record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, select, update

from kiosk.domain.model import Registration, Status
from kiosk.errors import UserFacingError
from kiosk.store import codec
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit
from kiosk.store.models import (
    AuditRow,
    DocumentPageRow,
    OutboxRow,
    RegistrationRow,
    RegistrationVersion,
    VersionPageRow,
)
from kiosk.store.records import DeskEntry, RegistrationNotFound, Summary, VersionInfo

SUMMARY_COLUMNS = (
    RegistrationRow.id,
    RegistrationRow.reg_no,
    RegistrationRow.business_name,
    RegistrationRow.owner_name,
    RegistrationRow.nik_masked,
    RegistrationRow.status,
    RegistrationRow.updated_at,
    RegistrationRow.version,
    RegistrationRow.redacted_at,
)


def summary_of(row: Any) -> Summary:
    return Summary(
        id=row.id,
        reg_no=row.reg_no,
        business_name=row.business_name,
        owner_name=row.owner_name,
        nik_masked=row.nik_masked,
        status=row.status,
        updated_at=row.updated_at,
        version=row.version,
        redacted=row.redacted_at is not None,
    )


class ReadsMixin(StoreCore):
    """``Store`` read methods."""

    def get(self, reg_id: str) -> Registration:
        """The registration as last saved; raises ``store.not_found``."""
        return self._get_where(RegistrationRow.id == reg_id)

    def get_by_reg_no(self, reg_no: str) -> Registration:
        """By registration number (case-insensitive); raises ``store.not_found``."""
        return self._get_where(RegistrationRow.reg_no == (reg_no or "").strip().upper())

    def _get_where(self, condition: ColumnElement[bool]) -> Registration:
        with self._read() as session:
            row = session.execute(
                select(
                    RegistrationRow.id,
                    RegistrationRow.sealed,
                    RegistrationRow.status,
                    RegistrationRow.updated_at,
                ).where(condition)
            ).first()
        if row is None:
            raise RegistrationNotFound()
        return codec.open_row(self.keys, row.id, row.sealed, row.status, row.updated_at)

    def summary(self, reg_id: str) -> Summary:
        with self._read() as session:
            row = session.execute(
                select(*SUMMARY_COLUMNS).where(RegistrationRow.id == reg_id)
            ).first()
        if row is None:
            raise RegistrationNotFound()
        return summary_of(row)

    def draft_step(self, reg_id: str) -> str:
        with self._read() as session:
            step = session.scalar(
                select(RegistrationRow.draft_step).where(RegistrationRow.id == reg_id)
            )
        if step is None:
            raise RegistrationNotFound()
        return step

    def list_drafts(self) -> list[Summary]:
        """Drafts, most recently changed first."""
        with self._read() as session:
            rows = session.execute(
                select(*SUMMARY_COLUMNS)
                .where(RegistrationRow.status == Status.DRAFT.value)
                .order_by(RegistrationRow.updated_at.desc())
            ).all()
        return [summary_of(r) for r in rows]

    def list_changed_since(self, since: dt.datetime, limit: int = 200) -> list[DeskEntry]:
        """Registrations created or changed at ``since`` or later (the home page's "today"),
        most recent first, each with how many of its submitted versions still wait for the
        central and how many it refused (set aside). Plaintext columns only: no decryption."""
        from sqlalchemy import func, or_

        def outbox(state: str) -> Any:
            return (
                select(func.count())
                .where(OutboxRow.registration_id == RegistrationRow.id, OutboxRow.state == state)
                .correlate(RegistrationRow)
                .scalar_subquery()
            )

        with self._read() as session:
            rows = session.execute(
                select(*SUMMARY_COLUMNS, outbox("pending"), outbox("set_aside"))
                .where(
                    or_(RegistrationRow.updated_at >= since, RegistrationRow.created_at >= since)
                )
                .order_by(RegistrationRow.updated_at.desc())
                .limit(limit)
            ).all()
        return [DeskEntry(summary_of(r), int(r[-2]), int(r[-1])) for r in rows]

    def count_registrations(self, status: str | None = None) -> int:
        from sqlalchemy import func

        query = select(func.count()).select_from(RegistrationRow)
        if status:
            query = query.where(RegistrationRow.status == status)
        with self._read() as session:
            return int(session.scalar(query) or 0)

    def iter_registrations(self, batch: int = 500) -> Iterator[Registration]:
        """Every stored registration (drafts too), oldest first, opened batch by batch."""
        last = 0
        while True:
            with self._read() as session:
                rows = session.execute(
                    select(
                        RegistrationRow.num,
                        RegistrationRow.id,
                        RegistrationRow.sealed,
                        RegistrationRow.status,
                        RegistrationRow.updated_at,
                    )
                    .where(RegistrationRow.num > last)
                    .order_by(RegistrationRow.num)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield codec.open_row(self.keys, row.id, row.sealed, row.status, row.updated_at)
            last = rows[-1].num

    def history(self, reg_id: str) -> list[VersionInfo]:
        with self._read() as session:
            rows = session.scalars(
                select(RegistrationVersion)
                .where(RegistrationVersion.registration_id == reg_id)
                .order_by(RegistrationVersion.version)
            ).all()
        return [
            VersionInfo(
                version=r.version,
                content_hash=r.content_hash,
                reason=codec.open_text(self.keys, r.reason_sealed, f"{reg_id}:{r.version}"),
                staff_id=r.staff_id,
                created_at=r.created_at,
            )
            for r in rows
        ]

    def version_content(self, reg_id: str, version: int) -> dict[str, Any]:
        """The ``content()`` dict of a submitted version, exactly as hashed and pushed."""
        with self._read() as session:
            sealed = session.scalar(
                select(RegistrationVersion.sealed).where(
                    RegistrationVersion.registration_id == reg_id,
                    RegistrationVersion.version == version,
                )
            )
        if sealed is None:
            raise UserFacingError("store.version.not_found", version=version)
        return codec.open_content(self.keys, reg_id, version, sealed)

    def version_contents(
        self, pairs: list[tuple[str, int]]
    ) -> dict[tuple[str, int], dict[str, Any] | Exception]:
        """:meth:`version_content` of many versions in one query (a sync batch).

        A version that is missing or cannot be opened maps to its exception instead of failing
        the others: the caller sets that one aside and sends the rest.
        """
        out: dict[tuple[str, int], dict[str, Any] | Exception] = {}
        for pair, text in self.version_texts(pairs).items():
            try:
                out[pair] = text if isinstance(text, Exception) else json.loads(text)
            except ValueError as exc:  # damaged plaintext: this one only
                out[pair] = exc
        return out

    def version_texts(
        self, pairs: list[tuple[str, int]]
    ) -> dict[tuple[str, int], bytes | Exception]:
        """The versions' contents as stored: the canonical JSON bytes whose SHA-256 is the
        version's hash (the sync pushes and checks them without writing the JSON again).

        A version that is missing or cannot be opened maps to its exception, as in
        :meth:`version_contents`.
        """
        found: dict[tuple[str, int], bytes] = {}
        wanted = set(pairs)
        with self._read() as session:
            for start in range(0, len(pairs), 500):  # bound the size of one IN list
                chunk = pairs[start : start + 500]
                # by the key's first column, then the exact pairs here: SQLite scans the whole
                # table for a row-value IN ((id, version), ...), once per push batch
                rows = session.execute(
                    select(
                        RegistrationVersion.registration_id,
                        RegistrationVersion.version,
                        RegistrationVersion.sealed,
                    ).where(
                        RegistrationVersion.registration_id.in_(sorted({r for r, _ in chunk})),
                        RegistrationVersion.version.in_(sorted({v for _, v in chunk})),
                    )
                ).all()
                found.update({(r, v): sealed for r, v, sealed in rows if (r, v) in wanted})
        out: dict[tuple[str, int], bytes | Exception] = {}
        for reg_id, version in pairs:
            sealed = found.get((reg_id, version))
            if sealed is None:
                out[(reg_id, version)] = UserFacingError("store.version.not_found", version=version)
                continue
            try:
                out[(reg_id, version)] = codec.open_text_of(self.keys, reg_id, version, sealed)
            except Exception as exc:  # damaged or foreign blob: this one only
                out[(reg_id, version)] = exc
        return out

    # -- audit ------------------------------------------------------------------------------------
    def audit(
        self, actor: str, action: str, target: str, details: dict[str, Any] | None = None
    ) -> None:
        """Append an audit entry. ``details`` must hold no personal data (mask identifiers)."""
        with self._write() as session:
            add_audit(session, actor, action, target, **(details or {}))

    def audit_entries(self, target: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        import json

        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if target is not None:
            query = query.where(AuditRow.target == target)
        with self._read() as session:
            rows = session.scalars(query).all()
        return [
            {
                "id": r.id,
                "at": r.at,
                "actor": r.actor,
                "action": r.action,
                "target": r.target,
                "details": json.loads(r.details),
            }
            for r in rows
        ]

    # -- document pages ---------------------------------------------------------------------------
    def referenced_page_hashes(self) -> set[str]:
        """Pages the kiosk must keep: those of the current documents (drafts included) and those
        of every stored version (an older version may still have to be pushed)."""
        with self._read() as session:
            current = set(session.scalars(select(DocumentPageRow.sha256).distinct()))
            return current | set(session.scalars(select(VersionPageRow.sha256).distinct()))

    def flag_page(self, sha256: str, state: str) -> int:
        """Set the sweep's ``state`` on every reference to ``sha256``; returns how many."""
        with self._write() as session:
            result = session.execute(
                update(DocumentPageRow).where(DocumentPageRow.sha256 == sha256).values(state=state)
            )
            assert isinstance(result, CursorResult)  # an UPDATE's result: it has a rowcount
            return int(result.rowcount or 0)

    def page_states(self, reg_id: str) -> list[tuple[str, int, str, str]]:
        with self._read() as session:
            rows = session.execute(
                select(
                    DocumentPageRow.document_id,
                    DocumentPageRow.page_no,
                    DocumentPageRow.sha256,
                    DocumentPageRow.state,
                )
                .where(DocumentPageRow.registration_id == reg_id)
                .order_by(DocumentPageRow.document_id, DocumentPageRow.page_no)
            ).all()
        return [(r.document_id, r.page_no, r.sha256, r.state) for r in rows]

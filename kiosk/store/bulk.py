"""Many submissions at once: demo data, benchmarks, large imports.

Same rows as :meth:`Store.submit` (registration, version, outbox, audit, document pages, name
terms), but written with executemany in transactions of ``batch`` registrations: one fsync per
batch instead of one per registration. A batch is all-or-nothing. Numbers are reserved per batch
from the day's counter in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import insert
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration, Status, utcnow
from kiosk.store import codec
from kiosk.store.audit_chain import append_many
from kiosk.store.core import StoreCore
from kiosk.store.identifiers import blind_indexes, masked_nik
from kiosk.store.journal import add_name_terms, version_page_rows
from kiosk.store.models import (
    DocumentPageRow,
    OutboxRow,
    RegistrationRow,
    RegistrationVersion,
    VersionPageRow,
)
from kiosk.store.numbering import reserve_reg_nos
from kiosk.store.rows import open_session_id
from kiosk.store.writes import content_of, own_id, prepare


def _batches(items: Iterable[Registration], size: int) -> Iterator[list[Registration]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class BulkMixin(StoreCore):
    """``Store.bulk_submit``."""

    def bulk_submit(
        self,
        regs: Iterable[Registration],
        *,
        staff_id: str,
        validate: bool = True,
        batch: int = 2000,
        action: str = "registration.submitted",
        stamp_session: bool = False,
    ) -> list[str]:
        """Submit many registrations; returns their registration numbers.

        ``stamp_session``: they carry the open intake session, as the desk's submissions do
        (``kiosk demo-data`` while a session is open); imports and benches leave it off.

        ``validate=False`` skips normalisation and validation, and fills in the given objects
        (number, status) instead of copies: only for generated data known to be valid (the demo
        generator, whose output the tests validate), where 100,000 copies would cost seconds.
        """
        refs = self._reference() if validate else None
        numbers: list[str] = []
        for chunk in _batches(regs, batch):
            for reg in chunk:  # new registrations: IDs made by this kiosk's key (store.writes)
                own_id(self.keys, reg)
            ready = [prepare(r, "submit", refs) for r in chunk] if validate else chunk
            with self._write() as session:
                stamp = open_session_id(session) if stamp_session else ""
                numbers += self._write_batch(session, ready, staff_id, action, stamp)
        return numbers

    def _write_batch(
        self, session: Session, regs: list[Registration], staff_id: str, action: str,
        session_id: str = "",
    ) -> list[str]:  # fmt: skip
        now = utcnow()
        reg_rows, versions, outbox, pages, names = [], [], [], [], []
        audit: list[tuple[dt.datetime, str, str, str, str]] = []
        version_pages: list[dict[str, object]] = []
        fresh = iter(reserve_reg_nos(session, sum(1 for r in regs if not r.reg_no)))
        for reg in regs:
            reg.reg_no = reg.reg_no or next(fresh)
            reg.status, reg.verdict_reason = Status.SUBMITTED, ""
            reg.version = max(reg.version, 1)
            reg.updated_at = now
            data, raw = codec.encode(reg)
            content, content_hash = content_of(data)
            indexes = blind_indexes(self.keys, reg)
            reg_rows.append(
                dict(
                    id=reg.id,
                    reg_no=reg.reg_no,
                    status=Status.SUBMITTED.value,
                    version=reg.version,
                    submitted_version=reg.version,
                    business_name=reg.business.name,
                    owner_name=reg.owner.full_name,
                    nik_masked=masked_nik(reg.owner.nik),
                    nik_bidx=indexes["nik"],
                    nib_bidx=indexes["nib"],
                    npwp_bidx=indexes["npwp"],
                    phone_bidx=indexes["phone"],
                    content_hash=content_hash,
                    sealed=codec.seal_registration(self.keys, reg, raw),
                    draft_step="",
                    staff_id=staff_id,
                    session_id=session_id,
                    created_at=reg.created_at,
                    updated_at=now,
                )
            )
            versions.append(
                dict(
                    registration_id=reg.id,
                    version=reg.version,
                    content_hash=content_hash,
                    sealed=codec.seal_content(self.keys, reg.id, reg.version, content),
                    reason_sealed=None,
                    staff_id=staff_id,
                    created_at=now,
                )
            )
            outbox.append(
                dict(
                    registration_id=reg.id,
                    version=reg.version,
                    content_hash=content_hash,
                    state="pending",
                    attempts=0,
                    error_code="",
                    last_error="",
                    created_at=now,
                    updated_at=now,
                    sent_at=None,
                )
            )
            audit.append(
                (
                    now,
                    staff_id,
                    action,
                    reg.id,
                    json.dumps({"reg_no": reg.reg_no, "version": reg.version}, sort_keys=True),
                )
            )
            for document in reg.documents:
                for page_no, page in enumerate(document.pages, start=1):
                    if page.sha256:
                        pages.append(
                            dict(
                                registration_id=reg.id,
                                document_id=document.id,
                                page_no=page_no,
                                sha256=page.sha256,
                                state="stored",
                            )
                        )
            version_pages += version_page_rows(reg)
            names += [reg.business.name, reg.owner.full_name]
        session.execute(insert(RegistrationRow), reg_rows)
        session.execute(insert(RegistrationVersion), versions)
        session.execute(insert(OutboxRow), outbox)
        append_many(session.connection(), audit)
        if pages:
            session.execute(insert(DocumentPageRow), pages)
        if version_pages:
            session.execute(insert(VersionPageRow), version_pages)
        add_name_terms(session, *names)
        return [str(r["reg_no"]) for r in reg_rows]

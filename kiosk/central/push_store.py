"""Reading and writing one pushed batch: the database side of :mod:`kiosk.central.push`.

:class:`BatchStore` does it with SQLAlchemy Core (any backend; SQLite uses it). On PostgreSQL,
:class:`PgBatchStore` does the same work in a handful of statements on the session's own psycopg
connection (same transaction): every column travels as one array and ``unnest`` turns the arrays
into rows, so a 100-item batch is one ``INSERT … SELECT`` per table instead of 100 statements
(psycopg's ``executemany`` sends one statement per row, and SQLAlchemy's insertmanyvalues spends
milliseconds compiling parameters). Profiled: this was half of a push's time.

Errors from the raw connection are re-raised as SQLAlchemy's (``IntegrityError`` for the race
fallback in :mod:`kiosk.central.push`, ``OperationalError`` for the 503 handler), without
parameters: a traceback must never carry a NIK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kiosk.central import signed_pushes
from kiosk.central.checks import CheckedItem
from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    Identifier,
    Kiosk,
    PageRef,
    StoredPage,
    Tombstone,
)

Owners = dict[str, list]  # registration id → [owner kiosk id, current version]
Held = dict[tuple[str, int], str]  # (registration id, version) → stored content hash


@dataclass
class WritePlan:
    new_regs: list[CheckedItem] = field(default_factory=list)  # first version of a registration
    versions: list[CheckedItem] = field(default_factory=list)
    conflicts: list[CheckedItem] = field(default_factory=list)
    newest: dict[str, CheckedItem] = field(default_factory=dict)  # rid → its newest new version
    signed_push: dict[str, Any] | None = None  # the push's tree to keep (signed_pushes.row)

    def written(self) -> list[CheckedItem]:
        """The items this plan writes a version or a conflict of."""
        return self.versions + self.conflicts


class BatchStore:
    """SQLAlchemy Core implementation (any backend)."""

    def __init__(
        self, session: Session, kiosk_id: str, now: dt.datetime, signing_key_id: str | None = None
    ) -> None:
        self.session, self.kiosk_id, self.now = session, kiosk_id, now
        self.signing_key_id = signing_key_id  # of the key the versions' signatures verify with

    def load(self, ids: list[str]) -> tuple[Owners, Held]:
        R, V = CentralRegistration, CentralVersion
        query = select(R.id, R.kiosk_id, R.current_version).where(R.id.in_(ids))
        owners = {rid: [kiosk, current] for rid, kiosk, current in self.session.execute(query)}
        versions = select(V.registration_id, V.version, V.content_hash).where(
            V.registration_id.in_(ids)
        )
        held = {(rid, version): digest for rid, version, digest in self.session.execute(versions)}
        return owners, held

    def read(self, ids: list[str]) -> tuple[Owners, Held, set[str]]:
        """What the batch is decided from: :meth:`load` and :meth:`erased` together."""
        owners, held = self.load(ids)
        return owners, held, self.erased(ids)

    def erased(self, ids: list[str]) -> set[str]:
        """The ids among ``ids`` that were erased (tombstoned): never stored again."""
        T = Tombstone
        query = select(T.registration_id).where(T.registration_id.in_(ids))
        return set(self.session.scalars(query))

    def conflicts(self, ids: list[str]) -> set[tuple[str, int, str]]:
        C = Conflict
        query = select(C.registration_id, C.version, C.content_hash).where(
            C.registration_id.in_(ids)
        )
        return {(rid, version, digest) for rid, version, digest in self.session.execute(query)}

    def write(self, plan: WritePlan) -> None:
        session, now = self.session, self.now
        if plan.signed_push is not None:
            session.execute(text(signed_pushes.KEEP), plan.signed_push)
        if plan.new_regs:
            regs = [self._reg_row(c) for c in new_registrations(plan)]
            session.execute(insert(CentralRegistration), regs)
        refs: list[dict] = []
        for model, items, key in (
            (CentralVersion, plan.versions, "version_id"),
            (Conflict, plan.conflicts, "conflict_id"),
        ):
            if not items:
                continue
            rows = [self._version_row(c, conflict=model is Conflict) for c in items]
            statement = insert(model).returning(model.id, sort_by_parameter_order=True)
            new_ids = session.execute(statement, rows).scalars().all()
            refs += [
                {"kiosk_id": self.kiosk_id, "sha256": h, "version_id": None, "conflict_id": None}
                | {key: row_id}
                for c, row_id in zip(items, new_ids, strict=True)
                for h in c.pages
            ]
        if refs:
            session.execute(insert(PageRef), refs)
        created = {c.item.registration_id for c in plan.new_regs}
        for rid, c in plan.newest.items():
            if rid not in created:
                R = CentralRegistration
                session.execute(
                    update(R)
                    .where(R.id == rid, R.current_version < c.item.version)
                    .values(**_correction(c, now))
                )
        replaced = [rid for rid in plan.newest if rid not in created]
        if replaced:
            session.execute(delete(Identifier).where(Identifier.registration_id.in_(replaced)))
        idents = _identifier_rows(plan)
        if idents:
            session.execute(insert(Identifier), idents)

    def finish(self, hashes: list[str]) -> list[str]:
        """Mark the kiosk's push time; return the hashes (sorted) the central has no page for."""
        self.session.execute(
            update(Kiosk).where(Kiosk.id == self.kiosk_id).values(last_push_at=self.now)
        )
        have: set[str] = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            query = select(StoredPage.sha256).where(StoredPage.sha256.in_(chunk))
            have |= set(self.session.scalars(query))
        return [h for h in hashes if h not in have]

    def _reg_row(self, c: CheckedItem) -> dict:
        return {
            "id": c.item.registration_id,
            "kiosk_id": self.kiosk_id,
            "reg_no": c.item.reg_no,
            "current_version": c.item.version,
            "status": "submitted",
            "verdict_reason": "",
            "created_at": self.now,
            "updated_at": self.now,
        }

    def _version_row(self, c: CheckedItem, *, conflict: bool) -> dict:
        row = {
            "registration_id": c.item.registration_id,
            "version": c.item.version,
            "content_hash": c.item.content_hash,
            "content": c.canonical,
            "kiosk_id": self.kiosk_id,
            "received_at": self.now,
            "signature": c.signature,
            "signature_index": c.signature_index,
            "signing_key_id": self.signing_key_id,
        }
        return row | ({"resolution": ""} if conflict else {"kiosk_status": c.item.status})


def _correction(c: CheckedItem, now: dt.datetime) -> dict:
    # a correction goes back to review; the verdict history stays in central_events
    return {
        "current_version": c.item.version,
        "reg_no": c.item.reg_no,
        "updated_at": now,
        "status": "submitted",
        "verdict_reason": "",
    }


def new_registrations(plan: WritePlan) -> list[CheckedItem]:
    """New registrations, each as its newest version in the batch (v1 and v2 may come together)."""
    return [plan.newest[c.item.registration_id] for c in plan.new_regs]


def _identifier_rows(plan: WritePlan) -> list[dict]:
    return [
        {"registration_id": rid, "kind": kind, "value": value}
        for rid, c in plan.newest.items()
        for kind, value in c.identifiers.items()
    ]


def store_for(
    session: Session, kiosk_id: str, now: dt.datetime, signing_key_id: str | None = None
) -> BatchStore:
    if session.get_bind().dialect.name == "postgresql":
        from kiosk.central.push_store_pg import PgBatchStore

        return PgBatchStore(session, kiosk_id, now, signing_key_id)
    return BatchStore(session, kiosk_id, now, signing_key_id)


@contextmanager
def sqlalchemy_errors(base: type[Exception]) -> Iterator[None]:
    """Re-raise a raw driver error as SQLAlchemy's matching exception, hiding parameters."""
    try:
        yield
    except base as exc:
        raise DBAPIError.instance(None, None, exc, base, hide_parameters=True) from exc

"""The hot path of a save: the registration row, its version and outbox rows, in plain SQL.

A save runs many times a day with a person waiting. Measured per statement on this VM: ~20 µs
through the driver, ~100-200 µs through SQLAlchemy's Core/ORM execution. A submission runs about
fifteen statements, so they go to the driver (``exec_driver_sql``) on the session's connection,
inside the caller's transaction; the tables and their types stay defined by the ORM models (the
migration test checks they match). Timestamps are written in the format the models' UTCDateTime
reads back (:func:`kiosk.store.journal.db_time`). Reads of the current state select only the few
columns the write needs, never the sealed blob.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration, utcnow
from kiosk.security.keys import KeyRing
from kiosk.store import codec
from kiosk.store.identifiers import blind_indexes, masked_nik
from kiosk.store.journal import add_name_terms, db_time, sync_document_pages, version_page_rows
from kiosk.store.models import RegistrationRow
from kiosk.store.numbering import REG_NO_RE, next_reg_no

NOT_CONTENT = ("status", "verdict_reason", "created_at", "updated_at", "left_for_staff")


def _sql_value(value: Any) -> Any:
    return db_time(value) if isinstance(value, dt.datetime) else value


def insert_row(session: Session, table: str, values: dict[str, Any]) -> None:
    """``INSERT`` of one row; ``table`` and the keys are this module's own identifiers."""
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    session.connection().exec_driver_sql(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 - fixed identifiers
        tuple(_sql_value(v) for v in values.values()),
    )


@dataclass(frozen=True)
class Current:
    """What a write needs to know about the stored registration."""

    num: int
    status: str
    reg_no: str
    created_at: dt.datetime
    submitted_version: int
    content_hash: str


def current_row(session: Session, reg_id: str) -> Current | None:
    """The stored registration's state, or None if it is not stored yet (plain SQL: hot path)."""
    row = (
        session.connection()
        .exec_driver_sql(
            "SELECT num, status, reg_no, created_at, submitted_version, content_hash "
            "FROM registrations WHERE id = ?",
            (reg_id,),
        )
        .first()
    )
    if row is None:
        return None
    created = dt.datetime.fromisoformat(row[3]).replace(tzinfo=dt.UTC)  # stored as naive UTC
    return Current(row[0], row[1], row[2], created, row[4], row[5])


def content_of(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``Registration.content()`` and ``content_hash()`` from an already built ``to_dict()``."""
    import hashlib

    from kiosk.domain.model import canonical_json

    content = {k: v for k, v in data.items() if k not in NOT_CONTENT}
    return content, hashlib.sha256(canonical_json(content)).hexdigest()


def put_registration(
    session: Session,
    keys: KeyRing,
    current: Current | None,
    reg: Registration,
    *,
    staff_id: str,
    step: str,
    submitted_version: int | None,
    known_terms: frozenset[str] | set[str],
    stamp_session: bool = True,
) -> tuple[dict[str, Any], str, set[str]]:
    """Insert or update the registration row, its page references and name terms.

    ``stamp_session``: a registration saved at the desk while an intake session is open carries
    that session from then on (see :func:`stamp_open_session`); an import passes False.

    Fills in ``reg.reg_no`` (new registrations), ``created_at`` and ``updated_at``. Returns the
    registration's ``content()``, its hash and the name words added to the vocabulary.
    """
    now = utcnow()
    if current is None:
        taken = reg.reg_no and session.connection().scalar(
            select(RegistrationRow.num).where(RegistrationRow.reg_no == reg.reg_no)
        )
        if not REG_NO_RE.match(reg.reg_no or "") or taken:
            reg.reg_no = next_reg_no(session)
    else:
        reg.reg_no, reg.created_at = current.reg_no, current.created_at
    reg.updated_at = now
    data, raw = codec.encode(reg)
    content, content_hash = content_of(data)
    indexes = blind_indexes(keys, reg)
    values: dict[str, Any] = dict(
        reg_no=reg.reg_no,
        status=str(reg.status),
        version=reg.version,
        business_name=reg.business.name,
        owner_name=reg.owner.full_name,
        nik_masked=masked_nik(reg.owner.nik),
        nik_bidx=indexes["nik"],
        nib_bidx=indexes["nib"],
        npwp_bidx=indexes["npwp"],
        phone_bidx=indexes["phone"],
        content_hash=content_hash,
        sealed=codec.seal_registration(keys, reg, raw),
        draft_step=step,
        staff_id=staff_id,
        updated_at=now,
    )
    if submitted_version is not None:
        values["submitted_version"] = submitted_version
    if current is None:
        values.setdefault("submitted_version", 0)
        insert_row(session, "registrations", {"id": reg.id, "created_at": reg.created_at, **values})
    else:
        assignments = ", ".join(f"{column} = ?" for column in values)
        session.connection().exec_driver_sql(
            f"UPDATE registrations SET {assignments} WHERE num = ?",  # noqa: S608 - own columns
            (*(_sql_value(v) for v in values.values()), current.num),
        )
    if stamp_session:
        stamp_open_session(session, reg.id)
    sync_document_pages(session, reg)
    added = add_name_terms(session, reg.business.name, reg.owner.full_name, known=known_terms)
    return content, content_hash, added


def stamp_open_session(session: Session, reg_id: str) -> None:
    """Give the registration the open intake session's id, unless it already carries one.

    A registration belongs to the session during which it was first saved at the desk (typed, or a
    district list's draft completed there): it never moves to a later session, and one saved when
    no session is open carries none (``""``). One statement, no Python round trip.
    """
    from sqlalchemy.exc import OperationalError

    try:
        session.connection().exec_driver_sql(
            "UPDATE registrations SET session_id = COALESCE((SELECT id FROM intake_sessions "
            "WHERE closed_at IS NULL ORDER BY opened_at DESC LIMIT 1), '') "
            "WHERE id = ? AND session_id = ''",
            (reg_id,),
        )
    except OperationalError as exc:  # a store opened below 0007 (``migrate_to``: the tests)
        if "no such" not in str(exc):
            raise


def open_session_id(session: Session) -> str:
    """The open intake session's id (``""`` when none is open): what :func:`stamp_open_session`
    gives one registration, for writers that insert many rows at once (``Store.bulk_submit``)."""
    from sqlalchemy.exc import OperationalError

    try:
        found = (
            session.connection()
            .exec_driver_sql(
                "SELECT id FROM intake_sessions WHERE closed_at IS NULL "
                "ORDER BY opened_at DESC LIMIT 1"
            )
            .scalar()
        )
    except OperationalError as exc:  # a store opened below 0007 (``migrate_to``: the tests)
        if "no such" not in str(exc):
            raise
        return ""
    return str(found or "")


def add_version(
    session: Session,
    keys: KeyRing,
    reg: Registration,
    content: dict[str, Any],
    content_hash: str,
    *,
    reason: str,
    staff_id: str,
) -> None:
    """The immutable version row, its page list and its outbox row."""
    aad = f"{reg.id}:{reg.version}"
    insert_row(
        session,
        "registration_versions",
        {
            "registration_id": reg.id,
            "version": reg.version,
            "content_hash": content_hash,
            "sealed": codec.seal_content(keys, reg.id, reg.version, content),
            "reason_sealed": codec.seal_text(keys, reason, aad),
            "staff_id": staff_id,
            "created_at": reg.updated_at,
        },
    )
    pages = version_page_rows(reg)
    if pages:
        session.connection().exec_driver_sql(
            "INSERT INTO version_pages (registration_id, version, sha256) VALUES (?, ?, ?)",
            [(p["registration_id"], p["version"], p["sha256"]) for p in pages],
        )
    insert_row(
        session,
        "outbox",
        {
            "registration_id": reg.id,
            "version": reg.version,
            "content_hash": content_hash,
            "state": "pending",
            "attempts": 0,
            "error_code": "",
            "last_error": "",
            "created_at": reg.updated_at,
            "updated_at": reg.updated_at,
        },
    )

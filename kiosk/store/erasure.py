"""Erasing one registration from this kiosk for good (a data-subject request, consent withdrawn).

Unlike retention (:mod:`kiosk.store.retention`, which keeps a redacted record), an erasure removes
every row that holds the registration: the registration and its search entry, every version and
its sealed content, the outbox, page references, receipt prints, receipts waiting to be sent, the
sync ledger, page-upload queue and retention marks, and name words no other registration uses. In
their place one tombstone (``erasures``: id, number, the request, where it came from) so that:

- the number is never handed out again and staff can see it was erased, not lost;
- a restored backup that brings the registration back is erased again by the same request (the
  central re-sends it, or refuses the push with ``push.erased``);
- the confirmation (or the desk's withdrawal) is sent to the central until it is acknowledged.

The subject's drafts on this kiosk (the same NIK, never a name) go in the same transaction, each
with its own tombstone and ``registration.draft_erased`` audit entry
(:mod:`kiosk.store.erasure_drafts`).

All in one transaction with a ``registration.erased`` audit entry (id and number, never the
person). The page images are deleted from the vault by the caller *after* the commit
(:attr:`Erased.pages`: those no remaining registration refers to), so a rollback loses no file;
a receipt PDF kept to send later (field mode) is deleted here, after the commit, likewise.
Erasing twice is harmless: the second finds nothing and keeps the first tombstone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.orm import Session

from kiosk.domain.model import utcnow
from kiosk.store import erasure_drafts as drafts
from kiosk.store.journal import add_audit, terms
from kiosk.store.retention import _prune_name_terms
from kiosk.store.trust_tables import ERASURES

if TYPE_CHECKING:
    from kiosk.store import Store

#: (table, column naming the registration) in delete order (children first)
_ROWS = (
    ("outbox", "registration_id"),
    ("version_pages", "registration_id"),
    ("registration_versions", "registration_id"),
    ("document_pages", "registration_id"),
    ("receipt_prints", "registration_id"),
    ("receipts_to_send", "registration_id"),
    ("sync_ledger", "registration_id"),
    ("sync_pages", "registration_id"),
    ("sync_retention", "registration_id"),
    ("registrations", "id"),
)


@dataclass
class Erased:
    registration_id: str
    held: bool  # the kiosk had a copy
    pages: list[str] = field(default_factory=list)  # vault files to delete after the commit
    drafts: list[str] = field(default_factory=list)  # the subject's drafts erased with it


def erase(
    store: Store, reg_id: str, reg_no: str, request_id: str, origin: str, actor: str
) -> Erased:
    """Remove the registration and everything about it, and the subject's drafts
    (:mod:`kiosk.store.erasure_drafts`); leave tombstones (see module doc)."""
    with store.session() as session:
        conn = session.connection()
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        indexes, unclear = drafts.subject_indexes(conn, store.keys, reg_id, origin)
        found = drafts.drafts_of(conn, indexes, reg_id)
        row, shas, saved_pdfs = _remove(conn, tables, reg_id)
        words = set(terms(row[1])) | set(terms(row[2])) if row is not None else set()
        taken = _take_drafts(session, tables, found, request_id, origin, actor, reg_id)
        shas |= taken.shas
        saved_pdfs += taken.pdfs
        removed_words = _prune_name_terms(session, words | taken.words)
        free = _unreferenced(conn, shas)
        known = session.execute(
            select(ERASURES.c.registration_id).where(ERASURES.c.registration_id == reg_id)
        ).first()
        number = (row[0] if row is not None else "") or reg_no
        if known is None:
            _tombstone(session, reg_id, number, request_id, origin, held=row is not None)
        elif row is not None:  # a copy came back (restored backup): confirm again
            session.execute(
                update(ERASURES)
                .where(ERASURES.c.registration_id == reg_id)
                .values(held=True, reported_at=None)
            )
        if row is not None or known is None:
            more: dict[str, object] = {"drafts": len(found)} if found else {}
            if unclear:
                more["drafts_unmatched"] = "several_niks"
            add_audit(session, actor, "registration.erased", reg_id, reg_no=number,
                      request=request_id, origin=origin, held=row is not None,
                      **more)  # fmt: skip
    store._known_terms = store._known_terms - removed_words
    _remove_saved_receipts(store, saved_pdfs)
    return Erased(reg_id, row is not None, free, [d for d, _ in found])


def erase_drafts(store: Store, nik: str, request_id: str, actor: str = "central") -> Erased:
    """Only the drafts whose owner has this NIK (the central's ``subject_drafts`` event: this
    kiosk may hold none of the person's registrations); ``registration_id`` stays empty."""
    index = drafts.nik_index(store.keys, nik)
    with store.session() as session:
        conn = session.connection()
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
        found = drafts.drafts_of(conn, {index} if index else set(), "")
        taken = _take_drafts(session, tables, found, request_id, "central", actor, "")
        removed_words = _prune_name_terms(session, taken.words)
        free = _unreferenced(conn, taken.shas)
    store._known_terms = store._known_terms - removed_words
    _remove_saved_receipts(store, taken.pdfs)
    return Erased("", bool(found), free, [d for d, _ in found])


@dataclass
class _Taken:
    shas: set[str] = field(default_factory=set)
    pdfs: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)


def _take_drafts(
    session: Session,
    tables: set[str],
    found: list[tuple[str, str]],
    request_id: str,
    origin: str,
    actor: str,
    with_registration: str,
) -> _Taken:
    """Remove each draft found, leave its tombstone and audit entry (ids and numbers only)."""
    conn = session.connection()
    taken = _Taken()
    for draft_id, draft_no in found:
        gone, shas, pdfs = _remove(conn, tables, draft_id)
        taken.shas |= shas
        taken.pdfs += pdfs
        if gone is not None:
            taken.words |= set(terms(gone[1])) | set(terms(gone[2]))
        _tombstone(session, draft_id, draft_no, request_id, drafts.ORIGIN, held=True)
        add_audit(session, actor, "registration.draft_erased", draft_id, reg_no=draft_no,
                  request=request_id, origin=origin,
                  with_registration=with_registration)  # fmt: skip
    session.flush()
    return taken


def _unreferenced(conn: Connection, shas: set[str]) -> list[str]:
    """The page hashes no remaining registration or version refers to (files to delete)."""
    return [
        sha
        for sha in sorted(shas)
        if conn.exec_driver_sql(
            "SELECT 1 FROM document_pages WHERE sha256 = ? UNION ALL "
            "SELECT 1 FROM version_pages WHERE sha256 = ? LIMIT 1",
            (sha, sha),
        ).first()
        is None
    ]


def _remove(
    conn: Connection, tables: set[str], reg_id: str
) -> tuple[tuple[str, str, str] | None, set[str], list[str]]:
    """Delete every row about one registration; returns its (number, business name, owner name)
    row as it was, its page hashes and the saved receipt PDFs to delete after the commit."""
    found = conn.exec_driver_sql(
        "SELECT reg_no, business_name, owner_name FROM registrations WHERE id = ?", (reg_id,)
    ).first()
    row = None if found is None else (str(found[0]), str(found[1] or ""), str(found[2] or ""))
    shas = {
        str(r[0])
        for table in ("document_pages", "version_pages")
        for r in conn.exec_driver_sql(
            f"SELECT sha256 FROM {table} WHERE registration_id = ?",  # noqa: S608 - constants
            (reg_id,),
        )
    }
    saved_pdfs = (
        [
            str(r[0])
            for r in conn.exec_driver_sql(
                "SELECT pdf_path FROM receipts_to_send WHERE registration_id = ?", (reg_id,)
            )
        ]
        if "receipts_to_send" in tables
        else []
    )
    seqs = [
        (str(r[0]),)
        for r in conn.exec_driver_sql("SELECT seq FROM outbox WHERE registration_id = ?", (reg_id,))
    ]
    if seqs and "sync_problems" in tables:  # a set-aside row's warning goes with it
        conn.exec_driver_sql("DELETE FROM sync_problems WHERE kind = 'item' AND key = ?", seqs)
    for table, column in _ROWS:
        if table in tables:
            delete = f"DELETE FROM {table} WHERE {column} = ?"  # noqa: S608 - constants (_ROWS)
            conn.exec_driver_sql(delete, (reg_id,))
    return row, shas, saved_pdfs


def _tombstone(
    session: Session, reg_id: str, reg_no: str, request_id: str, origin: str, *, held: bool
) -> None:
    session.execute(
        insert(ERASURES)
        .prefix_with("OR IGNORE")  # a draft's tombstone from an earlier erasure stays as it was
        .values(
            registration_id=reg_id, reg_no=reg_no, request_id=request_id, origin=origin,
            held=held, erased_at=utcnow().isoformat(), reported_at=None,
        )
    )  # fmt: skip


def _remove_saved_receipts(store: Store, paths: list[str]) -> None:
    """Receipt PDFs kept to send later (field mode) name the owner: delete them after the commit,
    only inside the data folder (a path elsewhere is not the kiosk's to delete)."""
    root = Path(store.paths.root).resolve()
    for text in paths:
        path = Path(text).resolve()
        if path.is_relative_to(root):
            path.unlink(missing_ok=True)


def scrub(store: Store) -> None:
    """After erasures: merge the search index (FTS5 keeps deleted words in older segments until
    then) and checkpoint the WAL into the database file, truncating it, so the erased words are
    in neither file any more (``secure_delete`` zeroes the freed cells)."""
    store.optimize_search_index()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def unreported(store: Store) -> list[dict[str, object]]:
    """Tombstones the central has not acknowledged yet, oldest first."""
    with store.session(write=False) as session:
        rows = session.execute(
            select(ERASURES).where(ERASURES.c.reported_at.is_(None)).order_by(ERASURES.c.erased_at)
        ).mappings()
        return [dict(r) for r in rows]


def mark_reported(store: Store, registration_ids: list[str]) -> None:
    if not registration_ids:
        return
    with store.session() as session:
        session.execute(
            update(ERASURES)
            .where(ERASURES.c.registration_id.in_(registration_ids))
            .values(reported_at=utcnow().isoformat())
        )


@dataclass(frozen=True)
class Tombstone:
    registration_id: str
    reg_no: str
    origin: str  # central | desk
    erased_at: dt.datetime


def tombstone_of(store: Store, reg_no: str) -> Tombstone | None:
    """The tombstone of a registration number erased here (any case), or None."""
    wanted = reg_no.strip().upper()
    if not wanted:
        return None
    with store.session(write=False) as session:
        row = session.execute(
            select(ERASURES).where(func.upper(ERASURES.c.reg_no) == wanted, ERASURES.c.held)
        ).first()
    if row is None:
        return None
    when = dt.datetime.fromisoformat(str(row.erased_at))
    return Tombstone(str(row.registration_id), str(row.reg_no), str(row.origin), when)


def tombstones(store: Store) -> dict[str, str]:
    """registration id → number of every registration erased here."""
    with store.session(write=False) as session:
        rows = session.execute(select(ERASURES.c.registration_id, ERASURES.c.reg_no))
        return {str(a): str(b) for a, b in rows}

"""Applying a pushed batch: idempotent per (registration id, version, content hash).

- Same (id, version, hash) again → ``unchanged``; nothing is written.
- Same (id, version), another hash → ``conflict``: the pushed content is kept in
  ``central_conflicts`` for a supervisor; the stored version stays as it is.
- A registration id owned by another kiosk → ``invalid`` / ``push.forbidden`` (nothing about the
  other registration is echoed).
- Everything else → ``stored``. The batch commits before the answer is built, so the kiosk may
  mark a row sent as soon as it reads ``stored``/``unchanged``.

Speed: a batch is decided with a few set-based reads and written with executemany inserts (the
fast path). When a concurrent push of the same registration (another process, or a retry while the
first request is still running) hits a unique constraint, the batch is rolled back and re-applied
item by item, each in its own savepoint and re-read, so the race settles into ``unchanged`` or
``conflict`` exactly as if the requests had come one after the other.

Duplicate flags are computed after the commit (:mod:`kiosk.central.duplicates`): by then every
concurrent push that committed earlier is visible, so two kiosks registering the same NIK at the
same moment are still flagged by whichever of them commits last.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central import duplicates
from kiosk.central.checks import CheckedItem, ItemInvalid, check_item
from kiosk.central.db import session_scope
from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    Identifier,
    Kiosk,
    PageRef,
    StoredPage,
    utcnow,
)
from kiosk.sync import protocol as p

log = logging.getLogger(__name__)


@dataclass
class _Decision:
    checked: CheckedItem
    outcome: str
    stored_hash: str | None = None
    error: p.ErrorBody | None = None


def push(factory: sessionmaker[Session], kiosk_id: str, items: list[p.PushItem]) -> p.PushResponse:
    decisions: dict[int, _Decision] = {}
    checked: list[CheckedItem] = []
    for index, item in enumerate(items):
        try:
            checked.append(check_item(index, item))
        except ItemInvalid as exc:
            stub = CheckedItem(index, item, "", [])
            decisions[index] = _Decision(
                stub, "invalid", None, p.ErrorBody(code=exc.code, message=exc.message)
            )
    try:
        with session_scope(factory) as session:
            applied = _apply(session, kiosk_id, checked)
            missing = _finish(session, kiosk_id, applied)
    except IntegrityError:  # a concurrent push of the same registration: settle item by item
        with session_scope(factory) as session:
            applied = []
            for one in checked:
                applied += _apply_one_safely(session, kiosk_id, one)
            missing = _finish(session, kiosk_id, applied)
    decisions.update({d.checked.index: d for d in applied})
    stored = sorted({d.checked.item.registration_id for d in applied if d.outcome == "stored"})
    if stored:
        try:
            duplicates.flag_for(factory, stored)
        except SQLAlchemyError:  # the versions are committed; flags can be rebuilt later
            log.warning("duplicate flagging failed; run `kiosk central duplicates --rescan`")
    results = [_result(decisions[i]) for i in range(len(items))]
    return p.PushResponse(results=results, missing_pages=missing)


def _result(d: _Decision) -> p.PushResult:
    item = d.checked.item
    return p.PushResult(
        seq=item.seq,
        registration_id=item.registration_id,
        version=item.version,
        outcome=d.outcome,  # type: ignore[arg-type]
        content_hash=d.stored_hash,
        error=d.error,
    )


def _apply_one_safely(session: Session, kiosk_id: str, one: CheckedItem) -> list[_Decision]:
    for attempt in range(2):
        try:
            with session.begin_nested():
                return _apply(session, kiosk_id, [one])
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _apply(session: Session, kiosk_id: str, checked: list[CheckedItem]) -> list[_Decision]:
    if not checked:
        return []
    ids = sorted({c.item.registration_id for c in checked})
    R, V, C = CentralRegistration, CentralVersion, Conflict
    owners = {
        r.id: [r.kiosk_id, r.current_version]
        for r in session.execute(select(R.id, R.kiosk_id, R.current_version).where(R.id.in_(ids)))
    }
    held = {
        (r.registration_id, r.version): r.content_hash
        for r in session.execute(
            select(V.registration_id, V.version, V.content_hash).where(V.registration_id.in_(ids))
        )
    }
    known_conflicts = {
        tuple(row)
        for row in session.execute(
            select(C.registration_id, C.version, C.content_hash).where(C.registration_id.in_(ids))
        )
    }
    now = utcnow()
    decisions: list[_Decision] = []
    new_regs: dict[str, dict] = {}
    new_versions: list[CheckedItem] = []
    new_conflicts: list[CheckedItem] = []
    newest: dict[str, CheckedItem] = {}
    for c in checked:
        rid, version, digest = c.item.registration_id, c.item.version, c.item.content_hash
        owner = owners.get(rid)
        if owner is not None and owner[0] != kiosk_id:
            error = p.ErrorBody(
                code=p.PUSH_FORBIDDEN, message="registration belongs to another kiosk"
            )
            decisions.append(_Decision(c, "invalid", None, error))
            continue
        if (rid, version) in held:
            stored_hash = held[(rid, version)]
            if stored_hash == digest:
                decisions.append(_Decision(c, "unchanged", stored_hash))
                continue
            if (rid, version, digest) not in known_conflicts:
                known_conflicts.add((rid, version, digest))
                new_conflicts.append(c)
            decisions.append(_Decision(c, "conflict", stored_hash))
            continue
        if owner is None:
            new_regs[rid] = {
                "id": rid,
                "kiosk_id": kiosk_id,
                "reg_no": c.item.reg_no,
                "current_version": version,
                "status": "submitted",
                "verdict_reason": "",
                "created_at": now,
                "updated_at": now,
            }
            owners[rid] = [kiosk_id, 0]
        if version > owners[rid][1]:
            owners[rid][1] = version
            newest[rid] = c
        held[(rid, version)] = digest
        new_versions.append(c)
        decisions.append(_Decision(c, "stored", digest))
    _write(session, kiosk_id, now, new_regs, new_versions, new_conflicts, newest)
    return decisions


def _write(session, kiosk_id, now, new_regs, new_versions, new_conflicts, newest) -> None:
    if new_regs:
        session.execute(insert(CentralRegistration), list(new_regs.values()))
    refs: list[dict] = []
    if new_versions:
        rows = (
            session.execute(
                insert(CentralVersion).returning(CentralVersion.id, sort_by_parameter_order=True),
                [
                    {
                        "registration_id": c.item.registration_id,
                        "version": c.item.version,
                        "content_hash": c.item.content_hash,
                        "content": c.canonical,
                        "kiosk_status": c.item.status,
                        "kiosk_id": kiosk_id,
                        "received_at": now,
                    }
                    for c in new_versions
                ],
            )
            .scalars()
            .all()
        )
        refs += [
            {"kiosk_id": kiosk_id, "sha256": h, "version_id": vid, "conflict_id": None}
            for c, vid in zip(new_versions, rows, strict=True)
            for h in c.pages
        ]
    if new_conflicts:
        rows = (
            session.execute(
                insert(Conflict).returning(Conflict.id, sort_by_parameter_order=True),
                [
                    {
                        "registration_id": c.item.registration_id,
                        "version": c.item.version,
                        "content_hash": c.item.content_hash,
                        "content": c.canonical,
                        "kiosk_id": kiosk_id,
                        "received_at": now,
                        "resolution": "",
                    }
                    for c in new_conflicts
                ],
            )
            .scalars()
            .all()
        )
        refs += [
            {"kiosk_id": kiosk_id, "sha256": h, "version_id": None, "conflict_id": cid}
            for c, cid in zip(new_conflicts, rows, strict=True)
            for h in c.pages
        ]
    if refs:
        session.execute(insert(PageRef), refs)
    for rid, c in newest.items():
        if rid not in new_regs:
            session.execute(
                update(CentralRegistration)
                .where(
                    CentralRegistration.id == rid,
                    CentralRegistration.current_version < c.item.version,
                )
                .values(
                    current_version=c.item.version,
                    reg_no=c.item.reg_no,
                    updated_at=now,
                    status="submitted",  # a correction goes back to review; the verdict
                    verdict_reason="",  # history stays in central_events
                )
            )
    if newest:
        session.execute(delete(Identifier).where(Identifier.registration_id.in_(list(newest))))
        idents = [
            {"registration_id": rid, "kind": kind, "value": value}
            for rid, c in newest.items()
            for kind, value in c.identifiers.items()
        ]
        if idents:
            session.execute(insert(Identifier), idents)


def _finish(session: Session, kiosk_id: str, applied: list[_Decision]) -> list[str]:
    """Mark the kiosk's push time; list pages of the accepted items the central lacks."""
    session.execute(update(Kiosk).where(Kiosk.id == kiosk_id).values(last_push_at=utcnow()))
    wanted = sorted({h for d in applied if d.outcome != "invalid" for h in d.checked.pages})
    have: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        have |= set(session.scalars(select(StoredPage.sha256).where(StoredPage.sha256.in_(chunk))))
    return [h for h in wanted if h not in have]

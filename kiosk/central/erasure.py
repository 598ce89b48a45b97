"""Erasing a person's registrations at the central, and telling every kiosk that held them.

What goes (one transaction): every version and conflict with its content, the identifiers, the
duplicate flags, the page references, the registration row, the catalogue's record of exported
products, and the pull events that named the registration (a verdict's reason may name the person).
Page envelopes no other registration references are deleted from storage *after* the commit (a
rollback must not lose a file still referenced). What stays: a :class:`Tombstone` with the
registration's id, number and owner kiosk — so a later push of it is refused (``push.erased``) and
the kiosk erases its copy instead, and the number is never given to anyone else — and the audit
trail, which holds no personal data.

The ``erasure`` pull event goes to every kiosk of the owner kiosk's MPP (a kiosk restored from a
copy of another's data folder, or enrolled again under a new identity, holds it too; a kiosk that
holds nothing records the tombstone and says so) and to any kiosk elsewhere that pushed it. Every
kiosk that pushed the registration (its owner, and any kiosk whose conflicting content was kept)
must confirm (``POST /erasures``); a request is complete when the central's part is done and every
such kiosk has confirmed. The same kiosks are told to erase the person's drafts, with the NIK
sealed to each kiosk's key (:mod:`kiosk.central.erasure_drafts`); a draft a kiosk erased is
reported as a withdrawal of its id under the request. Requests, the central's part
and completion are entries in the audit trail with the request's deadline
(:mod:`kiosk.central.subjects` says which deadline and why).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk import protocol as p
from kiosk.central import audit, feed
from kiosk.central.models import (
    CatalogueExportedProduct,
    CentralRegistration,
    CentralVersion,
    Conflict,
    DuplicateFlag,
    ErasureConfirmation,
    Event,
    Identifier,
    Kiosk,
    PageRef,
    StoredPage,
    SubjectRequest,
    Tombstone,
    aware,
    utcnow,
)
from kiosk.central.storage import PageStorage


@dataclass
class ErasureResult:
    registrations: list[str] = field(default_factory=list)  # reg_no of each erased
    kiosks: set[str] = field(default_factory=set)  # kiosk ids that must confirm
    pages: list[str] = field(default_factory=list)  # envelopes to delete after the commit


def erased_among(session: Session, ids: Iterable[str]) -> set[str]:
    """The registration ids in ``ids`` that were erased (tombstoned)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    rows = session.scalars(
        select(Tombstone.registration_id).where(Tombstone.registration_id.in_(wanted))
    )
    return set(rows)


def _holders(session: Session, reg: CentralRegistration) -> set[str]:
    kiosks = {reg.kiosk_id}
    kiosks |= set(
        session.scalars(
            select(CentralVersion.kiosk_id).where(CentralVersion.registration_id == reg.id)
        )
    )
    kiosks |= set(
        session.scalars(select(Conflict.kiosk_id).where(Conflict.registration_id == reg.id))
    )
    return kiosks


def erase_registrations(
    session: Session,
    request: SubjectRequest,
    regs: list[CentralRegistration],
    actor: str,
    nik: str = "",
) -> ErasureResult:
    """Remove everything personal about ``regs`` at the central; tombstone and notify (see the
    module docstring); given the subject's ``nik``, the same kiosks are told to erase the
    subject's drafts (:mod:`kiosk.central.erasure_drafts`). The caller commits, then deletes
    ``result.pages`` with :func:`drop_pages`."""
    result = ErasureResult()
    candidates: set[str] = set()
    homes: set[int] = set()
    for reg in regs:
        holders = _holders(session, reg)
        version_ids = list(
            session.scalars(
                select(CentralVersion.id).where(CentralVersion.registration_id == reg.id)
            )
        )
        conflict_ids = list(
            session.scalars(select(Conflict.id).where(Conflict.registration_id == reg.id))
        )
        refs = or_(PageRef.version_id.in_(version_ids), PageRef.conflict_id.in_(conflict_ids))
        candidates |= set(session.scalars(select(PageRef.sha256).where(refs)))
        session.execute(delete(PageRef).where(refs))
        session.execute(delete(Identifier).where(Identifier.registration_id == reg.id))
        session.execute(
            delete(DuplicateFlag).where(
                or_(DuplicateFlag.registration_a == reg.id, DuplicateFlag.registration_b == reg.id)
            )
        )
        session.execute(delete(Conflict).where(Conflict.registration_id == reg.id))
        session.execute(delete(CentralVersion).where(CentralVersion.registration_id == reg.id))
        session.execute(
            delete(CatalogueExportedProduct).where(
                CatalogueExportedProduct.registration_id == reg.id
            )
        )
        session.execute(
            delete(Event).where(Event.kind == "verdict", Event.payload.contains(f'"{reg.id}"'))
        )
        session.add(
            Tombstone(
                registration_id=reg.id,
                reg_no=reg.reg_no,
                kiosk_id=reg.kiosk_id,
                request_id=request.id,
            )
        )
        reg_no, reg_id, owner_kiosk = reg.reg_no, reg.id, reg.kiosk_id
        session.delete(reg)
        session.flush()
        payload = p.ErasurePayload(
            registration_id=reg_id, reg_no=reg_no, request_id=request.id
        ).model_dump()
        mpps = dict(
            session.execute(select(Kiosk.id, Kiosk.mpp_id).where(Kiosk.id.in_(holders))).all()
        )
        home = mpps.get(owner_kiosk)
        if home is not None:  # every kiosk of the owner's MPP (one restored from a copy too)
            feed.emit(session, "erasure", payload, mpp_id=home)
            homes.add(home)
        for kiosk_id in sorted(holders):
            _expect_confirmation(session, reg_id, kiosk_id, request.id)
            if mpps.get(kiosk_id) != home:
                feed.emit(session, "erasure", payload, kiosk_id=kiosk_id)
        audit.record(
            session, actor, "registration.erased", registration_id=reg_id, target=reg_no,
            details={"request": request.id, "kiosks": len(holders)},
        )  # fmt: skip
        result.registrations.append(reg_no)
        result.kiosks |= holders
    for sha in sorted(candidates):
        still = session.scalar(select(PageRef.id).where(PageRef.sha256 == sha).limit(1))
        if still is None:
            session.execute(delete(StoredPage).where(StoredPage.sha256 == sha))
            result.pages.append(sha)
    if nik and regs:
        from kiosk.central.erasure_drafts import tell_kiosks

        tell_kiosks(session, request.id, nik, homes, result.kiosks)
    request.central_done_at = utcnow()
    audit.record(
        session, actor, f"subject.{request.kind}.central_done", target=request.id,
        details={"registrations": len(regs), "pages": len(result.pages),
                 "kiosks_to_confirm": len(result.kiosks), **deadline_details(request)},
    )  # fmt: skip
    settle(session, request)
    return result


def _expect_confirmation(session: Session, reg_id: str, kiosk_id: str, request_id: str) -> None:
    if session.get(ErasureConfirmation, (reg_id, kiosk_id)) is None:
        session.add(
            ErasureConfirmation(registration_id=reg_id, kiosk_id=kiosk_id, request_id=request_id)
        )


def drop_pages(storage: PageStorage, shas: Iterable[str]) -> int:
    """Delete erased envelopes from storage (after the commit); returns how many were there."""
    return sum(1 for sha in shas if storage.remove(sha))


def deadline_details(request: SubjectRequest) -> dict[str, object]:
    deadline = aware(request.deadline_at)
    return {"deadline": deadline.astimezone(dt.UTC).isoformat(timespec="minutes")}


def confirm(session: Session, kiosk_id: str, items: list[p.ErasureConfirmation]) -> list[str]:
    """Record a kiosk's confirmations; complete the requests that have all of theirs."""
    accepted = []
    for item in items:
        row = session.get(ErasureConfirmation, (item.registration_id, kiosk_id))
        if row is None:  # a kiosk that erased without being asked (a restored copy): note it
            tomb = session.get(Tombstone, item.registration_id)
            if tomb is None:
                continue
            row = ErasureConfirmation(
                registration_id=item.registration_id, kiosk_id=kiosk_id, request_id=tomb.request_id
            )
            session.add(row)
        if row.confirmed_at is None:
            row.confirmed_at, row.held = utcnow(), item.held
        accepted.append(item.registration_id)
        request = session.get(SubjectRequest, row.request_id)
        if request is not None:
            session.flush()
            settle(session, request)
    return accepted


def receive_report(
    factory: sessionmaker[Session], storage: PageStorage, kiosk_id: str, kiosk_code: str,
    report: p.ErasureReport,
) -> list[str]:  # fmt: skip
    """A kiosk's erasure report (``POST /erasures``, or carried in its bundle): withdrawals and
    confirmations in one committed transaction, then the freed envelopes deleted; returns the
    registration ids recorded (what the kiosk marks reported)."""
    from kiosk.central.db import session_scope

    with session_scope(factory) as session:
        accepted, pages = withdraw(session, kiosk_id, kiosk_code, report.withdrawals)
        accepted += confirm(session, kiosk_id, report.confirmations)
    drop_pages(storage, pages)
    return sorted(set(accepted))


def pending_kiosks(session: Session, request_id: str) -> list[str]:
    return sorted(
        session.scalars(
            select(ErasureConfirmation.kiosk_id).where(
                ErasureConfirmation.request_id == request_id,
                ErasureConfirmation.confirmed_at.is_(None),
            )
        ).unique()
    )


def settle(session: Session, request: SubjectRequest) -> None:
    """Mark ``request`` complete (with an audit entry) once nothing is pending."""
    if request.completed_at is not None or request.central_done_at is None:
        return
    if pending_kiosks(session, request.id):
        return
    request.completed_at = utcnow()
    ids = json.loads(request.registration_ids or "[]")
    audit.record(
        session, "central", f"subject.{request.kind}.completed", target=request.id,
        details={"registrations": len(ids), **deadline_details(request),
                 "in_time": request.completed_at <= aware(request.deadline_at)},
    )  # fmt: skip


def withdraw(
    session: Session, kiosk_id: str, kiosk_code: str, items: list[p.ConsentWithdrawal]
) -> tuple[list[str], list[str]]:
    """Consent withdrawn at a kiosk's desk: the same erasure, started by the kiosk (which has
    erased its own copy already). Returns (accepted registration ids, envelopes to delete)."""
    from kiosk.central.subjects import open_request

    accepted: list[str] = []
    pages: list[str] = []
    actor = f"kiosk:{kiosk_code}"
    seen: set[str] = set()
    for item in items:
        if item.registration_id in seen:  # the same registration twice in one report
            continue
        seen.add(item.registration_id)
        if erased_among(session, [item.registration_id]):
            accepted.append(item.registration_id)  # sent again after a lost answer
            continue
        reg = session.get(CentralRegistration, item.registration_id)
        if not _may_withdraw(session, kiosk_id, reg, item.reg_no):
            _refuse_withdrawal(session, item, actor)
            accepted.append(item.registration_id)  # on record for an administrator: stop sending
            continue
        nik = session.scalar(
            select(Identifier.value).where(
                Identifier.registration_id == item.registration_id, Identifier.kind == "nik"
            )
        )
        request = session.get(SubjectRequest, item.request_id) or open_request(
            session, "withdrawal", nik or "", [reg] if reg else [], "persetujuan ditarik di loket",
            actor, request_id=item.request_id,
        )  # fmt: skip
        if reg is not None:
            pages += erase_registrations(session, request, [reg], actor, nik or "").pages
        else:  # never reached the central (or a draft erased with the person's registration):
            # the tombstone keeps it from ever arriving
            session.add(
                Tombstone(registration_id=item.registration_id, reg_no=item.reg_no,
                          kiosk_id=kiosk_id, request_id=request.id)
            )  # fmt: skip
            if request.central_done_at is None:  # a request's draft: its time stays as it was
                request.central_done_at = utcnow()
        session.flush()
        confirm(
            session, kiosk_id,
            [p.ErasureConfirmation(request_id=request.id, registration_id=item.registration_id,
                                   held=True)],
        )  # fmt: skip
        accepted.append(item.registration_id)
    return accepted, pages


def _may_withdraw(
    session: Session, kiosk_id: str, reg: CentralRegistration | None, reg_no: str
) -> bool:
    """A desk withdraws a registration its own MPP made (a person may go back to any desk of the
    hall); one the central does not hold yet only when its number is the kiosk's own. Anything
    else would let one kiosk erase another MPP's registrations by their ids (issue 13.1)."""
    me = session.get(Kiosk, kiosk_id)
    if me is None:
        return False
    if reg is None:
        codes = {me.code.upper(), (me.provisional_code or "").upper()} - {""}
        return p.reg_no_code(reg_no) in codes
    owner = session.get(Kiosk, reg.kiosk_id)
    return owner is not None and owner.mpp_id == me.mpp_id


def _refuse_withdrawal(session: Session, item: p.ConsentWithdrawal, actor: str) -> None:
    """Record a withdrawal the central will not carry out by itself: an open request with its
    deadline, for an administrator to judge (``kiosk central subject list --open``)."""
    from kiosk.central.subjects import open_request

    if session.get(SubjectRequest, item.request_id) is not None:
        return
    request = open_request(
        session, "withdrawal", "", [], "ditolak: bukan pendaftaran MPP kios ini", actor,
        request_id=item.request_id,
    )  # fmt: skip
    request.registration_ids = json.dumps([item.registration_id])
    audit.record(
        session, actor, "subject.withdrawal.refused", registration_id=item.registration_id,
        target=request.id, details={"reg_no": item.reg_no, **deadline_details(request)},
    )  # fmt: skip

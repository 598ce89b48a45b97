"""Erasures on the kiosk's side of sync, and consent withdrawn at the desk (issue 13).

- An ``erasure`` pull event (the central erased a person's data) erases the local copy
  (:func:`kiosk.store.erasure.erase`) and deletes its page images from the vault; a push answered
  ``push.erased`` does the same (the copy came back, e.g. from a restored backup).
- :func:`withdraw_consent`: at the desk, with a supervisor's password, the person withdraws consent
  for a registration: it is erased here at once (processing stops now, not at the next sync) and
  the withdrawal is sent to the central, which starts the same erasure everywhere.
- :func:`report` (each sync round): every tombstone the central has not acknowledged goes with
  ``POST /erasures`` — a confirmation for a central request, a withdrawal for the desk's own — and
  is marked reported only for what the central names in its answer. A lost answer sends it again;
  the central treats a repeat as done.
- The subject's drafts on this kiosk (same NIK) are erased with the registration
  (:mod:`kiosk.store.erasure_drafts`), and by a ``subject_drafts`` pull event, which names the NIK
  sealed to this kiosk (:func:`erase_subject_drafts`; a kiosk that held none of the person's
  registrations learns the NIK only so); each draft is reported as a withdrawal of its id under
  the same request, so the central tombstones the id and records this kiosk's confirmation.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from kiosk.i18n import register
from kiosk.protocol import (
    MAX_ERASURE_ITEMS,
    ConsentWithdrawal,
    ErasureConfirmation,
    ErasureReport,
)
from kiosk.store import erasure as local
from kiosk.store.erasure_drafts import ORIGIN as DRAFT
from kiosk.sync.messages import CentralRefused

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.staff.accounts import StaffUser
    from kiosk.store import Store
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)

register(
    {
        "sync.withdraw.supervisor": {
            "id": "Penarikan persetujuan harus dikonfirmasi oleh supervisor.",
            "en": "Withdrawing consent must be confirmed by a supervisor.",
        }
    }
)


def erase_copy(
    store: Store,
    reg_id: str,
    reg_no: str,
    request_id: str,
    *,
    origin: str = "central",
    actor: str = "central",
    vault: Vault | None = None,
) -> local.Erased:
    """Erase the local copy (rows, then the page files no other registration uses)."""
    done = local.erase(store, reg_id, reg_no, request_id, origin, actor)
    _finish(store, done, vault)
    log.info("registration erased (%s, %d drafts, %d page files)", origin, len(done.drafts),
             len(done.pages))  # fmt: skip
    return done


def erase_subject_drafts(
    store: Store, request_id: str, subject: str, vault: Vault | None = None
) -> local.Erased:
    """The central's ``subject_drafts`` event: open the NIK sealed to this kiosk and erase the
    drafts of that person here (:func:`kiosk.store.erasure.erase_drafts`); the NIK is used for
    the look-up only, never stored or logged."""
    import base64
    import binascii
    import json

    from kiosk.documents import envelope

    try:
        sealed = base64.b64decode(subject, validate=True)
        opened = json.loads(envelope.open_document(sealed, store.keys.document_key))
        nik = str(opened["nik"]) if isinstance(opened, dict) else ""
    except (binascii.Error, ValueError, KeyError, envelope.EnvelopeError) as exc:
        raise ValueError("the subject is not sealed to this kiosk") from exc
    done = local.erase_drafts(store, nik, request_id)
    _finish(store, done, vault)
    log.info("subject's drafts erased (%d drafts, %d page files)", len(done.drafts),
             len(done.pages))  # fmt: skip
    return done


def _finish(store: Store, done: local.Erased, vault: Vault | None) -> None:
    """After an erasure's commit: scrub the database, delete the freed page files."""
    if done.held:
        local.scrub(store)
    if done.pages:
        if vault is None:
            from kiosk.documents.vault import Vault

            vault = Vault(store.paths.documents, store.keys)
        for sha in done.pages:
            if vault.path(sha).exists():  # a page never captured here has no file
                vault.remove(sha)


def withdraw_consent(
    store: Store, reg_id: str, staff: StaffUser, supervisor: StaffUser, vault: Vault | None = None
) -> local.Erased:
    """Consent withdrawn at the desk, confirmed by a supervisor (``supervisor.is_supervisor``)."""
    from kiosk.errors import UserFacingError
    from kiosk.staff import audit

    if not supervisor.is_supervisor:
        raise UserFacingError("sync.withdraw.supervisor")
    reg = store.get(reg_id)
    request_id = str(uuid.uuid4())
    audit.log(
        store, staff.username, "consent.withdrawn", reg_id,
        {"reg_no": reg.reg_no, "request": request_id, "supervisor": supervisor.username,
         "deadline_hours": 72},
    )  # fmt: skip
    return erase_copy(
        store, reg_id, reg.reg_no, request_id, origin="desk", actor=supervisor.username,
        vault=vault,
    )  # fmt: skip


def report(store: Store, client: CentralClient) -> int:
    """Send unacknowledged erasures and withdrawals, at most ``MAX_ERASURE_ITEMS`` rows a
    report (each list of a report is bounded by the protocol); returns how many the central
    recorded. A report that records nothing stops the round (the rest waits for the next)."""
    pending = local.unreported(store)
    recorded = 0
    for start in range(0, len(pending), MAX_ERASURE_ITEMS):
        done = _report_some(store, client, pending[start : start + MAX_ERASURE_ITEMS])
        recorded += done
        if not done:
            break
    return recorded


def pending_reports(store: Store) -> list[ErasureReport]:
    """Every unacknowledged erasure and withdrawal as reports of at most ``MAX_ERASURE_ITEMS``
    rows: what a sync round sends, and what a bundle carries (:mod:`kiosk.bundle.export`)."""
    pending = local.unreported(store)
    return [
        report_body(pending[start : start + MAX_ERASURE_ITEMS])
        for start in range(0, len(pending), MAX_ERASURE_ITEMS)
    ]


def report_body(pending: list[dict[str, object]]) -> ErasureReport:
    return ErasureReport(
        confirmations=[
            ErasureConfirmation(
                request_id=str(r["request_id"]),
                registration_id=str(r["registration_id"]),
                held=bool(r["held"]),
            )
            for r in pending
            if r["origin"] == "central"
        ],
        withdrawals=[
            ConsentWithdrawal(
                request_id=str(r["request_id"]),
                registration_id=str(r["registration_id"]),
                reg_no=str(r["reg_no"]),
            )
            # a draft erased with the subject's registration goes as a withdrawal of its id under
            # the same request (the central never held it): after the desk's own, which opens it
            for r in sorted(pending, key=lambda r: r["origin"] == DRAFT)
            if r["origin"] in ("desk", DRAFT)
        ],
    )


def _report_some(store: Store, client: CentralClient, pending: list[dict[str, object]]) -> int:
    body = report_body(pending)
    try:
        answer = client.erasures(body.model_dump())
    except CentralRefused as exc:
        if exc.status != 404:
            raise
        log.warning("the central does not take erasure reports yet (an older version)")
        return 0
    accepted = [str(a) for a in answer.get("accepted") or []]
    local.mark_reported(store, accepted)
    return len(accepted)

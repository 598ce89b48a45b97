"""A kiosk the central revoked erases what the central already holds and locks itself.

Issue 13.4: an administrator revokes a kiosk that was stolen (or lost, or retired). On its next
contact the central answers 401 ``auth.revoked``; the kiosk then

1. **erases** every registration the central confirmed at its current version with all its pages
   (:meth:`Store.redact`: the number, status and masked identifiers stay so staff can still answer
   "was it sent?"; names, NIK, bank account and documents go) and removes those page files from
   the vault. What the central does *not* hold — registrations still waiting to be sent — is kept:
   the kiosk may be the only place they exist, and a re-enrolment sends them on;
2. **locks itself**: the setting :data:`LOCKED` makes staff log-in refuse with
   ``security.kiosk.locked`` (:func:`kiosk.staff.accounts.authenticate`) until the kiosk is
   enrolled again with a new code from the administrator (:func:`kiosk.sync.enrol.enroll`
   clears it).

Both happen once per revocation and are idempotent (a crash in between repeats a finished
redaction harmlessly); each is recorded in the audit log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.domain.model import Status
from kiosk.staff.lockout import KIOSK_LOCKED as LOCKED

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

log = logging.getLogger(__name__)


def erase_and_lock(store: Store, state: SyncState, vault: Vault) -> int:
    """Erase what the central holds, lock the kiosk; returns how many registrations were erased."""
    if not store.get_setting(LOCKED, False):
        store.set_setting(LOCKED, True)
        store.audit("sync", "kiosk.locked_by_central", "", {"reason": "revoked"})
    erased = 0
    pages: set[str] = set()
    for registration_id in sorted({rid for rid, _, _ in state.ledger()}):
        hashes = _held_by_central(store, state, registration_id)
        if hashes is None:
            continue
        store.redact(registration_id, actor="sync")
        pages |= set(hashes)
        erased += 1
    still_used = store.referenced_page_hashes()
    pending = {sha for sha, _ in state.pages_pending(limit=1_000_000)}
    for sha in sorted(pages - still_used - pending):
        vault.remove(sha)
    if erased:
        store.audit("sync", "kiosk.erased_on_revocation", "", {"registrations": erased})
    return erased


def _held_by_central(store: Store, state: SyncState, registration_id: str) -> list[str] | None:
    """The pages of a registration the central holds in full (current version confirmed, no page
    waiting), or None when the kiosk must keep it."""
    try:
        reg = store.get(registration_id)
    except Exception:  # redacted or gone already
        return None
    if reg.status in (Status.DRAFT, Status.SUBMITTED):
        return None
    if state.confirmed_version(reg.id) < reg.version or state.pages_count(reg.id):
        return None
    return sorted({page.sha256 for _, _, page in reg.image_pages()})


def is_locked(store: Store) -> bool:
    return bool(store.get_setting(LOCKED, False))

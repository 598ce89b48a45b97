"""After the central confirms a registration, the kiosk forgets its own key to the pages.

Issue 13.4. Every page is sealed with a per-document key wrapped to the kiosk's local X25519 key
and, once enrolled, to the central's (:mod:`kiosk.documents.envelope`). While the central does not
hold a registration the kiosk must be able to open its pages (to show, print and upload them).
Once the central has confirmed the registration's current version **and** holds every one of its
pages, the local wrap is dropped (:meth:`Vault.forget_local_key`): from then on only the central's
private key opens those pages, so a stolen kiosk — or a copy of its data folder, keys included —
reveals none of them. The kiosk shows such a page as "sent to the central"
(``documents.page.sent_to_central``); the envelope stays on disk until retention removes it, so a
correction that keeps the page re-sends the same hash without opening it.

Checked per round for the registrations the round touched (confirmed by a push, or whose last page
was uploaded), and once for everything already confirmed (:func:`sweep`, e.g. after an upgrade).
A page still waiting for upload, or one the central's key cannot open, is never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kiosk.domain.model import Status

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

log = logging.getLogger(__name__)

SWEPT = "sync.local_keys_swept"  # setting: the one-off sweep over older confirmations ran


def confirmed(store: Store, state: SyncState, registration_id: str) -> list[str] | None:
    """The page hashes of a registration the central fully holds, or None if it does not."""
    try:
        reg = store.get(registration_id)
    except Exception:  # redacted or gone: nothing to forget
        return None
    if reg.status not in (Status.SUBMITTED, Status.SYNCED, Status.VERIFIED):
        return None
    if state.confirmed_version(reg.id) < reg.version or state.pages_count(reg.id):
        return None
    return sorted({page.sha256 for _, _, page in reg.image_pages()})


def forget_for(store: Store, state: SyncState, vault: Vault, ids: Iterable[str]) -> int:
    """Drop the local wrap from the pages of the given registrations the central holds in full;
    returns how many pages changed."""
    pending = {sha for sha, _ in state.pages_pending(limit=1_000_000)}
    changed = 0
    for registration_id in sorted(set(ids)):
        hashes = confirmed(store, state, registration_id)
        for sha in hashes or []:
            if sha in pending or not vault.has(sha):
                continue
            try:
                changed += vault.forget_local_key(sha)
            except ValueError:  # not wrapped to the central: it must stay readable here
                log.warning("page %s is not wrapped to the central; its key is kept", sha[:12])
    return changed


def sweep(store: Store, state: SyncState, vault: Vault) -> int:
    """Once: forget the local keys of every registration confirmed before this existed."""
    if store.get_setting(SWEPT, False):
        return 0
    changed = forget_for(store, state, vault, {rid for rid, _, _ in state.ledger()})
    store.set_setting(SWEPT, True)
    return changed

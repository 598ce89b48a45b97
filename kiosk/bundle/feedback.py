"""What a bundle's confirmation tells a kiosk besides the confirmations: a sync's pull, by file.

Applied through the sync's own code, never a second implementation:

- the feed's events → :meth:`kiosk.sync.pull.Puller.apply` (verdicts — not on a version older
  than the one the kiosk holds —, staff, kiosk keys, reference data, erasure requests through
  :func:`kiosk.sync.erasure.erase_copy`, whose tombstones then travel back in the next bundle or
  sync round as erasure confirmations);
- the erasure reports the central recorded → :func:`kiosk.store.erasure.mark_reported`, as the
  answer to ``POST /erasures`` is;
- a revocation → :func:`kiosk.sync.revocation.erase_and_lock`, as a sync's 401 ``auth.revoked``.

Idempotent, and an older file never rolls anything back: only events after the kiosk's pull
cursor are applied (a file taken in twice applies nothing the second time; one older than a file
or a sync already taken in has only events at or before the cursor), and the cursor only moves
forward, and only when the file's events start at or before it (a kiosk restored from an older
backup applies them but keeps its cursor, so its next pull misses nothing). A file for an earlier
enrolment of this kiosk (another central kiosk id) applies no events and no revocation: a
re-enrolled kiosk is not locked by its previous identity's revocation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.protocol import PullEvent

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

log = logging.getLogger(__name__)


@dataclass
class Told:
    events: int = 0
    erasures: int = 0
    revoked: bool = False


def apply(store: Store, state: SyncState, body: dict[str, Any]) -> Told:
    from kiosk.store import erasure as local

    told = Told()
    reported = [str(r) for r in body.get("erasures") or []]
    local.mark_reported(store, reported)
    told.erasures = len(reported)
    creds = state.credentials()
    if creds is None or creds.central_kiosk_id != str(body.get("kiosk_id", "")):
        return told  # written for an earlier enrolment of this kiosk
    if body.get("revoked"):
        told.revoked = _revoked(store, state)
        return told
    told.events = _events(store, state, body)
    return told


def _events(store: Store, state: SyncState, body: dict[str, Any]) -> int:
    from kiosk.sync.pull import Puller, PullTally

    start, end = body.get("cursor_from"), body.get("cursor")
    if not isinstance(start, int) or not isinstance(end, int):
        return 0  # a file without the feed (an older central)
    cursor = state.cursor
    fresh = [
        PullEvent.model_validate(e, strict=False)
        for e in body.get("events") or []
        if isinstance(e, dict) and isinstance(e.get("seq"), int) and e["seq"] > cursor
    ]
    tally = PullTally()
    Puller(store, state, None).apply(fresh, tally)
    if start <= cursor < end:
        state.set_cursor(end)
    return tally.events - tally.skipped


def _revoked(store: Store, state: SyncState) -> bool:
    """As the sync engine does on ``auth.revoked``; nothing the second time."""
    from kiosk.sync import revocation
    from kiosk.sync.messages import DeviceRevoked
    from kiosk.sync.pages import open_vault

    if revocation.is_locked(store):
        return False
    state.record_round(online=None, error_code=DeviceRevoked().code, revoked=True)
    erased = revocation.erase_and_lock(store, state, open_vault(store))
    log.warning("the central's confirmation says this kiosk was revoked (%d erased)", erased)
    return True

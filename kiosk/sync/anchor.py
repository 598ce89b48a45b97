"""Sending the audit chain's head to the central every sync round, and asking for its anchors.

The central keeps each new head as an anchor for this kiosk (:mod:`kiosk.central.anchors`) and
answers with the anchors it holds; the newest is remembered locally
(:func:`kiosk.staff.audit_anchors.remember`) for ``kiosk audit verify`` when the central cannot be
asked. The head is read just before it is sent, at the end of the round, so the round's own audit
entries are covered. A head older than the central's newest anchor (a restored backup) is still
sent: the central records the regression and says so (``regressed``), and the kiosk logs it.
A central too old to know the endpoint (404) is logged and skipped: the round goes on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.protocol import AuditAnchors
from kiosk.staff import audit_anchors
from kiosk.sync.messages import CentralRefused

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)


def push_head(store: Store, client: CentralClient) -> AuditAnchors:
    """Send the head; remember the newest anchor the central acknowledged."""
    seq, digest = audit_anchors.head(store)
    try:
        raw = client.audit_head(seq, digest)
    except CentralRefused as exc:
        if exc.status != 404:
            raise
        log.warning("the central does not keep audit anchors yet (an older version)")
        return AuditAnchors()
    answer = AuditAnchors.model_validate(raw, strict=False)
    if answer.regressed:
        log.warning("the central notes this kiosk's audit log went back to entry %d", seq)
    if answer.anchors:
        newest = answer.anchors[-1]
        if (newest.seq, newest.hash) == (seq, digest):
            audit_anchors.remember(store, seq, digest)
    return answer


def central_anchors(client: CentralClient) -> list[tuple[int, str]]:
    """Every anchor the central holds for this kiosk (since its newest regression)."""
    answer = AuditAnchors.model_validate(client.audit_anchors(), strict=False)
    return [(a.seq, a.hash) for a in answer.anchors]

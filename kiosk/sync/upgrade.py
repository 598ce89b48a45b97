"""After the app's upgrade: versions the older app set aside for lack of a signature go again.

The release before signed pushes sent every version unsigned. A central past its transition
window (:mod:`kiosk.central.transition`) refuses such an item as ``push.signature_invalid``, with
a message saying to update the kiosk app; the older app set it aside like any refused item, so
nothing entered was lost: the outbox keeps the version and the central's sentence. This app signs
every version it pushes, so the first sync round it runs puts those rows back in the queue, once
(:data:`SETTING` remembers it; each row's retry is in the audit log, actor ``upgrade``), and they
are sent signed in that same round.

A version refused for its signature after that stays set aside (sending it again would carry the
same signature); ``kiosk sync retry --code push.signature_invalid`` retries it by hand.
"""

from __future__ import annotations

import logging

from kiosk.protocol import PUSH_SIGNATURE_INVALID
from kiosk.store import Store

log = logging.getLogger(__name__)

#: set once this (signing) app has put back the older app's unsigned set-asides
SETTING = "sync.unsigned_set_asides_retried"


def retry_unsigned_once(store: Store) -> int:
    """Put the versions set aside as ``push.signature_invalid`` back in the queue, the first time
    a signing app syncs this store; returns how many (0 every later time)."""
    if store.get_setting(SETTING, False):
        return 0
    count = store.outbox_retry_set_aside(PUSH_SIGNATURE_INVALID, actor="upgrade")
    store.set_setting(SETTING, True)  # after the retry: a crash in between retries once more
    if count:
        log.info("upgrade: %d versions the older app could not send unsigned go again", count)
    return count

"""The rolling upgrade: unsigned pushes of kiosks still on an older app, for a window only.

Issue 13 made the central refuse, item by item, a version without the kiosk's Ed25519 signature
(``push.signature_invalid``). A province does not upgrade 1,500 kiosks in one night: MPP desks
are upgraded over days or weeks and field laptops come back late. What a kiosk of the previous
release sends (``git show 1cd7adf^:kiosk/sync/push.py``): items with no ``signature`` field at all
(the protocol gives the missing field its default ``""``, so such an item is refused on its own;
the request is never a 422 as a whole), a ``User-Agent`` of ``kiosk-sync/1`` that names no app
version (:func:`kiosk.central.enrolment.reported_version` finds ``""``), and plain UUIDv7
registration IDs. It enrolled with its Ed25519 public key like any kiosk since.

The window (``CentralSettings.unsigned_until``: ``$KIOSK_CENTRAL_UNSIGNED_UNTIL`` or ``kiosk
central serve --unsigned-until``; none by default: secure by default). An item whose signature is
*missing* is accepted only when all of these hold:

- the push arrives before the window's end;
- the request names an app version older than :data:`SIGNING_SINCE`, or none (the previous
  release named none), and so did every earlier request of the kiosk (the central keeps the
  version each push and pull names in ``central_kiosks.app_version``);
- the kiosk never had an item with its valid signature accepted (``central_kiosks.signed_since``,
  set by the first one): a kiosk that signed once is held to signatures for good, so a downgraded
  app, or someone replaying a device token with an old ``User-Agent``, cannot drop them.

Such a version is stored with ``signature = ""`` (``None`` is a version stored before signatures
existed), so it stays marked: the console shows it as *versi lama, tanpa tanda tangan*. A wrong
signature is never accepted, in or out of the window. The older app makes only untagged UUIDv7
IDs, so the window's end also moves the legacy-ID cutoff when it is later
(:func:`kiosk.central.settings.legacy_ids_before`): a registration the older app made before the
end is accepted as new, unsigned in the window or signed after the kiosk's upgrade; a tagged ID
must still be the kiosk's. After the window an unsigned item is refused with a message that says
to update the kiosk app: the kiosk keeps it set aside, and the updated app sends it again
(:mod:`kiosk.sync.upgrade`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: the first app version that signs every version it pushes (every build that names its version
#: in the User-Agent signs: naming it came after signing, in the same release)
SIGNING_SINCE = (0, 1, 0)
_NUMBERS = re.compile(r"^(\d+)\.(\d+)\.(\d+)")

UNSIGNED_MESSAGE = (
    "the item carries no signature: this kiosk's app is older than the central accepts; update "
    "the kiosk app (the registration stays on the kiosk and is sent after the update)"
)
WRONG_SIGNATURE_MESSAGE = "the signature is not this kiosk's"


def is_older(app_version: str) -> bool:
    """True for an app version before :data:`SIGNING_SINCE`, or none named ("": the previous
    release's User-Agent). A version that is not numbered (a developer's build) is not older."""
    if not app_version:
        return True
    found = _NUMBERS.match(app_version)
    if found is None:
        return False
    return tuple(int(n) for n in found.groups()) < SIGNING_SINCE


@dataclass(frozen=True)
class UnsignedWindow:
    """The transition window as one push sees it: its end (None: no window) and the app version
    the request names (None: not a kiosk's request, e.g. an offline bundle's import)."""

    until: dt.datetime | None = None
    app_version: str | None = None

    def admits(self, now: dt.datetime, signed_since: dt.datetime | None, kept_version: str) -> bool:
        """May a missing signature be accepted from this kiosk now? ``kept_version``: the app
        version the central keeps for it (``central_kiosks.app_version``), which must be older
        too: a kiosk that ever named this version is held to signatures as well."""
        if self.until is None or self.app_version is None or signed_since is not None:
            return False
        return now < self.until and is_older(self.app_version) and is_older(kept_version)


NO_WINDOW = UnsignedWindow()

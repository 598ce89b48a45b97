"""Key-encryption keys reused across envelopes: one X25519 per ephemeral key, not per page.

Every recipient wrap of an :mod:`envelope <kiosk.documents.envelope>` is AES-GCM under a KEK =
HKDF(X25519(ephemeral, recipient), salt ``epk + recipient``). Sealing used a fresh ephemeral key
per page, so the central, which must open every uploaded page before the kiosk forgets its own
key to it (issue 17: ~17,000 pages after a week offline), paid one X25519 scalar multiplication
per page. Here:

- **Sealing** (:class:`SealingKeks`): per recipient, one ephemeral key serves up to
  :data:`ROTATE_AFTER_WRAPS` wraps or :data:`ROTATE_AFTER_SECONDS`, whichever comes first; then a
  new one is made. The ephemeral *private* key is dropped as soon as the KEK is derived (never
  held, never written anywhere); only ``(epk, KEK)`` stay in this process's memory, and they are
  dropped at rotation, at process exit and in a forked child (which starts its own).
- **Opening** (:class:`OpeningKeks`): ``(recipient public key, epk) -> KEK`` in a bounded LRU per
  process (:data:`OPENING_ENTRIES`), filled only after a wrap opened with it, so forged ``epk``
  values cannot push good entries out. A KEK is a pure function of the recipient's private key
  and the ``epk``, so a cached one is the one the X25519 would give: nothing is skipped but the
  multiplication; the AES-GCM tag of every wrap and the content's SHA-256 are checked as before.

Wire format: unchanged. Each wrap keeps its own random 96-bit nonce and its AAD (the envelope's
core header), so a wrap cannot be moved to another envelope; envelopes sharing an ``epk`` open at
centrals of any version (same bytes, same derivation), and envelopes with one ``epk`` each (older
kiosks) open here as before (each is one X25519 and one cache entry).

Security, stated plainly:

- Nonces: random 96-bit nonces under one AES-GCM key are within NIST SP 800-38D's bound (2^32
  invocations) by far: with at most 1,024 wraps per KEK the chance of any nonce collision is
  about q^2 / 2^97 = 2^-77.
- A memory dump of the running kiosk reveals the current KEK of each recipient, which unwraps
  the pages sealed to it in the current window (at most 1,024 pages of the last 10 minutes),
  even after the kiosk forgot its local wrap of them. With a fresh ephemeral per page, the same
  dump revealed at most the page being sealed; but it also reveals the kiosk's own document key
  (loaded while the kiosk runs) and the plaintext of recently shown pages, so the difference is
  the recently *synced and forgotten* pages of that window. The KEK is never persisted (a stolen
  disk reveals nothing more than before; swap is the operating system's, as for every key held
  in memory), and Python cannot wipe ``bytes``: a dropped KEK lives until its memory is reused.
- The local wrap (the kiosk's own key) opens as before and reveals nothing new: whoever can read
  its KEK from memory can read the kiosk's private key there too.
- The central's cache holds KEKs derived from its own private key, which sits in the same memory.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

#: wraps to one recipient under one ephemeral key before a new one is made
ROTATE_AFTER_WRAPS = 1024
#: seconds an ephemeral key serves at most (a kiosk seals a few pages a minute)
ROTATE_AFTER_SECONDS = 600.0
#: ``(recipient, epk)`` pairs whose KEK an opening process keeps (~100 bytes each)
OPENING_ENTRIES = 4096
_MAX_RECIPIENTS = 16  # recipients with a live ephemeral (a kiosk has two)


@dataclass
class _Window:
    epk: bytes
    kek: bytes
    born: float
    wraps: int = 0


class SealingKeks:
    """The current ``(epk, KEK)`` per recipient, rotated by count and by age."""

    def __init__(
        self,
        max_wraps: int = ROTATE_AFTER_WRAPS,
        max_seconds: float = ROTATE_AFTER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_wraps = max_wraps
        self.max_seconds = max_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[bytes, _Window] = {}

    def current(
        self, recipient: bytes, fresh: Callable[[], tuple[bytes, bytes]]
    ) -> tuple[bytes, bytes]:
        """``(epk, KEK)`` for one more wrap to ``recipient`` (its raw public key); ``fresh`` makes
        a new ephemeral key's pair when the window is used up, old or missing."""
        now = self._clock()
        with self._lock:
            window = self._windows.get(recipient)
            if (
                window is None
                or window.wraps >= self.max_wraps
                or now - window.born >= self.max_seconds
            ):
                if window is None and len(self._windows) >= _MAX_RECIPIENTS:
                    self._windows.clear()
                epk, kek = fresh()
                window = self._windows[recipient] = _Window(epk, kek, now)
            window.wraps += 1
            return window.epk, window.kek

    def forget(self) -> None:
        """Drop every window (process exit, a forked child): the next wrap makes a new key."""
        with self._lock:
            self._windows.clear()


class OpeningKeks:
    """A bounded LRU of ``(recipient public key, epk) -> KEK`` (thread-safe)."""

    def __init__(self, entries: int = OPENING_ENTRIES) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._keks: OrderedDict[tuple[bytes, bytes], bytes] = OrderedDict()

    def get(self, recipient: bytes, epk: bytes) -> bytes | None:
        with self._lock:
            kek = self._keks.get((recipient, epk))
            if kek is not None:
                self._keks.move_to_end((recipient, epk))
            return kek

    def put(self, recipient: bytes, epk: bytes, kek: bytes) -> None:
        """Called only after a wrap opened under ``kek`` (its tag checked)."""
        with self._lock:
            self._keks[(recipient, epk)] = kek
            self._keks.move_to_end((recipient, epk))
            while len(self._keks) > self.entries:
                self._keks.popitem(last=False)

    def __len__(self) -> int:
        return len(self._keks)

    def forget(self) -> None:
        with self._lock:
            self._keks.clear()


SEALING = SealingKeks()
OPENING = OpeningKeks()


def _forget_all() -> None:
    SEALING.forget()
    OPENING.forget()


atexit.register(_forget_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_all)

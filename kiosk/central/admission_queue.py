"""The waiting room of :mod:`kiosk.central.admission`: first come, first served by kiosk round,
and kiosks that came together take turns.

Every waiting request has a **place in line**: the wall-clock time its kiosk first asked in this
round (:mod:`.admission` works it out: a newcomer's is now, a request later in the same round or
back after a ``503`` keeps the one it had). Requests are served in the order of their places, so a
kiosk that reconnected at 08:00:10 is done before one that reconnected at 08:00:40, however the
two interleave their pushes and page batches and however often either was told to come back.

Places closer than ``tie_s`` to a class's first form that **class**, and within a class kiosks
take turns:
the next kiosk in the class's rotation gets its oldest request served and goes to the back of the
rotation if it has more waiting. So when fifty kiosks push at once (one class) none of them holds
the slot for its whole backlog while the others wait for their first answer, and a kiosk with three
uploads waiting does not hold three turns ahead of a kiosk with one.

Why (the reconnect storm of ``bench/bench_province.py``): kiosks come back faster than the central
serves them, so the work ahead of a kiosk grows with the moment it reconnects. Served first come
first served, a kiosk's time is that work plus its own, and no kiosk waits longer than one that
came after it; served in rotation across everyone (as before), a kiosk that came early shared
the central with everyone who came after it, and the slowest kiosks were those of the middle of
the minute, done together with the last.

Invariants: every waiter is in exactly one class, in its kiosk's line; a kiosk's waiting requests
are all in one class (a request joins the class its kiosk is already waiting in); a class exists
while it has waiters and its kiosk is in its rotation exactly once while its line is not empty;
``len(self)`` is the number of waiters; removing a waiter (its time ran out, its client went
away) keeps all of these true. Lives in the event loop's thread: no lock.
"""

from __future__ import annotations

import asyncio
import math
from bisect import bisect_left, bisect_right, insort
from collections import OrderedDict, deque

Waiter = asyncio.Future[None]
TIE_S = 2.0  # places closer than this take turns (kiosks that came at once)
CLASS_KIOSKS = 32  # at most this many kiosks waiting in one class


class _Rotation:
    """Kiosks taking turns: an ordered map kiosk → its waiting requests, oldest first."""

    def __init__(self) -> None:
        self.lines: OrderedDict[str, deque[Waiter]] = OrderedDict()
        self.size = 0

    def add(self, kiosk: str, waiter: Waiter) -> int:
        """Queue ``waiter``; returns how many requests of this class are served before it."""
        self.size += 1
        line = self.lines.get(kiosk)
        if line is None:
            self.lines[kiosk] = deque([waiter])
            return self.size - 1
        line.append(waiter)
        # its kiosk's earlier requests go first, one a round: this one waits that many rounds
        position = list(self.lines).index(kiosk)
        return min(self.size - 1, position + (len(line) - 1) * len(self.lines))

    def pop(self) -> Waiter | None:
        while self.lines:
            kiosk, line = self.lines.popitem(last=False)
            waiter = line.popleft()
            self.size -= 1
            if line:
                self.lines[kiosk] = line  # back of the rotation with the rest of its line
            if not waiter.done():
                return waiter
        return None

    def remove(self, kiosk: str, waiter: Waiter) -> bool:
        line = self.lines.get(kiosk)
        if line is None or waiter not in line:
            return False
        line.remove(waiter)
        self.size -= 1
        if not line:
            del self.lines[kiosk]
        return True


class FairQueue:
    """Waiting requests in the order of their places in line (see the module docstring)."""

    def __init__(self, tie_s: float = TIE_S, class_kiosks: int = CLASS_KIOSKS) -> None:
        self.tie_s = tie_s
        self.class_kiosks = class_kiosks
        self._starts: list[float] = []  # each class's earliest place, ascending
        self._classes: dict[float, _Rotation] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, kiosk: str, waiter: Waiter, place: float) -> int:
        """Queue a request of ``kiosk`` with its place in line; returns how many requests
        waiting now are served before it (later arrivals with earlier places may join them)."""
        start = self._class_of(kiosk)
        if start is None:
            start = self._class_for(place)
        self._size += 1
        return self._waiting_before(start, inclusive=False) + self._classes[start].add(
            kiosk, waiter
        )

    def head(self) -> float:
        """Where the class served next starts (its members are within the tie of it); ``inf``
        when none waits."""
        return self._starts[0] if self._starts else math.inf

    def ahead_of(self, place: float) -> int:
        """Requests waiting now that a request with this place would be served after."""
        return self._waiting_before(place, inclusive=True)

    def pop(self) -> Waiter | None:
        """The next request to serve (its future not yet resolved), or None."""
        while self._starts:
            start = self._starts[0]
            rotation = self._classes[start]
            before = rotation.size
            served = rotation.pop()
            self._size -= before - rotation.size
            if not rotation.lines:
                self._drop(start)
            if served is not None:
                return served
        return None

    def remove(self, kiosk: str, waiter: Waiter) -> None:
        start = self._class_of(kiosk)
        if start is not None and self._classes[start].remove(kiosk, waiter):
            self._size -= 1
            if not self._classes[start].lines:
                self._drop(start)

    def order(self) -> list[str]:
        """The kiosks in the order their next request would be served (for tests, status)."""
        return [kiosk for start in self._starts for kiosk in self._classes[start].lines]

    def _class_for(self, place: float) -> float:
        """The class with room whose start is nearest ``place`` within ``tie_s`` either side (a
        kiosk of a burst that asked a moment before the kiosks now waiting takes turns with
        them), else a new one starting at ``place``."""
        low = bisect_right(self._starts, place - self.tie_s)
        high = bisect_left(self._starts, place + self.tie_s)
        near = [
            s for s in self._starts[low:high] if len(self._classes[s].lines) < self.class_kiosks
        ]
        if near:
            return min(near, key=lambda s: abs(s - place))
        while place in self._classes:  # a full class starting at this very instant
            place = math.nextafter(place, math.inf)
        insort(self._starts, place)
        self._classes[place] = _Rotation()
        return place

    def _class_of(self, kiosk: str) -> float | None:
        """The class ``kiosk`` has requests waiting in (all of them are in one), if any."""
        return next((s for s in self._starts if kiosk in self._classes[s].lines), None)

    def _waiting_before(self, place: float, *, inclusive: bool) -> int:
        return sum(
            self._classes[s].size for s in self._starts if s < place or (inclusive and s == place)
        )

    def _drop(self, start: float) -> None:
        """Forget a class with no kiosk waiting in it."""
        del self._classes[start]
        self._starts.remove(start)

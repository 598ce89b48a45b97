"""The waiting room of :mod:`kiosk.central.admission`: kiosks take turns, not requests.

Why: with one first-come-first-served line a kiosk that sends three page uploads at once holds
three places, and a kiosk whose push was just stored goes to the back of the line behind the
whole crowd for each of its page batches. Here waiting requests are grouped by kiosk and a freed
slot goes round the kiosks: the next kiosk in the rotation gets its oldest request served, and
goes to the back of the rotation if it has more waiting.

Two classes: **first** (a request that was turned away with a turn and came back for it) is
served before **rest** (everyone else). Both are rotations of their own. A kiosk in both classes
is served through the first.

Invariants: every waiter is in exactly one kiosk's line and that kiosk is in its class's
rotation exactly once while its line is not empty; ``len(self)`` is the number of waiters;
removing a waiter (its time ran out, its client went away) keeps both true. Lives in the event
loop's thread: no lock.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque

Waiter = asyncio.Future[None]


class _Rotation:
    """Kiosks taking turns: an ordered map kiosk → its waiting requests, oldest first."""

    def __init__(self) -> None:
        self.lines: OrderedDict[str, deque[Waiter]] = OrderedDict()
        self.size = 0

    def add(self, kiosk: str, waiter: Waiter) -> int:
        """Queue ``waiter``; returns how many kiosks' turns come before its own."""
        self.size += 1
        line = self.lines.get(kiosk)
        if line is None:
            self.lines[kiosk] = deque([waiter])
            return len(self.lines) - 1
        line.append(waiter)
        # its kiosk's earlier requests go first, one a round: this one waits that many rounds
        position = list(self.lines).index(kiosk)
        return position + (len(line) - 1) * len(self.lines)

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
    """Waiting requests by kiosk, served in turn (see the module docstring)."""

    def __init__(self) -> None:
        self._first = _Rotation()
        self._rest = _Rotation()

    def __len__(self) -> int:
        return self._first.size + self._rest.size

    def add(self, kiosk: str, waiter: Waiter, *, first: bool) -> int:
        """Queue a request of ``kiosk``; returns the number of requests served before it at
        most (the turns ahead of it in its class, plus the whole first class for the rest)."""
        if first or kiosk in self._first.lines:
            return self._first.add(kiosk, waiter)
        return self._first.size + self._rest.add(kiosk, waiter)

    @property
    def first_size(self) -> int:
        """Requests waiting in the first class (served before everyone else)."""
        return self._first.size

    def pop(self) -> Waiter | None:
        """The next request to serve (its future not yet resolved), or None."""
        return self._first.pop() or self._rest.pop()

    def remove(self, kiosk: str, waiter: Waiter) -> None:
        if not self._first.remove(kiosk, waiter):
            self._rest.remove(kiosk, waiter)

    def order(self) -> list[str]:
        """The kiosks in the order their next request would be served (for tests, status)."""
        return [*self._first.lines, *(k for k in self._rest.lines if k not in self._first.lines)]

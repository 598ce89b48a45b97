"""Admission control: at most ``max_in_flight`` kiosk requests at work per process, a bounded
wait in line beyond, and ``503 central.busy`` + ``Retry-After`` + the kiosk's place in line beyond
that.

Why: when a province's network comes back, every kiosk reconnects within a minute with a day's
backlog. Without a bound each process took them all: requests queued for the thread pool and the
database pool (``pool_size + max_overflow``) until the pool's 30 s timeout turned them into 500s.
With it the central does a bounded amount of work at once, and says "come back in N seconds" to
the rest, which the kiosk's client obeys (:mod:`kiosk.sync.backoff`); nothing is lost because a
push is idempotent and a page upload resumes.

Why places in line (the storm of ``bench/bench_province.py``, per-kiosk timelines in the README):
a kiosk's round is a push and then several page batches, each a request of its own, and a kiosk
may be told to come back several times. Every governed request has a **place**, the wall-clock
time its kiosk first asked in this round, and the waiting room (:mod:`.admission_queue`) serves
places in order (kiosks within a couple of seconds of each other take turns):

- A newcomer's place is now. The next request of a kiosk this process answered in the last
  :data:`ROUND_GAP_S` seconds (the middle of its round: its page batches follow its push on the
  same connection) has its round's place, so it is served before kiosks that came after it.
- Every answer, a 503 or not, tells the kiosk its place in the ``Kiosk-Queue-Turn`` header
  (wall-clock seconds, so the other workers on the host read it alike) and the kiosk's client
  sends it back with every later request of its round: a refused request keeps its place however
  long it was told to wait, and a page upload that reaches another worker (the client uploads on
  a few connections at once) keeps its round's place there. A place older than
  :data:`MAX_PLACE_AGE_S`, or one in the future, is not honoured (a kiosk cannot hold a place for
  ever; nothing can be gained by claiming a later one).
- ``Retry-After`` is the expected wait for what is ahead of the place, less a margin
  (:func:`_early`): coming back early costs the kiosk a wait in line (or one more cheap 503 with the
  same place), coming back late leaves the slot to those who came after it and is what made the
  slowest kiosks of the storm (told the whole queue's drain, they came back to an idle central
  after everyone who had queued behind them). For a newcomer what is ahead includes every kiosk
  turned away before it, each counted with the requests a kiosk's round has taken recently (the
  booking horizon); for a request that already had a place, the requests waiting before it and
  those at work.

One line across the workers of a host (:mod:`.admission_board`): each worker writes the place of
its oldest waiting request on a board the workers of ``serve --workers N`` share, and starts a
request beyond its first ``floor`` (a quarter of ``max_in_flight``) only while no other worker has
a kiosk waiting that came earlier (within the tie). A kiosk's connection stays with the worker
that accepted it, so without it a kiosk could wait behind one worker's older line while the
other served kiosks that came after it, both on the same cores. While held back with a slot free,
the worker looks at the board every :data:`TICK_S`.

Before (until 2026-12-04) waiting requests were served kiosk by kiosk in one rotation across
everyone, with a "first" class for turns that had come: a kiosk shared the central with every
kiosk that came after it. With 1,500 kiosks reconnecting within 15 s (``bench_province.py
--window 15``) that had almost every kiosk wait as long as the last (median 40.2 s, slowest
48.4 s); served by place, median 19.7 s, slowest 42.0 s.

Invariants:

- The board only holds back: at most ``max_in_flight`` run, ``floor`` always may, and the
  worker with the oldest waiting place anywhere is never held back.
- At most ``max_in_flight`` governed requests run in the app at once (so each process holds at
  most that many database connections for kiosks: processes × ``max_in_flight`` must stay below
  PostgreSQL's ``max_connections``).
- Nobody waits more than ``max_wait_s`` (below the kiosk's 30 s read timeout), at most
  ``max_queued`` wait at once, and a newcomer whose expected wait (the requests before it at the
  recent pace) is longer than ``max_wait_s`` is refused at once instead of waiting in vain. A
  request that already had its place waits its ``max_wait_s`` in line (what is ahead of it is
  short once its time has come).
- No starvation: places only move forward in time with the kiosks' own first requests, and every
  request is served in the order of its place; a later arrival can be served before an earlier
  one only within one class of :data:`~.admission_queue.TIE_S` seconds, or while the earlier one is
  away waiting out its ``Retry-After``.
- A refused request's body is read and dropped before the answer (up to the request limits), so
  the kiosk gets the 503 and not a reset connection while it is still sending.
- ``Retry-After`` is at least 1 s and at most :data:`MAX_RETRY_AFTER_S`; a kiosk told to come back
  before its time waits in line or is told the rest.

Governed: everything under ``/api/v1`` except ``/health`` and the OpenAPI document (the load
balancer's probe must answer while busy) and ``HEAD`` (a page upload's offset probe: one indexed
look-up, and a HEAD answer has no body to carry the ``central.busy`` code the kiosk goes by; each
kiosk sends one request at a time, so the PUT that follows waits its turn). The web console is
not governed. A kiosk is told apart by its bearer token (hashed; nothing else is kept). The state
is per process and lives in the event loop's thread, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import protocol as p
from kiosk.central.admission_board import Board
from kiosk.central.admission_queue import FairQueue

_UNGOVERNED = frozenset(
    {f"{p.API_PREFIX}/health", f"{p.API_PREFIX}/openapi.json", f"{p.API_PREFIX}/docs"}
)
MAX_RETRY_AFTER_S = 60
MAX_PLACE_AGE_S = 300.0  # a place in line older than this is not honoured
ROUND_GAP_S = 10.0  # a kiosk answered this recently is in the middle of its round
TICK_S = 0.05  # while requests wait and a board is shared: how often to look at it again
_TURN_HEADER = p.QUEUE_TURN.lower().encode("latin-1")
_IN, _OUT, _RAN_OUT = "in", "out", "ran out"  # what _enter made of a request


class AdmissionControl:
    """ASGI middleware; see the module docstring. ``refused`` and ``admitted`` count requests."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_in_flight: int,
        max_queued: int,
        max_wait_s: float,
        max_drain_bytes: int = 64 * 1024 * 1024,
        board: Board | None = None,
    ) -> None:
        if max_in_flight < 1 or max_queued < 0 or max_wait_s < 0:
            raise ValueError("max_in_flight ≥ 1, max_queued ≥ 0 and max_wait_s ≥ 0")
        self.app = app
        self.max_in_flight = max_in_flight
        self.max_queued = max_queued
        self.max_wait_s = max_wait_s
        self.max_drain_bytes = max_drain_bytes
        self.in_flight = 0
        # with other workers on this host (admission_board): requests always run here, beyond
        # them only while no other worker has kiosks waiting that came earlier
        self.board = board
        self.floor = max(1, max_in_flight // 4)
        self._tick: asyncio.TimerHandle | None = None
        self.admitted = 0
        self.refused = 0
        # a class is served in about 4 requests × its kiosks / max_in_flight service times
        self._queue = FairQueue(class_kiosks=4 * max_in_flight)
        self._service_s = 0.05  # moving average of one governed request's time in the app
        self._booked = 0.0  # wall-clock time by which the kiosks turned away should be served
        # kiosk → (monotonic time its last request here ended, its requests in this round,
        # the round's place in line)
        self._rounds: dict[str, tuple[float, int, float]] = {}
        self._per_round = 1.0  # moving average of the requests a kiosk's round takes
        self._swept = time.monotonic()  # when _rounds was last cleared of rounds over

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _governed(scope):
            await self.app(scope, receive, send)
            return
        kiosk, told_place = _kiosk_and_place(scope)
        now = time.time()
        place = self.place_of(kiosk, told_place, now)
        placed = place < now  # it had its place already: waits in line, is not turned away
        entered = await self._enter(kiosk, place, patient=placed)
        if entered != _IN:
            self.refused += 1
            if entered == _RAN_OUT:
                placed = True  # it stood in line: that is its place from now on
            await _refuse(
                receive, send, self.retry_after(place, now, placed=placed), place,
                self.max_drain_bytes,
            )  # fmt: skip
            return
        self.admitted += 1
        started = time.monotonic()
        told = (_TURN_HEADER, _place_text(place))

        async def send_with_place(message: Message) -> None:
            if message["type"] == "http.response.start":  # the kiosk keeps it for its round
                message = {**message, "headers": [*message.get("headers", ()), told]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_place)
        finally:
            ended = time.monotonic()
            self._service_s += 0.05 * ((ended - started) - self._service_s)
            self._count_round(kiosk, ended, place)
            self._leave()

    def place_of(self, kiosk: str, told: float | None, now: float) -> float:
        """A request's place in line: the one the kiosk was told (sent back with its retry),
        else its round's (the middle of a round here), else now; never older than
        :data:`MAX_PLACE_AGE_S`, never in the future."""
        places = [now]
        if told is not None and now - MAX_PLACE_AGE_S <= told:
            places.append(told)
        seen = self._rounds.get(kiosk)
        if seen is not None and time.monotonic() - seen[0] <= ROUND_GAP_S:
            if now - MAX_PLACE_AGE_S <= seen[2]:
                places.append(seen[2])
        return min(places)

    def retry_after(self, place: float, now: float, *, placed: bool) -> int:
        """``Retry-After`` for a refused request: the expected wait for what is ahead of its
        place (for a newcomer: everyone turned away before it too), less :func:`_early`."""
        pace = self._service_s / self.max_in_flight  # seconds per request at full speed
        if placed:
            wait = (self._queue.ahead_of(place) + self.in_flight) * pace
        else:  # a newcomer comes back for a round's worth of requests, after everyone booked
            drain = (len(self._queue) + self.in_flight) * pace
            self._booked = max(self._booked, now + drain) + self._per_round * pace
            wait = self._booked - now
        return max(1, min(MAX_RETRY_AFTER_S, math.ceil(wait - _early(wait, self.max_wait_s))))

    def queue_order(self) -> list[str]:
        """The kiosks (hashed tokens) in the order their waiting requests would be served."""
        return self._queue.order()

    def _count_round(self, kiosk: str, ended: float, place: float) -> None:
        seen = self._rounds.get(kiosk)
        if seen is not None and ended - seen[0] <= ROUND_GAP_S:
            self._rounds[kiosk] = (ended, seen[1] + 1, min(seen[2], place))
            return
        if seen is not None:  # that round ended: its length feeds the estimate
            self._per_round += 0.05 * (seen[1] - self._per_round)
        self._rounds[kiosk] = (ended, 1, place)
        if ended - self._swept > ROUND_GAP_S:  # rounds over: counted, then forgotten
            self._swept = ended
            for old, (when, count, _) in list(self._rounds.items()):
                if ended - when > ROUND_GAP_S:
                    self._per_round += 0.05 * (count - self._per_round)
                    del self._rounds[old]

    async def _enter(self, kiosk: str, place: float, *, patient: bool) -> str:
        if not self._queue and self._may_start(place):
            self.in_flight += 1
            return _IN
        if len(self._queue) >= self.max_queued or self.max_wait_s == 0:
            return _OUT
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        ahead = self._queue.add(kiosk, slot, place)
        if not patient and (ahead + 1) * self._service_s / self.max_in_flight > self.max_wait_s:
            self._queue.remove(kiosk, slot)
            self._admit()  # the board hears it is gone
            return _OUT
        self._admit()  # held back by the board with a slot free: it may start now, or at a tick
        try:
            await asyncio.wait_for(asyncio.shield(slot), self.max_wait_s)
            return _IN  # _leave handed its slot over: in_flight already counts this request
        except TimeoutError:
            if slot.done():  # handed over just as the time ran out: take it
                return _IN
            self._queue.remove(kiosk, slot)
            slot.cancel()
            self._admit()
            return _RAN_OUT
        except asyncio.CancelledError:
            if slot.done():
                self._leave()  # the slot was ours: give it on
            else:
                self._queue.remove(kiosk, slot)
                slot.cancel()
                self._admit()
            raise

    def _leave(self) -> None:
        self.in_flight -= 1
        self._admit()

    def _may_start(self, place: float) -> bool:
        """Whether a request with this place may start now: a slot is free and, beyond the
        floor, no other worker on the board has a kiosk waiting that came earlier."""
        if self.in_flight >= self.max_in_flight:
            return False
        if self.board is None or self.in_flight < self.floor:
            return True
        return place <= self.board.oldest_elsewhere() + self._queue.tie_s

    def _admit(self) -> None:
        """Start waiting requests in order while they may; tell the board what still waits."""
        while self._queue and self._may_start(self._queue.head()):
            slot = self._queue.pop()
            if slot is None:
                break
            self.in_flight += 1
            slot.set_result(None)  # in_flight counts it from here
        if self.board is None:
            return
        self.board.publish(self._queue.head() if self._queue else math.inf)
        if self._queue and self._tick is None:  # held back: look again in a moment
            self._tick = asyncio.get_running_loop().call_later(TICK_S, self._on_tick)

    def _on_tick(self) -> None:
        self._tick = None
        self._admit()


def _place_text(place: float) -> bytes:
    """The header's value: wall-clock seconds to the millisecond, rounded down (never later)."""
    return f"{math.floor(place * 1000) / 1000:.3f}".encode()


def _early(wait: float, max_wait_s: float) -> float:
    """How much sooner than expected a kiosk is told to come back: half its bounded wait in
    line (and never more than half the wait), so an estimate a little long still brings it
    back before its place comes up; the client stretches a booked wait by up to 10 %."""
    return min(max_wait_s / 2, wait / 2)


def _kiosk_and_place(scope: Scope) -> tuple[str, float | None]:
    kiosk, place = "", None
    for name, value in scope["headers"]:
        if name == b"authorization":
            kiosk = hashlib.sha256(value).hexdigest()[:24]
        elif name == _TURN_HEADER:
            try:
                place = float(value)
            except ValueError:
                place = None
            if place is not None and not math.isfinite(place):
                place = None
    if not kiosk:  # no token: the route refuses it; the address keeps it apart meanwhile
        client = scope.get("client")
        kiosk = str(client[0]) if client else ""
    return kiosk, place


def _governed(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] == "HEAD":
        return False
    path: str = scope["path"]
    return path.startswith(f"{p.API_PREFIX}/") and path not in _UNGOVERNED


async def _refuse(
    receive: Receive, send: Send, retry_after: int, place: float, max_drain: int
) -> None:
    drained = 0
    while drained <= max_drain:  # read the body and drop it (a larger one is cut by the 503)
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            break
        drained += len(message.get("body", b""))
    body = json.dumps(
        {"error": {"code": p.CENTRAL_BUSY, "message": "the central is busy, try again later"}}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(retry_after).encode()),
                (_TURN_HEADER, _place_text(place)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

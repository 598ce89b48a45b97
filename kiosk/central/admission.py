"""Admission control: at most ``max_in_flight`` kiosk requests at work per process, a bounded
wait where kiosks take turns for the next ones, and ``503 central.busy`` + ``Retry-After`` + a
booked turn beyond.

Why: when a province's network comes back, every kiosk reconnects within a minute with a day's
backlog. Without a bound each process took them all: requests queued for the thread pool and the
database pool (``pool_size + max_overflow``) until the pool's 30 s timeout turned them into 500s.
With it the central does a bounded amount of work at once, and says "come back in N seconds" to
the rest, which the kiosk's client obeys (:mod:`kiosk.sync.backoff`); nothing is lost because a
push is idempotent and a page upload resumes.

Why turns (the storm of ``bench/bench_province.py``, per-kiosk timeline in the README): a kiosk's
round is a push and then several page batches, and each request used to queue afresh behind the
crowd: a kiosk whose push was just stored could be refused for its next page batch and told to
come back in a minute (``Retry-After`` was sized for the whole crowd outside), then be refused
again, so a few kiosks paid several such waits while others paid none. Now:

- The waiting requests are served kiosk by kiosk in rotation (:mod:`.admission_queue`), so a
  kiosk with three uploads waiting does not hold three places ahead of a kiosk with one.
- A refused request is **booked a turn**: the time when, at the recent pace, the process will
  have served the queue and everyone booked before it, each booked kiosk counted with the
  requests a kiosk's round has taken recently. ``Retry-After`` is the wait until that turn, and
  the turn itself travels back in the ``Kiosk-Queue-Turn`` header (wall-clock seconds, so the
  other workers on the host read it alike); the kiosk's client sends it again with its retry.
- **First** are served (a class of the queue ahead of the rest, never refused for the expected
  wait) the requests whose turn has come (from :data:`GRACE_S` early up to
  :data:`MAX_TURN_AGE_S` late; older turns and ones far in the future are ignored, so a kiosk
  cannot hold a place for ever). The next request of a kiosk this process answered in the last
  :data:`ROUND_GAP_S` seconds (in the middle of its round: its page batches follow its push on
  the same connection) takes its turn in the rotation like everyone, but is not refused for the
  expected wait. (Serving it first as well made the 50-kiosk bench's second pushes overtake the
  others' first pushes: p95 5.75 s against 5.09 s, one pair at load 10-12.) A request that comes
  back before its turn is refused again with the same turn; one refused while its turn had
  come (the queue full, its wait out) keeps its turn too; and one that had its place in the
  line (in the middle of its round, or taken into the queue and its wait ran out) is given a
  turn of now: first again when it comes back, and told to wait only for what will be ahead of
  it then, the first class and the requests at work (the quick storm's first try: kiosks that
  waited their 10 s and were then booked behind everyone came back 30 s later and were the
  slowest; told the whole queue's drain instead, ~10 s in the 1,500-kiosk storm, they came back
  to an idle central after everyone who had queued behind them: 2.05-2.23× the median kiosk,
  2026-12-04).

Invariants:

- At most ``max_in_flight`` governed requests run in the app at once (so each process holds at
  most that many database connections for kiosks: processes × ``max_in_flight`` must stay below
  PostgreSQL's ``max_connections``).
- Nobody waits more than ``max_wait_s`` (below the kiosk's 30 s read timeout), at most
  ``max_queued`` wait at once, and a request neither due nor mid-round whose expected wait (the
  turns ahead of it at the recent pace) is longer than ``max_wait_s`` is refused at once
  instead of waiting in vain. No starvation: the first class only takes requests that were
  turned away before, whose turns are handed out at the pace the process serves.
- A refused request's body is read and dropped before the answer (up to the request limits), so
  the kiosk gets the 503 and not a reset connection while it is still sending.
- ``Retry-After`` is at least 1 s and at most :data:`MAX_RETRY_AFTER_S`; a turn further away is
  kept and the kiosk, back early, is told the rest.

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

from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk import protocol as p
from kiosk.central.admission_queue import FairQueue

_UNGOVERNED = frozenset(
    {f"{p.API_PREFIX}/health", f"{p.API_PREFIX}/openapi.json", f"{p.API_PREFIX}/docs"}
)
MAX_RETRY_AFTER_S = 60
GRACE_S = 2.0  # a turn counts this early (clocks, the kiosk's own rounding)
MAX_TURN_AGE_S = 300.0  # a turn older than this, or further ahead, is ignored
ROUND_GAP_S = 10.0  # a kiosk answered this recently is in the middle of its round
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
    ) -> None:
        if max_in_flight < 1 or max_queued < 0 or max_wait_s < 0:
            raise ValueError("max_in_flight ≥ 1, max_queued ≥ 0 and max_wait_s ≥ 0")
        self.app = app
        self.max_in_flight = max_in_flight
        self.max_queued = max_queued
        self.max_wait_s = max_wait_s
        self.max_drain_bytes = max_drain_bytes
        self.in_flight = 0
        self.admitted = 0
        self.refused = 0
        self._queue = FairQueue()
        self._service_s = 0.05  # moving average of one governed request's time in the app
        self._booked = 0.0  # wall-clock time up to which turns are handed out
        # kiosk → (monotonic time its last request here ended, its requests in this round)
        self._rounds: dict[str, tuple[float, int]] = {}
        self._per_round = 1.0  # moving average of the requests a kiosk's round takes
        self._swept = time.monotonic()  # when _rounds was last cleared of rounds over

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _governed(scope):
            await self.app(scope, receive, send)
            return
        kiosk, turn = _kiosk_and_turn(scope)
        now = time.time()
        due = turn is not None and now - MAX_TURN_AGE_S <= turn <= now + GRACE_S
        # mid-round: waits in the rotation like everyone, but is not turned away for the wait
        patient = due or self._in_round(kiosk)
        entered = await self._enter(kiosk, first=due, patient=patient)
        if entered != _IN:
            self.refused += 1
            if (patient or entered == _RAN_OUT) and not due:
                # mid-round, or taken into the queue and its wait ran out: it had its place in
                # the line already, so it is first when it comes back
                turn, due = now, True
            told, turn = self.turn_for(turn, now, due=due)
            await _refuse(receive, send, told, turn, self.max_drain_bytes)
            return
        self.admitted += 1
        started = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            ended = time.monotonic()
            self._service_s += 0.05 * ((ended - started) - self._service_s)
            self._count_round(kiosk, ended)
            self._leave()

    def turn_for(self, turn: float | None, now: float, *, due: bool) -> tuple[int, float]:
        """``(Retry-After, turn)`` for a refused request: its own turn kept when it has one
        (come back early, or refused while due), else a new one booked after everyone's."""
        drain = (len(self._queue) + self.in_flight) * self._service_s / self.max_in_flight
        if turn is not None and (due or now < turn <= now + MAX_TURN_AGE_S):
            # due: it is first when it comes back, so only the first class and the requests at
            # work are ahead of it, not the crowd waiting behind them
            first = (self._queue.first_size + self.in_flight) * self._service_s
            wait = turn - now if not due else first / self.max_in_flight
            return max(1, min(MAX_RETRY_AFTER_S, math.ceil(wait))), turn
        # a booked kiosk comes back for a round's worth of requests
        self._booked = max(self._booked, now + drain)
        self._booked += self._per_round * self._service_s / self.max_in_flight
        return max(1, min(MAX_RETRY_AFTER_S, math.ceil(self._booked - now))), self._booked

    def queue_order(self) -> list[str]:
        """The kiosks (hashed tokens) in the order their waiting requests would be served."""
        return self._queue.order()

    def _in_round(self, kiosk: str) -> bool:
        seen = self._rounds.get(kiosk)
        return seen is not None and time.monotonic() - seen[0] <= ROUND_GAP_S

    def _count_round(self, kiosk: str, ended: float) -> None:
        seen = self._rounds.get(kiosk)
        if seen is not None and ended - seen[0] <= ROUND_GAP_S:
            self._rounds[kiosk] = (ended, seen[1] + 1)
            return
        if seen is not None:  # that round ended: its length feeds the estimate
            self._per_round += 0.05 * (seen[1] - self._per_round)
        self._rounds[kiosk] = (ended, 1)
        if ended - self._swept > ROUND_GAP_S:  # rounds over: counted, then forgotten
            self._swept = ended
            for old, (when, count) in list(self._rounds.items()):
                if ended - when > ROUND_GAP_S:
                    self._per_round += 0.05 * (count - self._per_round)
                    del self._rounds[old]

    async def _enter(self, kiosk: str, *, first: bool, patient: bool) -> str:
        if self.in_flight < self.max_in_flight and not self._queue:
            self.in_flight += 1
            return _IN
        if len(self._queue) >= self.max_queued or self.max_wait_s == 0:
            return _OUT
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        ahead = self._queue.add(kiosk, slot, first=first)
        if not patient and (ahead + 1) * self._service_s / self.max_in_flight > self.max_wait_s:
            self._queue.remove(kiosk, slot)
            return _OUT
        try:
            await asyncio.wait_for(asyncio.shield(slot), self.max_wait_s)
            return _IN  # _leave handed its slot over: in_flight already counts this request
        except TimeoutError:
            if slot.done():  # handed over just as the time ran out: take it
                return _IN
            self._queue.remove(kiosk, slot)
            slot.cancel()
            return _RAN_OUT
        except asyncio.CancelledError:
            if slot.done():
                self._leave()  # the slot was ours: give it on
            else:
                self._queue.remove(kiosk, slot)
                slot.cancel()
            raise

    def _leave(self) -> None:
        slot = self._queue.pop()
        if slot is not None:
            slot.set_result(None)  # the slot passes on; in_flight stays the same
            return
        self.in_flight -= 1


def _kiosk_and_turn(scope: Scope) -> tuple[str, float | None]:
    kiosk, turn = "", None
    for name, value in scope["headers"]:
        if name == b"authorization":
            kiosk = hashlib.sha256(value).hexdigest()[:24]
        elif name == _TURN_HEADER:
            try:
                turn = float(value)
            except ValueError:
                turn = None
            if turn is not None and not math.isfinite(turn):
                turn = None
    if not kiosk:  # no token: the route refuses it; the address keeps it apart meanwhile
        client = scope.get("client")
        kiosk = str(client[0]) if client else ""
    return kiosk, turn


def _governed(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] == "HEAD":
        return False
    path: str = scope["path"]
    return path.startswith(f"{p.API_PREFIX}/") and path not in _UNGOVERNED


async def _refuse(
    receive: Receive, send: Send, retry_after: int, turn: float, max_drain: int
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
                (_TURN_HEADER, f"{turn:.3f}".encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

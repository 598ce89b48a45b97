"""Admission control: at most ``max_in_flight`` kiosk requests at work per process, a bounded
first-come-first-served wait for the next ones, and ``503 central.busy`` + ``Retry-After`` beyond.

Why: when a province's network comes back, every kiosk reconnects within a minute with a day's
backlog. Without a bound each process took them all: requests queued for the thread pool and the
database pool (``pool_size + max_overflow``) until the pool's 30 s timeout turned them into 500s.
With it the central does a bounded amount of work at once, and says "come back in N seconds" to
the rest, which the kiosk's client obeys (:mod:`kiosk.sync.backoff`); nothing is lost because a
push is idempotent and a page upload resumes.

Invariants:

- At most ``max_in_flight`` governed requests run in the app at once (so each process holds at
  most that many database connections for kiosks: processes × ``max_in_flight`` must stay below
  PostgreSQL's ``max_connections``).
- Waiting is first come, first served: a freed slot goes to the oldest waiter, so a kiosk that
  keeps coming back is not overtaken forever (no starvation); nobody waits more than
  ``max_wait_s`` (below the kiosk's 30 s read timeout) and at most ``max_queued`` wait at once.
  A request whose expected wait (the queue ahead of it at the recent pace) is already longer than
  ``max_wait_s`` is refused at once instead of waiting in vain (a storm on a slow machine made
  most waiters time out after 10 s and then come back anyway).
- A refused request's body is read and dropped before the answer (up to the request limits), so
  the kiosk gets the 503 and not a reset connection while it is still sending.
- ``Retry-After`` is the time the central needs, at the recent pace, for the queue and for the
  crowd it turned away (estimated from the refusals of the last :data:`WINDOW_S` seconds and the
  waits it gave them), at least 1 s and at most :data:`MAX_RETRY_AFTER_S`; the kiosk adds its
  own jitter so refused kiosks do not come back in step. Counting only the queue told 1,500
  kiosks to come back in a few seconds, and four answers in five were refusals.

Governed: everything under ``/api/v1`` except ``/health`` and the OpenAPI document (the load
balancer's probe must answer while busy) and ``HEAD`` (a page upload's offset probe: one indexed
look-up, and a HEAD answer has no body to carry the ``central.busy`` code the kiosk goes by; each
kiosk sends one request at a time, so the PUT that follows waits its turn). The web console is
not governed. The state is per
process and lives in the event loop's thread, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk import protocol as p

_UNGOVERNED = frozenset(
    {f"{p.API_PREFIX}/health", f"{p.API_PREFIX}/openapi.json", f"{p.API_PREFIX}/docs"}
)
MAX_RETRY_AFTER_S = 60
WINDOW_S = 10.0  # refusals counted for the crowd outside


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
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._service_s = 0.05  # moving average of one governed request's time in the app
        self._refusals: deque[float] = deque()  # when, over the last WINDOW_S seconds
        self._told_s = 1.0  # moving average of the Retry-After given

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _governed(scope):
            await self.app(scope, receive, send)
            return
        if not await self._enter():
            self.refused += 1
            self._refusals.append(time.monotonic())
            await _refuse(receive, send, self.retry_after(), self.max_drain_bytes)
            return
        self.admitted += 1
        started = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            self._service_s += 0.05 * ((time.monotonic() - started) - self._service_s)
            self._leave()

    def retry_after(self) -> int:
        """Seconds until the queue and the crowd outside are served at the recent pace."""
        now = time.monotonic()
        while self._refusals and self._refusals[0] < now - WINDOW_S:
            self._refusals.popleft()
        # each refused kiosk comes back after about 1.25 × what it was told (its jitter)
        outside = len(self._refusals) / WINDOW_S * 1.25 * self._told_s
        ahead = len(self._waiters) + self.in_flight + outside
        drain = ahead * self._service_s / self.max_in_flight
        told = max(1, min(MAX_RETRY_AFTER_S, math.ceil(drain)))
        self._told_s += 0.1 * (told - self._told_s)
        return told

    async def _enter(self) -> bool:
        if self.in_flight < self.max_in_flight and not self._waiters:
            self.in_flight += 1
            return True
        if len(self._waiters) >= self.max_queued or self.max_wait_s == 0:
            return False
        expected = (len(self._waiters) + 1) * self._service_s / self.max_in_flight
        if expected > self.max_wait_s:
            return False
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(slot)
        try:
            await asyncio.wait_for(asyncio.shield(slot), self.max_wait_s)
            return True  # _leave handed its slot over: in_flight already counts this request
        except TimeoutError:
            if slot.done():  # handed over just as the time ran out: take it
                return True
            self._waiters.remove(slot)
            slot.cancel()
            return False
        except asyncio.CancelledError:
            if slot.done():
                self._leave()  # the slot was ours: give it on
            else:
                self._waiters.remove(slot)
                slot.cancel()
            raise

    def _leave(self) -> None:
        while self._waiters:
            slot = self._waiters.popleft()
            if not slot.done():
                slot.set_result(None)  # the slot passes on; in_flight stays the same
                return
        self.in_flight -= 1


def _governed(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] == "HEAD":
        return False
    path: str = scope["path"]
    return path.startswith(f"{p.API_PREFIX}/") and path not in _UNGOVERNED


async def _refuse(receive: Receive, send: Send, retry_after: int, max_drain: int) -> None:
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
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

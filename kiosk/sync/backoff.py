"""Exponential backoff with full jitter, and the rule for which failures are worth a retry.

Why full jitter: after an outage at an MPP, dozens of kiosks come back at once; drawing each wait
uniformly from ``[0, min(cap, base * 2**attempt)]`` spreads their retries instead of having them
hammer the central in lock-step (AWS Architecture Blog, "Exponential Backoff and Jitter").

A server that says ``Retry-After`` (429 rate limit, 503 maintenance) is obeyed: we wait at least
that long, capped by ``max_retry_after`` so a wrong header cannot park a kiosk for a day.

A *busy* answer (``503 central.busy``: the central is up and shedding load, see
:mod:`kiosk.central.admission`) is not a failure: it does not use up ``max_attempts`` (after a
province-wide outage 1,500 kiosks come back at once, and a kiosk that gave up after six refusals
would sit out a whole sync interval while the others went ahead). Busy waits are bounded by
``max_busy_wait_s`` in total (and by ``deadline_s``), and each is the server's ``Retry-After``
stretched by a random 0–50 %, so the refused kiosks do not all come back in the same second —
or by 0–10 % when the central booked the request a turn (``Kiosk-Queue-Turn``): it spreads the
turns at its own pace already, and a kiosk stretching a turn's wait by half only sits idle
(the storm of ``bench/bench_province.py``: slept waits were most of the slowest kiosks' time).

The sleep and the random source are injected so the timing logic is tested without waiting.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: HTTP statuses that are never retried: the request itself is wrong or not allowed, and asking
#: again gives the same answer (401 revoked, 403 forbidden, 409 conflict, 422 invalid, ...).
NEVER_RETRY = frozenset({400, 401, 403, 404, 409, 413, 422})


def is_retryable_status(status: int) -> bool:
    """5xx, 429 and 408 (the central cut a stalled upload; it kept the part) are transient;
    every other 4xx is final."""
    if status in NEVER_RETRY:
        return False
    return status in (408, 429) or 500 <= status <= 599


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


@dataclass
class Backoff:
    """Retry timing policy.

    ``max_attempts`` counts every try including the first; ``deadline_s`` (optional) bounds the
    total time spent waiting, so one sync round never hangs for long when the network is gone.
    """

    base_s: float = 0.5
    cap_s: float = 60.0
    max_attempts: int = 6
    deadline_s: float | None = None
    max_retry_after_s: float = 300.0
    max_busy_wait_s: float = 600.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait before try number ``attempt + 1`` (``attempt`` = tries already failed, ≥ 1)."""
        ceiling = min(self.cap_s, self.base_s * (2 ** (attempt - 1)))
        wait = self.rng.uniform(0.0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.max_retry_after_s))
        return wait

    def busy_delay(self, retry_after: float, *, booked: bool = False) -> float:
        """The wait after a busy answer: the server's ``Retry-After`` stretched by 0–50 %, or
        by 0–10 % when the server ``booked`` the request a turn."""
        stretch = 1.1 if booked else 1.5
        return min(retry_after, self.max_retry_after_s) * self.rng.uniform(1.0, stretch)

    def retrying(self) -> RetryState:
        return RetryState(self)


class RetryState:
    """One operation's progress through the policy: ``while state.wait(...)`` retries."""

    def __init__(self, policy: Backoff) -> None:
        self.policy = policy
        self.failures = 0
        self.waited = 0.0
        self.busy_waited = 0.0

    def wait(
        self, retry_after: float | None = None, *, busy: bool = False, booked: bool = False
    ) -> bool:
        """Record a failure; sleep and return True if another try is allowed, else False.

        ``busy``: the server is shedding load and said when to come back (see the module
        docstring): not counted as a failure, bounded by ``max_busy_wait_s`` instead;
        ``booked``: it booked the retry a turn."""
        if busy:
            return self._wait_busy(retry_after or 1.0, booked)
        self.failures += 1
        if self.failures >= self.policy.max_attempts:
            return False
        delay = self.policy.delay(self.failures, retry_after)
        deadline = self.policy.deadline_s
        if deadline is not None and self.waited + delay > deadline:
            return False
        self.policy.sleep(delay)
        self.waited += delay
        return True

    def _wait_busy(self, retry_after: float, booked: bool) -> bool:
        policy = self.policy
        delay = policy.busy_delay(retry_after, booked=booked)
        if self.busy_waited + delay > policy.max_busy_wait_s:
            return False
        if policy.deadline_s is not None and self.waited + delay > policy.deadline_s:
            return False
        policy.sleep(delay)
        self.waited += delay
        self.busy_waited += delay
        return True

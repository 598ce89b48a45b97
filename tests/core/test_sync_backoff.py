"""Backoff timing and the retry rules of the sync client (unit: injected sleep, seeded jitter).

The HTTP exchanges here go through httpx's MockTransport: what is under test is the client's
decision to wait and retry, not the network (the end-to-end tests use a real central).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random

import httpx
import pytest

from kiosk.sync.backoff import Backoff, is_retryable_status, parse_retry_after
from kiosk.sync.client import CentralClient
from kiosk.sync.messages import CentralRefused, CentralUnreachable, DeviceRevoked


def policy(sleeps: list[float], **kw) -> Backoff:
    kw.setdefault("base_s", 0.5)
    kw.setdefault("cap_s", 8.0)
    kw.setdefault("max_attempts", 6)
    return Backoff(sleep=sleeps.append, rng=random.Random(7), **kw)


def scripted(answers: list) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler), seen


def error(status: int, code: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": "m"}}, headers=headers)


def test_full_jitter_stays_under_the_exponential_ceiling_and_varies() -> None:
    backoff = policy([])
    for attempt in range(1, 10):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        delays = [backoff.delay(attempt) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # full jitter: the whole range is used
        assert min(delays) < ceiling * 0.2


def test_retry_after_is_a_floor_and_is_capped() -> None:
    backoff = policy([], max_retry_after_s=30)
    assert all(backoff.delay(1, retry_after=7) >= 7 for _ in range(50))
    assert backoff.delay(1, retry_after=10_000) <= 30


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("12") == 12
    later = email.utils.format_datetime(now + dt.timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(90)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422])
def test_final_statuses_are_not_retryable(status: int) -> None:
    assert not is_retryable_status(status)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retryable(status: int) -> None:
    assert is_retryable_status(status)


def test_client_retries_5xx_and_network_errors_with_growing_waits() -> None:
    sleeps: list[float] = []
    transport, seen = scripted(
        [
            httpx.ConnectError("refused"),
            error(503, "central.unavailable"),
            httpx.ReadTimeout("slow"),
            httpx.RemoteProtocolError("dropped"),
            httpx.Response(200, json={"count": 0, "digest": "x"}),
        ]
    )
    client = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    assert client.sanity() == {"count": 0, "digest": "x"}
    assert len(seen) == 5 and len(sleeps) == 4
    assert all(0 <= s <= min(8.0, 0.5 * 2**i) for i, s in enumerate(sleeps))
    assert seen[0].headers["Authorization"] == "Bearer tok"


def test_client_honours_retry_after_on_429() -> None:
    sleeps: list[float] = []
    transport, _ = scripted(
        [error(429, "rate.limited", **{"Retry-After": "3"}), httpx.Response(200, json={})]
    )
    client = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    client.sanity()
    assert sleeps and sleeps[0] >= 3


@pytest.mark.parametrize(
    ("status", "code"),
    [(403, "enroll.code_spent"), (409, "pages.not_referenced"), (422, "request.invalid")],
)
def test_client_never_retries_final_refusals(status: int, code: str) -> None:
    sleeps: list[float] = []
    transport, seen = scripted([error(status, code), httpx.Response(200, json={})])
    client = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    with pytest.raises(CentralRefused) as info:
        client.push([])
    assert info.value.status == status and info.value.central_code == code
    assert len(seen) == 1 and sleeps == []


def test_revoked_token_raises_device_revoked_without_retry() -> None:
    sleeps: list[float] = []
    transport, seen = scripted([error(401, "auth.revoked")])
    client = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    with pytest.raises(DeviceRevoked) as info:
        client.pull(0)
    assert info.value.code == "sync.revoked" and len(seen) == 1 and sleeps == []


def test_client_gives_up_after_max_attempts_and_reports_offline() -> None:
    sleeps: list[float] = []
    transport, seen = scripted([httpx.ConnectError("down")] * 4)
    client = CentralClient(
        "http://central", "tok", backoff=policy(sleeps, max_attempts=4), transport=transport
    )
    with pytest.raises(CentralUnreachable) as info:
        client.sanity()
    assert len(seen) == 4 and len(sleeps) == 3
    assert info.value.params["detail"] == "ConnectError"  # for the log and the help desk
    assert "ConnectError" not in info.value.text("en") and "Wi-Fi" in info.value.text("en")


def test_deadline_bounds_the_total_wait() -> None:
    sleeps: list[float] = []
    transport, _ = scripted([error(503, "central.unavailable", **{"Retry-After": "5"})] * 10)
    backoff = policy(sleeps, max_attempts=10, deadline_s=12)
    client = CentralClient("http://central", "tok", backoff=backoff, transport=transport)
    with pytest.raises(CentralUnreachable):
        client.sanity()
    assert sum(sleeps) <= 12 and len(sleeps) == 2


def test_busy_answers_do_not_use_up_the_attempts_and_are_jittered() -> None:
    """503 central.busy (the central shedding load) is waited out past max_attempts."""
    sleeps: list[float] = []
    busy = [error(503, "central.busy", **{"Retry-After": "2"}) for _ in range(8)]
    transport, seen = scripted([*busy, httpx.Response(200, json={})])
    backoff = policy(sleeps, max_attempts=2)
    client = CentralClient("http://central", "tok", backoff=backoff, transport=transport)
    assert client.sanity() == {}
    assert len(seen) == 9 and len(sleeps) == 8
    assert all(2 <= s <= 3 for s in sleeps) and len(set(sleeps)) > 1  # spread, not in step


def test_busy_waits_are_bounded_in_total() -> None:
    sleeps: list[float] = []
    transport, _ = scripted([error(503, "central.busy", **{"Retry-After": "10"})] * 20)
    backoff = policy(sleeps, max_attempts=2, max_busy_wait_s=40)
    client = CentralClient("http://central", "tok", backoff=backoff, transport=transport)
    with pytest.raises(CentralUnreachable):
        client.sanity()
    assert sum(sleeps) <= 40 and 2 <= len(sleeps) <= 4


def test_the_place_in_line_the_central_tells_goes_with_every_later_request_of_the_round() -> None:
    """Kiosk-Queue-Turn (the kiosk's place in line) from a 503 is sent with the retry (which is
    stretched by at most 10 %: the central spread the waits itself) and with every later request
    of this client (one client is one sync round: a page upload another worker serves keeps the
    round's place); a newer place the central tells replaces it; a new round starts without."""
    sleeps: list[float] = []
    booked = error(503, "central.busy", **{"Retry-After": "20", "Kiosk-Queue-Turn": "1234.500"})
    answers = [
        booked,
        httpx.Response(200, json={}),
        httpx.Response(200, json={}, headers={"Kiosk-Queue-Turn": "1230.250"}),
        httpx.Response(200, json={}),
        httpx.Response(200, json={}),
    ]
    transport, seen = scripted(answers)
    client = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    assert client.sanity() == {}
    assert "Kiosk-Queue-Turn" not in seen[0].headers
    assert seen[1].headers["Kiosk-Queue-Turn"] == "1234.500"
    assert len(sleeps) == 1 and 20 <= sleeps[0] <= 22
    assert client.sanity() == {}
    assert seen[2].headers["Kiosk-Queue-Turn"] == "1234.500"
    assert client.sanity() == {}
    assert seen[3].headers["Kiosk-Queue-Turn"] == "1230.250"
    next_round = CentralClient("http://central", "tok", backoff=policy(sleeps), transport=transport)
    assert next_round.sanity() == {}
    assert "Kiosk-Queue-Turn" not in seen[4].headers


def test_a_busy_answer_without_a_turn_is_stretched_by_up_to_half() -> None:
    rng_policy = policy([])
    waits = [rng_policy.busy_delay(10) for _ in range(200)]
    booked = [rng_policy.busy_delay(10, booked=True) for _ in range(200)]
    assert all(10 <= w <= 15 for w in waits) and max(waits) > 12
    assert all(10 <= w <= 11 for w in booked)

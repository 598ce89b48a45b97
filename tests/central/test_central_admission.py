"""Admission control (kiosk.central.admission): a central with room for one request at a time.

The end-to-end test holds the one slot with a real page upload whose body stops halfway (the
route is at work, writing the partial), so a push that arrives meanwhile is refused with
``503 central.busy`` and ``Retry-After``; the kiosk's real client waits (its sleep lets the upload
finish) and its retry is stored. Nothing is lost: the page and both registrations are at the
central. The queue's order and bounds are checked on the middleware itself, in one event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import threading
import time
from collections.abc import Iterator

import pytest

from kiosk import protocol as p
from kiosk.central.admission import MAX_PLACE_AGE_S, AdmissionControl
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from tests.central.helpers import page_bytes, registration, sha


def _wait_until(condition, what: str) -> None:
    """Wait for something the other thread does (not a timing assertion: a generous bound)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"waited 30 s for {what}"
        time.sleep(0.01)


@pytest.mark.postgres
def test_a_busy_central_answers_retry_after_and_the_retry_is_stored(make_central) -> None:
    central = make_central("postgres", max_in_flight=1, max_queued=0)
    kiosk = central.enroll()
    page = page_bytes(300_000)
    first = registration(kiosk.kiosk_code, pages=[page])
    answer = kiosk.push(kiosk.item(first))
    assert answer.status_code == 200 and answer.json()["missing_pages"] == [sha(page)]
    envelope = kiosk.seal(page)
    release = threading.Event()

    def body() -> Iterator[bytes]:
        yield envelope[:200_000]
        release.wait(60)
        yield envelope[200_000:]

    uploaded: list[int] = []

    def upload() -> None:
        with kiosk.http() as http:
            response = http.put(
                f"/pages/{sha(page)}",
                content=body(),
                headers={"Content-Length": str(len(envelope)), p.UPLOAD_LENGTH: str(len(envelope))},
            )
            uploaded.append(response.status_code)

    holder = threading.Thread(target=upload)
    holder.start()
    storage = central.folder / "partial"
    _wait_until(lambda: any(f.stat().st_size for f in storage.glob("*.part")), "the upload")

    second = registration(kiosk.kiosk_code)
    item = kiosk.item(second)
    refused = kiosk.push(item)
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == p.CENTRAL_BUSY
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after >= 1

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:  # the kiosk waits; meanwhile the upload finishes
        sleeps.append(seconds)
        release.set()
        holder.join(60)

    backoff = Backoff(max_attempts=1, sleep=sleep)  # a busy answer is not a failure
    with CentralClient(central.url, kiosk.token, backoff=backoff) as client:
        result = client.push([p.PushItem.model_validate(item)])
    assert [r.outcome for r in result.results if r is not None] == ["stored"]
    assert len(sleeps) == 1 and sleeps[0] >= retry_after
    assert uploaded == [201]
    held = central.sql(
        "SELECT count(*) FROM central_versions WHERE kiosk_id = :kiosk", kiosk=kiosk.kiosk_id
    )
    assert held[0][0] == 2
    with kiosk.http() as http:
        assert http.head(f"/pages/{sha(page)}").status_code == 200


def _scope(
    path: str = "/api/v1/push", method: str = "POST", kiosk: str = "", turn: str = ""
) -> dict:
    headers = [(b"authorization", f"Bearer {kiosk}".encode())] if kiosk else []
    if turn:
        headers.append((p.QUEUE_TURN.lower().encode(), turn.encode()))
    return {"type": "http", "path": path, "method": method, "headers": headers}


class _Held:
    """An ASGI app whose requests finish when the test says so, recording their order."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def __call__(self, scope, receive, send) -> None:
        name = scope["name"]
        self.started.append(name)
        await self.gates.setdefault(name, asyncio.Event()).wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _request(
    app: AdmissionControl, name: str, path: str = "/api/v1/push", kiosk: str = "", turn: str = ""
) -> list[dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app({**_scope(path, kiosk=kiosk, turn=turn), "name": name}, receive, send)
    return sent


async def _answered_push(app: AdmissionControl, inner: _Held, kiosk: str) -> None:
    """A push of ``kiosk`` served at once: its round has begun."""
    inner.gates["push"] = asyncio.Event()
    inner.gates["push"].set()
    assert (await _request(app, "push", kiosk=kiosk))[0]["status"] == 200


async def _release(inner: _Held, names: str | tuple[str, ...], tasks: tuple) -> None:
    """Let the requests named finish, and check every task was answered 200."""
    for name in names if isinstance(names, tuple) else (names,):
        inner.gates.setdefault(name, asyncio.Event()).set()
    for task in tasks:
        assert (await task)[0]["status"] == 200


def _kiosk_id(token: str) -> str:
    """How the middleware tells a kiosk apart: its bearer token, hashed."""
    return hashlib.sha256(f"Bearer {token}".encode()).hexdigest()[:24]


def _answer(sent: list[dict]) -> tuple[int, dict[bytes, bytes]]:
    return sent[0]["status"], dict(sent[0]["headers"])


def test_waiters_get_the_slot_in_arrival_order_and_the_queue_is_bounded() -> None:
    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=2, max_wait_s=60)
        tasks = {}
        for name in ("a", "b", "c"):
            tasks[name] = asyncio.create_task(_request(app, name))
            await asyncio.sleep(0)  # let it reach the gate or the queue, in this order
        refused = await _request(app, "d")  # a, at work; b and c waiting: no room
        assert refused[0]["status"] == 503
        assert dict(refused[0]["headers"])[b"retry-after"].isdigit()
        health = asyncio.create_task(_request(app, "h", "/api/v1/health"))
        await asyncio.sleep(0)
        assert inner.started == ["a", "h"]  # the load balancer's probe is never queued
        inner.gates["h"].set()
        for name in ("a", "b", "c"):
            inner.gates.setdefault(name, asyncio.Event()).set()
            assert (await tasks[name])[0]["status"] == 200
        await health
        assert inner.started == ["a", "h", "b", "c"]
        assert (app.in_flight, app.admitted, app.refused) == (0, 3, 1)

    asyncio.run(scenario())


def test_a_waiter_past_its_time_is_refused_and_leaves_the_queue() -> None:
    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=5, max_wait_s=0.05)
        first = asyncio.create_task(_request(app, "a"))
        await asyncio.sleep(0)
        late = await _request(app, "b", kiosk="B")
        assert late[0]["status"] == 503 and inner.started == ["a"]
        # it had its place in the line: its turn is now, first when it comes back
        assert float(dict(late[0]["headers"])[b"kiosk-queue-turn"]) <= time.time()
        inner.gates["a"].set()
        assert (await first)[0]["status"] == 200
        inner.gates["c"] = asyncio.Event()
        inner.gates["c"].set()
        assert (await _request(app, "c"))[0]["status"] == 200
        assert app.in_flight == 0 and len(app._queue) == 0

    asyncio.run(scenario())


def test_a_request_that_could_not_be_served_in_time_is_refused_at_once() -> None:
    """Expected wait (queue ahead × recent service time) over max_wait_s: no waiting in vain."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=100, max_wait_s=500)
        app._service_s = 200.0  # the recent pace: 200 seconds a request
        first = asyncio.create_task(_request(app, "a"))
        await asyncio.sleep(0)
        second = asyncio.create_task(_request(app, "b"))  # 200 s ahead: waits
        await asyncio.sleep(0)
        third = asyncio.create_task(_request(app, "c"))  # 400 s ahead: waits
        await asyncio.sleep(0)
        # 600 s ahead > 500 s: refused without waiting (the bound only guards a broken rule)
        refused = await asyncio.wait_for(_request(app, "d"), timeout=60)
        assert refused[0]["status"] == 503 and len(app._queue) == 2
        assert int(dict(refused[0]["headers"])[b"retry-after"]) == 60  # 600 s, capped at 60
        for name, task in (("a", first), ("b", second), ("c", third)):
            inner.gates.setdefault(name, asyncio.Event()).set()
            assert (await task)[0]["status"] == 200

    asyncio.run(scenario())


def test_retry_after_grows_with_the_crowd_turned_away() -> None:
    """Many refusals in a short time mean many kiosks outside: they are told to wait longer."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=0, max_wait_s=10)
        app._service_s = 1.0
        held = asyncio.create_task(_request(app, "a"))
        await asyncio.sleep(0)
        told = []
        for n in range(200):
            answer = await _request(app, f"r{n}")
            told.append(int(dict(answer[0]["headers"])[b"retry-after"]))
        assert told[0] <= 2 and told[-1] == 60  # one ahead at first; a crowd of 200 at the end
        assert told == sorted(told)
        inner.gates["a"].set()
        await held

    asyncio.run(scenario())


def test_kiosks_take_turns_a_kiosk_with_two_waiting_does_not_hold_two_places() -> None:
    """A's three requests and B's and C's one each: served A, A, B, C, A — not A, A, A, B, C."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=600)
        tasks = []
        for name, kiosk in (("a1", "A"), ("a2", "A"), ("a3", "A"), ("b1", "B"), ("c1", "C")):
            tasks.append(asyncio.create_task(_request(app, name, kiosk=kiosk)))
            await asyncio.sleep(0)
        assert inner.started == ["a1"] and len(app._queue) == 4
        assert len(app.queue_order()) == 3  # kiosks A, B and C, in that order
        for name in ("a1", "a2", "b1", "c1", "a3"):
            inner.gates.setdefault(name, asyncio.Event()).set()
            await asyncio.sleep(0)
        for task in tasks:
            assert (await task)[0]["status"] == 200
        assert inner.started == ["a1", "a2", "b1", "c1", "a3"]

    asyncio.run(scenario())


def test_a_refused_request_keeps_its_place_and_is_served_before_those_who_came_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=50)
        app._service_s = 60.0  # the recent pace: any newcomer's wait would be too long
        held = asyncio.create_task(_request(app, "a", kiosk="A"))
        await asyncio.sleep(0)
        status_b, b = _answer(await _request(app, "b", kiosk="B"))
        status_c, c = _answer(await _request(app, "c", kiosk="C"))
        assert status_b == status_c == 503
        place_b, place_c = float(b[b"kiosk-queue-turn"]), float(c[b"kiosk-queue-turn"])
        assert place_b <= place_c <= time.time()  # their places: when they first asked
        assert int(b[b"retry-after"]) == int(c[b"retry-after"]) == 60  # both far away: capped
        app._service_s = 1.0
        five_s_later = time.time() + 5
        monkeypatch.setattr(time, "time", lambda: five_s_later)
        # newcomer D comes after them and waits in line
        later = asyncio.create_task(_request(app, "d", kiosk="D"))
        await asyncio.sleep(0)
        # B comes back with the place it was told (its class is long gone): it goes before D
        back = asyncio.create_task(
            _request(app, "b", kiosk="B", turn=b[b"kiosk-queue-turn"].decode())
        )
        await asyncio.sleep(0)
        monkeypatch.undo()
        assert app.queue_order() == [_kiosk_id("B"), _kiosk_id("D")]
        await _release(inner, ("a", "b", "d"), (held, back, later))
        assert inner.started == ["a", "b", "d"]
        assert app.refused == 2  # b, c

    asyncio.run(scenario())


def test_a_place_from_the_future_or_too_old_is_not_honoured() -> None:
    """Nothing is gained by claiming a later place, and a place cannot be held for ever."""
    app = AdmissionControl(_Held(), max_in_flight=1, max_queued=10, max_wait_s=10)
    now = time.time()
    assert app.place_of("K", now + 30, now) == now
    assert app.place_of("K", now - MAX_PLACE_AGE_S - 1, now) == now
    assert app.place_of("K", now - 42, now) == now - 42
    assert app.place_of("K", None, now) == now


def test_kiosks_are_served_in_the_order_they_first_asked_whatever_they_send_after() -> None:
    """First come, first served by round: R asked first, then S (more than a class apart). R's
    next request (mid-round) and its retry with its place go before S's, and S's before newcomer
    T's, though S's request was waiting first (the storm's slowest kiosks were those that shared
    the central with everyone who came after them)."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=600)
        now = time.time()
        held = asyncio.create_task(_request(app, "x", kiosk="X"))  # the one slot, at work
        await asyncio.sleep(0)
        tasks = [
            asyncio.create_task(_request(app, "s", kiosk="S", turn=f"{now - 20:.3f}")),
            asyncio.create_task(_request(app, "t", kiosk="T")),
            asyncio.create_task(_request(app, "r2", kiosk="R", turn=f"{now - 30:.3f}")),
            asyncio.create_task(_request(app, "q", kiosk="Q", turn=f"{now - 29:.3f}")),
        ]
        await asyncio.sleep(0)
        # R (30 s ago) and Q (29 s ago) are one class: they take turns, R's first
        assert app.queue_order() == [_kiosk_id(k) for k in "RQST"]
        await _release(inner, ("x", "r2", "q", "s", "t"), (held, *tasks))
        assert inner.started == ["x", "r2", "q", "s", "t"]

    asyncio.run(scenario())


def test_a_kiosk_mid_round_keeps_its_round_place_against_later_newcomers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A's push was answered; a newcomer N comes more than a class later and waits; A's page
    batch then comes (without the place it was told) and is served first: this process
    remembers its round's place."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=600)
        await _answered_push(app, inner, "A")
        five_s_later = time.time() + 5
        monkeypatch.setattr(time, "time", lambda: five_s_later)
        held = asyncio.create_task(_request(app, "x", kiosk="X"))
        await asyncio.sleep(0)
        newcomer = asyncio.create_task(_request(app, "n", kiosk="N"))
        await asyncio.sleep(0)
        batch = asyncio.create_task(_request(app, "batch", kiosk="A"))
        await asyncio.sleep(0)
        monkeypatch.undo()
        await _release(inner, ("x", "batch", "n"), (held, newcomer, batch))
        assert inner.started == ["push", "x", "batch", "n"]

    asyncio.run(scenario())


def test_a_kiosk_in_the_middle_of_its_round_waits_where_a_newcomer_is_refused() -> None:
    """A's push was just answered: its page batch waits for the slot where newcomer N is
    refused, and takes its turn after W, who was waiting before it (it does not overtake)."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=600)
        await _answered_push(app, inner, "A")
        other = asyncio.create_task(_request(app, "x", kiosk="X"))  # takes the one slot
        await asyncio.sleep(0)
        waiting = asyncio.create_task(_request(app, "w", kiosk="W"))
        await asyncio.sleep(0)
        app._service_s = 1000.0  # from now on a newcomer's wait is too long
        batch = asyncio.create_task(_request(app, "batch", kiosk="A"))
        await asyncio.sleep(0)
        status_n, _ = _answer(await _request(app, "n", kiosk="N"))
        assert status_n == 503 and len(app._queue) == 2
        await _release(inner, ("x", "w", "batch"), (other, waiting, batch))
        assert inner.started == ["push", "x", "w", "batch"]

    asyncio.run(scenario())


def test_newcomers_turned_away_are_told_to_come_back_one_round_after_another() -> None:
    """Each refused newcomer's expected wait is a round's worth of requests after the one
    before; it is told to come back a little early (a wait in line costs less than a slot left
    to those who came after it)."""

    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=2, max_queued=0, max_wait_s=10)
        app._service_s = 1.0
        app._per_round = 4.0  # a kiosk's round: a push and three page batches
        held = [asyncio.create_task(_request(app, n, kiosk=n)) for n in ("a", "b")]
        await asyncio.sleep(0)
        told = []
        for n in range(12):
            _, answer = _answer(await _request(app, f"r{n}", kiosk=f"R{n}"))
            told.append(int(answer[b"retry-after"]))
        # expected: 2 at work (1 s) + 2 s a round each; told 5 s early once that is over 10 s
        expected = [1 + 2 * (n + 1) for n in range(12)]
        assert told == [math.ceil(w - min(5, w / 2)) for w in expected]
        assert told[-1] < expected[-1] and told == sorted(told)
        for name, task in zip(("a", "b"), held, strict=True):
            inner.gates[name].set()
            await task

    asyncio.run(scenario())


def test_a_kiosk_in_its_round_whose_wait_ran_out_keeps_its_place() -> None:
    async def scenario() -> None:
        inner = _Held()
        app = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=0.01)
        await _answered_push(app, inner, "A")
        round_place = next(iter(app._rounds.values()))[2]
        other = asyncio.create_task(_request(app, "x", kiosk="X"))
        await asyncio.sleep(0)
        status, answer = _answer(await _request(app, "batch", kiosk="A"))  # waited, ran out
        assert status == 503
        assert float(answer[b"kiosk-queue-turn"]) == pytest.approx(round_place, abs=0.001)
        back = asyncio.create_task(
            _request(app, "batch", kiosk="A", turn=answer[b"kiosk-queue-turn"].decode())
        )
        await asyncio.sleep(0)
        assert len(app._queue) == 1 and inner.started == ["push", "x"]
        inner.gates["x"].set()
        inner.gates.setdefault("batch", asyncio.Event()).set()
        assert (await other)[0]["status"] == 200 and (await back)[0]["status"] == 200

    asyncio.run(scenario())


def test_a_request_with_a_place_is_told_the_wait_of_those_before_it_not_of_the_crowd() -> None:
    """A request that had its place (its wait ran out, or it was mid-round) is told the wait for
    the requests before its place and those at work, not for the crowd that queued behind it
    (told that, it came back to an idle central after all of them: the slowest kiosks of the
    1,500-kiosk storm). A newcomer is told the wait behind everyone."""

    async def scenario() -> None:
        app = AdmissionControl(_Held(), max_in_flight=2, max_queued=100, max_wait_s=10)
        app._service_s, app.in_flight = 3.0, 2
        loop = asyncio.get_running_loop()
        now = time.time()
        for n in range(20):  # the crowd that came after
            app._queue.add(f"crowd-{n}", loop.create_future(), now)
        assert (
            app.retry_after(now - 60, now, placed=True) == 2
        )  # 2 at work × 3 s / 2: 3 s, less 1.5
        for n in range(2):
            app._queue.add(f"early-{n}", loop.create_future(), now - 70)
        assert app.retry_after(now - 60, now, placed=True) == 3  # and 2 before it: 6 s, less 3
        told = app.retry_after(now, now, placed=False)  # a newcomer: behind all 24
        assert told >= 36 - 5

    asyncio.run(scenario())


def test_every_answer_tells_the_place_and_another_worker_honours_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A served request's answer carries the kiosk's place in line; the kiosk's next request of
    the round, served by another process of the central (its own admission state), keeps it and
    goes before a newcomer who came after it."""

    async def scenario() -> None:
        first_inner = _Held()
        first_worker = AdmissionControl(first_inner, max_in_flight=1, max_queued=10, max_wait_s=60)
        first_inner.gates["push"] = asyncio.Event()
        first_inner.gates["push"].set()
        status, answer = _answer(await _request(first_worker, "push", kiosk="A"))
        assert status == 200
        place = answer[b"kiosk-queue-turn"].decode()
        assert float(place) <= time.time()
        inner = _Held()
        other_worker = AdmissionControl(inner, max_in_flight=1, max_queued=10, max_wait_s=60)
        held = asyncio.create_task(_request(other_worker, "x", kiosk="X"))
        await asyncio.sleep(0)
        later = time.time() + 5  # the newcomer comes more than a class after A's push
        monkeypatch.setattr(time, "time", lambda: later)
        newcomer = asyncio.create_task(_request(other_worker, "n", kiosk="N"))
        await asyncio.sleep(0)
        batch = asyncio.create_task(_request(other_worker, "batch", kiosk="A", turn=place))
        await asyncio.sleep(0)
        monkeypatch.undo()
        assert other_worker.queue_order() == [_kiosk_id("A"), _kiosk_id("N")]
        await _release(inner, ("x", "batch", "n"), (held, batch, newcomer))
        assert inner.started == ["x", "batch", "n"]

    asyncio.run(scenario())

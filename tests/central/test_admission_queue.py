"""The admission waiting room (kiosk.central.admission_queue): served by place in line, kiosks
of one class taking turns; checked against a model over random sequences of arrivals, removals
(a wait that ran out, a client gone) and services."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.admission_queue import TIE_S, FairQueue

_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 7)),  # a request of kiosk n
        st.tuples(st.just("remove"), st.integers(0, 50)),  # the n-th waiting request leaves
        st.tuples(st.just("pop"), st.just(0)),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(
    places=st.lists(st.floats(0, 20, allow_nan=False), min_size=8, max_size=8),
    steps=_STEPS,
    class_kiosks=st.integers(1, 9),
)
def test_every_request_is_served_once_and_never_after_one_much_later_in_line(
    places: list[float], steps: list[tuple[str, int]], class_kiosks: int
) -> None:
    """Each kiosk has one place (its round's); whatever the sequence and however small the
    classes: ``len`` is the number waiting, every request is served once unless it left, and a
    request is never served while one whose place is more than two class widths earlier
    waits."""

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        queue = FairQueue(class_kiosks=class_kiosks)
        waiting: list[tuple[int, asyncio.Future[None]]] = []
        served: list[asyncio.Future[None]] = []

        def serve() -> None:
            waiter = queue.pop()
            if waiter is None:
                assert not waiting
                return
            (kiosk,) = [k for k, w in waiting if w is waiter]
            assert all(places[k] > places[kiosk] - 2 * TIE_S for k, _ in waiting)
            waiting.remove((kiosk, waiter))
            waiter.set_result(None)
            served.append(waiter)

        for action, n in steps:
            if action == "add":
                waiter = loop.create_future()
                ahead = queue.add(f"k{n}", waiter, places[n])
                assert 0 <= ahead <= len(waiting)
                waiting.append((n, waiter))
            elif action == "remove" and waiting:
                kiosk, waiter = waiting.pop(n % len(waiting))
                queue.remove(f"k{kiosk}", waiter)
                waiter.cancel()
            elif action == "pop":
                serve()
            assert len(queue) == len(waiting)
            assert set(queue.order()) == {f"k{k}" for k, _ in waiting}
        while waiting:
            serve()
        assert queue.pop() is None and len(queue) == 0 and queue.order() == []
        assert len(set(map(id, served))) == len(served)

    asyncio.run(scenario())


def test_kiosks_of_one_class_take_turns_and_classes_go_in_order() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        queue = FairQueue()
        names: dict[int, str] = {}

        def add(kiosk: str, place: float, name: str) -> None:
            waiter = loop.create_future()
            names[id(waiter)] = name
            queue.add(kiosk, waiter, place)

        add("late", 100.0, "late-1")
        add("a", 10.0, "a-1")
        add("a", 10.0, "a-2")
        add("b", 11.0, "b-1")  # within a class of a: takes turns with it
        add("c", 9.5, "c-1")  # a moment before a: takes turns with a and b too
        assert queue.ahead_of(10.0) == 4 and queue.ahead_of(100.0) == 5
        order = []
        while (waiter := queue.pop()) is not None:
            order.append(names[id(waiter)])
        assert order == ["a-1", "b-1", "c-1", "a-2", "late-1"]

    asyncio.run(scenario())


def test_a_full_class_leaves_the_next_kiosks_to_a_class_of_their_own() -> None:
    """Kiosks that came together take turns, but only so many: a crowd that came at one instant
    is served in classes in the order it came, not all in one rotation (the slowest kiosks of a
    clump would be done with the last of it)."""

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        queue = FairQueue(class_kiosks=2)
        names: dict[int, str] = {}
        for kiosk in "abcde":
            for n in (1, 2):
                waiter = loop.create_future()
                names[id(waiter)] = f"{kiosk}{n}"
                queue.add(kiosk, waiter, 50.0)
        order = []
        while (waiter := queue.pop()) is not None:
            order.append(names[id(waiter)])
        assert order == ["a1", "b1", "a2", "b2", "c1", "d1", "c2", "d2", "e1", "e2"]

    asyncio.run(scenario())

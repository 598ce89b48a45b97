"""A fault-injecting TCP proxy on loopback, for the sync end-to-end proofs, and its own tests.

It sits between a kiosk and the central and, at random byte offsets of the traffic, does what real
networks at outreach events do:

- ``reset_up``: resets the connection while the request is on its way (the central may have read
  part of it, or none);
- ``reset_down``: resets it while the answer is on its way back (the central already committed);
- ``drop_answer``: lets the whole request through, waits for the central's first answer byte (it has
  committed by then, the protocol says so) and resets the connection without passing anything on;
- ``stall``: holds the answer for longer than the client's read timeout, then resets.

Faults are drawn per connection: each connection gets a byte budget (exponentially distributed
with mean ``mean_bytes``) after which one fault of a random kind fires. ``enabled = False`` turns
them off (for the final clean round). The upstream can be swapped while running (central
restarted on a new port); a connection that cannot reach the upstream is reset.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter

KINDS = ("reset_up", "reset_down", "drop_answer", "stall")


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0) instead of a clean FIN.

    ``shutdown(SHUT_RD)`` first wakes the pump thread blocked in ``recv`` on this socket: without
    it the kernel keeps the connection alive until that ``recv`` returns, so the RST would not be
    sent and the peer would wait for bytes that never come.
    """
    for action in (
        lambda: sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
        lambda: sock.shutdown(socket.SHUT_RD),
        sock.close,
    ):
        try:
            action()
        except OSError:
            pass


class FaultProxy:
    def __init__(
        self,
        upstream: tuple[str, int],
        *,
        seed: int = 0,
        mean_bytes: int = 60_000,
        stall_s: float = 2.5,
        kinds: tuple[str, ...] = KINDS,
    ) -> None:
        self.upstream = upstream
        self.rng = random.Random(seed)
        self.mean_bytes = mean_bytes
        self.stall_s = stall_s
        self.kinds = kinds
        self.enabled = True
        self.faults: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._socks: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closing = False
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def fault_count(self) -> int:
        return sum(self.faults.values())

    def close(self) -> None:
        self._closing = True
        try:  # wakes the accept() blocked in the acceptor thread (a plain close does not)
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        self._acceptor.join(5)
        with self._lock:
            socks = list(self._socks)
        for sock in socks:
            _reset(sock)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _plan(self) -> tuple[str, int] | None:
        with self._lock:
            if not self.enabled:
                return None
            budget = int(self.rng.expovariate(1 / self.mean_bytes))
            return self.rng.choice(self.kinds), budget

    def _fire(self, kind: str) -> None:
        with self._lock:
            self.faults[kind] += 1

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _reset(client)
            return
        upstream.settimeout(None)
        with self._lock:
            self._socks.update((client, upstream))
        plan = self._plan()
        state = {"up": 0, "down": 0, "done": False, "eof": 0}

        def finish() -> None:
            with self._lock:
                if state["done"]:
                    return
                state["done"] = True
                self._socks.difference_update((client, upstream))
            for sock in (client, upstream):
                sock.close()

        def broken() -> None:
            with self._lock:
                state["done"] = True
                self._socks.difference_update((client, upstream))
            _reset(client)
            _reset(upstream)

        def pump(src: socket.socket, dst: socket.socket, direction: str) -> None:
            try:
                while not state["done"]:
                    data = src.recv(65536)
                    if not data:
                        break
                    if plan is not None and self.enabled:
                        kind, budget = plan
                        total = state["up"] + state["down"] + len(data)
                        if self._fault_here(kind, direction, total, budget, data):
                            self._apply(kind, data, dst, direction, state, budget)
                            broken()
                            return
                    dst.sendall(data)
                    state[direction] += len(data)
                else:
                    return
                dst.shutdown(socket.SHUT_WR)  # pass the half-close on
            except OSError:
                broken()
                return
            with self._lock:
                state["eof"] += 1
                both = state["eof"] == 2
            if both:
                finish()

        threading.Thread(target=pump, args=(upstream, client, "down"), daemon=True).start()
        pump(client, upstream, "up")

    def _fault_here(self, kind: str, direction: str, total: int, budget: int, data: bytes) -> bool:
        if kind == "reset_up":
            return direction == "up" and total >= budget
        if kind == "drop_answer":  # a whole answer, from its first byte: committed, never seen
            return direction == "down" and total >= budget and data.startswith(b"HTTP/")
        if kind == "stall":
            return direction == "down" and total >= budget
        return direction == "down" and total >= budget  # reset_down

    def _apply(
        self, kind: str, data: bytes, dst: socket.socket, direction: str, state: dict, budget: int
    ) -> None:
        self._fire(kind)
        try:
            self._partial(kind, data, dst, state, budget)
        except OSError:
            pass

    def _partial(
        self, kind: str, data: bytes, dst: socket.socket, state: dict, budget: int
    ) -> None:
        if kind == "reset_up":
            cut = max(0, budget - state["up"] - state["down"])
            dst.sendall(data[: min(cut, len(data))])
        elif kind == "reset_down":
            cut = max(0, budget - state["up"] - state["down"])
            dst.sendall(data[: min(cut, len(data) - 1)])
        elif kind == "stall":
            time.sleep(self.stall_s)
        # drop_answer: the answer's first bytes arrived (committed) and are thrown away


# -- the proxy's own tests ------------------------------------------------------------------------
def _echo_server() -> tuple[socket.socket, int]:
    server = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return

            def echo(c: socket.socket = conn) -> None:
                with c:
                    try:
                        while data := c.recv(65536):
                            c.sendall(data)
                    except OSError:
                        pass

            threading.Thread(target=echo, daemon=True).start()

    threading.Thread(target=run, daemon=True).start()
    return server, server.getsockname()[1]


def _roundtrip(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
        return b"".join(chunks)


def test_proxy_passes_bytes_unchanged_when_faults_are_off() -> None:
    server, port = _echo_server()
    with FaultProxy(("127.0.0.1", port)) as proxy:
        proxy.enabled = False
        payload = bytes(range(256)) * 1000
        assert _roundtrip(proxy.port, payload) == payload
        assert proxy.fault_count == 0
    server.close()


def test_proxy_breaks_connections_at_random_offsets() -> None:
    server, port = _echo_server()
    with FaultProxy(("127.0.0.1", port), seed=3, mean_bytes=20_000, stall_s=0.05) as proxy:
        payload = b"x" * 200_000
        broken = 0
        for _ in range(12):
            try:
                got = _roundtrip(proxy.port, payload)
            except OSError:
                broken += 1
                continue
            if got != payload:
                broken += 1
        assert broken == 12
        assert proxy.fault_count >= 12
        assert set(proxy.faults) <= set(KINDS)
    server.close()

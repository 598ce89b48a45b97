"""Simulated kiosks for ``bench_province.py``: many asyncio kiosks in one process, each with its
own connection, key and backlog, speaking the real protocol to a real central.

Why not httpx here: 1,500 kiosks make some 100,000 requests in a storm, and on this 2-core machine
the clients' CPU counts against the central's; httpx's AsyncClient costs about a millisecond of
CPU per request, a bare HTTP/1.1 exchange over asyncio streams a tenth of that. The bytes on the
wire are the same requests (method, path, ``Authorization``, JSON or envelope body).

A kiosk does what the real sync client does (:mod:`kiosk.sync.client`, :mod:`kiosk.sync.pages`):
one ``POST /push`` of its backlog (at most 100 items), then the pages the central lists as
missing: in ``POST /page-batches`` requests where the central has that route (envelopes ≤ 2 MB a
request, as ``kiosk.sync.pages`` batches them, in the binary body where the central reads it:
until 2026-12-04 the bench sent JSON with base64 envelopes, which cost it ~8 ms of CPU a batch
and starved its own event loop in the storm; one request at a time, where the real client runs
a few at once), else ``HEAD`` + ``PUT`` per page. It obeys
``503 central.busy`` the way the real client does, with the same policy object
(:meth:`kiosk.sync.backoff.Backoff.busy_delay`: ``Retry-After`` stretched by 0-50 %, 0-10 %
when the central told its place in line, ``Kiosk-Queue-Turn``, which goes back with every later
request of the round), and
counts every other non-success (any other status, any transport error) as an error, retried
like the real client (exponential backoff with full jitter).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from kiosk import protocol as p
from kiosk.sync.backoff import Backoff

BATCH_BYTES = 2 * 1024 * 1024  # envelopes in one batch request, as kiosk.sync.pages sends them
MAX_BATCH_PAGES = getattr(p, "PAGE_BATCH_MAX_PAGES", 64)
# the header of a place in line; a tree from before it (run alternately for before/after) has none
QUEUE_TURN = getattr(p, "QUEUE_TURN", "Kiosk-Queue-Turn")


class Http:
    """One keep-alive HTTP/1.1 connection (reconnects when the server closed it)."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port, self.token = host, port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        # (sent, answered, method, path, status, Retry-After, slept) when the bench keeps them
        self.events: list[tuple[float, float, str, str, int, float, float]] | None = None
        self.place: str | None = None  # the place in line the central told this round

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, body, headers or {})
        except (ConnectionError, asyncio.IncompleteReadError, EOFError):
            self.close()
            if not reused:
                raise
        # the server closed an idle keep-alive connection (uvicorn: after 5 s): once more, new
        return await self._exchange(method, path, body, headers or {})

    async def _exchange(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}",
            f"Authorization: Bearer {self.token}",
            f"Content-Length: {len(body)}",
            "User-Agent: kiosk-bench-province",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise EOFError("connection closed")
        status = int(status_line.split()[1])
        answer: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
        data = b""
        if method != "HEAD":
            if "content-length" in answer:
                data = await self.reader.readexactly(int(answer["content-length"]))
            elif answer.get("transfer-encoding") == "chunked":
                data = await self._chunked()
        if answer.get("connection", "").lower() == "close":
            self.close()
        return status, answer, data

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()
        await self.reader.readline()
        return b"".join(parts)


@dataclass
class Tally:
    """What every simulated kiosk together met."""

    requests: int = 0
    busy: int = 0  # 503 central.busy, waited out as told
    errors: list[str] = field(default_factory=list)
    push_latencies: list[float] = field(default_factory=list)
    pages: int = 0
    page_bytes: int = 0


class Refused(Exception):
    """A final refusal (a 4xx other than 408/429): an error the kiosk cannot retry away."""


async def call(
    http: Http,
    tally: Tally,
    policy: Backoff,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    ok: tuple[int, ...] = (200, 201),
) -> tuple[int, dict[str, str], bytes]:
    failures = 0
    headers = dict(headers or {})
    while True:
        tally.requests += 1
        sent = time.monotonic()
        if http.place is not None:  # with every request of the round, as the real client
            headers[QUEUE_TURN] = http.place
        try:
            status, answer, data = await http.request(method, path, body, headers)
            http.place = answer.get(QUEUE_TURN.lower(), http.place)
        except (OSError, asyncio.IncompleteReadError, EOFError) as exc:
            tally.errors.append(type(exc).__name__)
            http.close()
            failures += 1
            if failures >= policy.max_attempts:
                raise
            await asyncio.sleep(policy.delay(failures))
            continue
        if status in ok:
            _note(http, sent, method, path, status, 0.0, 0.0)
            return status, answer, data
        code = _code(data)
        retry_after = float(answer.get("retry-after", "0") or 0) or None
        if status == 503 and code == p.CENTRAL_BUSY:
            tally.busy += 1
            turn = answer.get(QUEUE_TURN.lower())
            told = retry_after or 1.0
            slept = policy.busy_delay(told, booked=True) if turn else policy.busy_delay(told)
            _note(http, sent, method, path, status, retry_after or 0.0, slept)
            await asyncio.sleep(slept)
            continue
        _note(http, sent, method, path, status, retry_after or 0.0, 0.0)
        tally.errors.append(f"HTTP {status} {code}")
        failures += 1
        if not (status in (408, 429) or status >= 500) or failures >= policy.max_attempts:
            raise Refused(f"{method} {path.split('?')[0][:40]}: HTTP {status} {code}")
        await asyncio.sleep(policy.delay(failures, retry_after))


def _note(
    http: Http, sent: float, method: str, path: str, status: int, told: float, slept: float
) -> None:
    if http.events is not None:
        http.events.append((sent, time.monotonic(), method, path.split("?")[0][-12:], status,
                            told, slept))  # fmt: skip


def _code(data: bytes) -> str:
    try:
        body = json.loads(data)
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""


class Pages:
    """Page plaintexts made on demand: one shared random body with a unique 32-byte tail, so each
    page has its own SHA-256 while the bench holds one body in memory (and hashes it once: the
    body's hash state is copied and only the tail added)."""

    def __init__(self, body: bytes, central_key: Any) -> None:
        self.body, self.central_key = body, central_key  # the central's X25519 public key
        self._prefix = hashlib.sha256(body)

    @staticmethod
    def _tail(name: str) -> bytes:
        return hashlib.sha256(name.encode()).digest()

    def plaintext(self, name: str) -> bytes:
        return self.body + self._tail(name)

    def sha(self, name: str) -> str:
        digest = self._prefix.copy()
        digest.update(self._tail(name))
        return digest.hexdigest()

    def envelope(self, name: str) -> bytes:
        from kiosk.documents.envelope import seal_document

        return seal_document(self.plaintext(name), [self.central_key])


async def push_and_upload(
    http: Http,
    tally: Tally,
    policy: Backoff,
    push_body: bytes,
    names: dict[str, str],
    pages: Pages,
    batch: bool,
) -> None:
    """One sync of a backlog: push it, then upload the pages the central lacks."""
    http.place = None  # a new round: the central tells it its place
    started = time.perf_counter()
    _, _, data = await call(
        http, tally, policy, "POST", f"{p.API_PREFIX}/push", push_body,
        {"Content-Type": "application/json"},
    )  # fmt: skip
    tally.push_latencies.append(time.perf_counter() - started)
    answer = json.loads(data)
    bad = [r for r in answer["results"] if r["outcome"] not in ("stored", "unchanged")]
    if bad:
        tally.errors.append(f"push {bad[0]['outcome']} {bad[0].get('error', '')}")
    missing = answer["missing_pages"]
    if batch:
        await _upload_batches(http, tally, policy, missing, names, pages)
    else:
        for sha in missing:
            await _upload_one(http, tally, policy, sha, pages.envelope(names[sha]))


async def _upload_one(http: Http, tally: Tally, policy: Backoff, sha: str, env: bytes) -> None:
    path = f"{p.API_PREFIX}/pages/{sha}"
    status, _, _ = await call(http, tally, policy, "HEAD", path, ok=(200, 404))
    if status == 200:
        return
    headers = {"Content-Type": "application/octet-stream", p.UPLOAD_LENGTH: str(len(env))}
    await call(http, tally, policy, "PUT", f"{path}?offset=0", env, headers)
    tally.pages += 1
    tally.page_bytes += len(env)


async def _upload_batches(
    http: Http, tally: Tally, policy: Backoff, missing: list[str], names: dict[str, str],
    pages: Pages,
) -> None:  # fmt: skip
    todo = [(sha, pages.envelope(names[sha])) for sha in missing]
    while todo:
        group, size = [], 0
        while todo and len(group) < MAX_BATCH_PAGES and size + len(todo[0][1]) <= BATCH_BYTES:
            size += len(todo[0][1])
            group.append(todo.pop(0))
        if not group:  # one envelope larger than a batch: by PUT
            sha, env = todo.pop(0)
            await _upload_one(http, tally, policy, sha, env)
            continue
        body, media_type = _batch_body(group)
        _, _, data = await call(
            http, tally, policy, "POST", f"{p.API_PREFIX}/page-batches", body,
            {"Content-Type": media_type},
        )  # fmt: skip
        stored = {r["sha256"] for r in json.loads(data)["results"] if r["stored"]}
        for sha, env in group:
            if sha in stored:
                tally.pages += 1
                tally.page_bytes += len(env)
            else:  # the real client sends such a page alone
                await _upload_one(http, tally, policy, sha, env)


def _batch_body(group: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A page batch as the real client sends it: the binary body (the envelopes as they are,
    :mod:`kiosk.page_batch_body`) where the central reads it, else JSON with base64 envelopes
    (a tree from before it, run alternately for before/after)."""
    binary = getattr(p, "PAGE_BATCH_BINARY_MEDIA_TYPE", None)
    if binary is not None:
        from kiosk import page_batch_body

        return page_batch_body.encode(group), binary
    pages = [{"sha256": s, "envelope": base64.b64encode(e).decode()} for s, e in group]
    return json.dumps({"pages": pages}).encode(), "application/json"

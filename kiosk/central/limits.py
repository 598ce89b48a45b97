"""Request size limits (413) and per-kiosk rate limits (429 with Retry-After).

:class:`BodyLimitMiddleware` is plain ASGI so it sees every request before FastAPI parses it: a
JSON request is read up to its limit and refused as soon as it passes it (a client cannot make the
central buffer more than ``max_json_bytes``, chunked or not). Page uploads stream, and the route
itself enforces ``max_page_bytes`` while it writes. The console's bundle upload
(:data:`STREAMED_POSTS`) streams too: its route refuses a body without a ``Content-Length`` or over
``max_bundle_upload_bytes`` before reading it, and counts while it copies
(:mod:`kiosk.central.console.routes_bundles`), so its refusal is a page in the viewer's language.

:class:`RateLimiter` is a token bucket per key (the kiosk id, or the client address for
enrolment), in memory and per process — see :class:`kiosk.central.settings.CentralSettings`.

Compressed JSON bodies (``Content-Encoding: gzip`` or ``deflate``; the kiosk gzips large pushes)
are inflated here, before any route sees them, and the limit applies to both sizes: the
compressed body as sent, and the decompressed one — inflating stops one byte past
``max_json_bytes`` and answers ``413 request.too_large`` (a decompression bomb costs at most that
much memory and nothing reaches the database). A body that is not a complete stream of its
encoding is ``400 request.malformed``; another encoding is ``415``. Routes then see a plain body
with its real length, so a client that sends plain JSON is served exactly as before.

Why not FastAPI's own ``max_body_size`` (0.16x): tried; its 413 bypasses the app's exception
handlers, so the answer would not be the protocol's ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import json
import math
import threading
import time
import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import protocol as p


class RateLimiter:
    def __init__(self, per_second: float, burst: int) -> None:
        self.per_second = per_second
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Take one token for ``key``; None if allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.per_second)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.per_second))


def _too_large(limit: int) -> tuple[Message, bytes]:
    return _error(413, p.REQUEST_TOO_LARGE, f"the request is over {limit} bytes")


def _error(status: int, code: str, message: str) -> tuple[Message, bytes]:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    return start, body


async def _answer(send: Send, status: int, code: str, message: str) -> None:
    start, body = _error(status, code, message)
    await send(start)
    await send({"type": "http.response.body", "body": body})


#: Content-Encoding → zlib's wbits: gzip (header and CRC) or deflate (RFC 9110: the zlib format)
_WBITS = {b"gzip": 31, b"x-gzip": 31, b"deflate": 15}


def _plain_scope(scope: Scope, length: int) -> Scope:
    """The request as if it had been sent uncompressed: no Content-Encoding, the new length."""
    headers = [
        (name, value)
        for name, value in scope["headers"]
        if name not in (b"content-encoding", b"content-length")
    ]
    return {**scope, "headers": [*headers, (b"content-length", str(length).encode())]}


# POSTs whose route reads and limits its own (multipart) body; never buffered here.
STREAMED_POSTS = frozenset({"/console/bundles"})


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_page_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_page_bytes = max_page_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST" and scope["path"] in STREAMED_POSTS:
            await self.app(scope, receive, send)
            return
        streamed = scope["method"] == "PUT" and "/pages/" in scope["path"]
        limit = self.max_page_bytes if streamed else self.max_json_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        if streamed:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        total = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            total += len(message.get("body", b""))
            if total > limit:
                await self._refuse(send, limit)
                return
            if not message.get("more_body", False):
                break

        encoding = dict(scope["headers"]).get(b"content-encoding", b"").strip().lower()
        if encoding not in (b"", b"identity") and messages[-1]["type"] == "http.request":
            inflated = await self._inflate(send, encoding, messages, limit)
            if inflated is None:
                return
            scope, messages = (
                _plain_scope(scope, len(inflated)),
                [{"type": "http.request", "body": inflated, "more_body": False}],
            )

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _inflate(
        send: Send, encoding: bytes, messages: list[Message], limit: int
    ) -> bytes | None:
        """The body decompressed, or None after answering 415 (an encoding other than gzip or
        deflate), 400 (not a complete stream of it) or 413 (more than ``limit`` bytes once
        decompressed: a decompression bomb stops at ``limit + 1`` bytes of output)."""
        wbits = _WBITS.get(encoding)
        if wbits is None:
            await _answer(
                send, 415, p.REQUEST_MALFORMED, "Content-Encoding must be gzip or deflate"
            )
            return None
        packed = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        unpacker = zlib.decompressobj(wbits)
        try:
            body = unpacker.decompress(packed, limit + 1)
            complete = unpacker.eof and not unpacker.unused_data
        except zlib.error:
            body, complete = b"", False
        if len(body) > limit:
            await _answer(
                send, 413, p.REQUEST_TOO_LARGE, f"the decompressed request is over {limit} bytes"
            )
            return None
        if not complete:
            await _answer(
                send, 400, p.REQUEST_MALFORMED, f"the body is not {encoding.decode()} data"
            )
            return None
        return body

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        start, body = _too_large(limit)
        await send(start)
        await send({"type": "http.response.body", "body": body})

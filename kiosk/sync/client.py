"""HTTP client for the central's ``/api/v1`` (httpx), with retries that follow the sync rules.

- Network errors (connect/read/write failures, timeouts, a connection dropped before the answer),
  HTTP 5xx and 429 are retried with exponential backoff and full jitter (:mod:`.backoff`),
  honouring ``Retry-After``; ``503 central.busy`` (the central shedding load) is waited out
  without counting as a failure. The central tells the kiosk its place in line
  (``Kiosk-Queue-Turn``, :mod:`kiosk.central.admission`: when this round first asked) and the
  client sends it back with every later request of the round (one client is one round), so a
  retry, or a page upload that another worker of the central serves, is served before kiosks
  that came after it. Retrying a push is safe because the
  central applies versions idempotently; a page upload re-asks the central for its
  ``Upload-Offset`` before each try.
- 401/403/409/422 (every other 4xx) are final: 401 raises :class:`DeviceRevoked`, the rest
  :class:`CentralRefused` with the central's stable error code.
- When the retries run out, :class:`CentralUnreachable` says the kiosk is offline; nothing is lost,
  the next round starts over from the outbox.

Every request has connect/read/write/pool timeouts so a stalled connection never hangs a round.

A push body larger than :data:`COMPRESS_ABOVE` goes gzip-compressed (``Content-Encoding: gzip``;
the central inflates it within its body limit, :mod:`kiosk.central.limits`): a batch of 100
registrations is ~430 KB of JSON and ~100 KB on the wire. A central too old to read it gets the
same body again as plain JSON.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

from kiosk.protocol import (
    API_PREFIX,
    CENTRAL_BUSY,
    PAGES_OFFSET_MISMATCH,
    QUEUE_TURN,
    UPLOAD_LENGTH,
    UPLOAD_OFFSET,
    PushItem,
    PushResult,
)
from kiosk.sync.backoff import Backoff, is_retryable_status, parse_retry_after
from kiosk.sync.messages import CentralRefused, CentralUnreachable, DeviceRevoked, SyncError
from kiosk.sync.tls import PinnedContext

log = logging.getLogger(__name__)

API = API_PREFIX
CHUNK = 64 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0, read=30.0)

#: push bodies above this many bytes are sent gzip-compressed (``Content-Encoding: gzip``)
COMPRESS_ABOVE = 16 * 1024
#: zlib's fastest level: ~4x smaller registration JSON; higher levels gain ~15% for 3x the CPU
GZIP_LEVEL = 1

#: transport failures worth another try; a LocalProtocolError or a bad URL is our bug, not luck
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class PushBody:
    content: bytes
    headers: dict[str, str]
    compressed: bool
    push_signature: str = ""  # the request's one signature over its items (kiosk.push_signature)


def encode_push(
    items: Sequence[PushItem],
    *,
    compress: bool = True,
    stored: Mapping[int, bytes] | None = None,
    push_signature: str = "",
) -> PushBody:
    """The ``POST /push`` body; gzip-compressed (level :data:`GZIP_LEVEL`) when it is larger than
    :data:`COMPRESS_ABOVE` and ``compress`` is on. A batch of registrations shrinks to about a
    quarter; a small body is sent as it is (it would gain nothing).

    ``stored``: seq → the item's content as the kiosk stores it (canonical JSON, checked against
    its hash by the caller): placed into the body as it is instead of being written out again,
    which was most of the encoding's cost. The JSON means the same either way.

    ``push_signature``: the kiosk's one signature over the items' tree, for a batch whose items
    carry none (:mod:`kiosk.push_signature`)."""
    tail = b"]}"
    if push_signature:
        tail = b'],"push_signature":' + json.dumps(push_signature).encode() + b"}"
    if stored:
        parts = []
        for item in items:
            raw = stored.get(item.seq)
            if raw is None:
                parts.append(item.model_dump_json().encode())
            else:  # the item's other fields, then its content as stored
                head = item.model_dump_json(exclude={"content"}).encode()
                parts.append(head[:-1] + b',"content":' + raw + b"}")
    else:  # pydantic's serializer: about half the time of json.dumps over the same dicts
        parts = [item.model_dump_json().encode() for item in items]
    content = b'{"items":[' + b",".join(parts) + tail
    headers = {"Content-Type": "application/json"}
    if not compress or len(content) <= COMPRESS_ABOVE:
        return PushBody(content, headers, False, push_signature)
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # wbits 31: the gzip format
    packed = packer.compress(content) + packer.flush()
    return PushBody(packed, {**headers, "Content-Encoding": "gzip"}, True, push_signature)


@dataclass(frozen=True)
class PushAnswer:
    """The central's :class:`~kiosk.protocol.PushResponse`, read leniently: a result that does not
    match the protocol is ``None`` (the pusher counts it as untrusted and keeps the row pending)
    instead of failing the whole batch; page hashes that are not text are dropped."""

    results: list[PushResult | None]
    missing_pages: list[str]
    accepts_push_signature: bool = False  # an older central does not say so: sign each item

    @classmethod
    def read(cls, body: object) -> PushAnswer:
        if not isinstance(body, dict):
            raise CentralRefused(200, "push.answer_invalid", "the push answer is not an object")
        results = [_push_result(raw) for raw in body.get("results") or []]
        missing = [sha for sha in body.get("missing_pages") or [] if isinstance(sha, str)]
        return cls(results, missing, body.get("accepts_push_signature") is True)


def _push_result(raw: object) -> PushResult | None:
    try:
        return PushResult.model_validate(raw)
    except ValidationError:
        return None


def error_of(response: httpx.Response) -> tuple[str, str]:
    """The central's ``{"error": {"code", "message"}}``; tolerant of other error bodies."""
    try:
        body = response.json()
    except ValueError:
        return f"http.{response.status_code}", response.text[:200]
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        err = body["error"]
        return str(err.get("code", f"http.{response.status_code}")), str(err.get("message", ""))
    if isinstance(body, dict) and "detail" in body:  # FastAPI's default shape
        return f"http.{response.status_code}", str(body["detail"])[:200]
    return f"http.{response.status_code}", str(body)[:200]


class CentralClient:
    """One kiosk's connection to the central. Thread-confined: one per sync round/thread."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        backoff: Backoff | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        tls: PinnedContext | None = None,
        compress: bool = True,
    ) -> None:
        """``tls``: the context that checks the central's pinned key (:mod:`kiosk.sync.tls`);
        ``compress``: gzip large push bodies (:func:`encode_push`)."""
        from kiosk import __version__

        # the app's version travels with every request: the console's kiosks page shows it
        headers = {"User-Agent": f"kiosk/{__version__} kiosk-sync/1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.backoff = backoff or Backoff()
        self.tls = tls
        self.compress = compress
        # the place in line the central last told this client (text, as it came; page uploads
        # run in a few threads at once and share it: one assignment, no lock needed)
        self._place: str | None = None
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            verify=tls if tls is not None else True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the retry loop --------------------------------------------------------------------------
    def call(
        self,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> httpx.Response:
        """One request with the retry policy; returns a response whose status is in ``ok``.

        ``kwargs`` go to :meth:`httpx.Client.request`; a ``content`` that is a callable is
        called afresh for each try (streamed bodies cannot be replayed).
        """
        return self.retry(lambda: self._once(method, path, ok=ok, **kwargs))

    def retry(self, attempt: Callable[[], httpx.Response]) -> httpx.Response:
        """Run ``attempt`` until it succeeds, fails finally, or the policy gives up."""
        state = self.backoff.retrying()
        while True:
            try:
                return attempt()
            except RETRYABLE_ERRORS as exc:
                if self.tls is not None and self.tls.mismatch:  # final: never retried
                    raise SyncError("sync.tls.pin_mismatch") from exc
                detail = type(exc).__name__
                retry_after = None
            except _Transient as exc:
                detail = f"HTTP {exc.response.status_code}"
                retry_after = parse_retry_after(exc.response.headers.get("Retry-After"))
                if exc.busy:  # the central is up and says when to come back: not a failure
                    placed = exc.response.headers.get(QUEUE_TURN) is not None
                    if state.wait(retry_after, busy=True, booked=placed):
                        continue
                    raise CentralUnreachable(detail) from None
            except _Again as exc:
                detail = str(exc)
                retry_after = None
            log.info("sync request failed (%s); failures so far: %d", detail, state.failures + 1)
            if not state.wait(retry_after):
                raise CentralUnreachable(detail)

    def _once(
        self, method: str, path: str, *, ok: tuple[int, ...], **kwargs: Any
    ) -> httpx.Response:
        content = kwargs.get("content")
        if callable(content):
            kwargs["content"] = content()
        if self._place is not None:
            kwargs["headers"] = {**(kwargs.get("headers") or {}), QUEUE_TURN: self._place}
        response = self._http.request(method, API + path, **kwargs)
        self._place = response.headers.get(QUEUE_TURN, self._place)
        if response.status_code in ok:
            return response
        raise_for(response)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- endpoints -------------------------------------------------------------------------------
    def enroll(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", "/enroll", json=body).json()

    def push(self, items: Sequence[PushItem], body: PushBody | None = None) -> PushAnswer:
        """POST the items (``body``: already encoded by :func:`encode_push`, e.g. while the
        previous batch was in flight). A compressed body an older central cannot read (400, 415
        or 422) is sent again as plain JSON, and this client compresses no more."""
        if body is None or (body.compressed and not self.compress):
            signature = body.push_signature if body is not None else ""
            body = encode_push(items, compress=self.compress, push_signature=signature)
        try:
            response = self.call("POST", "/push", content=body.content, headers=body.headers)
        except CentralRefused as exc:
            if not body.compressed or exc.status not in (400, 415, 422):
                raise
            log.info("the central refused a compressed push (%s); sending plain JSON", exc.status)
            self.compress = False
            body = encode_push(items, compress=False, push_signature=body.push_signature)
            response = self.call("POST", "/push", content=body.content, headers=body.headers)
        return PushAnswer.read(response.json())

    def pull(self, cursor: int, limit: int = 500) -> dict[str, Any]:
        return self.call("GET", "/pull", params={"cursor": cursor, "limit": limit}).json()

    def sanity(self) -> dict[str, Any]:
        return self.call("GET", "/sanity").json()

    def audit_head(self, seq: int, digest: str) -> dict[str, Any]:
        return self.call("POST", "/audit/head", json={"seq": seq, "hash": digest}).json()

    def audit_anchors(self) -> dict[str, Any]:
        return self.call("GET", "/audit/anchors").json()

    def erasures(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", "/erasures", json=body).json()

    def page_offset(self, sha256: str) -> int | None:
        """None if the central holds the page; otherwise how many bytes it already has."""
        response = self._once("HEAD", f"/pages/{sha256}", ok=(200, 404))
        if response.status_code == 200:
            return None
        return int(response.headers.get(UPLOAD_OFFSET, "0") or 0)

    def upload_page(self, sha256: str, path: Path) -> None:
        """Upload one envelope file, resuming from where the central's partial copy ends.

        Each try first asks for ``Upload-Offset`` and then streams the rest of the file in chunks
        (with ``Upload-Length``), so a reset halfway through a large scan costs only the bytes
        after the break. ``409 pages.offset_mismatch`` means "ask again where I am": retried.
        """
        total = path.stat().st_size

        def attempt() -> httpx.Response:
            offset = self.page_offset(sha256)
            if offset is None:  # complete already (an earlier try landed)
                return httpx.Response(200)
            if offset > total:
                offset = 0
            try:
                response = self._once(
                    "PUT",
                    f"/pages/{sha256}",
                    ok=(200, 201),
                    params={"offset": offset},
                    content=_file_chunks(path, offset),
                    headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Length": str(total - offset),
                        UPLOAD_LENGTH: str(total),
                    },
                )
            except CentralRefused as exc:
                if exc.status == 409 and exc.central_code == PAGES_OFFSET_MISMATCH:
                    raise _Again(exc.central_code) from exc
                raise
            if response.status_code == 200 and _stored(response) is False:
                raise _Again("partial")
            return response

        self.retry(attempt)


def _stored(response: httpx.Response) -> bool | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("stored") if isinstance(body, dict) else None


def _file_chunks(path: Path, offset: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(offset)
        while chunk := fh.read(CHUNK):
            yield chunk


class _Again(Exception):
    """The central asks for another try at once (upload offset moved)."""


class _Transient(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response
        self.busy = response.status_code == 503 and error_of(response)[0] == CENTRAL_BUSY


def raise_for(response: httpx.Response) -> None:
    """Turn a non-success answer into the right exception (transient ones are retried)."""
    status = response.status_code
    if is_retryable_status(status):
        raise _Transient(response)
    code, message = error_of(response)
    if status == 401:
        raise DeviceRevoked(code)
    raise CentralRefused(status, code, message)

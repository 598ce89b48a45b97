"""Batch upload of small pages (``POST /page-batches``): many envelopes in one request.

A week offline leaves a kiosk with thousands of small pages; one ``HEAD`` + ``PUT`` each, with two
fsyncs and a commit per page at the central, made the upload the slowest part of a reconnect
(issue 17). A batch carries up to :data:`~kiosk.protocol.PAGE_BATCH_MAX_PAGES` envelopes, each
checked exactly as a single ``PUT`` checks it (:mod:`kiosk.central.pages`), and stores them
together. The envelopes come base64 in JSON or as raw bytes (Content-Type
:data:`~kiosk.protocol.PAGE_BATCH_BINARY_MEDIA_TYPE`, layout in :mod:`kiosk.page_batch_body`;
issue 17: no base64 or JSON per page on either side): :func:`store_body` checks and stores both
alike.

Rules (the same as for one page):

- Each page is answered on its own. A page that fails its check (``pages.envelope_invalid``,
  ``pages.hash_mismatch``) or that no version of this kiosk references (``pages.not_referenced``)
  is refused *alone*; the other pages of the batch are stored. One damaged scan must not hold
  back a week of good ones, and the kiosk retries the refused one through the single ``PUT``.
- Issue 13: a page the kiosk does not reference is ``not_referenced`` whether the central stores
  it or not; the answer says nothing about other kiosks' pages.
- Nothing is reported stored before it is durable: the verified envelopes are written (one pack
  file, fsync'd, and indexed: :mod:`kiosk.central.page_packs`), *then* their ``central_pages``
  rows commit, *then* the answer goes out. A row never points at a missing file. The look-up
  and the insert are one statement each (:mod:`kiosk.central.page_rows`) in two short
  sessions: the decryption, the pack's write and its fsync run between them, outside any
  transaction, because on SQLite a transaction holds the database's write lock
  (``BEGIN IMMEDIATE``) and every push and batch would wait for them. Nothing is written to the
  database before the bytes are durable; a page another upload stored in between keeps its row
  (``ON CONFLICT DO NOTHING``: the same page, the same bytes).
- Idempotent: a page already stored is ``stored`` again (nothing rewritten), so a batch retried
  after a lost answer, or racing a ``PUT`` of the same page, stores every page once; a page named
  twice in one batch is checked once and answered alike both times.
- Bounded: the request model bounds the count and each envelope; the envelopes past
  :data:`~kiosk.protocol.PAGE_BATCH_MAX_BYTES` in one batch are refused ``request.too_large``
  (the kiosk sends those by ``PUT``), so no batch costs the central more than that.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import page_batch_body
from kiosk import protocol as p
from kiosk.central import page_rows
from kiosk.central.db import session_scope
from kiosk.central.http_errors import ApiError
from kiosk.central.models import utcnow
from kiosk.central.storage import PageStorage


def _verify(
    sha256: str, given: str | bytes, private_key: X25519PrivateKey
) -> tuple[bytes, str] | str:
    """(envelope, media type) when the page checks out, else the refusal's code. ``given`` is
    the request's base64 text, or the envelope's bytes themselves (a bundle's tar member)."""
    from kiosk.documents.envelope import EnvelopeError, open_with_info

    if isinstance(given, bytes):
        envelope = given
    else:
        try:
            envelope = base64.b64decode(given, validate=True)
        except (binascii.Error, ValueError):
            return p.PAGES_ENVELOPE_INVALID
    if len(envelope) > p.PAGE_BATCH_MAX_ENVELOPE:
        return p.REQUEST_TOO_LARGE
    try:
        _plaintext, info = open_with_info(envelope, private_key)
    except EnvelopeError:
        return p.PAGES_ENVELOPE_INVALID
    # open_with_info checked the plaintext against the hash sealed in the envelope: the page is
    # the one named when that hash is the name (no second SHA-256 of the page)
    if info.sha256 != sha256:
        return p.PAGES_HASH_MISMATCH
    return envelope, info.media_type[:100]


def store_body(
    factory: sessionmaker[Session],
    storage: PageStorage,
    private_key: X25519PrivateKey,
    kiosk_id: str,
    body: Sequence[bytes],
    *,
    binary: bool,
) -> p.PageBatchResponse:
    """Check every page of a request's body, store the good ones durably, answer each in order.

    ``binary``: the body is :mod:`kiosk.page_batch_body`'s layout; one that breaks it is refused
    whole (400 ``request.malformed``; 422 ``request.invalid`` past a bound). Otherwise it is a
    :class:`~kiosk.protocol.PageBatchRequest` in JSON, refused whole (422) as FastAPI refuses a
    body that does not match its model. Nothing is looked up or stored for a refused body.
    ``body`` is the chunks the request came in."""
    if binary:
        try:
            pages: Sequence[tuple[str, str | bytes]] = page_batch_body.decode(body)
        except page_batch_body.PageBatchBodyError as exc:
            if exc.malformed:
                raise ApiError(400, p.REQUEST_MALFORMED, str(exc)) from None
            raise ApiError(422, p.REQUEST_INVALID, str(exc)) from None
    else:
        try:
            request = p.PageBatchRequest.model_validate_json(b"".join(body))
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False)) from None
        pages = [(item.sha256, item.envelope) for item in request.pages]
    return store_envelopes(factory, storage, private_key, kiosk_id, pages)


def _size(given: str | bytes) -> int:
    """The envelope's decoded size (base64 text: its 3/4)."""
    return len(given) if isinstance(given, bytes) else len(given) * 3 // 4


def store_envelopes(
    factory: sessionmaker[Session],
    storage: PageStorage,
    private_key: X25519PrivateKey,
    kiosk_id: str,
    pages: Sequence[tuple[str, str | bytes]],
) -> p.PageBatchResponse:
    """:func:`store_body`'s work on (sha256, envelope) pairs, the envelope as base64 text (the
    request) or as bytes (a bundle's import, which has them raw: no encoding round trip)."""
    hashes = [sha for sha, _ in pages]
    with factory() as session:  # a short read: no write lock (SQLite), nothing held after it
        referenced, stored = page_rows.known(session, kiosk_id, hashes)
    codes, fresh = _check(pages, referenced, stored, private_key)  # outside any transaction
    if fresh:
        storage.store_many({sha: envelope for sha, (envelope, _) in fresh.items()})
        rows = {sha: (len(envelope), media) for sha, (envelope, media) in fresh.items()}
        with session_scope(factory) as session:  # the second, short transaction: the insert
            page_rows.insert(session, kiosk_id, rows, utcnow())
    # committed: every page not refused is durable (its bytes before its row)
    return p.PageBatchResponse(
        results=[
            p.PageBatchResult(sha256=sha, stored=sha not in codes, code=codes.get(sha, ""))
            for sha in hashes
        ]
    )


def _check(
    pages: Sequence[tuple[str, str | bytes]],
    referenced: set[str],
    stored: set[str],
    private_key: X25519PrivateKey,
) -> tuple[dict[str, str], dict[str, tuple[bytes, str]]]:
    """(refusal code by page, (envelope, media type) by page to store) for a batch's pages."""
    codes: dict[str, str] = {}
    fresh: dict[str, tuple[bytes, str]] = {}
    budget = p.PAGE_BATCH_MAX_BYTES
    for sha, given in pages:
        if sha in codes or sha in fresh:
            continue  # named twice: checked once, answered alike
        if sha not in referenced:  # first: the same answer whether stored or not
            codes[sha] = p.PAGES_NOT_REFERENCED
        elif sha in stored:
            continue
        elif _size(given) > budget:  # past the batch's bound: the kiosk PUTs it
            codes[sha] = p.REQUEST_TOO_LARGE
            budget = 0
        else:
            budget -= _size(given)
            checked = _verify(sha, given, private_key)
            if isinstance(checked, str):
                codes[sha] = checked
            else:
                fresh[sha] = checked
    return codes, fresh

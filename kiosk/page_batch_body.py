"""The binary body of ``POST /page-batches``: small page envelopes as they are, framed.

Issue 17: a week offline is ~17,000 small pages. In the JSON batch (``POST /page-batches``) each
envelope travels as base64 inside JSON: the kiosk encodes and serialises it, the central parses
the JSON, validates every item's base64 pattern and decodes it again, a third more bytes each
way. This body (Content-Type :data:`~kiosk.protocol.PAGE_BATCH_BINARY_MEDIA_TYPE`) carries
the same (hash, envelope) pairs as raw bytes; the rules of the batch
(:mod:`kiosk.central.page_batch`: each page checked and answered on its own, stored only once
durable) and the answer (:class:`~kiosk.protocol.PageBatchResponse`, JSON) are the same.

Layout (integers big-endian)::

    b"KPB1" | { SHA-256 of the plaintext page (32 bytes) | u32 envelope length | envelope }+

Bounds, checked before anything is stored: at least one page, at most
:data:`~kiosk.protocol.PAGE_BATCH_BINARY_MAX_PAGES`; each envelope 1 to
:data:`~kiosk.protocol.PAGE_BATCH_MAX_ENVELOPE` bytes; the body ends exactly after the last
envelope. The byte bound of a batch (:data:`~kiosk.protocol.PAGE_BATCH_MAX_BYTES`) is the
central's per-page rule, as for the JSON body. Shared by the kiosk (encode) and the central
(decode); no dependency beyond the protocol's constants.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from kiosk import protocol as p

MAGIC = b"KPB1"
_HEAD = struct.Struct(">32sI")  # digest, envelope length


class PageBatchBodyError(ValueError):
    """The body is not a well-formed binary page batch (``malformed``: its framing; otherwise
    a bound of the protocol is broken)."""

    def __init__(self, message: str, *, malformed: bool) -> None:
        super().__init__(message)
        self.malformed = malformed


def encode(pages: Iterable[tuple[str, bytes]]) -> bytes:
    """The body for (hex SHA-256, envelope) pairs, in order."""
    parts = [MAGIC]
    for sha256, envelope in pages:
        parts.append(_HEAD.pack(bytes.fromhex(sha256), len(envelope)))
        parts.append(envelope)
    return b"".join(parts)


def decode(body: bytes) -> list[tuple[str, bytes]]:
    """(hex SHA-256, envelope) pairs in order; :class:`PageBatchBodyError` if the body breaks
    the layout or a bound."""
    if body[:4] != MAGIC:
        raise PageBatchBodyError("not a binary page batch", malformed=True)
    pages: list[tuple[str, bytes]] = []
    view = memoryview(body)
    at, end = 4, len(body)
    while at < end:
        if len(pages) == p.PAGE_BATCH_BINARY_MAX_PAGES:
            raise PageBatchBodyError(
                f"at most {p.PAGE_BATCH_BINARY_MAX_PAGES} pages in one batch", malformed=False
            )
        if end - at < _HEAD.size:
            raise PageBatchBodyError("a page's header is cut off", malformed=True)
        digest, length = _HEAD.unpack_from(view, at)
        at += _HEAD.size
        if not 1 <= length <= p.PAGE_BATCH_MAX_ENVELOPE:
            raise PageBatchBodyError(
                f"an envelope must be 1 to {p.PAGE_BATCH_MAX_ENVELOPE} bytes", malformed=False
            )
        if end - at < length:
            raise PageBatchBodyError("an envelope is cut off", malformed=True)
        pages.append((digest.hex(), bytes(view[at : at + length])))
        at += length
    if not pages:
        raise PageBatchBodyError("a batch holds at least one page", malformed=False)
    return pages

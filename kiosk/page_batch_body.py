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
from collections.abc import Iterable, Sequence

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


def decode(body: bytes | Sequence[bytes]) -> list[tuple[str, bytes]]:
    """(hex SHA-256, envelope) pairs in order; :class:`PageBatchBodyError` if the body breaks
    the layout or a bound. ``body`` is the whole body or the chunks it came in, as the central
    reads it (a 2 MB batch joined into one buffer first cost a copy more, and above the workers'
    allocator threshold a fresh mapping faulted in page by page); each envelope is copied out of
    them once, as from a whole body."""
    reader = _Chunks([body] if isinstance(body, bytes | bytearray) else body)
    if reader.take(len(MAGIC)) != MAGIC:
        raise PageBatchBodyError("not a binary page batch", malformed=True)
    pages: list[tuple[str, bytes]] = []
    while reader.left:
        if len(pages) == p.PAGE_BATCH_BINARY_MAX_PAGES:
            raise PageBatchBodyError(
                f"at most {p.PAGE_BATCH_BINARY_MAX_PAGES} pages in one batch", malformed=False
            )
        if reader.left < _HEAD.size:
            raise PageBatchBodyError("a page's header is cut off", malformed=True)
        digest, length = _HEAD.unpack(reader.take(_HEAD.size))
        if not 1 <= length <= p.PAGE_BATCH_MAX_ENVELOPE:
            raise PageBatchBodyError(
                f"an envelope must be 1 to {p.PAGE_BATCH_MAX_ENVELOPE} bytes", malformed=False
            )
        if reader.left < length:
            raise PageBatchBodyError("an envelope is cut off", malformed=True)
        pages.append((digest.hex(), reader.take(length)))
    if not pages:
        raise PageBatchBodyError("a batch holds at least one page", malformed=False)
    return pages


class _Chunks:
    """The body's bytes in order across the chunks it came in."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self._chunks = [memoryview(chunk) for chunk in chunks if len(chunk)]
        self._index = 0  # the chunk being read
        self._at = 0  # where in it
        self.left = sum(len(chunk) for chunk in self._chunks)

    def take(self, count: int) -> bytes:
        """The next ``count`` bytes (fewer at the end), as one new ``bytes``."""
        pieces: list[memoryview] = []
        while count and self._index < len(self._chunks):
            chunk = self._chunks[self._index]
            piece = chunk[self._at : self._at + count]
            pieces.append(piece)
            count -= len(piece)
            self._at += len(piece)
            self.left -= len(piece)
            if self._at == len(chunk):
                self._index, self._at = self._index + 1, 0
        return pieces[0].tobytes() if len(pieces) == 1 else b"".join(pieces)

"""The pack file format: self-describing records, so the index can be rebuilt from the packs.

A pack (:mod:`kiosk.central.page_packs`) written since format 1 is::

    file header:  b"KPACK\\r\\n\\x1a" | u32 format version (1) | u32 zero          (16 bytes)
    per record:   b"KREC" | u32 length | sha256 (32 raw bytes) | u32 CRC-32 | envelope (length)

(integers big-endian). The CRC-32 covers the length, the hash and the envelope, so a record is
either whole or recognised as damaged; the index keeps the *envelope's* offset and size, so a
reader needs no format knowledge and packs of both formats read alike. As in log-structured stores
(Bitcask's CRC'd entries, Haystack's needles with magic, key and checksum), the records are what is
durable and the index is a cache of where they lie.

Rules the scan (:func:`scan`) keeps:

- A record is *live* only if its magic, length, CRC and the envelope's own header (which names
  the plaintext's SHA-256: :func:`kiosk.documents.envelope.inspect`) all agree with its name.
- An erased record (:func:`erase_span`: the hash, CRC and envelope overwritten with zeros; magic
  and length kept so the scan can step over it) is never live again: a rebuilt index cannot
  resurrect an erased page.
- Damage (a torn tail after a crash or a disk fault, a zeroed region) costs the damaged records
  only: the scan looks for the next ``KREC`` whose CRC checks and carries on.
- Packs written before format 1 (concatenated envelopes, no headers) are walked envelope by
  envelope (each envelope states its own header length and size), zeroed ones skipped the same
  way, so their pages can be re-indexed too where the envelopes are intact.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass, field

from kiosk.documents.envelope import MAGIC as ENVELOPE_MAGIC
from kiosk.documents.envelope import EnvelopeError, inspect

FILE_MAGIC = b"KPACK\r\n\x1a"
FORMAT_VERSION = 1
FILE_HEADER = FILE_MAGIC + struct.pack(">II", FORMAT_VERSION, 0)
RECORD_MAGIC = b"KREC"
_RECORD = struct.Struct(">4sI32sI")
RECORD_HEADER_SIZE = _RECORD.size  # 44
_NO_HASH = bytes(32)
_MAX_ENVELOPE_HEADER = 64 * 1024


def _crc(length: int, digest: bytes, envelope: bytes | memoryview) -> int:
    return zlib.crc32(envelope, zlib.crc32(struct.pack(">I", length) + digest))


def record_header(sha256: str, envelope: bytes) -> bytes:
    """The header written before ``envelope`` (a record is this, then the envelope)."""
    digest = bytes.fromhex(sha256)
    length = len(envelope)
    return _RECORD.pack(RECORD_MAGIC, length, digest, _crc(length, digest, envelope))


def is_format_1(head: bytes) -> bool:
    """Whether a pack starting with ``head`` (≥ 16 bytes) carries record headers."""
    return head[: len(FILE_MAGIC)] == FILE_MAGIC


def header_checks(header: bytes, sha256: str, envelope: bytes) -> bool:
    """Whether the :data:`RECORD_HEADER_SIZE` bytes before a packed envelope are its whole
    record header (magic, length, hash) and the CRC checks."""
    magic, length, digest, crc = _RECORD.unpack(header)
    if magic != RECORD_MAGIC or length != len(envelope) or digest.hex() != sha256:
        return False
    return _crc(length, digest, envelope) == crc


def erase_span(offset: int, size: int, format_1: bool) -> tuple[int, int]:
    """(start, length) to overwrite with zeros to erase the envelope at ``offset``: in a format 1
    pack its record's hash and CRC too (magic and length stay, so scans step over it)."""
    if format_1 and offset >= len(FILE_HEADER) + RECORD_HEADER_SIZE:
        start = offset - RECORD_HEADER_SIZE + 8
        return start, offset + size - start
    return offset, size


@dataclass
class Scan:
    """What a pack holds: live records (sha256, envelope offset, size), and counts of erased and
    damaged ones (a damaged stretch counts once)."""

    format_1: bool
    live: list[tuple[str, int, int]] = field(default_factory=list)
    erased: int = 0
    damaged: int = 0


def _names_itself(sha256: str, envelope: bytes | memoryview) -> bool:
    """The envelope is well formed and its header names the plaintext hash ``sha256``."""
    try:
        return inspect(bytes(envelope)).sha256 == sha256
    except EnvelopeError:  # inspect refuses any malformed header as that
        return False


class NewerFormat(ValueError):
    """A pack of a format this code does not know (written by a newer central)."""


def scan(data: bytes) -> Scan:
    """Every record of the pack ``data`` (see the module docstring for the rules); raises
    :class:`NewerFormat` for a pack of a later format, which must be left as it is."""
    if is_format_1(data):
        (version,) = struct.unpack_from(">I", data, len(FILE_MAGIC))
        if version != FORMAT_VERSION:
            raise NewerFormat(f"pack format {version}")
        return _scan_records(data)
    return _scan_envelopes(data)


def _scan_records(data: bytes) -> Scan:
    found = Scan(format_1=True)
    view = memoryview(data)
    pos, end = len(FILE_HEADER), len(data)
    while pos < end:
        state = _record_at(data, view, pos)
        if isinstance(state, tuple):
            found.live.append(state)
            pos = state[1] + state[2]
            continue
        if state > 0:  # erased: step over it
            found.erased += 1
            pos = state
            continue
        found.damaged += 1
        pos = _resync(data, view, pos + 1)
    return found


def _record_at(data: bytes, view: memoryview, pos: int) -> tuple[str, int, int] | int:
    """The live record at ``pos``; else where an erased one ends (> 0), else 0 (damaged)."""
    if pos + RECORD_HEADER_SIZE > len(data):
        return 0
    magic, length, digest, crc = _RECORD.unpack_from(data, pos)
    start = pos + RECORD_HEADER_SIZE
    if magic != RECORD_MAGIC or start + length > len(data):
        return 0
    if digest == _NO_HASH and crc == 0:
        zeros = data.count(0, start, start + length) == length
        return start + length if zeros else 0
    envelope = view[start : start + length]
    sha = digest.hex()
    if _crc(length, digest, envelope) != crc or not _names_itself(sha, envelope):
        return 0
    return sha, start, length


def _resync(data: bytes, view: memoryview, pos: int) -> int:
    """The next offset ≥ ``pos`` holding a live or erased record, else the end."""
    while (pos := data.find(RECORD_MAGIC, pos)) >= 0:
        if _record_at(data, view, pos) != 0:
            return pos
        pos += 1
    return len(data)


def _scan_envelopes(data: bytes) -> Scan:
    found = Scan(format_1=False)
    pos = 0
    while pos < len(data):
        if data.count(0, pos, min(len(data), pos + 64)) == min(64, len(data) - pos):
            nxt = data.find(ENVELOPE_MAGIC, pos)  # an erased (zeroed) stretch
            found.erased += 1
            pos = len(data) if nxt < 0 else nxt
            continue
        state = _envelope_at(data, pos)
        if state is not None:
            found.live.append(state)
            pos = state[1] + state[2]
            continue
        found.damaged += 1
        nxt = pos + 1
        while (nxt := data.find(ENVELOPE_MAGIC, nxt)) >= 0 and _envelope_at(data, nxt) is None:
            nxt += 1
        pos = len(data) if nxt < 0 else nxt
    return found


def _envelope_at(data: bytes, pos: int) -> tuple[str, int, int] | None:
    """(sha256, offset, size) of a whole envelope starting at ``pos``, else None."""
    if data[pos : pos + 4] != ENVELOPE_MAGIC or pos + 8 > len(data):
        return None
    (head,) = struct.unpack_from(">I", data, pos + 4)
    if head > _MAX_ENVELOPE_HEADER or pos + 8 + head > len(data):
        return None
    try:
        header = json.loads(data[pos + 8 : pos + 8 + head])
        size = 8 + head + int(header["size"]) + 16
        sha = str(header["sha256"])
    except (ValueError, KeyError, TypeError):
        return None
    if pos + size > len(data) or not _names_itself(sha, memoryview(data)[pos : pos + size]):
        return None
    return sha, pos, size

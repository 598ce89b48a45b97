"""The bundle file: signed by the kiosk, encrypted to the central, splittable for small sticks.

Layout of one bundle (all of it covered by the signature)::

    MAGIC (16 bytes) | header length (4 bytes, big-endian) | header (JSON) | age ciphertext
    | Ed25519 signature (64 bytes)

- The header names the kiosk (its central id), the bundle id and the time: no personal data. The
  central needs it to find the key that verifies the signature *before* it decrypts anything.
- The ciphertext is age (the ``pyrage`` binding, as backups use) to the central's X25519 document
  key, which every enrolled kiosk holds: only the central can read the contents. The contents are
  a tar stream (a manifest of push items first, then one member per page envelope), produced and
  consumed through OS pipes, so neither side holds a bundle in memory or writes its plaintext to
  disk.
- The signature is the kiosk's Ed25519 key over :data:`SIGNATURE_CONTEXT` and the SHA-256 of every
  byte before it. Any byte changed anywhere is refused before anything is applied.

A bundle may be cut into parts (:func:`split`); each part starts with :data:`PART_MAGIC`, a small
header (bundle id, index, count) and then a slice of the bundle. Parts are not signed one by one:
the reassembled bundle is, so a part changed, swapped or missing is refused all the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from pyrage import x25519

from kiosk.bundlefile.messages import BundleError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAGIC = b"KIOSK-BUNDLE-v1\n"
PART_MAGIC = b"KIOSK-BUNDLE-PT1\n"
SIGNATURE_CONTEXT = b"kiosk-bundle-v1\x00"
SIGNATURE_SIZE = 64
MAX_HEADER = 4096
CHUNK = 1024 * 1024


# -- age keys from the X25519 keys kiosk and central already share ---------------------------------
def _bech32(hrp: str, raw: bytes) -> str:
    from bech32 import bech32_encode, convertbits

    words = convertbits(list(raw), 8, 5)
    if words is None:  # only for input out of 0..255, which bytes never are
        raise ValueError("bech32 conversion failed")
    return str(bech32_encode(hrp, words))


def age_recipient(public: X25519PublicKey) -> x25519.Recipient:
    """The central's document key as an age recipient (``age1…``)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return x25519.Recipient.from_str(_bech32("age", raw))


def age_identity(private: X25519PrivateKey) -> x25519.Identity:
    """The central's document key as an age identity (``AGE-SECRET-KEY-1…``)."""
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return x25519.Identity.from_str(_bech32("age-secret-key-", raw).upper())


# -- the header ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BundleHeader:
    bundle_id: str
    kiosk_id: str
    kiosk_code: str
    created_at: str

    def encode(self) -> bytes:
        body = json.dumps(self.__dict__, sort_keys=True).encode()
        return MAGIC + struct.pack(">I", len(body)) + body


def signed_digest(digest: bytes) -> bytes:
    return SIGNATURE_CONTEXT + digest


# -- the confirmation the central writes back (authenticated with the bundle's reply key) -------
CONFIRMATION_FORMAT = "kiosk-bundle-confirmation-v1"


def canonical_body(body: dict[str, object]) -> bytes:
    """The bytes the confirmation's HMAC covers (both ends compute the same)."""
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


# -- reading one bundle from one or more files -----------------------------------------------------
@dataclass(frozen=True)
class Segment:
    path: Path
    offset: int
    length: int


class SegmentReader(io.RawIOBase):
    """The bytes ``[start, end)`` of the bundle formed by ``segments``, read in order."""

    def __init__(self, segments: list[Segment], start: int = 0, end: int | None = None) -> None:
        self.segments = segments
        self.total = sum(s.length for s in segments)
        self.pos, self.end = start, self.total if end is None else end
        self._fh: BinaryIO | None = None
        self._fh_index = -1

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self.end - self.pos)
        if want <= 0:
            return 0
        base = 0
        for index, seg in enumerate(self.segments):
            if self.pos < base + seg.length:
                if self._fh_index != index:
                    if self._fh is not None:
                        self._fh.close()
                    self._fh, self._fh_index = open(seg.path, "rb"), index
                fh = self._fh
                assert fh is not None
                inner = self.pos - base
                fh.seek(seg.offset + inner)
                data = fh.read(min(want, seg.length - inner))
                view[: len(data)] = data
                self.pos += len(data)
                return len(data)
            base += seg.length
        return 0

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()


def _read_exact(path: Path, fh: BinaryIO, size: int) -> bytes:
    data = fh.read(size)
    if len(data) != size:
        raise BundleError("bundle.not_bundle", file=path.name)
    return data


def _part_of(path: Path) -> tuple[dict[str, object], Segment] | None:
    """(part header, its data) if ``path`` is a part file, ``None`` if it is a whole bundle."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(len(PART_MAGIC))
            if magic != PART_MAGIC:
                if magic[: len(MAGIC)] == MAGIC:
                    return None
                raise BundleError("bundle.not_bundle", file=path.name)
            (size,) = struct.unpack(">I", _read_exact(path, fh, 4))
            if size > MAX_HEADER:
                raise BundleError("bundle.not_bundle", file=path.name)
            header = json.loads(_read_exact(path, fh, size))
            start = len(PART_MAGIC) + 4 + size
            length = path.stat().st_size - start
    except OSError as exc:
        raise BundleError(
            "bundle.unreadable", file=path.name, reason=exc.strerror or type(exc).__name__
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError("bundle.not_bundle", file=path.name) from exc
    if not isinstance(header, dict) or not {"bundle", "index", "count"} <= set(header):
        raise BundleError("bundle.not_bundle", file=path.name)
    return header, Segment(path, start, length)


def assemble(paths: list[Path]) -> list[Segment]:
    """The segments that form one bundle: a whole file, or all parts of a split one."""
    if not paths:
        raise BundleError("bundle.no_files")
    parts = [(_part_of(p), p) for p in paths]
    wholes = [p for info, p in parts if info is None]
    if wholes:
        if len(paths) > 1:
            raise BundleError("bundle.parts_mixed")
        return [Segment(wholes[0], 0, wholes[0].stat().st_size)]
    found: dict[int, Segment] = {}
    ids, counts = set(), set()
    for info, _path in parts:
        assert info is not None
        header, segment = info
        ids.add(str(header["bundle"]))
        counts.add(header["count"])
        index = header["index"]
        if not isinstance(index, int) or index in found:
            raise BundleError("bundle.not_bundle", file=segment.path.name)
        found[index] = segment
    if len(ids) != 1 or len(counts) != 1:
        raise BundleError("bundle.parts_mixed")
    count = counts.pop()
    if not isinstance(count, int) or sorted(found) != list(range(1, count + 1)):
        raise BundleError(
            "bundle.parts_incomplete", bundle=ids.pop()[:8], count=count, given=len(found)
        )
    return [found[i] for i in sorted(found)]


def read_header(segments: list[Segment], name: str) -> tuple[BundleHeader, int]:
    """The header and the offset where the ciphertext starts; refuses anything else."""
    reader = io.BufferedReader(SegmentReader(segments))
    try:
        if reader.read(len(MAGIC)) != MAGIC:
            raise BundleError("bundle.not_bundle", file=name)
        raw = reader.read(4)
        size = struct.unpack(">I", raw)[0] if len(raw) == 4 else MAX_HEADER + 1
        if size > MAX_HEADER:
            raise BundleError("bundle.not_bundle", file=name)
        data = json.loads(reader.read(size))
        header = BundleHeader(**{k: str(data[k]) for k in BundleHeader.__dataclass_fields__})
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BundleError("bundle.not_bundle", file=name) from exc
    finally:
        reader.close()
    return header, len(MAGIC) + 4 + size


def digest_and_signature(segments: list[Segment]) -> tuple[bytes, bytes]:
    """SHA-256 of everything before the signature, and the signature (streamed)."""
    total = sum(s.length for s in segments)
    if total < len(MAGIC) + 4 + SIGNATURE_SIZE:
        return b"", b""
    hasher = hashlib.sha256()
    with SegmentReader(segments, 0, total - SIGNATURE_SIZE) as reader:
        while chunk := reader.read(CHUNK):
            hasher.update(chunk)
    with SegmentReader(segments, total - SIGNATURE_SIZE, total) as reader:
        signature = reader.read(SIGNATURE_SIZE)
    return hasher.digest(), bytes(signature or b"")


# -- splitting -------------------------------------------------------------------------------------
def part_path(target: Path, index: int, count: int) -> Path:
    width = max(3, len(str(count)))
    return target.with_name(f"{target.name}.{index:0{width}d}")


def split(whole: Path, target: Path, bundle_id: str, part_bytes: int) -> list[Path]:
    """Cut ``whole`` into parts of at most ``part_bytes`` data each (written durably)."""
    from kiosk.fsutil import fsync_dir

    size = whole.stat().st_size
    count = max(1, -(-size // part_bytes))
    written: list[Path] = []
    with open(whole, "rb") as src:
        for index in range(1, count + 1):
            header = json.dumps({"bundle": bundle_id, "index": index, "count": count}).encode()
            path = part_path(target, index, count)
            tmp = path.with_name(path.name + ".tmp")
            with open(tmp, "wb") as out:
                out.write(PART_MAGIC + struct.pack(">I", len(header)) + header)
                left = part_bytes
                while left > 0 and (chunk := src.read(min(CHUNK, left))):
                    out.write(chunk)
                    left -= len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
            written.append(path)
    fsync_dir(target.parent)
    return written

"""One signature for a whole push: a Merkle tree over its versions, each still provable alone.

Issue 17. Every pushed version used to carry its own Ed25519 signature, and the central verified
each one: ~70–85 µs of a worker's CPU per registration, the largest single cost of a push at the
central (README, "where a registration's CPU goes"). A kiosk whose central accepts it now signs
once per push instead, and no version loses its proof:

- Each item's **leaf** is ``SHA-256(0x00 ‖ version_signing_bytes(item))``: the very bytes a
  per-version signature covers (:func:`kiosk.protocol.version_signing_bytes`).
- The leaves, in the push's order, make a Merkle tree exactly as RFC 9162 §2.1.1 (Certificate
  Transparency) defines it: a node is ``SHA-256(0x01 ‖ left ‖ right)``, a list of ``n`` leaves is
  split after the largest power of two below ``n``. The kiosk signs
  :func:`root_signing_bytes` (a context of its own, the number of leaves, the root), so that
  signature can never stand for a single version's or a receipt's.
- The central verifies that one signature, then keeps the push's signature with **every**
  version, with the version's index in the tree, and the tree's leaves once per push (a row
  keyed by the signature: :mod:`kiosk.central.signed_pushes`): 32 bytes per version instead of a
  ~300-character path on every row, which cost PostgreSQL ~20 µs per registration in the
  50-kiosk bench. :func:`path_in` rebuilds a version's **path** (its index, the tree's size and
  the sibling hashes from leaf to root, RFC 9162 §2.1.3) from those leaves, and
  :func:`signed_message` rebuilds, from a version's own fields and that path, the message its
  signature covers; so any version held can still be shown, on its own, to come from its
  kiosk's key: one verification, seven hashes for a push of 100, and nothing of the push's other
  versions (the path holds only hashes).

A path is ``"<index>.<size>.<base64 of the concatenated 32-byte hashes>"`` (about 300 characters
for a push of 100), as the subject export carries it. A version signed on its own has none.

Why our own ~60 lines and not a library: the format is stored with every version for as long as
the registration is kept, so it must never move with a dependency's release; RFC 9162 fixes it to
the byte, and the property tests (tests/core/test_push_signature.py) check every index of every
tree size up to 130 and that a changed leaf, index, size or sibling is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence

from kiosk.protocol import PushItem, version_signing_bytes

#: keeps a push's signature apart from anything else the kiosk's key signs (versions, receipts)
ROOT_SIGNATURE_CONTEXT = b"kiosk-push-tree-v1\x00"
HASH_BYTES = 32
MAX_LEAVES = 1 << 16  # far above MAX_PUSH_ITEMS; bounds a path read back from storage


def leaf(registration_id: str, version: int, reg_no: str, content_hash: str, status: str) -> bytes:
    """The tree leaf of one version: what a per-version signature would cover, hashed."""
    message = version_signing_bytes(registration_id, version, reg_no, content_hash, status)
    return hashlib.sha256(b"\x00" + message).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two below ``n`` (n ≥ 2): where RFC 9162 splits a list of leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def _subtree(leaves: Sequence[bytes], lo: int, hi: int, paths: list[list[bytes]] | None) -> bytes:
    """MTH(leaves[lo:hi]) (RFC 9162 §2.1.1); with ``paths``, each leaf's siblings appended."""
    if hi - lo == 1:
        return leaves[lo]
    mid = lo + _split(hi - lo)
    left, right = _subtree(leaves, lo, mid, paths), _subtree(leaves, mid, hi, paths)
    if paths is not None:
        for i in range(lo, mid):
            paths[i].append(right)
        for i in range(mid, hi):
            paths[i].append(left)
    return _node(left, right)


def tree(leaves: Sequence[bytes]) -> tuple[bytes, list[list[bytes]]]:
    """The root over ``leaves`` and every leaf's path (siblings from the leaf up), in one pass:
    ``n·log2(n)`` list appends and ``n - 1`` hashes."""
    if not leaves:
        raise ValueError("a push tree needs at least one leaf")
    paths: list[list[bytes]] = [[] for _ in leaves]
    return _subtree(leaves, 0, len(leaves), paths), paths


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree's root alone (what signing and verifying a push need): ``n - 1`` hashes."""
    if not leaves:
        raise ValueError("a push tree needs at least one leaf")
    return _subtree(leaves, 0, len(leaves), None)


def leaves_of(items: Sequence[PushItem]) -> list[bytes]:
    """The leaves of a push's items, in the order sent (the kiosk signs, the central checks)."""
    return [leaf(i.registration_id, i.version, i.reg_no, i.content_hash, i.status) for i in items]


def _hashes(raw: bytes) -> list[bytes]:
    return [raw[i : i + HASH_BYTES] for i in range(0, len(raw), HASH_BYTES)]


def pack(leaves: Sequence[bytes]) -> bytes:
    """The leaves as the central keeps them: concatenated, 32 bytes each."""
    return b"".join(leaves)


def path_in(packed_leaves: bytes, index: int) -> str | None:
    """The stored path (:func:`encode_path`) of the version at ``index`` among a push's kept
    leaves; None when they are not leaves or the index is not among them."""
    size, rest = divmod(len(packed_leaves), HASH_BYTES)
    if rest or not 0 <= index < size <= MAX_LEAVES:
        return None
    _, paths = tree(_hashes(packed_leaves))
    return encode_path(index, size, paths[index])


def root_signing_bytes(root: bytes, size: int) -> bytes:
    """What a kiosk signs for one push: the context, the number of leaves, the root."""
    return ROOT_SIGNATURE_CONTEXT + size.to_bytes(4, "big") + root


def root_from_path(leaf_hash: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes | None:
    """The root a leaf and its path lead to (RFC 9162 §2.1.3.2), or None when the path cannot
    belong to a tree of ``size`` leaves at ``index``."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf_hash
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = _node(sibling, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, sibling)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def encode_path(index: int, size: int, path: Sequence[bytes]) -> str:
    return f"{index}.{size}.{base64.b64encode(b''.join(path)).decode()}"


def decode_path(text: str) -> tuple[int, int, list[bytes]] | None:
    """``(index, size, siblings)`` of a stored path, or None when it is not one."""
    index_text, _, rest = text.partition(".")
    size_text, dot, hashes_text = rest.partition(".")
    if not (dot and index_text.isdigit() and size_text.isdigit()):
        return None
    index, size = int(index_text), int(size_text)
    if not 0 <= index < size <= MAX_LEAVES:
        return None
    try:
        raw = base64.b64decode(hashes_text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) % HASH_BYTES:
        return None
    return index, size, _hashes(raw)


def signed_message(
    registration_id: str,
    version: int,
    reg_no: str,
    content_hash: str,
    status: str,
    path: str | None,
) -> bytes | None:
    """The message a stored version's signature covers: its own signing bytes when it was signed
    on its own (``path`` None or empty), else its push's root signing bytes rebuilt from the
    version and its path; None when the path does not hold together."""
    if not path:
        return version_signing_bytes(registration_id, version, reg_no, content_hash, status)
    decoded = decode_path(path)
    if decoded is None:
        return None
    index, size, siblings = decoded
    own = leaf(registration_id, version, reg_no, content_hash, status)
    root = root_from_path(own, index, size, siblings)
    return None if root is None else root_signing_bytes(root, size)

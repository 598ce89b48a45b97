"""Reading the outbox ahead of the push: rows, contents, signatures, batches, request bodies.

Signatures: each version its own (:func:`build_item`), or, once the central said it accepts one
per push, one over the batch's Merkle tree (:func:`sign_batch`, :mod:`kiosk.push_signature`): one
Ed25519 signing per batch here, one verification per batch at the central, and each version there
still provable on its own. A batch of one is signed on its own even then: the same one signing
and one verification, and no tree row for the central to keep per push.

Everything here only reads the kiosk's store (it runs on the pusher's helper thread while earlier
batches are at the central; :mod:`kiosk.sync.push` does every write). A version's content is
checked against its hash as stored (its canonical JSON bytes) and goes into the request body as it
is; only a version whose bytes do not match is written out again to check. A row that cannot be
read or whose content does not match its hash is handed back as unreadable, with its code, for
the pusher to set aside.

A stored content is parsed with orjson (about half the time of ``json.loads``, which was the read
thread's largest cost; the thread shares the GIL with the push). orjson builds the same objects as
``json.loads`` from what it accepts, except integers beyond 64 bits, which it turns into floats:
bytes holding a run of 19 or more digits, and anything orjson refuses (NaN, lone surrogates), are
parsed by ``json.loads`` as before (the central's :mod:`kiosk.central.fastjson` has the same rule).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from kiosk import push_signature as tree_signing
from kiosk.domain.model import Registration, canonical_json, content_page_hashes
from kiosk.protocol import MAX_PUSH_BYTES, PushItem, version_signing_bytes
from kiosk.sync.client import PushBody, encode_push

if TYPE_CHECKING:
    from kiosk.store import OutboxItem, Store

log = logging.getLogger(__name__)

#: conservative share of the central's 8 MB body limit (JSON framing, escaping)
BATCH_BYTES = MAX_PUSH_BYTES * 3 // 4
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_DIGIT_RUN = b"0" * 19  # 19 digits in a row may be an integer beyond 64 bits
#: an item's JSON beside its content: seq, ids, reg_no, version, hash, status, keys
ITEM_OVERHEAD = 400


def page_hashes(content: dict[str, Any]) -> list[str]:
    """Document pages and product photos: both are vault images the central must hold."""
    return content_page_hashes(content)


def build_item(
    store: Store, outbox_item: OutboxItem, data: dict[str, Any] | None = None, *, sign: bool = True
) -> PushItem:
    """The protocol's PushItem for one outbox row (raises on unreadable local data); ``data``
    is the version's content when the caller has read it already; ``sign``: with the version's
    own signature (off for a batch signed as one tree, :func:`sign_batch`).

    Built with ``model_construct`` (no validation): the fields come from the kiosk's own store,
    the central validates what it receives, and this runs once per pushed version."""
    if data is None:
        data = store.version_content(outbox_item.registration_id, outbox_item.version)
    content = Registration.from_dict(data).content() if "status" in data else data
    reg_no = content.get("reg_no", "")
    return PushItem.model_construct(
        seq=outbox_item.seq,
        registration_id=outbox_item.registration_id,
        reg_no=reg_no,
        version=outbox_item.version,
        content_hash=outbox_item.content_hash,
        content=content,
        status="submitted",
        page_hashes=page_hashes(content),
        signature=sign_version(store, outbox_item, reg_no) if sign else "",
    )


def sign_version(store: Store, outbox_item: OutboxItem, reg_no: str) -> str:
    """The kiosk's Ed25519 signature over the version (base64): the central keeps it, so the
    version can later be shown to come from this kiosk."""
    message = version_signing_bytes(
        outbox_item.registration_id, outbox_item.version, reg_no,
        outbox_item.content_hash, "submitted",
    )  # fmt: skip
    return _signature(store, message)


def signed_alone(store: Store, item: PushItem) -> PushItem:
    """The item with a signature of its own (an item of a tree-signed batch sent by itself)."""
    if item.signature:
        return item
    message = version_signing_bytes(
        item.registration_id, item.version, item.reg_no, item.content_hash, item.status
    )
    return item.model_copy(update={"signature": _signature(store, message)})


def sign_batch(store: Store, items: list[PushItem]) -> str:
    """The kiosk's one signature (base64) over the batch's tree of items, in the order sent
    (:mod:`kiosk.push_signature`); the items carry none of their own."""
    leaves = tree_signing.leaves_of(items)
    root = tree_signing.root(leaves)  # the paths are the central's business, not the kiosk's
    return _signature(store, tree_signing.root_signing_bytes(root, len(leaves)))


def _signature(store: Store, message: bytes) -> str:
    return base64.b64encode(store.keys.signing_key.sign(message)).decode()


@dataclass
class Batch:
    """Items for one ``POST /push``, their contents as stored, the encoded body."""

    items: list[PushItem]
    stored: dict[int, bytes] = field(default_factory=dict)  # seq → content as stored (checked)
    body: PushBody | None = None


@dataclass
class ReadAhead:
    """What the helper thread prepared: the rows read, their batches, and the unreadable ones
    ``(row, code)`` for the calling thread to set aside."""

    rows: list[OutboxItem]
    batches: list[Batch]
    unreadable: list[tuple[OutboxItem, str]]


def read_ahead(
    store: Store, batch_size: int, after: int, *, compress: bool, sign_per_push: bool = False
) -> ReadAhead:
    """Read-only (runs on the pusher's helper thread): up to ``batch_size`` pending rows after
    ``after``, checked, signed and encoded. ``sign_per_push``: the central accepts one signature
    per push (it said so in an answer): each batch of two or more items is signed once, as a
    tree of its items; a batch of one (a kiosk pushing as it goes: one registration per push) is
    signed on its own, as before, which costs the same signing and verification and spares the
    central a tree row per push."""
    pending = store.outbox_pending(limit=batch_size, after=after)
    unreadable: list[tuple[OutboxItem, str]] = []
    batches = _batches(store, pending, unreadable, sign_each=not sign_per_push)
    for batch in batches:
        signature = ""
        if sign_per_push and len(batch.items) > 1:
            signature = sign_batch(store, batch.items)
        elif sign_per_push:  # one item: its own signature, and no tree for the central to keep
            batch.items = [signed_alone(store, batch.items[0])]
        batch.body = encode_push(
            batch.items, compress=compress, stored=batch.stored, push_signature=signature
        )
    return ReadAhead(pending, batches, unreadable)


def _batches(
    store: Store,
    pending: list[OutboxItem],
    unreadable: list[tuple[OutboxItem, str]],
    *,
    sign_each: bool,
) -> list[Batch]:
    batches: list[Batch] = [Batch([])]
    size = 0
    texts = _texts(store, pending)
    for row in pending:
        raw = texts.get((row.registration_id, row.version))
        try:
            if isinstance(raw, Exception):
                raise raw
            data = _parsed(raw) if raw is not None else None
            item = build_item(store, row, data, sign=sign_each)
        except Exception as exc:  # unreadable local data: set it aside, keep flowing
            log.warning("outbox row %s unreadable: %s", row.seq, type(exc).__name__)
            unreadable.append((row, "sync.item.local"))
            continue
        stored = raw if isinstance(raw, bytes) and item.content is data else None
        if stored is not None and _sha256(stored) == row.content_hash:
            text = stored
        else:  # not as stored: write it out to check
            stored, text = None, canonical_json(item.content)
            if _sha256(text) != row.content_hash:
                unreadable.append((row, "sync.item.local_hash"))
                continue
        body = len(text) + ITEM_OVERHEAD + 70 * len(item.page_hashes)
        if batches[-1].items and size + body > BATCH_BYTES:
            batches.append(Batch([]))
            size = 0
        batches[-1].items.append(item)
        if stored is not None:
            batches[-1].stored[item.seq] = stored
        size += body
    return [b for b in batches if b.items]


def _texts(store: Store, pending: list[OutboxItem]) -> dict[tuple[str, int], bytes | Exception]:
    """The batch's stored contents in one read (empty if that fails: then read one by one)."""
    try:
        return store.version_texts([(row.registration_id, row.version) for row in pending])
    except Exception:  # fall back to per-item reads, which isolate the bad one
        log.warning("batch read of %d versions failed; reading one by one", len(pending))
        return {}


def _parsed(raw: bytes) -> Any:
    """``json.loads(raw)``'s value, by orjson where it is the same (see the module docstring)."""
    if raw.translate(_DIGITS_TO_ZERO).find(_DIGIT_RUN) < 0:  # no integer beyond 64 bits
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # the standard library decides (and raises as it did)
    return json.loads(raw)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

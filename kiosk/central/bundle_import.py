"""The central's import of a kiosk's bundle (``kiosk central import-bundle`` and the console's
upload): verify it, then apply it as that kiosk's push.

Order, so that a refused bundle changes nothing:

1. the file(s) are assembled (:func:`~kiosk.bundlefile.fileformat.assemble`) and the header read;
2. the kiosk it names must be enrolled here and not revoked;
3. the kiosk's Ed25519 signature over every byte is verified with the key it enrolled with;
4. only then is the age ciphertext opened with the central's document key and streamed: the
   manifest's items go through :func:`kiosk.central.push.push` in batches of
   :data:`~kiosk.protocol.MAX_PUSH_ITEMS` (the exactly-once path of ``POST /push``: a version held
   is ``unchanged``, another content for it a ``conflict``, a foreign number or a bad signature
   ``invalid``), the page envelopes through :mod:`kiosk.central.bundle_pages` (opened, hash
   checked, stored durably in batches — what a page upload does — while the next pages are read
   and decrypted), the audit head through
   :func:`kiosk.central.anchors.receive`, the intake sessions through
   :func:`kiosk.central.intake_sessions.receive` (the path of ``POST /intake-sessions``).

The answer is a confirmation (:class:`~kiosk.central.bundle_reply.Confirmation`): what was stored,
the erasure reports recorded and the feed's events after the bundle's cursor, sealed for the kiosk
with the reply key that came inside the bundle (:mod:`kiosk.central.bundle_reply`). A revoked
kiosk's bundle (signature verified) is applied not at all; its answer only says ``revoked``.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyrage

from kiosk import protocol as p
from kiosk.bundlefile import fileformat as ff
from kiosk.bundlefile.messages import BundleError
from kiosk.central import bundle_pages, bundle_reply
from kiosk.central.bundle_reply import Confirmation, write_confirmation

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from sqlalchemy import Engine

    from kiosk.central.storage import PageStorage

log = logging.getLogger(__name__)


class BundleRevoked(BundleError):
    """The bundle's kiosk is revoked: nothing was applied, but the kiosk is told (its answer
    says ``revoked``, sealed with the bundle's reply key) so it erases and locks itself."""

    def __init__(self, kiosk_code: str, confirmation: Confirmation, reply_key: bytes) -> None:
        super().__init__("bundle.kiosk_revoked", kiosk=kiosk_code)
        self.confirmation, self.reply_key = confirmation, reply_key


def verify(
    engine: Engine, paths: list[Path]
) -> tuple[list[ff.Segment], ff.BundleHeader, int, bool]:
    """Steps 1-3: the bundle's segments, header, ciphertext start and whether its kiosk is
    revoked (its signature verified all the same), or a :class:`BundleError`."""
    from cryptography.exceptions import InvalidSignature
    from sqlalchemy import select

    from kiosk.central.authorship import load_identity
    from kiosk.central.models import Kiosk

    name = paths[0].name if paths else "?"
    segments = ff.assemble(paths)
    header, start = ff.read_header(segments, name)
    with engine.connect() as conn:
        row = conn.execute(select(Kiosk.code, Kiosk.revoked_at).where(Kiosk.id == header.kiosk_id))
        kiosk = row.first()
        if kiosk is None:
            raise BundleError("bundle.kiosk_unknown")
        identity = load_identity(conn, header.kiosk_id)
    digest, signature = ff.digest_and_signature(segments)
    try:
        identity.public_key.verify(signature, ff.signed_digest(digest))
    except (InvalidSignature, ValueError) as exc:
        raise BundleError("bundle.signature_invalid") from exc
    return segments, header, start, kiosk.revoked_at is not None


def import_bundle(
    engine: Engine,
    storage: PageStorage,
    private_key: X25519PrivateKey,
    paths: list[Path],
    actor: str = "",
    progress: Callable[[int, int], None] | None = None,
    legacy_ids_before: dt.datetime | None = None,
) -> tuple[Confirmation, bytes]:
    """Verify and apply; returns the confirmation and the reply key it is sealed with.

    ``legacy_ids_before``: the central's cutoff for untagged registration IDs
    (:attr:`~kiosk.central.settings.CentralSettings.legacy_ids_before`), as a push is held to.

    ``actor`` names who imported it in the central's audit trail (a console user); the CLI's
    import is recorded as the kiosk's own (``kiosk:<code>``). ``progress(done, total)`` is
    called after each batch of versions. A revoked kiosk's bundle raises :class:`BundleRevoked`
    (nothing applied) carrying the answer that tells the kiosk."""
    from kiosk.central.db import session_factory

    segments, header, start, revoked = verify(engine, paths)
    total = sum(s.length for s in segments)
    identity = ff.age_identity(private_key)
    reader = ff.SegmentReader(segments, start, total - ff.SIGNATURE_SIZE)
    confirmation = Confirmation(header.bundle_id, header.kiosk_id, header.kiosk_code)
    with _decrypted(reader, identity) as plain:
        try:
            tar = tarfile.open(fileobj=plain, mode="r|", bufsize=ff.CHUNK)
            first = tar.next()
            extracted = tar.extractfile(first) if first is not None else None
            if first is None or first.name != "manifest.json" or extracted is None:
                raise ValueError("no manifest")
            manifest = json.loads(extracted.read())
            if manifest.get("bundle_id") != header.bundle_id:
                raise ValueError("manifest of another bundle")
            items = [p.PushItem.model_validate(i) for i in manifest["items"]]
            reply_key = base64.b64decode(manifest["reply_key"])
            head = p.AuditHead.model_validate(manifest["audit_head"])
            erasures = [p.ErasureReport.model_validate(r) for r in manifest.get("erasures") or []]
            sessions = [
                p.IntakeSessionRecord.model_validate(r)
                for r in manifest.get("intake_sessions") or []
            ]
        except (tarfile.TarError, ValueError, KeyError, TypeError) as exc:
            raise BundleError("bundle.content_invalid", reason=type(exc).__name__) from exc
        if not revoked:
            _apply_items(engine, header.kiosk_id, items, confirmation, progress, legacy_ids_before)
            try:
                bundle_pages.apply_pages(session_factory(engine), storage, private_key,
                                         header.kiosk_id, tar, confirmation.pages)  # fmt: skip
            except tarfile.TarError:  # the versions are in; the pages left go by the next sync
                log.warning("bundle %s: its page stream ends early", header.bundle_id[:8])
    if revoked:  # outside the pipe's block: nothing was applied, the kiosk is told
        confirmation.revoked = True
        raise BundleRevoked(header.kiosk_code, confirmation, reply_key)
    bundle_reply.receive_erasures(engine, storage, erasures, confirmation)
    _receive_sessions(engine, header.kiosk_id, sessions)
    bundle_reply.add_feed(engine, confirmation, manifest.get("pull_cursor"))
    _anchor_and_audit(engine, header, head, confirmation, actor or f"kiosk:{header.kiosk_code}")
    return confirmation, reply_key


@contextlib.contextmanager
def _decrypted(reader: ff.SegmentReader, identity: pyrage.x25519.Identity) -> Iterator[IO[bytes]]:
    """A pipe carrying the plaintext, age-decrypted in a thread (no plaintext on disk)."""
    read_fd, write_fd = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # Linux: 1 MiB, fewer thread hand-offs
        fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, ff.CHUNK)
    plain, writer = os.fdopen(read_fd, "rb", ff.CHUNK), os.fdopen(write_fd, "wb", ff.CHUNK)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with reader:
                pyrage.decrypt_io(reader, writer, [identity])
        except BaseException as exc:
            failures.append(exc)
        finally:
            with contextlib.suppress(OSError):
                writer.close()

    thread = threading.Thread(target=run, name="bundle-import", daemon=True)
    thread.start()
    try:
        yield plain
    except BundleError:
        if failures:  # the cause is that age could not open it (another central's key?)
            raise BundleError("bundle.content_invalid", reason="age") from failures[0]
        raise
    finally:
        plain.close()
        thread.join()


def _apply_items(
    engine: Engine, kiosk_id: str, items: list[p.PushItem], confirmation: Confirmation,
    progress: Callable[[int, int], None] | None, legacy_ids_before: dt.datetime | None,
) -> None:  # fmt: skip
    from kiosk.central import push as push_service

    for start in range(0, len(items), p.MAX_PUSH_ITEMS):
        batch = items[start : start + p.MAX_PUSH_ITEMS]
        answer = push_service.push(engine, kiosk_id, batch, legacy_ids_before=legacy_ids_before)
        for item, result in zip(items[start:], answer.results, strict=False):
            confirmation.results.append(
                {
                    "seq": result.seq,
                    "registration_id": result.registration_id,
                    "version": result.version,
                    "content_hash": item.content_hash,
                    "outcome": result.outcome,
                    "error": result.error.code if result.error else "",
                }
            )
        if progress is not None:
            progress(min(start + p.MAX_PUSH_ITEMS, len(items)), len(items))


def _receive_sessions(engine: Engine, kiosk_id: str, sessions: list[p.IntakeSessionRecord]) -> None:
    """The bundle's intake sessions, through the path of ``POST /intake-sessions``."""
    from kiosk.central import intake_sessions
    from kiosk.central.db import session_factory, session_scope

    if sessions:
        with session_scope(session_factory(engine)) as session:
            intake_sessions.receive(session, kiosk_id, sessions, via="bundle")


def _anchor_and_audit(
    engine: Engine,
    header: ff.BundleHeader,
    head: p.AuditHead,
    confirmation: Confirmation,
    actor: str,
) -> None:
    from kiosk.central import anchors, audit
    from kiosk.central.db import session_factory, session_scope

    with session_scope(session_factory(engine)) as session:
        anchors.receive(session, header.kiosk_id, head)
        audit.record(
            session, actor, "bundle.imported", target=header.kiosk_code,
            details={"bundle": header.bundle_id, **confirmation.counts(),
                     "pages": len(confirmation.pages)},
        )  # fmt: skip


__all__ = ["BundleRevoked", "Confirmation", "import_bundle", "verify", "write_confirmation"]

"""``kiosk bundle export``: everything the central has not confirmed, in one signed, sealed file.

What goes in (the same things a sync round sends, in the same shapes):

- every *pending* outbox row as the protocol's :class:`~kiosk.protocol.PushItem`, built and signed
  by :func:`kiosk.sync.push.build_item` exactly as a push builds it;
- every page those versions reference, and every page a push was told the central lacks, as the
  vault's stored envelope wrapped to the central (what a page upload sends);
- the audit chain's head (:class:`~kiosk.protocol.AuditHead`), which the central anchors as it
  does at the end of every sync round (the central keeps anchors, not the kiosk's entries);
- the erasure reports a sync round would send (:func:`kiosk.sync.erasure.pending_reports`:
  erasures done here, consent withdrawn at the desk) and the pull cursor, after which the central
  puts the feed's events into its confirmation (:mod:`kiosk.bundlefile.confirmation`);
- the intake sessions whose record changed since the central last accepted it, as the same signed
  records a sync round sends (:func:`kiosk.sync.intake_sessions.pending`, issue 14);
- a fresh random *reply key*, with which the central authenticates its confirmation file; it is
  inside the encryption, so only the central learns it, and the kiosk keeps it sealed.

With nothing of the above to send, the file is a *request* bundle (``ExportResult.request``): no
items, no pages, only the pull cursor, the audit head and the reply key, signed and sealed like
any other. The central imports it as an empty push and its confirmation carries the feed's events
after that cursor (verdicts, erasures, staff records, revocation): a field laptop that has
nothing to send still learns by file what a sync would have told it.

Nothing changes in the outbox: the rows stay pending and are recorded as "sent by bundle"
(:mod:`kiosk.bundle.tables`) only after the file is written durably. A bundle that never arrives
costs nothing; the next sync sends the same versions and the central stores each once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kiosk.bundle.tables import BUNDLE_ITEMS, BUNDLES, REPLY_KEY_AAD
from kiosk.bundlefile import fileformat as ff
from kiosk.bundlefile.messages import BundleError
from kiosk.protocol import PushItem
from kiosk.security.age_stream import encrypt_stream

if TYPE_CHECKING:
    from kiosk.store import Store

READ_BATCH = 500


@dataclass
class ExportResult:
    bundle_id: str
    items: int
    pages: int
    bytes: int
    files: list[Path] = field(default_factory=list)
    missing_pages: int = 0
    request: bool = False  # nothing to send: only the cursor and audit head, to fetch the feed


def _pending_items(store: Store) -> list[PushItem]:
    from kiosk.domain.model import canonical_json
    from kiosk.sync.push import build_item

    rows = store.outbox_pending(limit=2**31 - 1)
    items: list[PushItem] = []
    for start in range(0, len(rows), READ_BATCH):
        batch = rows[start : start + READ_BATCH]
        contents = store.version_contents([(r.registration_id, r.version) for r in batch])
        for row in batch:
            data = contents.get((row.registration_id, row.version))
            if data is None or isinstance(data, Exception):
                continue  # unreadable here: the next sync sets it aside with its reason
            item = build_item(store, row, data)
            if hashlib.sha256(canonical_json(item.content)).hexdigest() == row.content_hash:
                items.append(item)
    return items


def export_bundle(
    store: Store, target: Path, *, split_mb: float | None = None,
    progress: Callable[[str], None] | None = None, actor: str = "cli",
) -> ExportResult:  # fmt: skip
    """Write the bundle to ``target`` (or ``target.001``, ``.002``, … when split); an entry
    in the audit log says who wrote which bundle with how many versions (no personal data)."""
    from kiosk.staff import audit, audit_anchors
    from kiosk.sync.erasure import pending_reports
    from kiosk.sync.intake_sessions import pending as pending_sessions
    from kiosk.sync.pages import open_vault
    from kiosk.sync.state import SyncState

    state = SyncState(store.engine, store.keys)
    creds = state.credentials()
    central_key = store.keys.central_document_key
    if creds is None or central_key is None:
        raise BundleError("bundle.not_enrolled")
    items = _pending_items(store)
    erasures = [report.model_dump(mode="json") for report in pending_reports(store)]
    sessions = [record.model_dump() for record in pending_sessions(store)]
    vault = open_vault(store)
    wanted = dict.fromkeys(h for item in items for h in item.page_hashes)
    wanted.update(dict.fromkeys(sha for sha, _ in state.pages_pending(limit=2**31 - 1)))
    pages = [sha for sha in wanted if vault.has(sha)]
    for sha in pages:
        vault.wrap_to_central(sha)  # a page sealed before enrolment: the central must open it
    seq, head_hash = audit_anchors.head(store)
    reply_key = os.urandom(32)
    header = ff.BundleHeader(
        bundle_id=str(uuid.uuid4()),
        kiosk_id=creds.central_kiosk_id,
        kiosk_code=creds.kiosk_code,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    manifest = {
        "format": 1,
        **header.__dict__,
        "reply_key": base64.b64encode(reply_key).decode(),
        "audit_head": {"seq": seq, "hash": head_hash},
        "pull_cursor": state.cursor,  # the central answers with the feed's events after it
        "erasures": erasures,  # erasures done here, consent withdrawn at the desk
        "intake_sessions": sessions,  # signed records, as POST /intake-sessions carries them
        "items": [item.model_dump(mode="json") for item in items],
        "pages": pages,
    }

    def produce(out: IO[bytes]) -> None:
        with tarfile.open(fileobj=out, mode="w|") as tar:
            body = json.dumps(manifest, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
            for sha in pages:
                path = vault.path(sha)
                info = tarfile.TarInfo(f"pages/{sha}")
                info.size = path.stat().st_size
                with open(path, "rb") as fh:
                    tar.addfile(info, fh)

    if progress:
        progress(f"{len(items)} versions, {len(pages)} pages")
    target = Path(target)
    try:
        files, size = _write(store, target, header, produce, central_key, split_mb)
    except OSError as exc:
        raise BundleError("bundle.write_failed", reason=exc.strerror or type(exc).__name__) from exc
    _record(store, header, reply_key, items, len(pages))
    audit.log(store, actor, "bundle.exported", header.bundle_id,
              {"items": len(items), "pages": len(pages), "files": len(files)})  # fmt: skip
    request = not items and not erasures and not sessions and not pages
    return ExportResult(
        header.bundle_id, len(items), len(pages), size, files, len(wanted) - len(pages), request
    )


def _write(
    store: Store, target: Path, header: ff.BundleHeader, produce: Callable[[IO[bytes]], None],
    central_key: object, split_mb: float | None,
) -> tuple[list[Path], int]:  # fmt: skip
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from kiosk.fsutil import fsync_dir

    assert isinstance(central_key, X25519PublicKey)
    recipient = ff.age_recipient(central_key)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as out:
            out.write(header.encode())
            encrypt_stream(produce, recipient, out, thread_name="bundle-export")
            out.flush()
            out.seek(0)
            hasher = hashlib.sha256()
            while chunk := out.read(ff.CHUNK):
                hasher.update(chunk)
            out.write(store.keys.signing_key.sign(ff.signed_digest(hasher.digest())))
            out.flush()
            os.fsync(out.fileno())
        size = temp.stat().st_size
        if split_mb:
            files = ff.split(temp, target, header.bundle_id, max(1, int(split_mb * 1024 * 1024)))
            temp.unlink()
            return files, size
        os.replace(temp, target)
        fsync_dir(target.parent)
        return [target], size
    finally:
        temp.unlink(missing_ok=True)


def _record(
    store: Store, header: ff.BundleHeader, reply_key: bytes, items: list[PushItem], pages: int
) -> None:
    """Mark what the bundle carried as "sent by bundle" (one transaction)."""
    from kiosk.store.engine import immediate

    with immediate(), store.engine.begin() as conn:
        conn.execute(
            BUNDLES.insert().values(
                id=header.bundle_id,
                created_at=header.created_at,
                reply_key_sealed=store.keys.seal(reply_key, REPLY_KEY_AAD),
                items=len(items),
                pages=pages,
            )
        )
        if not items:  # erasure reports only
            return
        conn.execute(
            BUNDLE_ITEMS.insert(),
            [
                {
                    "bundle_id": header.bundle_id,
                    "seq": item.seq,
                    "registration_id": item.registration_id,
                    "version": item.version,
                    "content_hash": item.content_hash,
                }
                for item in items
            ],
        )

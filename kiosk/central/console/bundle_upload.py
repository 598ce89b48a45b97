"""The console's bundle upload (issue 14.3): an administrator, or the supervisor of the MPP the
bundle's kiosk belongs to, imports a kiosk's offline bundle from the browser instead of
``kiosk central import-bundle`` on the server.

Invariants, and why:

- The uploaded parts are copied as they came (age ciphertext, signed) into a private temporary
  folder under ``<data dir>/uploads/`` that is removed when the import ends, whatever happens.
  The plaintext only ever flows through the pipe inside
  :func:`kiosk.central.bundle_import.import_bundle`: nothing decrypted reaches a disk.
- The upload is bounded by ``CentralSettings.max_bundle_upload_bytes``: the route refuses a larger
  ``Content-Length`` before it reads the body, and :func:`receive` counts while copying.
- Nothing is applied before the checks the CLI makes (every part present, the kiosk enrolled and
  not revoked, its signature over every byte): the same function does the import. A supervisor's
  scope is checked first, on the header (which kiosk wrote it): a bundle of another MPP's kiosk
  is refused with 403 before it is verified or opened.
- Every import is in the central's audit trail under the console user's name
  (``bundle.imported``, by the importer); every refusal too (``bundle.refused`` with the reason's
  code). Ids and counts only, never personal data.
- The confirmation for the kiosk is kept as ``<data dir>/bundle-confirmations/<bundle id>.json``
  so it can be downloaded again (ids, versions and hashes only; it is authenticated with a key
  only the kiosk and this import knew).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from kiosk.bundlefile import fileformat as ff
from kiosk.bundlefile.messages import BundleError
from kiosk.central import audit
from kiosk.central.console.deps import ConsoleForbidden, ConsoleNotFound, can_see_mpp, mpp_scope
from kiosk.central.console.sessions import Viewer
from kiosk.central.db import session_scope
from kiosk.central.deps import CentralState
from kiosk.central.models import Kiosk

CONFIRMATIONS = "bundle-confirmations"
UPLOADS = "uploads"
MAX_PARTS = 200
_BUNDLE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_UNSAFE = re.compile(r"[^\w.\-]+")


class UploadTooLarge(Exception):
    """More bytes than ``max_bundle_upload_bytes``: nothing was imported."""


@dataclass(frozen=True)
class ImportOutcome:
    bundle_id: str
    kiosk_code: str
    stored: int
    unchanged: int
    conflict: int
    invalid: int
    pages: int
    confirmation_name: str


def confirmation_name(bundle_id: str) -> str:
    return f"konfirmasi-{bundle_id[:8]}.json"


def receive(uploads: list[tuple[str, BinaryIO]], folder: Path, limit: int) -> list[Path]:
    """Copy each upload to ``folder/<n>/<its name>`` (the name kept for messages), at most
    ``limit`` bytes in all."""
    paths: list[Path] = []
    total = 0
    for index, (name, source) in enumerate(uploads, start=1):
        safe = _UNSAFE.sub("_", Path(name or "bundel").name)[:120].lstrip(".") or "bundel"
        target = folder / str(index) / safe
        target.parent.mkdir(mode=0o700)
        with open(target, "wb") as out:
            while chunk := source.read(ff.CHUNK):
                total += len(chunk)
                if total > limit:
                    raise UploadTooLarge()
                out.write(chunk)
        paths.append(target)
    return paths


def _kiosk_mpp(state: CentralState, kiosk_id: str) -> tuple[str, int] | None:
    with state.factory() as session:
        row = session.execute(select(Kiosk.code, Kiosk.mpp_id).where(Kiosk.id == kiosk_id)).first()
    return (str(row.code), int(row.mpp_id)) if row is not None else None


def _refused(state: CentralState, viewer: Viewer, kiosk_code: str, reason: str) -> None:
    with session_scope(state.factory) as session:
        audit.record(session, viewer.username, "bundle.refused", target=kiosk_code,
                     details={"reason": reason})  # fmt: skip


def import_upload(
    state: CentralState, viewer: Viewer, uploads: list[tuple[str, BinaryIO]]
) -> ImportOutcome:
    """Receive, check scope, verify and apply; a :class:`BundleError` (audited) changes nothing
    but the audit trail, :class:`ConsoleForbidden` nothing at all."""
    from kiosk.central.bundle_import import import_bundle, write_confirmation

    kiosk_code = ""
    spool = state.settings.data_dir / UPLOADS  # the data disk, not a possibly small /tmp
    spool.mkdir(mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bundle-upload-", dir=spool) as tmp:
        try:
            if not uploads:
                raise BundleError("bundle.no_files")
            paths = receive(uploads, Path(tmp), state.settings.max_bundle_upload_bytes)
            header, _ = ff.read_header(ff.assemble(paths), paths[0].name)
            kiosk = _kiosk_mpp(state, header.kiosk_id)
            if kiosk is not None:
                kiosk_code = kiosk[0]
                if not can_see_mpp(viewer, kiosk[1]):
                    raise ConsoleForbidden()
            elif viewer.role != "admin":
                raise ConsoleForbidden()  # an unknown kiosk is no supervisor's
            confirmation, reply_key = import_bundle(
                state.engine, state.storage, state.private_key, paths, actor=viewer.username
            )
        except BundleError as exc:
            _refused(state, viewer, kiosk_code, exc.code)
            raise
    folder = state.settings.data_dir / CONFIRMATIONS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_confirmation(confirmation, reply_key, folder / f"{confirmation.bundle_id}.json")
    counts = confirmation.counts()
    return ImportOutcome(
        bundle_id=confirmation.bundle_id,
        kiosk_code=confirmation.kiosk_code,
        stored=counts["stored"],
        unchanged=counts["unchanged"],
        conflict=counts["conflict"],
        invalid=counts["invalid"],
        pages=len(confirmation.pages),
        confirmation_name=confirmation_name(confirmation.bundle_id),
    )


def confirmation_file(state: CentralState, viewer: Viewer, bundle_id: str) -> bytes:
    """The stored confirmation of ``bundle_id``, if this viewer may see its kiosk (else 403/404)."""
    import json

    if not _BUNDLE_ID.match(bundle_id):
        raise ConsoleNotFound()
    path = state.settings.data_dir / CONFIRMATIONS / f"{bundle_id}.json"
    try:
        data = path.read_bytes()
        kiosk_id = str(json.loads(data)["kiosk_id"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ConsoleNotFound() from None
    kiosk = _kiosk_mpp(state, kiosk_id)
    if kiosk is None or not can_see_mpp(viewer, kiosk[1]):
        raise ConsoleForbidden()
    return data


@dataclass(frozen=True)
class ImportRecord:
    """One earlier import, from the central's audit trail (console or command line)."""

    at: dt.datetime
    actor: str
    kiosk_code: str
    bundle_id: str
    stored: int
    unchanged: int
    refused: int
    pages: int
    has_confirmation: bool


def _count(details: dict[str, object], key: str) -> int:
    value = str(details.get(key, "0"))  # the audit trail keeps details as text
    return int(value) if value.isdigit() else 0


def recent_imports(state: CentralState, viewer: Viewer, limit: int = 20) -> list[ImportRecord]:
    """The newest imports this viewer may see (a supervisor: their MPP's kiosks only)."""
    import json

    from kiosk.central.models import AuditRecord, aware

    query = (
        select(AuditRecord.at, AuditRecord.actor, AuditRecord.target, AuditRecord.details)
        .where(AuditRecord.action == "bundle.imported")
        .order_by(AuditRecord.id.desc())
        .limit(limit)
    )
    scope = mpp_scope(viewer)
    if scope is not None:
        query = query.where(AuditRecord.target.in_(select(Kiosk.code).where(Kiosk.mpp_id == scope)))
    with state.factory() as session:
        rows = session.execute(query).all()
    folder = state.settings.data_dir / CONFIRMATIONS
    out: list[ImportRecord] = []
    for row in rows:
        details = json.loads(row.details or "{}")
        bundle_id = str(details.get("bundle", ""))
        has_file = bool(_BUNDLE_ID.match(bundle_id)) and (folder / f"{bundle_id}.json").is_file()
        out.append(
            ImportRecord(
                at=aware(row.at),
                actor=row.actor,
                kiosk_code=row.target,
                bundle_id=bundle_id,
                stored=_count(details, "stored"),
                unchanged=_count(details, "unchanged"),
                refused=_count(details, "conflict") + _count(details, "invalid"),
                pages=_count(details, "pages"),
                has_confirmation=has_file,
            )
        )
    return out

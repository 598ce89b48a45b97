"""The console's bundle upload (issue 14.3): an administrator, or the supervisor of the MPP the
bundle's kiosk belongs to, imports a kiosk's offline bundle from the browser instead of
``kiosk central import-bundle`` on the server.

Invariants, and why:

- The uploaded parts are copied as they came (age ciphertext, signed), durably (fsync), into a
  private folder ``<data dir>/uploads/job-<id>/`` and queued as a background job
  (:mod:`kiosk.central.bundle_jobs`): a large bundle takes minutes to verify and apply, longer
  than a web request should wait. The browser is sent to the job's page, which refreshes itself
  (a ``<meta http-equiv="refresh">``: the CSP allows no inline script) until the outcome is
  there. The parts are removed when the job ends. The plaintext only ever flows through the pipe
  inside :func:`kiosk.central.bundle_import.import_bundle`: nothing decrypted reaches a disk.
- The upload is bounded by ``CentralSettings.max_bundle_upload_bytes``: the route refuses a larger
  ``Content-Length`` before it reads the body, and :func:`receive` counts while copying.
- What can be checked at once is checked before anything is queued (a bundle, every part present,
  one bundle), and a supervisor's scope on the header (which kiosk wrote it): a bundle of another
  MPP's kiosk is refused with 403 before it is verified or opened. The kiosk's enrolment and its
  signature over every byte are checked by the job before anything is applied (the same function
  as the CLI's); a refusal there is the job's outcome, with the same message.
- Every import is in the central's audit trail under the console user's name
  (``bundle.imported``, by the importer); every refusal too (``bundle.refused`` with the reason's
  code). Ids and counts only, never personal data.
- The confirmation for the kiosk is kept as ``<data dir>/bundle-confirmations/<bundle id>.json``
  so it can be downloaded again (sealed for the kiosk; only the ids are in the clear).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from kiosk.bundlefile import fileformat as ff
from kiosk.bundlefile.messages import BundleError
from kiosk.central import audit
from kiosk.central.bundle_jobs import CONFIRMATIONS, JobView
from kiosk.central.console.deps import ConsoleForbidden, ConsoleNotFound, can_see_mpp, mpp_scope
from kiosk.central.console.sessions import Viewer
from kiosk.central.db import session_scope
from kiosk.central.deps import CentralState
from kiosk.central.models import Kiosk
from kiosk.fsutil import fsync_dir

MAX_PARTS = 200
_UUID = _BUNDLE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
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
            out.flush()
            os.fsync(out.fileno())  # the job applies it later, maybe after a restart
        fsync_dir(target.parent)
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


def queue_upload(state: CentralState, viewer: Viewer, uploads: list[tuple[str, BinaryIO]]) -> str:
    """Receive the parts durably, check what can be checked at once (a bundle, every part, the
    viewer's scope over its kiosk) and queue it for the background worker; returns the job id.
    A :class:`BundleError` here (audited) or :class:`ConsoleForbidden` leaves nothing behind."""
    from kiosk.central import bundle_jobs

    job_id = str(uuid.uuid4())
    folder = bundle_jobs.job_folder(state.settings.data_dir, job_id)
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the data disk, not /tmp
    folder.mkdir(mode=0o700)
    kiosk_code = ""
    try:
        if not uploads:
            raise BundleError("bundle.no_files")
        paths = receive(uploads, folder, state.settings.max_bundle_upload_bytes)
        header, _ = ff.read_header(ff.assemble(paths), paths[0].name)
        kiosk = _kiosk_mpp(state, header.kiosk_id)
        if kiosk is not None:
            kiosk_code = kiosk[0]
            if not can_see_mpp(viewer, kiosk[1]):
                raise ConsoleForbidden()
        elif viewer.role != "admin":
            raise ConsoleForbidden()  # an unknown kiosk is no supervisor's
        fsync_dir(folder)
        fsync_dir(folder.parent)
        bundle_jobs.submit(state.factory, job_id, viewer.username, header.kiosk_id,
                           kiosk_code or header.kiosk_code, header.bundle_id)  # fmt: skip
    except BundleError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _refused(state, viewer, kiosk_code, exc.code)
        raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job_id


@dataclass(frozen=True)
class JobPage:
    """What the job's page shows: its state and progress, then the outcome or the refusal."""

    job: JobView
    outcome: ImportOutcome | None
    refusal: BundleError | None
    notice_name: str  # a revoked kiosk's notice, to download ("" when none)


def job_page(state: CentralState, viewer: Viewer, job_id: str) -> JobPage:
    from kiosk.central import bundle_jobs

    if not _UUID.match(job_id):
        raise ConsoleNotFound()
    job = bundle_jobs.get(state.factory, job_id)
    if job is None:
        raise ConsoleNotFound()
    kiosk = _kiosk_mpp(state, job.kiosk_id)
    if kiosk is None or not can_see_mpp(viewer, kiosk[1]):
        if viewer.role != "admin":
            raise ConsoleForbidden()
    r = job.result
    outcome = refusal = None
    notice = ""
    if job.state == bundle_jobs.DONE:
        outcome = ImportOutcome(
            bundle_id=job.bundle_id, kiosk_code=job.kiosk_code, stored=int(r.get("stored", 0)),
            unchanged=int(r.get("unchanged", 0)), conflict=int(r.get("conflict", 0)),
            invalid=int(r.get("invalid", 0)), pages=int(r.get("pages", 0)),
            confirmation_name=confirmation_name(job.bundle_id),
        )  # fmt: skip
    elif job.state == bundle_jobs.REFUSED:
        refusal = BundleError(str(r.get("code", "")), **dict(r.get("params") or {}))
        notice = confirmation_name(job.bundle_id) if r.get("confirmation") else ""
    return JobPage(job, outcome, refusal, notice)


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

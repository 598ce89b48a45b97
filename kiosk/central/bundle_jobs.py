"""Bundles uploaded in the console, applied in the background (issue 14.3; migration 0007).

A 3,000-registration bundle takes minutes to verify and apply: far longer than a web request
should hold a browser (and a proxy's timeout). So the upload only stores the parts durably under
``<data dir>/uploads/job-<id>/`` and writes a :class:`~kiosk.central.models.BundleJob` row
(``queued``); a :class:`BundleWorker` thread in every central process claims queued rows and
applies them with :func:`kiosk.central.bundle_import.import_bundle`, the command line's import.

Invariants, and why:

- **Exactly once.** The import is the push's exactly-once path, so applying a bundle again stores
  nothing twice. On top of that a worker never claims a job whose bundle another job is applying
  right now (the claim is serialised: a PostgreSQL advisory lock, SQLite's single writer), so the
  same file uploaded twice at once is applied one after the other (the second finds everything
  already held).
- **A restart resumes.** A running job's row is touched every :data:`HEARTBEAT_S` seconds; a row
  left ``running`` without a heartbeat for :data:`LEASE` (its process died) goes back to
  ``queued`` and is applied again from the parts still on disk (what was stored before counts as
  already held). After :data:`MAX_ATTEMPTS` failed attempts of an unexpected kind it is reported
  ``failed`` instead of looping. A bundle refused (altered, revoked kiosk, …) is ``refused`` with
  the message's code: nothing was applied.
- The parts are removed once the job is ``done``, ``refused`` or ``failed``; the confirmation for
  the kiosk stays in ``<data dir>/bundle-confirmations/`` to be downloaded (sealed, ids only in
  the clear). Every import and refusal is in the audit trail under the console user's name.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.db import session_scope
from kiosk.central.models import BundleJob, utcnow

if TYPE_CHECKING:
    from kiosk.central.deps import CentralState

log = logging.getLogger(__name__)

UPLOADS = "uploads"
CONFIRMATIONS = "bundle-confirmations"
QUEUED, RUNNING, DONE, REFUSED, FAILED = "queued", "running", "done", "refused", "failed"
FINAL = (DONE, REFUSED, FAILED)
LEASE = dt.timedelta(minutes=2)
HEARTBEAT_S = 20.0
POLL_S = 2.0
MAX_ATTEMPTS = 3
_CLAIM_LOCK = 7_301_946_014


def job_folder(data_dir: Path, job_id: str) -> Path:
    return Path(data_dir) / UPLOADS / f"job-{job_id}"


@dataclass(frozen=True)
class JobView:
    id: str
    state: str
    actor: str
    kiosk_id: str
    kiosk_code: str
    bundle_id: str
    done: int
    total: int
    attempts: int
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        return self.state in FINAL


def _view(row: BundleJob) -> JobView:
    return JobView(
        row.id, row.state, row.actor, row.kiosk_id, row.kiosk_code, row.bundle_id,
        row.done, row.total, row.attempts, json.loads(row.result or "{}"),
    )  # fmt: skip


def submit(
    factory: sessionmaker[Session], job_id: str, actor: str, kiosk_id: str, kiosk_code: str,
    bundle_id: str,
) -> None:  # fmt: skip
    """Queue a job whose parts are already durable in :func:`job_folder`."""
    with session_scope(factory) as session:
        session.add(
            BundleJob(
                id=job_id, actor=actor, kiosk_id=kiosk_id, kiosk_code=kiosk_code,
                bundle_id=bundle_id, state=QUEUED, done=0, total=0, attempts=0, result="{}",
            )
        )  # fmt: skip


def get(factory: sessionmaker[Session], job_id: str) -> JobView | None:
    with factory() as session:
        row = session.get(BundleJob, job_id)
        return None if row is None else _view(row)


def claim(factory: sessionmaker[Session]) -> JobView | None:
    """The oldest queued job whose bundle nobody is applying, now ``running`` (or None)."""
    with session_scope(factory) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CLAIM_LOCK})
        session.execute(
            update(BundleJob)
            .where(BundleJob.state == RUNNING, BundleJob.updated_at < utcnow() - LEASE)
            .values(state=QUEUED, updated_at=utcnow())
        )  # a process died while applying it: resume
        busy = select(BundleJob.bundle_id).where(BundleJob.state == RUNNING)
        row = session.scalars(
            select(BundleJob)
            .where(BundleJob.state == QUEUED, BundleJob.bundle_id.not_in(busy))
            .order_by(BundleJob.created_at, BundleJob.id)
            .limit(1)
        ).first()
        if row is None:
            return None
        row.state, row.attempts, row.updated_at = RUNNING, row.attempts + 1, utcnow()
        session.flush()
        return _view(row)


def _set(factory: sessionmaker[Session], job_id: str, **values: Any) -> None:
    with session_scope(factory) as session:
        session.execute(
            update(BundleJob)
            .where(BundleJob.id == job_id, BundleJob.state == RUNNING)
            .values(updated_at=utcnow(), **values)
        )


def _parts(folder: Path) -> list[Path]:
    """The parts as the upload stored them: ``<n>/<name>``, in upload order."""
    numbered = [d for d in folder.iterdir() if d.is_dir() and d.name.isdigit()]
    return [f for d in sorted(numbered, key=lambda d: int(d.name)) for f in sorted(d.iterdir())]


def run(state: CentralState, job: JobView) -> str:
    """Apply one claimed job; returns its new state."""
    from kiosk.bundlefile.messages import BundleError
    from kiosk.central import audit
    from kiosk.central.bundle_import import BundleRevoked, import_bundle, write_confirmation

    factory, folder = state.factory, job_folder(state.settings.data_dir, job.id)
    confirmations = state.settings.data_dir / CONFIRMATIONS
    beat = threading.Event()

    def heartbeat() -> None:
        while not beat.wait(HEARTBEAT_S):
            _set(factory, job.id)

    beating = threading.Thread(target=heartbeat, name=f"bundle-job-{job.id[:8]}", daemon=True)
    beating.start()
    result: dict[str, Any]
    try:
        confirmations.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            confirmation, reply_key = import_bundle(
                state.engine, state.storage, state.private_key, _parts(folder), actor=job.actor,
                progress=lambda done, total: _set(factory, job.id, done=done, total=total),
                legacy_ids_before=state.settings.legacy_ids_before,
            )  # fmt: skip
        except BundleError as exc:
            result = {"code": exc.code, "params": {k: str(v) for k, v in exc.params.items()}}
            if isinstance(exc, BundleRevoked):  # the kiosk is told all the same
                notice = exc.confirmation
                write_confirmation(
                    notice, exc.reply_key, confirmations / f"{notice.bundle_id}.json"
                )
                result["confirmation"] = notice.bundle_id
            with session_scope(factory) as session:
                audit.record(session, job.actor, "bundle.refused", target=job.kiosk_code,
                             details={"reason": exc.code})  # fmt: skip
            new_state = REFUSED
        else:
            write_confirmation(
                confirmation, reply_key, confirmations / f"{confirmation.bundle_id}.json"
            )
            result = {**confirmation.counts(), "pages": len(confirmation.pages),
                      "confirmation": confirmation.bundle_id}  # fmt: skip
            new_state = DONE
    except Exception as exc:  # a database or disk fault: try again, then report it
        log.exception("bundle job %s failed", job.id[:8])
        beat.set()
        if job.attempts < MAX_ATTEMPTS:
            _set(factory, job.id, state=QUEUED)
            return QUEUED
        result, new_state = {"error": type(exc).__name__}, FAILED
    finally:
        beat.set()
        beating.join()
    _set(factory, job.id, state=new_state, result=json.dumps(result))
    shutil.rmtree(folder, ignore_errors=True)
    return new_state


class BundleWorker:
    """One thread per central process: claims queued jobs and applies them one at a time."""

    def __init__(self, state: CentralState, poll_s: float = POLL_S) -> None:
        self.state, self.poll_s = state, poll_s
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="bundle-worker", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:  # a job still applying is resumed after the restart
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job = claim(self.state.factory)
                if job is not None:
                    run(self.state, job)
                    continue
            except Exception:  # the database away for a moment: try again at the next poll
                log.exception("bundle worker: claiming a job failed")
            self._wake.wait(self.poll_s)
            self._wake.clear()

"""Pulling what the central has for this kiosk, from the per-kiosk cursor.

Events are applied in order; the cursor is saved after each page of events. Every application is
idempotent (a verdict sets a status, a staff record is upserted, a key is remembered, a data set
file is replaced by the same file), so a crash between applying and saving the cursor only repeats
work, and pulling twice changes nothing.

- ``verdict`` → :meth:`Store.apply_verdict` — unless the kiosk already holds a newer version of the
  registration (a correction is on its way; the old version's verdict does not apply to it).
- ``staff`` → :func:`kiosk.staff.accounts.upsert_from_central` (one call per page of events).
- ``kiosk_key`` → :func:`kiosk.receipts.keys.remember_key` (verifying other kiosks' receipts).
- ``erasure`` → :func:`kiosk.sync.erasure.erase_copy` (a data-subject erasure at the central; the
  local copy goes, a tombstone stays and is confirmed by :func:`kiosk.sync.erasure.report`).
- ``subject_drafts`` → :func:`kiosk.sync.erasure.erase_subject_drafts` (the same request's person:
  their drafts here, found by the NIK sealed to this kiosk; each confirmed like an erasure).
- ``reference`` → the data set is written atomically to ``<data dir>/reference/<dataset>.json``
  (the reference override folder), which :mod:`kiosk.reference` prefers over the shipped data
  when its version is not older; the loaded reference is then reset and reloaded with this
  kiosk's data folder.

An event whose data is wrong (unknown registration, invalid key, bad payload) is recorded as a
problem and skipped, so one bad event never stalls the cursor. Unexpected errors (a locked
database, a full disk) propagate: the cursor is not advanced and the next round tries again.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from kiosk.errors import UserFacingError
from kiosk.fsutil import atomic_write_bytes
from kiosk.protocol import PullEvent, PullResponse
from kiosk.sync.client import CentralClient
from kiosk.sync.state import SyncState

if TYPE_CHECKING:
    from kiosk.store import Store

log = logging.getLogger(__name__)

PAGE = 500
_DATASET = re.compile(r"[a-z0-9_.-]{1,64}")
_DATA_ERRORS = (UserFacingError, ValidationError, KeyError, ValueError, LookupError)


@dataclass
class PullTally:
    events: int = 0
    verdicts: int = 0
    staff: int = 0
    keys: int = 0
    references: int = 0
    erasures: int = 0
    skipped: int = 0


def reference_folder(store: Store) -> Path:
    return Path(store.paths.root) / "reference"


class Puller:
    def __init__(self, store: Store, state: SyncState, client: CentralClient | None) -> None:
        self.store = store
        self.state = state
        self.client = client  # None: events that came otherwise (a bundle's confirmation)

    def pull_all(self) -> PullTally:
        if self.client is None:
            raise RuntimeError("pull_all needs a client")
        tally = PullTally()
        cursor = self.state.cursor
        while True:
            answer = PullResponse.model_validate(self.client.pull(cursor, PAGE), strict=False)
            self.apply(answer.events, tally)
            advanced = answer.cursor != cursor
            if advanced:
                self.state.set_cursor(answer.cursor)
                cursor = answer.cursor
            if not (answer.has_more or answer.events) or not advanced:
                return tally

    def apply(self, events: list[PullEvent], tally: PullTally) -> None:
        staff: list[dict[str, Any]] = []
        references = tally.references
        for event in events:
            tally.events += 1
            try:
                payload = event.parsed()
                if payload is None:
                    tally.skipped += 1  # a kind this kiosk does not know yet
                elif event.kind == "staff":
                    staff.append(payload.model_dump())
                else:
                    getattr(self, f"_{event.kind}")(payload.model_dump(), tally)
            except _DATA_ERRORS as exc:
                self._bad(event, exc, tally)
        if staff:
            self._staff(staff, tally)
        if tally.references > references:  # a data set was written: the domain reads it now
            from kiosk.reference import Reference

            Reference.reset()
            Reference.load(self.store.paths.root)

    def _bad(self, event: PullEvent, exc: Exception, tally: PullTally) -> None:
        detail = exc.code if isinstance(exc, UserFacingError) else type(exc).__name__
        log.warning("pull event %s (%s) skipped: %s", event.seq, event.kind, detail)
        self.state.problem_set(
            "pull", str(event.seq), "sync.pull.bad_event", kind=event.kind, detail=detail
        )
        tally.skipped += 1

    def _verdict(self, p: dict[str, Any], tally: PullTally) -> None:
        reg = self.store.get(p["registration_id"])
        if reg.status == p["status"] and (reg.verdict_reason or "") == (p["reason"] or ""):
            return  # already applied: pulling twice changes nothing
        applied = self.store.apply_verdict(
            p["registration_id"], p["status"], p["reason"], version=p["version"]
        )
        if applied:
            tally.verdicts += 1
        else:  # a verdict on an older version: the newer correction awaits its own
            tally.skipped += 1

    def _staff(self, records: list[dict[str, Any]], tally: PullTally) -> None:
        from kiosk.staff.accounts import upsert_from_central

        result = upsert_from_central(self.store, records)
        tally.staff += result.created + result.updated
        for name in result.rejected:
            self.state.problem_set(
                "pull", f"staff:{name}", "sync.pull.bad_event", kind="staff", detail=name
            )

    def _erasure(self, p: dict[str, Any], tally: PullTally) -> None:
        from kiosk.sync.erasure import erase_copy

        erase_copy(self.store, p["registration_id"], p["reg_no"], p["request_id"])
        tally.erasures += 1

    def _subject_drafts(self, p: dict[str, Any], tally: PullTally) -> None:
        from kiosk.sync.erasure import erase_subject_drafts

        done = erase_subject_drafts(self.store, p["request_id"], p["subject"])
        tally.erasures += len(done.drafts)

    def _kiosk_key(self, p: dict[str, Any], tally: PullTally) -> None:
        from kiosk.receipts.keys import remember_key

        remember_key(self.store, p["kiosk_id"], p["key_id"], p["public_key"])
        tally.keys += 1

    def _reference(self, p: dict[str, Any], tally: PullTally) -> None:
        name = p["dataset"]
        if not _DATASET.fullmatch(name) or name.startswith(".") or ".." in name:
            raise ValueError("bad data set name")  # it becomes a file name: no paths
        target = reference_folder(self.store) / f"{name}.json"
        body = json.dumps(
            {"dataset": name, "version": p["version"], "rows": p["rows"]},
            ensure_ascii=False, sort_keys=True,
        ).encode()  # fmt: skip
        if target.exists() and target.read_bytes() == body:
            return
        atomic_write_bytes(target, body, mode=0o644)
        tally.references += 1

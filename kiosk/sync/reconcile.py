"""After a sanity mismatch: re-send what the central lacks, adopt what only the central holds.

The sanity check (:mod:`kiosk.sync.engine`) compares the ledger (what the central confirmed to
this kiosk) with the central's count and digest. Two things can make them differ:

- **The central lost versions** (its database restored from an older backup): every confirmed
  version the store still holds is queued again (:func:`requeue_confirmed`); the central answers
  ``unchanged`` for what it has and stores what it lost.
- **The kiosk lost versions** (its data folder restored from an older backup, ``kiosk restore``):
  the central holds versions the restored ledger does not list. :func:`adopt_central_versions`
  asks ``GET /sanity?detail=true`` for the central's list and, for each version missing from the
  ledger:

  - the store holds the registration at an older version (it was corrected after the backup was
    taken) → the newer versions are **taken back** (``GET /versions/{id}/{version}``, checked
    against the hash the central listed) and stored as they are
    (:meth:`Store.adopt_central_version`); staff see the problem ``sync.restore.taken_back``
    naming those registrations, so the person who made the correction can check it is the one
    they remember (issue 13.5);

  - the store holds that version with the same content hash → a lost ledger row: added back;
  - the store does not hold it → added to the ledger as what it is, a version the central
    confirmed to this kiosk; when the store lacks the whole registration it is also marked like a
    registration retention removed (``sync_retention``), so nothing tries to re-send or redact
    it; the count becomes the visible problem ``sync.restore.central_only`` (registrations safe
    at the central, not on this kiosk);
  - the store holds that version with *another* hash → a real divergence: not adopted, the
    mismatch stays visible.

Rule: nothing the central confirmed is lost (it keeps every version; the kiosk never asks it to
drop one) and the next check agrees. A correction made on the restored kiosk before it took the
newer versions back reaches the central as a conflict, which is set aside and shown.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.protocol import SanityEntry, SanityResponse, VersionContent
from kiosk.store import RegistrationNotFound
from kiosk.sync.messages import CentralRefused
from kiosk.sync.state import SyncState

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)

register(
    {
        "sync.restore.taken_back": {
            "id": "{count} pendaftaran dikoreksi setelah cadangan dibuat; kios mengambil versi "
            "terbaru dari pusat: {reg_nos}. Periksa koreksinya.",
            "en": "{count} registrations were corrected after the backup was made; the kiosk took "
            "the newest versions back from the central: {reg_nos}. Check the corrections.",
        },
        "sync.restore.central_only": {
            "id": "{count} versi pendaftaran tersimpan di pusat tetapi tidak ada di kios ini "
            "(data kios dipulihkan dari cadangan lama). Data itu aman di pusat; lihat di sana.",
            "en": "{count} registration versions are held by the central but not on this kiosk "
            "(its data was restored from an older backup). They are safe at the central; look "
            "them up there.",
        },
    }
)


@dataclass
class AdoptTally:
    repaired: int = 0  # ledger rows re-added for versions the store holds
    central_only: int = 0  # versions only the central holds
    taken_back: int = 0  # newer versions of registrations held here, stored again
    diverged: int = 0  # same (id, version), other content: left visible


def requeue_confirmed(store: Store, state: SyncState) -> int:
    """Queue every confirmed version the store still holds again; returns how many."""
    redacted = state.redacted()  # their local copy is gone: nothing to re-send
    queued = 0
    for reg_id, version, _hash in state.ledger():
        if reg_id in redacted:
            continue
        try:
            store.outbox_requeue(reg_id, version)
        except UserFacingError as exc:
            if exc.code != "store.version.not_found":
                raise
            continue  # held only by the central (adopted after a restore): nothing to send
        queued += 1
    return queued


def _take_back(store: Store, client: CentralClient, entry: SanityEntry) -> bool:
    """Fetch one version the central holds and store it; False if it cannot be taken back."""
    from kiosk.domain.model import Registration, canonical_json

    try:
        raw = client.call("GET", f"/versions/{entry.registration_id}/{entry.version}").json()
        answer = VersionContent.model_validate(raw, strict=False)
    except (CentralRefused, ValueError) as exc:
        log.warning("version %s/%s not taken back: %s", entry.registration_id[:8],
                    entry.version, type(exc).__name__)  # fmt: skip
        return False
    if hashlib.sha256(canonical_json(answer.content)).hexdigest() != entry.content_hash:
        return False
    try:
        store.adopt_central_version(Registration.from_dict(answer.content), entry.content_hash)
    except UserFacingError as exc:
        log.warning("version %s/%s not stored: %s", entry.registration_id[:8], entry.version,
                    exc.code)  # fmt: skip
        return False
    return True


def adopt_central_versions(store: Store, state: SyncState, client: CentralClient) -> AdoptTally:
    """Add to the ledger what the central holds for this kiosk and the ledger lacks."""
    tally = AdoptTally()
    answer = client.call("GET", "/sanity", params={"detail": "true"}).json()
    held = SanityResponse.model_validate(answer, strict=False).versions or []
    ledger = {(rid, version) for rid, version, _hash in state.ledger()}
    missing = [e for e in held if (e.registration_id, e.version) not in ledger]
    adopted: list[tuple[str, int, str, str]] = []
    absent: set[str] = set()
    taken: list[str] = []
    for entry in sorted(missing, key=lambda e: (e.registration_id, e.version)):
        try:
            local = {v.version: v.content_hash for v in store.history(entry.registration_id)}
        except RegistrationNotFound:
            local = {}
        if not local:
            absent.add(entry.registration_id)
        elif entry.version > max(local) and _take_back(store, client, entry):
            adopted.append((entry.registration_id, entry.version, entry.content_hash, "central"))
            taken.append(entry.registration_id)
            tally.taken_back += 1
            continue
        if entry.version not in local:
            adopted.append((entry.registration_id, entry.version, entry.content_hash, "central"))
            tally.central_only += 1
        elif local[entry.version] == entry.content_hash:
            adopted.append((entry.registration_id, entry.version, entry.content_hash, "unchanged"))
            tally.repaired += 1
        else:
            tally.diverged += 1
    state.ledger_add(adopted)
    known = state.redacted()
    for reg_id in sorted(absent - known):
        state.mark_redacted(reg_id)
    if taken:
        numbers = sorted({store.summary(rid).reg_no for rid in taken})
        log.warning("sanity: %d newer versions taken back from the central", tally.taken_back)
        state.problem_set("restore", "taken_back", "sync.restore.taken_back",
                          count=len(numbers), reg_nos=", ".join(numbers))  # fmt: skip
    if tally.central_only:
        log.warning("sanity: %d versions held only by the central adopted", tally.central_only)
        state.problem_set("restore", "", "sync.restore.central_only", count=tally.central_only)
    return tally

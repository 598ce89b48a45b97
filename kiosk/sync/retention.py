"""Storage limitation (UU 27/2022): the kiosk forgets personal data the central has safely.

After ``sync.retention_days`` days (a store setting, default :data:`DEFAULT_DAYS`; 0 or less turns
retention off) from the central's confirmation, a registration that is

- **verified** by the provincial office, or
- **synced and complete**: the central echoed its current version and holds every page of it,

is redacted on the kiosk: :meth:`Store.redact` keeps the registration number, status and masked
identifiers and removes the rest, then the page files no other registration references are deleted
from the vault (not one put again in this process for work not saved yet, a re-scan of the same
file: :meth:`Vault.taken_again`). Registrations waiting for a fix, set aside, or with pages still
to upload are never touched: the kiosk may be the only place that holds them.

The copies of the database taken before schema upgrades (``<data dir>/backups/kiosk-*.sqlite3*``,
:mod:`kiosk.store.sealed_copy`) fall under the same period: a copy older than it is deleted, so
data retention removed from the database does not live on in them (issue 13.4).

Order matters: the page list is read before redaction, the vault files are removed after it (a
crash in between leaves unreferenced files, which the documents part's sweep removes), and the
``sync_retention`` row is written last (a crash before it only repeats an idempotent redaction).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.model import Status
from kiosk.fsutil import fsync_dir
from kiosk.sync.state import SyncState

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.domain.model import Registration
    from kiosk.store import Store

log = logging.getLogger(__name__)

SETTING = "sync.retention_days"
DEFAULT_DAYS = 90


@dataclass
class RetentionResult:
    redacted: int = 0
    pages_removed: int = 0
    copies_removed: int = 0
    available: bool = True


class Retention:
    def __init__(
        self, store: Store, *, vault: Vault | None = None, now: dt.datetime | None = None
    ) -> None:
        self.store = store
        self.state = SyncState(store.engine, store.keys)
        self.vault = vault
        self.now = now

    def days(self) -> int:
        value = self.store.get_setting(SETTING, DEFAULT_DAYS)
        try:
            return int(value)
        except (TypeError, ValueError):
            return DEFAULT_DAYS

    def eligible(self, reg: Registration) -> bool:
        if reg.status == Status.VERIFIED:
            return self.state.confirmed_version(reg.id) >= 1
        if reg.status != Status.SYNCED:
            return False
        return self.state.confirmed_version(reg.id) >= reg.version and (
            self.state.pages_count(reg.id) == 0
        )

    def run(self) -> RetentionResult:
        result = RetentionResult()
        days = self.days()
        if days <= 0:
            return result
        redact = getattr(self.store, "redact", None)
        if redact is None:
            log.warning("retention skipped: the store offers no redact()")
            result.available = False
            return result
        now = self.now or dt.datetime.now(dt.UTC)
        cutoff = (now - dt.timedelta(days=days)).isoformat()
        result.copies_removed = remove_old_upgrade_copies(
            self.store.paths.backups, now - dt.timedelta(days=days)
        )
        candidates_pages: set[str] = set()
        for reg_id in self.state.confirmed_before(cutoff):
            try:
                reg = self.store.get(reg_id)
            except Exception:  # deleted meanwhile: nothing left to keep or forget
                log.info("retention: registration %s is gone", reg_id)
                continue
            if not self.eligible(reg):
                continue
            pages = {p.sha256 for _, _, p in reg.image_pages()}
            redact(reg_id, actor="sync")
            self.state.mark_redacted(reg_id)
            candidates_pages |= pages
            result.redacted += 1
        result.pages_removed = self._remove_pages(candidates_pages)
        if result.redacted:
            self.store.audit("sync", "retention.run", "", {"redacted": result.redacted,
                             "pages_removed": result.pages_removed})  # fmt: skip
        return result

    def _remove_pages(self, hashes: set[str]) -> int:
        if not hashes:
            return 0
        vault = self.vault
        if vault is None:
            from kiosk.documents.vault import Vault

            vault = Vault(self.store.paths.documents, self.store.keys)
        still_used = self.store.referenced_page_hashes()
        pending = {sha for sha, _ in self.state.pages_pending(limit=1_000_000)}
        removed = 0
        for sha in sorted(hashes - still_used - pending):
            if vault.taken_again(sha):  # put again for work not saved yet (a re-scan): keep it
                continue
            vault.remove(sha)
            removed += 1
        return removed


def remove_old_upgrade_copies(backups: Path, older_than: dt.datetime) -> int:
    """Delete the pre-upgrade database copies last written before ``older_than``."""
    removed = 0
    for path in [*backups.glob("kiosk-*.sqlite3"), *backups.glob("kiosk-*.sqlite3.sealed")]:
        try:
            written = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        except FileNotFoundError:
            continue
        if written < older_than:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        fsync_dir(backups)
    return removed

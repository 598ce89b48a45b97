"""The start-up sweep: make the document folder and the database agree again after a crash.

Runs once when the kiosk starts, before any capture (a page stored but not yet referenced by a
committed row would otherwise look like an orphan):

- leftover temporary files (a crash between write and rename) are deleted;
- page files that no row references (a crash between rename and commit, a deleted draft, a rotated
  page's old version) are deleted;
- local key wraps kept beside the pages (:mod:`kiosk.documents.wraps`) whose file is gone (a crash
  between a put's row and its file) are deleted;
- rows whose file is missing or does not match its hash are flagged through the store
  (``flag_page(sha256, "missing" | "damaged")``) so staff see "please scan again" instead of a
  broken thumbnail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.documents.vault import Vault
from kiosk.fsutil import fsync_dir

if TYPE_CHECKING:
    from kiosk.store import Store

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    removed_temporary: int = 0
    removed_orphans: int = 0
    flagged: dict[str, str] = field(default_factory=dict)  # sha256 -> "missing" | "damaged"


def sweep(
    vault: Vault,
    referenced: Iterable[str],
    flag_page: Callable[[str, str], object],
) -> SweepReport:
    report = SweepReport()
    wanted = set(referenced)
    for sub in list(vault.folder.iterdir()):
        if not sub.is_dir():
            continue
        changed = False
        for item in list(sub.iterdir()):
            if item.name.endswith(".tmp"):
                item.unlink(missing_ok=True)
                report.removed_temporary += 1
                changed = True
        if changed:
            fsync_dir(sub)
    for sha256 in list(vault.iter_hashes()):
        if sha256 not in wanted:
            vault.remove(sha256)
            report.removed_orphans += 1
    vault.sweep_wraps()  # local wraps kept beside files that are gone
    for sha256 in sorted(wanted):
        state = vault.verify(sha256)
        if state != "ok":
            flag_page(sha256, state)
            report.flagged[sha256] = state
    log.info(
        "document sweep: %d temporary, %d orphan files removed; %d pages flagged",
        report.removed_temporary,
        report.removed_orphans,
        len(report.flagged),
    )
    return report


def sweep_store(store: Store) -> SweepReport:
    """The sweep against the kiosk's :class:`kiosk.store.Store` (called once at start-up)."""
    vault = Vault(store.paths.documents, store.keys)
    return sweep(vault, store.referenced_page_hashes(), store.flag_page)

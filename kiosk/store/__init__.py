"""The kiosk's local store: SQLite (WAL, synchronous=FULL), sealed personal data, outbox, search.

``Store.open(data_dir)`` is the entry point; see :mod:`kiosk.store.store`. The store's parts
(writes, bulk, reads, search, outbox, settings, retention) share one typed base,
:class:`kiosk.store.core.StoreCore`; its place among the layers is in ``docs/dev/ARCHITECTURE.md``.
"""

from kiosk.store.records import (
    Duplicate,
    OutboxItem,
    RegistrationNotFound,
    Summary,
    ValidationFailed,
    VersionInfo,
)
from kiosk.store.store import Store

__all__ = [
    "Duplicate",
    "OutboxItem",
    "RegistrationNotFound",
    "Store",
    "Summary",
    "ValidationFailed",
    "VersionInfo",
]

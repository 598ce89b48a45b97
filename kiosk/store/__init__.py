"""The kiosk's local store: SQLite (WAL, synchronous=FULL), sealed personal data, outbox, search.

``Store.open(data_dir)`` is the entry point; see :mod:`kiosk.store.store` and the contract in
``docs/dev/CONTRACTS.md``.
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

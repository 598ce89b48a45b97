"""The kiosk's local store: SQLite (WAL, synchronous=FULL), sealed personal data, outbox, search.

``Store.open(data_dir)`` is the entry point; see :mod:`kiosk.store.store`. The store's parts
(writes, bulk, reads, search, outbox, settings, retention) share one typed base,
:class:`kiosk.store.core.StoreCore`; its place among the layers is in ``docs/dev/ARCHITECTURE.md``.

The names below are loaded on first use (:func:`__getattr__`), not when the package is imported:
importing a small part of it (:mod:`kiosk.store.audit_chain`, :mod:`kiosk.store.revision`, used by
the log-in before the store opens, :mod:`kiosk.staff.early_login`) must not pull in SQLAlchemy's
ORM and every model (~0.5 s of CPU on a desk). ``from kiosk.store import Store`` works as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def __getattr__(name: str) -> object:
    """``Store`` and the records, imported when first asked for (see the module docstring). Plain
    import statements, so that PyInstaller's analysis of the bundle still finds both modules."""
    if name == "Store":
        from kiosk.store.store import Store

        value: object = Store
    elif name in __all__:
        from kiosk.store import records

        value = getattr(records, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value

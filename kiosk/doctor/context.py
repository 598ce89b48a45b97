"""What every check receives: the data folder, the options, and read-only ways into the data.

The doctor never changes what it examines. It does not open :class:`kiosk.store.Store` (that
would run migrations and create missing keys: exactly what must not happen to a database or a
key folder that is being diagnosed); it reads the SQLite file through a read-only URI
connection, and loads the key ring only when every key file is already there.

Every SQLite statement runs under a deadline (a progress handler that interrupts the statement),
so a check on a large or damaged database ends in bounded time.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import Paths

if TYPE_CHECKING:
    from kiosk.security.keys import KeyRing

KEY_FILES = ("signing_ed25519.pem", "data.key", "documents_x25519.pem")


def key_files(keys: Path) -> tuple[str, ...]:
    """The key files this kiosk should have: the data key is ``data.key.wrapped`` when it is kept
    under a passphrase or by DPAPI (:mod:`kiosk.security.datakey`)."""
    wrapped = (keys / "data.key.wrapped").is_file() and not (keys / "data.key").is_file()
    return tuple("data.key.wrapped" if wrapped and n == "data.key" else n for n in KEY_FILES)


@dataclass(frozen=True)
class Options:
    """How far the doctor goes. Devices are slow and may be in use: ``skip_devices`` leaves
    scanners and printers alone; ``print_test`` names a CUPS queue for a test page (``""``: the
    default printer; None: no test page); ``scan_device`` picks the scanner for the test scan."""

    skip_devices: bool = False
    print_test: str | None = None
    scan_device: str | None = None
    check_timeout_s: float = 60.0
    sql_timeout_s: float = 45.0


@dataclass
class Context:
    paths: Paths
    options: Options = field(default_factory=Options)
    _keyring: KeyRing | None = field(default=None, repr=False)
    _keyring_tried: bool = field(default=False, repr=False)
    keyring_refusal: str = ""  # the message code when the data key's passphrase is missing/wrong

    @contextlib.contextmanager
    def connect(self, timeout_s: float | None = None) -> Iterator[sqlite3.Connection]:
        """A read-only connection to the kiosk's database; statements stop at the deadline
        (``sqlite3.OperationalError: interrupted``)."""
        uri = self.paths.database.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0, check_same_thread=False)
        deadline = time.monotonic() + (timeout_s or self.options.sql_timeout_s)
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield conn
        finally:
            conn.close()

    def has_table(self, conn: sqlite3.Connection, name: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def setting(self, key: str, default: Any = None) -> Any:
        """A value of the store's settings table (JSON), or ``default`` when unreadable."""
        if not self.paths.database.exists():
            return default
        try:
            with self.connect(5.0) as conn:
                if not self.has_table(conn, "settings"):
                    return default
                row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return default
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def keyring(self) -> KeyRing | None:
        """The kiosk's key ring when every key file is present and loads; never creates keys."""
        if not self._keyring_tried:
            self._keyring_tried = True
            if all((self.paths.keys / name).is_file() for name in key_files(self.paths.keys)):
                from kiosk.errors import UserFacingError
                from kiosk.security.keys import KeyRing

                try:
                    self._keyring = KeyRing.load_or_create(self.paths.keys)
                except (ValueError, TypeError, OSError):
                    self._keyring = None
                except UserFacingError as exc:  # kept under a passphrase nobody gave the doctor
                    self._keyring = None
                    self.keyring_refusal = exc.code
        return self._keyring

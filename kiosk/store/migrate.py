"""Bring the local database to the newest schema, after a consistent backup.

Alembic runs programmatically: the script location is the ``migrations`` folder inside this
package (so an installed kiosk needs no ``alembic.ini`` and no working directory), and the open
connection is handed to ``env.py`` through ``config.attributes["connection"]``.

Before an upgrade of a database that already holds a schema, a copy is taken with SQLite's online
backup API (:meth:`sqlite3.Connection.backup`): it copies a consistent snapshot even while WAL
frames are not yet checkpointed, which a file copy of ``kiosk.sqlite3`` would miss. The copy is
written under a temporary name, fsync'd and renamed, so a crash never leaves a half backup that
looks whole. Only the newest :data:`KEEP_BACKUPS` backups are kept. Nothing is backed up (and
nothing is written) when the database is already at head.

Two processes opening one data folder (the app and a ``kiosk`` command, two commands, a double
start) are serialised by :func:`open_lock`, an exclusive lock on ``<data dir>/.kiosk-open.lock``
held while :meth:`Store.open <kiosk.store.Store.open>` creates the keys, checks the schema version
and migrates. Without it both saw a brand-new folder, both made keys (one process then sealed with
a key the folder no longer had) and both ran the schema creation, whose DDL does not wait on the
busy timeout: the second failed with "database is locked" in 4 of 5 tries. The lock is released by
the operating system if the process dies; a holder that takes longer than
:data:`OPEN_LOCK_TIMEOUT_S` (a long upgrade elsewhere) is reported as a locked database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from kiosk.errors import StorageFault, UserFacingError, storage_fault
from kiosk.fsutil import exclusive_lock, fsync_dir
from kiosk.i18n import register
from kiosk.store.revision import MIGRATIONS, quick_head

if TYPE_CHECKING:
    from alembic.config import Config

    from kiosk.security.keys import KeyRing

register(
    {
        "store.schema.unknown": {
            "id": "Basis data dibuat oleh versi aplikasi yang lebih baru ({revision}). "
            "Perbarui aplikasi ini; data tidak diubah.",
            "en": "The database was made by a newer version of the app ({revision}). "
            "Update this app; the data was not changed.",
        }
    }
)
KEEP_BACKUPS = 5
OPEN_LOCK = ".kiosk-open.lock"
OPEN_LOCK_TIMEOUT_S = 120.0
_log = logging.getLogger(__name__)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except OperationalError:  # no table yet: a new database
            return None
    return rows[0][0] if len(rows) == 1 else None


@contextlib.contextmanager
def open_lock(root: Path) -> Iterator[None]:
    """Hold the data folder's open lock (see the module docstring) for the ``with`` block.

    A folder that cannot hold the lock file (read-only, full, no permission) is named as that
    storage fault here, before anything else is tried.
    """
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive_lock(Path(root) / OPEN_LOCK, OPEN_LOCK_TIMEOUT_S))
        except TimeoutError as exc:
            raise StorageFault("locked") from exc
        except OSError as exc:
            raise (storage_fault(exc) or exc) from exc
        yield


def upgrade(
    engine: Engine, backups: Path, target: str = "head", keys: KeyRing | None = None
) -> Path | None:
    """Upgrade the database of ``engine`` to ``target``; returns the backup taken, if any
    (encrypted with ``keys``' data key when given: :mod:`kiosk.store.sealed_copy`)."""
    current = current_revision(engine)
    if current is not None and current == (quick_head(MIGRATIONS) if target == "head" else target):
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    wanted = script.get_current_head() if target == "head" else target
    if current == wanted:
        return None
    if current is not None and current not in {s.revision for s in script.walk_revisions()}:
        # A newer kiosk version wrote this database: never touch it with older code.
        raise UserFacingError("store.schema.unknown", revision=current)
    backup = None
    if current is not None:  # a fresh, empty database has nothing to protect
        database = Path(engine.url.database or "")
        backup = backup_database(database, backups, label=current, keys=keys)
    with engine.begin() as conn, _quiet_alembic():
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    _log.info("database schema upgraded from %s to %s", current or "empty", wanted)
    return backup


@contextlib.contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic logs a dozen INFO lines per upgrade ("Context impl SQLiteImpl", one "Running
    upgrade" per revision) that opened every log; :func:`upgrade` writes one line instead.
    Warnings still pass. A level set on the ``alembic`` logger by a supervisor is respected."""
    logger = logging.getLogger("alembic")
    if logger.level != logging.NOTSET:
        yield
        return
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(logging.NOTSET)


def backup_database(
    database: Path, backups: Path, label: str = "", keys: KeyRing | None = None
) -> Path:
    """A consistent copy of ``database`` in ``backups`` via the SQLite backup API; with ``keys``
    encrypted under the data key (``….sqlite3.sealed``, :mod:`kiosk.store.sealed_copy`)."""
    backups.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = backups / f"kiosk-{stamp}{'-' + label if label else ''}.sqlite3"
    temp = final.with_name(f".{final.name}.tmp")
    source = sqlite3.connect(database)
    try:
        target = sqlite3.connect(temp)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    with open(temp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.chmod(temp, 0o600)
    if keys is not None:
        from kiosk.store import sealed_copy

        sealed = final.with_name(f".{final.name}{sealed_copy.SUFFIX}.tmp")
        try:
            sealed_copy.seal_file(temp, sealed, keys)
            final = final.with_name(final.name + sealed_copy.SUFFIX)
            os.replace(sealed, final)
        finally:
            sealed.unlink(missing_ok=True)
            temp.unlink(missing_ok=True)
    else:
        os.replace(temp, final)
    fsync_dir(backups)
    prune_backups(backups)
    return final


def prune_backups(backups: Path, keep: int = KEEP_BACKUPS) -> None:
    found = sorted([*backups.glob("kiosk-*.sqlite3"), *backups.glob("kiosk-*.sqlite3.sealed")])
    for old in found[:-keep] if keep else found:
        old.unlink(missing_ok=True)
    if len(found) > keep:
        fsync_dir(backups)

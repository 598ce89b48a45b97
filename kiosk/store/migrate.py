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
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from kiosk.fsutil import fsync_dir

KEEP_BACKUPS = 5
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, backups: Path, target: str = "head") -> Path | None:
    """Upgrade the database of ``engine`` to ``target``; returns the backup taken, if any."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    wanted = script.get_current_head() if target == "head" else target
    current = current_revision(engine)
    if current == wanted:
        return None
    backup = None
    if current is not None:  # a fresh, empty database has nothing to protect
        backup = backup_database(Path(engine.url.database or ""), backups, label=current)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    return backup


def backup_database(database: Path, backups: Path, label: str = "") -> Path:
    """A consistent copy of ``database`` in ``backups`` via the SQLite backup API."""
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
    os.replace(temp, final)
    fsync_dir(backups)
    prune_backups(backups)
    return final


def prune_backups(backups: Path, keep: int = KEEP_BACKUPS) -> None:
    found = sorted(backups.glob("kiosk-*.sqlite3"))
    for old in found[:-keep] if keep else found:
        old.unlink(missing_ok=True)
    if len(found) > keep:
        fsync_dir(backups)

"""Checks of the database and the keys: integrity, migration state, the key ring opening data.

- ``database.integrity``: ``PRAGMA integrity_check`` (every page, index and constraint); above
  :data:`LARGE_DATABASE_BYTES` the cheaper ``PRAGMA quick_check`` (no index-to-table
  cross-check, linear in the file size), so the check stays within its deadline on a desk with
  years of data. Either way the statement is interrupted at the deadline and says so.
- ``database.migration``: the ``alembic_version`` row against the head of the shipped migrations.
  Behind is a warning (the next start upgrades, after a backup); unknown means a newer app wrote
  the file: failed, the app must be updated first.
- ``keys.ring``: the three key files present and loadable, and the data key opening the newest
  sealed registration (AES-GCM with the row id as associated data: a swapped key folder fails
  here instead of at the desk).

The file is opened read-only (see :mod:`kiosk.doctor.context`); nothing here writes.
"""

from __future__ import annotations

import sqlite3

from cryptography.exceptions import InvalidTag

from kiosk.doctor.context import KEY_FILES, Context, key_files
from kiosk.doctor.report import CheckResult, failed, ok, warning, with_facts

LARGE_DATABASE_BYTES = 256 * 1024 * 1024
MAX_PROBLEMS = 100  # integrity_check stops after this many; the count says "at least"


def _size(ctx: Context) -> int:
    wal = ctx.paths.database.with_name(ctx.paths.database.name + "-wal")
    return ctx.paths.database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def check_integrity(ctx: Context) -> CheckResult:
    check = "database.integrity"
    if not ctx.paths.database.exists():
        return warning(check, "doctor.db.missing")
    size = _size(ctx)
    pragma = "quick_check" if size > LARGE_DATABASE_BYTES else "integrity_check"
    try:
        with ctx.connect() as conn:
            rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
            problems = [str(row[0]) for row in rows if row[0] != "ok"]
            registrations = 0
            if not problems and ctx.has_table(conn, "registrations"):
                registrations = int(
                    conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
                )
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return warning(check, "doctor.db.unfinished", seconds=int(ctx.options.sql_timeout_s))
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    if problems:
        # SQLite names pages, tables and row ids here, never a column's value
        return with_facts(
            failed(check, "doctor.db.corrupt", problems=len(problems)),
            pragma=pragma,
            first_problems=" | ".join(problems[:5]),
        )
    size_mb = round(size / 1_048_576, 1)
    return ok(check, "doctor.db.ok", mode=pragma, size_mb=size_mb, registrations=registrations)


def check_migration(ctx: Context) -> CheckResult:
    from kiosk.store import migrate

    check = "database.migration"
    if not ctx.paths.database.exists():
        return warning(check, "doctor.db.missing")
    try:
        with ctx.connect(10.0) as conn:
            if not ctx.has_table(conn, "alembic_version"):
                return warning(check, "doctor.migration.none")
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    if len(rows) != 1:
        return warning(check, "doctor.migration.none")
    current = str(rows[0][0])
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    head = script.get_current_head() or ""
    if current == head:
        return ok(check, "doctor.migration.ok", revision=current)
    if current in {s.revision for s in script.walk_revisions()}:
        return warning(check, "doctor.migration.behind", revision=current, head=head)
    return failed(check, "doctor.migration.newer", revision=current)


def _damaged_key_file(ctx: Context) -> str | None:
    from cryptography.hazmat.primitives import serialization

    for name in key_files(ctx.paths.keys):
        data = (ctx.paths.keys / name).read_bytes()
        if name.endswith(".wrapped"):
            from kiosk.errors import UserFacingError
            from kiosk.security import datakey

            try:
                datakey.mode_of(ctx.paths.keys)
            except UserFacingError:
                return name
            continue
        if name.endswith(".key"):
            if len(data) != 32:
                return name
            continue
        try:
            serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            return name
    return None


def check_keys(ctx: Context) -> CheckResult:
    check = "keys.ring"
    wanted = key_files(ctx.paths.keys)
    missing = [name for name in wanted if not (ctx.paths.keys / name).is_file()]
    if len(missing) == len(KEY_FILES) and not ctx.paths.database.exists():
        return warning(check, "doctor.keys.not_set_up")
    if missing:
        return failed(check, "doctor.keys.missing", files=", ".join(missing))
    damaged = _damaged_key_file(ctx)
    ring = ctx.keyring()
    if damaged is None and ring is None and ctx.keyring_refusal:
        return warning(check, "doctor.keys.locked")  # a passphrase the doctor was not given
    if damaged is not None or ring is None:
        return failed(check, "doctor.keys.damaged", file=damaged or "keys")
    if not ctx.paths.database.exists():
        return ok(check, "doctor.keys.ok_empty")
    try:
        with ctx.connect(10.0) as conn:
            sample = None
            if ctx.has_table(conn, "registrations"):
                sample = conn.execute(
                    "SELECT id, sealed FROM registrations ORDER BY num DESC LIMIT 1"
                ).fetchone()
    except sqlite3.DatabaseError as exc:
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    if sample is None:
        return ok(check, "doctor.keys.ok_empty")
    try:
        ring.open(bytes(sample[1]), str(sample[0]).encode())  # opened in memory, then dropped
    except (InvalidTag, ValueError):
        return failed(check, "doctor.keys.wrong")
    return ok(check, "doctor.keys.ok")

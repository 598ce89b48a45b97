"""Migrations: upgrade keeps every row; models and migrations agree; backups before upgrades."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import kiosk
from kiosk.domain.examples import complete_registration
from kiosk.store import Store, migrate
from kiosk.store.base import Base

FIRST = "0001_foundation"


def _snapshot(
    database: Path, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple]]:
    """Every table's rows; with ``columns``, only those tables and columns (an older snapshot's:
    a later revision may add columns, never change the values of the ones there were)."""
    conn = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'registrations_fts%' AND name != 'alembic_version'"
            )
        ]
        chosen = columns or {t: _columns(conn, t) for t in tables}
        return {
            t: sorted(
                conn.execute(
                    "SELECT " + ", ".join(f'"{c}"' for c in names) + f' FROM "{t}"'
                ).fetchall(),
                key=repr,
            )
            for t, names in chosen.items()
        }
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _all_columns(database: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'registrations_fts%' AND name != 'alembic_version'"
            )
        ]
        return {t: _columns(conn, t) for t in tables}
    finally:
        conn.close()


def _revision(database: Path) -> str:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def test_upgrade_from_first_revision_keeps_every_row(data_dir: Path) -> None:
    with Store.open(data_dir, migrate_to=FIRST) as old:
        assert _revision(old.paths.database) == FIRST
        submitted = [old.submit(complete_registration(i), staff_id="s") for i in range(1, 6)]
        draft = old.save_draft(complete_registration(20), step="products")
        old.outbox_mark_sent(old.outbox_pending()[0].seq)
        old.apply_verdict(submitted[1].id, "needs_fix", "NPWP buram")
        fixed = old.get(submitted[1].id)
        fixed.owner.position = "Pemilik"
        old.correct(fixed, reason="jabatan", staff_id="s")
        old.set_setting("printer", {"name": "PDF"})
        old.audit("s", "login", "s", {"ok": True})
        before = _snapshot(old.paths.database)
        old_columns = _all_columns(old.paths.database)
        expected = {r.id: old.get(r.id) for r in [*submitted, draft]}
    with Store.open(data_dir) as new:
        assert _revision(new.paths.database) == migrate.head_revision()
        after = _snapshot(new.paths.database, old_columns)
        for table, rows in before.items():
            assert after[table] == rows, table
        for reg_id, reg in expected.items():
            assert new.get(reg_id) == reg
        assert new.search(submitted[0].business.name)[0].id == submitted[0].id
        # The backup taken before the upgrade is a consistent copy at the old revision.
        # (encrypted with the data key, issue 13.4: opened into a scratch file to compare)
        if migrate.head_revision() != FIRST:
            from kiosk.store import sealed_copy

            assert new.last_backup is not None and new.last_backup.name.endswith(".sealed")
            assert b"SQLite format" not in new.last_backup.read_bytes()
            plain = data_dir.parent / f"{data_dir.name}-unsealed.sqlite3"
            sealed_copy.open_file(new.last_backup, plain, new.keys)
            assert _revision(plain) == FIRST
            assert _snapshot(plain) == before


def test_no_backup_when_nothing_to_upgrade(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        assert store.last_backup is None  # a fresh database has nothing to protect
    with Store.open(data_dir) as store:
        assert store.last_backup is None  # already at head
    assert (
        not list((data_dir / "backups").glob("*.sqlite3"))
        if (data_dir / "backups").exists()
        else True
    )


def test_backups_are_pruned(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.submit(complete_registration(1), staff_id="s")
        made = [
            migrate.backup_database(store.paths.database, store.paths.backups, label=str(i))
            for i in range(migrate.KEEP_BACKUPS + 3)
        ]
    kept = sorted(store.paths.backups.glob("kiosk-*.sqlite3"))
    assert kept == made[-migrate.KEEP_BACKUPS :]
    conn = sqlite3.connect(kept[-1])
    assert conn.execute("SELECT count(*) FROM registrations").fetchone() == (1,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _import_all_model_modules() -> list[str]:
    """Every kiosk module that declares tables on the kiosk's Base (all parts' models)."""
    root = Path(kiosk.__file__).parent
    names = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root.parent).with_suffix("")
        if "migrations" in relative.parts or relative.parts[1:2] == ("central",):
            continue
        text = path.read_text("utf-8")
        if "kiosk.store.base import Base" in text and ("Mapped[" in text or "Table(" in text):
            name = ".".join(relative.parts)
            importlib.import_module(name)
            names.append(name)
    return names


def test_models_match_migrations(data_dir: Path) -> None:
    modules = _import_all_model_modules()
    assert "kiosk.store.models" in modules

    def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
        return not (type_ == "table" and (name or "").startswith(("registrations_fts", "sqlite_")))

    with Store.open(data_dir) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ (modules: {modules}): {diff}"


def test_quick_head_agrees_with_alembic() -> None:
    assert migrate.quick_head() == migrate.head_revision()


def test_opening_a_database_at_head_does_not_load_alembic(data_dir: Path) -> None:
    """Alembic (and Mako) cost ~20 MB and ~0.1 s: a desk's everyday start must not load them."""
    import subprocess
    import sys

    Store.open(data_dir).close()  # created and migrated (this process has Alembic anyway)
    code = (
        "import sys; from kiosk.store import Store; Store.open(sys.argv[1]).close(); "
        "print(sorted(m for m in ('alembic', 'mako') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_database_from_a_newer_version_is_left_alone(data_dir: Path) -> None:
    import pytest

    from kiosk.errors import UserFacingError

    with Store.open(data_dir) as store:
        store.submit(complete_registration(1), staff_id="s")
        database = store.paths.database
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _snapshot(database)
    with pytest.raises(UserFacingError) as err:
        Store.open(data_dir)
    assert err.value.code == "store.schema.unknown" and "9999_future" in err.value.text("en")
    assert _snapshot(database) == before


def test_failed_upgrade_changes_nothing_and_leaves_a_backup(
    data_dir: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A migration that fails halfway rolls back as a whole (DDL is transactional here)."""
    import shutil

    import pytest

    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(1), staff_id="s")
        database = store.paths.database
    before = _snapshot(database)
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9999_broken.py").write_text(
        f'''"""A broken migration for the test."""
from alembic import op
import sqlalchemy as sa

revision = "9999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE registrations SET business_name = 'overwritten'")
    raise RuntimeError("this migration fails halfway")


def downgrade() -> None:
    pass
'''
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    with pytest.raises(RuntimeError):
        Store.open(data_dir)
    assert _snapshot(database) == before  # no half_done table, no overwritten name
    assert _revision(database) == head
    [backup] = sorted((data_dir / "backups").glob("kiosk-*.sqlite3.sealed"))
    from kiosk.security.keys import KeyRing
    from kiosk.store import sealed_copy

    plain = tmp_path / "unsealed.sqlite3"
    sealed_copy.open_file(backup, plain, KeyRing.load_or_create(data_dir / "keys"))
    assert _snapshot(plain) == before
    monkeypatch.undo()
    with Store.open(data_dir) as store:
        assert store.get(reg.id).business.name == reg.business.name


def test_sync_ledger_rows_get_an_identity_column_on_upgrade(data_dir: Path) -> None:
    """0006 adds ``sync_ledger.central_kiosk_id`` to databases a 0005 build already wrote."""
    with Store.open(data_dir, migrate_to="0005_sync") as old:
        database = old.paths.database
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(
            "INSERT INTO sync_ledger (registration_id, version, content_hash, outcome, "
            "confirmed_at) VALUES ('r1', 1, 'h1', 'stored', '2026-11-25T10:00:00+00:00')"
        )
    conn.close()
    with Store.open(data_dir) as new:
        assert _revision(new.paths.database) == migrate.head_revision()
    conn = sqlite3.connect(database)
    try:
        rows = conn.execute(
            "SELECT registration_id, version, content_hash, outcome, central_kiosk_id "
            "FROM sync_ledger"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("r1", 1, "h1", "stored", "")]

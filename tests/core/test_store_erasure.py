"""Erasing a registration on the kiosk leaves nothing of it but a tombstone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.staff import audit_anchors
from kiosk.store import Store, erasure
from kiosk.store.records import RegistrationNotFound


def _count(database: Path, table: str, reg_id: str, column: str = "registration_id") -> int:
    conn = sqlite3.connect(database)
    try:
        return conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (reg_id,)
        ).fetchone()[0]
    finally:
        conn.close()


def test_erasure_removes_every_row_and_file_and_keeps_a_tombstone(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(1), staff_id="sari")
        kept = store.submit(complete_registration(2), staff_id="sari")
        name = reg.owner.full_name
        saved = store.paths.root / "kirim-nanti" / f"{reg.reg_no}.pdf"
        saved.parent.mkdir(parents=True)
        saved.write_bytes(b"%PDF receipt naming the owner")
        outside = data_dir.parent / "elsewhere.pdf"
        outside.write_bytes(b"%PDF not ours")
        with store.session() as session:
            for path in (saved, outside):
                session.connection().exec_driver_sql(
                    "INSERT INTO receipts_to_send (registration_id, reg_no, pdf_path, added_by, "
                    "added_at, sent_by) VALUES (?, ?, ?, 's', '2026-12-03', '')",
                    (reg.id if path == saved else kept.id, reg.reg_no, str(path)),
                )
        done = erasure.erase(store, reg.id, reg.reg_no, "req-1", "central", "central")
        assert done.held
        with pytest.raises(RegistrationNotFound):
            store.get(reg.id)
        for table in ("registration_versions", "outbox", "document_pages", "receipts_to_send"):
            assert _count(store.paths.database, table, reg.id) == 0, table
        assert _count(store.paths.database, "registrations", reg.id, "id") == 0
        assert not saved.exists() and outside.exists()
        assert [r.id for r in store.search(name.split()[0])] == [] or all(
            r.id != reg.id for r in store.search(name.split()[0])
        )
        assert store.get(kept.id).reg_no == kept.reg_no
        assert erasure.tombstones(store) == {reg.id: reg.reg_no}
        again = erasure.erase(store, reg.id, reg.reg_no, "req-1", "central", "central")
        assert not again.held and erasure.tombstones(store) == {reg.id: reg.reg_no}
        assert audit_anchors.check(store).ok
        erasure.scrub(store)
        wal = Path(f"{store.paths.database}-wal")
        for path in (store.paths.database, wal):  # the name is in neither file any more
            assert not path.exists() or name.encode() not in path.read_bytes(), path

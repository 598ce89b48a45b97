"""Issue 14.3: the way back. A kiosk that never sees a network learns from the central's
confirmation files what a sync would have told it: verdicts (and that a verdict on an older
version does not touch its newer correction), erasure requests (whose confirmations travel back in
its next bundle), staff records, and its revocation. Taken in twice = once; an older file after a
newer one rolls nothing back.

Real parts: a kiosk store with its vault, a central on loopback over PostgreSQL, the central's
own admin and subject-request functions, the files written and read from disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.bundlefile.messages import BundleError
from tests.core.test_bundle import import_files, pending
from tests.core.test_sync_support import (
    Kiosk,
    central_versions,
    enrolled_kiosk,
    fresh_pg_database,
    make_registration,
    pg_available,
    running_central,
)


def _snapshot(kiosk: Kiosk) -> dict[str, Any]:
    """Everything a confirmation may change on the kiosk (the audit log aside)."""
    import sqlalchemy as sa

    from kiosk.store import erasure as local
    from kiosk.sync.state import SyncState

    state = SyncState(kiosk.store.engine, kiosk.store.keys)
    with kiosk.store.engine.connect() as conn:
        regs = conn.execute(sa.text("SELECT id, version, status FROM registrations ORDER BY id"))
        outbox = conn.execute(sa.text("SELECT seq, state FROM outbox ORDER BY seq"))
        staff = conn.execute(sa.text("SELECT * FROM staff ORDER BY username"))
        return {
            "regs": [tuple(r) for r in regs],
            "outbox": [tuple(r) for r in outbox],
            "staff": [tuple(r) for r in staff],
            "ledger": sorted(state.ledger()),
            "cursor": state.cursor,
            "tombstones": local.tombstones(kiosk.store),
            "unreported": len(local.unreported(kiosk.store)),
            "snapshot": {k: v for k, v in state.snapshot().items() if k == "revoked"},
        }


def _export(kiosk: Kiosk, target: Path) -> list[Path]:
    from kiosk.bundle.export import export_bundle

    return export_bundle(kiosk.store, target).files


def _answer(db_url: str, storage: Path, files: list[Path], target: Path) -> Path:
    from kiosk.central.bundle_import import write_confirmation

    confirmation, reply_key = import_files(db_url, storage, files)
    return write_confirmation(confirmation, reply_key, target)


def _status(kiosk: Kiosk, reg_id: str) -> str:
    return str(kiosk.store.get(reg_id).status)


@pytest.mark.postgres
def test_the_confirmation_file_carries_verdicts_erasures_staff_and_revocation(
    tmp_path: Path,
) -> None:
    from kiosk.bundle.confirm import apply_confirmation
    from kiosk.central import admin, subject_admin
    from kiosk.central.bundle_import import BundleRevoked, write_confirmation
    from kiosk.staff.accounts import authenticate
    from kiosk.store import erasure as local
    from kiosk.sync import revocation

    if not pg_available():
        pytest.skip("PostgreSQL not available")
    storage = tmp_path / "central"
    with fresh_pg_database("kiosk_bundle_back") as db_url, running_central(db_url, storage) as c:
        kiosk = enrolled_kiosk(tmp_path, "kios-back", c.url, db_url)
        shared: dict[str, str] = {}
        regs = [kiosk.submit(*make_registration(s, kiosk.vault, shared=shared)) for s in (1, 2, 3)]
        verified, erased, corrected = regs
        assert kiosk.engine().run_round().complete  # online once; then the line goes for weeks
        cursor_before = _snapshot(kiosk)["cursor"]

        # -- at the central, while the kiosk is offline -----------------------------------------
        admin.set_verdict(db_url, verified.id, "verified", "lengkap")
        admin.set_verdict(db_url, corrected.id, "needs_fix", "NPWP salah")  # on version 1
        subject_admin.erase_subject(c.settings, erased.owner.nik, "permohonan tertulis", "admin")
        admin.create_staff(db_url, "MPP Kota Samarinda", "rina", "Rina Wulandari", "operator",
                           "rahasia-rina-123")  # fmt: skip
        # -- at the kiosk: a correction (version 2) and a new registration -----------------------
        fixed = kiosk.store.get(corrected.id)
        fixed.business.employees = 9
        assert kiosk.store.correct(fixed, reason="NPWP", staff_id="staff-1").version == 2
        newer = kiosk.submit(*make_registration(4, kiosk.vault, shared=shared))

        first = _answer(db_url, storage, _export(kiosk, tmp_path / "a.bundle"), tmp_path / "a.json")
        assert b"Rina" not in first.read_bytes() and b"NPWP salah" not in first.read_bytes()
        done = apply_confirmation(kiosk.store, first)
        assert done.confirmed == 2 and pending(kiosk) == 0 and done.events >= 3
        assert _status(kiosk, verified.id) == "verified"
        assert kiosk.store.get(corrected.id).version == 2  # the verdict on v1 left v2 alone
        assert _status(kiosk, corrected.id) != "needs_fix"
        assert local.tombstones(kiosk.store)[erased.id] == erased.reg_no  # erased here
        assert [r["registration_id"] for r in local.unreported(kiosk.store)] == [erased.id]
        assert authenticate(kiosk.store, "rina", "rahasia-rina-123").full_name == "Rina Wulandari"
        after_first = _snapshot(kiosk)
        assert after_first["cursor"] > cursor_before

        again = apply_confirmation(kiosk.store, first)  # the same file twice: nothing more
        assert again.events == 0 and _snapshot(kiosk) == after_first

        # -- the erasure's confirmation travels back in the next bundle; a verdict on v2 returns --
        admin.set_verdict(db_url, corrected.id, "verified", "")  # the central's newest: v2
        second = _answer(
            db_url, storage, _export(kiosk, tmp_path / "b.bundle"), tmp_path / "b.json"
        )
        told = apply_confirmation(kiosk.store, second)
        assert told.erasures_reported == 1 and local.unreported(kiosk.store) == []
        assert _status(kiosk, corrected.id) == "verified"
        [request] = [r for r in subject_admin.list_requests(c.settings) if r.kind == "erasure"]
        assert request.completed_at is not None and request.pending_kiosks == []
        after_second = _snapshot(kiosk)
        assert apply_confirmation(kiosk.store, first).events == 0  # older after newer
        assert _snapshot(kiosk) == after_second

        # -- revoked: the bundle is refused, its answer still tells the kiosk -------------------
        waiting = kiosk.submit(*make_registration(5, kiosk.vault, shared=shared))
        files = _export(kiosk, tmp_path / "c.bundle")
        admin.revoke_kiosk(db_url, "kios-back")
        held = sorted(central_versions(db_url))
        with pytest.raises(BundleRevoked) as info:
            import_files(db_url, storage, files)
        assert (
            info.value.code == "bundle.kiosk_revoked" and sorted(central_versions(db_url)) == held
        )
        notice = write_confirmation(info.value.confirmation, info.value.reply_key, tmp_path / "c")
        assert apply_confirmation(kiosk.store, notice).revoked is True
        assert revocation.is_locked(kiosk.store)
        assert kiosk.store.get(verified.id).owner.full_name != verified.owner.full_name  # erased
        assert kiosk.store.get(waiting.id).owner.full_name == waiting.owner.full_name  # kept
        assert kiosk.store.get(newer.id).version == 1
        locked = _snapshot(kiosk)
        assert locked["snapshot"] == {"revoked": True}
        assert apply_confirmation(kiosk.store, notice).revoked is False  # twice = once
        assert _snapshot(kiosk) == locked


@pytest.mark.postgres
def test_a_kiosk_with_nothing_to_send_fetches_a_verdict_by_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing pending, no erasure reports: ``kiosk bundle export`` still writes a request bundle
    (the pull cursor and audit head only, no versions, no pages); ``kiosk central import-bundle``
    answers it with the feed, and ``kiosk bundle confirm`` applies the verdict made at the
    central. The same file again changes nothing."""
    import json

    from kiosk.central import admin
    from kiosk.cli import main

    if not pg_available():
        pytest.skip("PostgreSQL not available")
    storage = tmp_path / "central"
    with fresh_pg_database("kiosk_bundle_request") as db_url, running_central(db_url, storage) as c:
        kiosk = enrolled_kiosk(tmp_path, "kios-request", c.url, db_url)
        reg = kiosk.submit(*make_registration(21, kiosk.vault))
        assert kiosk.engine().run_round().complete  # online once; from here on, files only
        assert pending(kiosk) == 0
        data_dir = ["--data-dir", str(kiosk.store.paths.root)]
        admin.set_verdict(db_url, reg.id, "verified", "lengkap")
        held = central_versions(db_url)
        before = _snapshot(kiosk)

        bundle = tmp_path / "stick" / "kios.bundle"
        capsys.readouterr()
        assert main(["bundle", "export", "-o", str(bundle), "--json", *data_dir]) == 0
        written = json.loads(capsys.readouterr().out)
        assert written["request"] is True and written["items"] == 0 and written["pages"] == 0
        assert _snapshot(kiosk) == before  # writing it changed nothing here
        assert bundle.stat().st_size < 16_384  # one tar record (10 KiB) and the envelope
        central = ["central", "import-bundle", "--database-url", db_url, "--data-dir", str(storage)]
        assert main([*central, str(bundle), "--json"]) == 0
        imported = json.loads(capsys.readouterr().out)
        assert imported["stored"] == 0 and imported["pages"] == 0
        assert central_versions(db_url) == held
        answer = Path(imported["confirmation"])
        assert b"lengkap" not in answer.read_bytes()

        assert _status(kiosk, reg.id) != "verified"
        assert main(["bundle", "confirm", str(answer), *data_dir]) == 0
        assert _status(kiosk, reg.id) == "verified"
        after = _snapshot(kiosk)
        assert after["cursor"] > before["cursor"]
        assert main(["bundle", "confirm", str(answer), *data_dir]) == 0  # twice = once
        assert _snapshot(kiosk) == after


@pytest.mark.postgres
def test_a_forged_or_foreign_confirmation_changes_nothing(tmp_path: Path) -> None:
    """Sealed with the bundle's reply key: another key, or one byte changed, does not open."""
    from kiosk.bundle.confirm import apply_confirmation
    from kiosk.central.bundle_import import write_confirmation

    if not pg_available():
        pytest.skip("PostgreSQL not available")
    storage = tmp_path / "central"
    with fresh_pg_database("kiosk_bundle_forged") as db_url, running_central(db_url, storage) as c:
        kiosk = enrolled_kiosk(tmp_path, "kios-forged", c.url, db_url)
        kiosk.submit(*make_registration(7, kiosk.vault))
        confirmation, reply_key = import_files(
            db_url, storage, _export(kiosk, tmp_path / "k.bundle")
        )
        before = _snapshot(kiosk)
        forged = write_confirmation(confirmation, b"\x01" * 32, tmp_path / "forged.json")
        real = write_confirmation(confirmation, reply_key, tmp_path / "real.json")
        flipped = bytearray(real.read_bytes())
        at = flipped.index(b'"sealed": "') + 20
        flipped[at] = ord("A") if flipped[at] != ord("A") else ord("B")
        altered = tmp_path / "altered.json"
        altered.write_bytes(bytes(flipped))
        for bad in (forged, altered):
            with pytest.raises(BundleError) as info:
                apply_confirmation(kiosk.store, bad)
            assert info.value.code == "bundle.confirmation_invalid"
            assert _snapshot(kiosk) == before
        assert apply_confirmation(kiosk.store, real).confirmed == 1


def test_a_revoked_kiosks_bundle_gets_its_notice_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk central import-bundle`` refuses a revoked kiosk's bundle (exit 2, nothing stored)
    and still writes the notice; ``kiosk bundle confirm`` takes it in: erased and locked."""
    from kiosk.central import admin
    from kiosk.cli import main
    from kiosk.sync import revocation
    from tests.core.test_sync_support import central_database

    storage = tmp_path / "central"
    with central_database("sqlite", tmp_path) as db_url, running_central(db_url, storage) as c:
        kiosk = enrolled_kiosk(tmp_path, "kios-cli-revoked", c.url, db_url)
        synced = kiosk.submit(*make_registration(11, kiosk.vault))
        assert kiosk.engine().run_round().complete
        kept = kiosk.submit(*make_registration(12, kiosk.vault))
        data_dir = str(kiosk.store.paths.root)
        bundle = tmp_path / "stick" / "kios.bundle"
        assert main(["bundle", "export", "-o", str(bundle), "--data-dir", data_dir]) == 0
        admin.revoke_kiosk(db_url, "kios-cli-revoked")
        held = central_versions(db_url)
        central = ["central", "import-bundle", "--database-url", db_url, "--data-dir", str(storage)]
        capsys.readouterr()
        assert main([*central, str(bundle)]) == 2
        assert "dicabut" in capsys.readouterr().out and central_versions(db_url) == held
        [notice] = bundle.parent.glob("konfirmasi-*.json")
        assert main(["bundle", "confirm", str(notice), "--data-dir", data_dir]) == 0
        assert "mencabut kios ini" in capsys.readouterr().out
        assert revocation.is_locked(kiosk.store)
        assert kiosk.store.get(synced.id).owner.full_name != synced.owner.full_name
        assert kiosk.store.get(kept.id).owner.full_name == kept.owner.full_name

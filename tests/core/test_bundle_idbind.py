"""Issue 13.1 through the offline bundle: the central's import applies the same rule as a push.

Two real kiosks enrolled with a central on loopback (SQLite and PostgreSQL). The intruder holds a
registration under the owner's ID (read off the owner's receipt), with its own number and
content, and carries it to the central in a bundle before the owner syncs: the import refuses it
(``push.id_foreign``) and stores nothing of it; the owner's sync, later, stores the owner's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.security import regid
from tests.core.test_bundle import import_files
from tests.core.test_sync_support import (
    central_database,
    central_versions,
    enrolled_kiosk,
    make_registration,
    running_central,
)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_bundle_cannot_take_another_kiosks_id(tmp_path: Path, backend: str) -> None:
    from kiosk.bundle.export import export_bundle

    storage = tmp_path / "central"
    with central_database(backend, tmp_path) as db_url, running_central(db_url, storage) as central:
        owner = enrolled_kiosk(tmp_path, "owner", central.url, db_url)
        intruder = enrolled_kiosk(tmp_path, "intruder", central.url, db_url)
        reg, images = make_registration(7100, owner.vault)
        mine = owner.submit(reg, images)
        assert regid.made_by(mine.id, owner.store.keys.signing_public_raw)

        stolen, _ = make_registration(7200, intruder.vault)
        stolen.id = mine.id  # an import keeps a file's ID: the way a foreign ID gets in
        taken = intruder.store.submit_imported(stolen, staff_id="staff-1")
        assert taken.id == mine.id and taken.reg_no.startswith(intruder.store.kiosk_code)

        result = export_bundle(intruder.store, tmp_path / "stick" / "intruder.bundle")
        confirmation, _ = import_files(db_url, storage, result.files)
        assert [(r["registration_id"], r["outcome"], r["error"]) for r in confirmation.results] == [
            (mine.id, "invalid", "push.id_foreign")
        ]
        assert central_versions(db_url) == []

        round_ = owner.engine().run_round()
        assert round_.complete and round_.push.stored == 1
        assert central_versions(db_url) == [(mine.id, 1, mine.content_hash())]
        owner.store.close()
        intruder.store.close()


@pytest.mark.parametrize("cutoff", ["default", "moved"])
def test_a_bundle_is_held_to_the_centrals_configured_cutoff(tmp_path: Path, cutoff: str) -> None:
    """An older kiosk's untagged uuid7, made after the default cutoff, reaches the central by
    bundle: refused under the default, stored once the central's cutoff is moved (as a push)."""
    import datetime as dt

    from uuid6 import uuid7

    from kiosk.bundle.export import export_bundle

    storage = tmp_path / "central"
    with (
        central_database("sqlite", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "older", central.url, db_url)
        reg, _ = make_registration(7300, kiosk.vault)
        reg.id = str(uuid7())  # untagged, made now: after the default cutoff
        imported = kiosk.store.submit_imported(reg, staff_id="staff-1")
        assert imported.id == reg.id and not regid.made_by(
            reg.id, kiosk.store.keys.signing_public_raw
        )

        result = export_bundle(kiosk.store, tmp_path / "stick" / "older.bundle")
        options = {}
        if cutoff == "moved":
            options["legacy_ids_before"] = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
        confirmation, _ = import_files(db_url, storage, result.files, **options)
        outcomes = [(r["outcome"], r["error"]) for r in confirmation.results]
        if cutoff == "moved":
            assert outcomes == [("stored", "")]
            assert central_versions(db_url) == [(reg.id, 1, imported.content_hash())]
        else:
            assert outcomes == [("invalid", "push.id_foreign")]
            assert central_versions(db_url) == []
        kiosk.store.close()

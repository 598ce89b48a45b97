"""Issue 14.3: offline bundles, kiosk → file → central, through the push's exactly-once path.

Real parts throughout: kiosk stores with their vaults, a central on loopback (PostgreSQL for the
round trips, SQLite where only the refusal before any write is under test), age and Ed25519.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.bundlefile.messages import BundleError
from tests.core.test_sync_support import (
    Kiosk,
    central_database,
    central_page,
    central_versions,
    enrolled_kiosk,
    make_registration,
    running_central,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


@contextmanager
def central_with_kiosk(tmp: Path, backend: str, name: str) -> Iterator[tuple[str, Path, Kiosk]]:
    storage = tmp / "central"
    with central_database(backend, tmp) as db_url, running_central(db_url, storage) as central:
        yield db_url, storage, enrolled_kiosk(tmp, name, central.url, db_url)


def submit_many(kiosk: Kiosk, count: int, first_seed: int) -> None:
    shared: dict[str, str] = {}
    for seed in range(first_seed, first_seed + count):
        reg, images = make_registration(seed, kiosk.vault, shared=shared)
        kiosk.submit(reg, images)


def import_files(db_url: str, storage: Path, files: list[Path], **options: Any):
    from kiosk.central.bundle_import import import_bundle
    from kiosk.central.db import open_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage

    engine = open_database(db_url, run_migrations=False)
    try:
        return import_bundle(
            engine,
            LocalPageStorage(storage),
            load_or_create_document_key(storage / "keys"),
            files,
            **options,
        )
    finally:
        engine.dispose()


def pending(kiosk: Kiosk) -> int:
    return int(kiosk.store.outbox_counts().get("pending", 0))


def test_round_trip_twice_and_then_sync_store_every_version_once(tmp_path: Path) -> None:
    from kiosk.bundle.confirm import sent_by_bundle
    from kiosk.bundle.export import export_bundle

    with central_with_kiosk(tmp_path, "postgres", "bundle-pg") as (db_url, storage, kiosk):
        submit_many(kiosk, 30, 9100)
        first = next(iter(kiosk.submitted))
        corrected = kiosk.store.get(first[0])
        corrected.business.employees = 7
        saved = kiosk.store.correct(corrected, reason="typo", staff_id="staff-1")  # a v2 too
        assert saved.version == 2
        outbox = kiosk.store.outbox_pending(limit=1000)
        expected = sorted((i.registration_id, i.version, i.content_hash) for i in outbox)

        result = export_bundle(kiosk.store, tmp_path / "stick" / "kios.bundle")
        assert result.items == len(expected) == 31 and result.pages == len(kiosk.pages)
        assert sent_by_bundle(kiosk.store) == 31 and pending(kiosk) == 31  # nothing confirmed yet

        confirmation, _ = import_files(db_url, storage, result.files)
        assert confirmation.counts() == {"stored": 31, "unchanged": 0, "conflict": 0, "invalid": 0}
        held = central_versions(db_url)
        assert sorted(held) == expected
        assert all(central_page(storage, sha) == plain for sha, plain in kiosk.pages.items())

        again, _ = import_files(db_url, storage, result.files)  # the same bundle twice
        assert again.counts()["unchanged"] == 31 and again.counts()["stored"] == 0
        assert sorted(central_versions(db_url)) == sorted(held)

        round_ = kiosk.engine().run_round()  # the kiosk syncs after all: unchanged, no pages
        assert round_.complete and round_.push.stored == 0 and round_.push.unchanged == 31
        assert round_.pages.uploaded == 0
        assert sorted(central_versions(db_url)) == sorted(held)
        assert sent_by_bundle(kiosk.store) == 0


def test_the_confirmation_file_confirms_on_the_kiosk_and_a_forged_one_is_refused(
    tmp_path: Path,
) -> None:
    from kiosk.bundle.confirm import apply_confirmation, sent_by_bundle
    from kiosk.bundle.export import export_bundle
    from kiosk.central.bundle_import import write_confirmation

    with central_with_kiosk(tmp_path, "postgres", "bundle-confirm") as (db_url, storage, kiosk):
        submit_many(kiosk, 12, 9300)
        result = export_bundle(kiosk.store, tmp_path / "kios.bundle")
        confirmation, reply_key = import_files(db_url, storage, result.files)
        forged = write_confirmation(confirmation, b"\x00" * 32, tmp_path / "forged.json")
        with pytest.raises(BundleError) as info:
            apply_confirmation(kiosk.store, forged)
        assert info.value.code == "bundle.confirmation_invalid" and pending(kiosk) == 12
        real = write_confirmation(confirmation, reply_key, tmp_path / "konfirmasi.json")
        done = apply_confirmation(kiosk.store, real)
        assert done.confirmed == 12 and pending(kiosk) == 0 and sent_by_bundle(kiosk.store) == 0
        from kiosk.staff import audit

        logged = {e.action: e for e in audit.entries(kiosk.store, action="bundle.")}
        assert set(logged) == {"bundle.exported", "bundle.confirmed"}
        assert logged["bundle.exported"].target == result.bundle_id
        round_ = kiosk.engine().run_round()  # nothing left to push; the sanity check agrees
        assert round_.complete and round_.push.stored + round_.push.unchanged == 0
        assert round_.sanity_ok is True


def test_any_one_byte_alteration_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    from kiosk.bundle.export import export_bundle
    from kiosk.central.bundle_import import import_bundle
    from kiosk.central.db import open_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage

    with central_with_kiosk(tmp_path, "sqlite", "bundle-alter") as (db_url, storage, kiosk):
        submit_many(kiosk, 3, 9500)
        path = export_bundle(kiosk.store, tmp_path / "kios.bundle").files[0]
        pristine = path.read_bytes()
        rng = random.Random(14_3)
        altered = tmp_path / "altered.bundle"
        codes: set[str] = set()
        engine = open_database(db_url, run_migrations=False)
        key, pages = load_or_create_document_key(storage / "keys"), LocalPageStorage(storage)
        try:
            for _ in range(1000):
                data = bytearray(pristine)
                data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
                altered.write_bytes(bytes(data))
                with pytest.raises(BundleError) as info:
                    import_bundle(engine, pages, key, [altered])
                codes.add(info.value.code)
        finally:
            engine.dispose()
        assert "bundle.signature_invalid" in codes
        assert codes <= {"bundle.signature_invalid", "bundle.not_bundle", "bundle.kiosk_unknown"}
        assert central_versions(db_url) == [] and not any((storage / "pages").rglob("*"))
        refusal = BundleError("bundle.signature_invalid")
        assert "diubah" in refusal.text("id") and "altered" in refusal.text("en")
        confirmation, _ = import_files(db_url, storage, [path])  # the pristine one still goes in
        assert confirmation.counts()["stored"] == 3


def test_a_revoked_kiosks_bundle_is_refused(tmp_path: Path) -> None:
    from kiosk.bundle.export import export_bundle
    from kiosk.central import admin

    with central_with_kiosk(tmp_path, "sqlite", "bundle-revoked") as (db_url, storage, kiosk):
        submit_many(kiosk, 2, 9600)
        files = export_bundle(kiosk.store, tmp_path / "kios.bundle").files
        admin.revoke_kiosk(db_url, "bundle-revoked")
        with pytest.raises(BundleError) as info:
            import_files(db_url, storage, files)
        assert info.value.code == "bundle.kiosk_revoked" and central_versions(db_url) == []


def test_a_split_bundle_is_reassembled_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    with central_with_kiosk(tmp_path, "sqlite", "bundle-split") as (db_url, storage, kiosk):
        submit_many(kiosk, 6, 9700)
        data_dir = str(kiosk.store.paths.root)
        stick = tmp_path / "stick"
        code = main(["bundle", "export", "-o", str(stick / "kios.bundle"), "--split-mb", "0.01",
                     "--data-dir", data_dir])  # fmt: skip
        assert code == 0
        parts = sorted(stick.glob("kios.bundle.*"))
        assert len(parts) >= 3 and not (stick / "kios.bundle").exists()
        central = ["central", "import-bundle", "--database-url", db_url, "--data-dir",
                   str(storage)]  # fmt: skip
        assert main([*central, *[str(p) for p in parts[:-1]]]) == 2  # one part missing
        assert "bundle.parts_incomplete" not in capsys.readouterr().err  # the sentence, not code
        assert central_versions(db_url) == []
        shuffled = parts[:]
        random.Random(7).shuffle(shuffled)
        assert main([*central, *[str(p) for p in shuffled], "--json"]) == 0
        assert len(central_versions(db_url)) == 6
        confirmation = next(stick.glob("konfirmasi-*.json"))
        copied = tmp_path / "back" / confirmation.name
        copied.parent.mkdir()
        shutil.copy(confirmation, copied)
        assert main(["bundle", "status", "--data-dir", data_dir]) == 0
        assert "belum dikonfirmasi pusat: 6 versi" in capsys.readouterr().out
        assert main(["bundle", "confirm", str(copied), "--data-dir", data_dir]) == 0
        assert pending(kiosk) == 0
        assert main(["bundle", "status", "--data-dir", data_dir, "--lang", "en"]) == 0
        assert "not yet confirmed by the central: 0 registration" in capsys.readouterr().out


def test_an_older_kiosk_database_upgrades_to_the_bundle_tables(data_dir: Path) -> None:
    import sqlite3

    from kiosk.bundle.confirm import sent_by_bundle
    from kiosk.domain.examples import complete_registration
    from kiosk.store import Store

    with Store.open(data_dir, migrate_to="0008_audit_chain_erasures") as old:
        old.submit(complete_registration(1), staff_id="sari")
        database = old.paths.database
    with Store.open(data_dir) as new:
        assert sent_by_bundle(new) == 0 and new.outbox_counts().get("pending") == 1
    conn = sqlite3.connect(database)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"sync_bundles", "sync_bundle_items"} <= tables


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=600),
    prefix=st.sampled_from([b"", b"KIOSK-BUNDLE-v1\n", b"KIOSK-BUNDLE-PT1\n"]),
)
def test_any_bytes_given_as_a_bundle_are_refused_with_a_message(
    central_engine: tuple[Engine, Path], data: bytes, prefix: bytes
) -> None:
    from kiosk.central.bundle_import import import_bundle
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage

    engine, folder = central_engine
    path = folder / "any.bundle"
    path.write_bytes(prefix + data)
    key = load_or_create_document_key(folder / "keys")
    with pytest.raises(BundleError) as info:
        import_bundle(engine, LocalPageStorage(folder), key, [path])
    assert info.value.text("id") != info.value.text("en")


@pytest.fixture(scope="module")
def central_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    from kiosk.central.db import open_database

    folder = tmp_path_factory.mktemp("central-any")
    engine = open_database(f"sqlite:///{folder / 'central.sqlite3'}")
    yield engine, folder
    engine.dispose()


def test_pages_too_large_for_a_page_batch_are_stored_alone(tmp_path: Path) -> None:
    """Small pages go through the page batches' path, a page over the batch's envelope bound
    alone as a PUT would: both stored, byte for byte."""
    import os

    from kiosk import protocol as p
    from kiosk.bundle.export import export_bundle

    with central_with_kiosk(tmp_path, "sqlite", "bundle-big") as (db_url, storage, kiosk):
        reg, images = make_registration(9990, kiosk.vault)
        big = os.urandom(p.PAGE_BATCH_MAX_ENVELOPE + 1024)
        ktp = reg.documents[0].pages[0]
        ktp.sha256, ktp.size = kiosk.vault.put(big, "image/jpeg"), len(big)
        images = {sha: data for sha, data in images.items() if sha != next(iter(images))}
        kiosk.submit(reg, {**images, ktp.sha256: big})
        result = export_bundle(kiosk.store, tmp_path / "kios.bundle")
        confirmation, _ = import_files(db_url, storage, result.files)
        assert confirmation.counts()["stored"] == 1
        assert ktp.sha256 in confirmation.pages and len(confirmation.pages) == result.pages
        assert all(central_page(storage, sha) == plain for sha, plain in kiosk.pages.items())

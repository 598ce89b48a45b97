"""docs/central/OPERATIONS.md's backup and restore, end to end on a real central (SQLite and
PostgreSQL): the database dumped first, more pages uploaded, then the data folder copied without
the pack index; restored and started, every page reads back and every version is complete.

The pages uploaded between the dump and the copy have their bytes in the folder and their
version in the dump, but no ``central_pages`` row; their kiosk was answered ``stored`` and will
never send them again. The start must list them (:mod:`kiosk.central.pack_rebuild`) and give
them their row back (:mod:`kiosk.central.pack_restore`), checked with the central's key.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.central.helpers import Central, KioskClient, page_bytes, registration

_SKIP = shutil.ignore_patterns("index.sqlite*", "partial", ".*.tmp", "central.sqlite3*")


def _push(kiosk: KioskClient, first: int, count: int) -> list[bytes]:
    """A registration with ``count`` pages pushed (its version references them)."""
    images = [page_bytes(3000 + first + n) for n in range(count)]
    kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=images)))
    return images


def _dump(central: Central, into: Path) -> None:
    if central.backend == "postgres":
        url = central.db_url.replace("postgresql+psycopg://", "postgresql://")
        subprocess.run(["pg_dump", "--format=custom", f"--file={into}", url], check=True)
    else:  # SQLite's consistent snapshot of a live database
        source = sqlite3.connect(central.db_url.removeprefix("sqlite:///"))
        target = sqlite3.connect(into)
        source.backup(target)
        source.close()
        target.close()


def _restore(dump: Path, folder: Path, backend: str, pg_database_factory) -> str:
    if backend == "postgres":
        url = pg_database_factory()
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        subprocess.run(["pg_restore", f"--dbname={plain}", str(dump)], check=True)
        return url
    shutil.copyfile(dump, folder / "central.sqlite3")
    return f"sqlite:///{folder / 'central.sqlite3'}"


def _rows(central: Central) -> dict[str, tuple[int, str, str]]:
    return {row[0]: tuple(row[1:]) for row in central.sql(
        "SELECT sha256, size, media_type, kiosk_id FROM central_pages")}  # fmt: skip


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_documented_restore_ends_with_every_page_read_and_every_version_complete(
    make_central, pg_database_factory, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, backend: str,
) -> None:  # fmt: skip
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from kiosk.central.report import build_report
    from kiosk.central.storage import LocalPageStorage

    central = make_central(backend)
    kiosk = central.enroll()
    first, second, third = _push(kiosk, 0, 5), _push(kiosk, 100, 4), _push(kiosk, 200, 3)
    envelopes = kiosk.upload_batch(first)
    dump = tmp_path / "central.dump"
    _dump(central, dump)  # 1. the database first: three versions, five pages stored
    envelopes |= kiosk.upload_batch(second)  # uploaded between the dump and the folder copy
    envelopes |= kiosk.upload_batch(third)
    rows_before = _rows(central)
    copy = tmp_path / "copy"
    shutil.copytree(central.folder, copy, ignore=_SKIP)  # 2. then the folder, without the index
    central.stop()

    url = _restore(dump, copy, backend, pg_database_factory)
    assert len(_rows(Central(url, copy, backend, None))) == 5  # the dump's rows only
    old = 1_000_000_000
    for pack in (copy / "packs").glob("*/*.pack"):
        os.utime(pack, (old, old))  # rsync -a keeps the times; the sweep's age is passed
    with Central.start(url, copy, backend=backend) as again:
        storage = LocalPageStorage(copy)
        for digest, envelope in envelopes.items():
            assert storage.read(digest) == envelope
        storage.packs.close()
        assert _rows(again) == rows_before  # sizes, media types and kiosk as uploaded
        engine = create_engine(url)
        with Session(engine) as session:  # the console's and `kiosk central report`'s counts
            (row,) = [r for r in build_report(session) if r.kiosk_id == kiosk.kiosk_id]
        engine.dispose()
        assert row.incomplete_versions == 0 and row.missing_documents == 0
        assert row.versions == 3
        monkeypatch.setenv("KIOSK_LANG", "en")
        code = main(["central", "pages", "check", "--database-url", url, "--data-dir", str(copy)])
        assert code == 0 and "All 12 stored pages read whole." in capsys.readouterr().out

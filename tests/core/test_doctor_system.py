"""``system.timezone`` and ``system.versions``, and the runner's bounds: a check that hangs is
reported as not finished, one that raises as failed with its type only."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import Paths
from kiosk.doctor import Status
from kiosk.doctor.context import Context
from kiosk.doctor.report import ok
from kiosk.doctor.runner import CheckSpec, run_bounded
from kiosk.store import Store
from tests.core.test_doctor_support import run_one


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Lets a test set the process's local time zone (TZ), restored afterwards."""
    yield monkeypatch
    monkeypatch.undo()
    time.tzset()


def _zone(local_zone: pytest.MonkeyPatch, name: str) -> None:
    local_zone.setenv("TZ", name)
    time.tzset()


def test_the_receipts_zone_matching_the_computer_is_ok(local_zone, tmp_path: Path) -> None:
    _zone(local_zone, "Asia/Makassar")
    with Store.open(tmp_path / "k") as store:
        store.set_setting("receipts.timezone", "Asia/Makassar")
    (found,) = run_one(tmp_path / "k", "system.timezone")
    assert found.status is Status.OK and found.params["abbrev"] == "WITA"
    assert found.params["offset"] == "+08:00"


def test_a_computer_in_another_zone_warns(local_zone, tmp_path: Path) -> None:
    _zone(local_zone, "UTC")
    Store.open(tmp_path / "k").close()  # the default zone: Asia/Jakarta
    (found,) = run_one(tmp_path / "k", "system.timezone")
    assert found.status is Status.WARNING
    assert found.params["local"] == "+00:00" and found.params["offset"] == "+07:00"


def test_a_zone_without_its_data_fails(tmp_path: Path) -> None:
    with Store.open(tmp_path / "k") as store:
        store.set_setting("receipts.timezone", "Asia/Nowhere_Town")
    (found,) = run_one(tmp_path / "k", "system.timezone")
    assert found.status is Status.FAILED and "tzdata" in found.text("en")


def test_versions_name_what_runs(tmp_path: Path) -> None:
    from kiosk import __version__

    (found,) = run_one(tmp_path, "system.versions")
    assert found.status is Status.OK
    assert found.params["kiosk"] == __version__ and found.params["sqlite"] == sqlite3.sqlite_version
    assert found.params["qt"] != "-"  # PySide6 is installed, read without importing Qt


def test_a_check_that_hangs_is_reported_and_left_behind(tmp_path: Path) -> None:
    release = threading.Event()

    def hangs(_ctx: Context) -> list:
        release.wait(30)
        return [ok("slow.device", "doctor.versions")]

    try:
        (found,) = run_bounded(CheckSpec(("slow.device",), hangs, 0.2), Context(Paths(tmp_path)))
    finally:
        release.set()
    assert found.status is Status.FAILED and found.code == "doctor.timeout"


def test_a_check_that_raises_reports_the_type_only(tmp_path: Path) -> None:
    def raises(_ctx: Context) -> list:
        raise ValueError("NIK 6471010101900001")

    (found,) = run_bounded(CheckSpec(("broken",), raises, 5.0), Context(Paths(tmp_path)))
    assert found.status is Status.FAILED and found.params["error"] == "ValueError"
    assert "6471" not in found.text("en") + str(found.to_dict())


def test_a_long_sql_statement_is_interrupted_at_its_deadline(tmp_path: Path) -> None:
    Store.open(tmp_path / "k").close()
    ctx = Context(Paths(tmp_path / "k"))
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    with ctx.connect(0.2) as conn, pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(endless).fetchone()


def test_recent_crash_reports_warn_and_old_ones_are_counted(tmp_path: Path) -> None:
    from kiosk.logs import write_crash_report

    (found,) = run_one(tmp_path, "logs.crashes")
    assert found.status is Status.OK and found.code == "doctor.crashes.none"
    try:
        raise RuntimeError("the form broke")
    except RuntimeError as exc:
        report = write_crash_report(tmp_path, exc, program="app")
    (found,) = run_one(tmp_path, "logs.crashes")
    assert found.status is Status.WARNING and found.params["count"] == 1
    report.rename(report.with_name("crash-20250101-120000.txt"))  # a crash of last year
    (found,) = run_one(tmp_path, "logs.crashes")
    assert found.status is Status.OK and found.code == "doctor.crashes.old"
    assert found.params["newest"] == "2025-01-01 12:00 UTC"

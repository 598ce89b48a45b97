"""``disk.space`` against the week-offline budget: the real disk, and a full and a nearly full
disk simulated through the one seam, :func:`shutil.disk_usage`."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from kiosk.config import Paths
from kiosk.doctor import Status, disk
from kiosk.doctor.context import Context
from tests.core.test_doctor_support import demo_dir, demo_master, run_one  # noqa: F401


class _Usage(NamedTuple):
    total: int
    used: int
    free: int


def _free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: _Usage(10 * free, 9 * free, free))


def test_the_real_disk_has_room_for_a_week(demo_dir: Path) -> None:
    budget = disk.measure(Context(Paths(demo_dir))).budget
    if shutil.disk_usage(demo_dir).free < 2 * budget:  # a machine this full cannot show "ok"
        pytest.fail(f"this machine has less than {2 * budget} bytes free")
    (found,) = run_one(demo_dir, "disk.space")
    assert found.status is Status.OK and found.params["budget_mb"] == budget // 1_048_576


def test_a_full_disk_fails(demo_dir: Path, monkeypatch) -> None:
    _free(monkeypatch, 50 * 1_048_576)
    (found,) = run_one(demo_dir, "disk.space")
    assert found.status is Status.FAILED and found.params["free_mb"] == 50
    assert "Free space now" in found.text("en")


def test_less_than_twice_the_budget_warns(demo_dir: Path, monkeypatch) -> None:
    budget = disk.measure(Context(Paths(demo_dir))).budget
    _free(monkeypatch, int(budget * 1.5))
    (found,) = run_one(demo_dir, "disk.space")
    assert found.status is Status.WARNING


def test_the_budget_is_measured_from_this_kiosk(demo_dir: Path, monkeypatch) -> None:
    # the demo folder is small: measure from fewer samples than a desk would need
    for name in ("MIN_FILES", "MIN_WITH_PAGES", "MIN_FOR_DB"):
        monkeypatch.setattr(disk, name, 1)
    usage = disk.measure(Context(Paths(demo_dir)))
    assert set(usage.measured.split(",")) == {"page_bytes", "per_day", "pages", "db_bytes"}
    files = [p.stat().st_size for p in (demo_dir / "documents").rglob("*") if p.is_file()]
    assert usage.page_bytes == sum(files) // len(files)
    assert usage.per_day == disk.DEFAULT_PER_DAY  # one day of history: at least the default
    assert usage.db_bytes == (demo_dir / "kiosk.sqlite3").stat().st_size // 12
    assert usage.pages > 1
    monkeypatch.setattr(disk, "MAX_PER_DAY", 30)  # a day of bulk imports is not a desk's day
    assert disk.measure(Context(Paths(demo_dir))).per_day == 30
    expected = usage.per_day * 7 * (usage.pages * usage.page_bytes + usage.db_bytes) * 2
    assert usage.budget == int(expected) + disk.FLOOR_BYTES


def test_the_default_budget_is_about_a_gigabyte(tmp_path: Path) -> None:
    usage = disk.measure(Context(Paths(tmp_path)))
    assert usage.measured == ""
    assert 0.8e9 < usage.budget < 1.0e9

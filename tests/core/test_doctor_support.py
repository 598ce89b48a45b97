"""Shared helpers of the doctor tests: a data folder with demo registrations (real SQLite, real
vault pages, real keys), and running one check the way ``kiosk doctor`` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.doctor import CheckResult, Options, run_checks


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo data folder per test module (12 registrations, pages in the vault), closed."""
    from kiosk.demo import add_demo_registrations
    from kiosk.store import Store

    root = tmp_path_factory.mktemp("doctor") / "master"
    with Store.open(root) as store:
        add_demo_registrations(store, 12, seed=16, drafts=0.2)
    return root


@pytest.fixture
def demo_dir(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data folder: a test may break it."""
    target = tmp_path / "kiosk-data"
    shutil.copytree(demo_master, target)
    return target


def run_one(data_dir: Path, check_id: str, options: Options | None = None) -> list[CheckResult]:
    """The results of the check whose first id is ``check_id``, run as the doctor runs it."""
    report = run_checks(data_dir, options, only=[check_id])
    assert report.results, f"no check named {check_id}"
    return report.results


def result(results: list[CheckResult], check_id: str) -> CheckResult:
    (found,) = [r for r in results if r.id == check_id]
    return found

"""Scanners and printers, for real: SANE's ``test`` device listed and scanned, no scanner at all
(SANE configured with no backend, in a fresh process: SANE is process-global), CUPS's ``PDF``
queue listed, and a test page printed through it (its cups-pdf file is removed afterwards)."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.doctor import Options, Status
from kiosk.receipts import cups
from tests.conftest import require_service
from tests.core.test_doctor_support import demo_dir, demo_master, result, run_one  # noqa: F401
from tests.core.test_documents_support import require_sane
from tests.core.test_receipts_cups import cups_pdf_output_dir, wait_for_file

QUEUE = "PDF"


def require_cups() -> None:
    require_service(
        shutil.which("lp") is not None and QUEUE in cups.printers(),
        f"CUPS with the cups-pdf queue {QUEUE!r}",
    )


@pytest.mark.sane
def test_the_sane_test_device_is_listed_and_scans(demo_dir: Path) -> None:
    require_sane()
    results = run_one(demo_dir, "scanner.list", Options(scan_device="sane:test:0"))
    listed, scanned = result(results, "scanner.list"), result(results, "scanner.test_scan")
    assert listed.status is Status.OK and "test:0" in str(listed.params["names"])
    assert scanned.status is Status.OK, scanned.text("en")
    assert scanned.params["dpi"] == 75 and int(str(scanned.params["width"])) > 100
    assert not list((demo_dir / "documents").rglob("*.tmp"))  # nothing stored by the test scan


@pytest.mark.sane
def test_a_scanner_that_is_not_there_fails_the_test_scan(demo_dir: Path) -> None:
    require_sane()
    results = run_one(demo_dir, "scanner.list", Options(scan_device="sane:nosuchdevice:9"))
    scanned = result(results, "scanner.test_scan")
    assert scanned.status is Status.FAILED and "nosuchdevice" in scanned.text("en")


def test_no_scanner_at_all_warns(demo_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "sane.d"
    config.mkdir()
    (config / "dll.conf").write_text("")  # SANE with no backend: no device anywhere
    env = {**os.environ, "SANE_CONFIG_DIR": str(config), "KIOSK_LANG": "en"}
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", "--json", "--data-dir", str(demo_dir)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(proc.stdout)
    checks = {c["id"]: c for c in report["checks"]}
    assert checks["scanner.list"]["status"] == "warning"
    assert "No scanner found" in checks["scanner.list"]["text"]["en"]
    assert "scanner.test_scan" not in checks
    assert proc.returncode in (1, 2)


@pytest.mark.cups
def test_the_cups_queues_are_listed(demo_dir: Path) -> None:
    require_cups()
    (listed,) = run_one(demo_dir, "printer.list")
    assert listed.status is Status.OK and QUEUE in str(listed.params["names"]).split(", ")


@pytest.mark.cups
def test_a_test_page_goes_through_cups(demo_dir: Path) -> None:
    require_cups()
    results = run_one(demo_dir, "printer.list", Options(print_test=QUEUE))
    page = result(results, "printer.test_page")
    assert page.status is Status.OK, page.text("en")
    number = int(str(page.params["job"]).rsplit("-", 1)[1])
    printed = wait_for_file(cups_pdf_output_dir(), f"*-job_{number}.pdf")
    assert printed is not None, "cups-pdf wrote no file for the test page"
    printed.unlink()  # leave nothing in the printing user's PDF folder


@pytest.mark.cups
def test_a_test_page_on_an_unknown_queue_fails(demo_dir: Path) -> None:
    require_cups()
    results = run_one(demo_dir, "printer.list", Options(print_test="NoSuchQueue"))
    page = result(results, "printer.test_page")
    assert page.status is Status.FAILED and page.params["printer"] == "NoSuchQueue"


def test_configured_thermal_printers_are_probed(demo_dir: Path) -> None:
    """A network printer is a port that accepts connections: one real listening socket on
    loopback, one closed port (the printer switched off)."""
    import socket

    from kiosk.store import Store

    with socket.socket() as listening, socket.socket() as closed:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        on, off = listening.getsockname()[1], closed.getsockname()[1]
        printers = [
            {"name": "Kasir", "connection": "network", "options": {"host": "127.0.0.1", "port": on}}
        ]
        with Store.open(demo_dir) as store:
            store.set_setting("receipts.escpos_printers", printers)
        thermal = result(run_one(demo_dir, "printer.list"), "printer.thermal")
        assert thermal.status is Status.OK and thermal.params["names"] == "Kasir"
        printers.append(
            {"name": "Loket 2", "connection": "network",
             "options": {"host": "127.0.0.1", "port": off}}
        )  # fmt: skip
        with Store.open(demo_dir) as store:
            store.set_setting("receipts.escpos_printers", printers)
        thermal = result(run_one(demo_dir, "printer.list"), "printer.thermal")
    assert thermal.status is Status.WARNING and thermal.params["names"] == "Loket 2"

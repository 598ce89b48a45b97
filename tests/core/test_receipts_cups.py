"""A receipt printed through a real CUPS queue (cups-pdf's ``PDF`` printer).

Needs: cupsd running, the ``PDF`` queue (printer-driver-cups-pdf), poppler-utils (pdftotext).
The printed file is found by its job id (cups-pdf names it ``<title>-job_<id>.pdf``) in the output
folder configured in /etc/cups/cups-pdf.conf, with a bounded poll.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kiosk.cli import main as cli_main
from kiosk.domain.examples import complete_registration
from kiosk.receipts import cups, known_keys, service, verify
from kiosk.receipts.prints import print_history
from kiosk.store import Store
from tests.conftest import require_service

QUEUE = "PDF"


def cups_pdf_output_dir() -> Path:
    """Where cups-pdf writes this user's jobs (``Out`` in cups-pdf.conf, ``${HOME}`` expanded)."""
    out = "/var/spool/cups-pdf/${USER}"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = pwd.getpwuid(os.getuid())
    return Path(out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name))


def wait_for_file(folder: Path, pattern: str, timeout_s: float = 60.0) -> Path | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found and found[0].stat().st_size > 0:
            time.sleep(0.2)  # cups-pdf writes, then renames: give it a moment to finish
            return found[0]
        time.sleep(0.25)
    return None


@pytest.mark.cups
def test_receipt_printed_on_the_cups_pdf_queue_carries_the_registration(data_dir, capsys):
    require_service(
        shutil.which("lp") is not None
        and QUEUE in cups.printers()
        and shutil.which("pdftotext") is not None,
        f"CUPS with the cups-pdf queue {QUEUE!r} and pdftotext",
    )
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(7), staff_id="staff-1")
    # headless, as a script would: kiosk receipt print REGNO --printer PDF
    assert cli_main(["receipt", "print", reg.reg_no, "--printer", QUEUE, "--wait", "60"]) == 0
    said = capsys.readouterr().out
    with Store.open(data_dir) as store:
        (record,) = print_history(store, reg.id)
        job_id = record.job_id
        assert f"{job_id}" in said and f"confirm {record.id} --printed" in said
        assert record.printer == QUEUE and record.channel == "cups"
        assert record.outcome in ("completed", "sent") and record.needs_confirmation
        number = int(job_id.rsplit("-", 1)[1])
        printed = wait_for_file(cups_pdf_output_dir(), f"*-job_{number}.pdf")
        assert printed is not None, f"cups-pdf wrote no file for job {job_id}"
        try:
            text = subprocess.run(
                ["pdftotext", str(printed), "-"], capture_output=True, check=True, timeout=60
            ).stdout.decode()
            assert reg.reg_no in text
            assert reg.owner.nik not in text
            # the paper's QR is the kiosk's: the printed file verifies too
            assert verify(printed, known_keys(store)).valid
        finally:
            printed.unlink(missing_ok=True)
        assert cli_main(["receipt", "confirm", str(record.id), "--printed"]) == 0
        assert print_history(store, reg.id)[0].outcome == "confirmed"


@pytest.mark.cups
def test_a_disabled_queue_is_refused_before_anything_is_recorded_as_sent(data_dir):
    import uuid

    from kiosk.errors import UserFacingError

    require_service(
        shutil.which("lpadmin") is not None and QUEUE in cups.printers(), "CUPS with lpadmin"
    )
    queue = f"kiosk-test-{uuid.uuid4().hex[:8]}"  # our own queue: the shared PDF queue stays up
    subprocess.run(
        ["lpadmin", "-p", queue, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"],
        check=True,
        timeout=60,
    )
    try:
        subprocess.run(["cupsdisable", queue], check=True, timeout=60)
        with Store.open(data_dir) as store:
            reg = store.submit(complete_registration(8), staff_id="staff-1")
            with pytest.raises(UserFacingError) as err:
                service.print_cups(store, reg, printer=queue, wait_s=5)
            assert err.value.code == "receipts.cups.disabled"
            assert print_history(store, reg.id) == []
    finally:
        subprocess.run(["lpadmin", "-x", queue], check=False, timeout=60)

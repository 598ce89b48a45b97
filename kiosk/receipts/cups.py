"""Printing PDFs through CUPS with its command-line clients (``lp``, ``lpstat``).

The command-line clients are on every Linux desk with CUPS and need no Python binding. A job that
CUPS reports *completed* has been handed to the printer, which is not proof of paper: callers still
ask the staff to confirm (or check the printer where it can report). The receipt's PDF is passed on
stdin, so no temporary file with personal data is left in /tmp.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from kiosk.errors import UserFacingError
from kiosk.i18n import register

register(
    {
        "receipts.cups.missing": {
            "id": "CUPS tidak terpasang (perintah lp tidak ditemukan).",
            "en": "CUPS is not installed (the lp command is missing).",
        },
        "receipts.cups.failed": {
            "id": "Pencetak {printer} menolak pekerjaan cetak: {reason}",
            "en": "Printer {printer} refused the print job: {reason}",
        },
        "receipts.cups.disabled": {
            "id": "Pencetak {printer} sedang dinonaktifkan di CUPS; aktifkan atau pilih yang lain.",
            "en": "Printer {printer} is disabled in CUPS; enable it or choose another one.",
        },
        "receipts.cups.no_printer": {
            "id": "Tidak ada pencetak CUPS yang dipilih dan tidak ada pencetak bawaan.",
            "en": "No CUPS printer was chosen and there is no default printer.",
        },
    }
)

_REQUEST_ID = re.compile(r"request id is (\S+)")
_MEDIA = {"a4": "A4", "a5": "A5"}


@dataclass(frozen=True)
class CupsJob:
    job_id: str  # "PDF-12"
    printer: str

    @property
    def number(self) -> int:
        return int(self.job_id.rsplit("-", 1)[1])


def _run(args: list[str], data: bytes | None = None, timeout: float = 30) -> str:
    if shutil.which(args[0]) is None:
        raise UserFacingError("receipts.cups.missing")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # parse the clients' English output
    proc = subprocess.run(
        args, input=data, capture_output=True, timeout=timeout, check=False, env=env
    )
    if proc.returncode != 0:
        reason = proc.stderr.decode(errors="replace").strip() or f"exit {proc.returncode}"
        raise UserFacingError("receipts.cups.failed", printer=args[-1], reason=reason)
    return proc.stdout.decode(errors="replace")


def default_printer() -> str:
    out = _run(["lpstat", "-d"])
    match = re.search(r"destination:\s*(\S+)", out)
    if not match:
        raise UserFacingError("receipts.cups.no_printer")
    return match.group(1)


def printers() -> list[str]:
    try:
        out = _run(["lpstat", "-e"])
    except UserFacingError:
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def printer_state(printer: str) -> str:
    """CUPS's one-line state of ``printer`` (e.g. ``printer PDF is idle.  enabled since ...``)."""
    return _run(["lpstat", "-p", printer]).strip()


def check_enabled(printer: str) -> None:
    """Refuse a disabled queue up front: CUPS would hold the job and nothing would come out."""
    if " disabled since" in printer_state(printer):
        raise UserFacingError("receipts.cups.disabled", printer=printer)


def submit(pdf: bytes, *, title: str, printer: str | None = None, layout: str = "a4") -> CupsJob:
    """Queue ``pdf`` on ``printer`` (default printer when None); returns the job."""
    printer = printer or default_printer()
    args = ["lp", "-d", printer, "-t", title]
    if layout in _MEDIA:
        args += ["-o", f"media={_MEDIA[layout]}"]
    args.append("-")
    out = _run(args, data=pdf)
    match = _REQUEST_ID.search(out)
    if not match:
        raise UserFacingError("receipts.cups.failed", printer=printer, reason=out.strip())
    return CupsJob(match.group(1), printer)


def wait_for_job(job: CupsJob, timeout_s: float = 30.0, poll_s: float = 0.25) -> bool:
    """True once CUPS lists ``job`` as completed; False if it is still queued after the timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        out = _run(["lpstat", "-W", "completed", "-o", job.printer])
        if any(line.split()[:1] == [job.job_id] for line in out.splitlines()):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll_s)

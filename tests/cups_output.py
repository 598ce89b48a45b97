"""Tests that print on the cups-pdf queue leave nothing in the printing user's ``PDF`` folder.

cups-pdf writes every job to ``Out`` of /etc/cups/cups-pdf.conf (``${HOME}/PDF`` on Debian) as
``<title>-job_<number>.pdf``. A test that prints may fail, or stop waiting, before it removes its
file, and cups-pdf may write the file after the test is over; so cleaning up is not left to each
test. :func:`cups_jobs_cleaned` notes the queue's last job number on entry; on exit it waits
(bounded) until the jobs submitted since are no longer pending and removes their files, found by
job number. Every test marked ``cups`` runs inside it (the autouse fixture below, registered as a
plugin in ``tests/conftest.py``).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

QUEUE = "PDF"
_JOB = re.compile(rf"^{QUEUE}-(\d+)\s", re.M)


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


def queue_jobs(which: str) -> set[int]:
    """Job numbers of the queue: ``which`` is ``all`` or ``not-completed``."""
    done = subprocess.run(
        ["lpstat", "-W", which, "-o", QUEUE],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return {int(n) for n in _JOB.findall(done.stdout)}


def job_files(numbers: set[int]) -> list[Path]:
    folder = cups_pdf_output_dir()
    return [path for n in sorted(numbers) for path in folder.glob(f"*-job_{n}.pdf")]


@contextmanager
def cups_jobs_cleaned(wait_s: float = 60.0) -> Iterator[None]:
    """Remove the cups-pdf output of every job submitted to the queue inside the block."""
    if shutil.which("lpstat") is None:
        yield
        return
    before = max(queue_jobs("all"), default=0)
    try:
        yield
    finally:
        ours = {n for n in queue_jobs("all") if n > before}
        deadline = time.monotonic() + wait_s
        while ours & queue_jobs("not-completed") and time.monotonic() < deadline:
            time.sleep(0.25)  # cups-pdf writes the file when the job completes
        for path in job_files(ours):
            path.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _cups_pdf_output_removed(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("cups") is None:
        yield
        return
    with cups_jobs_cleaned():
        yield

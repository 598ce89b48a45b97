"""A receipt printed on cups-pdf inside :func:`tests.cups_output.cups_jobs_cleaned` leaves no file
behind, also when the test stops before it looks for its output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import main as cli_main
from kiosk.domain.examples import complete_registration
from kiosk.receipts import cups
from kiosk.receipts.prints import print_history
from kiosk.store import Store
from tests.conftest import require_service
from tests.cups_output import QUEUE, cups_jobs_cleaned, job_files, queue_jobs


@pytest.mark.cups
def test_printed_output_is_removed_even_when_the_test_fails_first(data_dir: Path) -> None:
    require_service(
        shutil.which("lp") is not None and QUEUE in cups.printers(),
        f"CUPS with the cups-pdf queue {QUEUE!r}",
    )
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(9), staff_id="staff-1")
    number = 0
    with pytest.raises(AssertionError), cups_jobs_cleaned():
        # --wait 0: the command returns before cups-pdf has written anything
        assert cli_main(["receipt", "print", reg.reg_no, "--printer", QUEUE, "--wait", "0"]) == 0
        with Store.open(data_dir) as store:
            (record,) = print_history(store, reg.id)
        number = int(record.job_id.rsplit("-", 1)[1])
        raise AssertionError("the test stops here, before it removes its output")
    assert number > 0
    assert number not in queue_jobs("not-completed")  # done: cups-pdf has written its file...
    assert job_files({number}) == []  # ...and it is gone

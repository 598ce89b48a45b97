"""No personal data in any log line, end to end, at DEBUG.

The ``kiosk`` command (in this process, so the central's records land in the same log) makes demo
data, enrols with a real central on PostgreSQL (``start_in_thread``), syncs, exports and imports a
file with bad rows; then no NIK, NPWP, NIB, phone, e-mail, account number or owner/holder name of
the demo data may appear in any file of the log folder, while the run did log (sync, import,
the central's requests).
"""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path

import pytest

from kiosk import logs
from kiosk.cli import main
from kiosk.demo import DemoFactory
from tests.conftest import require_service
from tests.core.test_sync_support import (
    enrolment_code,
    fresh_pg_database,
    pg_available,
    running_central,
)

SEED, COUNT = 7, 12


def secrets() -> set[str]:
    found: set[str] = set()
    factory = DemoFactory(SEED)
    for n in range(COUNT):
        reg = factory.make(n)
        owner, bank = reg.owner, reg.bank
        values = [owner.nik, owner.phone, owner.email, owner.full_name, reg.business.npwp]
        values += [reg.business.nib, bank.account_number, bank.holder_name]
        found.update(v for v in values if v)
        found.update(re.sub(r"\D", "", v) for v in values if sum(c.isdigit() for c in v) >= 9)
        if owner.phone.startswith("+62"):
            found.add("0" + owner.phone[3:])  # the national form of the same number
    return found


@pytest.mark.postgres
def test_demo_sync_and_a_bad_import_log_no_personal_data(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_service(pg_available(), "PostgreSQL at 127.0.0.1:5432")
    monkeypatch.setenv(logs.LEVEL_ENV, "DEBUG")
    before = logging.getLogger().level
    try:
        with fresh_pg_database("kiosk_logs") as url, running_central(url, tmp_path / "c") as c:
            assert main(["demo-data", "--count", str(COUNT), "--seed", str(SEED)]) == 0
            code = enrolment_code(url, "privacy-1")
            assert main(["enroll", c.url, code, "--name", "privacy-1"]) == 0
            assert main(["sync"]) == 0
            exported = tmp_path / "regs.csv"
            assert main(["export", "-o", str(exported), "--drafts"]) == 0
            assert main(["import", str(broken_copy(exported, tmp_path))]) == 1
    finally:
        logs.shutdown()
        logging.getLogger().setLevel(before)

    text = "".join(p.read_text("utf-8") for p in sorted((data_dir / "logs").iterdir()))
    assert "kiosk.sync" in text and "kiosk import" in text and "/api/v1/push" in text
    leaked = sorted(s for s in secrets() if s in text)
    assert not leaked, f"personal data in the logs: {len(leaked)} values"


def broken_copy(exported: Path, tmp_path: Path) -> Path:
    """The export with every row made new and some made invalid (a bad NIK, a bad phone).

    The export has two header rows: readable labels, then the field keys (first cell
    ``#kolom:id``); columns are found by key, and both header rows are written back."""
    with exported.open(newline="", encoding="utf-8-sig") as fh:
        labels, keys, *rows = list(csv.reader(fh))
    assert rows and keys[0].startswith("#kolom:")
    fields = [keys[0].removeprefix("#kolom:"), *keys[1:]]
    nik, phone = fields.index("owner.nik"), fields.index("owner.phone")
    for i, row in enumerate(rows):
        for column, field in enumerate(fields):
            if field in ("id", "reg_no"):
                row[column] = ""
        if i % 2 == 0:
            row[nik] = row[nik][:-3]  # too short: refused, and the row's data is in the error
        if i % 3 == 0:
            row[phone] = "0812-ABC-" + row[phone][-6:]
    path = tmp_path / "broken.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([labels, keys, *rows])
    return path

"""A kiosk with more erasures to report than one report may carry sends them in several reports,
each within the protocol's bound, and stops a round at a report the central records nothing of.

Unit level with a recording client (the central's side of ``POST /erasures`` is tested against
a real central in ``test_subject_requests``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from kiosk.protocol import MAX_ERASURE_ITEMS, ErasureReport
from kiosk.store import Store, erasure
from kiosk.sync import erasure as sync_erasure
from kiosk.sync.client import CentralClient


class RecordingCentral:
    """Validates every report as the central would and records some or all of it."""

    def __init__(self, record: bool = True) -> None:
        self.reports: list[ErasureReport] = []
        self.record = record

    def erasures(self, body: dict[str, Any]) -> dict[str, Any]:
        report = ErasureReport.model_validate(body)  # over the bound: ValidationError
        self.reports.append(report)
        items = [*report.confirmations, *report.withdrawals]
        return {"accepted": [i.registration_id for i in items] if self.record else []}


def _erase_many(store: Store, count: int) -> list[str]:
    ids = [f"0190aaaa-0000-7000-8000-{n:012d}" for n in range(count)]
    for n, reg_id in enumerate(ids):
        origin = "desk" if n % 3 == 0 else "central"
        erasure.erase(store, reg_id, f"TNJ1-20261203-{n:04d}", f"req-{n}", origin, "sari")
    return ids


def test_many_erasures_go_in_several_bounded_reports(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        ids = _erase_many(store, 2 * MAX_ERASURE_ITEMS + 37)
        central = RecordingCentral()
        client = cast(CentralClient, central)  # only erasures() is called
        assert sync_erasure.report(store, client) == len(ids)
        assert len(central.reports) == 3
        sent = [
            i.registration_id for r in central.reports for i in (*r.confirmations, *r.withdrawals)
        ]
        assert sorted(sent) == sorted(ids)
        assert erasure.unreported(store) == []
        assert sync_erasure.report(store, client) == 0 and len(central.reports) == 3


def test_a_report_recorded_by_nobody_ends_the_round(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        ids = _erase_many(store, MAX_ERASURE_ITEMS + 5)
        central = RecordingCentral(record=False)
        client = cast(CentralClient, central)  # only erasures() is called
        assert sync_erasure.report(store, client) == 0
        assert len(central.reports) == 1  # not a second report in the same round
        assert len(erasure.unreported(store)) == len(ids)

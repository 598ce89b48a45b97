"""Render the intake session report from demo data into docs/intake/ (PDF, XLSX and a PNG).

    .venv/bin/python scripts/intake_report_sample.py --out docs/intake

A fresh data folder in a temporary directory: a session opened at a village hall, demo
registrations made during it (some left as drafts, some without documents, some receipts saved),
then the report in Indonesian; the PNG of its first page is made with poppler's ``pdftoppm``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.demo import DemoFactory, DemoPages, set_up_demo_hall
from kiosk.intake.report import build_report
from kiosk.intake.report_pdf import write_report
from kiosk.intake.sessions import open_session
from kiosk.receipts.prints import begin_print, finish_print
from kiosk.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/intake"))
    parser.add_argument("--count", type=int, default=14)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        set_up_demo_hall(store)
        intake = open_session(
            store,
            place="Balai Desa Sebengkok, Tarakan",
            day=dt.date(2026, 12, 3),
            team=["Ani Suryani (ketua)", "Budi Santoso", "Rahmat Hidayat"],
            staff_id="demo",
            target_count=20,
        )
        factory, pages = DemoFactory(3, kiosk_id=store.kiosk_id), DemoPages(store)
        for n in range(args.count):
            reg = factory.make(n)
            if n % 4 != 1:
                pages.attach(reg)
            if n % 5 == 4:
                reg.documents = []  # documents still to be scanned with the owner
                store.save_draft(reg, staff_id="demo", step="documents")
                continue
            stored = store.submit(reg, staff_id="demo")
            if n % 3:
                record = begin_print(
                    store, stored, layout="80mm", channel="escpos", staff_id="demo"
                )
                finish_print(store, record.id, "reported_ok")
        report = build_report(store, intake, "id")
    pdf = args.out / "session-report.pdf"
    write_report(report, pdf, "id")
    write_report(report, args.out / "session-report.xlsx", "id")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(args.out / "session-report")],
            check=True,
        )  # fmt: skip
    print(f"{len(report.lines)} registrations; files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

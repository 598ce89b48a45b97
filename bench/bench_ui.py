"""Cold start of the desktop app to an interactive main window, against a bare Qt floor.

Each sample is a fresh Python process (so imports and Qt plug-in loading are paid every time):

- floor: ``QApplication`` + ``QMainWindow.show()`` + quit from the event loop (bare PySide6);
- ``ui.cold_start``: ``ui.app.main`` on an existing data folder with a staff account, until the
  log-in page is shown (store opened, migrations checked, settings read, first page built);
  ``KIOSK_EXIT_WHEN_READY=1`` makes the app quit right then;
- ``ui.cold_start_kiosk``: the same in self-service mode (welcome page, touch theme).

Samples are interleaved (floor, app, kiosk, floor, ...) so a busy machine slows all alike; the
median of each is reported. Target: at most 1.5× the floor. One JSON object per line.

    .venv/bin/python bench/bench_ui.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

APP = """
import sys
from ui.app import main
sys.exit(main(sys.argv[1], kiosk_mode=sys.argv[2] == "1"))
"""


def prepare(data_dir: Path) -> None:
    """A data folder as on a desk: migrated database, one supervisor."""
    from kiosk.security import accounts
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")


def sample(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXIT_WHEN_READY": "1"}
    env.pop("QT_IM_MODULE", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="cold start of the kiosk UI")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        prepare(data_dir)
        sample(APP, str(data_dir), "0")  # warm the OS file cache once; not counted
        floor, staff, kiosk = [], [], []
        for _ in range(args.runs):
            floor.append(sample(FLOOR))
            staff.append(sample(APP, str(data_dir), "0"))
            kiosk.append(sample(APP, str(data_dir), "1"))
    floor_s = statistics.median(floor)
    for name, values in (("ui.cold_start", staff), ("ui.cold_start_kiosk", kiosk)):
        print(
            json.dumps(
                {
                    "name": name,
                    "value": round(statistics.median(values), 3),
                    "unit": "s",
                    "floor": round(floor_s, 3),
                    "floor_name": "bare PySide6 QApplication + QMainWindow.show() + quit",
                    "target": round(1.5 * floor_s, 3),
                    "runs": args.runs,
                    "ratio": round(statistics.median(values) / floor_s, 2),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

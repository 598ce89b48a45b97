"""Cold start of the desktop app to an interactive main window, against a bare Qt floor.

Each sample is a fresh Python process (so imports and Qt plug-in loading are paid every time),
timed from spawn to the moment the child prints ``KIOSK_READY <time>`` (its shutdown is not
counted, in the floor or in the app):

- floor: ``QApplication`` + ``QMainWindow.show()`` + quit from the event loop (bare PySide6);
- ``ui.cold_start``: ``ui.app.main`` on an existing data folder with a staff account, until the
  log-in page is shown (store opened, migrations checked, settings read, first page built);
  ``KIOSK_EXIT_WHEN_READY=1`` makes the app quit right then;
- ``ui.cold_start_kiosk``: the same in self-service mode (welcome page, touch theme);
- ``ui.cold_start_store_ready``: until the store is open too and the first page confirmed (the
  log-in page is usable before that; a log-in waits for it). No target: reported for context.
- ``ui.store_import``: a bare process that only imports the store's code (``kiosk.store``:
  SQLAlchemy's ORM, the models, cryptography; the garbage collector off, as in the app) and
  reports. No target: it shows how much of
  ``ui.cold_start_store_ready`` is the store's imports, which no deferral in the app removes.

Samples are interleaved (floor, app, kiosk, floor, ...) so a busy machine slows all alike; the
median of each is reported. Target: at most 1.5× the floor. One JSON object per line. Every
sample runs from compiled bytecode (a private ``PYTHONPYCACHEPREFIX`` filled by uncounted warm-up
runs), as an installed desk and CI do, whatever ``PYTHONDONTWRITEBYTECODE`` says in the shell.

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
def ready():
    import time
    print(f"KIOSK_READY {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

STORE_IMPORT = """
import gc, time
gc.disable()  # as ui.app.main imports it
import kiosk.store
print(f"KIOSK_READY {time.time():.6f}", flush=True)
"""

APP = """
import sys
from ui.app import main
sys.exit(main(sys.argv[1], kiosk_mode=sys.argv[2] == "1"))
"""


def prepare(data_dir: Path) -> None:
    """A data folder as on a desk: migrated database, one supervisor."""
    from kiosk.staff import accounts
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")


def sample(code: str, *args: str, until: str = "1", pycache: str = "") -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXIT_WHEN_READY": until}
    env.pop("QT_IM_MODULE", None)
    if pycache:  # compiled modules cached as on an installed desk and on CI (see main)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    stamps = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("KIOSK_")]
    return float(stamps[0]) - start  # from spawn to ready; the shutdown is not counted


def main() -> int:
    parser = argparse.ArgumentParser(description="cold start of the kiosk UI")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        prepare(data_dir)
        # Bytecode: an installed kiosk (and CI, which does not set PYTHONDONTWRITEBYTECODE) starts
        # from compiled modules; a developer shell with PYTHONDONTWRITEBYTECODE=1 would compile the
        # project's sources on every start. Floor and app share one cache folder of this run,
        # filled by the uncounted warm-up samples, so the working tree gets no __pycache__.
        cache = str(Path(tmp) / "pycache")
        sample(FLOOR, pycache=cache)  # warm the OS file cache and the bytecode; not counted
        sample(APP, str(data_dir), "0", pycache=cache)
        sample(APP, str(data_dir), "1", until="started", pycache=cache)
        sample(STORE_IMPORT, pycache=cache)
        floor, staff, kiosk, ready, imports = [], [], [], [], []
        for _ in range(args.runs):
            floor.append(sample(FLOOR, pycache=cache))
            staff.append(sample(APP, str(data_dir), "0", pycache=cache))
            kiosk.append(sample(APP, str(data_dir), "1", pycache=cache))
            ready.append(sample(APP, str(data_dir), "0", until="started", pycache=cache))
            imports.append(sample(STORE_IMPORT, pycache=cache))
    floor_s = statistics.median(floor)
    entries = (
        ("ui.cold_start", staff, 1.5 * floor_s),
        ("ui.cold_start_kiosk", kiosk, 1.5 * floor_s),
        ("ui.cold_start_store_ready", ready, None),
        ("ui.store_import", imports, None),
    )
    for name, values, target in entries:
        print(
            json.dumps(
                {
                    "name": name,
                    "value": round(statistics.median(values), 3),
                    "unit": "s",
                    "floor": round(floor_s, 3),
                    "floor_name": "bare PySide6 QApplication + QMainWindow.show() + quit",
                    "target": None if target is None else round(target, 3),
                    "runs": args.runs,
                    "ratio": round(statistics.median(values) / floor_s, 2),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

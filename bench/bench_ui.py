"""Cold start of the desktop app to an interactive main window, against a bare Qt floor.

Each sample is a fresh Python process (so imports and Qt plug-in loading are paid every time),
timed from spawn to the moment the child prints ``KIOSK_READY <time>`` (its shutdown is not
counted, in the floor or in the app):

- floor: ``QApplication`` + ``QMainWindow.show()`` + quit from the event loop (bare PySide6);
- ``ui.cold_start``: ``ui.app.main`` on an existing data folder with a staff account, until the
  log-in page is shown (it is drawn before the store opens); ``KIOSK_EXIT_WHEN_READY=1`` makes
  the app report right then;
- ``ui.cold_start_kiosk``: the same in self-service mode (welcome page, touch theme);
- ``ui.cold_start_login_ready``: until the process can check a log-in typed on that page
  (``KIOSK_EXIT_WHEN_READY=login``): the early log-in (:mod:`kiosk.staff.early_login`: the
  schema's revision checked against the code's, argon2 loaded, the blind-index key derived) is set
  up, or, where there is none, the store is open. Target: at most 3× the floor. A real attempt
  then costs its argon2id check (~0.1 s on purpose) and one fsync'd commit.
- ``ui.cold_start_store_ready``: until the store is open too and the first page confirmed (a
  log-in checked early is accepted then; every page after the log-in needs the store). No target:
  reported for context. Before the early log-in this was the point a log-in could be checked.
- ``ui.store_import``: a bare process that only imports the store's code (``from kiosk.store
  import Store``: SQLAlchemy's ORM, the models, cryptography; the garbage collector off, as in the
  app) and reports. No target: it shows how much of ``ui.cold_start_store_ready`` is the store's
  own imports, which no deferral in the app removes.

Samples are interleaved (floor, app, kiosk, floor, ...) so a busy machine slows all alike; the
median of each is reported. Each child leaves with ``os._exit`` right after its ready line, and
its CPU time (user + system, all threads) up to there is reported too (``cpu_s``,
``floor_cpu_s``, ``cpu_ratio``): on a loaded machine the wall-clock ratio swings with the
scheduler, the CPU-time ratio much less. Target: at most 1.5× the floor for the pages. One JSON
object per line. Every sample runs from compiled bytecode (a private ``PYTHONPYCACHEPREFIX``
filled by uncounted warm-up runs), as an installed desk and CI do, whatever
``PYTHONDONTWRITEBYTECODE`` says in the shell.

    .venv/bin/python bench/bench_ui.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Prepended to every child: leave at once after the ready line (what follows is not measured, and
# the child's CPU time then covers exactly the way to ready).
EXIT_AT_READY = """
import builtins as _builtins, os as _os, sys as _sys
_print = _builtins.print
def _exit_at_ready(*args, **kwargs):
    _print(*args, **kwargs)
    if args and str(args[0]).startswith("KIOSK_READY"):
        _sys.stdout.flush()
        _os._exit(0)
_builtins.print = _exit_at_ready
"""

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
from kiosk.store import Store  # the package itself loads its names on first use
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


def sample(code: str, *args: str, until: str = "1", pycache: str = "") -> tuple[float, float]:
    """(seconds from spawn to the ready line, the child's CPU seconds until then)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXIT_WHEN_READY": until}
    env.pop("QT_IM_MODULE", None)
    if pycache:  # compiled modules cached as on an installed desk and on CI (see main)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", EXIT_AT_READY + code, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stamps = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("KIOSK_")]
    return float(stamps[0]) - start, cpu  # from spawn to ready; no shutdown


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
        sample(APP, str(data_dir), "0", until="login", pycache=cache)
        floor, staff, kiosk, login, ready, imports = [], [], [], [], [], []
        for _ in range(args.runs):
            floor.append(sample(FLOOR, pycache=cache))
            staff.append(sample(APP, str(data_dir), "0", pycache=cache))
            kiosk.append(sample(APP, str(data_dir), "1", pycache=cache))
            login.append(sample(APP, str(data_dir), "0", until="login", pycache=cache))
            ready.append(sample(APP, str(data_dir), "0", until="started", pycache=cache))
            imports.append(sample(STORE_IMPORT, pycache=cache))
    floor_s = statistics.median(wall for wall, _ in floor)
    floor_cpu = statistics.median(cpu for _, cpu in floor)
    entries = (
        ("ui.cold_start", staff, 1.5 * floor_s),
        ("ui.cold_start_kiosk", kiosk, 1.5 * floor_s),
        ("ui.cold_start_login_ready", login, 3 * floor_s),
        ("ui.cold_start_store_ready", ready, None),
        ("ui.store_import", imports, None),
    )
    for name, values, target in entries:
        value = statistics.median(wall for wall, _ in values)
        cpu = statistics.median(cpu for _, cpu in values)
        print(
            json.dumps(
                {
                    "name": name,
                    "value": round(value, 3),
                    "unit": "s",
                    "floor": round(floor_s, 3),
                    "floor_name": "bare PySide6 QApplication + QMainWindow.show() + quit",
                    "target": None if target is None else round(target, 3),
                    "runs": args.runs,
                    "ratio": round(value / floor_s, 2),
                    "cpu_s": round(cpu, 3),
                    "floor_cpu_s": round(floor_cpu, 3),
                    "cpu_ratio": round(cpu / floor_cpu, 2),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

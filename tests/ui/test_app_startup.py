"""``ui.app.main`` in a fresh process: starts, opens the store, shows the first page, imports
nothing heavy on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("cv2", "reportlab", "fastapi", "uvicorn", "pypdfium2", "numpy", "openpyxl", "PIL")

SCRIPT = """
import json, sys
from ui.app import main
code = main(sys.argv[1], kiosk_mode=sys.argv[2] == "1", lang=sys.argv[3] or None)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[4].split(",")))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def run_app(data_dir, kiosk_mode=False, lang=""):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_EXIT_WHEN_READY": "1"}
    env.pop("QT_IM_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(data_dir),
            "1" if kiosk_mode else "0",
            lang,
            ",".join(HEAVY),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kiosk_mode", [False, True])
def test_app_starts_without_heavy_imports(data_dir, kiosk_mode):
    outcome = run_app(data_dir, kiosk_mode)
    assert outcome == {"code": 0, "heavy": []}
    assert (data_dir / "kiosk.sqlite3").exists()
    assert (data_dir / "logs" / "kiosk.log").exists()


def test_app_starts_when_its_log_file_cannot_be_opened(data_dir):
    (data_dir / "logs" / "kiosk.log").mkdir(parents=True)  # in the way of the log file
    assert run_app(data_dir) == {"code": 0, "heavy": []}
    assert (data_dir / "kiosk.sqlite3").exists()

"""``kiosk central serve`` logs to ``central.log`` in the central's data folder: its own records,
Alembic's, uvicorn's start-up and access lines, with UTC and local stamps."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_writes_central_log_in_its_data_folder(tmp_path: Path) -> None:
    port, data = free_port(), tmp_path / "central"
    command = [sys.executable, "-m", "kiosk", "central"]
    command += ["--database-url", f"sqlite:///{tmp_path / 'central.sqlite3'}"]
    command += ["--data-dir", str(data), "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = data / "logs" / "central.log"
    try:
        deadline = time.monotonic() + 60
        while "Uvicorn running" not in (log.read_text("utf-8") if log.exists() else ""):
            assert server.poll() is None and time.monotonic() < deadline, "no start"
            time.sleep(0.05)
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=30)
    text = log.read_text("utf-8")
    assert re.search(r"Z \d\d:\d\d:\d\d[+-]\d{4} INFO kiosk\.cli: kiosk central serve", text)
    assert "uvicorn.access" in text and "GET /api/v1/health" in text
    assert "Uvicorn running" in err.decode()  # the console shows the same lines
    assert os.stat(log).st_size < 1_000_000

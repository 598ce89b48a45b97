"""``kiosk central serve --workers 2``: every worker's records reach central.log (uvicorn's
workers are fresh interpreters; before, only the parent's lines were there and the workers'
warnings went to stderr alone), each line with its process id, masked like any other; and the
workers share one admission board, which the parent makes before they start and removes after."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kiosk.central.admission_board import holders
from kiosk.central.enrolment import normalize_code, sha256_hex
from tests.central.test_central_logs import free_port

NIK = "3171234567890123"


def worker_pids(parent: int) -> set[int]:
    """uvicorn's workers: the parent's Python children but multiprocessing's resource tracker."""
    children: list[int] = []
    for task in Path(f"/proc/{parent}/task").glob("*/children"):
        children += [int(pid) for pid in task.read_text().split()]
    return {
        pid
        for pid in children
        if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode()
    }


def access_pids(text: str) -> set[int]:
    return {int(pid) for pid in re.findall(r" INFO \[(\d+)\] uvicorn\.access: ", text)}


def test_two_workers_log_to_central_log_with_their_pids(tmp_path: Path) -> None:
    port, data, database = free_port(), tmp_path / "central", tmp_path / "central.sqlite3"
    command = [sys.executable, "-m", "kiosk", "central", "--database-url", f"sqlite:///{database}"]
    command += ["--data-dir", str(data), "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = data / "logs" / "central.log"
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 120
        while (log.read_text("utf-8") if log.exists() else "").count(
            "Application startup complete"
        ) < 2:
            assert server.poll() is None and time.monotonic() < deadline, "no start"
            time.sleep(0.05)
        workers = worker_pids(server.pid)
        assert len(workers) == 2 and server.pid not in workers
        # one admission line across the workers: both hold a slot on the board the parent made
        board = data / f"admission-{server.pid}.board"
        assert {pid for pid, _ in holders(board)} == workers
        # a new connection each time, until both workers have answered (the kernel picks one)
        for _ in range(400):
            with httpx.Client() as client:
                assert client.get(f"{url}/health").status_code == 200
            if access_pids(log.read_text("utf-8")) == workers:
                break
        # personal data in a request's path: the access line masks it
        with httpx.Client() as client:
            assert client.get(f"{url}/owners/{NIK}").status_code == 404
        # a failing request (500): an enrolment code whose expiry is no date but an identifying
        # number; the date parser's error quotes it
        code = "ABCD-EFGH-JKMN"
        with sqlite3.connect(database) as db:
            db.execute(
                "INSERT INTO central_enrolment_codes (code_hash, kiosk_name, mpp_name, created_at,"
                " expires_at) VALUES (?, 'k', 'm', '2026-01-01 00:00:00', ?)",
                (sha256_hex(normalize_code(code)), f"owner {NIK}"),
            )
        body = {"code": code, "kiosk_name": "k", "signing_public_key": "x"}
        body["document_public_key"] = "x"
        with httpx.Client() as client:
            assert client.post(f"{url}/enroll", json=body).status_code == 500
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
    assert not board.exists()  # the parent removes the board when it stops
    text = log.read_text("utf-8")
    assert access_pids(text) == workers  # both workers' access lines, told apart by pid
    for pid in workers:
        assert f"INFO [{pid}] uvicorn.error: Started server process [{pid}]" in text
    assert f"INFO [{server.pid}] uvicorn.error: Started parent process [{server.pid}]" in text
    assert re.search(r"\[\d+\] uvicorn\.access: .*GET /api/v1/owners/\[16 digits\] ", text)
    failed = re.search(r"ERROR \[(\d+)\] kiosk\.central\.http_errors: internal error\n", text)
    assert failed and int(failed.group(1)) in workers
    tail = text[failed.end() :]
    assert tail.startswith("Traceback")
    assert re.match(r"(?:.*\n)*?ValueError: Invalid isoformat string: '\[22 chars\]'\n", tail)
    assert NIK not in text
    assert "internal error\nTraceback" in err.decode()  # the console shows the same

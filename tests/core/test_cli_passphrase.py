"""Commands that open a passphrase-protected store ask for the passphrase instead of failing:
on a terminal with getpass (a real pseudo-terminal here), else one line of standard input; a
wrong answer is named and asked again; ``KIOSK_DATA_PASSPHRASE`` still needs no one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.security import datakey
from kiosk.store import Store

PASSPHRASE = "meja depan pagi hari"


@pytest.fixture
def protected(data_dir: Path) -> tuple[Path, str, str]:
    """A data folder with registrations whose key is under ``PASSPHRASE``: (folder, NIK, number)."""
    args = ["demo-data", "--count", "3", "--seed", "5", "--drafts", "0", "--data-dir"]
    assert cli.main([*args, str(data_dir)]) == 0
    with Store.open(data_dir) as store:
        reg = next(iter(store.iter_registrations()))
    datakey.protect(data_dir / "keys", "passphrase", passphrase=PASSPHRASE)
    return data_dir, reg.owner.nik, reg.reg_no


def _search(folder: Path, nik: str, stdin: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "KIOSK_LANG": "en", **env}
    if not env:
        environ.pop(datakey.PASSPHRASE_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "search", nik, "--data-dir", str(folder)],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_a_command_reads_the_passphrase_from_standard_input(protected) -> None:
    folder, nik, reg_no = protected
    result = _search(folder, nik, PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split("\t")[0] == reg_no


def test_a_wrong_passphrase_is_named_and_asked_again(protected) -> None:
    folder, nik, reg_no = protected
    again = _search(folder, nik, f"tebak saja\n{PASSPHRASE}\n")
    assert again.returncode == 0, again.stderr
    assert "Wrong passphrase, try again." in again.stderr
    assert again.stdout.splitlines()[0].split("\t")[0] == reg_no

    wrong = _search(folder, nik, "satu\ndua\ntiga\n")  # three wrong answers: it stops
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.count("Wrong passphrase, try again.") == datakey.PROMPT_TRIES - 1
    assert "The data key's passphrase is wrong." in wrong.stderr

    nothing = _search(folder, nik, "")  # end of input: the old refusal, nothing opened
    assert nothing.returncode == 2
    assert "protected by a passphrase" in nothing.stderr


def test_the_environment_still_needs_no_one(protected) -> None:
    folder, nik, reg_no = protected
    result = _search(folder, nik, "", **{datakey.PASSPHRASE_ENV: PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split("\t")[0] == reg_no
    assert "passphrase" not in result.stderr.lower()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_on_a_terminal_getpass_asks_without_echo(protected) -> None:
    import pty

    folder, nik, reg_no = protected
    environ = {**os.environ, "KIOSK_LANG": "en"}
    environ.pop(datakey.PASSPHRASE_ENV, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pseudo-terminal
        os.execve(
            sys.executable,
            [sys.executable, "-m", "kiosk", "search", nik, "--data-dir", str(folder)],
            environ,
        )
    seen = b""
    while b"passphrase:" not in seen:
        chunk = os.read(fd, 1024)
        assert chunk, seen
        seen += chunk
    os.write(fd, PASSPHRASE.encode() + b"\n")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    text = seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Kiosk data key passphrase:" in text
    assert PASSPHRASE not in text  # getpass turned the echo off
    assert reg_no in text


def test_the_doctor_asks_once_before_its_checks_and_tries_the_key(protected) -> None:
    """The key ring is loaded before the checks' time-limited threads start: one question, and
    both checks that need the key use the answer."""
    import json

    folder, _nik, _reg_no = protected
    environ = {**os.environ, "KIOSK_LANG": "en"}
    environ.pop(datakey.PASSPHRASE_ENV, None)
    command = [sys.executable, "-m", "kiosk", "doctor", "--json", "--skip-devices"]
    result = subprocess.run(
        [*command, "--data-dir", str(folder)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )
    report = {r["id"]: r for r in json.loads(result.stdout)["checks"]}
    assert report["keys.ring"]["code"] == "doctor.keys.ok", result.stderr
    assert report["documents.vault"]["status"] == "ok"
    assert result.stderr.count("Kiosk data key passphrase:") <= 1


def test_the_doctor_asks_on_the_callers_thread_not_in_a_check(protected, monkeypatch) -> None:
    """A check runs in a thread with a time limit; a person typing must not race it (nor be
    left with a prompt, echo off, when it gives up)."""
    import threading

    from kiosk.doctor import Options, run_checks

    folder, _nik, _reg_no = protected
    monkeypatch.delenv(datakey.PASSPHRASE_ENV, raising=False)
    asked_on: list[threading.Thread] = []

    def prompt(again: bool) -> str:
        asked_on.append(threading.current_thread())
        return PASSPHRASE

    datakey.ask_with(prompt)
    try:
        report = run_checks(folder, Options(skip_devices=True), only=["keys.ring", "disk.space"])
    finally:
        datakey.ask_with(None)
    assert asked_on == [threading.current_thread()]
    codes = {r.id: r.code for r in report.results}
    assert codes["keys.ring"] == "doctor.keys.ok"

    datakey.ask_with(prompt)
    try:  # no check that needs the key: nobody is asked
        run_checks(folder, Options(skip_devices=True), only=["disk.space"])
    finally:
        datakey.ask_with(None)
    assert len(asked_on) == 1


def test_the_apps_unlocked_key_ring_is_checked_without_asking(protected, monkeypatch) -> None:
    """The app's Diagnostics tab hands the doctor the key ring it unlocked at start-up."""
    from kiosk.doctor import Options, run_checks

    folder, _nik, _reg_no = protected
    monkeypatch.delenv(datakey.PASSPHRASE_ENV, raising=False)
    only = ["keys.ring", "documents.vault"]
    report = run_checks(folder, Options(skip_devices=True), only=only)
    alone = {r.id: r.code for r in report.results}
    assert alone["keys.ring"] == "doctor.keys.locked"  # nobody to ask: named, not guessed
    with Store.open(folder, unlock=lambda: PASSPHRASE) as store:
        report = run_checks(folder, Options(skip_devices=True), only=only, keyring=store.keys)
    codes = {r.id: r.code for r in report.results}
    assert codes["keys.ring"] == "doctor.keys.ok"

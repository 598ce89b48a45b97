"""The one logging set-up: files and rotation, the level, the stamps, redaction, crash reports."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import logs
from kiosk.redact import redact, redact_untrusted, safe_traceback

NIK = "6571021234560001"


@pytest.fixture
def logged(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    root = logging.getLogger()
    before = root.level
    yield data_dir
    logs.shutdown()
    root.setLevel(before)


def read_logs(data_dir: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted((data_dir / "logs").glob("*.log*")))


def test_a_line_has_utc_and_local_time_and_no_identifying_number(logged: Path) -> None:
    path = logs.setup(logged, "cli")
    assert path == logged / "logs" / "cli.log"
    logging.getLogger("kiosk.test").info("owner %s phone %s", NIK, "+62 812-3456-7890")
    text = path.read_text("utf-8")
    line = text.splitlines()[-1]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \d\d:\d\d:\d\d[+-]\d{4} INFO ", line)
    assert NIK not in text and "3456" not in text
    assert "owner [16 digits] phone [13 digits]" in line


def test_setup_twice_keeps_one_handler_and_the_level_follows_env_then_setting(
    logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs.setup(logged, "kiosk")
    logs.setup(logged, "kiosk")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "kiosk.logs"]
    assert len(ours) == 1
    assert logging.getLogger().level == logging.INFO
    logs.apply_setting("debug")  # a supervisor raised it in the settings
    assert logging.getLogger().level == logging.DEBUG
    monkeypatch.setenv(logs.LEVEL_ENV, "WARNING")  # the environment wins over the setting
    logs.apply_setting("debug")
    assert logging.getLogger().level == logging.WARNING
    logs.setup(logged, "kiosk")
    assert logging.getLogger().level == logging.WARNING
    logging.getLogger("kiosk.test").info("not written at WARNING")
    assert "not written" not in read_logs(logged)


def test_the_file_rotates_and_keeps_a_bounded_number(
    logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup(logged, "cli")
    for i in range(400):
        logging.getLogger("kiosk.test").warning("line %d of a long run", i)
    files = sorted(p.name for p in path.parent.glob("cli.log*"))
    assert files == ["cli.log", *(f"cli.log.{n}" for n in range(1, logs.BACKUPS + 1))]
    assert all(p.stat().st_size <= 2_200 for p in path.parent.glob("cli.log*"))


def test_tracebacks_carry_no_locals_and_masked_messages(logged: Path) -> None:
    logs.setup(logged, "cli")
    owner_name = "Ani Lestari"  # a local: must never reach the file

    def fails() -> None:
        raise ValueError(f"bad owner {owner_name!r} with NIK {NIK}")

    try:
        fails()
    except ValueError:
        logging.getLogger("kiosk.test").exception("save failed")
    text = read_logs(logged)
    assert "Traceback (most recent call last)" in text and "in fails" in text
    assert "ValueError: bad owner '[11 chars]' with NIK [16 digits]" in text
    assert owner_name not in text and NIK not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NPWP 01.234.567.8-901.000", "NPWP [15 digits]"),
        ("rekening 1234567890", "rekening [10 digits]"),
        ("nik=6571 0212 3456 0001;", "nik=[16 digits];"),
        ("mail ani.lestari@example.co.id", "mail [email]"),
        ("GET /api/v1/to/ani+x@example.co.id/x@y", "GET /api/v1/to/[email]/x@y"),
        ("x@ani@example.com", "x@[email]"),
        ("TNJ1-20261126-0001 saved", "TNJ1-20261126-0001 saved"),  # a registration number stays
        ("crash-20261203-022326.txt", "crash-20261203-022326.txt"),
        ("at 2026-12-03 02:23:26, 120000 rows in 0.123456789 s", None),
        ("port 8443", None),
    ],
)
def test_redact_examples(text: str, expected: str | None) -> None:
    assert redact(text) == (text if expected is None else expected)


@given(
    st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=30),
    st.from_regex(r"[1-9]\d{15}", fullmatch=True),
    st.sampled_from(["", " ", "-", "."]),
    st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=30),
)
def test_a_nik_never_survives_redaction(before: str, nik: str, sep: str, after: str) -> None:
    written = sep.join(nik[i : i + 4] for i in range(0, 16, 4))
    out = redact_untrusted(f"{before} {written} {after}")
    assert nik not in re.sub(r"\D", "", out)


def test_crash_report_is_listed_and_holds_no_personal_data(data_dir: Path) -> None:
    phone = "+6281234567890"

    def boom(phone_number: str) -> None:
        raise KeyError(phone_number)

    try:
        boom(phone)
    except KeyError as exc:
        path = logs.write_crash_report(
            data_dir, exc, program="test", context={"page": "wizard", "wizard step": "owner"}
        )
    assert logs.crash_reports(data_dir) == [path]
    assert re.fullmatch(r"crash-\d{8}-\d{6}\.txt", path.name)
    text = path.read_text("utf-8")
    assert "page: wizard" in text and "wizard step: owner" in text and "kiosk: " in text
    assert "in boom" in text and "KeyError: '[14 chars]'" in text
    assert phone not in text and "81234567890" not in text
    assert safe_traceback(KeyError(phone)).strip() == "KeyError: '[14 chars]'"


def test_the_command_line_follows_the_supervisors_setting_unless_the_environment_says_otherwise(
    logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.cli import main
    from kiosk.store import Store

    with Store.open(logged) as store:
        store.set_setting(logs.LEVEL_SETTING, "DEBUG")
    assert main(["search", "tidak ada"]) == 1  # nothing found; the log is set up all the same
    assert logging.getLogger().level == logging.DEBUG
    assert "INFO kiosk.cli: kiosk search" in (logged / "logs" / "cli.log").read_text("utf-8")
    monkeypatch.setenv(logs.LEVEL_ENV, "error")
    main(["search", "tidak ada"])
    assert logging.getLogger().level == logging.ERROR


def test_a_fresh_folder_log_opens_with_the_schema_line_not_alembic_noise(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "fresh"
    command = [sys.executable, "-m", "kiosk", "search", "x", "--data-dir", str(folder)]
    subprocess.run(command, capture_output=True, check=False)  # a new process imports Alembic
    lines = (folder / "logs" / "cli.log").read_text("utf-8").splitlines()
    assert [line.split(" ", 3)[3] for line in lines][:2] == [
        "kiosk.cli: kiosk search",
        f"kiosk.store.migrate: database schema upgraded from empty to {head()}",
    ]
    assert not any("alembic" in line for line in lines)


def head() -> str:
    from kiosk.store.migrate import head_revision

    return head_revision()


def test_an_exception_given_as_an_argument_is_shown_with_its_quoted_text_masked(
    logged: Path,
) -> None:
    logs.setup(logged, "kiosk")
    error = ValueError("no village called 'Sebengkok Ani Lestari'")
    logging.getLogger("kiosk.test").info("operation failed after its page closed: %r", error)
    logging.getLogger("kiosk.test").warning("reference update ignored: %s", error)
    text = read_logs(logged)
    assert "Ani Lestari" not in text
    assert text.count("ValueError: no village called '[21 chars]'") == 2

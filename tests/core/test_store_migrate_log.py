"""Opening a new data folder logs one line about the schema, not Alembic's INFO chatter."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.store import Store


def test_first_open_logs_one_schema_line_and_no_alembic_info(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the app's log level
    with Store.open(tmp_path / "data"):
        pass
    alembic = [r for r in caplog.records if r.name.startswith("alembic")]
    assert alembic == []
    ours = [r.getMessage() for r in caplog.records if r.name == "kiosk.store.migrate"]
    assert len(ours) == 1 and ours[0].startswith("database schema upgraded from empty to ")
    assert logging.getLogger("alembic").level == logging.NOTSET  # left as it was


def test_a_level_set_on_alembic_is_respected(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="alembic")  # a supervisor debugging a migration
    with Store.open(tmp_path / "data"):
        pass
    assert any(r.name.startswith("alembic") for r in caplog.records)

"""Shared fixtures and the rule for real services.

Qt runs offscreen (set before anything imports Qt). Every test gets a fresh data directory and a
clean environment. A test that needs PostgreSQL, SANE or CUPS calls :func:`require_service`: it
skips when the service is missing on a developer's machine and fails under ``CI=true``.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# The CLI speaks the locale's language (LANG, LC_*) unless KIOSK_LANG says; tests expect the
# default, Indonesian, whatever the machine's locale (a test wanting English sets it itself).
os.environ["KIOSK_LANG"] = "id"

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["tests.cups_output"]  # cups-pdf output of tests marked cups is removed

settings.register_profile(
    "kiosk",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("kiosk")


def require_service(available: bool, what: str) -> None:
    """Skip when ``what`` is missing here; fail instead under CI=true."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required on CI but is not available")
    pytest.skip(f"{what} is not available on this machine")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh kiosk data directory, also exported as KIOSK_DATA_DIR."""
    path = tmp_path / "kiosk-data"
    path.mkdir()
    monkeypatch.setenv("KIOSK_DATA_DIR", str(path))
    return path

"""The export's PDF summary takes any text a registration may hold (markup, control characters,
scripts beyond Latin) without failing, and shows it as text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.central.subject_export import SubjectData
from kiosk.central.subject_pdf import render
from tests.conftest import require_service

NOW = dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)
REQUEST = {
    "kind": "export",
    "requested_at": NOW.isoformat(),
    "deadline_at": (NOW + dt.timedelta(hours=72)).isoformat(),
}


def _data(name: str, business: str) -> SubjectData:
    content = {
        "owner": {"nik": "6471010101900001", "full_name": name, "phone": "+6281234567890"},
        "business": {"name": business},
        "address": {"province_code": "65"},
    }
    registration = {
        "registration_id": "r1", "reg_no": "TRK1-20261203-0001", "kiosk": "TRK1",
        "status": "needs_fix", "verdict_reason": business, "verdict_at": None,
        "created_at": NOW.isoformat(), "documents": [], "audit": [],
        "versions": [{"version": 1, "content": content}],
    }  # fmt: skip
    return SubjectData(nik="6471010101900001", registrations=[registration])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_text_renders(name: str, business: str) -> None:
    pdf = render(_data(name, business), NOW, REQUEST)
    assert pdf.startswith(b"%PDF")


def test_markup_is_shown_as_text_in_the_province_zone(tmp_path: Path) -> None:
    require_service(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    path = tmp_path / "r.pdf"
    path.write_bytes(render(_data("Siti <b>Aminah</b> & Co", '=HYPERLINK("x")'), NOW, REQUEST))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Siti <b>Aminah</b> & Co" in text and "perlu perbaikan" in text
    assert "14.00 WITA" in text  # 06:00 UTC in Kalimantan Utara (65)

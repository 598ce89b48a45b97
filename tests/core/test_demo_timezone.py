"""``kiosk demo-data`` on a fresh folder sets up a demo MPP in Kalimantan Utara: WITA (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk import cli
from kiosk.domain import timezones
from kiosk.store import Store
from tests.core.test_receipts_support import pdf_text


def test_demo_data_on_a_fresh_folder_prints_receipts_in_wita(data_dir: Path, tmp_path: Path):
    assert cli.main(["demo-data", "--count", "3", "--seed", "1", "--drafts", "0",
                     "--data-dir", str(data_dir)]) == 0  # fmt: skip
    with Store.open(data_dir) as store:
        assert store.get_setting("branding.province") == "Kalimantan Utara"
        assert store.get_setting(timezones.SETTING) == "Asia/Makassar"
        reg_no = next(store.iter_registrations()).reg_no
    out = tmp_path / "receipt.pdf"
    assert cli.main(["receipt", "render", reg_no, "-o", str(out), "--layout", "a4",
                     "--data-dir", str(data_dir)]) == 0  # fmt: skip
    text = pdf_text(out.read_bytes())
    assert re.search(r"\d{2}\.\d{2} WITA", text) and "WIB" not in text


def test_demo_data_keeps_a_set_up_kiosks_hall_and_zone(data_dir: Path):
    with Store.open(data_dir) as store:
        store.set_setting("branding.mpp_name", "MPP Kota Batam")
        store.set_setting(timezones.SETTING, "Asia/Jakarta")
    assert cli.main(["demo-data", "--count", "1", "--data-dir", str(data_dir)]) == 0
    with Store.open(data_dir) as store:
        assert store.get_setting("branding.mpp_name") == "MPP Kota Batam"
        assert store.get_setting(timezones.SETTING) == "Asia/Jakarta"

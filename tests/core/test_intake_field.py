"""Field mode's core: the "send receipt later" list and the laptop's battery and disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.errors import UserFacingError
from kiosk.intake.laptop import laptop_status, linux_battery
from kiosk.intake.send_later import mark_sent, save_for_later, to_send
from kiosk.receipts.prints import print_history
from kiosk.store import Store


def test_receipts_saved_to_send_later_are_listed_with_the_phone_until_sent(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(1), staff_id="s")
        draft = store.save_draft(complete_registration(2), staff_id="s")
        with pytest.raises(UserFacingError) as refused:
            save_for_later(store, draft.reg_no, staff_id="s")
        assert refused.value.code == "intake.send.draft"
        item = save_for_later(store, reg.reg_no, staff_id="s")
        assert item.pdf_path.read_bytes().startswith(b"%PDF")
        assert item.pdf_path.stat().st_mode & 0o777 == 0o600
        assert item.phone == reg.owner.phone and item.whatsapp_link.endswith(reg.owner.phone[1:])
        assert [r.outcome for r in print_history(store, reg.id)] == ["saved_pdf"]
        assert [i.reg_no for i in to_send(store)] == [reg.reg_no]
        mark_sent(store, reg.reg_no, staff_id="s")
        assert to_send(store) == []
        [sent] = to_send(store, include_sent=True)
        assert sent.sent_at is not None
        with pytest.raises(UserFacingError):
            mark_sent(store, "NOPE-20261203-0001", staff_id="s")


def _supply(root: Path, name: str, kind: str, capacity: str = "", status: str = "") -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "type").write_text(kind + "\n")
    if capacity:
        (folder / "capacity").write_text(capacity + "\n")
        (folder / "status").write_text(status + "\n")


def test_battery_from_sysfs_and_disk_from_the_data_folder(tmp_path: Path) -> None:
    root = tmp_path / "power_supply"
    _supply(root, "AC", "Mains")
    assert linux_battery(root) is None  # a desktop: no battery
    _supply(root, "BAT0", "Battery", "42", "Discharging")
    battery = linux_battery(root)
    assert battery is not None and (battery.percent, battery.charging) == (42, False)
    assert linux_battery(tmp_path / "missing") is None
    status = laptop_status(tmp_path)
    assert 0 < status.disk_free <= status.disk_total

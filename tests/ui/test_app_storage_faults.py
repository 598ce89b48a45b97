"""A full disk under the wizard: the draft save names it, the form keeps what was typed, and the
save succeeds once space is free. A raw ``OSError`` from any background operation is named too."""

from __future__ import annotations

import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.wizard import Flow
from kiosk.errors import StorageFault
from tests.core.test_storage_faults import fill, mount
from tests.ui.test_wizard_helpers import alt_right, make_ctx, settle

NAME = "Keripik Pisang Ibu Ani"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (as the core's storage-fault tests use)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk))
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def full_store(small_disk: Path) -> Iterator[Any]:
    from kiosk.store import Store
    from ui import operations

    store = Store.open(small_disk / "kiosk")
    yield store
    operations.wait_idle(10_000)
    store.close()


def test_a_full_disk_is_named_in_the_wizard_and_the_typing_stays(
    qtbot: Any,
    full_store: Any,
    small_disk: Path,
    qt_lang: Any,
) -> None:
    from ui.wizard.wizard import WizardPage

    wizard = WizardPage(make_ctx(full_store), flow=Flow.staff())
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.start_new()
    settle(qtbot)
    wizard._current_page().agree.setFocus()
    qtbot.keyClick(wizard._current_page().agree, Qt.Key.Key_Space)
    alt_right(qtbot, wizard)
    settle(qtbot)
    filler = fill(small_disk)
    business = wizard._current_page()
    qtbot.keyClicks(business.name, NAME)
    qtbot.keyClick(business.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    status = wizard.nav.status.text()
    assert "Penyimpanan kios penuh" in status and "Terjadi kesalahan tak terduga" not in status
    assert business.name.text() == NAME and wizard._current_page() is business
    assert all(d.business_name != NAME for d in full_store.list_drafts())

    filler.unlink()
    qtbot.keyClick(business.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert [d.business_name for d in full_store.list_drafts()] == [NAME]


def test_a_raw_os_error_of_an_operation_reaches_the_page_named(qtbot: Any, qapp: Any) -> None:
    from ui import operations

    errors: list[BaseException] = []

    def export_to_a_full_disk() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    operations.run_op(None, export_to_a_full_disk, on_done=lambda _: None, on_error=errors.append)
    operations.wait_idle(10_000)
    assert isinstance(errors[0], StorageFault) and errors[0].kind == "disk_full"
    assert isinstance(errors[0].__cause__, OSError)

"""The receipts tab's thermal printers: set up a network printer, test-print it on a real loopback
socket, save it where receipt printing reads it; a bad entry shows the core's message."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.receipts import escpos_setup, service
from tests.core.escpos_fakes import tcp_printer
from tests.ui.helpers import assert_accessible, assert_catalogue_complete, settle


@pytest.fixture
def tab(qtbot: Any, store: Any, supervisor: Any, qt_lang: Any) -> Any:
    from ui.context import AppContext
    from ui.settings.receipts import PrintSettings

    ctx = AppContext(store, lang="id")
    ctx.set_user(supervisor)
    widget = PrintSettings(ctx)
    widget.ctx_keep = ctx
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    widget.refresh()
    settle(qtbot)
    return widget


def _network(thermal: Any, name: str, host: str, port: int) -> None:
    thermal.name.setText(name)
    thermal.connection.setCurrentIndex(2)  # network
    thermal.host.setText(host)
    thermal.port.setValue(port)
    thermal.profile.setCurrentText("TM-T20II")


def test_network_printer_test_print_and_save(tab: Any, qtbot: Any, store: Any) -> None:
    thermal = tab.thermal
    assert thermal.pages.currentIndex() == thermal.connection.currentIndex()
    assert_accessible(thermal)
    with tcp_printer() as (printer, port):
        _network(thermal, "Meja 1", "127.0.0.1", port)
        assert thermal.description() == f"tcp:127.0.0.1:{port}"
        thermal.test_button.click()
        qtbot.waitUntil(lambda: thermal.test_button.isEnabled(), timeout=20_000)
        settle(qtbot)
    assert "pencetak melaporkan siap" in thermal.message.text()  # it answered: ready
    assert b"Tes pencetak struk" in printer.printed and b"\x1dV" in printer.printed

    thermal.save_button.click()
    settle(qtbot)
    (config,) = service.escpos_printers(store)  # what receipt printing reads
    assert (config.name, config.connection, config.profile) == ("Meja 1", "network", "TM-T20II")
    assert config.options == {"host": "127.0.0.1", "port": port}
    assert escpos_setup.resolve(store, "Meja 1") == config  # kiosk receipt print --escpos "Meja 1"
    assert thermal.printers.count() == 1 and "Meja 1" in thermal.printers.item(0).text()


def test_a_listed_printer_loads_into_the_form_and_can_be_removed(
    tab: Any, qtbot: Any, store: Any
) -> None:
    escpos_setup.save_printer(store, escpos_setup.resolve(store, "serial:COM3:19200"))
    tab.refresh()
    settle(qtbot)
    thermal = tab.thermal
    thermal.printers.setCurrentRow(0)
    assert thermal.connection.currentIndex() == 1 and thermal.pages.currentIndex() == 1
    assert (thermal.serial_port.currentText(), thermal.baud.currentText()) == ("COM3", "19200")
    assert thermal.description() == "serial:COM3:19200"
    thermal.remove_button.click()
    settle(qtbot)
    assert service.escpos_printers(store) == [] and thermal.printers.count() == 0


def test_a_bad_entry_shows_the_accepted_forms_and_saves_nothing(
    tab: Any, qtbot: Any, store: Any
) -> None:
    thermal = tab.thermal
    thermal.name.setText("Meja 2")
    thermal.connection.setCurrentIndex(0)  # USB
    thermal.usb_ids.setText("zz:12")
    thermal.save_button.click()
    settle(qtbot)
    assert thermal.message.isVisible()
    assert (
        "usb:VID:PID" in thermal.message.text() and "Bentuk yang diterima" in thermal.message.text()
    )
    assert service.escpos_printers(store) == []


def test_the_receipts_catalogue_has_every_thermal_printer_string() -> None:
    assert_catalogue_complete("receipts")

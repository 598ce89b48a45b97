"""The thermal (ESC/POS) printers of the receipts tab: USB, serial or network, with a test print.

What it writes is the list receipt printing reads (``receipts.escpos_printers``, through
:mod:`kiosk.receipts.escpos_setup`), and every printer is built from the same one-line description
``kiosk receipt print --escpos`` accepts (``usb:VID:PID``, ``serial:PORT:BAUD``,
``tcp:HOST:PORT``; :mod:`kiosk.receipts.escpos_desc`): the form only composes that line, so the
app and the CLI cannot disagree about what a printer is, and a bad entry gets the core's
bilingual message. USB devices are listed by vendor and product id where pyusb can see them (a
known receipt printer first); ids can also be typed. Listing devices and the test print run off
the GUI thread (a printer that does not answer must not freeze the desk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import UserFacingError
from kiosk.receipts import escpos_desc, escpos_setup
from kiosk.receipts.escpos_out import EscposConfig
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_error,
)
from ui.widgets.forms import show_message as show_text

if TYPE_CHECKING:
    from kiosk.receipts.escpos_usb import UsbDevice
    from ui.context import AppContext

CONNECTIONS = ("usb", "serial", "network")


def _profiles() -> list[str]:
    from escpos.capabilities import CAPABILITIES  # python-escpos's printer database

    names = [str(name) for name in CAPABILITIES["profiles"]]
    return sorted(names, key=lambda name: (name != "default", name.casefold()))


def _found_devices() -> tuple[list[UsbDevice], str, list[str]]:
    """USB printers, why USB cannot be listed ("" if it can), and the serial ports."""
    from serial.tools import list_ports

    from kiosk.receipts.escpos_usb import usb_listing_problem, usb_printers

    ports = sorted(port.device for port in list_ports.comports())
    return usb_printers(), usb_listing_problem(), ports


class ThermalPrinters(QGroupBox):
    """Thermal printers: list, edit, test, save, remove. Signals: none (saves itself)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("thermalPrinters")
        self.printers = QListWidget(self)
        self.printers.setObjectName("thermalPrinterList")
        self.printers.currentItemChanged.connect(self._load)
        self.name = line_edit("thermalName", parent=self)
        self.connection = QComboBox(self)
        self.connection.setObjectName("thermalConnection")
        self.connection.addItems(["", "", ""])
        self.usb_device = QComboBox(self)
        self.usb_device.setObjectName("thermalUsbDevice")
        self.usb_ids = line_edit("thermalUsbIds", parent=self)
        self.usb_ids.setPlaceholderText("04b8:0e15")
        self.serial_port = QComboBox(self)
        self.serial_port.setObjectName("thermalSerialPort")
        self.serial_port.setEditable(True)
        self.baud = QComboBox(self)
        self.baud.setObjectName("thermalBaud")
        self.baud.addItems([str(rate) for rate in escpos_desc.BAUD_RATES])
        self.baud.setCurrentText(str(escpos_desc.DEFAULT_BAUD))
        self.host = line_edit("thermalHost", parent=self)
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox(self)
        self.port.setObjectName("thermalPort")
        self.port.setRange(1, 65535)
        self.port.setValue(escpos_desc.DEFAULT_TCP_PORT)
        self.profile = QComboBox(self)
        self.profile.setObjectName("thermalProfile")
        self.profile.addItems(_profiles())

        self.pages = QStackedWidget(self)
        self.labels: dict[str, QLabel] = {}
        for widgets in ((self.usb_device, self.usb_ids), (self.serial_port, self.baud),
                        (self.host, self.port)):  # fmt: skip
            page = QWidget(self.pages)
            page_form = QFormLayout(page)
            page_form.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                widget.setParent(page)
                self.labels[widget.objectName()] = add_row(page_form, widget)
            self.pages.addWidget(page)
        self.connection.currentIndexChanged.connect(self.pages.setCurrentIndex)

        form = QFormLayout()
        self.labels["thermalName"] = add_row(form, self.name)
        self.labels["thermalConnection"] = add_row(form, self.connection)
        form.addRow(self.pages)
        self.labels["thermalProfile"] = add_row(form, self.profile)
        self.test_button = button("thermalTest", parent=self)
        self.test_button.clicked.connect(self._test)
        self.save_button = button("thermalSave", primary=True, parent=self)
        self.save_button.clicked.connect(self._save)
        self.remove_button = button("thermalRemove", parent=self)
        self.remove_button.clicked.connect(self._remove)
        self.rescan_button = button("thermalRescan", parent=self)
        self.rescan_button.clicked.connect(self._list_devices)
        self.message = message_label("thermalMessage", self)
        actions = QHBoxLayout()
        for action in (self.test_button, self.save_button, self.remove_button, self.rescan_button):
            actions.addWidget(action)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.printers)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.retranslate()

    # reading and writing the store ------------------------------------------------------------

    def refresh(self) -> None:
        if not self.ctx.has_store:
            return
        self.printers.clear()
        for config in escpos_setup.configured(self.ctx.store):
            item = QListWidgetItem(f"{config.name} — {escpos_desc.describe(config)}")
            item.setData(Qt.ItemDataRole.UserRole, config.name)
            self.printers.addItem(item)
        self._list_devices()

    def _list_devices(self) -> None:
        run_op(self, _found_devices, on_done=self._show_devices, on_error=self._failed)

    def _show_devices(self, found: tuple[list[UsbDevice], str, list[str]]) -> None:
        devices, problem, ports = found
        self.usb_device.clear()
        for device in devices:
            self.usb_device.addItem(device.label, device.description)
        if problem:
            text = self.tr("USB devices cannot be listed here (%1); type the printer's ids.")
            show_text(self.message, text.replace("%1", problem), "warning")
        typed = self.serial_port.currentText()
        self.serial_port.clear()
        self.serial_port.addItems(ports)
        self.serial_port.setCurrentText(typed or (ports[0] if ports else ""))

    def _load(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        config = next((c for c in escpos_setup.configured(self.ctx.store) if c.name == name), None)
        if config is None:
            return
        self.name.setText(config.name)
        self.profile.setCurrentText(config.profile)
        if config.connection in CONNECTIONS:
            self.connection.setCurrentIndex(CONNECTIONS.index(config.connection))
        description = escpos_desc.describe(config)
        if config.connection == "usb":
            self.usb_ids.setText(description.removeprefix("usb:"))
        elif config.connection == "serial":
            self.serial_port.setCurrentText(str(config.options.get("devfile", "")))
            self.baud.setCurrentText(str(config.options.get("baudrate", escpos_desc.DEFAULT_BAUD)))
        elif config.connection == "network":
            self.host.setText(str(config.options.get("host", "")))
            self.port.setValue(int(config.options.get("port", escpos_desc.DEFAULT_TCP_PORT)))

    # the form -------------------------------------------------------------------------------

    def description(self) -> str:
        """The form as a description line (what ``--escpos`` would be given)."""
        kind = CONNECTIONS[self.connection.currentIndex()]
        if kind == "usb":
            typed = self.usb_ids.text().strip()
            chosen = self.usb_device.currentData()
            return f"usb:{typed}" if typed else str(chosen or "usb:?")
        if kind == "serial":
            return f"serial:{self.serial_port.currentText().strip()}:{self.baud.currentText()}"
        host = self.host.text().strip()
        return f"tcp:{f'[{host}]' if ':' in host else host}:{self.port.value()}"

    def config(self) -> EscposConfig:
        return escpos_desc.parse(
            self.description(), name=self.name.text().strip(), profile=self.profile.currentText()
        )

    def _test(self) -> None:
        try:
            config = self.config()
        except UserFacingError as exc:
            self._failed(exc)
            return
        self.test_button.setEnabled(False)
        show_text(self.message, self.tr("Printing a test page…"), "info")
        lang = self.ctx.lang
        run_op(
            self,
            lambda: escpos_setup.test_print(config, lang=lang),
            on_done=self._tested,
            on_error=self._failed,
        )

    def _tested(self, status: str) -> None:
        self.test_button.setEnabled(True)
        if status == "ok":
            text = self.tr("Test page sent; the printer reports it is ready.")
        else:
            text = self.tr("Test page sent. Check that it came out of the printer.")
        show_text(self.message, text, "ok")

    def _save(self) -> None:
        try:
            escpos_setup.save_printer(self.ctx.store, self.config())
        except UserFacingError as exc:
            self._failed(exc)
            return
        self.refresh()
        show_text(self.message, self.tr("Saved."), "ok")

    def _remove(self) -> None:
        item = self.printers.currentItem()
        if item is None:
            return
        escpos_setup.remove_printer(self.ctx.store, str(item.data(Qt.ItemDataRole.UserRole)))
        self.refresh()
        show_text(self.message, self.tr("Removed."), "ok")

    def _failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        show_error(self.message, self.ctx, exc)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Thermal receipt printers (ESC/POS)"))
        self.printers.setAccessibleName(self.tr("Thermal receipt printers"))
        for index, text in enumerate((self.tr("USB"), self.tr("Serial port"), self.tr("Network"))):
            self.connection.setItemText(index, text)
        for name, text in (
            ("thermalName", self.tr("&Name")),
            ("thermalConnection", self.tr("&Connection")),
            ("thermalUsbDevice", self.tr("USB &device")),
            ("thermalUsbIds", self.tr("or &ids (vendor:product)")),
            ("thermalSerialPort", self.tr("Serial &port")),
            ("thermalBaud", self.tr("&Baud rate")),
            ("thermalHost", self.tr("&Host or IP address")),
            ("thermalPort", self.tr("P&ort")),
            ("thermalProfile", self.tr("Printer &model")),
        ):
            set_label(self.labels[name], text)
        set_button(self.test_button, self.tr("&Test print"))
        set_button(self.save_button, self.tr("Save &printer"))
        set_button(self.remove_button, self.tr("&Remove"))
        set_button(self.rescan_button, self.tr("&Look for devices"))

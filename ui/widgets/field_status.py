"""Field mode's status box on the home page: battery, disk space, and the receipts to send later.

Shown only in field mode (``kiosk app --field``). The battery and the data folder's free space
come from the core (:func:`kiosk.intake.laptop.laptop_status`), read off the GUI thread when the
page is shown and every minute; a battery under 20 % or less than 2 GB free is shown as a warning
(a day of scanning needs room). "Receipts to send…" opens the list of receipt PDFs saved for the
owners (:class:`ui.widgets.field_receipts.ReceiptsToSendDialog`), with how many wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ui import theme
from ui.operations import run_op
from ui.widgets.forms import button, set_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.intake.laptop import LaptopStatus
    from ui.context import AppContext

LOW_BATTERY = 20  # percent
LOW_DISK = 2 * 1024**3  # bytes
REFRESH_MS = 60_000


def gigabytes(size: int, lang: str) -> str:
    """``12,3 GB`` (Indonesian decimal comma) or ``12.3 GB``."""
    text = f"{size / 1024**3:.1f}"
    return (text.replace(".", ",") if lang == "id" else text) + " GB"


@dataclass(frozen=True)
class FieldView:
    laptop: LaptopStatus
    waiting: int  # receipts still to send


def read_field(ctx: AppContext) -> FieldView:
    from kiosk.intake.laptop import laptop_status
    from kiosk.intake.send_later import to_send

    return FieldView(laptop_status(ctx.store.paths.root), len(to_send(ctx.store)))


class FieldStatusBox(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("fieldStatus")
        self._view: FieldView | None = None
        self.battery = QLabel(self)
        self.battery.setObjectName("fieldBattery")
        self.disk = QLabel(self)
        self.disk.setObjectName("fieldDisk")
        for label in (self.battery, self.disk):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.receipts = button("fieldReceiptsToSend", parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.battery)
        layout.addWidget(self.disk)
        layout.addWidget(self.receipts)
        self.receipts.clicked.connect(self._open_receipts)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def refresh(self) -> None:
        if not self.ctx.has_store or self.ctx.user is None or not self.isVisible():
            return
        run_op(self, lambda: read_field(self.ctx), on_done=self._show, on_error=lambda _e: None)

    def _show(self, view: FieldView) -> None:
        self._view = view
        self.retranslate()

    def retranslate(self) -> None:
        view, lang = self._view, self.ctx.lang
        set_button(
            self.receipts, self.tr("&Receipts to send: {n}…").format(n=view.waiting if view else 0)
        )
        if view is None:
            self.battery.setText(self.tr("Battery: …"))
            self.disk.setText(self.tr("Free disk space: …"))
            return
        battery = view.laptop.battery
        if battery is None:
            self.battery.setText(self.tr("Battery: none (on mains power)"))
            low = False
        else:
            state = {True: self.tr("charging"), False: self.tr("on battery"), None: ""}[
                battery.charging
            ]
            text = self.tr("Battery: {percent} %").format(percent=battery.percent)
            self.battery.setText(f"{text} ({state})" if state else text)
            low = battery.percent < LOW_BATTERY and battery.charging is not True
        theme.set_role(self.battery, severity="warning" if low else "")
        self.disk.setText(
            self.tr("Free disk space: {free} of {total}").format(
                free=gigabytes(view.laptop.disk_free, lang),
                total=gigabytes(view.laptop.disk_total, lang),
            )
        )
        theme.set_role(self.disk, severity="warning" if view.laptop.disk_free < LOW_DISK else "")

    def _open_receipts(self) -> None:
        from ui.widgets.field_receipts import ReceiptsToSendDialog

        dialog = ReceiptsToSendDialog(self.ctx, self)
        dialog.exec()
        self.refresh()

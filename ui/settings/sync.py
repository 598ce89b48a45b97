"""The "Sync" tab of the settings page: this kiosk's link to the central, and enrolment.

A supervisor enters the central's address and the one-time code an administrator created there,
or pastes the console's enrolment link (address and code in one text) into either field, or shows
the console's QR code to the camera ("Scan QR code"): the scanned link fills both fields and the
enrolment starts at once, so a new kiosk is enrolled in a minute without typing.
:func:`kiosk.sync.enrol.enroll` and the QR reading (sync part) run off the GUI thread. The tab
shows whether the kiosk is enrolled, its kiosk code and central address (never the device token).
A tab of
:mod:`ui.settings.page` (key ``sync``, supervisors only).
"""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.operations import run_op
from ui.settings.tab import SettingsTab
from ui.widgets.field_bundle import BundleBox
from ui.widgets.forms import (
    add_row,
    button,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from kiosk.protocol import EnrolmentLink
    from kiosk.sync.service import SyncStatus
    from kiosk.sync.state import Credentials
    from ui.context import AppContext


def tab_title() -> str:
    return QCoreApplication.translate("SyncSettings", "Sync")


class SyncSettings(SettingsTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncSettings")
        self._status: SyncStatus | None = None
        self._pinned: tuple[str, str] | None = None  # (address, TLS pin) of the last link read
        self.state = theme.set_role(QLabel(self), role="subtitle")
        self.state.setObjectName("syncSettingsState")
        self.state.setWordWrap(True)
        self.hint = theme.set_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.url = line_edit("syncUrl", parent=self)
        self.code = line_edit("syncCode", parent=self)
        self.kiosk_name = line_edit("syncKioskName", parent=self)
        self.kiosk_name.setText(platform.node()[:100])
        self.enroll = button("syncEnroll", primary=True, parent=self)
        self.scan = button("syncScanQr", parent=self)
        self.message = message_label("syncSettingsMessage", self)
        self.bundle = BundleBox(ctx, self)  # carry by file when there is no network (issue 14.3)
        form = QFormLayout()
        self.labels = [add_row(form, w) for w in (self.url, self.code, self.kiosk_name)]
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.scan)
        row.addWidget(self.enroll)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(self.bundle)
        layout.addStretch(1)
        for first, second in ((self.url, self.code), (self.code, self.kiosk_name)):
            self.setTabOrder(first, second)
        self.setTabOrder(self.kiosk_name, self.scan)
        self.setTabOrder(self.scan, self.enroll)
        self.setTabOrder(self.enroll, self.bundle.split)
        self.enroll.clicked.connect(self.start_enrolment)
        self.scan.clicked.connect(self.open_camera)
        for field in (self.url, self.code):
            field.textChanged.connect(self._split_link)
        self.retranslate()

    def refresh(self) -> None:
        store = self.ctx.store

        def read() -> SyncStatus:
            from kiosk.sync.service import SyncService

            return SyncService(store).status()

        run_op(self, read, on_done=self._show, on_error=lambda _e: self._show(None))
        self.bundle.refresh()

    def _show(self, status: SyncStatus | None) -> None:
        self._status = status
        if status is None:
            self.state.setText(self.tr("Sync is not available in this installation."))
        elif status.enrolled:
            self.state.setText(
                self.tr("Enrolled: kiosk code {code} at {url}").format(
                    code=status.kiosk_code, url=status.central_url
                )
            )
            if not self.url.text():
                self.url.setText(status.central_url)
        else:
            self.state.setText(self.tr("This kiosk is not enrolled with a central server yet."))

    def _split_link(self, text: str) -> bool:
        """A pasted enrolment link goes into both fields (address and code); its pin is kept
        for that address."""
        from kiosk.protocol import read_enrolment_link

        link = read_enrolment_link(text)
        if link is None:
            return False
        self._fill(link)
        return True

    def _fill(self, link: EnrolmentLink) -> None:
        self._pinned = (link.url, link.pin) if link.pin else None
        self.url.setText(link.url)
        self.code.setText(link.code)

    def _pin_for(self, url: str) -> str | None:
        """The pin of the link read for ``url`` (None once another address is typed)."""
        if self._pinned is None or self._pinned[0] != url.strip().rstrip("/"):
            return None
        return self._pinned[1]

    def open_camera(self) -> None:
        from ui.camera import CameraDialog

        dialog = CameraDialog(self)
        dialog.setWindowTitle(self.tr("Scan the enrolment QR code"))
        dialog.captured.connect(self.read_qr)
        self.camera_dialog = dialog
        dialog.open()

    def read_qr(self, still: object) -> None:
        """A camera still (RGB array): read the console's QR code, fill the fields and enrol."""
        import numpy as np

        from kiosk.sync.enrol import read_enrolment_qr_link

        image = np.asarray(still, dtype=np.uint8)

        def read() -> EnrolmentLink:
            return read_enrolment_qr_link(image)

        run_op(self, read, on_done=self._scanned, on_error=self._failed)

    def _scanned(self, link: EnrolmentLink) -> None:
        self._fill(link)
        self.start_enrolment()

    def start_enrolment(self) -> None:
        store, url, code = self.ctx.store, self.url.text(), self.code.text().strip()
        name = self.kiosk_name.text().strip() or None
        pin = self._pin_for(url)
        if not url.strip() or not code:
            show_message(self.message, self.tr("Enter the central's address and the code."))
            return

        def enrol() -> Credentials:
            from kiosk.sync.enrol import enroll

            return enroll(store, url, code, kiosk_name=name, pin=pin)

        self.enroll.setEnabled(False)
        run_op(self, enrol, on_done=self._enrolled, on_error=self._failed, progress=True)

    def _enrolled(self, creds: Credentials) -> None:
        self.enroll.setEnabled(True)
        self.code.clear()
        text = self.tr("Enrolled as {code} ({mpp}).").format(code=creds.kiosk_code, mpp=creds.mpp)
        show_message(self.message, text, "ok")
        self.refresh()
        if self.ctx.sync is not None:
            self.ctx.sync.sync_now(self)

    def _failed(self, exc: BaseException) -> None:
        self.enroll.setEnabled(True)
        show_error(self.message, self.ctx, exc)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Ask the MPP supervisor for a one-time enrolment code from the central's "
                "console: scan its QR code with the camera, or paste or type the address and "
                "the code. Registrations wait on this kiosk until it is enrolled and online; "
                "nothing is lost meanwhile."
            )
        )
        set_label(self.labels[0], self.tr("Central server &address"))
        set_label(self.labels[1], self.tr("Enrolment &code"))
        set_label(self.labels[2], self.tr("&Name of this kiosk"))
        set_button(self.enroll, self.tr("&Enrol this kiosk"))
        set_button(
            self.scan,
            self.tr("&Scan QR code"),
            self.tr("Show the QR code from the central's console to the camera"),
        )
        if self._status is not None or self.state.text():
            self._show(self._status)
        self.bundle.retranslate()

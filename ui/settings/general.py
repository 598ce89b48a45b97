"""The "General" tab of the settings page: language, hall name and logo, time zone, idle periods.

Language is for everyone and applies at once (no restart). Hall name, province, time zone, logo
and idle periods are for supervisors; they are saved together with the Save button and recorded
in the audit log. Idle limits are clamped by :func:`kiosk.staff.accounts.save_idle_settings`.

The province is picked from the reference list; choosing another one moves the time zone to that
province's (WIB, WITA or WIT, :mod:`kiosk.domain.timezones`), and the supervisor may then choose
another zone (a hall near a zone border, a laptop travelling to an outreach event). The zone is in
use at once after Save: every time on screen, on receipts and in exports.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import timezones
from kiosk.staff import accounts, audit
from ui.operations import run_op
from ui.settings.tab import SettingsTab
from ui.widgets.forms import (
    add_row,
    button,
    error_text,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_message,
)
from ui.widgets.province_picker import ProvincePicker

if TYPE_CHECKING:
    from kiosk.store import Store
    from ui.context import AppContext

LOGO_MAX_PX = 256


def spin(name: str, low: int, high: int, step: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(low, high)
    box.setSingleStep(step)
    return box


def store_logo(store: Store, source: Path) -> str:
    """Scale ``source`` to at most 256 px, write it durably as PNG; returns the file name."""
    from kiosk.fsutil import atomic_write_bytes

    image = QImage(str(source))
    if image.isNull():
        raise ValueError("not an image")
    if max(image.width(), image.height()) > LOGO_MAX_PX:
        image = image.scaled(
            LOGO_MAX_PX,
            LOGO_MAX_PX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stub says bytes; PySide6 wants str
    buffer.close()
    png = bytes(data.data())
    atomic_write_bytes(Path(store.paths.root) / "branding" / "logo.png", png, mode=0o644)
    return "logo.png"


class GeneralSettings(SettingsTab):
    """Signals: saved(): hall name, logo or idle periods changed."""

    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("generalSettings")
        self._logo_source: Path | None = None
        self._logo_cleared = False
        self.language = QComboBox(self)
        self.language.setObjectName("settingsLanguage")
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.hall_box = QGroupBox(self)
        self.mpp_name = line_edit("settingsMppName", parent=self.hall_box)
        self.province = ProvincePicker("settingsProvince", self.hall_box)
        self.zone = QComboBox(self.hall_box)
        self.zone.setObjectName("settingsTimeZone")
        for zone, (label, hours) in timezones.ZONES.items():
            self.zone.addItem(f"{label} (UTC+{hours})", zone)
        self.logo_preview = QLabel(self.hall_box)
        self.logo_preview.setObjectName("settingsLogoPreview")
        self.logo_preview.setFixedSize(96, 96)
        self.logo_choose = button("settingsLogoChoose", parent=self.hall_box)
        self.logo_clear = button("settingsLogoClear", parent=self.hall_box)
        self.idle_lock = spin("settingsIdleLock", 30, 3600, 30, self.hall_box)
        self.kiosk_warn = spin("settingsKioskWarn", 30, 1800, 30, self.hall_box)
        self.kiosk_countdown = spin("settingsKioskCountdown", 5, 120, 5, self.hall_box)
        self.save = button("settingsSave", primary=True, parent=self)
        self.message = message_label("settingsMessage", self)

        top = QFormLayout()
        self.language_label = add_row(top, self.language)
        hall = QFormLayout(self.hall_box)
        self.hall_labels = [add_row(hall, w) for w in (self.mpp_name, self.province, self.zone)]
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.logo_choose)
        logo_row.addWidget(self.logo_clear)
        logo_row.addStretch(1)
        self.logo_label = QLabel(self.hall_box)
        hall.addRow(self.logo_label, logo_row)
        self.idle_labels = [
            add_row(hall, w) for w in (self.idle_lock, self.kiosk_warn, self.kiosk_countdown)
        ]
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hall_box)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        layout.addLayout(row)
        layout.addStretch(1)

        editable = ctx.is_supervisor
        self.hall_box.setVisible(editable)
        self.save.setVisible(editable)
        chain = [self.language, self.mpp_name, self.province, self.zone]
        chain += [self.logo_choose, self.logo_clear]
        chain += [self.idle_lock, self.kiosk_warn, self.kiosk_countdown, self.save]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.language.activated.connect(self._language_chosen)
        self.logo_choose.clicked.connect(self._choose_logo)
        self.logo_clear.clicked.connect(self._clear_logo)
        self.save.clicked.connect(self.apply)
        self.province.currentTextChanged.connect(self._province_changed)
        self.retranslate()

    def refresh(self) -> None:
        from ui.settings.branding import logo_path

        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.lang)))
        store = self.ctx.store
        self.mpp_name.setText(str(store.get_setting("branding.mpp_name", "") or ""))
        self.province.blockSignals(True)  # the stored zone stays, even if it was overridden
        if not self.province.select(str(store.get_setting("branding.province", "") or "")):
            self.province.setCurrentIndex(-1)
            self.province.setEditText("")
        self.province.blockSignals(False)
        self.zone.setCurrentIndex(max(0, self.zone.findData(timezones.store_zone(store))))
        idle = accounts.idle_settings(store)
        self.idle_lock.setValue(idle.lock_after_s)
        self.kiosk_warn.setValue(idle.kiosk_warn_s)
        self.kiosk_countdown.setValue(idle.kiosk_countdown_s)
        self._logo_source, self._logo_cleared = None, False
        self._preview(logo_path(store))

    def _preview(self, path: Path | None) -> None:
        pixmap = QPixmap(str(path)) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
        else:
            self.logo_preview.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio))

    def _province_changed(self, _text: str) -> None:
        zone = self.province.zone()
        if zone:  # another province: its zone, which the supervisor may still change
            self.zone.setCurrentIndex(max(0, self.zone.findData(zone)))

    def _language_chosen(self, _index: int) -> None:
        lang = self.language.currentData()
        self.ctx.set_language(lang)
        self.ctx.store.set_setting("ui.language", lang)

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a logo"), "", self.tr("Images (*.png *.jpg *.jpeg *.svg)")
        )
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, path: Path) -> None:
        """Use ``path`` as the logo when Save is pressed (the file dialog calls this)."""
        self._logo_source, self._logo_cleared = path, False
        self._preview(path)

    def _clear_logo(self) -> None:
        self._logo_source, self._logo_cleared = None, True
        self._preview(None)

    def apply(self) -> None:
        store, actor = self.ctx.store, self.ctx.user.username if self.ctx.user else "?"
        mpp = self.mpp_name.text().strip()
        province = self.province.province() or self.province.currentText().strip()
        zone = str(self.zone.currentData())
        logo_source, logo_cleared = self._logo_source, self._logo_cleared
        idle = accounts.IdleSettings(
            self.idle_lock.value(), self.kiosk_warn.value(), self.kiosk_countdown.value()
        )

        def save() -> None:
            store.set_setting("branding.mpp_name", mpp)
            store.set_setting("branding.province", province)
            if zone != timezones.store_zone(store):
                store.set_setting(timezones.SETTING, zone)
                audit.log(store, actor, "settings.timezone_changed", "", {"zone": zone})
            timezones.use_store_zone(store)
            if logo_source is not None:
                store.set_setting("branding.logo", store_logo(store, logo_source))
            elif logo_cleared:
                store.set_setting("branding.logo", "")
            accounts.save_idle_settings(store, idle, actor=actor)
            audit.log(store, actor, "settings.branding_changed", "", {"mpp_name": mpp})

        def done(_result: None) -> None:
            show_message(self.message, self.tr("Settings saved."), "ok")
            self.refresh()
            self.saved.emit()

        run_op(
            self,
            save,
            on_done=done,
            on_error=lambda exc: show_message(self.message, self._error(exc)),
        )

    def _error(self, exc: BaseException) -> str:
        if isinstance(exc, ValueError) and str(exc) == "not an image":
            return self.tr("The chosen file is not an image the kiosk can read.")
        return error_text(self.ctx, exc)

    def retranslate(self) -> None:
        set_label(self.language_label, self.tr("&Language"))
        self.hall_box.setTitle(self.tr("Service hall and security (supervisors)"))
        set_label(self.hall_labels[0], self.tr("Service hall (&MPP) name"))
        set_label(self.hall_labels[1], self.tr("P&rovince"))
        set_label(self.hall_labels[2], self.tr("&Time zone (times on screen, receipts, exports)"))
        self.logo_label.setText(self.tr("Logo"))
        set_button(self.logo_choose, self.tr("C&hoose logo…"))
        set_button(self.logo_clear, self.tr("Remove logo"))
        seconds = self.tr(" s")
        for box in (self.idle_lock, self.kiosk_warn, self.kiosk_countdown):
            box.setSuffix(seconds)
        set_label(self.idle_labels[0], self.tr("Lock the screen after &idle time"))
        set_label(self.idle_labels[1], self.tr("Self-service: &warn after idle time"))
        set_label(
            self.idle_labels[2], self.tr("Self-service: clear the form after a &countdown of")
        )
        set_button(self.save, self.tr("&Save"))

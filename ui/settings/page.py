"""Settings: language (everyone); hall name, logo, idle periods and staff (supervisors only);
then the tabs of :func:`sections`: documents (everyone), receipts and sync (supervisors).

Every tab is a :class:`ui.settings.tab.SettingsTab`: a widget that saves its own values, with
``retranslate()`` (called on language change) and ``refresh()`` (called when the page is shown).
The tabs after General and Staff are listed in :func:`sections`, in their order on the page; their
modules are imported when the settings page is first built, not at start-up (the receipts tab
pulls in Qt's print support, the documents tab the scan presets).

Branding lives in settings: ``branding.mpp_name``, ``branding.province``, ``branding.logo`` (a
file name inside ``<data dir>/branding``; the chosen image is scaled to at most 256 px and written
as PNG, durably, before the setting points to it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import theme
from ui.settings.general import GeneralSettings
from ui.settings.staff import StaffPage
from ui.settings.tab import SettingsTab
from ui.widgets.forms import button, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class Section(NamedTuple):
    key: str
    title: Callable[[], str]  # called on every retranslate, so it can use a tr() of its own
    factory: Callable[[AppContext, QWidget], SettingsTab]
    supervisor_only: bool = True


def sections() -> list[Section]:
    """The tabs after General and Staff, in their order on the page."""
    from ui.settings import backup, diagnostics, documents, receipts, sync

    return [
        Section(
            "documents", documents.tab_title, documents.DocumentSettings, supervisor_only=False
        ),
        Section("receipts", receipts.tab_title, receipts.PrintSettings),
        Section("sync", sync.tab_title, sync.SyncSettings),
        Section("backup", backup.tab_title, backup.BackupSettings),
        Section("diagnostics", diagnostics.tab_title, diagnostics.DiagnosticsSettings),
    ]


class SettingsPage(QWidget):
    """Signals: back_requested(); settings_saved(): branding or idle periods changed."""

    back_requested = Signal()
    settings_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsPage")
        self.title = theme.set_role(QLabel(self), role="title")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.general = GeneralSettings(ctx, self.tabs)
        self.general.saved.connect(self.settings_saved)
        self.tabs.addTab(self.general, "")
        self.staff: StaffPage | None = None
        self.sections: list[tuple[Section, SettingsTab]] = []
        if ctx.is_supervisor:
            self.staff = StaffPage(ctx, self.tabs)
            self.tabs.addTab(self.staff, "")
        for section in sections():
            if section.supervisor_only and not ctx.is_supervisor:
                continue
            tab = section.factory(ctx, self.tabs)
            self.sections.append((section, tab))
            self.tabs.addTab(tab, "")
        self.back = button("settingsBack", parent=self)
        self.back.clicked.connect(self.back_requested)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.back, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def refresh(self) -> None:
        self.general.refresh()
        if self.staff is not None:
            self.staff.refresh()
        for _section, tab in self.sections:
            tab.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Settings"))
        set_button(self.back, self.tr("&Back"))
        self.tabs.setTabText(0, self.tr("General"))
        self.general.retranslate()
        index = 1
        if self.staff is not None:
            self.tabs.setTabText(index, self.tr("Staff accounts"))
            self.staff.retranslate()
            index += 1
        for section, tab in self.sections:
            self.tabs.setTabText(index, section.title())
            tab.retranslate()
            index += 1

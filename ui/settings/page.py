"""Settings: language (everyone); hall name, logo, idle periods and staff (supervisors only);
and the sections other parts plug in (documents, receipts, sync).

Plug-in sections: a module calls :func:`register_section` at import time. The page imports the
modules named in :data:`SECTION_MODULES` when it is built (a missing one is skipped), so the
documents and receipts parts add their settings without touching this file. A section factory is
``factory(ctx, parent) -> QWidget``; the widget saves its own values and may have ``retranslate()``
(called on language change) and ``refresh()`` (called when the page is shown).

Branding lives in settings: ``branding.mpp_name``, ``branding.province``, ``branding.logo`` (a
file name inside ``<data dir>/branding``; the chosen image is scaled to at most 256 px and written
as PNG, durably, before the setting points to it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ui import theme
from ui.settings.general import GeneralSettings
from ui.settings.staff import StaffPage
from ui.widgets.forms import button, set_button

SECTION_MODULES = (
    "ui.settings.documents",  # documents part
    "ui.printing",  # receipts part
    "ui.settings.sync",  # app part (sync status and enrolment)
)


@dataclass(frozen=True)
class Section:
    key: str
    title: Callable[[], str]  # called on every retranslate, so it can use a tr() of its own
    factory: Callable[[Any, QWidget], QWidget]
    supervisor_only: bool = True


_SECTIONS: dict[str, Section] = {}


def register_section(
    key: str,
    title: Callable[[], str],
    factory: Callable[[Any, QWidget], QWidget],
    *,
    supervisor_only: bool = True,
) -> None:
    """Add a settings tab. ``key`` is unique (``documents``, ``receipts``, ``sync``)."""
    _SECTIONS[key] = Section(key, title, factory, supervisor_only)


def registered_sections() -> list[Section]:
    for name in SECTION_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    return list(_SECTIONS.values())


class SettingsPage(QWidget):
    """Signals: back_requested(); settings_saved(): branding or idle periods changed."""

    back_requested = Signal()
    settings_saved = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
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
        self.sections: list[tuple[Section, QWidget]] = []
        if ctx.is_supervisor:
            self.staff = StaffPage(ctx, self.tabs)
            self.tabs.addTab(self.staff, "")
        for section in registered_sections():
            if section.supervisor_only and not ctx.is_supervisor:
                continue
            widget = section.factory(ctx, self.tabs)
            self.sections.append((section, widget))
            self.tabs.addTab(widget, "")
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
        for _section, widget in self.sections:
            if hasattr(widget, "refresh"):
                widget.refresh()

    def showEvent(self, event: Any) -> None:
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
        for section, widget in self.sections:
            self.tabs.setTabText(index, section.title())
            if hasattr(widget, "retranslate"):
                widget.retranslate()
            index += 1


def logo_path(store: Any) -> Path | None:
    """The configured logo file, if one is set and present."""
    name = store.get_setting("branding.logo", "") if store is not None else ""
    if not name:
        return None
    path = Path(store.paths.root) / "branding" / Path(str(name)).name
    return path if path.exists() else None

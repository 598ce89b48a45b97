"""The base of every tab of the settings page (:mod:`ui.settings.page`).

A tab is a widget that reads and saves its own values; the page calls :meth:`SettingsTab.refresh`
each time it is shown and :meth:`SettingsTab.retranslate` when the language changes. A base class
rather than a Protocol, so the page can hold tabs as widgets and call them without probing
(a tab that lacks either method fails at once, not silently).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class SettingsTab(QWidget):
    def refresh(self) -> None:
        """Read the values shown from the store (each time the settings page is shown)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every text in the current language."""
        raise NotImplementedError

"""KBLI codes of a business: type-ahead over the KBLI 2020 table, chosen codes in a list.

Type a code or words of the title, Enter adds the highlighted hit; Delete removes the selected
code from the list. The table and its search are the core's (``Reference.search_kbli``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.widgets.typeahead import KEY_ROLE, TypeAhead

if TYPE_CHECKING:
    from kiosk.reference import Reference

SEARCH_LIMIT = 12


def _ref() -> Reference:
    from kiosk.reference import Reference

    return Reference.load()


def kbli_label(code: str) -> str:
    """``01111 — PERTANIAN JAGUNG`` (the code alone when the table does not know it)."""
    try:
        entry = _ref().kbli(code)
    except Exception:  # unknown code or no table: the validator reports it, the list shows it
        entry = None
    title = entry.display_title if entry is not None else None
    return f"{code} — {title}" if title else code


class KbliPicker(QWidget):
    """Signals:
    changed(): a code was added or removed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = TypeAhead(self._search, min_chars=2, visible_rows=5, parent=self)
        self.search.set_object_names("business_kbli")
        self.search.picked.connect(self.add_code)
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("business_kbli_chosen")
        self.chosen.setMaximumHeight(96)
        self.chosen.installEventFilter(self)
        self.setFocusProxy(self.search.line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.chosen)

    def codes(self) -> list[str]:
        return [self.chosen.item(i).data(KEY_ROLE) for i in range(self.chosen.count())]

    def set_codes(self, codes: list[str]) -> None:
        self.chosen.clear()
        for code in codes:
            self._append(code)
        self.chosen.setVisible(bool(codes))

    def add_code(self, code: str) -> None:
        if code in self.codes():
            return
        self._append(code)
        self.chosen.setVisible(True)
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row < 0:
            return
        self.chosen.takeItem(row)
        self.chosen.setVisible(self.chosen.count() > 0)
        self.changed.emit()

    def _append(self, code: str) -> None:
        item = QListWidgetItem(kbli_label(code))
        item.setData(KEY_ROLE, code)
        self.chosen.addItem(item)

    def _search(self, text: str) -> list[tuple[str, str]]:
        hits = _ref().search_kbli(text, SEARCH_LIMIT)
        return [(h.code, f"{h.code} — {h.display_title}") for h in hits]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.chosen
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

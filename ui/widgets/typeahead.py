"""A search line with an inline hit list: type, arrow down, Enter picks, then focus moves on.

Used for the village search (83,762 villages) and the KBLI codes. The list is not a popup: it sits
under the line, so it works the same with a keyboard, a touch screen and a screen reader, and
offscreen in tests. The caller provides ``search(text) -> list[(key, label)]``; it runs
synchronously on every keystroke because the core's look-ups are fast (p95 < 50 ms, measured in
``bench/bench_wizard.py``).

Enter behaves the same in every type-ahead (village, bank, KBLI): with hits it picks the
highlighted one (the first unless arrowed to), then focus moves on to the next input after the
type-ahead, unless the ``picked`` handler already put it somewhere; with no hits it just moves on
(the typed text stays, for a free-text entry like a bank missing from the list).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

KEY_ROLE = Qt.ItemDataRole.UserRole


class TypeAhead(QWidget):
    """Signals:
    picked(str): the person chose the hit with this key (Enter, click or tap).
    searched(int): the hit list was refilled with this many hits.
    """

    picked = Signal(str)
    searched = Signal(int)

    def __init__(
        self,
        search: Callable[[str], list[tuple[str, str]]],
        *,
        min_chars: int = 2,
        visible_rows: int = 6,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._min_chars = min_chars
        self.line = QLineEdit(self)
        self.line.setClearButtonEnabled(True)
        self.hits = QListWidget(self)
        self.hits.setUniformItemSizes(True)
        self.hits.setVisible(False)
        self._visible_rows = visible_rows
        self.setFocusProxy(self.line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.hits)
        self.line.textEdited.connect(self.refresh)
        self.line.installEventFilter(self)
        self.hits.installEventFilter(self)
        self.hits.itemActivated.connect(self._activate)
        self.hits.itemClicked.connect(self._activate)

    def set_object_names(self, base: str) -> None:
        self.line.setObjectName(base)
        self.hits.setObjectName(base + "_hits")

    def set_accessible_names(self, line: str, hits: str, clear: str = "") -> None:
        from ui.widgets.field_row import name_clear_button

        self.line.setAccessibleName(line)
        self.hits.setAccessibleName(hits)
        name_clear_button(self.line, clear or line)

    def refresh(self, text: str | None = None) -> None:
        """Search again for the line's text and refill the list."""
        text = self.line.text() if text is None else text
        found = self._search(text) if len(text.strip()) >= self._min_chars else []
        self.hits.setUpdatesEnabled(False)
        self.hits.clear()
        for key, label in found:
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, key)
            self.hits.addItem(item)
        if found:
            self.hits.setCurrentRow(0)
            row_h = max(self.hits.sizeHintForRow(0), 20)
            self.hits.setFixedHeight(row_h * min(len(found), self._visible_rows) + 6)
        self.hits.setVisible(bool(found))
        self.hits.setUpdatesEnabled(True)
        self.searched.emit(len(found))

    def hit_keys(self) -> list[str]:
        return [self.hits.item(i).data(KEY_ROLE) for i in range(self.hits.count())]

    def clear(self) -> None:
        self.line.clear()
        self.hits.clear()
        self.hits.setVisible(False)

    def _activate(self, item: QListWidgetItem) -> None:
        key = item.data(KEY_ROLE)
        self.hits.clear()
        self.hits.setVisible(False)
        self.line.setFocus()
        self.picked.emit(key)
        if self.window().focusWidget() in (self.line, self.hits):  # the handler left it here
            self.move_on()

    def move_on(self) -> None:
        """Focus the next input after this type-ahead in the tab chain (Tab's next stop)."""
        focus_next_after(self.line, inside=self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.line:
            if key == Qt.Key.Key_Down and self.hits.count():
                self.hits.setFocus()
                self.hits.setCurrentRow(max(self.hits.currentRow(), 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.hits.count():
                item = self.hits.currentItem() or self.hits.item(0)
                self._activate(item)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.line.returnPressed.emit()  # for listeners; then on, like with a hit
                if self.window().focusWidget() is self.line:
                    self.move_on()
                return True
            if key == Qt.Key.Key_Escape and self.hits.isVisible():
                self.hits.setVisible(False)
                return True
        elif watched is self.hits:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.hits.currentItem():
                self._activate(self.hits.currentItem())
                return True
            if key == Qt.Key.Key_Up and self.hits.currentRow() <= 0:
                self.line.setFocus()
                return True
            if key == Qt.Key.Key_Escape:
                self.line.setFocus()
                self.hits.setVisible(False)
                return True
        return super().eventFilter(watched, event)


def focus_next_after(start: QWidget, *, inside: QWidget | None = None) -> None:
    """Focus the first tab stop after ``start`` in the focus chain, skipping ``inside``'s parts."""
    tab = Qt.FocusPolicy.TabFocus.value
    widget = start.nextInFocusChain()
    while widget is not None and widget is not start:
        if (
            not (inside is not None and (widget is inside or inside.isAncestorOf(widget)))
            and widget.focusPolicy().value & tab
            and widget.isEnabled()
            and widget.isVisible()
        ):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()

"""A province picker over the reference data's provinces (the set-up page and settings).

The province of the hall chooses the kiosk's time zone (:mod:`kiosk.domain.timezones`), so it is
picked from the list, never typed: a typed "Kaltara" or "Prov. Kalimantan Utara" would not map to
a zone. The list is read from the provinces table only (a few milliseconds, no villages), so it
is filled at once and the keyboard works on it from the first frame. It is an editable combo box
that completes in the line as one types (any case: "kalimantan u" becomes "Kalimantan Utara"; no
popup to cover the form), and its list opens with Alt+Down or a click. A typed name counts only
when it is one of the list (:meth:`ProvincePicker.code` is "" otherwise).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from kiosk.domain.timezones import provinces, zone_for_province


class ProvincePicker(QComboBox):
    """No signals of its own (``currentIndexChanged`` of the combo box)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._codes: dict[str, tuple[str, str]] = {}  # folded name -> (code, name)
        for code, province in provinces():
            self.addItem(province, code)
            self._codes[province.casefold()] = (code, province)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)  # nothing chosen yet: the placeholder shows
        self.setEditText("")

    def _chosen(self) -> tuple[str, str]:
        return self._codes.get(self.currentText().strip().casefold(), ("", ""))

    def code(self) -> str:
        """The chosen province's code ("" unless the text is a province of the list)."""
        return self._chosen()[0]

    def province(self) -> str:
        """The chosen province's name as the reference data spells it ("" when none)."""
        return self._chosen()[1]

    def zone(self) -> str:
        """The IANA zone of the chosen province ("" when none is chosen)."""
        code = self.code()
        return zone_for_province(code) if code else ""

    def select(self, name_or_code: str) -> bool:
        """Choose a province by its name (as stored in ``branding.province``) or its code."""
        wanted = name_or_code.strip().casefold()
        for index in range(self.count()):
            if wanted in (self.itemText(index).casefold(), str(self.itemData(index))):
                self.setCurrentIndex(index)
                return True
        return False

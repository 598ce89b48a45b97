"""Address region: province → regency → district → village, or one search over every village.

Two ways to the same four codes. The cascading combo boxes suit someone who knows the area; the
type-ahead over all 83,762 villages (``Reference.search_villages``) suits someone who knows the
village name: picking a hit fills all four boxes. The reference data is the core's
(:mod:`kiosk.reference`), loaded once and cached there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from ui.widgets.typeahead import TypeAhead, focus_next_after

if TYPE_CHECKING:
    from kiosk.reference import Reference
    from kiosk.reference.regions import Region, VillageHit

LEVELS = ("province", "regency", "district", "village")
SEARCH_LIMIT = 20


def reference() -> Reference:
    from kiosk.reference import Reference

    return Reference.load()


def hit_label(hit: VillageHit) -> str:
    """A village hit as one line: ``Village, District, Regency, Province``."""
    return hit.label or hit.name


class RegionPicker(QWidget):
    """Signals:
    changed(): the chosen region changed (any level).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = TypeAhead(self._search, min_chars=2, visible_rows=6, parent=self)
        self.search.set_object_names("address_village_search")
        self.search.picked.connect(self.set_village)
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.search_label = QLabel(self)
        self.search_label.setObjectName("address_village_search_label")
        self.search_label.setBuddy(self.search.line)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.search_label, 0, 0, 1, 2)
        grid.addWidget(self.search, 1, 0, 1, 2)
        for i, level in enumerate(LEVELS):
            combo = QComboBox(self)
            combo.setObjectName(f"address_{level}_code")
            combo.setMaxVisibleItems(15)
            label = QLabel(self)
            label.setObjectName(f"address_{level}_code_label")
            label.setBuddy(combo)
            self.combos[level] = combo
            self.labels[level] = label
            row, col = 2 + (i // 2) * 2, i % 2
            grid.addWidget(label, row, col)
            grid.addWidget(combo, row + 1, col)
            combo.activated.connect(lambda _i, lvl=level: self._picked_level(lvl))
        self._placeholder = "—"
        self._fill("province", "")

    # -- texts -----------------------------------------------------------------------------------
    def set_texts(self, search: str, levels: dict[str, str], placeholder: str, hits: str) -> None:
        self.search_label.setText(search)
        self.search.set_accessible_names(search.replace("&", ""), hits)
        for level, text in levels.items():
            self.labels[level].setText(text)
            self.combos[level].setAccessibleName(text.replace("&", ""))
        self._placeholder = placeholder
        for combo in self.combos.values():
            if combo.count():
                combo.setItemText(0, placeholder)

    # -- value -----------------------------------------------------------------------------------
    def codes(self) -> dict[str, str]:
        return {lvl: (self.combos[lvl].currentData() or "") for lvl in LEVELS}

    def set_codes(
        self, village: str = "", district: str = "", regency: str = "", province: str = ""
    ) -> None:
        """Show a stored address; the deepest known code decides (parents follow from it)."""
        code = village or district or regency or province
        self._select_path(code)

    def set_village(self, code: str) -> None:
        """A hit of the search was picked: fill every level, report the change, and move focus
        past the (now filled) level pickers to the form's next input (the street)."""
        self._select_path(code)
        self.search.clear()
        self.changed.emit()
        if self.window().focusWidget() is self.search.line:
            focus_next_after(self.combos[LEVELS[-1]], inside=self)

    def clear(self) -> None:
        self.search.clear()
        self._fill("province", "")
        for level in LEVELS[1:]:
            self._fill(level, None)

    # -- internals -------------------------------------------------------------------------------
    def _search(self, text: str) -> list[tuple[str, str]]:
        return [
            (hit.code, hit_label(hit)) for hit in reference().search_villages(text, SEARCH_LIMIT)
        ]

    def _children(self, level: str, parent: str) -> list[Region]:
        ref = reference()
        if level == "province":
            return ref.provinces()
        children = {"regency": ref.regencies, "district": ref.districts, "village": ref.villages}
        return children[level](parent)

    def _fill(self, level: str, parent: str | None) -> None:
        combo = self.combos[level]
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self._placeholder, "")
        if parent is not None:
            for region in self._children(level, parent):
                combo.addItem(region.name, region.code)
        combo.setEnabled(parent is not None)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def _picked_level(self, level: str) -> None:
        code = self.combos[level].currentData() or ""
        depth = LEVELS.index(level)
        for i, lower in enumerate(LEVELS[depth + 1 :], start=depth + 1):
            self._fill(lower, code if (i == depth + 1 and code) else None)
        self.changed.emit()

    def _select_path(self, code: str) -> None:
        parts = code.split(".") if code else []
        parent = ""  # the code picked one level up ("" = nothing picked there)
        for depth, level in enumerate(LEVELS):
            self._fill(level, "" if depth == 0 else (parent or None))
            picked = ""
            if depth < len(parts) and (depth == 0 or parent):
                wanted = ".".join(parts[: depth + 1])
                index = self.combos[level].findData(wanted)
                if index > 0:
                    self.combos[level].setCurrentIndex(index)
                    picked = wanted
            parent = picked

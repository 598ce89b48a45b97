"""Checks any UI test can reuse (the wizard part's tests too).

- :func:`inputs` / :func:`assert_accessible`: every input has an ``objectName`` and an
  ``accessibleName``; text inputs have a buddy label.
- :func:`assert_touch_targets`: every visible button and input is at least 48 px high.
- :func:`visible_texts`: the texts a person can currently see (language and privacy tests).
- :func:`assert_catalogue_complete`: a Qt translation catalogue is current and fully translated.
- :func:`settle`: wait until background operations delivered their results.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
INPUT_TYPES = (
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSpinBox,
    QComboBox,
    QCheckBox,
    QRadioButton,
    QAbstractItemView,
    QAbstractSlider,
)
TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
# Parts of compound Qt widgets (a spin box's line edit, a combo box's popup list, ...).
_COMPOUND = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar)


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _COMPOUND):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def inputs(root: QWidget, *, visible_only: bool = False) -> list[QWidget]:
    """The inputs below ``root`` a person can use (not the inner parts of compound widgets)."""
    found = [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, INPUT_TYPES) and not _inside_compound(w, root)
    ]
    return [w for w in found if w.isVisible()] if visible_only else found


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}(objectName={widget.objectName()!r})"


def accessibility_problems(root: QWidget, *, buddies: bool = True) -> list[str]:
    """What is missing: objectName, accessibleName, a buddy label (text inputs)."""
    problems = []
    labelled = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    for widget in inputs(root):
        if not widget.objectName():
            problems.append(f"{describe(widget)} has no objectName")
        if not widget.accessibleName().strip():
            problems.append(f"{describe(widget)} has no accessibleName")
        if buddies and isinstance(widget, TEXT_INPUTS):
            # A compound editor's label may name the compound; its focus proxy is this input.
            if widget not in labelled and not any(b.focusProxy() is widget for b in labelled):
                problems.append(f"{describe(widget)} is no label's buddy")
    for widget in root.findChildren(QAbstractButton):
        if _inside_compound(widget, root) or isinstance(widget, (QCheckBox, QRadioButton)):
            continue
        if not widget.objectName():
            problems.append(f"{describe(widget)} (button {widget.text()!r}) has no objectName")
        if not (widget.accessibleName().strip() or widget.text().strip()):
            problems.append(f"{describe(widget)} has neither text nor accessibleName")
    return problems


def assert_accessible(root: QWidget, *, buddies: bool = True) -> None:
    problems = accessibility_problems(root, buddies=buddies)
    assert not problems, "\n".join(problems)


def assert_touch_targets(root: QWidget, min_px: int = 48) -> None:
    """Every visible button and input under ``root`` is at least ``min_px`` high (and wide)."""
    small = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or _inside_compound(widget, root):
            continue
        if isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)):
            if widget.height() < min_px or widget.width() < min_px:
                small.append(f"{describe(widget)} is {widget.width()}×{widget.height()} px")
    assert not small, "\n".join(small)


def visible_texts(root: QWidget) -> list[str]:
    """Texts of visible labels, buttons, inputs, list items and window title under ``root``."""
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = widget.rootIndex()
            try:
                columns = model.columnCount(root_index)
            except TypeError:  # list models hide columnCount(); they have one column
                columns = 1
            for row in range(min(model.rowCount(root_index), 200)):
                for column in range(columns):
                    texts.append(str(model.index(row, column, root_index).data() or ""))
    return [t for t in texts if t]


def settle(qtbot: Any, timeout_ms: int = 10_000) -> None:
    """Wait until every background operation has delivered its callback."""
    from ui import operations

    qtbot.waitUntil(lambda: operations.pending_count() == 0, timeout=timeout_ms)
    QApplication.processEvents()


def catalogue_problems(names: Iterable[str]) -> list[str]:
    """Run ``scripts/i18n.py check`` for the catalogues ``names`` (``shell``, ``wizard`` ...)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check", *names],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise AssertionError(result.stderr)
    return [line for line in result.stdout.splitlines() if line.strip()]


def assert_catalogue_complete(*names: str) -> None:
    problems = catalogue_problems(names)
    assert not problems, "\n".join(problems)


def clipped_buttons(root: Any) -> list[str]:
    """Visible buttons narrower than their text needs (Qt squeezes them and cuts the label)."""
    from PySide6.QtWidgets import QAbstractButton

    return [
        f"{b.objectName()} {b.text()!r}: {b.width()} < {b.sizeHint().width()}"
        for b in root.findChildren(QAbstractButton)
        if b.isVisible() and b.width() < b.sizeHint().width()
    ]

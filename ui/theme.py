"""The look: one style sheet, a touch overlay for self-service mode, minimum sizes in code.

``resources/styles/kiosk.qss`` is the theme; ``kiosk_touch.qss`` is appended in kiosk mode.
:func:`enforce_touch_targets` sets a 48 px minimum height on every button and input below a
widget as well, so touch sizes do not depend on a selector matching (a widget created later by
another part gets it when the shell calls it again on page change).

Dynamic properties the theme understands (set them, then :func:`repolish`):
``primary``/``danger`` on QPushButton, ``role`` = title | subtitle | hint | bignumber on QLabel,
``invalid``/``warning`` on inputs, ``severity`` = error | warning | ok on message labels.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import resources_dir

TOUCH_MIN_PX = 48
# Qt.AlignmentFlag.AlignCenter by its key, for pages built before the first frame: naming a
# member of PySide's ``Qt`` namespace builds all of its ~90 enums (~20 ms of CPU), ``setAlignment``
# takes nothing else, and an int set through the ``alignment`` property makes PySide build
# QByteArray's enums; Qt converts the key itself (``setProperty`` is False for an unknown key).
ALIGN_CENTER = "AlignCenter"
_W = TypeVar("_W", bound=QWidget)
# By class name (``QObject.inherits``): the Python classes of spin and combo boxes are not needed
# before the first frame, and PySide builds each one's enums when it is first named.
_TOUCH_TYPES = ("QAbstractButton", "QLineEdit", "QComboBox", "QAbstractSpinBox")


@cache
def style_sheet(kiosk_mode: bool) -> str:
    styles = resources_dir() / "styles"
    text = (styles / "kiosk.qss").read_text(encoding="utf-8")
    if kiosk_mode:
        text += "\n" + (styles / "kiosk_touch.qss").read_text(encoding="utf-8")
    return text


def apply_theme(app: QApplication, kiosk_mode: bool, *, fusion_given: bool = False) -> None:
    """``fusion_given``: ``app`` was created with ``-style fusion`` (``ui.app`` asks Qt for it on
    its command line: creating a style twice is a measurable part of start-up, and so is asking
    the app for its style, which makes PySide build QStyle's enums, ~7 ms of CPU)."""
    # The same look on Windows and Linux desks; QSS builds on it.
    if not fusion_given and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPixelSize(19 if kiosk_mode else 15)
    app.setFont(font)
    app.setStyleSheet(style_sheet(kiosk_mode))


def enforce_touch_targets(root: QWidget) -> None:
    """Every button and input under ``root`` at least ``TOUCH_MIN_PX`` high (and wide)."""
    for widget in root.findChildren(QWidget):
        if any(widget.inherits(name) for name in _TOUCH_TYPES):
            if widget.minimumHeight() < TOUCH_MIN_PX:
                widget.setMinimumHeight(TOUCH_MIN_PX)
            if widget.minimumWidth() < TOUCH_MIN_PX:
                widget.setMinimumWidth(TOUCH_MIN_PX)
    root.setProperty("touch", True)


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def with_role(widget: _W, **properties: object) -> _W:
    """:func:`set_role` for a widget created just now: Qt polishes a widget when it is first
    shown, with the properties it has then, so there is nothing to repolish yet. (A repolish goes
    through ``QStyle.polish``, whose first call from Python builds PySide's whole ``Qt`` enum
    namespace, ~15 ms: the log-in page, built before the first frame, avoids it.)"""
    for name, value in properties.items():
        widget.setProperty(name, value)
    return widget


def centred(widget: _W) -> _W:
    """A label's (or any widget with an ``alignment`` property) text centred both ways, without
    PySide's ``Qt`` enums (see ``ALIGN_CENTER``); returns widget."""
    widget.setProperty("alignment", ALIGN_CENTER)
    return widget


def set_role(widget: _W, **properties: object) -> _W:
    """Set theme properties (``primary=True``, ``role="title"``) and repolish; returns widget."""
    repolish(with_role(widget, **properties))
    return widget

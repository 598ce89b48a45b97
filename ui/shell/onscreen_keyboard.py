"""The on-screen keyboard of kiosk mode: Indonesian, numeric where numbers go, never over the field.

The keyboard is Qt Virtual Keyboard, an input-method plugin that :func:`ui.app.prepare_environment`
switches on in kiosk mode (``QT_IM_MODULE=qtvirtualkeyboard``). With widgets it is a window of its
own at the bottom of the screen, over the application. Three things make it right for an owner at
an MPP touch screen (issue 12 item 16):

- Language: the keyboard takes its layout and the label of its space bar from the default
  ``QLocale`` when it first loads. Left alone that is the machine's locale (``en_GB`` on the
  kiosks tried: "British English"). :func:`use_keyboard_locale` sets ``id_ID`` (Indonesian
  writes with the Latin QWERTY layout; the keyboard's ``id_ID`` layout has Indonesian labels), and
  only when the keyboard is actually in use, so nothing else in a desk's or a test's process
  changes its number formatting.
- Keypad: an input whose ``inputMethodHints`` say digits (NIK, NIB, NPWP, rupiah, postal code,
  year: ``ImhDigitsOnly``; phone: ``ImhDialableCharactersOnly``) gets the keyboard's numeric pad,
  not the letters. The pages set those hints; ``tests/ui/test_onscreen_keyboard.py`` checks them.
- Room: :class:`KeyboardInset` listens to the input method's keyboard rectangle and gives the
  window's content a bottom margin of the part the keyboard covers, so the page (and its Next
  button) is laid out above the keyboard, then scrolls the focused input into view inside its
  scroll area. The keyboard takes 427 of 768 px; what is left fits a wizard step (indicator,
  title, fields, Next: 334 px) only without the shell's header, so the header steps aside while
  the keyboard is up (``hide_while_typing``). When the keyboard hides, both come back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QObject, QRect, QRectF, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QBoxLayout, QScrollArea, QWidget

KEYBOARD_LOCALE = "id_ID"
FIELD_MARGIN_PX = 24  # room left between the focused input and the keyboard's top edge


def keyboard_in_use() -> bool:
    return os.environ.get("QT_IM_MODULE") == "qtvirtualkeyboard"


def use_keyboard_locale() -> bool:
    """Make the on-screen keyboard Indonesian (see the module docstring); ``False`` when the
    keyboard is not in use and nothing was changed."""
    if not keyboard_in_use():
        return False
    QLocale.setDefault(QLocale(KEYBOARD_LOCALE))
    return True


class KeyboardInset(QObject):
    """Keeps ``window``'s content above the on-screen keyboard (``layout``: its central layout)."""

    def __init__(
        self, window: QWidget, layout: QBoxLayout, hide_while_typing: Sequence[QWidget] = ()
    ) -> None:
        super().__init__(window)
        self.window = window
        self.layout = layout
        self.covered = 0  # pixels of the window's bottom the keyboard covers now
        self._optional = list(hide_while_typing)
        self._hidden: list[QWidget] = []  # what this inset hid (only those come back)
        method = QGuiApplication.inputMethod()
        method.keyboardRectangleChanged.connect(self._keyboard_moved)
        method.visibleChanged.connect(self._keyboard_moved)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(lambda _old, _new: self._reveal_focus_later())

    def _keyboard_moved(self) -> None:
        method = QGuiApplication.inputMethod()
        rect = method.keyboardRectangle() if method.isVisible() else QRectF()
        self.keyboard_at(rect.toRect())

    def keyboard_at(self, rect: QRect) -> None:
        """The keyboard now covers ``rect`` (the input method's keyboard rectangle, in the
        coordinates of the full-screen window; empty: hidden). Lay the content out above it."""
        if rect.isEmpty():
            covered = 0
        else:
            top_left = self.window.mapToGlobal(self.window.rect().topLeft())
            window_bottom = top_left.y() + self.window.height()
            keyboard_top = top_left.y() + rect.top()
            covered = max(0, window_bottom - keyboard_top)
        if covered == self.covered:
            return
        self.covered = covered
        if covered:
            self._hidden += [w for w in self._optional if w.isVisible() and w not in self._hidden]
            for widget in self._hidden:
                widget.hide()
        else:
            for widget in self._hidden:
                widget.show()
            self._hidden = []
        margins = self.layout.contentsMargins()
        margins.setBottom(covered)
        self.layout.setContentsMargins(margins)
        self.layout.activate()  # lay out now, then show the field
        self.reveal_focus()

    def _reveal_focus_later(self) -> None:
        if self.covered:
            QTimer.singleShot(0, self.reveal_focus)  # after the focus change is laid out

    def reveal_focus(self) -> None:
        """Scroll the focused input into view inside the scroll area that holds it."""
        focused = QApplication.focusWidget()
        if focused is None or not self.window.isAncestorOf(focused):
            return
        parent = focused.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(focused, FIELD_MARGIN_PX, FIELD_MARGIN_PX)

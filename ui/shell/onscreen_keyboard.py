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
  changes its number formatting. It must run before the QApplication exists (the input method
  reads the locale when it loads; set later, the keyboard stayed "British English" under Xvfb):
  :func:`ui.app.prepare_environment` calls it.
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
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QRect, QRectF, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QBoxLayout, QWidget

if TYPE_CHECKING:  # imported where used: neither is needed for the first frame (see KeyboardInset)
    from PySide6.QtCore import QEvent

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
        self._rect = QRect()  # where the keyboard is (empty: hidden)
        self._base_height: int | None = None  # the window's height before the keyboard came
        method = QGuiApplication.inputMethod()
        method.keyboardRectangleChanged.connect(self._keyboard_moved)
        method.visibleChanged.connect(self._keyboard_moved)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # a bound method, not a lambda: Qt drops the connection with this object
            app.focusChanged.connect(self._focus_changed)
        # A page that grows later must not grow the window: watched from the keyboard's first
        # appearance (``keyboard_at``), the only time the filter acts. Installed at start-up, every
        # event of the first frame would come through Python (and make PySide build the types of
        # ~40 event classes).
        self._watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent

        if (
            watched is self.window
            and event.type() == QEvent.Type.Resize
            and self.covered > 0
            and self._base_height is not None
            and self.window.height() > self._base_height
        ):
            QTimer.singleShot(
                0, self, self.refresh
            )  # less margin, then back to the screen's height
        return False

    def _keyboard_moved(self) -> None:
        method = QGuiApplication.inputMethod()
        rect = method.keyboardRectangle() if method.isVisible() else QRectF()
        self.keyboard_at(rect.toRect())

    def refresh(self) -> None:
        """Lay out again for the keyboard where it is (another page was shown); nothing to do
        while no keyboard is up (the start-up's page changes: a forced layout of the whole
        window each, before it was even shown)."""
        if self._rect.isEmpty() and self.covered == 0:
            return
        self.covered = -1  # force
        self.keyboard_at(self._rect)

    def keyboard_at(self, rect: QRect) -> None:
        """The keyboard now covers ``rect`` (the input method's keyboard rectangle, in the
        coordinates of the full-screen window; empty: hidden). Lay the content out above it.

        The margin never asks for more than the window has: a page that cannot fit above the
        keyboard (the hand-over screen) keeps its size and the keyboard covers its bottom,
        because a larger minimum would make the full-screen window grow past the screen (seen
        under Xvfb: 1965 px tall, the hand-over number pushed off the screen)."""
        self._rect = QRect(rect)
        if rect.isEmpty():
            covered = 0
        else:
            top_left = self.window.mapToGlobal(self.window.rect().topLeft())
            window_bottom = top_left.y() + self.window.height()
            keyboard_top = top_left.y() + rect.top()
            covered = max(0, window_bottom - keyboard_top)
            margins = self.layout.contentsMargins()
            host = self.layout.parentWidget()
            content = margins.top() + self._content_minimum()
            if self._base_height is None:  # the window's own height, before any keyboard
                self._base_height = self.window.height()
            chrome = self.window.height() - (host.height() if host is not None else 0)
            room = self._base_height - chrome - content
            covered = max(0, min(covered, room))
        if covered == self.covered:
            return
        self.covered = covered
        if covered and not self._watching:
            self.window.installEventFilter(self)
            self._watching = True
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
        top = self.window.layout()
        if top is not None:  # the window's own minimum follows at once, not at the next event
            top.invalidate()
            top.activate()
        if self._base_height is not None and self.window.height() != self._base_height:
            self.window.resize(self.window.width(), self._base_height)  # never taller
        if not covered:
            self._base_height = None
        self.reveal_focus()
        QTimer.singleShot(0, self, self.reveal_focus)  # again once scroll areas resized their pages

    def _content_minimum(self) -> int:
        """The least height the content needs above the keyboard: each widget's own minimum
        (read now: the layout's cached one lags a page just shown), without what steps aside."""
        total, shown = 0, 0
        for index in range(self.layout.count()):
            item = self.layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is None or widget.isHidden() or widget in self._optional:
                continue
            total += max(widget.minimumSizeHint().height(), widget.minimumHeight())
            shown += 1
        return total + self.layout.spacing() * max(0, shown - 1)

    def _focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._reveal_focus_later()

    def _reveal_focus_later(self) -> None:
        if self.covered:
            QTimer.singleShot(0, self, self.reveal_focus)  # after the focus change is laid out

    def reveal_focus(self) -> None:
        """Scroll the focused input into view in every scroll area that holds it (a step's
        fields scroll inside the page, a tall page inside the wizard), innermost first."""
        from PySide6.QtWidgets import QScrollArea

        focused = QApplication.focusWidget()
        if focused is None or not self.window.isAncestorOf(focused):
            return
        parent = focused.parentWidget()
        while parent is not None and parent is not self.window:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(focused, FIELD_MARGIN_PX, FIELD_MARGIN_PX)
            parent = parent.parentWidget()

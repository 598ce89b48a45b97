"""Small building blocks the shell pages share: labelled inputs, message lines, errors.

Every input gets an ``objectName`` (stable, for tests and QSS) and an ``accessibleName`` (what a
screen reader says; the visible label without its ``&`` mnemonic); its label is its buddy, so
Alt+letter jumps to it. :func:`set_label` is called again from each page's ``retranslate()``.

Errors reach the screen through one helper, :func:`error_text` (or :func:`show_error` for a
message line): a :class:`~kiosk.errors.UserFacingError` in the current language, anything else
as the generic "unexpected error" text (details go to the log, never to the screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.errors import UserFacingError
from ui import theme

if TYPE_CHECKING:  # (and imported where used: the welcome page, kiosk mode's first, needs none)
    from PySide6.QtWidgets import QFormLayout, QLineEdit

    from ui.context import AppContext


def line_edit(name: str, *, password: bool = False, parent: QWidget | None = None) -> QLineEdit:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit(parent)
    edit.setObjectName(name)
    if password:
        # Password mode also gives the input-method hints an on-screen keyboard needs: hidden
        # text, sensitive data, no predictions, no auto-capitals (Qt sets them with the mode).
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def button(name: str, *, primary: bool = False, parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(parent)
    widget.setObjectName(name)
    widget.setAutoDefault(True)  # Enter on a focused button presses it
    if primary:
        theme.with_role(widget, primary=True)  # created above: not polished yet
    return widget


def add_row(form: QFormLayout, widget: QWidget) -> QLabel:
    """Add ``widget`` with a buddy label to ``form``; returns the label (texts come later)."""
    label = QLabel(widget.parentWidget())
    label.setObjectName(widget.objectName() + "Label")
    label.setBuddy(widget)
    form.addRow(label, widget)
    return label


def set_label(label: QLabel, text: str, widget: QWidget | None = None) -> None:
    """Label text (``&`` marks the mnemonic) and the buddy's accessible name."""
    label.setText(text)
    target = widget or label.buddy()
    if target is not None:
        target.setAccessibleName(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))


def set_button(widget: QPushButton, text: str, description: str = "") -> None:
    widget.setText(text)
    widget.setAccessibleName(text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)


def message_label(name: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str, severity: str = "error") -> None:
    label.setText(text)
    if text:  # a cleared message is hidden; the next one sets its own severity
        theme.set_role(label, severity=severity)
    label.setVisible(bool(text))


def error_text(ctx: AppContext, exc: BaseException) -> str:
    """What the person at the screen may read about ``exc``, in the current language."""
    if isinstance(exc, UserFacingError):
        return exc.text(ctx.lang)
    return ctx.t("error.internal")


def show_error(label: QLabel, ctx: AppContext, exc: BaseException) -> None:
    """:func:`show_message` of :func:`error_text`: the message line shows ``exc`` as an error."""
    show_message(label, error_text(ctx, exc))


def centered(page: QWidget, box: QWidget, min_width: int, max_width: int) -> None:
    """Lay ``box`` out in the middle of ``page`` (stretch around it, never squeezed: a box given
    an alignment would get only its size hint, which wrapped labels make too small)."""
    from PySide6.QtWidgets import QSizePolicy  # not for the welcome page, the first in kiosk mode

    box.setMinimumWidth(min_width)
    box.setMaximumWidth(max_width)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(box, 3)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)

"""A message line under the header for errors of background operations without their own
handler (``ui.operations`` default error handler): the core's message in the current language,
or the generic "unexpected error" text for bugs (details go to the log, never to the screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ui.widgets.forms import button, error_text, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class Banner(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("banner")
        self.text = QLabel(self)
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        self.close_button = button("bannerClose", parent=self)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button)
        self._exc: BaseException | None = None
        self.hide()
        self.retranslate()

    def show_error(self, exc: BaseException) -> None:
        self._exc = exc
        self.text.setText(error_text(self.ctx, exc))
        self.show()

    def retranslate(self) -> None:
        set_button(self.close_button, self.tr("Close"), self.tr("Close the message"))
        if self._exc is not None:
            self.text.setText(error_text(self.ctx, self._exc))

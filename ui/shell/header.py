"""The header bar: logo, hall name, who is logged in, language, home and lock buttons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.forms import button, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class ShellHeader(QFrame):
    """Signals: home_requested(); lock_requested(); language_requested(str)."""

    home_requested = Signal()
    lock_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("shellHeader")
        self.logo = QLabel(self)
        self.logo.setObjectName("shellLogo")
        self.logo.setFixedSize(48, 48)
        self.logo.hide()
        self.title = QLabel(self)
        self.title.setObjectName("shellTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("shellSubtitle")
        self.user = QLabel(self)
        self.user.setObjectName("shellUser")
        self.home = button("shellHome", parent=self)
        self.language = button("shellLanguage", parent=self)
        self.lock = button("shellLock", parent=self)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.logo)
        layout.addLayout(names, 1)
        layout.addWidget(self.user)
        for widget in (self.home, self.language, self.lock):
            # Qt.FocusPolicy.ClickFocus through the meta-property: Tab never lands here, so
            # Tab from a form's last field cannot reach the language button (Space there would
            # switch the language mid-form); Ctrl+L locks from the keyboard. Before log-in the
            # language button is a Tab stop again (set_state): the one place to choose it by
            # keyboard, with no form to lose. The meta-property because the header is built
            # before the first frame, and touching PySide's ``Qt`` namespace builds all its ~100
            # Python enums (~15 ms of a ~0.15 s start-up); the value by its key, because an int
            # makes PySide build QByteArray's enums (Qt converts the key itself).
            widget.setProperty("focusPolicy", "ClickFocus")
            layout.addWidget(widget)
        self.home.clicked.connect(self.home_requested)
        self.lock.clicked.connect(self.lock_requested)
        self.language.clicked.connect(
            lambda: self.language_requested.emit("en" if self.ctx.lang == "id" else "id")
        )
        self._mpp = ""
        self._province = ""
        self.retranslate()

    def set_branding(self, mpp: str, province: str, logo: Path | None) -> None:
        self._mpp, self._province = mpp, province
        pixmap = QPixmap(str(logo)) if logo else QPixmap()
        self.logo.setVisible(not pixmap.isNull())
        if not pixmap.isNull():
            from PySide6.QtCore import Qt

            self.logo.setPixmap(
                pixmap.scaled(
                    48,
                    48,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.retranslate()

    def set_state(self, *, logged_in: bool, locked: bool, home_visible: bool) -> None:
        working = logged_in and not locked
        self.language.setProperty("focusPolicy", "ClickFocus" if working else "TabFocus")
        self.lock.setVisible(logged_in and not locked)
        self.home.setVisible(logged_in and not locked and home_visible)
        user = self.ctx.user
        self.user.setText(user.full_name if user is not None and logged_in and not locked else "")

    def retranslate(self) -> None:
        self.title.setText(self._mpp or self.tr("Business registration"))
        self.subtitle.setText(
            " · ".join(p for p in (self.tr("Supplier registration"), self._province) if p)
        )
        set_button(self.home, self.tr("Home"))
        set_button(self.lock, self.tr("Lock"), self.tr("Lock the screen (Ctrl+L)"))
        # Offer the other language, named in that language.
        set_button(self.language, "English" if self.ctx.lang == "id" else "Bahasa Indonesia")

"""Consent to the processing of personal data (UU 27/2022), recorded before anything else.

The text and its version are the core's (:mod:`kiosk.domain.consent`). Ticking the box records
the version, the SHA-256 of the exact text shown (in the language shown), the purpose, the time,
the staff member and the kiosk (:func:`kiosk.domain.consent.record_consent`); unticking clears it.

On the self-service screen this is the first step (the core's flow): the owner agrees before typing
any personal data, the hint speaks to the owner (not to staff) and no staff id is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kiosk.domain import consent as consent_rules
from kiosk.domain.model import Consent, Registration
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from ui.context import AppContext


class ConsentPage(StepPage):
    """Consent step (signals: see :class:`ui.wizard.step.StepPage`)."""

    prefixes = ("consent",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.text = QTextBrowser(self)
        self.text.setObjectName("consent_text")
        self.text.setOpenExternalLinks(False)
        self.version = QLabel(self)
        self.version.setObjectName("consent_version")
        self.title.setBuddy(self.text)
        self.agree = QCheckBox(self)
        self.agree.setObjectName("consent_given")
        self._shown_lang = ctx.lang
        self._consent = Consent()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.version)
        # As wide as its text: a tap anywhere on the box counts (a stretched check box ignores
        # taps on its empty right part).
        layout.addWidget(self.agree, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.page_message)
        self.set_focus_chain([self.agree, self.text], enter_exempt=[self.text])
        self.agree.toggled.connect(self._toggled)
        self.retranslate()

    def _toggled(self, checked: bool) -> None:
        if checked:
            store = self.ctx.store
            self._consent = consent_rules.record_consent(
                self._shown_lang,
                staff_id=self.ctx.staff_id,
                kiosk_id=store.kiosk_id,
            )
        else:
            self._consent = Consent()
        self.field_edited.emit("consent")

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.title.setText(self.tr("Personal data consent"))
        if self.is_touch():  # the owner alone at the touch screen
            self.hint.setText(
                self.tr(
                    "Before you fill in the form: please read how your data is used. "
                    "Tick the box and press Next only if you agree."
                )
            )
        else:
            self.hint.setText(
                self.tr(
                    "Read this to the owner or let them read it. Continue only when they agree."
                )
            )
        if self._consent.given_at is None:  # the recorded text stays the one that was shown
            self._shown_lang = lang
        current = consent_rules.current_consent(self._shown_lang)
        version = current.version
        self.text.setMarkdown(current.text)
        self.text.setAccessibleName(self.tr("Consent text"))
        self.version.setText(self.tr("Text version: %1").replace("%1", version))
        self.agree.setText(self.ctx.t("consent.agree"))
        self.agree.setAccessibleName(self.ctx.t("consent.agree"))

    def load(self, reg: Registration) -> None:
        self._consent = reg.consent
        self.agree.blockSignals(True)
        self.agree.setChecked(reg.consent.given_at is not None)
        self.agree.blockSignals(False)

    def apply(self, reg: Registration) -> None:
        reg.consent = self._consent

    def first_input(self) -> QWidget | None:
        return self.agree

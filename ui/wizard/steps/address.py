"""Business address: region to the village (cascading pickers or one search), street, postal code.

The four region codes come from :class:`ui.widgets.region_picker.RegionPicker`; the village is
what the core requires (its parents follow from its code). Labels of the four levels are the core's
field labels, like every field label of the wizard.

A draft from a district office's list whose village matched no single village (ambiguous or
unknown, :func:`kiosk.importexport.district.list_note`) opens with the list's text in the village
search and a line saying so: staff choose the village with the owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.domain.issues import field_label
from kiosk.domain.model import Registration
from ui.operations import run_op
from ui.widgets.region_picker import LEVELS, RegionPicker
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from kiosk.importexport.district import ListNote
    from ui.context import AppContext


class AddressPage(StepPage):
    """Address step (signals: see :class:`ui.wizard.step.StepPage`)."""

    prefixes = ("address.",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.region = RegionPicker()
        self.street = QLineEdit()
        self.street.setMaxLength(250)
        self.postal_code = QLineEdit()
        self.postal_code.setMaxLength(5)
        self.postal_code.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.postal_code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,5}"), self)
        )
        region_row = self.add_row("address.village_code", self.region)
        region_row.label.hide()  # the picker labels its own parts
        street_row = self.add_row("address.street", self.street)
        postal_row = self.add_row("address.postal_code", self.postal_code)
        self.build_layout([[region_row], [street_row], [postal_row]])
        combos = [self.region.combos[level] for level in LEVELS]
        self.set_focus_chain(
            [self.region.search.line, *combos, self.street, self.postal_code],
            enter_exempt=[self.region.search.line],
        )
        self.region.changed.connect(lambda: self.field_edited.emit("address.village_code"))
        self.street.textEdited.connect(lambda _t: self.field_edited.emit("address.street"))
        self.postal_code.textEdited.connect(
            lambda _t: self.field_edited.emit("address.postal_code")
        )
        self._note: ListNote | None = None
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.title.setText(self.tr("Business address"))
        self.hint.setText(
            self.tr("Type the village name to fill in all four levels at once, or choose them")
            + " "
            + self.tr("one by one.")
            + self._note_text()
        )
        self.label_rows()
        self.region.set_texts(
            self.tr("&Find the village (kelurahan/desa)"),
            {level: field_label(f"address.{level}_code", lang) for level in LEVELS},
            self.tr("— choose —"),
            self.tr("Villages found"),
        )
        self.region.search.line.setPlaceholderText(
            self.tr("e.g. Sebengkok Tarakan — arrow down to choose, Enter takes it")
        )
        self.rows["address.village_code"].input.setAccessibleName(
            self.tr("Find the village (kelurahan/desa)")
        )

    def load(self, reg: Registration) -> None:
        a = reg.address
        self.region.search.clear()  # a half-typed search of someone else must not stay on screen
        self.region.set_codes(a.village_code, a.district_code, a.regency_code, a.province_code)
        self.street.setText(a.street)
        self.postal_code.setText(a.postal_code)
        self._note = None
        if not a.village_code and reg.status == "draft" and self.ctx.has_store:
            from kiosk.importexport.district import list_note

            store, reg_id = self.ctx.store, reg.id
            run_op(self, lambda: list_note(store, reg_id), on_done=self._show_note)
        self.retranslate()

    def _show_note(self, note: ListNote | None) -> None:
        self._note = note
        if note is not None and note.village and not self.region.codes()["village"]:
            self.region.search.line.setText(f"{note.village} {note.district}".strip())
        self.retranslate()

    def _note_text(self) -> str:
        from kiosk.i18n import tr

        note = self._note
        if note is None:
            return ""
        place = ", ".join(t for t in (note.village, note.district, note.regency) if t)
        code = "import.list.ask.ambiguous" if note.choices else "import.list.ask.unknown"
        return "\n" + tr(code, self.ctx.lang, place=place)

    def apply(self, reg: Registration) -> None:
        codes = self.region.codes()
        a = reg.address
        a.province_code = codes["province"]
        a.regency_code = codes["regency"]
        a.district_code = codes["district"]
        a.village_code = codes["village"]
        a.street = self.street.text().strip()
        a.postal_code = self.postal_code.text().strip()

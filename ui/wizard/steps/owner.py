"""Owner / person in charge and contact: NIK, name, birth date, sex, position, phone, e-mail.

When a NIK with readable facts is typed and birth date or sex are still empty, they are filled
from :func:`kiosk.domain.ids.nik_facts` (staff confirm them; the core cross-checks them anyway).
Phone and e-mail are kept as typed; the core normalises and validates them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from kiosk.domain.formatting import parse_date
from kiosk.domain.issues import FieldError
from kiosk.domain.model import Registration, Sex
from ui.wizard.step import StepPage, format_day_month_year

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue


class OwnerPage(StepPage):
    """Owner and contact step (see :class:`ui.wizard.step.StepPage` for the signals)."""

    prefixes = ("owner.",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.nik = QLineEdit()
        self.nik.setMaxLength(24)
        self.nik.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.nik.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9 .-]*"), self))
        self.full_name = QLineEdit()
        self.full_name.setMaxLength(120)
        self.birth_date = QLineEdit()
        self.birth_date.setMaxLength(10)
        self.birth_date.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.sex = QComboBox()
        self.position = QComboBox()
        self.position.setEditable(True)
        self.position.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # four suggestions: completing in the line is enough, a popup would steal the focus
        completer = self.position.completer()
        assert completer is not None  # an editable combo box has one
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.is_owner = QCheckBox()
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email = QLineEdit()
        self.email.setMaxLength(254)
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)

        rows = {
            "owner.nik": self.nik,
            "owner.full_name": self.full_name,
            "owner.birth_date": self.birth_date,
            "owner.sex": self.sex,
            "owner.position": self.position,
            "owner.is_owner": self.is_owner,
            "owner.phone": self.phone,
            "owner.email": self.email,
        }
        r = {field: self.add_row(field, editor) for field, editor in rows.items()}
        self.build_layout(
            [
                [r["owner.nik"], r["owner.full_name"]],
                [r["owner.birth_date"], r["owner.sex"]],
                [r["owner.position"], r["owner.is_owner"]],
                [r["owner.phone"], r["owner.email"]],
            ]
        )
        self.set_focus_chain(list(rows.values()))
        for field, editor in rows.items():
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda _t, f=field: self._edited(f))
            elif isinstance(editor, QCheckBox):
                editor.toggled.connect(lambda _c, f=field: self.field_edited.emit(f))
        self.sex.activated.connect(lambda _i: self.field_edited.emit("owner.sex"))
        self.position.currentTextChanged.connect(lambda _t: self._position_changed())
        self._loading = False
        self.retranslate()

    def _edited(self, field: str) -> None:
        if field == "owner.nik":
            self._fill_from_nik()
        self.field_edited.emit(field)

    def _position_changed(self) -> None:
        if not self._loading:
            self.field_edited.emit("owner.position")

    def _fill_from_nik(self) -> None:
        """Birth date and sex come with the NIK; fill them in if still empty."""
        from kiosk.domain.ids import nik_facts, normalize_nik

        nik = normalize_nik(self.nik.text())
        if len(nik) != 16:
            return
        try:
            _district, birth, sex = nik_facts(nik)
        except Exception:  # unreadable facts: the NIK validator reports why
            return
        if not self.birth_date.text().strip():
            self.birth_date.setText(format_day_month_year(birth))
            self.field_edited.emit("owner.birth_date")
        if self.sex.currentIndex() <= 0:
            self.sex.setCurrentIndex(max(self.sex.findData(sex.value), 0))
            self.field_edited.emit("owner.sex")

    # -- wizard contract -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Owner and contact"))
        self.hint.setText(
            self.tr("As written on the owner's ID card (KTP). Birth date and sex follow the NIK.")
        )
        self.label_rows()
        self.is_owner.setText(
            self.tr("This person owns the business (otherwise a power of attorney is needed)")
        )
        self.birth_date.setPlaceholderText(self.tr("dd-mm-yyyy"))
        self.phone.setPlaceholderText("0812 3456 7890")
        self.email.setPlaceholderText(self.tr("name@example.com"))
        current_sex = self.sex.currentData()
        self.sex.blockSignals(True)
        self.sex.clear()
        self.sex.addItem(self.tr("— choose —"), None)
        self.sex.addItem(self.tr("Male (L)"), Sex.MALE.value)
        self.sex.addItem(self.tr("Female (P)"), Sex.FEMALE.value)
        self.sex.setCurrentIndex(max(self.sex.findData(current_sex), 0))
        self.sex.blockSignals(False)
        current_position = self.position.currentText()
        self._loading = True
        self.position.clear()
        self.position.addItems(
            [self.tr("Owner"), self.tr("Director"), self.tr("Chairperson"), self.tr("Manager")]
        )
        self.position.setEditText(current_position)
        self._loading = False

    def load(self, reg: Registration) -> None:
        o = reg.owner
        self._loading = True
        self.nik.setText(o.nik)
        self.full_name.setText(o.full_name)
        self.birth_date.setText(format_day_month_year(o.birth_date))
        self.sex.setCurrentIndex(max(self.sex.findData(o.sex.value if o.sex else None), 0))
        self.position.setEditText(o.position)
        self.is_owner.blockSignals(True)
        self.is_owner.setChecked(o.is_owner)
        self.is_owner.blockSignals(False)
        self.phone.setText(o.phone)
        self.email.setText(o.email)
        self._loading = False

    def apply(self, reg: Registration) -> None:
        o = reg.owner
        o.nik = self.nik.text().strip()
        o.full_name = self.full_name.text().strip()
        text = self.birth_date.text().strip()
        try:
            o.birth_date = parse_date(text) if text else None
        except FieldError:
            o.birth_date = None  # local_issues() reports it; an unreadable date is not a date
        sex = self.sex.currentData()
        o.sex = Sex(sex) if sex else None
        o.position = self.position.currentText().strip()
        o.is_owner = self.is_owner.isChecked()
        o.phone = self.phone.text().strip()
        o.email = self.email.text().strip()

    def local_issues(self, field: str) -> list[ShownIssue]:
        text = self.birth_date.text().strip()
        if field == "owner.birth_date" and text:
            try:
                parse_date(text, field=field)
            except FieldError as exc:
                return [exc.issue()]
        return []

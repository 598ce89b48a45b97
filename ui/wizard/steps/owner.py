"""Owner / person in charge and contact: NIK, name, birth date, sex, position, phone, e-mail.

When a NIK with readable facts is typed and birth date or sex are still empty, they are filled
from :func:`kiosk.domain.ids.nik_facts` (staff confirm them; the core cross-checks them anyway).
When the NIK is then corrected, they follow the new NIK as long as they still hold what the old
NIK gave (issue 12): a date or sex the person typed or chose is never overwritten.
Phone and e-mail are kept as typed; the core normalises and validates them.

Read from the KTP (issue 15): when the documents step captures a KTP page, :meth:`offer_ktp`
reads it off the GUI thread (:func:`kiosk.ocr.read_ktp`) and puts the values into the fields
that are still empty (NIK, name, birth date, sex; never religion, which is not read), each marked
"dibaca dari KTP — periksa" (highlighted, with the text as tooltip, and named in the note above
the fields, which screen readers read) until staff change that field or press "Confirm" (one
action for all that were checked). A field someone already typed is never overwritten by a reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.domain.formatting import parse_date
from kiosk.domain.issues import FieldError
from kiosk.domain.model import Registration, Sex
from ui.wizard.step import StepPage, format_day_month_year

if TYPE_CHECKING:
    from kiosk.ocr import KtpReading
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
        self._editors: dict[str, QWidget] = dict(rows)
        self._from_ktp: list[str] = []  # fields holding a KTP reading nobody has checked yet
        self._reg_id = ""
        self.ktp_note = QWidget(self)
        self.build_layout(
            top=[self.ktp_note],
            lines=[
                [r["owner.nik"], r["owner.full_name"]],
                [r["owner.birth_date"], r["owner.sex"]],
                [r["owner.position"], r["owner.is_owner"]],
                [r["owner.phone"], r["owner.email"]],
            ],
        )
        self.set_focus_chain(list(rows.values()))
        for field, editor in rows.items():
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(lambda _t, f=field: self._edited(f))
            elif isinstance(editor, QCheckBox):
                editor.toggled.connect(lambda _c, f=field: self.field_edited.emit(f))
        self.sex.activated.connect(lambda _i: self._sex_chosen())
        self.position.currentTextChanged.connect(lambda _t: self._position_changed())
        self._loading = False
        self._derived: tuple[str, object] = ("", None)  # (birth date text, sex) the NIK gave
        self._build_ktp_note()
        self.retranslate()

    # -- read from the KTP -----------------------------------------------------------------------
    def _build_ktp_note(self) -> None:
        self.ktp_note.setObjectName("ownerKtpNote")
        self.ktp_text = QLabel(self.ktp_note)
        self.ktp_text.setObjectName("ownerKtpText")
        self.ktp_text.setWordWrap(True)
        self.ktp_confirm = QPushButton(self.ktp_note)
        self.ktp_confirm.setObjectName("ownerKtpConfirm")
        self.ktp_confirm.clicked.connect(self.confirm_ktp)
        row = QHBoxLayout(self.ktp_note)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ktp_text, 1)
        row.addWidget(self.ktp_confirm)
        self.ktp_note.hide()

    def offer_ktp(self, load: Callable[[], bytes]) -> None:
        """Read the KTP image ``load()`` returns, off the GUI thread, then :meth:`show_ktp`."""
        from ui.operations import run_op

        reg_id = self._reg_id

        def work() -> KtpReading:
            from kiosk.ocr import read_ktp

            return read_ktp(load())

        def done(reading: KtpReading) -> None:
            if self._reg_id == reg_id:  # still the registration whose KTP was captured
                self.show_ktp(reading)

        run_op(self, work, on_done=done, on_error=self._ktp_failed)

    def _ktp_failed(self, exc: BaseException) -> None:
        from ui.widgets.forms import error_text

        self.ktp_text.setText(error_text(self.ctx, exc))
        self.ktp_confirm.hide()
        self.ktp_note.show()

    def show_ktp(self, reading: KtpReading) -> None:
        """Put what was read into the fields still empty, each marked until checked."""
        values = reading.values
        born = values["birth_date"]
        offered = {
            "owner.nik": (self.nik, values["nik"]),
            "owner.full_name": (self.full_name, values["name"]),
            "owner.birth_date": (
                self.birth_date,
                format_day_month_year(dt.date.fromisoformat(born)) if born else None,
            ),
        }
        for field, (editor, value) in offered.items():
            derived = field == "owner.birth_date" and editor.text() == self._derived[0]
            if value and (not editor.text().strip() or derived):
                editor.setText(value)
                if field == "owner.nik":
                    self._fill_from_nik()
                self._mark(field)
                self.field_edited.emit(field)
        sex = {"M": Sex.MALE, "F": Sex.FEMALE}.get(values["sex"] or "")
        if sex is not None and self.sex.currentData() in (None, sex.value):
            self.sex.setCurrentIndex(max(self.sex.findData(sex.value), 0))
            self._mark("owner.sex")
            self.field_edited.emit("owner.sex")
        self._show_marks()

    def _mark(self, field: str) -> None:
        if field not in self._from_ktp:
            self._from_ktp.append(field)
        editor = self._editors[field]
        editor.setProperty("fromKtp", True)
        editor.setToolTip(self.tr("Read from the KTP — check"))
        editor.setStyleSheet("background: #fff4c2;")

    def _unmark(self, field: str) -> None:
        if field not in self._from_ktp:
            return
        self._from_ktp.remove(field)
        editor = self._editors[field]
        editor.setProperty("fromKtp", False)
        editor.setToolTip("")
        editor.setStyleSheet("")
        self._show_marks()

    def unchecked_ktp_fields(self) -> list[str]:
        """Fields that still hold a KTP reading no person has changed or confirmed."""
        return list(self._from_ktp)

    def confirm_ktp(self) -> None:
        """The person checked the marked values against the card: the marks go."""
        self._clear_marks()

    def _clear_marks(self) -> None:
        for field in list(self._from_ktp):
            self._unmark(field)

    def _show_marks(self) -> None:
        if not self._from_ktp:
            self.ktp_note.hide()
            return
        names = ", ".join(
            self.rows[f].label.text().replace("&", "").rstrip(" *") for f in self._from_ktp
        )
        self.ktp_text.setText(self.tr("Read from the KTP — check: {0}").format(names))
        self.ktp_confirm.show()
        self.ktp_note.show()

    def _edited(self, field: str) -> None:
        if field == "owner.nik":
            self._fill_from_nik()
        self._unmark(field)
        self.field_edited.emit(field)

    def _sex_chosen(self) -> None:
        self._unmark("owner.sex")
        self.field_edited.emit("owner.sex")

    def _position_changed(self) -> None:
        if not self._loading:
            self.field_edited.emit("owner.position")

    @staticmethod
    def _facts(nik: str) -> tuple[str, object]:
        """(birth date text, sex value) a NIK gives, or ``("", None)``."""
        from kiosk.domain.ids import nik_facts, normalize_nik

        try:
            _district, birth, sex = nik_facts(normalize_nik(nik))
        except Exception:  # no readable facts: nothing was derived
            return "", None
        return format_day_month_year(birth), sex.value

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
        old_date, old_sex = self._derived
        date_text = format_day_month_year(birth)
        self._derived = (date_text, sex.value)
        if self.birth_date.text().strip() in ("", old_date) and date_text != old_date:
            self.birth_date.setText(date_text)
            self.field_edited.emit("owner.birth_date")
        if self.sex.currentIndex() <= 0 or (
            old_sex is not None and self.sex.currentData() == old_sex != sex.value
        ):
            self.sex.setCurrentIndex(max(self.sex.findData(sex.value), 0))
            self.field_edited.emit("owner.sex")

    def help_button_name(self, label: str) -> str:
        return self.tr("What is “%1”?").replace("%1", label)

    # -- wizard contract -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Owner and contact"))
        if self.is_touch():  # the owner's own screen: spoken to the owner, in everyday words
            self.hint.setText(
                self.tr("About you, as on your ID card (KTP). Fields marked * are needed.")
            )
        else:
            self.hint.setText(
                self.tr(
                    "As written on the owner's ID card (KTP). Birth date and sex follow the NIK."
                )
            )
        self.label_rows()
        self.ktp_confirm.setText(self.tr("Confirm"))
        self.ktp_confirm.setAccessibleName(self.tr("Confirm the values read from the KTP"))
        self._show_marks()
        if self.is_touch():
            self.is_owner.setText(self.tr("I own this business"))
        else:
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
        self._derived = self._facts(o.nik)
        if self._reg_id and reg.id != self._reg_id:  # the marks were another registration's
            self._clear_marks()
        self._reg_id = reg.id
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

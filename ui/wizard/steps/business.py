"""The business: name, legal form, capital and sales with the suggested scale, IDs, KBLI, size.

The scale suggestion is the core's (:func:`kiosk.domain.scale.suggest_scale`, PP 7/2021): it is
shown with its rule text and pre-selected; staff may choose another scale, and then the
suggestion no longer overrides their choice. The rule text is stored in Indonesian (the record).

On the owner's own screen (touch mode, issue 12 item 15) the form is short and in everyday words:
the scale (with its rule text), PKP, year and employees are left to staff, the labels are the
core's plain ones with "?" help, and "Belum punya NIB" / "Belum punya NPWP" leave those numbers
for staff (``Registration.left_for_staff``; the core's flow lets the owner go on). Staff, opening
that draft, see a note naming what the owner left to them until they fill it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from kiosk.domain.model import LegalForm, Registration, Scale
from kiosk.domain.scale import suggest_scale
from kiosk.domain.wizard import LEAVE_FOR_STAFF, waiting_for_staff
from kiosk.i18n import tr as core_tr
from ui.widgets.kbli_picker import KbliPicker
from ui.widgets.rupiah_edit import RupiahEdit
from ui.widgets.status_text import legal_form_text
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue


def _digits(parent: QWidget, max_len: int, pattern: str = r"[0-9 .-]*") -> QLineEdit:
    line = QLineEdit(parent)
    line.setMaxLength(max_len)
    line.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    line.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), line))
    return line


class BusinessPage(StepPage):
    """Business step (signals: see :class:`ui.wizard.step.StepPage`)."""

    prefixes = ("business.",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.name = QLineEdit()
        self.name.setMaxLength(150)
        self.legal_form = QComboBox()
        self.capital = RupiahEdit()
        self.sales = RupiahEdit()
        self.scale = QComboBox()
        self.scale_hint = QLabel()
        self.scale_hint.setObjectName("business_scale_hint")
        self.scale_hint.setWordWrap(True)
        self.nib = _digits(self, 20)
        self.npwp = _digits(self, 25)
        self.pkp = QCheckBox()
        self.kbli = KbliPicker()
        self.year = _digits(self, 4, r"[0-9]{0,4}")
        self.employees = _digits(self, 7, r"[0-9]{0,7}")
        editors = {
            "business.name": self.name,
            "business.legal_form": self.legal_form,
            "business.capital_idr": self.capital,
            "business.annual_sales_idr": self.sales,
            "business.scale": self.scale,
            "business.nib": self.nib,
            "business.npwp": self.npwp,
            "business.pkp": self.pkp,
            "business.kbli": self.kbli,
            "business.year_established": self.year,
            "business.employees": self.employees,
        }
        r = {f: self.add_row(f, e) for f, e in editors.items()}
        scale_column = r["business.scale"].layout()
        assert isinstance(scale_column, QBoxLayout)  # FieldRow: label, editor, message
        scale_column.insertWidget(3, self.scale_hint)
        # "Belum punya NIB/NPWP": under the input, shown on the owner's screen only.
        self.no_nib = QCheckBox()
        self.no_nib.setObjectName("business_nib_none")
        self.no_npwp = QCheckBox()
        self.no_npwp.setObjectName("business_npwp_none")
        self._none_boxes = {
            "business.nib": (self.no_nib, self.nib),
            "business.npwp": (self.no_npwp, self.npwp),
        }
        assert set(self._none_boxes) == LEAVE_FOR_STAFF  # what the core lets the owner leave
        for field, (box, _line) in self._none_boxes.items():
            column = r[field].layout()
            assert isinstance(column, QBoxLayout)
            # below the input, above its message; as wide as its text so a tap on it counts
            column.insertWidget(2, box, 0, Qt.AlignmentFlag.AlignLeft)
            box.hide()
            box.toggled.connect(lambda _c, f=field: self._left_for_staff_toggled(f))
        self.left_note = QLabel()
        self.left_note.setObjectName("business_left_for_staff")
        self.left_note.setWordWrap(True)
        self.left_note.setProperty("severity", "warning")
        self.left_note.hide()
        self._optional_for_owner = [
            r["business.scale"],
            r["business.pkp"],
            r["business.year_established"],
            r["business.employees"],
        ]
        self.build_layout(
            [
                [r["business.name"], r["business.legal_form"]],
                [r["business.capital_idr"], r["business.annual_sales_idr"]],
                [r["business.scale"]],
                [r["business.nib"], r["business.npwp"]],
                [r["business.pkp"], r["business.year_established"]],
                [r["business.kbli"], r["business.employees"]],
            ],
            top=[self.left_note],
        )
        self.set_focus_chain(
            [
                self.name,
                self.legal_form,
                self.capital.line,
                self.sales.line,
                self.scale,
                self.nib,
                self.no_nib,
                self.npwp,
                self.no_npwp,
                self.pkp,
                self.year,
                self.kbli.search.line,
                self.employees,
            ],
            enter_exempt=[self.kbli.search.line],
        )
        self._suggested: Scale | None = None
        self._scale_chosen = False  # staff picked a scale themselves: keep it
        self.name.textEdited.connect(lambda _t: self.field_edited.emit("business.name"))
        self.legal_form.activated.connect(lambda _i: self.field_edited.emit("business.legal_form"))
        self.capital.edited.connect(lambda: self._amount_edited("business.capital_idr"))
        self.sales.edited.connect(lambda: self._amount_edited("business.annual_sales_idr"))
        self.scale.activated.connect(self._scale_picked)
        self.nib.textEdited.connect(lambda _t: self.field_edited.emit("business.nib"))
        self.npwp.textEdited.connect(lambda _t: self.field_edited.emit("business.npwp"))
        self.pkp.toggled.connect(lambda _c: self.field_edited.emit("business.pkp"))
        self.kbli.changed.connect(lambda: self.field_edited.emit("business.kbli"))
        self.year.textEdited.connect(lambda _t: self.field_edited.emit("business.year_established"))
        self.employees.textEdited.connect(lambda _t: self.field_edited.emit("business.employees"))
        self.retranslate()

    # -- the owner's screen ------------------------------------------------------------------------
    def set_touch_mode(self, on: bool) -> None:
        for row in self._optional_for_owner:  # staff fill these in at the desk
            row.setVisible(not on)
        for box, _line in self._none_boxes.values():
            box.setVisible(on)
        super().set_touch_mode(on)
        self._update_left_for_staff()

    def _left_for_staff_toggled(self, field: str) -> None:
        box, line = self._none_boxes[field]
        if box.isChecked():
            line.clear()  # a half-typed number would be checked; nothing is typed now
        self._update_left_for_staff()
        self.field_edited.emit(field)

    def _update_left_for_staff(self) -> None:
        touch = self.is_touch()
        for box, line in self._none_boxes.values():
            line.setEnabled(not (touch and box.isChecked()))

    def _show_left_note(self, reg: Registration) -> None:
        """Staff see what the owner left to them while it is still empty."""
        waiting = waiting_for_staff(reg)
        if self.is_touch() or not waiting:
            self.left_note.hide()
            return
        from kiosk.domain.issues import field_label

        names = ", ".join(field_label(path, self.ctx.lang) for path in waiting)
        self.left_note.setText(
            self.tr("The owner does not have these yet; help them get them: %1").replace(
                "%1", names
            )
        )
        self.left_note.show()

    def help_button_name(self, label: str) -> str:
        return self.tr("What is “%1”?").replace("%1", label)

    # -- scale -----------------------------------------------------------------------------------
    def _amount_edited(self, field: str) -> None:
        self._update_suggestion()
        self.field_edited.emit(field)

    def _scale_picked(self, _index: int) -> None:
        self._scale_chosen = self.scale.currentData() not in (None, self._suggested_value())
        self.field_edited.emit("business.scale")

    def _suggested_value(self) -> str | None:
        return self._suggested.value if self._suggested else None

    def _update_suggestion(self) -> None:
        scale, rule = suggest_scale(self.capital.value(), self.sales.value(), self.ctx.lang)
        self._suggested = scale
        if scale is None:
            self.scale_hint.setText(rule)
        else:
            self.scale_hint.setText(
                self.tr("Suggested: %1. %2")
                .replace("%1", core_tr(f"scale.{scale.value}", self.ctx.lang))
                .replace("%2", rule)
            )
        if not self._scale_chosen:
            self.scale.setCurrentIndex(max(self.scale.findData(self._suggested_value()), 0))

    # -- wizard contract -------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.title.setText(self.tr("Business"))
        if self.is_touch():
            self.hint.setText(
                self.tr(
                    "About your business. Fields marked * are needed; tap ? for an explanation."
                )
            )
        else:
            self.hint.setText(
                self.tr(
                    "The business as registered in OSS. The scale follows PP 7/2021 from capital"
                )
                + " "
                + self.tr("or sales; choose another one only with a reason.")
            )
        self.label_rows()
        self.no_nib.setText(self.tr("I have no NIB yet (staff will help)"))
        self.no_npwp.setText(self.tr("I have no NPWP yet (staff will help)"))
        self.no_nib.setAccessibleName(self.no_nib.text())
        self.no_npwp.setAccessibleName(self.no_npwp.text())
        _refill(
            self.legal_form,
            [(None, self.tr("— choose —"))] + [(f.value, legal_form_text(f)) for f in LegalForm],
        )
        _refill(
            self.scale,
            [(None, self.tr("— choose —"))]
            + [(s.value, core_tr(f"scale.{s.value}", lang).capitalize()) for s in Scale],
        )
        self.pkp.setText(self.tr("The business is VAT-registered (PKP)"))
        self.npwp.setPlaceholderText("00.000.000.0-000.000")
        self.year.setPlaceholderText(self.tr("e.g. 2019"))
        if self.is_touch():
            self.kbli.search.line.setPlaceholderText(self.tr("Type what you sell, e.g. bread"))
        else:
            self.kbli.search.line.setPlaceholderText(
                self.tr("Type a KBLI code or words, Enter adds")
            )
        self.kbli.search.set_accessible_names(
            self.rows["business.kbli"].label.text(), self.tr("KBLI search results")
        )
        self.kbli.chosen.setAccessibleName(self.tr("Chosen KBLI codes (Delete removes)"))
        self._update_suggestion()

    def load(self, reg: Registration) -> None:
        b = reg.business
        self.name.setText(b.name)
        self.legal_form.setCurrentIndex(
            max(self.legal_form.findData(b.legal_form.value if b.legal_form else None), 0)
        )
        self.capital.set_value(b.capital_idr)
        self.sales.set_value(b.annual_sales_idr)
        self.nib.setText(b.nib)
        self.npwp.setText(b.npwp)
        self.pkp.blockSignals(True)
        self.pkp.setChecked(b.pkp)
        self.pkp.blockSignals(False)
        self.kbli.search.clear()
        self.kbli.set_codes(list(b.kbli))
        self.year.setText("" if b.year_established is None else str(b.year_established))
        self.employees.setText("" if b.employees is None else str(b.employees))
        self._scale_chosen = b.scale is not None and b.scale != b.scale_suggested
        self._update_suggestion()
        if b.scale is not None:
            self.scale.setCurrentIndex(max(self.scale.findData(b.scale.value), 0))
        for field, (box, _line) in self._none_boxes.items():
            box.blockSignals(True)
            box.setChecked(field in reg.left_for_staff)
            box.blockSignals(False)
        self._update_left_for_staff()
        self._show_left_note(reg)

    def apply(self, reg: Registration) -> None:
        b = reg.business
        b.name = self.name.text().strip()
        form = self.legal_form.currentData()
        b.legal_form = LegalForm(form) if form else None
        b.capital_idr = self.capital.value()
        b.annual_sales_idr = self.sales.value()
        suggested, rule_id = suggest_scale(b.capital_idr, b.annual_sales_idr, "id")
        b.scale_suggested = suggested
        b.scale_rule = rule_id if suggested is not None else ""
        chosen = self.scale.currentData()
        b.scale = Scale(chosen) if chosen else None
        b.nib = self.nib.text().strip()
        b.npwp = self.npwp.text().strip()
        b.pkp = self.pkp.isChecked()
        b.kbli = self.kbli.codes()
        b.year_established = _int_or_none(self.year.text())
        b.employees = _int_or_none(self.employees.text())
        left = [path for path in reg.left_for_staff if path not in self._none_boxes]
        for field, (box, line) in self._none_boxes.items():
            if box.isChecked() and not line.text().strip():  # filled in: it no longer waits
                left.append(field)
        reg.left_for_staff = left
        self._show_left_note(reg)

    def local_issues(self, field: str) -> list[ShownIssue]:
        if field == "business.capital_idr":
            return self.capital.parse_issues(field)
        if field == "business.annual_sales_idr":
            return self.sales.parse_issues(field)
        return []


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def _refill(combo: QComboBox, items: list[tuple[str | None, str]]) -> None:
    """Replace a combo box's items, keeping the selected data (language switch)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for data, text in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)

"""The on-screen keyboard in kiosk mode (issue 12 item 16): Indonesian, a numeric pad for numbers,
and the focused field (and Next) laid out above the keyboard, never under it."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from kiosk.domain.wizard import Step
from tests.ui.helpers import settle
from tests.ui.test_wizard_helpers import agree_to_consent
from ui.shell import onscreen_keyboard

# Where Qt Virtual Keyboard puts itself on a 1366×768 screen (measured under Xvfb: 427 px high).
KEYBOARD_AT_1366x768 = QRect(0, 341, 1366, 427)

DIGITS = Qt.InputMethodHint.ImhDigitsOnly
DIAL = Qt.InputMethodHint.ImhDialableCharactersOnly


def _owner_wizard(qtbot, make_window):
    window = make_window(kiosk_mode=True, kiosk_warn_ms=600_000)
    qtbot.mouseClick(window.page("welcome").start, Qt.MouseButton.LeftButton)
    wizard = window.page("wizard")
    agree_to_consent(qtbot, wizard)
    return window, wizard


def test_number_fields_ask_for_the_numeric_keypad(qtbot, make_window, supervisor):
    _window, wizard = _owner_wizard(qtbot, make_window)
    business = wizard._current_page()
    for line in (business.nib, business.npwp, business.capital.line, business.sales.line):
        assert line.inputMethodHints() & DIGITS, line.objectName()
    wizard.go_to(Step.OWNER)
    owner = wizard._current_page()
    assert owner.nik.inputMethodHints() & DIGITS
    assert owner.phone.inputMethodHints() & DIAL  # the keyboard's dial pad (+, digits)
    assert not owner.full_name.inputMethodHints() & (DIGITS | DIAL)  # names: the letters
    wizard.go_to(Step.ADDRESS)
    assert wizard._current_page().postal_code.inputMethodHints() & DIGITS
    wizard.go_to(Step.PRODUCTS)
    settle(qtbot)
    products = wizard._current_page()
    qtbot.mouseClick(products.add_button, Qt.MouseButton.LeftButton)
    price = products.model.index(0, 2)  # the price column: edited with the number pad
    products.table.setCurrentIndex(price)
    products.table.edit(price)
    editor = QApplication.focusWidget()
    assert editor.objectName() == "productPriceEditor" and editor.inputMethodHints() & DIGITS


def test_the_focused_field_and_next_stay_above_the_keyboard(qtbot, make_window, supervisor):
    window, wizard = _owner_wizard(qtbot, make_window)
    wizard.go_to(Step.OWNER)
    settle(qtbot)  # the step's first field takes the focus first
    owner = wizard._current_page()
    owner.phone.setFocus()
    settle(qtbot)
    keyboard_top = KEYBOARD_AT_1366x768.top()

    def bottom_in_window(widget) -> int:
        return widget.mapTo(window, QPoint(0, widget.height())).y()

    assert bottom_in_window(owner.phone) > keyboard_top  # the keyboard would cover it
    window.keyboard.keyboard_at(KEYBOARD_AT_1366x768)
    settle(qtbot)
    assert window.keyboard.covered == 768 - keyboard_top
    assert QApplication.focusWidget() is owner.phone
    assert bottom_in_window(owner.phone) <= keyboard_top
    assert owner.phone.visibleRegion().boundingRect().height() == owner.phone.height()
    assert bottom_in_window(wizard.nav.next) <= keyboard_top  # Next is not under the keys
    assert not window.header.isVisible()  # it steps aside while the keyboard is up

    owner.email.setFocus()  # moving on keeps the new field in view
    settle(qtbot)
    assert bottom_in_window(owner.email) <= keyboard_top
    assert owner.email.visibleRegion().boundingRect().height() == owner.email.height()

    window.keyboard.keyboard_at(QRect())  # the keyboard hides: the page takes the room back
    settle(qtbot)
    assert window.keyboard.covered == 0 and window.header.isVisible()
    assert bottom_in_window(wizard.nav.next) > keyboard_top


def test_the_keyboard_is_indonesian_when_it_is_in_use(monkeypatch):
    before = QLocale()
    try:
        monkeypatch.delenv("QT_IM_MODULE", raising=False)
        assert not onscreen_keyboard.use_keyboard_locale()  # a desk without it: nothing changes
        assert QLocale().name() == before.name()
        monkeypatch.setenv("QT_IM_MODULE", "qtvirtualkeyboard")
        assert onscreen_keyboard.use_keyboard_locale()
        assert QLocale().name() == "id_ID"
        assert QLocale().language() == QLocale.Language.Indonesian
    finally:
        QLocale.setDefault(before)


def test_a_page_too_tall_for_the_room_never_makes_the_window_grow(qtbot, make_window, supervisor):
    window, _wizard = _owner_wizard(qtbot, make_window)
    window.keyboard.keyboard_at(KEYBOARD_AT_1366x768)
    settle(qtbot)
    assert window.keyboard.covered > 0
    window.show_page("handover").show_number("T4K2Q9-20261125-0007")  # taller than 341 px
    settle(qtbot)
    assert window.height() == 768  # it grew to 1965 px under Xvfb before the margin was capped
    handover = window.page("handover")
    assert handover.number.mapTo(window, QPoint(0, handover.number.height())).y() <= 768

"""The wizard from the keyboard (issue 12, item 4): Tab ends at the primary action, Enter presses
a focused button, type-aheads pick and move on, unique Alt+letter mnemonics, F1 lists shortcuts.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget

from kiosk.domain.wizard import Step
from tests.ui.test_wizard_helpers import enter, focused, make_ctx, settle
from ui import i18n
from ui.shell.header import ShellHeader
from ui.wizard.step import last_tab_stop, step_widget

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


@pytest.fixture
def wizard(qtbot, store, qt_lang):
    from ui.wizard.wizard import WizardPage

    w = WizardPage(make_ctx(store))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.start_new()
    settle(qtbot)
    return w


def mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the visible texts that claim it (buttons, group boxes, buddied labels)."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton | QGroupBox):
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.title()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            if not widget.buddy().isVisible():
                continue
            text = widget.text()
        else:
            continue
        for letter in MNEMONIC.findall(text.replace("&&", "")):
            found[letter.casefold()].append(text)
    return found


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_two_visible_texts_share_a_mnemonic_on_any_step(qtbot, wizard, lang):
    i18n.install(lang)
    wizard.retranslate()
    clashes = {}
    for step in wizard.flow.steps:
        wizard._show(step, save=False)
        settle(qtbot)
        shared = {k: v for k, v in mnemonics(wizard).items() if len(v) > 1}
        if shared:
            clashes[step.value] = shared
    assert clashes == {}


def test_tab_from_the_last_input_reaches_next_never_the_header(qtbot, wizard):
    header = ShellHeader(wizard.ctx)  # not shown: it would take the window activation
    qtbot.addWidget(header)
    header.set_state(logged_in=True, locked=False, home_visible=True)
    assert not header.language.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab never stops there
    for step in (Step.BUSINESS, Step.OWNER, Step.ADDRESS, Step.BANK):
        wizard._show(step, save=False)
        settle(qtbot)
        last = last_tab_stop(step_widget(wizard._current_page()))
        assert last is not None
        last.setFocus()
        qtbot.keyClick(last, Qt.Key.Key_Tab)
        assert focused() is wizard.nav.next, (step, focused())
        qtbot.keyClick(wizard.nav.next, Qt.Key.Key_Tab)
        assert focused() is wizard.nav.back


def test_enter_on_a_focused_button_presses_it(qtbot, wizard):
    wizard._show(Step.OWNER, save=False)
    settle(qtbot)
    wizard.nav.back.setFocus()
    qtbot.keyClick(wizard.nav.back, Qt.Key.Key_Return)
    settle(qtbot)
    assert wizard.step == Step.BUSINESS
    for step in wizard.flow.steps:  # every visible button of every step answers Enter
        wizard._show(step, save=False)
        settle(qtbot)
        deaf = [
            b.objectName()
            for b in wizard.findChildren(QAbstractButton)
            if b.isVisible() and hasattr(b, "autoDefault") and not b.autoDefault()
        ]
        assert deaf == [], step


def test_bank_and_address_type_aheads_pick_on_enter_and_move_on(qtbot, wizard):
    wizard._show(Step.BANK, save=False)
    settle(qtbot)
    bank = wizard._current_page()
    bank.bank.line.setFocus()
    qtbot.keyClicks(bank.bank.line, "rakyat")
    qtbot.keyClick(bank.bank.line, Qt.Key.Key_Down)  # into the list, then Enter there
    enter(qtbot, focused())
    assert bank.bank.line.text() == "Bank Rakyat Indonesia (BRI)"
    assert focused() is bank.account_number
    bank.bank.line.setFocus()
    bank.bank.line.setText("Bank Desa Makmur")  # not in the list: Enter keeps it and moves on
    enter(qtbot, bank.bank.line)
    assert focused() is bank.account_number and bank.bank.line.text() == "Bank Desa Makmur"

    wizard._show(Step.ADDRESS, save=False)
    settle(qtbot)
    address = wizard._current_page()
    address.region.search.line.setFocus()
    qtbot.keyClicks(address.region.search.line, "sebengkok")
    enter(qtbot, address.region.search.line)
    assert address.region.codes()["village"]
    assert focused() is address.street


def test_f1_lists_the_shortcuts_in_the_users_language(qtbot, wizard):
    qtbot.keyClick(focused() or wizard, Qt.Key.Key_F1)
    settle(qtbot)
    help_dialog = wizard.shortcut_help
    assert help_dialog is not None and help_dialog.isVisible()
    texts = [label.text() for label in help_dialog.findChildren(QLabel)]
    assert "Ctrl+S" in texts and "F1" in texts
    assert "Pintasan keyboard" in texts  # Indonesian, the default language
    qtbot.keyClick(help_dialog, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not help_dialog.isVisible()

"""Self-service kiosk mode: welcome, owner's steps only, idle countdown, privacy reset, staff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.domain.wizard import SELF_SERVICE_FLOW, Step
from tests.ui.helpers import assert_accessible, assert_touch_targets, settle, visible_texts
from tests.ui.test_wizard_helpers import agree_to_consent

TIMEOUTS = {"kiosk_warn_ms": 400, "kiosk_countdown_ms": 1_500, "lock_ms": 60_000}


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_welcome_and_login_have_touch_sized_targets(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    assert window.current_page_name() == "welcome"
    assert window.page("welcome").property("touch") is True
    assert_touch_targets(window)
    click(qtbot, window.page("welcome").staff)
    assert window.current_page_name() == "login"
    assert window.page("login").back.isVisible()
    assert_touch_targets(window)
    assert_accessible(window.page("login"))


def test_welcome_texts_and_start_button_are_centred(qtbot, make_window, supervisor):
    from ui import theme

    assert Qt.AlignmentFlag[theme.ALIGN_CENTER] == Qt.AlignmentFlag.AlignCenter  # the key it sets
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    welcome = window.page("welcome")
    assert welcome.title.alignment() == Qt.AlignmentFlag.AlignCenter
    assert welcome.body.alignment() == Qt.AlignmentFlag.AlignCenter
    start = welcome.start.geometry()  # in the page's coordinates
    assert start.width() < welcome.width() // 2  # its own width, not the page's
    assert start.width() >= welcome.start.minimumSizeHint().width()
    assert abs(start.left() - (welcome.width() - 1 - start.right())) <= 1  # the middle


def test_idle_countdown_warns_then_clears_the_form(qtbot, make_window, store, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    click(qtbot, window.page("welcome").start)
    assert window.current_page_name() == "wizard"
    wizard = window.page("wizard")
    assert wizard.flow.steps == SELF_SERVICE_FLOW  # only the owner's steps
    agree_to_consent(qtbot, wizard)
    name = wizard.findChild(QLineEdit, "business_name")
    name.setFocus()
    qtbot.keyClicks(name, "Batik Ibu Sri")

    # Idle: the countdown appears; a touch makes it go away and keeps the form.
    qtbot.waitUntil(window.countdown.isVisible, timeout=5_000)
    assert window.countdown.number.text().isdigit()
    qtbot.keyClick(name, Qt.Key.Key_End)
    assert not window.countdown.isVisible()
    assert window.current_page_name() == "wizard" and name.text() == "Batik Ibu Sri"

    # Idle again, nobody reacts: the form is destroyed and the welcome page returns.
    with qtbot.waitSignal(window.countdown.expired, timeout=5_000):
        pass
    assert window.current_page_name() == "welcome"
    assert not window.has_page("wizard")
    assert not any("Batik Ibu Sri" in t for t in visible_texts(window))
    settle(qtbot)
    # Off the screen, not lost: the draft waits for staff.
    assert [d.business_name for d in store.list_drafts()] == ["Batik Ibu Sri"]
    click(qtbot, window.page("welcome").start)
    again = window.page("wizard")
    assert again.step == Step.CONSENT and again.reg.consent.given_at is None  # asked again
    agree_to_consent(qtbot, again)
    fresh = again.findChild(QLineEdit, "business_name")
    assert fresh is not name and fresh.text() == ""


def test_the_owner_agrees_to_consent_before_typing_personal_data(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    click(qtbot, window.page("welcome").start)
    wizard = window.page("wizard")
    assert wizard.step == Step.CONSENT  # the first screen: no input for personal data yet
    page = wizard._current_page()
    shown = [w for w in wizard.findChildren(QLineEdit) if w.isVisible()]
    assert shown == [] and page.agree.isVisible()
    assert "Sebelum Anda mengisi" in page.hint.text()  # spoken to the owner, not to staff
    assert_touch_targets(page)
    click(qtbot, wizard.nav.next)  # not agreed: the owner stays on the consent step
    assert wizard.step == Step.CONSENT and page.page_message.isVisible()
    click(qtbot, page.agree)
    click(qtbot, wizard.nav.next)
    assert wizard.step == Step.BUSINESS
    assert wizard.reg.consent.given_at is not None and wizard.reg.consent.staff_id == ""
    assert wizard.findChild(QLineEdit, "business_name").isVisible()


def test_handover_number_then_back_to_welcome(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    window.show_page("handover").show_number("T4K2Q9-20261125-0007")
    assert "T4K2Q9-20261125-0007" in visible_texts(window)
    with qtbot.waitSignal(window.countdown.expired, timeout=5_000):
        pass
    assert window.current_page_name() == "welcome" and not window.has_page("handover")


def test_owner_language_choice_is_reset_for_the_next_person(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    welcome = window.page("welcome")
    click(qtbot, welcome.english)
    assert window.ctx.lang == "en" and welcome.start.text() == "Start"
    click(qtbot, welcome.start)
    with qtbot.waitSignal(window.countdown.expired, timeout=5_000):
        pass
    assert window.ctx.lang == "id" and welcome.start.text() == "Mulai"


def test_staff_log_in_from_kiosk_mode_and_log_out_to_welcome(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    click(qtbot, window.page("welcome").start)  # an owner started, then left the wizard
    window.page("wizard").cancelled.emit()
    assert window.current_page_name() == "welcome" and not window.has_page("wizard")
    click(qtbot, window.page("welcome").staff)
    login = window.page("login")
    login.username.setText("sari")
    login.password.setText("rahasia-123")
    click(qtbot, login.submit)
    qtbot.waitUntil(lambda: window.current_page_name() == "home", timeout=10_000)
    assert not window.has_page("wizard")  # the owner's wizard is not handed to staff
    settle(qtbot)
    assert_touch_targets(window)
    click(qtbot, window.page("home").new)
    assert window.page("wizard").flow.steps != SELF_SERVICE_FLOW
    window.show_page("home")
    click(qtbot, window.page("home").logout)
    assert window.current_page_name() == "welcome" and window.ctx.user is None


def test_only_a_supervisor_can_close_the_kiosk_window(qtbot, make_window, supervisor, operator):
    window = make_window(kiosk_mode=True, **TIMEOUTS)
    assert not window.close() and window.isVisible()  # an owner pressing Alt+F4
    window.logged_in(operator)
    assert not window.close()
    window.logged_in(supervisor)
    assert window.close() and not window.isVisible()

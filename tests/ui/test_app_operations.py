"""Background operations: work off the GUI thread, results on it, dead pages left alone."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from kiosk.errors import UserFacingError
from tests.ui.helpers import settle
from ui import operations
from ui.operations import run_op


def test_result_comes_back_on_the_gui_thread(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    seen = {}

    def work():
        seen["worker"] = threading.current_thread() is threading.main_thread()
        operations.report_progress(1, 2)
        return 42

    def done(result):
        seen["result"] = result
        seen["gui"] = threading.current_thread() is threading.main_thread()

    run_op(page, work, on_done=done, progress=True)
    settle(qtbot)
    assert seen == {"worker": False, "result": 42, "gui": True}


def test_errors_go_to_on_error_or_the_default_handler(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    errors, defaults = [], []

    def boom():
        raise UserFacingError("security.login.failed")

    run_op(page, boom, on_done=lambda _r: None, on_error=errors.append)
    operations.set_default_error_handler(lambda parent, exc: defaults.append((parent, exc)))
    try:
        run_op(page, boom, on_done=lambda _r: None)
        settle(qtbot)
    finally:
        operations.set_default_error_handler(None)
    assert [e.code for e in errors] == ["security.login.failed"]
    assert defaults[0][0] is page and defaults[0][1].code == "security.login.failed"


def test_no_callback_after_the_page_is_gone(qtbot):
    page = QWidget()
    release = threading.Event()
    calls = []
    run_op(page, release.wait, on_done=calls.append, on_error=calls.append)
    shiboken6.delete(page)
    release.set()
    settle(qtbot)
    assert calls == [] and operations.pending_count() == 0


def test_reports_come_back_in_order_before_the_result_and_stop_with_the_page(qtbot):
    """What the worker reports (a scanned page while the feeder goes on) reaches the GUI thread
    in order, before the result; once the page is gone nothing more is delivered, and the worker
    never touched the page's objects (a signal of a page-owned object emitted from the worker
    raced the page's deletion: a segmentation fault in a test's teardown)."""
    page = QWidget()
    qtbot.addWidget(page)
    seen = []

    def work():
        for n in range(3):
            operations.report(n)
        return "done"

    def on_report(value):
        seen.append((value, threading.current_thread() is threading.main_thread()))

    run_op(page, work, on_done=seen.append, on_report=on_report)
    settle(qtbot)
    assert seen == [(0, True), (1, True), (2, True), "done"]

    gone = QWidget()
    reported, release, later = threading.Event(), threading.Event(), []

    def slow():
        operations.report("first")
        reported.set()
        release.wait(10)
        operations.report("after the page went")
        return "result"

    run_op(gone, slow, on_done=later.append, on_report=later.append)
    assert reported.wait(10)
    qtbot.waitUntil(lambda: later == ["first"])
    shiboken6.delete(gone)
    release.set()
    settle(qtbot)
    assert later == ["first"] and operations.pending_count() == 0
    operations.report("outside an operation")  # a no-op, not an error


def test_banner_shows_unhandled_errors_in_the_users_language(qtbot, make_window, supervisor):
    window = make_window()

    def boom():
        raise UserFacingError("security.staff.not_found")

    run_op(window.page("login"), boom, on_done=lambda _r: None)
    settle(qtbot)
    assert window.banner.isVisible()
    assert window.banner.text.text() == "Akun petugas tidak ditemukan."
    window.set_language("en")
    assert window.banner.text.text() == "Staff account not found."

    run_op(window.page("login"), lambda: 1 / 0, on_done=lambda _r: None)
    settle(qtbot)
    assert window.banner.text.text() == "An unexpected error occurred. Data already saved is safe."


def test_qt_warnings_fail_ui_tests(request):
    """tests/ui/conftest.py puts every UI test under pytest-qt's warning check."""
    marker = request.node.get_closest_marker("qt_log_level_fail")
    assert marker is not None and marker.args == ("WARNING",)

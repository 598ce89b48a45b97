"""Set-up: the province is picked from the reference list and sets the kiosk's zone (issue 12)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kiosk.domain import timezones
from tests.ui.helpers import settle, visible_texts


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_typed_province_must_be_one_of_the_list_and_sets_the_zone(qtbot, make_window, store):
    window = make_window()
    page = window.page("setup")
    assert page.province.count() == 38 and page.province.province() == ""
    type_into(qtbot, page.mpp_name, "MPP Kota Tarakan")
    type_into(qtbot, page.province, "Kaltara")  # not a province of the list
    for widget, text in (
        (page.username, "sari"),
        (page.full_name, "Sari Wulandari"),
        (page.password, "rahasia-123"),
        (page.confirm, "rahasia-123"),
    ):
        type_into(qtbot, widget, text)
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    assert "Pilih provinsi tempat mal pelayanan publik ini." in visible_texts(window)
    assert page.province.hasFocus() and store.get_setting(timezones.SETTING) is None

    page.province.lineEdit().clear()
    type_into(qtbot, page.province, "kalimantan u")  # completes in the line
    assert page.province.province() == "Kalimantan Utara"
    qtbot.keyClick(page.province, Qt.Key.Key_Return)
    assert page.username.hasFocus()
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page_name() == "home", timeout=10_000)
    try:
        assert store.get_setting("branding.province") == "Kalimantan Utara"
        assert store.get_setting(timezones.SETTING) == "Asia/Makassar"
        at = dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC)
        assert timezones.display_zone().tzname(at) == "WITA"  # in use at once
    finally:
        timezones.set_display_zone(timezones.DEFAULT_ZONE)


def test_a_supervisor_changes_the_province_and_overrides_its_zone(
    qtbot, make_window, store, supervisor
):
    store.set_setting("branding.province", "Jawa Barat")
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    qtbot.mouseClick(window.page("home").settings, Qt.MouseButton.LeftButton)
    settle(qtbot)
    general = window.page("settings").general
    assert general.province.province() == "Jawa Barat"
    assert general.zone.currentText() == "WIB (UTC+7)"
    assert general.province.select("Kalimantan Utara")
    assert general.zone.currentData() == "Asia/Makassar"  # the province's zone follows
    general.zone.setCurrentIndex(general.zone.findData("Asia/Jayapura"))  # a supervisor's choice
    try:
        qtbot.mouseClick(general.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(general.message.isVisible, timeout=10_000)
        assert store.get_setting("branding.province") == "Kalimantan Utara"
        assert store.get_setting(timezones.SETTING) == "Asia/Jayapura"
        at = dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC)
        assert timezones.display_zone().tzname(at) == "WIT"
        settle(qtbot)
        assert general.zone.currentData() == "Asia/Jayapura"  # kept after the refresh
    finally:
        timezones.set_display_zone(timezones.DEFAULT_ZONE)

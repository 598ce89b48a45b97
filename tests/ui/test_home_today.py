"""Home at 1366×768 (issue 12 item 8): today's registrations of this desk with their status and
what waits for sync; settings and log-out beside the greeting, not in a far corner."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration
from tests.ui.helpers import settle


def _rows(home):
    table = home.today.table
    return [
        [table.topLevelItem(r).text(c) for c in range(table.columnCount())]
        for r in range(table.topLevelItemCount())
    ]


def test_today_lists_this_desks_registrations_with_status_and_sync(
    qtbot, make_window, store, supervisor
):
    draft = Registration()
    draft.business.name = "Warung Makan Bu Sari"
    draft = store.save_draft(draft, staff_id=supervisor.id, step="owner")
    waiting = store.submit(complete_registration(21), staff_id=supervisor.id)
    sent = store.submit(complete_registration(22), staff_id=supervisor.id)
    for item in store.outbox_pending():
        if item.registration_id == sent.id:
            store.outbox_mark_sent(item.seq)
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    rows = {row[1]: row for row in _rows(home)}
    assert set(rows) == {draft.reg_no, waiting.reg_no, sent.reg_no}
    assert rows[draft.reg_no][2] == "Warung Makan Bu Sari"
    assert rows[draft.reg_no][3] == "Draf" and rows[draft.reg_no][4] == "belum dikirim"
    assert rows[waiting.reg_no][4] == "menunggu dikirim"
    assert rows[sent.reg_no][4] == "terkirim"
    assert all(row[0].endswith(" WIB") for row in rows.values())  # the kiosk's zone, time only
    summary = home.today.summary.text()
    assert "3 hari ini" in summary and "1 draf" in summary and "1 menunggu dikirim" in summary

    # Enter on a submitted one opens its detail; on a draft, the wizard.
    table = home.today.table
    index = [r[1] for r in _rows(home)].index(waiting.reg_no)
    table.setCurrentItem(table.topLevelItem(index))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    settle(qtbot)
    assert window.current_page_name() == "detail"


def test_only_today_and_the_layout_fills_the_desk_screen(qtbot, make_window, store, supervisor):
    from ui.widgets.today_list import start_of_today

    reg = Registration()
    reg.business.name = "Kopi Tiam"
    store.save_draft(reg, staff_id=supervisor.id, step="business")
    tomorrow = start_of_today() + dt.timedelta(days=1)
    assert store.list_changed_since(tomorrow) == []  # the day's boundary is respected
    assert [e.summary.business_name for e in store.list_changed_since(start_of_today())] == [
        "Kopi Tiam"
    ]
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    assert home.width() >= 1300  # the 1366×768 window
    top = home.greeting.mapTo(home, home.greeting.rect().topLeft()).y()
    for button in (home.settings, home.logout):
        y = button.mapTo(home, button.rect().topLeft()).y()
        assert abs(y - top) < 40, "settings and log-out sit on the greeting's line"
    table = home.today.table
    bottom = table.mapTo(home, table.rect().bottomLeft()).y()
    assert table.isVisible() and bottom > home.height() - 120  # no empty lower half
    assert table.width() > home.width() / 2 - 40

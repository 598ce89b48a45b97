"""Every page fits the 1366×768 desk screen: none makes the window taller than the screen.

Found by the walk-through on a real X server (scripts/walkthrough.py): the products step with its
catalogue details made the wizard, and so the window, taller than 768 px, and Next went off the
screen on every step; the detail page did the same through the correction editor's tabs.
"""

from __future__ import annotations

from kiosk.domain.examples import complete_registration
from kiosk.domain.wizard import Step
from tests.ui.helpers import settle


def test_the_wizard_and_the_detail_page_keep_the_window_at_768(
    qtbot, make_window, store, supervisor
):
    reg = store.submit(complete_registration(5), staff_id=supervisor.id)
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    window.start_registration()
    wizard = window.page("wizard")
    for step in wizard.flow.steps:
        if step in (Step.SUBMIT, Step.RECEIPT):
            continue
        wizard.go_to(step)
        settle(qtbot)
        assert window.height() == 768, step
        next_bottom = wizard.nav.next.mapTo(window, wizard.nav.next.rect().bottomLeft()).y()
        assert next_bottom <= 768, f"Next is off the screen on {step}"
    window.open_detail(reg.id)
    settle(qtbot)
    assert window.height() == 768

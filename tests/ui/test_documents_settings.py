"""The Documents tab of the settings: test scanner (real SANE test device) and preset editing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.test_documents_support import require_sane
from tests.ui.helpers import assert_accessible, settle


@pytest.fixture
def make_settings(qtbot: Any, store: Any, qt_lang: Any) -> Any:
    from ui.context import AppContext
    from ui.widgets.document_settings import DocumentSettings

    def make(user: Any = None) -> Any:
        ctx = AppContext(store, lang="id")
        ctx.set_user(user)
        widget = DocumentSettings(ctx)
        widget.ctx_keep = ctx
        qtbot.addWidget(widget)
        widget.resize(1200, 700)
        widget.show()
        settle(qtbot)
        return widget

    return make


def test_registered_as_a_settings_section(qapp: Any) -> None:
    from ui.pages.settings_page import registered_sections

    assert "documents" in [s.key for s in registered_sections()]


def test_test_scanner_scans_one_page_and_shows_it(make_settings: Any, qtbot: Any) -> None:
    require_sane()
    widget = make_settings()
    ids = [widget.scanners.item(i).data(256) for i in range(widget.scanners.count())]
    widget.scanners.setCurrentRow(ids.index("sane:test:0"))
    widget.test_button.click()
    settle(qtbot, 30_000)
    assert widget.preview.has_image()
    assert "150 dpi" in widget.message.text()
    assert_accessible(widget)


def test_supervisor_edits_a_preset_and_operator_cannot(
    make_settings: Any, qtbot: Any, store: Any, supervisor: Any, operator: Any
) -> None:
    from kiosk.documents.presets import PresetBook

    plain = make_settings(operator)
    assert not plain.save_button.isEnabled() and not plain.dpi.isEnabled()
    widget = make_settings(supervisor)
    names = [widget.preset_list.item(i).text() for i in range(widget.preset_list.count())]
    widget.preset_list.setCurrentRow(names.index("NIB"))
    widget.dpi.setValue(300)
    widget.color.setCurrentIndex(widget.color.findData("bw"))
    widget.save_button.click()
    settle(qtbot)
    saved = PresetBook(store).get("NIB")
    assert (saved.dpi, saved.color) == (300, "bw")
    widget.reset_button.click()
    settle(qtbot)
    assert PresetBook(store).get("NIB").dpi == 200

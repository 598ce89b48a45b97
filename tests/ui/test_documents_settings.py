"""The Documents tab of the settings: test scanner (real SANE test device) and preset editing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.test_documents_support import require_sane
from tests.ui.helpers import assert_accessible, settle


@pytest.fixture
def make_settings(qtbot: Any, store: Any, qt_lang: Any) -> Any:
    from ui.context import AppContext
    from ui.settings.documents import DocumentSettings

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


def test_listed_as_a_settings_section(qapp: Any) -> None:
    from ui.settings.page import sections

    assert "documents" in [s.key for s in sections()]


@pytest.mark.sane
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


def test_supervisor_edits_copies_deletes_presets_and_operator_cannot(
    make_settings: Any, qtbot: Any, store: Any, supervisor: Any, operator: Any
) -> None:
    from kiosk.documents.presets import PresetBook

    plain = make_settings(operator)
    assert not plain.presets.save_button.isEnabled() and not plain.presets.dpi.isEnabled()
    # keep the settings widget itself: pytest-qt holds widgets weakly, and the editor dies with it
    settings = make_settings(supervisor)
    editor = settings.presets
    assert_accessible(editor)
    names = [editor.preset_list.item(i).text() for i in range(editor.preset_list.count())]
    editor.preset_list.setCurrentRow(names.index("NIB"))
    editor.dpi.setValue(300)
    editor.color.setCurrentIndex(editor.color.findData("bw"))
    editor.save_button.click()
    settle(qtbot)
    saved = PresetBook(store).get("NIB")
    assert (saved.dpi, saved.color) == (300, "bw")
    editor.copy_button.click()
    settle(qtbot)
    assert PresetBook(store).get("NIB (2)").color == "bw"
    editor.name.setText("")
    editor.save_button.click()  # an empty name is refused with a message, nothing changes
    settle(qtbot)
    assert "tidak sah" in editor.message.text() and PresetBook(store).get("NIB").dpi == 300
    names = [p.name for p in editor.presets]
    editor.preset_list.setCurrentRow(names.index("NIB (2)"))
    editor.delete_button.click()
    settle(qtbot)
    assert "NIB (2)" not in [p.name for p in PresetBook(store).all()]
    editor.reset_button.click()
    settle(qtbot)
    assert PresetBook(store).get("NIB").dpi == 200

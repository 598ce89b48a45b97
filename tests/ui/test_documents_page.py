"""The documents step page, driven for real: store, vault, pipeline, SANE test device, files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage

from kiosk.documents import synthetic
from kiosk.domain.model import Business, DocumentType, LegalForm, Registration
from tests.core.test_documents_support import require_sane
from tests.ui.helpers import assert_accessible, clipped_buttons, settle, visible_texts


@pytest.fixture
def page(qtbot: Any, store: Any, qt_lang: Any) -> Any:
    from ui.context import AppContext
    from ui.wizard.steps.documents import DocumentsPage

    ctx = AppContext(store, lang="id")
    widget = DocumentsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    reg = Registration(business=Business(name="CV Maju", legal_form=LegalForm.CV))
    widget.set_registration(reg)
    settle(qtbot)
    widget.ctx_keep = ctx  # the context must live as long as the page
    return widget


def _png(tmp_path: Path, name: str = "nib.png") -> Path:
    path = tmp_path / name
    synthetic.a4_page(150, lines=10).save(path, dpi=(150, 150))
    return path


def _rows(page: Any) -> dict[str, str]:
    c = page.controls.checklist
    return {c.item(i).data(Qt.ItemDataRole.UserRole): c.item(i).text() for i in range(c.count())}


def test_checklist_for_the_legal_form_and_accessibility(page: Any) -> None:
    rows = _rows(page)
    assert {"ktp", "npwp", "nib", "deed_establishment"} <= set(rows)
    assert "wajib" in rows["ktp"] and "belum ada" in rows["ktp"]
    assert page.controls.checklist.currentItem().data(Qt.ItemDataRole.UserRole) == "ktp"
    assert_accessible(page)


def test_import_adds_pages_to_the_selected_document(page: Any, qtbot: Any, tmp_path: Path) -> None:
    page.controls.select_type(DocumentType.NIB)
    with qtbot.waitSignal(page.changed, timeout=10_000):
        page.import_paths([str(_png(tmp_path))])
    settle(qtbot)
    reg = page.registration()
    (doc,) = [d for d in reg.documents if d.doc_type == DocumentType.NIB]
    assert len(doc.pages) == 1 and page.vault().has(doc.pages[0].sha256)
    assert "1 halaman" in _rows(page)["nib"]
    assert page.controls.pages.count() == 1
    assert page.controls.status.isVisible()
    assert page.controls.status.text() == page.tr("%n page(s) added.", "", 1)


def test_the_status_counts_the_pages_shown_when_the_worker_is_ahead(
    page: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The worker stores all three pages before the page shows the first: as each is shown the
    status counts the pages shown so far (1, 2, 3), not the session's count (3 each time)."""
    from ui import operations

    page.controls.select_type(DocumentType.NIB)
    shown: list[str] = []
    page.runner.page_stored.connect(lambda *_: shown.append(page.controls.status.text()))
    page.import_paths([str(_png(tmp_path, f"nib-{n}.png")) for n in range(3)])
    operations.pool().waitForDone(30_000)  # the GUI thread delivers nothing meanwhile
    assert len(page.runner.session.stored) == 3 and shown == []
    settle(qtbot)
    assert shown == [page.tr("%n page(s) so far…", "", n) for n in (1, 2, 3)]


def test_bad_file_shows_a_message_and_keeps_pages(page: Any, qtbot: Any, tmp_path: Path) -> None:
    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path))])
    settle(qtbot)
    (tmp_path / "kosong.pdf").write_bytes(b"")
    page.import_paths([str(tmp_path / "kosong.pdf")])
    settle(qtbot)
    assert "kosong.pdf kosong" in page.controls.status.text()
    html = tmp_path / "<b>aneh<b>.png"
    html.write_bytes(b"")
    page.import_paths([str(html)])
    settle(qtbot)
    assert page.controls.status.textFormat() == Qt.TextFormat.PlainText
    assert "<b>aneh<b>.png" in page.controls.status.text()  # shown as typed, not as HTML
    assert page.controls.status.isVisible() and page.controls.pages.count() == 1


def test_drop_files_onto_the_page(page: Any, qtbot: Any, tmp_path: Path) -> None:
    page.controls.select_type(DocumentType.NPWP)
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(_png(tmp_path, "a.png"))),
            QUrl.fromLocalFile(str(_png(tmp_path, "b.png"))),
        ]
    )
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    settle(qtbot)
    assert page.controls.pages.count() == 2


def test_rotate_reorder_delete_undo_and_zoom(page: Any, qtbot: Any, tmp_path: Path) -> None:
    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path, "1.png")), str(_png(tmp_path, "2.png"))])
    settle(qtbot)
    doc = next(d for d in page.registration().documents if d.doc_type == DocumentType.NIB)
    first, second = doc.pages
    page.controls.pages.setCurrentRow(0)
    settle(qtbot)
    assert page.controls.preview.has_image()
    before = page.controls.preview.zoom
    page.controls.zoom_in.click()
    assert page.controls.preview.zoom > before
    page.controls.rotate_right.click()
    settle(qtbot)
    rotated = doc.pages[0]
    assert rotated.sha256 != first.sha256 and (rotated.width, rotated.height) == (
        first.height,
        first.width,
    )
    page.controls.pages.setCurrentRow(0)
    page.controls.later.click()
    assert [p.sha256 for p in doc.pages] == [second.sha256, rotated.sha256]
    page.controls.pages.setCurrentRow(1)
    page.controls.delete.click()
    assert [p.sha256 for p in doc.pages] == [second.sha256]
    page.controls.undo.click()
    assert [p.sha256 for p in doc.pages] == [second.sha256, rotated.sha256]


def test_camera_still_is_perspective_corrected(page: Any, qtbot: Any) -> None:
    page.controls.select_type(DocumentType.NIB)
    dialog = page.open_camera()
    assert "No camera" in dialog.message.text() or "kamera" in dialog.message.text().lower()
    assert not dialog.capture_button.isEnabled()
    photo, _ = synthetic.photo_of(synthetic.a4_page(150, lines=20))
    image = QImage(
        photo.data, photo.shape[1], photo.shape[0], photo.strides[0], QImage.Format.Format_RGB888
    ).copy()
    dialog.deliver(image)
    settle(qtbot)
    (ref,) = page._pages()
    assert ref.height > ref.width and abs(ref.height / ref.width - 297 / 210) < 0.02


@pytest.mark.sane
def test_scan_from_the_sane_test_device_and_remember_it(page: Any, qtbot: Any, store: Any) -> None:
    require_sane()
    page.controls.select_type(DocumentType.DEED_ESTABLISHMENT)
    index = page.controls.device.findData("sane:test:0")
    assert index >= 0
    page.controls.device.setCurrentIndex(index)
    page.controls.preset.setCurrentIndex(page.controls.preset.findText("Akta, feeder, duplex"))
    page.controls.scan.click()
    assert page.controls.cancel.isEnabled() and not page.controls.scan.isEnabled()
    assert page.controls.progress.isVisible()
    settle(qtbot, 60_000)
    assert page.controls.pages.count() == 10
    assert not page.controls.progress.isVisible() and page.controls.scan.isEnabled()
    assert store.get_setting("documents.last_device") == "sane:test:0"
    assert (
        store.get_setting("documents.last_preset")["deed_establishment"] == "Akta, feeder, duplex"
    )
    assert any("10 halaman" in t for t in visible_texts(page))


def test_language_switch_tab_order_and_touch_targets(page: Any, qtbot: Any) -> None:
    from tests.ui.helpers import assert_touch_targets

    page.ctx_keep.set_language("en")
    assert "required" in _rows(page)["ktp"] and "missing" in _rows(page)["ktp"]
    page.ctx_keep.set_language("id")
    assert "wajib" in _rows(page)["ktp"]
    from PySide6.QtWidgets import QApplication

    c = page.controls
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    c.checklist.setFocus()
    for expected in [w for w in (c.preset, c.device, c.scan, c.camera) if w.isEnabled()]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    assert_touch_targets(page)


def test_pages_whose_file_is_gone_are_flagged(qtbot: Any, store: Any, qt_lang: Any) -> None:
    from kiosk.domain.examples import complete_registration
    from ui.context import AppContext
    from ui.wizard.steps.documents import DocumentsPage

    ctx = AppContext(store, lang="id")
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    page.set_registration(complete_registration(3))  # its page hashes have no files here
    settle(qtbot)
    assert "perlu dipindai ulang" in _rows(page)["ktp"]


def test_full_disk_keeps_pages_on_screen_until_saved_again(
    page: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from kiosk.documents import vault as vault_module
    from kiosk.fsutil import atomic_write_bytes

    full = {"on": True}

    def disk(path, data, mode=0o600):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        atomic_write_bytes(path, data, mode)

    monkeypatch.setattr(vault_module, "atomic_write_bytes", disk)
    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path))])
    settle(qtbot)
    assert "Penyimpanan penuh" in page.controls.status.text()
    assert page.controls.retry.isVisible() and page.controls.pages.count() == 0
    assert len(page.runner.session.pending) == 1  # the processed page waits in memory
    full["on"] = False
    with qtbot.waitSignal(page.changed, timeout=10_000):
        page.controls.retry.click()
    settle(qtbot)
    assert page.controls.pages.count() == 1 and not page.runner.session.pending
    assert not page.controls.retry.isVisible()
    (ref,) = page._pages()
    assert page.vault().has(ref.sha256)


@pytest.mark.sane
def test_cancel_a_feeder_scan_keeps_what_arrived(page: Any, qtbot: Any) -> None:
    require_sane()
    page.controls.select_type(DocumentType.DEED_AMENDMENT)
    page.controls.device.setCurrentIndex(page.controls.device.findData("sane:test:0"))
    page.controls.preset.setCurrentIndex(page.controls.preset.findText("Akta, feeder, duplex"))
    assert not page.controls.cancel.isVisible()  # nothing to cancel yet: not shown
    with qtbot.waitSignal(page.runner.page_stored, timeout=30_000):
        page.controls.scan.click()
        assert page.controls.status.text() == "Memindai halaman 1…"  # at once, before a page
        assert page.controls.cancel.isVisible()
    assert page.controls.status.text() == "Memindai halaman 2…"  # the feeder reads sheet 2
    page.controls.cancel.click()
    settle(qtbot, 30_000)
    count = page.controls.pages.count()
    assert 1 <= count < 10
    assert len(page._pages()) == count and page.controls.scan.isEnabled()
    assert all(page.vault().has(p.sha256) for p in page._pages())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_button_label_is_cut_off_on_a_1366_screen(page: Any, qtbot: Any, lang: str) -> None:
    page.ctx_keep.set_language(lang)
    page.resize(1366 - 2 * 24, 600)  # the wizard's margins on a 1366×768 desk screen
    settle(qtbot)
    assert clipped_buttons(page) == []


def test_empty_state_says_what_to_do_and_shows_no_page_buttons(page: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    c = page.controls
    first = c.checklist.currentItem().data(Qt.ItemDataRole.UserRole)
    assert c.type_label(DocumentType(first)) in c.empty.text()  # as the step opens, too
    page.controls.select_type(DocumentType.NIB)
    assert c.title.isVisible() and c.title.text() == "Dokumen"
    assert c.pages_area.currentWidget() is c.empty and c.empty.isVisible()
    assert "Belum ada halaman" in c.empty.text() and "Pindai" in c.empty.text()
    assert c.type_label(DocumentType.NIB) in c.empty.text()  # names the selected document
    page_buttons = (c.rotate_left, c.rotate_right, c.earlier, c.later, c.delete, c.undo, c.zoom_in)
    assert not any(b.isVisible() for b in page_buttons) and not c.cancel.isVisible()
    disabled = [b for b in page.findChildren(QPushButton) if b.isVisible() and not b.isEnabled()]
    assert len(disabled) <= 1  # at most Scan, when no scanner is connected


def test_the_page_grid_shows_large_whole_thumbnails(page: Any, qtbot: Any, tmp_path: Path) -> None:
    c = page.controls
    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path, f"{n}.png")) for n in range(3)])
    settle(qtbot)
    assert c.pages_area.currentWidget() is c.work and c.pages.isVisible()
    assert all(b.isVisible() for b in (c.rotate_left, c.delete, c.zoom_in))
    assert c.pages.iconSize().width() >= 200
    viewport = c.pages.viewport().rect()
    for i in range(c.pages.count()):
        item = c.pages.item(i)
        assert not item.icon().isNull()
        rect = c.pages.visualItemRect(item)
        assert viewport.contains(rect), f"page {i + 1} is cut off: {rect} in {viewport}"
        assert rect.height() >= 200  # the picture at full size, not squeezed
    assert c.pages.verticalScrollBar().maximum() == 0  # three pages fit without scrolling


def test_drag_a_page_to_another_place(page: Any, qtbot: Any, tmp_path: Path) -> None:
    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path, f"{n}.png")) for n in range(3)])
    settle(qtbot)
    doc = next(d for d in page.registration().documents if d.doc_type == DocumentType.NIB)
    first, second, third = (p.sha256 for p in doc.pages)
    grid = page.controls.pages
    mime = grid.mimeData([grid.item(0)])  # what a drag of the first page carries
    target = grid.visualItemRect(grid.item(2))
    drop = QDropEvent(
        QPointF(target.right() - 2, target.center().y()),  # right half of the third page
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(page.changed, timeout=5_000):
        grid.dropEvent(drop)
    assert [p.sha256 for p in doc.pages] == [second, third, first]
    assert grid.hashes() == [second, third, first] and grid.count() == 3  # moved, not copied
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(_png(tmp_path, "x.png")))])
    other = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        files,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    grid.dropEvent(other)
    assert not other.isAccepted()  # files are the page's to import, not a reorder


def test_the_review_shows_a_picture_of_every_page(page: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.wizard.steps.review import ReviewPage

    page.controls.select_type(DocumentType.NIB)
    page.import_paths([str(_png(tmp_path, "1.png")), str(_png(tmp_path, "2.png"))])
    settle(qtbot)
    review = ReviewPage(page.ctx_keep)
    qtbot.addWidget(review)
    review.resize(1366, 700)
    review.show()
    review.load(page.registration())
    settle(qtbot)
    assert review.thumbnails.isVisible() and review.thumbnails.count() == 2
    assert review.thumbnails.shown_with_picture() == 2
    assert review.thumbnails.visualItemRect(review.thumbnails.item(1)).bottom() <= (
        review.thumbnails.viewport().height()
    )  # the caption under the picture is not cut off

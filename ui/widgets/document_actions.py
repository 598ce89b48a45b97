"""What the documents step does to the pages of the selected document: rotate, reorder, delete,
undo, preview; and files dropped on the page (imported like the import button's).

A mixin of :class:`ui.wizard.steps.documents.DocumentsPage` (kept apart so each module stays about
one thing); it relies on the page's ``controls``, ``_reg``, ``_doc_type``, ``_thumbs``, ``_undo``,
``vault()``, ``_changed()``, ``_capture_failed()`` and ``import_paths()``.

Rotation writes a new page (new content, new hash) durably into the vault before the registration
changes; the old file stays until the start-up sweep finds nothing referencing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage

from kiosk.domain.model import DocumentRef, DocumentType, PageRef, Registration
from ui.operations import run_op

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from ui.widgets.document_capture import CaptureRunner
    from ui.widgets.document_controls import DocumentControls


class PageActions:
    """Mixin (no signals of its own) of a QObject: the page."""

    controls: DocumentControls
    runner: CaptureRunner
    _reg: Registration | None
    _doc_type: DocumentType
    _thumbs: dict[str, bytes]
    _undo: list[tuple[DocumentType, int, PageRef]]

    # provided by the page
    def vault(self) -> Vault:
        raise NotImplementedError

    def _changed(self) -> None:
        raise NotImplementedError

    def _capture_failed(self, exc: BaseException) -> None:
        raise NotImplementedError

    def import_paths(self, paths: list[str]) -> None:
        raise NotImplementedError

    def _current_index(self) -> int:
        return self.controls.pages.currentRow()

    def _registration(self) -> Registration:
        """The loaded registration (pages, and so their actions, are shown only for one)."""
        assert self._reg is not None
        return self._reg

    def _page_object(self) -> QObject:
        """The page itself, which runs the operations (it is the QObject this mixin is of)."""
        assert isinstance(self, QObject)
        return self

    def _owner_of(self, index: int) -> tuple[DocumentRef, int]:
        """The DocumentRef holding the type's ``index``-th page, and the index inside it."""
        from kiosk.documents.status import documents_of

        for document in documents_of(self._registration(), self._doc_type):
            if index < len(document.pages):
                return document, index
            index -= len(document.pages)
        raise IndexError(index)

    def _apply_order(self) -> None:
        from kiosk.documents.status import documents_of

        documents = documents_of(self._registration(), self._doc_type)
        remaining = [p for d in documents for p in d.pages]
        ordered = []
        for sha in self.controls.pages.hashes():
            match = next(p for p in remaining if p.sha256 == sha)
            remaining.remove(match)
            ordered.append(match)
        documents[0].pages = ordered + remaining
        for extra in documents[1:]:
            extra.pages = []
        self._changed()

    def delete_page(self) -> None:
        index = self._current_index()
        if index < 0:
            return
        document, inner = self._owner_of(index)
        self._undo.append((self._doc_type, index, document.pages.pop(inner)))
        self.controls.preview.clear()
        self._changed()

    def undo_delete(self) -> None:
        if not self._undo:
            return
        from kiosk.documents.status import document_for

        doc_type, index, ref = self._undo.pop()
        pages = document_for(self._registration(), doc_type).pages
        pages.insert(min(index, len(pages)), ref)
        self._changed()

    def rotate(self, quarter_turns: int) -> None:
        index = self._current_index()
        if index < 0 or self.runner.busy:
            return
        document, inner = self._owner_of(index)
        old = document.pages[inner]
        vault = self.vault()

        def work() -> tuple[PageRef, bytes]:
            from kiosk.documents.pipeline import rotate_page, thumbnail

            data, media_type = rotate_page(vault.get(old.sha256), quarter_turns)
            sha = vault.put(data, media_type)  # durable before the row changes
            return PageRef(sha, media_type, old.height, old.width, old.dpi, len(data)), thumbnail(
                data
            )

        def done(result: tuple[PageRef, bytes]) -> None:
            ref, thumb = result
            if inner < len(document.pages) and document.pages[inner] is old:
                document.pages[inner] = ref
                self._thumbs[ref.sha256] = thumb
                self._changed()

        run_op(
            self._page_object(),
            work,
            on_done=done,
            on_error=self._capture_failed,
        )

    def _show_current(self) -> None:
        sha = self.controls.pages.current_hash()
        self.controls.set_page_actions(self.controls.pages.count(), bool(self._undo))
        if not sha:
            self.controls.preview.clear()
            return
        vault = self.vault()
        run_op(
            self._page_object(),
            lambda: vault.get(sha),
            on_done=lambda data: self._preview(sha, data),
            on_error=self._capture_failed,
        )

    def _preview(self, sha: str, data: bytes) -> None:
        if self.controls.pages.current_hash() == sha:  # still the page the user looks at
            self.controls.preview.set_image(QImage.fromData(data))

    # -- drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.import_paths(paths)

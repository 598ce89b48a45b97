"""The documents step: the checklist for the legal form, capture (scanner, camera, files), pages.

Flow of a capture: the chosen source runs off the GUI thread (:class:`CaptureRunner`); each page is
cleaned by the core pipeline and durably stored in the encrypted vault *before* it is added to
``reg.documents`` here; ``changed()`` then makes the wizard save the draft (the row). A failure
part-way (scanner unplugged, disk full) shows its message and keeps every page already captured;
pages that could not be stored stay in memory with a "save again" button.

Remembered in kiosk settings: the last scanner and, per document type, the last preset.

As a wizard step (:class:`ui.wizard.step.StepView`) the page edits the wizard's registration in
place: ``load(reg)`` shows it and every change of its pages is ``field_edited("documents")``;
its issues are the checklist's: when the step cannot be left, the missing required documents are
marked in the checklist, the first is selected and :meth:`DocumentsPage.blocked_text` names them
("Masih kurang: NIB, SPPKP") for the wizard's status line, because a generic "fix the marked
fields" with nothing marked under a field told staff nothing (issue 12). The mark follows the
pages: a document captured later loses its mark at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.domain.model import DocumentType, PageRef, Registration
from ui.operations import run_op
from ui.widgets.document_actions import PageActions
from ui.widgets.document_capture import CaptureRunner
from ui.widgets.document_controls import DocumentControls
from ui.widgets.forms import error_text, show_message

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from kiosk.documents.capture import CaptureSession
    from kiosk.documents.presets import Preset
    from kiosk.documents.scanner import ScannerInfo
    from kiosk.documents.vault import Vault
    from ui.camera import CameraDialog
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue

    # presets, last scanner, last preset per document type, scanners found
    Settings = tuple[list[Preset], str | None, dict[str, str], list[ScannerInfo]]

FILE_FILTER = "*.jpg *.jpeg *.png *.tif *.tiff *.pdf"


class DocumentsPage(PageActions, QWidget):
    """Signals: changed() — pages were added, removed, rotated or reordered in ``reg.documents``;
    field_edited(str) (``documents``, on every change) and advance_requested() (never) of a step.
    """

    changed = Signal()
    field_edited = Signal(str)
    advance_requested = Signal()
    ktp_page_stored = Signal(object)  # PageRef of a KTP page now in the vault (issue 15: read it)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPage")
        self.ctx = ctx
        self._reg: Registration | None = None
        self._doc_type = DocumentType.KTP
        self._capture_type = DocumentType.KTP
        self._capture_reg: Registration | None = None  # where a running capture adds pages
        self._thumbs: dict[str, bytes] = {}
        self._flagged: set[str] = set()  # pages whose file is missing or damaged on this kiosk
        self._marking = False  # the step was refused: missing documents are marked
        self._presets: list[Preset] = []
        self._last_preset: dict[str, str] = {}
        self._undo: list[tuple[DocumentType, int, PageRef]] = []
        self._vault: Vault | None = None
        self._loaded = False
        self._scanning = False  # the running capture is a scan (progress names the page)
        self._delivered = 0  # pages of the running capture shown so far (the status counts these)
        self.setAcceptDrops(True)
        self.runner = CaptureRunner(self)
        self.controls = DocumentControls(self)
        c = self.controls
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 8)
        outer.addWidget(c.title)
        outer.addWidget(c.hint)
        layout = QHBoxLayout()
        layout.addWidget(c.checklist_box, 2)
        right = QVBoxLayout()
        right.addLayout(c.capture_row)
        right.addLayout(c.status_row)
        right.addWidget(c.pages_area, 1)
        right.addLayout(c.page_row)
        layout.addLayout(right, 5)
        outer.addLayout(layout, 1)
        c.checklist.currentItemChanged.connect(self._type_selected)
        c.scan.clicked.connect(self.scan)
        c.camera.clicked.connect(self.open_camera)
        c.import_files.clicked.connect(self._choose_files)
        c.cancel.clicked.connect(self.runner.cancel)
        c.retry.clicked.connect(self.runner.retry_pending)
        c.rotate_left.clicked.connect(lambda: self.rotate(-1))
        c.rotate_right.clicked.connect(lambda: self.rotate(1))
        c.earlier.clicked.connect(lambda: c.pages.move_current(-1))
        c.later.clicked.connect(lambda: c.pages.move_current(1))
        c.delete.clicked.connect(self.delete_page)
        c.undo.clicked.connect(self.undo_delete)
        c.preset.currentIndexChanged.connect(self._preset_chosen)
        c.pages.order_changed.connect(self._apply_order)
        c.pages.currentItemChanged.connect(lambda *_: self._show_current())
        self.runner.page_stored.connect(self._page_stored)
        self.runner.finished.connect(self._capture_finished)
        self.runner.failed.connect(self._capture_failed)
        self.runner.busy_changed.connect(c.set_busy)
        self.changed.connect(lambda: self.field_edited.emit("documents"))
        self.ctx.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()
        c.set_busy(False)

    # -- contract --------------------------------------------------------------------------------
    def set_registration(self, reg: Registration) -> None:
        if self._reg is None or self._reg.id != reg.id:
            self._thumbs.clear()  # another person's pages leave memory with their registration
            self._flagged.clear()
            self._marking = False
            self.runner.cancel()  # a scan for the previous registration stops at the next sheet
        self._reg = reg
        self._undo.clear()
        self.controls.preview.clear()
        if not self._loaded:
            self._loaded = True
            self._load_settings()
        self._refresh_checklist(select_missing=True)
        self._refresh_pages()  # the selected document's pages, or what to do to add the first
        self._load_thumbnails()

    def registration(self) -> Registration | None:
        return self._reg

    # -- the wizard step (StepView) --------------------------------------------------------------
    def load(self, reg: Registration) -> None:
        self.set_registration(reg)

    def apply(self, reg: Registration) -> None:
        """Pages are added to the loaded registration itself; another one gets a copy of them."""
        if self._reg is not None and self._reg is not reg:
            reg.documents = list(self._reg.documents)

    def local_issues(self, field: str) -> list[ShownIssue]:
        return []

    def owns(self, field: str) -> bool:
        return field.startswith("documents")

    def first_input(self) -> QWidget | None:
        return self

    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        """Missing documents are marked in the checklist (there is no field to show them under).
        A full check (``fields`` None) turns the marks on or off; an edit's check (``fields``
        given) keeps them on, and they follow the pages (:meth:`missing_types`)."""
        if fields is None:
            self._marking = any(i.field == "documents" and i.severity == "error" for i in issues)
        self._refresh_checklist()

    def rerender_issues(self) -> None:
        self._refresh_checklist()

    def focus_first_error(self) -> bool:
        missing = self.missing_types()
        if not self._marking or not missing:
            return False
        self.controls.select_type(missing[0])
        self.controls.checklist.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def missing_types(self) -> list[DocumentType]:
        """Required document types still without (enough) pages, in checklist order."""
        from kiosk.domain.checklist import missing_documents

        if self._reg is None:
            return []
        return list(dict.fromkeys(item.doc_type for item in missing_documents(self._reg)))

    def blocked_text(self) -> str:
        """ "Still missing: NIB, SPPKP" while the step is refused for missing documents, else ""."""
        from importlib import import_module

        from kiosk.i18n import tr as core_tr

        import_module("kiosk.documents.status")  # registers the documents.type.* names
        missing = self.missing_types() if self._marking else []
        if not missing:
            return ""
        names = ", ".join(core_tr(f"documents.type.{t.value}", self.ctx.lang) for t in missing)
        return self.tr("Still missing: {0}").format(names)

    def retranslate(self) -> None:
        self.controls.retranslate()
        self._refresh_checklist()
        self._refresh_pages()

    # -- loading ---------------------------------------------------------------------------------
    def vault(self) -> Vault:
        if self._vault is None:
            from kiosk.documents.vault import Vault

            self._vault = Vault(self.ctx.store.paths.documents, self.ctx.store.keys)
        return self._vault

    def _load_settings(self) -> None:
        store = self.ctx.store

        def load() -> Settings:
            from kiosk.documents import presets, scanner

            book = presets.PresetBook(store)
            try:
                devices = scanner.list_scanners()
            except Exception:  # a broken driver must not break the page: no scanners listed
                devices = []
            return (
                book.all(),
                store.get_setting(presets.LAST_DEVICE, None),
                store.get_setting(presets.LAST_PRESET, None) or {},
                devices,
            )

        run_op(self, load, on_done=self._settings_loaded, on_error=self._capture_failed)

    def _settings_loaded(self, result: Settings) -> None:
        self._presets, last_device, self._last_preset, devices = result
        self.controls.set_devices(devices, last_device)
        self._select_preset()

    def _load_thumbnails(self) -> None:
        documents = self._reg.documents if self._reg is not None else []
        wanted = [p.sha256 for d in documents for p in d.pages if p.sha256 not in self._thumbs]
        if not wanted:
            return
        vault = self.vault()

        def load() -> tuple[dict[str, bytes], set[str]]:
            from kiosk.documents.pipeline import thumbnail
            from kiosk.errors import UserFacingError

            found, flagged = {}, set()
            for sha in wanted:
                try:
                    found[sha] = thumbnail(vault.get(sha))
                except UserFacingError as exc:  # the page shows without a picture
                    if exc.code != "documents.page.sent_to_central":
                        flagged.add(sha)  # missing or damaged here: it must be scanned again
            return found, flagged

        run_op(self, load, on_done=self._thumbnails_loaded)

    def _thumbnails_loaded(self, result: tuple[dict[str, bytes], set[str]]) -> None:
        thumbs, flagged = result
        self._thumbs.update(thumbs)
        self._flagged |= flagged
        self._refresh_checklist()
        self._refresh_pages()

    # -- checklist and pages ---------------------------------------------------------------------
    def _refresh_checklist(self, select_missing: bool = False) -> None:
        if self._reg is None:
            return
        from kiosk.documents.status import checklist_rows

        rows = checklist_rows(self._reg, self.ctx.lang, self._flagged)
        self.controls.set_checklist(rows, self.ctx.lang, self._doc_type)
        self.controls.mark_missing(set(self.missing_types()) if self._marking else set())
        if select_missing:
            first = next((r for r in rows if r.required and r.state == "missing"), rows[0])
            self.controls.select_type(first.doc_type)

    def _type_selected(
        self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None
    ) -> None:
        if item is None:
            return
        self._doc_type = DocumentType(item.data(Qt.ItemDataRole.UserRole))
        self._undo.clear()
        self.controls.preview.clear()
        self._select_preset()
        self._refresh_pages()

    def _pages(self) -> list[PageRef]:
        from kiosk.documents.status import documents_of

        if self._reg is None:
            return []
        return [p for d in documents_of(self._reg, self._doc_type) for p in d.pages]

    def _refresh_pages(self) -> None:
        self.controls.pages.set_pages(
            [p.sha256 for p in self._pages()], self._thumbs, self.tr("Page {n}")
        )
        count = self.controls.pages.count()
        self.controls.show_pages_area(count, self.controls.type_label(self._doc_type))
        self.controls.set_page_actions(count, bool(self._undo))

    def _changed(self) -> None:
        self._refresh_checklist()
        self._refresh_pages()
        self.changed.emit()

    # -- presets ---------------------------------------------------------------------------------
    def _select_preset(self) -> None:
        from kiosk.documents.presets import default_for

        if not self._presets:
            return
        name = (
            self._last_preset.get(self._doc_type.value)
            or default_for(self._doc_type, self._presets).name
        )
        self.controls.set_presets(self._presets, name)

    def _preset_chosen(self, index: int) -> None:
        preset = self.controls.current_preset()
        if preset is None or self._last_preset.get(self._doc_type.value) == preset.name:
            return
        self._last_preset[self._doc_type.value] = preset.name
        self._remember("documents.last_preset", dict(self._last_preset))

    def _remember(self, key: str, value: str | dict[str, str]) -> None:
        store = self.ctx.store
        run_op(
            self,
            lambda: store.set_setting(key, value),
            on_done=lambda _r: None,
            on_error=lambda _e: None,
        )  # a preference that was not saved is not worth a dialog

    # -- capture ---------------------------------------------------------------------------------
    def _session(self) -> CaptureSession:
        from kiosk.documents.capture import CaptureSession
        from kiosk.documents.presets import Preset

        self._capture_type = self._doc_type
        self._capture_reg = self._reg
        preset = self.controls.current_preset() or Preset("Dokumen", self._doc_type)
        self._scanning = False  # scan() says so after this
        self._delivered = 0
        show_message(self.controls.status, "")
        self.controls.retry.setVisible(False)
        return CaptureSession(self.vault(), preset)

    def scan(self) -> None:
        device = self.controls.current_device()
        if device:
            self._remember("documents.last_device", device)
        session = self._session()
        self._scanning = True
        show_message(self.controls.status, self.scanning_text(1), "info")
        self.runner.scan(session, device)

    def scanning_text(self, page_no: int) -> str:
        """ "Scanning page 2…": the sheet the scanner is reading now."""
        return self.tr("Scanning page %1…").replace("%1", str(page_no))

    def import_paths(self, paths: list[str]) -> None:
        if paths:
            self.runner.import_files(self._session(), paths)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import documents"),
            "",
            self.tr("Images and PDF ({0})").format(FILE_FILTER),
        )
        self.import_paths(paths)

    def open_camera(self) -> CameraDialog:
        from ui.camera import CameraDialog

        dialog = CameraDialog(self)
        dialog.captured.connect(self.add_photo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_photo(self, image: npt.NDArray[np.uint8]) -> None:
        self.runner.photo(self._session(), image)

    def _page_stored(self, ref: PageRef, thumb: bytes) -> None:
        from kiosk.documents.status import document_for

        self._thumbs[ref.sha256] = thumb
        label = self.controls.type_label(self._capture_type)
        assert self._capture_reg is not None  # _session() names it before a capture starts
        document_for(self._capture_reg, self._capture_type, label).pages.append(ref)
        self._changed()
        if self._capture_type == DocumentType.KTP:
            self.ktp_page_stored.emit(ref)
        # the pages shown, not the session's count: the worker may be sheets ahead by now
        self._delivered += 1
        if self.runner.busy:
            if self._scanning:  # the feeder goes on with the next sheet
                show_message(self.controls.status, self.scanning_text(self._delivered + 1), "info")
            else:
                show_message(
                    self.controls.status, self.tr("%n page(s) so far…", "", self._delivered), "info"
                )

    def _capture_finished(self, refs: list[PageRef] | None) -> None:
        count = len(refs or [])
        self.controls.retry.setVisible(False)
        show_message(self.controls.status, self.tr("%n page(s) added.", "", count), "info")
        if count and self._capture_reg is not None:  # a capture of personal papers: audited
            self._audit_capture(self._capture_reg.id, count)

    def _audit_capture(self, reg_id: str, count: int) -> None:
        from kiosk.staff import audit

        store, doc_type = self.ctx.store, self._capture_type.value
        actor = self.ctx.user.username if self.ctx.user is not None else "owner"
        how = "scan" if self._scanning else "file_or_camera"
        details = {"doc_type": doc_type, "pages": count, "how": how}
        run_op(
            self,
            lambda: audit.log(store, actor, "document.captured", reg_id, details),
            on_done=lambda _r: None,
            on_error=lambda _e: None,  # the pages are stored; a lost entry is in the log file
        )

    def _capture_failed(self, exc: BaseException) -> None:
        show_message(self.controls.status, error_text(self.ctx, exc))
        session = self.runner.session
        self.controls.retry.setVisible(bool(session is not None and session.pending))

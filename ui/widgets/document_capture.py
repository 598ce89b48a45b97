"""Runs one capture (scan, file import, camera photo) off the GUI thread and reports each page.

Anki-style: the work runs through :func:`ui.operations.run_op`; pages that are stored while the
work goes on (a feeder batch) come back one by one through a queued signal, so thumbnails appear as
the sheets go through and a failure on sheet 7 leaves sheets 1–6 on screen. ``cancel()`` reaches
the scanner through the core's :class:`~kiosk.documents.scanner.CancelToken`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.operations import report, run_op

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from kiosk.documents.capture import CaptureSession
    from kiosk.documents.scanner import CancelToken
    from kiosk.domain.model import PageRef

    # What a capture does off the GUI thread: store pages into the session, return their refs.
    CaptureWork = Callable[[CaptureSession, CancelToken], list[PageRef]]


class CaptureRunner(QObject):
    """Signals:
    page_stored(object, bytes): a page is durably in the vault (PageRef, thumbnail JPEG).
    finished(object): the capture ended normally (list of PageRefs of this run).
    failed(object): it stopped with an exception (pages stored before it were reported).
    busy_changed(bool): a capture started or ended.
    """

    page_stored = Signal(object, bytes)
    finished = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel: CancelToken | None = None
        self.session: CaptureSession | None = (
            None  # the last CaptureSession (its ``pending`` pages, if any)
        )

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def _start(self, session: CaptureSession, work: CaptureWork) -> None:
        from kiosk.documents.scanner import CancelToken

        if self.busy:
            return
        self.session = session
        # worker → GUI through the operation (never a signal of this object from the worker:
        # that raced this object's deletion when the page went away mid-scan)
        session.on_page = lambda ref, thumb: report((ref, thumb))
        self._cancel = CancelToken()
        cancel = self._cancel
        self.destroyed.connect(lambda *_: cancel.cancel())  # the page went away: stop the scanner
        self.busy_changed.emit(True)
        run_op(
            self, lambda: work(session, cancel), on_done=self._done, on_error=self._error,
            on_report=lambda page: self.page_stored.emit(*page),
        )  # fmt: skip

    def _done(self, result: list[PageRef]) -> None:
        self._cancel = None
        self.busy_changed.emit(False)
        self.finished.emit(result)

    def _error(self, exc: BaseException) -> None:
        self._cancel = None
        self.busy_changed.emit(False)
        self.failed.emit(exc)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    # -- the three sources ---------------------------------------------------------------------
    def scan(self, session: CaptureSession, device: str | None) -> None:
        from kiosk.documents.capture import scan_into, settings_for

        settings = settings_for(session.preset)
        self._start(session, lambda s, cancel: scan_into(s, device, settings, cancel))

    def import_files(self, session: CaptureSession, paths: list[str]) -> None:
        from kiosk.documents.capture import import_into

        def work(s: CaptureSession, cancel: CancelToken) -> list[PageRef]:
            refs: list[PageRef] = []
            for path in paths:
                if cancel.cancelled:
                    break
                refs += import_into(s, path, cancel)
            return refs

        self._start(session, work)

    def photo(self, session: CaptureSession, image: npt.NDArray[np.uint8]) -> None:
        """A camera still (numpy RGB array): perspective-corrected to the document's edges."""

        def work(s: CaptureSession, cancel: CancelToken) -> list[PageRef]:
            refs = s.add_image(image, dpi=None, origin="photo")
            s.raise_if_pending()
            return refs

        self._start(session, work)

    def retry_pending(self) -> None:
        """Store again the pages the last capture kept in memory (disk full, ...)."""
        if self.session is not None:
            self._start(self.session, lambda s, cancel: s.retry_pending())

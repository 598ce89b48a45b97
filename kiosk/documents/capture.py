"""Capture glue: images from a scanner, a file or the camera → pipeline → vault → PageRefs.

A :class:`CaptureSession` belongs to one document being captured. Each processed page is stored in
the vault as soon as it exists, *before* the caller updates the registration and saves the draft
(the row), which keeps the vault's durability order. If storing fails (disk full), the processed
page is kept in :attr:`CaptureSession.pending` — in memory, on screen — and capture goes on: paper
already pulled through a feeder cannot be pulled again. :meth:`retry_pending` stores them later.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.documents import importer, pipeline, scanner
from kiosk.documents.pipeline import ProcessedPage
from kiosk.documents.presets import Preset
from kiosk.documents.vault import Vault
from kiosk.domain.model import PageRef
from kiosk.errors import UserFacingError

OnPage = Callable[[PageRef, bytes], Any]  # (stored page, thumbnail JPEG)


@dataclass
class CaptureSession:
    vault: Vault
    preset: Preset
    on_page: OnPage | None = None
    stored: list[PageRef] = field(default_factory=list)
    pending: list[ProcessedPage] = field(default_factory=list)
    error: UserFacingError | None = None  # the last storage error, while pages are pending

    def _store(self, page: ProcessedPage) -> PageRef | None:
        if self.pending:  # keep the order: nothing jumps ahead of a page still waiting
            self.pending.append(page)
            return None
        try:
            sha256 = self.vault.put(page.data, page.media_type)
        except UserFacingError as exc:
            self.pending.append(page)
            self.error = exc
            return None
        ref = page.page_ref(sha256)
        self.stored.append(ref)
        if self.on_page is not None:
            self.on_page(ref, pipeline.thumbnail(page.data))
        return ref

    def add_image(self, image: Any, *, dpi: int | None, origin: pipeline.Origin) -> list[PageRef]:
        """Process one captured image (one page, or one per card) and store the result."""
        refs = []
        for page in pipeline.process(image, self.preset, source_dpi=dpi, origin=origin):
            ref = self._store(page)
            if ref is not None:
                refs.append(ref)
        return refs

    def add_processed(self, pages: Iterable[ProcessedPage]) -> list[PageRef]:
        return [ref for page in pages if (ref := self._store(page)) is not None]

    def retry_pending(self) -> list[PageRef]:
        """Store the pages kept in memory; raises again (keeping them) if it still fails."""
        waiting, self.pending, self.error = self.pending, [], None
        refs = []
        for index, page in enumerate(waiting):
            ref = self._store(page)
            if ref is None:
                self.pending.extend(waiting[index + 1 :])
                break
            refs.append(ref)
        self.raise_if_pending()
        return refs

    def raise_if_pending(self) -> None:
        if self.pending:
            raise self.error or UserFacingError("documents.disk_full")


def scan_into(
    session: CaptureSession,
    device: str | None,
    settings: scanner.ScanSettings,
    cancel: scanner.CancelToken | None = None,
) -> list[PageRef]:
    """Scan until the batch ends; every page received is processed and stored (or kept pending)."""
    start = len(session.stored)
    with contextlib.closing(scanner.scan(device, settings, cancel)) as pages:
        for scanned in pages:  # closing: the device is released even if processing fails
            session.add_image(scanned.image, dpi=scanned.dpi, origin="glass")
    session.raise_if_pending()
    return session.stored[start:]


def settings_for(preset: Preset) -> scanner.ScanSettings:
    return scanner.ScanSettings(
        dpi=preset.scan_dpi,
        mode="color" if preset.color == "color" else "gray",
        source=preset.source,
        duplex=preset.duplex,
    )


def import_into(
    session: CaptureSession, path: str | Path, cancel: scanner.CancelToken | None = None
) -> list[PageRef]:
    """Import a file's pages; a bad file is refused before anything is stored."""
    start = len(session.stored)
    opened = importer.open_file(path, render_dpi=session.preset.dpi)
    for source in opened.pages():
        if cancel is not None and cancel.cancelled:
            break
        session.add_image(source.image, dpi=source.dpi, origin=source.origin)
    session.raise_if_pending()
    return session.stored[start:]

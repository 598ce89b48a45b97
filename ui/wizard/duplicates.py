"""Watching NIK, NIB and NPWP as they are typed for registrations that already have them.

When one of these fields holds a valid value, :meth:`kiosk.store.Store.find_duplicates` runs in
the background after a short pause; the banner then names who is registered with it (masked
NIK). An invalid or emptied identifier drops its lines at once: it matches nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.domain.model import Registration
from ui.operations import run_op
from ui.widgets.duplicate_banner import DuplicateBanner
from ui.wizard.step import ShownIssue, get_path

if TYPE_CHECKING:
    from kiosk.store import Duplicate
    from ui.wizard.wizard import WizardPage

DUPLICATE_FIELDS = ("owner.nik", "business.nib", "business.npwp")
CHECK_DELAY_MS = 250


class DuplicateWatcher(QObject):
    def __init__(self, wizard: WizardPage, banner: DuplicateBanner) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.banner = banner
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)

    def field_checked(self, field: str, issues: Sequence[ShownIssue]) -> None:
        """``field`` was edited and validated with ``issues``."""
        if field not in DUPLICATE_FIELDS:
            return
        reg = self._wizard.reg
        if any(i.severity == "error" for i in issues) or not get_path(reg, field):
            keep = [d for d in self.banner.duplicates() if d.field != field]
            self.banner.show_duplicates(keep, self._wizard.ctx.lang)
        else:
            self._timer.start()

    def clear(self) -> None:
        self._timer.stop()
        self.banner.show_duplicates([], self._wizard.ctx.lang)

    def check_now(self) -> None:
        store = self._wizard.ctx.store
        snapshot = Registration.from_dict(self._wizard.reg.to_dict())
        run_op(
            self._wizard,
            lambda: store.find_duplicates(snapshot),
            on_done=self._found,
            on_error=lambda _exc: None,  # a warning that cannot be computed is not shown
        )

    def _found(self, duplicates: list[Duplicate]) -> None:
        others = [d for d in duplicates if d.summary.id != self._wizard.reg.id]
        self.banner.show_duplicates(others, self._wizard.ctx.lang)

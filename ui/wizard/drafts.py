"""Draft saving for the wizard: debounced while typing, immediate on step change, one at a time.

Why a keeper: saves run off the GUI thread (``run_op``), typing goes on meanwhile, and two saves of
the same draft must not race (the first one assigns the registration number). So every save works
on a snapshot (``Registration.from_dict(reg.to_dict())``), at most one runs, and a save requested
while one runs is queued (only the newest snapshot is kept: it contains everything older ones had).

A registration nobody has entered anything into is never saved (opening the wizard and closing it
again leaves no empty draft behind).

The store keeps a draft as typed, invalid values included (they are refused at submit); it
refuses only what cannot be stored at all (text that is not valid Unicode, an over-long record).
So that such a field never keeps the rest from being saved, the keeper then saves the snapshot
again with just those fields emptied; the screen keeps what was typed.

Signals:
    saved(object): the store returned this saved :class:`Registration`.
    failed(object): saving raised this exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain.model import Registration, Status
from ui.operations import run_op

if TYPE_CHECKING:
    from kiosk.store import Store
    from ui.wizard.wizard import WizardPage

SAVE_DEBOUNCE_MS = 700


class DraftKeeper(QObject):
    saved = Signal(object)
    failed = Signal(object)

    def __init__(self, page: WizardPage) -> None:
        super().__init__(page)
        self._page = page
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._reg: Registration | None = None
        self._step = ""
        self._touched = False
        self._inflight = False
        self._queued: tuple[Registration, str, list[Callable[[Registration], None]]] | None = None

    @property
    def busy(self) -> bool:
        return self._inflight or self._timer.isActive()

    def save_soon(self, reg: Registration, step: str) -> None:
        """Something was typed: save after a short pause in typing."""
        self._touched = True
        self._reg, self._step = reg, step
        self._timer.start()

    def save(
        self,
        reg: Registration,
        step: str,
        *,
        touched: bool = False,
        then: Callable[[Registration], None] | None = None,
    ) -> None:
        """Save now (step change, Ctrl+S, end of the flow); ``then(saved)`` runs after it."""
        self._timer.stop()
        self._touched = self._touched or touched
        self._reg, self._step = reg, step
        if reg.status != Status.DRAFT or not (self._touched or reg.reg_no):
            if then is not None:
                then(reg)
            return
        if not reg.reg_no:  # never saved: the ID the store keeps must be the screen's too
            from kiosk.store.writes import own_id

            own_id(self._page.ctx.store.keys, reg)
        snapshot = Registration.from_dict(reg.to_dict())
        callbacks = [then] if then is not None else []
        if self._inflight:
            if self._queued is not None:
                callbacks = self._queued[2] + callbacks
            self._queued = (snapshot, step, callbacks)
            return
        self._start(snapshot, step, callbacks)

    def flush(self) -> None:
        """Save what is pending now (timer expiry, closing the wizard)."""
        if self._reg is not None and (self._timer.isActive() or self._touched):
            self.save(self._reg, self._step)

    def cancel_pending(self) -> None:
        """Forget unsaved typing (reset, another draft opened). A running save still finishes."""
        self._timer.stop()
        self._queued = None
        self._touched = False
        self._reg = None

    def _start(
        self, snapshot: Registration, step: str, callbacks: list[Callable[[Registration], None]]
    ) -> None:
        self._inflight = True
        store, staff_id = self._page.ctx.store, self._page.ctx.staff_id

        def done(saved: Registration) -> None:
            self._finish()
            self.saved.emit(saved)
            for callback in callbacks:
                callback(saved)

        def failed(exc: BaseException) -> None:
            self._finish()
            self.failed.emit(exc)

        run_op(
            self._page,
            lambda: save_valid_part(store, snapshot, staff_id=staff_id, step=step),
            on_done=done,
            on_error=failed,
        )

    def _finish(self) -> None:
        self._inflight = False
        if self._queued is not None:
            snapshot, step, callbacks = self._queued
            self._queued = None
            self._start(snapshot, step, callbacks)


def save_valid_part(store: Store, reg: Registration, *, staff_id: str, step: str) -> Registration:
    """``store.save_draft``; on invalid fields, save again with those fields emptied (worker)."""
    from kiosk.store import ValidationFailed

    try:
        return store.save_draft(reg, staff_id=staff_id, step=step)
    except ValidationFailed as exc:
        fields = {issue.field for issue in exc.issues}
        for field in fields:
            blank_field(reg, field)
        return store.save_draft(reg, staff_id=staff_id, step=step)


def blank_field(reg: Registration, path: str) -> None:
    """Reset the field at ``path`` to its empty default (``owner.email`` → ``""``)."""
    parts = path.split(".")
    target: Any = reg
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else getattr(target, part, None)
        if target is None:
            return
    last = parts[-1]
    if last.isdigit() or not hasattr(target, last):
        return
    setattr(target, last, getattr(type(target)(), last))

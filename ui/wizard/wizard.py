"""The registration wizard: one page per step of the core's step table, drafts saved as you go.

The flow (which steps, in which order, when a step may be left, what Next does, where it ends)
is the core's :class:`kiosk.domain.wizard.Flow`; this class only maps each ``Step`` to a page and
does what the flow says.
Every field edit is validated with :func:`kiosk.domain.validation.validate_field` and shown under
the field; the draft is saved on every step change and, while typing, after a short pause
(``SAVE_DEBOUNCE_MS``), through :func:`ui.operations.run_op` (off the GUI thread, one save at a
time, each on a snapshot so typing never races the writer). A crash loses at most what was typed
in the last pause. ``open_draft(reg_id)`` reopens a draft at the step where it was left.

Keyboard: Enter moves to the next field (on the last field, to the next step) and presses a
focused button; Tab from a step's last input reaches Next first (then Back, Save draft, Close:
:meth:`NavBar.order_after`); Alt+Right or Ctrl+Enter goes on (on the submit step: submits),
Alt+Left goes back, Ctrl+S saves the draft now, F1 lists the shortcuts
(:class:`ui.wizard.shortcut_help.ShortcutHelp`).

Signals:
    finished(str): the flow ended for this registration (its id): after the receipt (staff) or
        after the last owner step was saved (self-service; ``registration.reg_no`` is the number
        to show).
    cancelled(): the person left the wizard (the draft stays saved).
    draft_saved(str): a draft save finished; the registration number (for the shell to show).
    step_changed(str): the visible step changed (its ``Step`` value).
    open_registration_requested(str): staff asked to open the already registered record that the
        duplicate warning names (its id); the draft stays saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.model import PageRef, Registration, Status
from kiosk.domain.validation import validate_field
from kiosk.domain.wizard import Flow, Move, Step, checks_on_edit, step_of, title
from kiosk.store.records import ValidationFailed
from ui.operations import run_op
from ui.theme import set_role
from ui.widgets.duplicate_banner import DuplicateBanner
from ui.widgets.forms import error_text
from ui.wizard.chrome import NavBar, StepIndicator
from ui.wizard.drafts import DraftKeeper
from ui.wizard.duplicates import DuplicateWatcher
from ui.wizard.pages import make_page, warm_up_reference
from ui.wizard.shortcut_help import ShortcutHelp
from ui.wizard.step import ShownIssue, StepPage, StepView, get_path, last_tab_stop, step_widget
from ui.wizard.steps.documents import DocumentsPage
from ui.wizard.steps.owner import OwnerPage
from ui.wizard.steps.review import ReviewPage
from ui.wizard.submit import SubmitPage

if TYPE_CHECKING:
    from ui.context import AppContext


class WizardPage(QWidget):
    finished = Signal(str)
    cancelled = Signal()
    draft_saved = Signal(str)
    step_changed = Signal(str)
    open_registration_requested = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, flow: Flow | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("WizardPage")
        self.ctx = ctx
        self.flow = flow if flow is not None else Flow.staff()
        self.touch = self.flow == Flow.self_service() or bool(ctx.kiosk_mode)
        self.reg = self._fresh()
        self.step = self.flow.first
        self._pages: dict[Step, StepView] = {}
        self._holders: dict[Step, QScrollArea] = {}  # each page's scroll area in the stack
        self._pending: list[ShownIssue] = []  # issues from the store's submit check, shown per page
        self.shortcut_help: ShortcutHelp | None = None
        self.indicator = StepIndicator(self)
        self.banner = DuplicateBanner(self)
        self.stack = QStackedWidget(self)
        self.nav = NavBar(self)
        self.nav.set_touch(self.touch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.indicator)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.nav)
        self.drafts = DraftKeeper(self)
        self.drafts.saved.connect(self._draft_saved)
        self.drafts.failed.connect(self._draft_failed)
        self.duplicates = DuplicateWatcher(self, self.banner)
        self.banner.open_requested.connect(self._open_existing)
        self.nav.next.clicked.connect(self.go_next)
        self.nav.back.clicked.connect(self.go_back)
        self.nav.save.clicked.connect(self.save_now)
        self.nav.cancel.clicked.connect(self._cancel)
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (("Alt+Right", "Ctrl+Return", "Ctrl+Enter"), self.go_next),
            (("Alt+Left",), self.go_back),
            ((QKeySequence.StandardKey.Save,), self.save_now),
            (("F1",), self.show_shortcuts),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(scope)
                shortcut.activated.connect(slot)
        ctx.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()
        self._show(self.step, save=False)
        run_op(self, warm_up_reference, on_done=lambda _r: None, on_error=lambda _e: None)

    def _fresh(self) -> Registration:
        """An empty registration with an ID of this kiosk's key (the store gives one on the first
        save when the store was not open yet)."""
        return self.ctx.store.new_registration() if self.ctx.has_store else Registration()

    # -- public API ------------------------------------------------------------------------------
    @property
    def registration(self) -> Registration:
        return self.reg

    def start_new(self) -> None:
        """A fresh registration at the first step (nothing saved until something is entered)."""
        self.reset()

    def reset(self) -> None:
        """Clear the form without saving: nothing personal stays on screen (kiosk idle reset)."""
        self.drafts.cancel_pending()
        self.duplicates.clear()
        self.reg = self._fresh()
        self._pending = []
        self.nav.status.clear()
        for page in self._pages.values():
            page.load(self.reg)
            page.show_issues([])
        self._show(self.flow.first, save=False)

    def open_draft(self, reg_id: str) -> None:
        """Reopen a draft at the step where it was left (the store remembers the step)."""
        store = self.ctx.store

        def load() -> tuple[Registration, str]:
            return store.get(reg_id), store.draft_step(reg_id)

        run_op(self, load, on_done=self._draft_opened, on_error=self._show_error)

    def focus_first(self) -> None:
        """Called by the shell when the page is shown: the current step's first input."""
        target = self._current_page().first_input()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_now(self) -> None:
        """Ctrl+S: save the draft now (also what the shell calls before it locks or closes)."""
        self._current_page().apply(self.reg)
        self.drafts.save(self.reg, self.step.value, touched=True)

    def go_to(self, step: Step) -> None:
        """Jump to ``step`` (edit links of the review page, issue links of the submit page)."""
        if self.flow.can_go_to(step, self.reg):
            self._current_page().apply(self.reg)
            self._show(step)

    def show_shortcuts(self) -> None:
        """F1: the list of keyboard shortcuts (non-modal; Esc closes it)."""
        if self.shortcut_help is None:
            self.shortcut_help = ShortcutHelp(self)
        self.shortcut_help.retranslate()
        self.shortcut_help.open()

    # -- moving between steps --------------------------------------------------------------------
    def go_next(self) -> None:
        move = self.flow.forward(self.step)
        if move == Move.SUBMIT:
            if self._submit_page().can_submit():
                self.submit()
            return
        if move == Move.FINISH:  # the receipt was seen
            self.finished.emit(self.reg.id)
            return
        page = self._current_page()
        page.apply(self.reg)
        issues = self.flow.can_leave(self.step, self.reg)
        page.show_issues(issues)
        if any(i.severity == "error" for i in issues):
            page.focus_first_error()
            named = getattr(page, "blocked_text", str)()  # the documents step names what is missing
            self.nav.status.setText(named or self.tr("Please fix the marked fields first."))
            return
        if move == Move.HAND_OVER:  # self-service: the owner's part is done
            self.drafts.save(self.reg, self.step.value, touched=True, then=self._owner_part_done)
            return
        following = self.flow.next(self.step)
        if following is not None:
            self._show(following)

    def go_back(self) -> None:
        previous = self.flow.prev(self.step, self.reg)
        if previous is not None:
            self._current_page().apply(self.reg)
            self._show(previous)

    def submit(self) -> None:
        store, staff_id = self.ctx.store, self.ctx.staff_id
        snapshot = Registration.from_dict(self.reg.to_dict())
        page = self._submit_page()
        page.set_busy(True)
        self.drafts.cancel_pending()
        run_op(
            self,
            lambda: store.submit(snapshot, staff_id=staff_id),
            on_done=self._submitted,
            on_error=self._submit_failed,
            progress=self.tr("Submitting…"),
        )

    # -- internals -------------------------------------------------------------------------------
    def _owner_part_done(self, saved: Registration) -> None:
        self.finished.emit(saved.id)

    def _submitted(self, saved: Registration) -> None:
        self.reg = saved
        self._pending = []
        self.ctx.registration_saved.emit(saved.id)
        self.nav.status.setText(self.tr("Submitted as %1").replace("%1", saved.reg_no))
        receipt = self.flow.next(Step.SUBMIT)
        if receipt is not None:
            self._show(receipt, save=False)

    def _submit_failed(self, exc: BaseException) -> None:
        page = self._submit_page()
        if isinstance(exc, ValidationFailed):
            self._pending = list(exc.issues)
            page.show_issues(self._pending)
            page.set_busy(False)
            page.focus_first_error()
            return
        page.set_busy(False)
        page.show_failure(error_text(self.ctx, exc))

    def _show_error(self, exc: BaseException) -> None:
        self.nav.status.setText(error_text(self.ctx, exc))

    def _draft_opened(self, loaded: tuple[Registration, str]) -> None:
        reg, step_value = loaded
        self.load_registration(reg, step_value)
        self.nav.status.setText(self.tr("Draft %1 reopened").replace("%1", reg.reg_no))

    def load_registration(self, reg: Registration, step_value: str = "") -> None:
        """Show ``reg`` (already read) at the step ``step_value`` (the first step if unknown)."""
        self.drafts.cancel_pending()
        self.reg = reg
        self._pending = []
        self.duplicates.clear()
        step = self.flow.step_at(step_value)
        for page in self._pages.values():
            page.show_issues([])
        self._show(step, save=False)

    def _show(self, step: Step, *, save: bool = True) -> None:
        self.step = step
        page = self._page(step)
        page.load(self.reg)
        mine = [i for i in self._pending if page.owns(i.field)]
        if mine:
            page.show_issues(mine)
        self.stack.setCurrentWidget(self._holders[step])
        self.indicator.set_current(step)
        self._update_nav()
        self.nav.order_after(last_tab_stop(step_widget(page)))
        if save and self.reg.status == Status.DRAFT:
            self.drafts.save(self.reg, step.value)
        target = page.first_input()
        if target is not None:
            QTimer.singleShot(0, lambda: target.setFocus(Qt.FocusReason.OtherFocusReason))
        self.step_changed.emit(step.value)

    def _page(self, step: Step) -> StepView:
        page = self._pages.get(step)
        if page is not None:
            return page
        page = make_page(self.ctx, step, self)
        page.field_edited.connect(self._field_edited)
        page.advance_requested.connect(self.go_next)
        if isinstance(page, StepPage):
            page.set_touch_mode(self.touch)
        elif isinstance(page, ReviewPage):
            page.edit_requested.connect(lambda key: self.go_to(Step(key)))
            page.set_visible_sections([s.value for s in self.flow.steps])
        elif isinstance(page, DocumentsPage):
            page.ktp_page_stored.connect(lambda ref, docs=page: self._ktp_stored(docs, ref))
        elif isinstance(page, SubmitPage):
            page.go_to_field.connect(self._go_to_field)
            page.submit_requested.connect(self.submit)
            page.busy_changed.connect(self._update_nav)
        for button in step_widget(page).findChildren(QPushButton):
            button.setAutoDefault(True)  # Enter on a focused button presses it (see NavBar)
        self._pages[step] = page
        # Each page in a scroll area of its own: a page taller than the screen (the products
        # step with its details) scrolls instead of making the window taller than 768 px, which
        # pushed Next off the screen on every step (a stack is as tall as its tallest page).
        holder = QScrollArea(self.stack)
        holder.setObjectName(f"wizard_{step.value}_holder")
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setWidget(step_widget(page))
        self._holders[step] = holder
        self.stack.addWidget(holder)
        return page

    def _ktp_stored(self, docs: DocumentsPage, ref: PageRef) -> None:
        """A KTP page was captured: the owner step reads it and offers what it read (issue 15)."""
        if Step.OWNER not in self.flow.steps:  # values nobody would see are not offered
            return
        owner = self._page(Step.OWNER)
        if isinstance(owner, OwnerPage):
            if self.step != Step.OWNER:  # it must show this registration before it offers values
                owner.load(self.reg)
            owner.offer_ktp(lambda: docs.vault().get(ref.sha256))

    def _current_page(self) -> StepView:
        return self._page(self.step)

    def _submit_page(self) -> SubmitPage:
        """The page of the submit step (the flow says when it is the current one)."""
        page = self._page(Step.SUBMIT)
        assert isinstance(page, SubmitPage)  # PAGES maps the submit step to it
        return page

    def _go_to_field(self, field: str) -> None:
        step = step_of(field)
        if step is not None and step in self.flow:
            self.go_to(step)
            self._page(step).focus_first_error()

    def _field_edited(self, field: str) -> None:
        sender = self.sender()  # the page whose field changed
        page = cast(StepView, sender) if isinstance(sender, QWidget) else self._current_page()
        page.apply(self.reg)
        self._pending = [i for i in self._pending if i.field != field]
        issues: Sequence[ShownIssue] = page.local_issues(field)
        if not issues and checks_on_edit(field):
            try:
                value = get_path(self.reg, field)
            except (AttributeError, IndexError, ValueError):
                value = None
            issues = validate_field(field, value, self.reg)
        page.show_issues(issues, fields=[field])
        if field == "documents":  # pages are already in the vault: commit the row that names them
            self.drafts.save(self.reg, self.step.value, touched=True)
        else:
            self.drafts.save_soon(self.reg, self.step.value)
        self.duplicates.field_checked(field, issues)

    def _draft_saved(self, saved: Registration) -> None:
        if saved.id != self.reg.id:
            return  # a save of a registration that was reset meanwhile
        self.reg.reg_no = saved.reg_no
        self.nav.status.setText(self.tr("Draft %1 saved").replace("%1", saved.reg_no))
        self.draft_saved.emit(saved.reg_no)
        self.ctx.registration_saved.emit(saved.id)

    def _draft_failed(self, exc: BaseException) -> None:
        self.nav.status.setText(
            self.tr("Could not save the draft: %1").replace("%1", error_text(self.ctx, exc))
        )

    def _open_existing(self, reg_id: str) -> None:
        self._current_page().apply(self.reg)
        self.drafts.flush()
        self.open_registration_requested.emit(reg_id)

    def _cancel(self) -> None:
        self._current_page().apply(self.reg)
        self.drafts.flush()
        self.cancelled.emit()

    def _update_nav(self) -> None:
        move = self.flow.forward(self.step)
        # The receipt step has nothing to save and no way back: those buttons are hidden, not
        # shown disabled, and its Finish is not primary (the page's Print is the one action).
        receipt = move == Move.FINISH
        self.nav.back.setVisible(not receipt)
        self.nav.save.setVisible(not receipt)
        set_role(self.nav.next, primary=not receipt)
        self.nav.back.setEnabled(self.flow.prev(self.step, self.reg) is not None)
        self.nav.save.setEnabled(self.reg.status == Status.DRAFT)
        self.nav.next.setEnabled(True)
        if move == Move.FINISH:
            self.nav.next.setText(self.tr("&Finish"))
        elif move == Move.SUBMIT:
            self.nav.next.setText(self.tr("Sub&mit"))  # Alt+S: the page's own
            self.nav.next.setEnabled(self._submit_page().button.isEnabled())
        elif move == Move.HAND_OVER:
            self.nav.next.setText(self.tr("&Done"))
        else:
            self.nav.next.setText(self.tr("Ne&xt"))  # Alt+N: the scanner's
        self.nav.next.setAccessibleName(self.nav.next.text().replace("&", ""))

    def retranslate(self) -> None:
        titles = {step: title(step, self.ctx.lang) for step in Step}
        self.indicator.set_steps(list(self.flow.steps), titles)
        self.indicator.set_current(self.step)
        self.nav.cancel.setText(self.tr("Close"))
        self.nav.save.setText(self.tr("Save draft"))
        self.nav.back.setText(self.tr("&Back"))
        for button, name in (
            (self.nav.cancel, self.tr("Close the registration (the draft stays saved)")),
            (self.nav.save, self.tr("Save draft (Ctrl+S)")),
            (self.nav.back, self.tr("Back (Alt+Left)")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.nav.next.setToolTip(self.tr("Next (Alt+Right or Ctrl+Enter)"))
        if self._pages:
            self._update_nav()
        self.banner.retranslate(self.ctx.lang)
        for page in self._pages.values():
            page.retranslate()
            page.rerender_issues()

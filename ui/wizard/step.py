"""The base of every registration page: field rows, focus chain, Enter-to-advance, issues.

A step page shows part of a :class:`kiosk.domain.model.Registration`. The wizard calls
:meth:`StepPage.load` when the page is shown and :meth:`StepPage.apply` before it validates, saves
or leaves the page; the page never saves by itself and holds no rules: the wizard passes the
model value of an edited field to :func:`kiosk.domain.validation.validate_field` and hands the
issues back to :meth:`StepPage.show_issues`.

Keyboard: :meth:`set_focus_chain` fixes the tab order; Enter in a line edit, combo box or check
box moves to the next input of the chain, and on the last input asks the wizard to go on
(``advance_requested``). Widgets that use Enter themselves (type-ahead lists, tables) are left out
of the chain's Enter handling by passing them in ``enter_exempt``.

Field labels come from the core catalogue (:meth:`label_rows`), so a label and the message under
it always use the same words in the same language. No ``self.tr()`` here on purpose: PySide's
``tr`` takes its context from the runtime class, so Qt strings belong in the concrete pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.model import Registration
from ui.theme import repolish
from ui.widgets.field_row import FieldRow, ShownIssue

if TYPE_CHECKING:
    from ui.context import AppContext

TOUCH_MIN_PX = 48
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def get_path(reg: Registration, field: str) -> Any:
    """The model value at a dotted path (``owner.nik``, ``products.2.price_idr``)."""
    obj: Any = reg
    for part in field.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


class LocalIssue:
    """A problem only the UI can see (text that cannot be read as a date, ...).

    Quacks like :class:`kiosk.domain.validation.Issue`; the text is already translated by Qt.
    """

    def __init__(self, field: str, text: str, severity: str = "error") -> None:
        self.field = field
        self.code = "ui.local"
        self.severity = severity
        self.params: dict[str, Any] = {}
        self._text = text

    def text(self, lang: str = "id") -> str:
        return self._text


class StepView(Protocol):
    """What the wizard and the correction editor call on a step's page.

    Every page of :data:`ui.wizard.pages.PAGES` implements it (mypy checks that table):
    :class:`StepPage` (and so every field page), ``ReviewPage``, ``SubmitPage``, ``DocumentsPage``
    and ``ReceiptStep``. Each of them is a QWidget as well, which a protocol cannot say:
    :func:`step_widget` gives that view of a page.

    Signals: ``field_edited(str)`` (the person changed the field at this dotted path; the wizard
    validates and saves), ``advance_requested()`` (Enter on the last input: go on).
    """

    @property
    def field_edited(self) -> SignalInstance: ...

    @property
    def advance_requested(self) -> SignalInstance: ...

    def load(self, reg: Registration) -> None: ...

    def apply(self, reg: Registration) -> None: ...

    def retranslate(self) -> None: ...

    def local_issues(self, field: str) -> list[ShownIssue]: ...

    def owns(self, field: str) -> bool: ...

    def first_input(self) -> QWidget | None: ...

    def show_issues(
        self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None
    ) -> None: ...

    def rerender_issues(self) -> None: ...

    def focus_first_error(self) -> bool: ...


def step_widget(page: StepView) -> QWidget:
    """``page`` as the QWidget it also is (to add it to a stack or tab widget)."""
    return cast(QWidget, page)


def last_tab_stop(root: QWidget) -> QWidget | None:
    """The last widget inside ``root`` that Tab stops at (visible, enabled, tab-focusable)."""
    tab = Qt.FocusPolicy.TabFocus.value
    last: QWidget | None = None
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if (
            root.isAncestorOf(widget)
            and widget.focusPolicy().value & tab
            and widget.isEnabled()
            and widget.isVisibleTo(root)
            and widget.focusProxy() is None
        ):
            last = widget
        widget = widget.nextInFocusChain()
    return last


class StepPage(QWidget):
    """One wizard page.

    Signals:
        field_edited(str): the person changed the field at this dotted path.
        advance_requested(): Enter on the last input; the wizard moves to the next step.
    """

    field_edited = Signal(str)
    advance_requested = Signal()

    #: dotted-path prefixes of the model this page edits (``("owner.",)``)
    prefixes: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: dict[str, FieldRow] = {}
        self._chain: list[QWidget] = []
        self._enter_exempt: set[QWidget] = set()
        self.page_message = QLabel(self)
        self.page_message.setObjectName(type(self).__name__ + "_message")
        self.page_message.setWordWrap(True)
        self.page_message.hide()
        self._page_issues: list[ShownIssue] = []
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.hint = QLabel(self)
        self.hint.setObjectName("pageHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)

    # -- the contract with the wizard ------------------------------------------------------------
    def load(self, reg: Registration) -> None:
        """Show ``reg`` (signals blocked: loading is not editing)."""
        raise NotImplementedError

    def apply(self, reg: Registration) -> None:
        """Write what is on screen into ``reg``."""
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def local_issues(self, field: str) -> list[ShownIssue]:
        """Problems the UI sees in ``field`` before the core can (unreadable text); default none."""
        return []

    def owns(self, field: str) -> bool:
        return field in self.rows or any(field.startswith(p) for p in self.prefixes)

    def first_input(self) -> QWidget | None:
        return self._chain[0] if self._chain else None

    # -- building blocks -------------------------------------------------------------------------
    def build_layout(
        self,
        lines: list[list[QWidget]],
        *,
        top: Sequence[QWidget] = (),
        bottom: Sequence[QWidget] = (),
    ) -> QGridLayout:
        """Title, hint, then ``lines`` of one or two field rows in a scrollable two-column grid."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 8)
        outer.setSpacing(8)
        outer.addWidget(self.title)
        outer.addWidget(self.hint)
        for widget in top:
            outer.addWidget(widget)
        body = QWidget()
        body.setObjectName(type(self).__name__ + "_body")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        top_aligned = Qt.AlignmentFlag.AlignTop
        for r, line in enumerate(lines):
            if len(line) == 1:
                grid.addWidget(line[0], r, 0, 1, 2, top_aligned)
            else:
                for c, widget in enumerate(line[:2]):
                    grid.addWidget(widget, r, c, top_aligned)
        grid.setRowStretch(len(lines), 1)
        scroll = QScrollArea(self)
        scroll.setObjectName(type(self).__name__ + "_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        for widget in bottom:
            outer.addWidget(widget)
        outer.addWidget(self.page_message)
        return grid

    def label_rows(self) -> None:
        """Field labels are the core's words (``kiosk.domain.fields``), the same ones its messages
        use, in the current language; page titles, hints and buttons are Qt strings.

        On the owner's own screen (touch mode) the labels are the core's everyday words
        (:mod:`kiosk.domain.plain_labels`), required fields carry " *" before anyone presses Next,
        and a field with a help text gets its "?" button."""
        from kiosk.domain.issues import field_label
        from kiosk.domain.plain_labels import help_text
        from kiosk.domain.validation import REQUIRED

        plain = self.is_touch()
        lang = self.ctx.lang
        for field, row in self.rows.items():
            row.plain_messages = plain
            row.set_label(
                field_label(field, lang, plain=plain), required=plain and field in REQUIRED
            )
            about = help_text(field, lang) if plain else ""
            row.set_help(about, self.help_button_name(row.label.text().removesuffix(" *")))

    def help_button_name(self, label: str) -> str:
        """The "?" button's accessible name (a Qt string of the concrete page; see module doc)."""
        return label

    def is_touch(self) -> bool:
        """The owner's own screen (self-service): set by :meth:`set_touch_mode`."""
        return bool(self.property("touch"))

    def add_row(self, field: str, editor: QWidget) -> FieldRow:
        row = FieldRow(field, editor, self)
        self.rows[field] = row
        return row

    def set_focus_chain(self, widgets: list[QWidget], enter_exempt: Iterable[QWidget] = ()) -> None:
        self._chain = list(widgets)
        self._enter_exempt = set(enter_exempt)
        for first, second in zip(self._chain, self._chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for widget in self._chain:
            widget.installEventFilter(self)

    def set_touch_mode(self, on: bool) -> None:
        """Self-service: every input and button at least 48 px high (fingers, not mice)."""
        self.setProperty("touch", on)
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QComboBox | QAbstractButton | QAbstractSpinBox):
                widget.setMinimumHeight(TOUCH_MIN_PX if on else 0)
        self.retranslate()  # plain words, required marks and "?" help on the owner's screen
        for widget in self.findChildren(QAbstractButton):  # the "?" buttons exist only now
            widget.setMinimumHeight(TOUCH_MIN_PX if on else 0)
            if widget.property("role") == "help":
                widget.setMinimumWidth(TOUCH_MIN_PX if on else 0)
        repolish(self)

    # -- issues ----------------------------------------------------------------------------------
    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        """Show ``issues`` under their fields. ``fields`` limits which rows are updated (the rows
        named there are cleared when they have no issue); ``None`` updates every row."""
        lang = self.ctx.lang
        targets = self.rows.keys() if fields is None else [f for f in fields if f in self.rows]
        for field in targets:
            self.rows[field].show_issues([i for i in issues if i.field == field], lang)
        rest = [i for i in issues if i.field not in self.rows and self.owns(i.field)]
        if fields is None or rest:
            self.show_page_issues(rest)

    def show_page_issues(self, issues: Sequence[ShownIssue]) -> None:
        """Issues of fields without their own row (``products.2.price_idr``, ``consent``...)."""
        self._page_issues = list(issues)
        text = "\n".join(i.text(self.ctx.lang) for i in issues)
        self.page_message.setText(text)
        self.page_message.setProperty(
            "severity", "error" if any(i.severity == "error" for i in issues) else "warning"
        )
        self.page_message.setVisible(bool(text))
        repolish(self.page_message)

    def rerender_issues(self) -> None:
        for row in self.rows.values():
            row.rerender(self.ctx.lang)
        self.show_page_issues(self._page_issues)

    def focus_first_error(self) -> bool:
        for widget in self._chain:
            for row in self.rows.values():
                if row.input is widget and row.has_error():
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return True
        return False

    # -- Enter moves on --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in _PLAIN
            and isinstance(watched, QWidget)
            and watched in self._chain
            and watched not in self._enter_exempt
        ):
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Enter picks the item in the open list
            self._focus_after(watched)
            return True
        return super().eventFilter(watched, event)

    def _focus_after(self, widget: QWidget) -> None:
        index = self._chain.index(widget)
        for candidate in self._chain[index + 1 :]:
            if candidate.isEnabled() and candidate.isVisibleTo(self):
                candidate.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.advance_requested.emit()


def format_day_month_year(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value is not None else ""

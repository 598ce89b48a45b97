"""Wizard steps whose pages belong to other parts: documents and receipt.

:class:`ForeignStep` wraps ``ui.wizard.steps.documents.DocumentsPage`` (documents part) or
``ui.pages.receipt_page.ReceiptPage`` (receipts part) so the wizard can treat them like its own
step pages. When a module is not installed yet, a clearly marked placeholder stands in, so the
rest of the flow keeps working; it is never silently skipped.

Contract used (CONTRACTS.md): ``DocumentsPage(ctx, parent)`` with ``set_registration(reg)`` and
signal ``changed()`` (it adds :class:`DocumentRef` entries to ``reg.documents``; if it exposes
``registration()`` the wizard takes the documents from there), ``ReceiptPage(ctx, parent)`` with
``set_registration(reg_id)``.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class ForeignStep(QWidget):
    """Signals: field_edited(str) (``documents`` after the documents page changed),
    advance_requested()."""

    field_edited = Signal(str)
    advance_requested = Signal()
    prefixes: tuple[str, ...] = ()

    def __init__(self, ctx: Any, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind  # "documents" | "receipt"
        self.rows: dict[str, Any] = {}
        self.prefixes = ("documents",) if kind == "documents" else ()
        self._reg: Any = None
        self.inner: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        module, cls = {
            "documents": ("ui.wizard.steps.documents", "DocumentsPage"),
            "receipt": ("ui.pages.receipt_page", "ReceiptPage"),
        }[kind]
        try:
            page_class = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError) as exc:
            log.warning("%s step: %s is not available yet (%s)", kind, module, exc)
            page_class = None
        if page_class is not None:
            self.inner = page_class(ctx, self)
            layout.addWidget(self.inner)
            changed = getattr(self.inner, "changed", None)
            if changed is not None:
                changed.connect(lambda: self.field_edited.emit(self.kind))
            self.placeholder = None
        else:
            self.placeholder = QLabel(self)
            self.placeholder.setObjectName(f"{kind}Placeholder")
            self.placeholder.setWordWrap(True)
            self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(self.placeholder)
        self.retranslate()

    @property
    def available(self) -> bool:
        return self.inner is not None

    def retranslate(self) -> None:
        if self.inner is not None:
            retranslate = getattr(self.inner, "retranslate", None)
            if retranslate is not None:
                retranslate()
        elif self.placeholder is None:
            return  # never: without an inner page there is a placeholder
        elif self.kind == "documents":
            self.placeholder.setText(
                self.tr("TEMPORARY: the documents step is not installed in this build yet.")
                + "\n"
                + self.tr("Documents can be added later from the registration's detail page.")
            )
        else:
            self.placeholder.setText(
                self.tr("TEMPORARY: the receipt step is not installed in this build yet.")
                + "\n"
                + self.tr("The registration is stored; print the receipt from its detail page.")
            )

    def load(self, reg: Any) -> None:
        self._reg = reg
        if self.inner is None:
            return
        if self.kind == "documents":
            self.inner.set_registration(reg)  # type: ignore[attr-defined]
        elif str(getattr(reg.status, "value", reg.status)) != "draft":
            self.inner.set_registration(reg.id)  # type: ignore[attr-defined]  # stored ones only

    def apply(self, reg: Any) -> None:
        if self.kind != "documents" or self.inner is None:
            return
        current = getattr(self.inner, "registration", None)
        source = current() if callable(current) else None
        if source is not None and source is not reg:
            reg.documents = list(source.documents)

    def local_issues(self, field: str) -> list[Any]:
        return []

    def owns(self, field: str) -> bool:
        return self.kind == "documents" and field.startswith("documents")

    def first_input(self) -> QWidget | None:
        return self.inner

    def show_issues(self, issues: list[Any], *, fields: list[str] | None = None) -> None:
        show = getattr(self.inner, "show_issues", None)
        if callable(show):
            show([i for i in issues if self.owns(i.field)])

    def rerender_issues(self) -> None:
        pass

    def focus_first_error(self) -> bool:
        return False

"""Which page shows which wizard step, and how pages are made (lazily, on first visit).

The wizard and the correction editor both build their pages here. Documents and receipt are
other parts' pages, wrapped by :class:`ui.wizard.foreign.ForeignStep`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.wizard.foreign import ForeignStep
    from ui.wizard.step import StepPage, StepView
    from ui.wizard.steps.review import ReviewPage
    from ui.wizard.submit import SubmitPage

    # Every kind of page make_page builds has what the wizard calls (checked by mypy only).
    _STEP_VIEWS: tuple[type[StepView], ...] = (StepPage, ReviewPage, SubmitPage, ForeignStep)

# Step -> (module, class) of its page; documents and receipt belong to other parts.
PAGES: dict[str, tuple[str, str]] = {
    "consent": ("ui.wizard.steps.consent", "ConsentPage"),
    "business": ("ui.wizard.steps.business", "BusinessPage"),
    "owner": ("ui.wizard.steps.owner", "OwnerPage"),
    "address": ("ui.wizard.steps.address", "AddressPage"),
    "products": ("ui.wizard.steps.products", "ProductsPage"),
    "bank": ("ui.wizard.steps.bank", "BankPage"),
    "review": ("ui.wizard.steps.review", "ReviewPage"),
    "submit": ("ui.wizard.submit", "SubmitPage"),
}


def warm_up_reference() -> None:
    """Load the reference data and build the village index off the GUI thread, so the first
    keystroke in the village search is as fast as the others."""
    from kiosk.reference import Reference

    ref = Reference.load()
    ref.prepare_search()
    ref.search_kbli("warm up", 1)


def make_page(ctx: Any, step: str, parent: QWidget | None = None) -> StepView:
    """A new page for ``step`` (a ``Step`` value); a QWidget as well (see ``step_widget``)."""
    if step in ("documents", "receipt"):
        from ui.wizard.foreign import ForeignStep

        return ForeignStep(ctx, step, parent)
    module, cls = PAGES[step]
    return getattr(importlib.import_module(module), cls)(ctx, parent)

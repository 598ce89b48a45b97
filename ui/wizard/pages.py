"""Which page shows which wizard step, and how pages are made (lazily, on first visit).

The wizard and the correction editor both build their pages here. Every step has its page in
:data:`PAGES`, each a :class:`ui.wizard.step.StepView` (mypy checks the table through
``_STEP_VIEWS``). The modules are imported on a step's first visit, not with the wizard: together
they take about a third of a second to import (the receipt page brings Qt's print support), which
the first "New registration" should not wait for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QWidget

from kiosk.domain.wizard import Step

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import StepPage, StepView
    from ui.wizard.steps.documents import DocumentsPage
    from ui.wizard.steps.receipt import ReceiptStep
    from ui.wizard.steps.review import ReviewPage
    from ui.wizard.submit import SubmitPage

    # Every kind of page PAGES names has what the wizard calls (checked by mypy only).
    _STEP_VIEWS: tuple[type[StepView], ...] = (
        StepPage,
        ReviewPage,
        SubmitPage,
        DocumentsPage,
        ReceiptStep,
    )

# Step -> (module, class) of its page.
PAGES: dict[Step, tuple[str, str]] = {
    Step.CONSENT: ("ui.wizard.steps.consent", "ConsentPage"),
    Step.BUSINESS: ("ui.wizard.steps.business", "BusinessPage"),
    Step.OWNER: ("ui.wizard.steps.owner", "OwnerPage"),
    Step.ADDRESS: ("ui.wizard.steps.address", "AddressPage"),
    Step.PRODUCTS: ("ui.wizard.steps.products", "ProductsPage"),
    Step.BANK: ("ui.wizard.steps.bank", "BankPage"),
    Step.DOCUMENTS: ("ui.wizard.steps.documents", "DocumentsPage"),
    Step.REVIEW: ("ui.wizard.steps.review", "ReviewPage"),
    Step.SUBMIT: ("ui.wizard.submit", "SubmitPage"),
    Step.RECEIPT: ("ui.wizard.steps.receipt", "ReceiptStep"),
}


def warm_up_reference() -> None:
    """Load the reference data and build the village index off the GUI thread, so the first
    keystroke in the village search is as fast as the others."""
    from kiosk.reference import Reference

    ref = Reference.load()
    ref.prepare_search()
    ref.search_kbli("warm up", 1)


def make_page(ctx: AppContext, step: Step, parent: QWidget | None = None) -> StepView:
    """A new page for ``step``; a QWidget as well (see ``step_widget``)."""
    module, name = PAGES[step]
    page_class = getattr(importlib.import_module(module), name)
    return cast("StepView", page_class(ctx, parent))

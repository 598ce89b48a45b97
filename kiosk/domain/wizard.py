"""The registration wizard's step table (Electrum style: a table in the core, no widgets).

Each :class:`Step` has a title (both languages) and the model fields it owns. A flow is the order
of steps for one mode: staff at the desk (``STAFF_FLOW``) or the owner on the touch screen
(``SELF_SERVICE_FLOW``: business, owner, address, products; staff take over for consent, bank,
documents and submission, so personal-data consent is asked by a person, not a screen).

Moving on: :func:`can_leave` lists the *blocking* issues of the step (errors on its fields,
including "required" ones); warnings never block. Going back is always allowed except after
``submit`` (a submitted registration is corrected through a new version, not by going back).
``receipt`` is the end: there is no next step.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from kiosk.domain.issues import Issue
from kiosk.domain.model import Registration
from kiosk.domain.validation import validate_registration
from kiosk.i18n import Lang, register, tr


class Step(StrEnum):
    CONSENT = "consent"
    BUSINESS = "business"
    OWNER = "owner"
    ADDRESS = "address"
    PRODUCTS = "products"
    BANK = "bank"
    DOCUMENTS = "documents"
    REVIEW = "review"
    SUBMIT = "submit"
    RECEIPT = "receipt"


STAFF_FLOW: tuple[Step, ...] = (
    Step.CONSENT,
    Step.BUSINESS,
    Step.OWNER,
    Step.ADDRESS,
    Step.PRODUCTS,
    Step.BANK,
    Step.DOCUMENTS,
    Step.REVIEW,
    Step.SUBMIT,
    Step.RECEIPT,
)
SELF_SERVICE_FLOW: tuple[Step, ...] = (Step.BUSINESS, Step.OWNER, Step.ADDRESS, Step.PRODUCTS)

# Field path prefixes owned by each step; REVIEW and SUBMIT own everything (the whole record
# must be submittable), RECEIPT nothing.
STEP_FIELDS: dict[Step, tuple[str, ...]] = {
    Step.CONSENT: ("consent",),
    Step.BUSINESS: ("business",),
    Step.OWNER: ("owner",),
    Step.ADDRESS: ("address",),
    Step.PRODUCTS: ("products",),
    Step.BANK: ("bank",),
    Step.DOCUMENTS: ("documents",),
    Step.REVIEW: ("",),
    Step.SUBMIT: ("",),
    Step.RECEIPT: (),
}
NO_WAY_BACK: frozenset[Step] = frozenset({Step.RECEIPT})


def step_of(field: str) -> Step | None:
    """The step where ``field`` (``products.2.price_idr``) is entered."""
    head = field.split(".", 1)[0]
    for step in STAFF_FLOW[:7]:
        if head in STEP_FIELDS[step]:
            return step
    return None


def title(step: Step, lang: Lang = "id") -> str:
    return tr(f"wizard.step.{step.value}", lang)


def _index(flow: Sequence[Step], step: Step) -> int:
    if step not in flow:
        raise ValueError(f"{step} is not part of this flow")
    return flow.index(step)


def next_step(flow: Sequence[Step], step: Step, reg: Registration | None = None) -> Step | None:
    """The step after ``step`` (``None`` at the end). Call :func:`can_leave` first."""
    i = _index(flow, step)
    return flow[i + 1] if i + 1 < len(flow) else None


def prev_step(flow: Sequence[Step], step: Step, reg: Registration | None = None) -> Step | None:
    """The step before ``step``; ``None`` at the start and after submission."""
    i = _index(flow, step)
    if step in NO_WAY_BACK or i == 0:
        return None
    return flow[i - 1]


def can_leave(step: Step, reg: Registration) -> list[Issue]:
    """Errors that keep the person on ``step`` (empty list: they may go on)."""
    prefixes = STEP_FIELDS[step]
    if not prefixes:
        return []
    issues = validate_registration(reg, stage="submit")
    return [
        issue
        for issue in issues
        if issue.severity == "error"
        and any(p == "" or issue.field == p or issue.field.startswith(p + ".") for p in prefixes)
    ]


def progress(flow: tuple[Step, ...], step: Step) -> tuple[int, int]:
    """``(position counted from 1, number of steps)`` for "Langkah 2 dari 10"."""
    return _index(flow, step) + 1, len(flow)


register(
    {
        "wizard.step.consent": {"id": "Persetujuan data pribadi", "en": "Personal data consent"},
        "wizard.step.business": {"id": "Data usaha", "en": "Business"},
        "wizard.step.owner": {"id": "Pemilik / penanggung jawab", "en": "Owner / person in charge"},
        "wizard.step.address": {"id": "Alamat usaha", "en": "Business address"},
        "wizard.step.products": {"id": "Produk", "en": "Products"},
        "wizard.step.bank": {"id": "Rekening bank", "en": "Bank account"},
        "wizard.step.documents": {"id": "Dokumen", "en": "Documents"},
        "wizard.step.review": {"id": "Periksa kembali", "en": "Review"},
        "wizard.step.submit": {"id": "Kirim pendaftaran", "en": "Submit"},
        "wizard.step.receipt": {"id": "Tanda terima", "en": "Receipt"},
        "wizard.progress": {"id": "Langkah {n} dari {total}", "en": "Step {n} of {total}"},
    }
)

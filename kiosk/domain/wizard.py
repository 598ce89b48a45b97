"""The registration wizard's rules (Electrum style: a table in the core, no widgets).

Each :class:`Step` has a title (both languages) and the model fields it owns. A :class:`Flow` is
the order of steps for one mode and says everything the wizard widget must not decide itself:

- ``Flow.staff()`` (the desk): consent … documents, review, submit, receipt. It ends with the
  receipt (:attr:`Ending.RECEIPT`): the registration is submitted inside the flow.
- ``Flow.self_service()`` (the owner on the touch screen): consent, business, owner, address,
  products. Consent comes first, before the owner types any personal data (UU 27/2022: agreement
  before processing; issue 12 item 14). It ends with the hand-over to staff
  (:attr:`Ending.HANDOVER`): the draft is saved and staff take over for bank, documents and
  submission; the consent the owner gave on the screen travels with the draft (no staff id).

Invariants:

- Moving on: :meth:`Flow.can_leave` lists the *blocking* issues of a step (errors on its fields,
  including "required" ones); warnings never block. What "on" means at a step is
  :meth:`Flow.forward` (next step, submit, finish, hand over).
- Going back, or jumping to a step of the flow, is allowed on a draft only; back never from the
  first step or the receipt (a submitted registration is corrected through a new version).
- Every field path belongs to at most one entry step (:func:`step_of`); review and submit check the
  whole record (it must be submittable), the receipt nothing.
- Whole lists (``products``, ``documents``) and ``consent`` are checked with their step, never one
  edit at a time (:func:`checks_on_edit`).
- Left for staff (issue 12 item 15): on the self-service screen the owner may leave the NIB and
  the NPWP to staff ("Belum punya NIB"): the path goes into ``Registration.left_for_staff`` and
  the flow's :attr:`Flow.may_leave_for_staff` lets the owner go on without it. Only the *required*
  check is waived; a value typed is still checked. The staff flow waives nothing, so a
  registration cannot be submitted before staff filled what was left to them;
  :func:`waiting_for_staff` names what still waits.
- Every flow starts with consent: no step that takes personal data comes before it (a
  :class:`Flow` that does not start with ``Step.CONSENT`` cannot be built).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.field_rules import is_empty
from kiosk.domain.issues import Issue
from kiosk.domain.model import Registration, Status
from kiosk.domain.validation import REQUIRED, validate_registration
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


class Ending(StrEnum):
    """Where a flow ends."""

    RECEIPT = "receipt"  # submitted in the flow; the receipt step is its last page
    HANDOVER = "handover"  # the draft is saved and handed over to staff


class Move(StrEnum):
    """What going on from a step does (the wizard's Next button)."""

    NEXT = "next"  # check the step, then show the next one
    SUBMIT = "submit"  # store the registration (the submit step)
    FINISH = "finish"  # the last page was seen: the flow is over
    HAND_OVER = "hand_over"  # check the step, save the draft, the flow is over


STAFF_FLOW: tuple[Step, ...] = tuple(Step)
SELF_SERVICE_FLOW: tuple[Step, ...] = (
    Step.CONSENT,
    Step.BUSINESS,
    Step.OWNER,
    Step.ADDRESS,
    Step.PRODUCTS,
)

# Field path prefixes owned by each step; "" is every field (review and submit check the whole
# record), no prefix at all is no field (the receipt).
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
# What an owner at the touch screen may leave for staff (they can get them at the desk).
LEAVE_FOR_STAFF: frozenset[str] = frozenset({"business.nib", "business.npwp"})
# Fields edited as a whole (a product row added, a page scanned, the consent box): checked with
# their step by can_leave, not one edit at a time.
CHECKED_WITH_STEP: frozenset[str] = frozenset({"products", "documents", "consent"})


def step_of(field: str) -> Step | None:
    """The step where ``field`` (``products.2.price_idr``) is entered."""
    head = field.split(".", 1)[0]
    for step in Step:
        if head and head in STEP_FIELDS[step]:
            return step
    return None


def checks_on_edit(field: str) -> bool:
    """Whether an edit of ``field`` is checked at once on its own (``validate_field``)."""
    return field.split(".")[-1] not in CHECKED_WITH_STEP


def title(step: Step, lang: Lang = "id") -> str:
    return tr(f"wizard.step.{step.value}", lang)


def _owns(prefixes: tuple[str, ...], field: str) -> bool:
    return any(p == "" or field == p or field.startswith(p + ".") for p in prefixes)


@dataclass(frozen=True)
class Flow:
    """The steps of one mode, in order, and where they end (see the module docstring)."""

    steps: tuple[Step, ...]
    ends_with: Ending
    may_leave_for_staff: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.steps or self.steps[0] is not Step.CONSENT:
            raise ValueError("a flow starts with consent, before any personal data is typed")

    @classmethod
    def staff(cls) -> Flow:
        return cls(STAFF_FLOW, Ending.RECEIPT)

    @classmethod
    def self_service(cls) -> Flow:
        return cls(SELF_SERVICE_FLOW, Ending.HANDOVER, LEAVE_FOR_STAFF)

    @property
    def first(self) -> Step:
        return self.steps[0]

    def __contains__(self, step: object) -> bool:
        return step in self.steps

    def _index(self, step: Step) -> int:
        if step not in self.steps:
            raise ValueError(f"{step} is not part of this flow")
        return self.steps.index(step)

    def next(self, step: Step) -> Step | None:
        """The step after ``step`` (``None`` at the end). Call :meth:`can_leave` first."""
        i = self._index(step)
        return self.steps[i + 1] if i + 1 < len(self.steps) else None

    def prev(self, step: Step, reg: Registration | None = None) -> Step | None:
        """The step before ``step``; ``None`` at the start, from the receipt and (given ``reg``)
        once the registration is no longer a draft."""
        i = self._index(step)
        if i == 0 or step in NO_WAY_BACK or (reg is not None and reg.status != Status.DRAFT):
            return None
        return self.steps[i - 1]

    def can_go_to(self, step: Step, reg: Registration) -> bool:
        """Whether a jump to ``step`` is allowed (the review's edit links, the submit page's
        issue links): to a step of this flow, while the registration is a draft."""
        return step in self.steps and reg.status == Status.DRAFT

    def forward(self, step: Step) -> Move:
        """What going on from ``step`` does."""
        if step == Step.SUBMIT:
            return Move.SUBMIT
        if self.next(step) is not None:
            return Move.NEXT
        return Move.FINISH if self.ends_with == Ending.RECEIPT else Move.HAND_OVER

    def fields_of(self, step: Step) -> tuple[str, ...]:
        """Field path prefixes ``step`` checks (``""``: every field)."""
        self._index(step)
        return STEP_FIELDS[step]

    def can_leave(self, step: Step, reg: Registration) -> list[Issue]:
        """Errors that keep the person on ``step`` (empty list: they may go on)."""
        prefixes = self.fields_of(step)
        if not prefixes:
            return []
        issues = validate_registration(reg, stage="submit")
        waived = self.may_leave_for_staff & set(reg.left_for_staff)
        return [
            i
            for i in issues
            if i.severity == "error"
            and _owns(prefixes, i.field)
            and not (i.code == "validation.required" and i.field in waived)
        ]

    def progress(self, step: Step) -> tuple[int, int]:
        """``(position counted from 1, number of steps)`` for "Langkah 2 dari 10"."""
        return self._index(step) + 1, len(self.steps)

    def step_at(self, value: str) -> Step:
        """The step called ``value`` (a draft remembers where it was left); the first if unknown."""
        return next((s for s in self.steps if s.value == value), self.first)


def waiting_for_staff(reg: Registration) -> list[str]:
    """The field paths the owner left for staff that are still empty, in form order."""
    out = []
    for path in REQUIRED:
        if path in reg.left_for_staff:
            section, name = path.split(".", 1)
            if is_empty(getattr(getattr(reg, section), name)):
                out.append(path)
    return out


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

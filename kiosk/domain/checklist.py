"""Which documents a registration needs, by the document checklist in use.

The rules are data (:mod:`kiosk.reference.checklist`: the bundled ``checklist.json`` or a newer
version the central pushed) so that the central can change them without a new kiosk build; the
version is kept with each result. This module applies them to a registration. Items that depend on
the legal form are left out while the legal form is not chosen yet (a draft), rather than guessed.

Firma: like a CV it is founded by notarial deed and, since Permenkumham 17/2018, registered in
Kemenkumham's SABU system, which issues a *surat keterangan terdaftar* instead of a legal-entity
approval; so a firma needs the same documents as a CV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.model import DocumentType, LegalForm, Registration
from kiosk.i18n import Lang, register, tr
from kiosk.reference.checklist import Checklist


@dataclass(frozen=True)
class ChecklistItem:
    doc_type: DocumentType
    required: bool
    reason_code: str  # "checklist.<version>.reason.<name>"
    label_code: str = ""  # "checklist.<version>.item.<n>"
    count: int = 1  # documents of this type needed (TKDN: one per certificate)
    params: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: Lang = "id") -> str:
        return tr(self.label_code, lang)

    def reason(self, lang: Lang = "id") -> str:
        return tr(self.reason_code, lang, **self.params)


def load_checklist() -> Checklist:
    """The checklist in use: a version pushed by the central (via the reference data) or bundled."""
    from kiosk.domain.reference_rules import reference

    return reference().checklist


def tkdn_certificates(reg: Registration) -> list[str]:
    """Distinct TKDN certificate numbers claimed by the products (case and spaces ignored)."""
    seen: dict[str, str] = {}
    for product in reg.products:
        if not isinstance(product.tkdn_cert_no, str):
            continue  # not text: validation reports it
        number = " ".join(product.tkdn_cert_no.split())
        if number:
            seen.setdefault(number.casefold(), number)
    return list(seen.values())


def _facts(reg: Registration) -> dict[str, Any]:
    return {
        "legal_form": form if isinstance(form := reg.business.legal_form, LegalForm) else None,
        "pkp": reg.business.pkp is True,
        "is_owner": reg.owner.is_owner is not False,
        "tkdn_claimed": bool(tkdn_certificates(reg)),
    }


def _applies(when: dict[str, Any], facts: dict[str, Any]) -> bool:
    for key, expected in when.items():
        if key == "legal_form":
            if facts["legal_form"] is None or facts["legal_form"].value not in expected:
                return False
        elif facts[key] != expected:
            return False
    return True


def required_documents(
    reg: Registration, checklist: Checklist | None = None
) -> list[ChecklistItem]:
    """The checklist for this registration, in display order (required and optional items)."""
    checklist = checklist or load_checklist()
    facts = _facts(reg)
    items = []
    for rule in checklist.rules:
        if not _applies(rule["when"], facts):
            continue
        count, params = 1, {}
        if rule.get("count") == "per_tkdn_cert":
            count = len(tkdn_certificates(reg))
            params = {"count": count}
        items.append(
            ChecklistItem(
                DocumentType(rule["doc_type"]),
                bool(rule["required"]),
                f"checklist.{checklist.version}.reason.{rule['reason']}",
                rule["label_code"],
                count,
                params,
            )
        )
    return items


def missing_documents(reg: Registration, checklist: Checklist | None = None) -> list[ChecklistItem]:
    """Required items without enough attached documents (a document counts when it has pages)."""
    have: dict[DocumentType, int] = {}
    for doc in reg.documents:
        if doc.pages:
            have[doc.doc_type] = have.get(doc.doc_type, 0) + 1
    return [
        item
        for item in required_documents(reg, checklist)
        if item.required and have.get(item.doc_type, 0) < item.count
    ]


def checklist_version() -> str:
    return load_checklist().version


register(
    {
        "checklist.title": {"id": "Daftar dokumen", "en": "Document checklist"},
        "checklist.required": {"id": "wajib", "en": "required"},
        "checklist.optional": {"id": "jika ada", "en": "if any"},
    }
)

"""The documents step's checklist: what is needed for this legal form, and what is there.

Business rule (core, not UI): the items come from :func:`kiosk.domain.checklist.required_documents`;
each gets a state — ``missing`` (no pages), ``present`` (pages attached), or ``flagged`` (a page's
file is missing or damaged on this kiosk, per the start-up sweep) — and its page count. Documents
attached under a type the checklist does not ask for are listed after it as optional extras, so
nothing captured is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.domain.checklist import required_documents
from kiosk.domain.model import DocumentRef, DocumentType, Registration
from kiosk.i18n import Lang, register, tr

register(
    {
        "documents.state.missing": {"id": "belum ada", "en": "missing"},
        "documents.state.present": {"id": "{pages} halaman", "en": "{pages} page(s)"},
        "documents.state.flagged": {
            "id": "{pages} halaman — ada yang perlu dipindai ulang",
            "en": "{pages} page(s) — some need scanning again",
        },
        "documents.required": {"id": "wajib", "en": "required"},
        "documents.optional": {"id": "tambahan", "en": "optional"},
        "documents.type.ktp": {"id": "KTP", "en": "ID card (KTP)"},
        "documents.type.npwp": {"id": "Kartu NPWP", "en": "Tax number card (NPWP)"},
        "documents.type.nib": {
            "id": "NIB (cetakan OSS)",
            "en": "Business number (NIB, OSS printout)",
        },
        "documents.type.deed_establishment": {
            "id": "Akta pendirian",
            "en": "Deed of establishment",
        },
        "documents.type.deed_amendment": {"id": "Akta perubahan", "en": "Deed of amendment"},
        "documents.type.sk_kemenkumham": {
            "id": "SK Kemenkumham",
            "en": "Ministry of Law decree (SK Kemenkumham)",
        },
        "documents.type.pkp": {"id": "SPPKP", "en": "Taxable entrepreneur confirmation (SPPKP)"},
        "documents.type.non_pkp_statement": {
            "id": "Surat pernyataan non-PKP",
            "en": "Non-PKP statement",
        },
        "documents.type.power_of_attorney": {"id": "Surat kuasa", "en": "Power of attorney"},
        "documents.type.tkdn": {"id": "Sertifikat TKDN", "en": "Local content certificate (TKDN)"},
        "documents.type.other": {"id": "Dokumen lain", "en": "Other document"},
    }
)


@dataclass(frozen=True)
class ChecklistRow:
    doc_type: DocumentType
    label: str
    reason: str
    required: bool
    pages: int
    state: str  # "missing" | "present" | "flagged"

    def summary(self, lang: Lang = "id") -> str:
        need = tr("documents.required" if self.required else "documents.optional", lang)
        state = tr(f"documents.state.{self.state}", lang, pages=self.pages)
        return f"{self.label} — {need} — {state}"


def documents_of(reg: Registration, doc_type: DocumentType) -> list[DocumentRef]:
    return [d for d in reg.documents if d.doc_type == doc_type]


def document_for(reg: Registration, doc_type: DocumentType, label: str = "") -> DocumentRef:
    """The registration's document of this type, created (empty) if it has none yet."""
    found = documents_of(reg, doc_type)
    if found:
        return found[0]
    document = DocumentRef(doc_type=doc_type, label=label)
    reg.documents.append(document)
    return document


def checklist_rows(
    reg: Registration, lang: Lang = "id", flagged: Iterable[str] = ()
) -> list[ChecklistRow]:
    bad = set(flagged)
    rows: list[ChecklistRow] = []
    seen: set[DocumentType] = set()

    def row(doc_type: DocumentType, label: str, reason: str, required: bool) -> ChecklistRow:
        pages = [p for d in documents_of(reg, doc_type) for p in d.pages]
        state = "missing" if not pages else "present"
        if any(p.sha256 in bad for p in pages):
            state = "flagged"
        return ChecklistRow(doc_type, label, reason, required, len(pages), state)

    for item in required_documents(reg):
        if item.doc_type in seen:
            continue
        seen.add(item.doc_type)
        rows.append(row(item.doc_type, item.label(lang), item.reason(lang), item.required))
    for document in reg.documents:
        if document.doc_type not in seen:
            seen.add(document.doc_type)
            label = document.label or tr("documents.type.other", lang)
            rows.append(row(document.doc_type, label, "", False))
    if DocumentType.OTHER not in seen:
        rows.append(row(DocumentType.OTHER, tr("documents.type.other", lang), "", False))
    return rows

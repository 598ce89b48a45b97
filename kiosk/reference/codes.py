"""Closed code lists a registration names: legal forms and document types.

They are reference vocabulary, like region and KBLI codes: the model's fields take these values, and
the document checklist (:mod:`kiosk.reference.checklist`, which the central can push) is checked
against them when it is loaded. Kept in the reference layer, below the domain rules, so that loading
reference data never needs the domain; :mod:`kiosk.domain.model` names them for its users.
"""

from __future__ import annotations

from enum import StrEnum


class LegalForm(StrEnum):
    PERORANGAN = "perorangan"  # sole proprietor / Usaha Dagang (UD)
    CV = "cv"
    PT = "pt"
    FIRMA = "firma"
    KOPERASI = "koperasi"
    YAYASAN = "yayasan"
    OTHER = "other"


class DocumentType(StrEnum):
    KTP = "ktp"  # ID card of the owner / director
    NPWP = "npwp"  # tax number card
    NIB = "nib"  # business identification number printout (OSS)
    DEED_ESTABLISHMENT = "deed_establishment"  # akta pendirian
    DEED_AMENDMENT = "deed_amendment"  # akta perubahan terakhir
    SK_KEMENKUMHAM = "sk_kemenkumham"  # ministry of law decree
    PKP = "pkp"  # SPPKP (taxable entrepreneur confirmation)
    NON_PKP_STATEMENT = "non_pkp_statement"  # surat pernyataan non-PKP
    POWER_OF_ATTORNEY = "power_of_attorney"  # surat kuasa
    TKDN = "tkdn"  # local content certificate
    OTHER = "other"

"""How statuses and legal forms read on screen (Qt strings with fixed contexts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def status_text(status: object) -> str:
    value = str(getattr(status, "value", status))
    texts = {
        "draft": QCoreApplication.translate("RegistrationStatus", "Draft"),
        "submitted": QCoreApplication.translate(
            "RegistrationStatus", "Submitted, waiting for sync"
        ),
        "synced": QCoreApplication.translate("RegistrationStatus", "Sent to the central office"),
        "verified": QCoreApplication.translate("RegistrationStatus", "Verified"),
        "needs_fix": QCoreApplication.translate("RegistrationStatus", "Needs a fix"),
        "rejected": QCoreApplication.translate("RegistrationStatus", "Rejected"),
    }
    return texts.get(value, value)


def legal_form_text(form: object) -> str:
    """The legal form as people call it (context ``LegalForm``)."""
    value = str(getattr(form, "value", form) or "")
    texts = {
        "perorangan": QCoreApplication.translate("LegalForm", "Sole proprietor (perorangan / UD)"),
        "cv": QCoreApplication.translate("LegalForm", "CV (limited partnership)"),
        "pt": QCoreApplication.translate("LegalForm", "PT (limited company)"),
        "firma": QCoreApplication.translate("LegalForm", "Firma (partnership)"),
        "koperasi": QCoreApplication.translate("LegalForm", "Koperasi (cooperative)"),
        "yayasan": QCoreApplication.translate("LegalForm", "Yayasan (foundation)"),
        "other": QCoreApplication.translate("LegalForm", "Other"),
    }
    return texts.get(value, value)

"""How the app marks a registration that is in a district office's list (issue 14).

Staff at an intake event find the person by name or phone in the drafts list or the search results
and must see that the row is in the district list, and which one. The core says which list a row is
in (:func:`kiosk.importexport.origin.list_names`, read off the GUI thread with the rows); these
helpers only word it, in the interface's language, for a column, a badge's text and what a screen
reader says.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def column_title() -> str:
    """The search results' column of the list's name."""
    return QCoreApplication.translate("DistrictListBadge", "District list")


def badge_text(list_name: str) -> str:
    """``From the district list “UMKM Tarakan 2026”`` (shown and read out)."""
    return QCoreApplication.translate("DistrictListBadge", "From the district list “%1”").replace(
        "%1", list_name
    )

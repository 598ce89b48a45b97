"""The hall's branding as the window's header shows it: where the configured logo file is.

Kept apart from :mod:`ui.settings.page` because the main window reads it at start-up, when the
store has just opened: importing the settings page there (its tabs, and PySide's whole ``Qt``
enum namespace) cost ~30 ms on the way to a usable log-in. Nothing here imports Qt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store


def logo_path(store: Store) -> Path | None:
    """The configured logo file (``branding.logo`` inside ``<data dir>/branding``), if one is
    set and present."""
    name = store.get_setting("branding.logo", "")
    if not name:
        return None
    path = Path(store.paths.root) / "branding" / Path(str(name)).name
    return path if path.exists() else None

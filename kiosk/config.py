"""Where the kiosk keeps its data, and how that is chosen.

Order: an explicit ``--data-dir`` > the ``KIOSK_DATA_DIR`` environment variable > the platform's
user data folder (platformdirs), e.g. ``~/.local/share/kiosk`` on Linux.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "kiosk"
APP_AUTHOR = "MPP"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        path = Path(explicit)
    elif os.environ.get("KIOSK_DATA_DIR"):
        path = Path(os.environ["KIOSK_DATA_DIR"])
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path = path.expanduser().resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(path, 0o700)
    return path


def owner_only(path: Path, mode: int = 0o600) -> None:
    """Readable by the owner only (issue 13.4): the data folder 0700, its files 0600. POSIX only;
    on Windows the user profile's ACLs already keep ``%LOCALAPPDATA%`` private.

    Only ever *removes* bits (the group's, others', and any of the owner's not in ``mode``): a
    folder or database someone made read-only stays read-only, so the store still names that
    ("not allowed to write") instead of quietly making it writable again."""
    if os.name == "nt":
        return
    try:
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            os.chmod(path, current & mode)
    except FileNotFoundError:
        pass


@dataclass(frozen=True)
class Paths:
    """The files and folders inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "kiosk.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def restore_journal(self) -> Path:
        """Beside the folder, not in it: a restore's swap plan while the folder itself is swapped
        (:mod:`kiosk.backup.swap`); present only while a swap is unfinished."""
        return self.root.parent / f".{self.root.name}.restore.json"


def resources_dir() -> Path:
    """The project's ``resources/`` folder (shipped beside the packages)."""
    return Path(__file__).resolve().parent.parent / "resources"

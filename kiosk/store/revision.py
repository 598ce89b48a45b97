"""The schema revision the code expects, read from the migration scripts' text (no Alembic).

:func:`quick_head` is asked at every store opening (:func:`kiosk.store.migrate.upgrade`: the common
case "already at head" needs no Alembic, ~0.1-0.2 s to import) and by the log-in before the store
opens (:mod:`kiosk.staff.early_login`), which must never read or write a schema it does not know.
Standard library only, so that check costs no SQLAlchemy either. Anything unusual (several heads,
odd syntax) answers None: the caller then takes the full path, where Alembic decides.
"""

from __future__ import annotations

import re
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


def quick_head(migrations: Path = MIGRATIONS) -> str | None:
    """The head revision read from the scripts' text in ``migrations``, or None if unclear."""
    revisions, parents = set(), set()
    for path in (migrations / "versions").glob("*.py"):
        source = path.read_text("utf-8")
        found = _REVISION.search(source)
        if found is None:
            return None
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)) if down else [])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None

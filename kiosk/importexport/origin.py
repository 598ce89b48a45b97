"""Which district list a registration is in, for the lists staff search at an intake event.

A draft made from a district office's list (``kiosk import --drafts``) carries the list's name in
``registrations.origin_list``, and so does a registration already here that a list row was linked
to (matched by NIK, NIB or NPWP). Staff find the person by name or phone in the drafts list or the
search results and must see that the row is in a list, and which one: :func:`list_names` reads the
names for the rows a list or a search shows (one query, plaintext columns only, nothing opened).
A list name is the office's own title for its spreadsheet, not personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store

BATCH = 500  # ids per IN list


def list_names(store: Store, reg_ids: Sequence[str]) -> dict[str, str]:
    """``{registration id: list name}`` for those of ``reg_ids`` that are in a district list."""
    from sqlalchemy.exc import OperationalError

    ids = list(dict.fromkeys(reg_ids))
    out: dict[str, str] = {}
    with store.session(write=False) as session:
        conn = session.connection()
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ", ".join("?" * len(chunk))
            try:
                rows = conn.exec_driver_sql(
                    f"SELECT id, origin_list FROM registrations "  # noqa: S608 - placeholders only
                    f"WHERE origin_list != '' AND id IN ({marks})",
                    tuple(chunk),
                ).all()
            except OperationalError as exc:  # a store opened below 0007 (``migrate_to``: tests)
                if "no such" not in str(exc):
                    raise
                return {}
            out.update({str(r[0]): str(r[1]) for r in rows})
    return out

"""The subject's drafts go with an erasure (issue 13): found by NIK, never by name.

A data-subject erasure (the central's, or consent withdrawn at the desk) names one registration;
a *draft* on this kiosk for the same person — imported from a district office's list, a second
registration left unfinished, a draft copied from the submitted one — is that person's data too
and must go with it. The central never saw a draft, so only the kiosk can find it.

Matching: by the owner's NIK as the store indexes it (normalised, then blind-indexed:
:mod:`kiosk.store.identifiers`), never by a name (two people share a name; a name typed twice
differs). The subject's NIK is the one the erased registration holds — in its current content and
in every version. When those disagree (the NIK was corrected), the kiosk cannot tell which of them
is the subject's: a withdrawal at the desk is the current owner's (the person standing there), so
it takes the current NIK; a central erasure then takes none here (erasing another person's draft
would lose that person's work) and says so in the audit entry (``drafts_unmatched``): the central's
``subject_drafts`` event, which names the person's NIK sealed to this kiosk, settles it
(:func:`kiosk.store.erasure.erase_drafts`). That event is also how a kiosk that held none of the
person's registrations finds their drafts. A draft whose NIK is half typed is not indexed and is
not matched.

Each draft found is removed like the registration (same rows, same transaction) and leaves a
tombstone with ``origin = "draft"`` and the same request, reported to the central as a withdrawal
of the draft's id under that request (the central tombstones the id, so the draft can never arrive
later, and records this kiosk's confirmation); the audit entry ``registration.draft_erased`` holds
the draft's id and number, the request and the registration it went with — no personal data.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

from kiosk.domain.model import Status
from kiosk.store import codec
from kiosk.store.identifiers import normalize

if TYPE_CHECKING:
    from kiosk.security.keys import KeyRing

log = logging.getLogger(__name__)
ORIGIN = "draft"  # the tombstone's origin for a draft erased with the subject's registration


def nik_index(keys: KeyRing, nik: object) -> str | None:
    """The blind index of a NIK as the store indexes an owner's (normalised), or None."""
    normalized = normalize("nik", str(nik or ""))
    return keys.blind_index("nik", normalized) if normalized else None


def subject_indexes(
    conn: Connection, keys: KeyRing, reg_id: str, origin: str
) -> tuple[set[str], bool]:
    """The blind indexes of the NIK(s) to match drafts by, and whether the subject was unclear
    (several NIKs over the registration's life, erased at the central's request)."""
    row = conn.exec_driver_sql("SELECT nik_bidx FROM registrations WHERE id = ?", (reg_id,)).first()
    if row is None:
        return set(), False  # this kiosk held no copy: nothing tells it the subject's NIK
    current = str(row[0]) if row[0] else None
    seen = {current} - {None}
    for version, sealed in conn.exec_driver_sql(
        "SELECT version, sealed FROM registration_versions WHERE registration_id = ?", (reg_id,)
    ):
        try:
            content = codec.open_content(keys, reg_id, int(version), bytes(sealed))
        except Exception:  # a damaged version names no NIK; the others still do
            log.warning("version %s of an erased registration cannot be opened", version)
            continue
        owner = content.get("owner") if isinstance(content, dict) else None
        index = nik_index(keys, owner.get("nik") if isinstance(owner, dict) else "")
        if index is not None:
            seen.add(index)
    found = {str(s) for s in seen if s}
    if len(found) <= 1:
        return found, False
    if origin == "desk" and current is not None:
        return {current}, False
    return set(), True


def drafts_of(conn: Connection, indexes: set[str], exclude: str) -> list[tuple[str, str]]:
    """``(id, number)`` of every draft whose owner's NIK has one of these blind indexes."""
    if not indexes:
        return []
    marks = ", ".join("?" for _ in indexes)
    rows = conn.exec_driver_sql(
        f"SELECT id, reg_no FROM registrations WHERE status = ? AND id != ? "  # noqa: S608 - marks
        f"AND nik_bidx IN ({marks}) ORDER BY reg_no",
        (str(Status.DRAFT), exclude, *sorted(indexes)),
    )
    return [(str(a), str(b)) for a, b in rows]

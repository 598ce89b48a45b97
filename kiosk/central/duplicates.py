"""Duplicate flags: the same NIK, NIB or NPWP in two registrations is kept twice and flagged.

Nothing is merged: a supervisor reviews the flag (``kiosk central report`` counts open flags). Any
two distinct registrations sharing an identifier are flagged, at two kiosks or at one (a walk-in
registering twice at one desk deserves the same look). A pair is stored once per kind with the
smaller registration id first. Runs after the push committed (see :mod:`kiosk.central.push`).
Identifiers are never logged.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.central.db import session_scope
from kiosk.central.models import DuplicateFlag, Identifier


def flag_for(factory: sessionmaker[Session], registration_ids: list[str]) -> int:
    """Create the missing flags involving these registrations; returns how many were new."""
    mine, other = aliased(Identifier), aliased(Identifier)
    with session_scope(factory) as session:
        pairs: set[tuple[str, str, str]] = set()
        for start in range(0, len(registration_ids), 500):
            chunk = registration_ids[start : start + 500]
            rows = session.execute(
                select(mine.kind, mine.registration_id, other.registration_id)
                .join(other, (other.kind == mine.kind) & (other.value == mine.value))
                .where(mine.registration_id.in_(chunk))
                .where(other.registration_id != mine.registration_id)
            )
            for kind, a, b in rows:
                pairs.add((kind, min(a, b), max(a, b)))
        if not pairs:
            return 0
        involved = sorted({x for _, a, b in pairs for x in (a, b)})
        existing = {
            tuple(row)
            for row in session.execute(
                select(
                    DuplicateFlag.kind, DuplicateFlag.registration_a, DuplicateFlag.registration_b
                ).where(DuplicateFlag.registration_a.in_(involved))
            )
        }
        created = 0
        for kind, a, b in sorted(pairs - existing):
            try:
                with session.begin_nested():
                    session.add(DuplicateFlag(kind=kind, registration_a=a, registration_b=b))
                    session.flush()
                created += 1
            except IntegrityError:  # another process flagged the same pair just now
                pass
        return created

"""Duplicate flags: the same NIK, NIB or NPWP in two registrations is kept twice and flagged.

Nothing is merged: a supervisor reviews the flag (``kiosk central report`` counts open flags). Any
two distinct registrations sharing an identifier are flagged, at two kiosks or at one (a walk-in
registering twice at one desk deserves the same look). A pair is stored once per kind with the
smaller registration id first. Runs after the push committed (see :mod:`kiosk.central.push`).
Identifiers are never logged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
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
            found = session.execute(
                select(mine.kind, mine.registration_id, other.registration_id)
                .join(other, (other.kind == mine.kind) & (other.value == mine.value))
                .where(mine.registration_id.in_(chunk))
                .where(other.registration_id != mine.registration_id)
            )
            for kind, a, b in found:
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
        rows = [
            {"kind": k, "registration_a": a, "registration_b": b}
            for k, a, b in sorted(pairs - existing)
        ]
        if not rows:
            return 0
        # ON CONFLICT DO NOTHING: another process may flag the same pair at the same moment
        from sqlalchemy.dialects import postgresql, sqlite

        dialect = session.get_bind().dialect.name
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(DuplicateFlag).on_conflict_do_nothing(
            index_elements=["kind", "registration_a", "registration_b"]
        )
        session.execute(statement, rows)
        return len(rows)

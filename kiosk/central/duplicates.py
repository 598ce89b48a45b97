"""Duplicate flags: the same NIK, NIB or NPWP in two registrations is kept twice and flagged.

Nothing is merged: a supervisor reviews the flag (``kiosk central report`` counts open flags). Any
two distinct registrations sharing an identifier are flagged, at two kiosks or at one (a walk-in
registering twice at one desk deserves the same look). A pair is stored once per kind with the
smaller registration id first. Runs after the push committed (see :mod:`kiosk.central.push`).
Identifiers are never logged.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, literal, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.central.db import session_scope
from kiosk.central.models import DuplicateFlag, Identifier, utcnow


def flag_for(factory: sessionmaker[Session], registration_ids: list[str]) -> int:
    """Create the missing flags involving these registrations; returns how many were new.

    One ``INSERT … SELECT`` per 500 registrations: the database joins the identifiers and skips
    pairs already flagged (``ON CONFLICT DO NOTHING``, which also settles two processes flagging
    the same pair at the same moment).
    """
    from sqlalchemy.dialects import postgresql, sqlite

    mine, other = aliased(Identifier), aliased(Identifier)
    smaller = mine.registration_id < other.registration_id
    created = 0
    with session_scope(factory) as session:
        dialect = session.get_bind().dialect.name
        insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
        for start in range(0, len(registration_ids), 500):
            chunk = registration_ids[start : start + 500]
            pairs = (
                select(
                    mine.kind,
                    case((smaller, mine.registration_id), else_=other.registration_id),
                    case((smaller, other.registration_id), else_=mine.registration_id),
                    literal(utcnow(), DuplicateFlag.created_at.type),
                )
                .join(other, (other.kind == mine.kind) & (other.value == mine.value))
                .where(mine.registration_id.in_(chunk))
                .where(other.registration_id != mine.registration_id)
                .distinct()
            )
            statement = insert(DuplicateFlag).from_select(
                ["kind", "registration_a", "registration_b", "created_at"], pairs
            )
            statement = statement.on_conflict_do_nothing(
                index_elements=["kind", "registration_a", "registration_b"]
            )
            created += max(session.execute(statement).rowcount, 0)
    return created

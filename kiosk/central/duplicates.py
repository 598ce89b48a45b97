"""Duplicate flags: the same NIK, NIB or NPWP in two registrations is kept twice and flagged.

Nothing is merged: a supervisor reviews the flag (``kiosk central report`` counts open flags). Any
two distinct registrations sharing an identifier are flagged, at two kiosks or at one (a walk-in
registering twice at one desk deserves the same look). A pair is stored once per kind with the
smaller registration id first. Runs after the push committed (see :mod:`kiosk.central.push`).
Identifiers are never logged.
"""

from __future__ import annotations

from sqlalchemy import CursorResult, case, literal, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.central.db import psycopg_connection, session_scope
from kiosk.central.models import DuplicateFlag, Identifier, utcnow


def flag_for(factory: sessionmaker[Session], registration_ids: list[str]) -> int:
    """Create the missing flags involving these registrations; returns how many were new.

    One ``INSERT … SELECT`` (per 500 registrations on SQLite): the database joins the
    identifiers and skips pairs already flagged (``ON CONFLICT DO NOTHING``, which also settles
    two processes flagging the same pair at the same moment). The pair's order is byte order
    (``COLLATE "C"`` on PostgreSQL), as before.
    """
    with session_scope(factory) as session:
        if session.get_bind().dialect.name == "postgresql":
            return _flag_pg(session, registration_ids)
        return _flag_sqlite(session, registration_ids)


def _flag_sqlite(session: Session, registration_ids: list[str]) -> int:
    from sqlalchemy.dialects import sqlite

    mine, other = aliased(Identifier), aliased(Identifier)
    smaller = mine.registration_id < other.registration_id
    created = 0
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
        statement = sqlite.insert(DuplicateFlag).from_select(
            ["kind", "registration_a", "registration_b", "created_at"], pairs
        )
        statement = statement.on_conflict_do_nothing(
            index_elements=["kind", "registration_a", "registration_b"]
        )
        result = session.execute(statement)
        assert isinstance(result, CursorResult)  # an INSERT's result: it has a rowcount
        created += max(result.rowcount, 0)
    return created


# Driven by the batch's own identifiers, one index probe each (``OFFSET 0`` keeps the planner from
# flattening the lateral subqueries into a hash join over the whole table, which it prefers while
# the table is young and has no statistics, and which grows with the table).
_FLAG_PG = """
INSERT INTO central_duplicates (kind, registration_a, registration_b, created_at)
SELECT DISTINCT m.kind, LEAST(m.registration_id COLLATE "C", o.registration_id COLLATE "C"),
       GREATEST(m.registration_id COLLATE "C", o.registration_id COLLATE "C"), %b
FROM unnest(%b::text[]) AS ids(id)
CROSS JOIN LATERAL (SELECT i.registration_id, i.kind, i.value FROM central_identifiers i
                    WHERE i.registration_id = ids.id OFFSET 0) m
CROSS JOIN LATERAL (SELECT x.registration_id FROM central_identifiers x
                    WHERE x.kind = m.kind AND x.value = m.value
                      AND x.registration_id <> m.registration_id OFFSET 0) o
ON CONFLICT (kind, registration_a, registration_b) DO NOTHING
"""


def _flag_pg(session: Session, registration_ids: list[str]) -> int:
    import psycopg

    from kiosk.central.push_store import sqlalchemy_errors

    conn = psycopg_connection(session)
    with sqlalchemy_errors(psycopg.Error), conn.cursor() as cur:
        cur.execute(_FLAG_PG, (utcnow(), registration_ids))
        return max(cur.rowcount, 0)

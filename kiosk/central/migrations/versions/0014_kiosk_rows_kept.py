"""Kiosk rows are never deleted: the database refuses it (issue 17, the guard 0012 relied on).

Migration 0012 dropped the foreign keys from a push's rows (registrations, versions, conflicts,
page references) to ``central_kiosks`` on the ground that kiosk rows are never deleted: a
revocation marks the row (``revoked_at``), because everything a kiosk sent must stay attributable
to it and verifiable with its public key. Until now that was a property of the code (nothing
deletes a kiosk), not of the database; a hand-written ``DELETE`` in a psql session would have
orphaned every row the kiosk ever pushed, silently. This trigger makes the rule the database's:
a ``DELETE`` (and, on PostgreSQL, a ``TRUNCATE``) of ``central_kiosks`` fails with a message
that names the way out (revoke), and nothing else changes. Inserts and updates do not fire it,
so a push pays nothing for it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: the message either backend gives; tests look for it
MESSAGE = "central_kiosks rows are never deleted: revoke the kiosk instead"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION central_kiosk_rows_are_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER central_kiosks_never_deleted BEFORE DELETE ON central_kiosks"
            " FOR EACH ROW EXECUTE FUNCTION central_kiosk_rows_are_kept()"
        )
        op.execute(
            "CREATE TRIGGER central_kiosks_never_truncated BEFORE TRUNCATE ON central_kiosks"
            " FOR EACH STATEMENT EXECUTE FUNCTION central_kiosk_rows_are_kept()"
        )
    else:  # SQLite has no TRUNCATE; an unqualified DELETE fires the row trigger
        op.execute(
            "CREATE TRIGGER central_kiosks_never_deleted BEFORE DELETE ON central_kiosks"
            f" BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS central_kiosks_never_deleted ON central_kiosks")
        op.execute("DROP TRIGGER IF EXISTS central_kiosks_never_truncated ON central_kiosks")
        op.execute("DROP FUNCTION IF EXISTS central_kiosk_rows_are_kept()")
    else:
        op.execute("DROP TRIGGER IF EXISTS central_kiosks_never_deleted")

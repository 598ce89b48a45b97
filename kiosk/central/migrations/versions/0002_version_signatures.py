"""Each registration version (and conflict) keeps the Ed25519 signature of the kiosk that made it.

Issue 13: a version can later be shown to come from its kiosk. ``signature`` is the base64 of the
kiosk's Ed25519 signature over :func:`kiosk.protocol.version_signing_bytes`; ``signing_key_id``
names the kiosk key it verified against. Both are nullable: versions stored before this
migration were not signed, and they stay readable as they were.

``central_kiosks.provisional_code``: the code a kiosk numbered its registrations with before it was
enrolled (declared at enrolment, or claimed by its first push of such a number); a new registration
is accepted only when its number carries the pushing kiosk's code or this one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("central_versions", "central_conflicts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("signature", sa.String(length=128), nullable=True))
            batch_op.add_column(sa.Column("signing_key_id", sa.String(length=16), nullable=True))
    # a unique index, not a constraint: SQLite would rebuild the table, which other tables
    # reference (the rebuild fails with foreign keys on)
    op.add_column("central_kiosks", sa.Column("provisional_code", sa.String(12), nullable=True))
    op.create_index(
        "ix_central_kiosks_provisional_code", "central_kiosks", ["provisional_code"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_central_kiosks_provisional_code", table_name="central_kiosks")
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.drop_column("provisional_code")
    for table in ("central_versions", "central_conflicts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("signing_key_id")
            batch_op.drop_column("signature")

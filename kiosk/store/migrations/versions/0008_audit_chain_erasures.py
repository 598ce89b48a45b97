"""audit log as a hash chain, the central's anchors, erasure tombstones (owned by: audit-chain).

- ``audit_log.prev_hash`` / ``entry_hash``: every entry carries the hash of the one before it
  (:mod:`kiosk.store.audit_chain`). Entries written before this revision are chained here, in
  ``id`` order, over their texts as stored: the upgrade changes no entry, it only links them.
- ``audit_anchors``, ``erasures``: see :mod:`kiosk.store.trust_tables`.

Revision ID: 0008_audit_chain_erasures
Revises: 0007_intake_sessions
"""

import sqlalchemy as sa
from alembic import op

from kiosk.store.audit_chain import rechain

revision = "0008_audit_chain_erasures"
down_revision = "0007_intake_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""))
    rechain(op.get_bind())
    op.create_table(
        "audit_anchors",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("anchored_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "erasures",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("reg_no", sa.String(40), nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("held", sa.Boolean, nullable=False),
        sa.Column("erased_at", sa.String(40), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("erasures")
    op.drop_table("audit_anchors")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")

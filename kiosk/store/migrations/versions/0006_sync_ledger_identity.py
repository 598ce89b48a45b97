"""sync ledger: the central identity each confirmation was made to (owned by: sync).

A kiosk enrolled again (a new identity at the central) must not count confirmations made to the
old identity in the sanity check: ``sync_ledger.central_kiosk_id`` records which identity
confirmed each version. Rows confirmed before this column existed get ``""`` (the identity of
that time is unknown; the next sanity mismatch re-pushes what the central lacks).

Revision ID: 0006_sync_ledger_identity
Revises: 0005_sync
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_sync_ledger_identity"
down_revision = "0005_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_ledger") as batch:
        batch.add_column(sa.Column("central_kiosk_id", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_ledger") as batch:
        batch.drop_column("central_kiosk_id")

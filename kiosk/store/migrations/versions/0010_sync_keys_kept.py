"""pages whose local key was kept because unconfirmed work shares them (owned by: sync.forget)

- ``sync_keys_kept``: one row per page (content hash) of a registration the central holds in full
  whose local key :mod:`kiosk.sync.forget` did *not* drop, because the same page bytes are also
  referenced by a draft, an unconfirmed registration or version. Each sync round looks at these
  rows again and drops the key once the last such reference is confirmed or deleted.

Revision ID: 0010_sync_keys_kept
Revises: 0009_bundles
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_sync_keys_kept"
down_revision = "0009_bundles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_keys_kept",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("kept_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_keys_kept")

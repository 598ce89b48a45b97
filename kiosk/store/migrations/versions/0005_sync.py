"""sync tables (owned by: sync (kiosk side)).

Revision ID: 0005_sync
Revises: 0004_receipts
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_sync"
down_revision = "0004_receipts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder until the owning capability lands its tables


def downgrade() -> None:
    pass

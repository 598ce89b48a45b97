"""foundation tables (owned by: store (foundation)).

Revision ID: 0001_foundation
Revises: None
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder until the owning capability lands its tables


def downgrade() -> None:
    pass

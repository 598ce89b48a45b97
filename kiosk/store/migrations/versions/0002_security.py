"""security tables (owned by: security (desktop app)).

Revision ID: 0002_security
Revises: 0001_foundation
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_security"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder until the owning capability lands its tables


def downgrade() -> None:
    pass

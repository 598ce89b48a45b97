"""documents tables (owned by: documents).

Revision ID: 0003_documents
Revises: 0002_security
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_documents"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder until the owning capability lands its tables


def downgrade() -> None:
    pass

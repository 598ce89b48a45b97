"""receipts tables (owned by: receipts).

Revision ID: 0004_receipts
Revises: 0003_documents
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_receipts"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # placeholder until the owning capability lands its tables


def downgrade() -> None:
    pass

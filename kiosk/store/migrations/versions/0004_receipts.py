"""receipts tables (owned by: receipts).

``receipt_prints`` records every print, reprint and PDF save of a receipt; ``receipt_known_keys``
holds other kiosks' public signing keys for verifying their receipts. See
:mod:`kiosk.receipts.tables` for the meaning of the columns.

Revision ID: 0004_receipts
Revises: 0003_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_receipts"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receipt_prints",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("registration_id", sa.String(36), nullable=False),
        sa.Column("reg_no", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("printer", sa.String(200), nullable=False, server_default=""),
        sa.Column("staff_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("job_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("confirmed_by", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_receipt_prints_registration_id", "receipt_prints", ["registration_id"])
    op.create_table(
        "receipt_known_keys",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False, server_default="central"),
        sa.Column("added_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("receipt_known_keys")
    op.drop_index("ix_receipt_prints_registration_id", table_name="receipt_prints")
    op.drop_table("receipt_prints")

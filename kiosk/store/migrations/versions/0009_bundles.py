"""offline bundles: what each bundle carried, until the central confirms it (owned by: bundles).

- ``sync_bundles``: one row per exported bundle (its id, when, the reply key sealed with the data
  key, counts, when the central's confirmation arrived).
- ``sync_bundle_items``: the outbox rows a bundle carried ("sent by bundle"): the row stays
  pending in the outbox until the central confirms it (next sync, or ``kiosk bundle confirm``).

Revision ID: 0009_bundles
Revises: 0008_audit_chain_erasures
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_bundles"
down_revision = "0008_audit_chain_erasures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_bundles",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("reply_key_sealed", sa.LargeBinary, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("confirmed_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "sync_bundle_items",
        sa.Column("bundle_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("registration_id", sa.String(36), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_bundle_items")
    op.drop_table("sync_bundles")

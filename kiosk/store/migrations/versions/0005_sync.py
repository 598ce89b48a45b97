"""sync tables (owned by: sync (kiosk side)).

- ``sync_state``: one row: the central's URL, the device credentials (token sealed with the data
  key, never in plaintext), the kiosk's identity at the central, the pull cursor, and the outcome
  of the last round (attempt, success, online, revoked, last error).
- ``sync_ledger``: every registration version the central confirmed (stored/unchanged echo), with
  its content hash; the kiosk's side of the sanity check (count + digest), kept after retention.
- ``sync_pages``: document pages the central said it lacks and that still have to be uploaded.
- ``sync_problems``: problems shown in the status area until resolved (set-aside records, pages
  the central refused, sanity mismatches, pull events that could not be applied).
- ``sync_retention``: registrations whose personal data was removed under the retention rule.

Revision ID: 0005_sync
Revises: 0004_receipts
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_sync"
down_revision = "0004_receipts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("central_url", sa.Text, nullable=False, server_default=""),
        sa.Column("central_kiosk_id", sa.Text, nullable=False, server_default=""),
        sa.Column("kiosk_name", sa.Text, nullable=False, server_default=""),
        sa.Column("kiosk_code", sa.Text, nullable=False, server_default=""),
        sa.Column("mpp", sa.Text, nullable=False, server_default=""),
        sa.Column("token_sealed", sa.LargeBinary, nullable=True),
        sa.Column("enrolled_at", sa.Text, nullable=True),
        sa.Column("pull_cursor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_attempt_at", sa.Text, nullable=True),
        sa.Column("last_success_at", sa.Text, nullable=True),
        sa.Column("online", sa.Boolean, nullable=True),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_error_code", sa.Text, nullable=False, server_default=""),
        sa.Column("last_error_params", sa.JSON, nullable=True),
        sa.CheckConstraint("id = 1", name="single_row"),
    )
    op.create_table(
        "sync_ledger",
        sa.Column("registration_id", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("confirmed_at", sa.Text, nullable=False),
    )
    op.create_table(
        "sync_pages",
        sa.Column("sha256", sa.Text, primary_key=True),
        sa.Column("registration_id", sa.Text, nullable=False),
        sa.Column("added_at", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_sync_pages_registration_id", "sync_pages", ["registration_id"])
    op.create_table(
        "sync_problems",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "sync_retention",
        sa.Column("registration_id", sa.Text, primary_key=True),
        sa.Column("redacted_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_retention", "sync_problems", "sync_pages", "sync_ledger", "sync_state"):
        op.drop_table(table)

"""intake sessions, district lists and receipts to send later (owned by: intake).

- ``intake_sessions``: an offline intake session a supervisor opens on a laptop (place, local
  date, team, an optional target: the district list it works through and a number to reach),
  closed by a supervisor; at most one is open at a time (checked under the write lock).
- ``registrations.session_id``: the session open when the registration was first saved ("" for
  registrations made outside any session, and for every row written before this revision).
- ``registrations.origin`` / ``origin_list`` / ``origin_detail``: ``district_list``, the list's
  name and a JSON note (the row, the village text the list gave when it matched no single village,
  the candidate villages) for drafts created from a district office's spreadsheet (``""`` for
  everything typed at the desk). The note holds no identifier: it is shown to staff completing
  the draft.
- ``receipts_to_send``: field mode's "send receipt later" list: a receipt PDF saved for a
  registration, to be sent to the owner's phone by WhatsApp or e-mail when a network is there.

Revision ID: 0007_intake_sessions
Revises: 0006_sync_ledger_identity
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_intake_sessions"
down_revision = "0006_sync_ledger_identity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("team", sa.Text, nullable=False, server_default=""),
        sa.Column("target_list", sa.Text, nullable=False, server_default=""),
        sa.Column("target_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.String(40), nullable=False),
        sa.Column("closed_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("closed_at", sa.String(40), nullable=True),
    )
    # Plain ADD COLUMN (no table copy): the table keeps its rowid alias and the FTS triggers.
    op.add_column(
        "registrations", sa.Column("session_id", sa.String(36), nullable=False, server_default="")
    )
    op.add_column(
        "registrations", sa.Column("origin", sa.String(20), nullable=False, server_default="")
    )
    op.add_column(
        "registrations", sa.Column("origin_list", sa.Text, nullable=False, server_default="")
    )
    op.add_column(
        "registrations", sa.Column("origin_detail", sa.Text, nullable=False, server_default="")
    )
    op.create_index("ix_registrations_session_id", "registrations", ["session_id"])
    op.create_table(
        "receipts_to_send",
        sa.Column("registration_id", sa.String(36), primary_key=True),
        sa.Column("reg_no", sa.String(40), nullable=False),
        sa.Column("pdf_path", sa.Text, nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("added_at", sa.String(40), nullable=False),
        sa.Column("sent_at", sa.String(40), nullable=True),
        sa.Column("sent_by", sa.String(64), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("receipts_to_send")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_index("ix_registrations_session_id")
        batch.drop_column("origin_detail")
        batch.drop_column("origin_list")
        batch.drop_column("origin")
        batch.drop_column("session_id")
    op.drop_table("intake_sessions")

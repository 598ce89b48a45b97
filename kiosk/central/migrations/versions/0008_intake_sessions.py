"""Kiosks' offline intake sessions (issue 14), as each kiosk last reported them.

``central_intake_sessions`` is one row per session (the kiosk's own id for it): place, local day,
team, target, opened and closed times, the number of registrations it made, the kiosk's
signature over the record as sent. ``central_intake_session_members`` links a session to the
registrations it made (registration ids as the kiosk names them; a registration not received yet,
or erased since, keeps its link, and the console says so). A newer record of the same session
replaces the row and its links.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_intake_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("mpp_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("target_list", sa.String(length=200), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_intake_sessions_kiosk_id_central_kiosks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_intake_sessions")),
    )
    op.create_index(
        op.f("ix_central_intake_sessions_kiosk_id"), "central_intake_sessions", ["kiosk_id"]
    )
    op.create_index(
        op.f("ix_central_intake_sessions_mpp_id"), "central_intake_sessions", ["mpp_id"]
    )
    op.create_index(op.f("ix_central_intake_sessions_day"), "central_intake_sessions", ["day"])
    op.create_table(
        "central_intake_session_members",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["central_intake_sessions.id"],
            name=op.f("fk_central_intake_session_members_session_id_central_intake_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "registration_id", name=op.f("pk_central_intake_session_members")
        ),
    )
    op.create_index(
        op.f("ix_central_intake_session_members_registration_id"),
        "central_intake_session_members",
        ["registration_id"],
    )


def downgrade() -> None:
    op.drop_table("central_intake_session_members")
    op.drop_table("central_intake_sessions")

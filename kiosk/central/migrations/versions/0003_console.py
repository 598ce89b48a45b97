"""The web console's own users, their sessions and log-in failures, and the central's audit trail.

Console users (provincial verifiers, MPP supervisors, administrators, viewers) are not kiosk staff:
they never travel to a kiosk, so they live in their own table. Sessions are stored by the SHA-256 of
their random id (a leaked table cannot be replayed); log-in failures are counted per typed user name
(hashed), whether or not such a user exists, so a lock-out never tells who has an account.
``central_audit`` records who did what at the central (every decision, every scan viewed).
``central_queue`` is the verifier's work list: one row per registration with the few fields of its
current version the queue filters and sorts by (see :mod:`kiosk.central.console.queue_facts`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("mpp_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mpp_id"], ["central_mpps.id"], name=op.f("fk_console_users_mpp_id_central_mpps")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_users")),
        sa.UniqueConstraint("username", name=op.f("uq_console_users_username")),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["console_users.id"],
            name=op.f("fk_console_sessions_user_id_console_users"),
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_console_sessions")),
    )
    with op.batch_alter_table("console_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_sessions_user_id"), ["user_id"], unique=False)
    op.create_table(
        "console_login_failures",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name_hash", name=op.f("pk_console_login_failures")),
    )
    op.create_table(
        "central_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_audit")),
    )
    with op.batch_alter_table("central_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_central_audit_registration_id"), ["registration_id"], unique=False
        )
    op.create_table(
        "central_queue",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("mpp_id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("reg_no", sa.String(length=64), nullable=False),
        sa.Column("reg_date", sa.Date(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("legal_form", sa.String(length=16), nullable=False),
        sa.Column("scale", sa.String(length=16), nullable=False),
        sa.Column("province", sa.String(length=8), nullable=False),
        sa.Column("regency", sa.String(length=16), nullable=False),
        sa.Column("kbli", sa.String(length=400), nullable=False),
        sa.Column("business_name", sa.String(length=200), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("names_folded", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["central_registrations.id"],
            name=op.f("fk_central_queue_registration_id_central_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_central_queue")),
    )
    with op.batch_alter_table("central_queue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_central_queue_status_queued", ["status", "queued_at", "registration_id"]
        )
        batch_op.create_index("ix_central_queue_queued", ["queued_at", "registration_id"])
        batch_op.create_index("ix_central_queue_reg_date", ["reg_date"])
        batch_op.create_index(batch_op.f("ix_central_queue_mpp_id"), ["mpp_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_central_queue_kiosk_id"), ["kiosk_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_central_queue_regency"), ["regency"], unique=False)
    with op.batch_alter_table("central_duplicates", schema=None) as batch_op:
        batch_op.create_index("ix_central_duplicates_registration_a", ["registration_a"])
        batch_op.create_index("ix_central_duplicates_registration_b", ["registration_b"])


def downgrade() -> None:
    with op.batch_alter_table("central_duplicates", schema=None) as batch_op:
        batch_op.drop_index("ix_central_duplicates_registration_b")
        batch_op.drop_index("ix_central_duplicates_registration_a")
    op.drop_table("central_queue")
    op.drop_table("central_audit")
    op.drop_table("console_login_failures")
    op.drop_table("console_sessions")
    op.drop_table("console_users")

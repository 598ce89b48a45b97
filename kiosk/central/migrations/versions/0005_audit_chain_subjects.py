"""The central's audit trail as a hash chain, kiosks' audit anchors, data-subject requests and
erasure tombstones (issue 13; owned by: audit-chain).

- ``central_audit.seq`` / ``prev_hash`` / ``entry_hash``: the chain (:mod:`kiosk.central.audit`).
  ``seq`` is its own gapless number, not the row id: a PostgreSQL sequence skips the ids of
  rolled-back inserts, which would look like removed entries. Entries written before this
  revision are numbered and chained here in id order; their texts are not changed.
- ``central_audit_anchors``: the audit-chain heads each kiosk sent with its syncs.
- ``central_subject_requests``: export / erasure / consent-withdrawal requests with their deadline.
- ``central_tombstones``: an erased registration's number and owner kiosk (sync never brings it
  back); ``central_erasure_confirmations``: which kiosk confirmed the erasure, and when.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kiosk.central.audit import rechain

    with op.batch_alter_table("central_audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("entry_hash", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_central_audit_seq"), ["seq"], unique=True)
    rechain(op.get_bind())
    op.create_table(
        "central_audit_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("regressed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_audit_anchors_kiosk_id_central_kiosks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_audit_anchors")),
    )
    with op.batch_alter_table("central_audit_anchors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_central_audit_anchors_kiosk_id"), ["kiosk_id"], unique=False
        )
    op.create_table(
        "central_subject_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("registration_ids", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("central_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_subject_requests")),
    )
    op.create_table(
        "central_tombstones",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("reg_no", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=True),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_central_tombstones")),
    )
    with op.batch_alter_table("central_tombstones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_central_tombstones_reg_no"), ["reg_no"], unique=False)
    op.create_table(
        "central_erasure_confirmations",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint(
            "registration_id", "kiosk_id", name=op.f("pk_central_erasure_confirmations")
        ),
    )


def downgrade() -> None:
    op.drop_table("central_erasure_confirmations")
    op.drop_table("central_tombstones")
    op.drop_table("central_subject_requests")
    op.drop_table("central_audit_anchors")
    with op.batch_alter_table("central_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_audit_seq"))
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")

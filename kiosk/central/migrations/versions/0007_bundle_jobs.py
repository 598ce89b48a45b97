"""Console bundle uploads applied in the background: one row per upload (issue 14.3).

The console stores an uploaded bundle under ``<data dir>/uploads/job-<id>/`` and a row here
(``queued``); the central's bundle worker claims it (``running``), applies it and records the
outcome (``done`` with the counts, or ``refused`` with the message code). A central restarted
while a row is ``running`` puts it back to ``queued`` and applies it again (exactly-once: what
was stored before the restart comes back as already held).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_bundle_jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_code", sa.String(length=40), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_bundle_jobs")),
    )
    op.create_index(
        op.f("ix_central_bundle_jobs_state"), "central_bundle_jobs", ["state"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_central_bundle_jobs_state"), table_name="central_bundle_jobs")
    op.drop_table("central_bundle_jobs")

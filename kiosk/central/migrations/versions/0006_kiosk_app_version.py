"""The kiosk app's version as each kiosk last reported it (the supervisor's kiosks page).

A kiosk names its version in the ``User-Agent`` of every request (``kiosk/0.1.0 kiosk-sync/1``);
the central keeps it at each pull. Existing kiosks start with an empty version until their next
pull.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("app_version", sa.String(length=40), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.drop_column("app_version")

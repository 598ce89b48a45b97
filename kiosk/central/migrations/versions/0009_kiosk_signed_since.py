"""When each kiosk first pushed a signed version (the rolling upgrade's downgrade protection).

``central_kiosks.signed_since``: the time the central first accepted an item carrying the kiosk's
valid Ed25519 signature. During the transition window for kiosks still on an older app
(:mod:`kiosk.central.transition`) an unsigned item is accepted only from a kiosk with no such
time: a kiosk that ever signed is held to signatures for good. Kiosks that already pushed signed
versions get the time of the first of them, so the protection holds from the upgrade on.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE central_kiosks SET signed_since = (SELECT MIN(v.received_at)"
        " FROM central_versions v WHERE v.kiosk_id = central_kiosks.id"
        " AND v.signature IS NOT NULL AND v.signature <> '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.drop_column("signed_since")

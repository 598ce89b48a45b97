"""Pushes signed once: their trees' leaves, and each version's place among them.

Issue 17: a kiosk whose central accepts it signs one Merkle tree per push instead of every version
(:mod:`kiosk.push_signature`). A version (and a conflict) from such a push keeps in ``signature``
the push's signature and in the new ``signature_index`` its place in the tree; the tree's leaves
are kept once per push in ``central_signed_pushes``, keyed by that signature. From the two,
:func:`kiosk.push_signature.path_in` and :func:`~kiosk.push_signature.signed_message` rebuild
what the signature covers, so the version can still be shown on its own to come from its
kiosk's key. ``signature_index`` None (every row before this revision): the version was signed on
its own, or not at all, as before. Adding a nullable column rewrites nothing on either backend.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_TABLES = ("central_versions", "central_conflicts")


def upgrade() -> None:
    op.create_table(
        "central_signed_pushes",
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("leaves", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_central_signed_pushes")),
    )
    for table in _TABLES:
        op.add_column(table, sa.Column("signature_index", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("signature_index")
    op.drop_table("central_signed_pushes")

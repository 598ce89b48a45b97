"""A version (and a conflict) keeps its path in its push's signed tree.

Issue 17: a kiosk whose central accepts it signs one Merkle tree per push instead of every version
(:mod:`kiosk.push_signature`). ``signature`` then holds the push's signature, and the new
``signature_path`` the version's index, the tree's size and its sibling hashes, from which
:func:`kiosk.push_signature.signed_message` rebuilds what that signature covers, so the version
can still be shown on its own to come from its kiosk's key. ``None`` (every row before this
revision): the version was signed on its own, or not at all, as before. Adding a nullable column
rewrites nothing on either backend.

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
    for table in _TABLES:
        op.add_column(table, sa.Column("signature_path", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("signature_path")

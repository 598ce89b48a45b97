"""What a review decided: which content stands for a conflict, what a duplicate flag was.

Resolving from the console (issues 10 and 14 follow-up, :mod:`kiosk.central.review`):

- ``central_conflicts.outcome``: ``stored`` (the version the central holds stands) or ``pushed``
  (the pushed content is the right one); ``''`` for conflicts closed before this (by the command
  line, which keeps the stored version) and for open ones.
- ``central_duplicates.outcome``: ``distinct`` (not a duplicate) or ``same`` (the same business);
  ``note`` the reviewer's note; ``duplicate_of`` with ``same``, the registration the other one
  duplicates (one of the flag's two). ``''``/NULL for flags closed before this and open ones.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_conflicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(8), nullable=False, server_default=""))
    with op.batch_alter_table("central_duplicates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(8), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("duplicate_of", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("central_duplicates", schema=None) as batch_op:
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("note")
        batch_op.drop_column("outcome")
    with op.batch_alter_table("central_conflicts", schema=None) as batch_op:
        batch_op.drop_column("outcome")

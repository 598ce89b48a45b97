"""Alembic environment for the kiosk's local SQLite database.

Run programmatically by :mod:`kiosk.store.migrate` (never from a working directory ``alembic.ini``):
the caller passes an open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from kiosk.store.base import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

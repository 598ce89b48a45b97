"""Alembic environment of the central database.

Run programmatically by :func:`kiosk.central.db.migrate`, which passes an open connection in
``config.attributes["connection"]``. Its own version table keeps it apart from any other Alembic
history that might share a database.
"""

from __future__ import annotations

from alembic import context

from kiosk.central.db import VERSION_TABLE
from kiosk.central.models import CentralBase

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=CentralBase.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

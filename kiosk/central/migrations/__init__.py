"""Alembic migrations of the central database (run by :func:`kiosk.central.db.migrate`)."""

"""The central service: enrolment, push/pull, documents and verdicts for a province's kiosks.

FastAPI on uvicorn with SQLAlchemy 2 (PostgreSQL through psycopg 3 in production, SQLite to try it).
Nothing here is imported by the kiosk app at start-up: FastAPI and uvicorn load only when a central
runs (``kiosk central serve``, :func:`kiosk.central.server.start_in_thread`, tests).

Map: :mod:`.settings` (configuration and the data folder), :mod:`.models` and :mod:`.db` (tables,
engine, Alembic migrations in :mod:`.migrations`), :mod:`.storage` (content-addressed page store),
:mod:`.keys` (the central's X25519 document key), the services :mod:`.enrolment`, :mod:`.push`,
:mod:`.pages`, :mod:`.feed` (pull events and sanity), :mod:`.duplicates`, the HTTP layer
:mod:`.app`, :mod:`.deps`, :mod:`.routes`, :mod:`.http_errors`, :mod:`.limits`, and the operator's
side :mod:`.admin`, :mod:`.server`.
"""

"""A trigram index on the work list's folded names, so the verifier's name search scales.

The queue's name search (:mod:`kiosk.central.console.queue`) matches every typed word, folded,
as part of ``central_queue.names_folded`` (``names_folded LIKE '%word%'``). A B-tree cannot serve
a pattern with a leading wildcard, so at 100,000 registrations every search read the whole work
list. On PostgreSQL a GIN index with ``pg_trgm``'s ``gin_trgm_ops`` answers ``LIKE '%…%'`` (a
word of three or more characters) from the index, and ``similarity``/``%`` for misspellings.

``pg_trgm`` is a contrib extension shipped with Debian's ``postgresql`` package and a *trusted*
one (PostgreSQL 13+: the database owner may create it, no superuser needed). Without it the
migration stops with PostgreSQL's own error rather than leaving a schema that differs from the
models (install ``postgresql-contrib`` where the server was built without contrib).

SQLite has no trigram index; it gets a plain index of the same name and column, so the schema
matches the models on both backends (it does not speed up ``LIKE '%…%'``; SQLite centrals are
small).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "ix_central_queue_names_trgm"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            INDEX,
            "central_queue",
            ["names_folded"],
            postgresql_using="gin",
            postgresql_ops={"names_folded": "gin_trgm_ops"},
        )
    else:
        op.create_index(INDEX, "central_queue", ["names_folded"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="central_queue")

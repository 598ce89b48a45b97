"""Drop the foreign keys a push's own statements already guarantee (issue 17: the database's work
per pushed registration).

A pushed version is written with the pushing kiosk's id, and its page references in the same
statement as the version (:mod:`kiosk.central.push_store_pg`: a data-modifying CTE hands over the
new ids). So for every row a push writes:

- ``kiosk_id`` of ``central_versions``, ``central_conflicts`` and ``central_page_refs`` is the
  kiosk whose row the push read in the same transaction (:func:`kiosk.central.authorship.
  load_identity`), and kiosk rows are never deleted (a revocation marks the row: its versions
  must stay attributable to it);
- ``version_id``/``conflict_id`` of ``central_page_refs`` is the id its own statement just
  inserted; the only deleter of versions and conflicts, the data-subject erasure
  (:mod:`kiosk.central.erasure`), deletes their page references first in the same transaction.

Each of these keys cost PostgreSQL one index probe and one row lock per row (five per
registration with two pages), about a quarter of the database's CPU of a push (bench/
bench_central.py, 2026-12-03). The keys on ``registration_id`` stay: a registration can be
erased while a correction of it is being pushed, and that key is what turns the race into a
refused push instead of an orphaned version.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: (table, constrained column, referred table, referred column)
IMPLIED = (
    ("central_versions", "kiosk_id", "central_kiosks", "id"),
    ("central_conflicts", "kiosk_id", "central_kiosks", "id"),
    ("central_page_refs", "kiosk_id", "central_kiosks", "id"),
    ("central_page_refs", "version_id", "central_versions", "id"),
    ("central_page_refs", "conflict_id", "central_conflicts", "id"),
)


def _name(table: str, column: str, referred: str) -> str:
    return f"fk_{table}_{column}_{referred}"  # the models' naming convention (0001 made them)


def upgrade() -> None:
    for table in dict.fromkeys(t for t, *_ in IMPLIED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _table, column, referred, _ in (k for k in IMPLIED if k[0] == table):
                batch_op.drop_constraint(op.f(_name(table, column, referred)), type_="foreignkey")


def downgrade() -> None:
    for table in dict.fromkeys(t for t, *_ in IMPLIED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _table, column, referred, referred_column in (k for k in IMPLIED if k[0] == table):
                batch_op.create_foreign_key(
                    op.f(_name(table, column, referred)), referred, [column], [referred_column]
                )

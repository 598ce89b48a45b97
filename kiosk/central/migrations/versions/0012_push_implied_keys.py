"""Drop the foreign keys a push's own statements already guarantee (issue 17: the database's work
per pushed registration).

A push writes its rows in one transaction, after reading the pushing kiosk's row
(:func:`kiosk.central.authorship.load_identity`); a version's page references go in the same
statement as the version (:mod:`kiosk.central.push_store_pg`: a data-modifying CTE hands over
the new ids), and a registration's identifiers (NIK, NIB, NPWP) with a version of that
registration. So for every row a push writes:

- ``kiosk_id`` of ``central_registrations``, ``central_versions``, ``central_conflicts`` and
  ``central_page_refs`` is the kiosk the push read, and kiosk rows are never deleted (a
  revocation marks the row: its registrations must stay attributable to it);
- ``version_id``/``conflict_id`` of ``central_page_refs`` is the id its own statement just
  inserted; the only deleter of versions and conflicts, the data-subject erasure
  (:mod:`kiosk.central.erasure`), deletes their page references first in the same transaction;
- ``registration_id`` of ``central_identifiers`` names a registration that a version written
  in the same transaction refers to, through the key that stays (below): if that registration
  is gone, the version's key fails and the whole push rolls back, identifiers included.

Each of these keys cost PostgreSQL an index probe and a row lock per row (seven per
registration with one page and three identifiers): without them the database's CPU per pushed
registration fell from 0.139-0.161 to 0.094-0.114 ms (bench/bench_central.py, alternated with
the tree before, 2026-12-04). The keys on ``registration_id`` of versions and conflicts stay: a
registration can be erased while a correction of it is being pushed, and that key is what turns
the race into a refused push instead of an orphaned version (and orphaned identifiers).

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
    ("central_registrations", "kiosk_id", "central_kiosks", "id"),
    ("central_identifiers", "registration_id", "central_registrations", "id"),
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

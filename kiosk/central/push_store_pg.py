"""The PostgreSQL :class:`~kiosk.central.push_store.BatchStore`: arrays in, ``unnest`` to rows.

Every statement runs on the session's psycopg connection, inside the session's transaction (so
savepoints, commit and rollback stay SQLAlchemy's). The writes of a batch go out in one psycopg
pipeline: one network round trip for all tables. A version's page references are inserted in the
same statement as the version (a data-modifying CTE hands over the new ids), so no id travels back
to Python and nothing depends on the order of ``RETURNING``.
"""

from __future__ import annotations

from typing import Any

import psycopg

from kiosk.central import signed_pushes
from kiosk.central.db import psycopg_connection
from kiosk.central.push_store import (
    BatchStore,
    Held,
    Owners,
    WritePlan,
    _identifier_rows,
    new_registrations,
    sqlalchemy_errors,
)

# Lookups by key are driven from the batch's own keys, one index probe each: ``OFFSET 0`` keeps
# the planner from turning them into a hash join over the whole table, which it prefers while a
# table is young and has no statistics (and which then grows with the table).
_LOAD = """
SELECT r.id, r.kiosk_id, r.current_version, v.version, v.content_hash
FROM unnest(%b::text[]) AS u(id)
CROSS JOIN LATERAL (SELECT id, kiosk_id, current_version FROM central_registrations
                    WHERE id = u.id OFFSET 0) r
LEFT JOIN LATERAL (SELECT version, content_hash FROM central_versions
                   WHERE registration_id = u.id OFFSET 0) v ON true
"""
_ERASED = """
SELECT registration_id FROM central_tombstones WHERE registration_id = ANY(%b::text[])
"""
_CONFLICTS = """
SELECT registration_id, version, content_hash FROM central_conflicts
WHERE registration_id = ANY(%b::text[])
"""
_NEW_REGS = """
INSERT INTO central_registrations
  (id, kiosk_id, reg_no, current_version, status, verdict_reason, created_at, updated_at)
SELECT u.id, %(kiosk)b, u.reg_no, u.version, 'submitted', '', %(now)b, %(now)b
FROM unnest(%(ids)b::text[], %(reg_nos)b::text[], %(versions)b::int[]) AS u(id, reg_no, version)
"""
# {table} and {extra}: central_versions + kiosk_status, or central_conflicts + resolution
_VERSIONS_WITH_REFS = """
WITH v AS (
  INSERT INTO {table} (registration_id, version, content_hash, content, kiosk_id, received_at,
                       {extra}, signature, signature_index, signing_key_id)
  SELECT u.rid, u.version, u.hash, u.content, %(kiosk)b, %(now)b, u.extra, u.signature, u.idx,
         %(key_id)b
  FROM unnest(%(rids)b::text[], %(versions)b::int[], %(hashes)b::text[], %(contents)b::text[],
              %(extras)b::text[], %(signatures)b::text[], %(indexes)b::int2[])
    AS u(rid, version, hash, content, extra, signature, idx)
  RETURNING id, registration_id, version
)
INSERT INTO central_page_refs (kiosk_id, sha256, {ref_column})
SELECT %(kiosk)b, p.sha256, v.id
FROM v JOIN unnest(%(page_rids)b::text[], %(page_versions)b::int[], %(page_hashes)b::text[])
  AS p(rid, version, sha256) ON p.rid = v.registration_id AND p.version = v.version
"""
_CORRECTIONS = """
UPDATE central_registrations r
SET current_version = u.version, reg_no = u.reg_no, updated_at = %(now)b,
    status = 'submitted', verdict_reason = ''
FROM unnest(%(ids)b::text[], %(versions)b::int[], %(reg_nos)b::text[]) AS u(id, version, reg_no)
WHERE r.id = u.id AND r.current_version < u.version
"""
_DROP_IDENTIFIERS = "DELETE FROM central_identifiers WHERE registration_id = ANY(%b::text[])"
_IDENTIFIERS = """
INSERT INTO central_identifiers (registration_id, kind, value)
SELECT * FROM unnest(%b::text[], %b::text[], %b::text[])
"""
_TOUCH = "UPDATE central_kiosks SET last_push_at = %b WHERE id = %b"
_HAVE_PAGES = """
SELECT s.sha256 FROM unnest(%b::text[]) AS u(sha256)
CROSS JOIN LATERAL (SELECT sha256 FROM central_pages WHERE sha256 = u.sha256 OFFSET 0) s
"""


class PgBatchStore(BatchStore):
    def _conn(self) -> psycopg.Connection[Any]:
        return psycopg_connection(self.session)

    def _rows(self, query: str, *params: object) -> list[tuple]:
        with sqlalchemy_errors(psycopg.Error), self._conn().cursor() as cur:
            return cur.execute(query, params).fetchall()

    def load(self, ids: list[str]) -> tuple[Owners, Held]:
        return _owners_and_held(self._rows(_LOAD, ids))

    def read(self, ids: list[str]) -> tuple[Owners, Held, set[str]]:
        """Both reads in one pipeline: one round trip."""
        if not ids:
            return {}, {}, set()
        loaded, erased = _pipelined(self._conn(), [(_LOAD, (ids,)), (_ERASED, (ids,))])
        owners, held = _owners_and_held(loaded.fetchall())
        return owners, held, {rid for (rid,) in erased.fetchall()}

    def erased(self, ids: list[str]) -> set[str]:
        return {rid for (rid,) in self._rows(_ERASED, ids)} if ids else set()

    def conflicts(self, ids: list[str]) -> set[tuple[str, int, str]]:
        return {(rid, version, digest) for rid, version, digest in self._rows(_CONFLICTS, ids)}

    def write(self, plan: WritePlan) -> None:
        statements = self._statements(plan)
        if not statements:
            return
        _pipelined(self._conn(), statements)

    def _statements(self, plan: WritePlan) -> list[tuple[str, Any]]:
        kiosk, now = self.kiosk_id, self.now
        out: list[tuple[str, Any]] = []
        if plan.signed_push is not None:
            out.append((signed_pushes.KEEP_PG, plan.signed_push))
        if plan.new_regs:
            items = [c.item for c in new_registrations(plan)]
            params = {
                "kiosk": kiosk,
                "now": now,
                "ids": [i.registration_id for i in items],
                "reg_nos": [i.reg_no for i in items],
                "versions": [i.version for i in items],
            }
            out.append((_NEW_REGS, params))
        for table, extra, ref_column, checked in (
            ("central_versions", "kiosk_status", "version_id", plan.versions),
            ("central_conflicts", "resolution", "conflict_id", plan.conflicts),
        ):
            if checked:
                query = _VERSIONS_WITH_REFS.format(table=table, extra=extra, ref_column=ref_column)
                out.append((query, self._version_params(checked, extra == "kiosk_status")))
        new_ids = {c.item.registration_id for c in plan.new_regs}
        corrected = [c.item for rid, c in plan.newest.items() if rid not in new_ids]
        if corrected:
            params = {
                "now": now,
                "ids": [i.registration_id for i in corrected],
                "versions": [i.version for i in corrected],
                "reg_nos": [i.reg_no for i in corrected],
            }
            out.append((_CORRECTIONS, params))
            out.append((_DROP_IDENTIFIERS, ([i.registration_id for i in corrected],)))
        idents = _identifier_rows(plan)
        if idents:
            names = ("registration_id", "kind", "value")
            columns = tuple([row[k] for row in idents] for k in names)
            out.append((_IDENTIFIERS, columns))
        return out

    def _version_params(self, checked: list, with_status: bool) -> dict:
        items = [c.item for c in checked]
        refs = [(c.item.registration_id, c.item.version, h) for c in checked for h in c.pages]
        return {
            "kiosk": self.kiosk_id,
            "now": self.now,
            "rids": [i.registration_id for i in items],
            "versions": [i.version for i in items],
            "hashes": [i.content_hash for i in items],
            "contents": [c.canonical for c in checked],
            "extras": [i.status if with_status else "" for i in items],
            "signatures": [c.signature for c in checked],
            "indexes": [c.signature_index for c in checked],
            "key_id": self.signing_key_id,
            "page_rids": [r[0] for r in refs],
            "page_versions": [r[1] for r in refs],
            "page_hashes": [r[2] for r in refs],
        }

    def finish(self, hashes: list[str]) -> list[str]:
        statements: list[tuple[str, Any]] = [(_TOUCH, (self.now, self.kiosk_id))]
        if hashes:
            statements.append((_HAVE_PAGES, (hashes,)))
        cursors = _pipelined(self._conn(), statements)
        have = {row[0] for row in cursors[1].fetchall()} if hashes else set()
        return [h for h in hashes if h not in have]


def _owners_and_held(rows: list[tuple]) -> tuple[Owners, Held]:
    """:data:`_LOAD`'s rows as (owners, held)."""
    owners: Owners = {}
    held: Held = {}
    for rid, kiosk, current, version, digest in rows:
        owners[rid] = [kiosk, current]
        if version is not None:
            held[(rid, version)] = digest
    return owners, held


def _pipelined(conn: psycopg.Connection, statements: list[tuple[str, Any]]) -> list:
    """Run the statements in one pipeline (one round trip); returns their cursors.

    The first error is the one raised (a unique violation must reach the race fallback as
    ``IntegrityError``, not as the "pipeline aborted" that leaving the pipeline adds).
    """
    cursors: list = []
    failure: psycopg.Error | None = None
    with sqlalchemy_errors(psycopg.Error):
        try:
            with conn.pipeline():
                try:
                    for query, params in statements:
                        cursors.append(conn.execute(query, params))
                except psycopg.Error as exc:
                    failure = exc
        except psycopg.Error as exc:
            failure = failure or exc
        if failure is not None:
            raise failure
    return cursors

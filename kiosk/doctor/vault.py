"""``documents.vault``: every referenced page is on disk and opens; no files left over.

Bounded on a large vault: presence is checked for *every* referenced page (one directory listing
per two-hex-digit folder, so a set difference, no per-page I/O), while decryption is tried on a
random sample of at most :data:`SAMPLE_PAGES` pages and stops at :data:`DECRYPT_BUDGET_S`
seconds; the result says how many were opened. A page the kiosk may no longer open (the central
confirmed it and the local key was dropped, see :mod:`kiosk.documents.envelope`) counts as fine
when its envelope is well formed and names its hash: :meth:`Vault.verify` decides.

Orphans (files no row refers to) are a warning: the start-up sweep removes them; the doctor
itself removes nothing.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, failed, ok, warning, with_facts

SAMPLE_PAGES = 48
DECRYPT_BUDGET_S = 20.0
_HASH = re.compile(r"^[0-9a-f]{64}$")


def referenced_pages(ctx: Context) -> set[str]:
    """The page hashes rows refer to: current documents (drafts too) and every stored version."""
    found: set[str] = set()
    with ctx.connect(20.0) as conn:
        for table in ("document_pages", "version_pages"):
            if ctx.has_table(conn, table):
                found.update(row[0] for row in conn.execute(f"SELECT DISTINCT sha256 FROM {table}"))  # noqa: S608 - table names are constants
    return found


def stored_files(ctx: Context) -> tuple[set[str], int]:
    """The complete page files in the documents folder, and how many temporary files lie there."""
    files: set[str] = set()
    temporary = 0
    folder = ctx.paths.documents
    if not folder.is_dir():
        return files, 0
    for sub in folder.iterdir():
        if not sub.is_dir() or len(sub.name) != 2:
            continue
        for item in sub.iterdir():
            if item.name.endswith(".tmp"):
                temporary += 1
            elif _HASH.match(item.name) and item.name.startswith(sub.name):
                files.add(item.name)
    return files, temporary


def check_vault(ctx: Context) -> CheckResult:
    check = "documents.vault"
    try:
        referenced = referenced_pages(ctx) if ctx.paths.database.exists() else set()
    except sqlite3.DatabaseError as exc:
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    files, temporary = stored_files(ctx)
    if not referenced and not files:
        return ok(check, "doctor.vault.empty")
    missing = referenced - files
    orphans = files - referenced
    present = sorted(referenced & files)
    sample = random.sample(present, min(SAMPLE_PAGES, len(present)))
    checked, damaged = 0, 0
    ring = ctx.keyring()
    if ring is not None and sample:
        from kiosk.documents.vault import Vault

        vault = Vault(ctx.paths.documents, ring)
        deadline = time.monotonic() + DECRYPT_BUDGET_S
        for sha256 in sample:
            if time.monotonic() > deadline:
                break
            checked += 1
            damaged += vault.verify(sha256) != "ok"
    facts = {"referenced": len(referenced), "files": len(files), "temporary": temporary,
             "sampled": len(sample), "orphans": len(orphans)}  # fmt: skip
    if missing or damaged:
        result = failed(
            check, "doctor.vault.broken", missing=len(missing), damaged=damaged, checked=checked
        )
    elif orphans:
        result = warning(check, "doctor.vault.orphans", orphans=len(orphans))
    else:
        result = ok(
            check, "doctor.vault.ok", referenced=len(referenced), files=len(files), checked=checked
        )
    return with_facts(result, **facts)

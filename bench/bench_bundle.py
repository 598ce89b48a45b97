"""Offline bundle benchmark (issue 14.3): export and import of N registrations with documents,
and the same amount of data pushed over loopback in the same run as the comparison.

Two enrolled kiosks with the same registrations (the tests' factory, seeds alike) and pages of the
same sizes (one scan-sized incompressible KTP page each, three shared pages; the two kiosks' page
bytes differ, so the central stores both sets): kiosk A writes a bundle that the central imports
(PostgreSQL, fresh database; the central also runs on loopback for enrolment and B's sync); kiosk
B pushes and uploads the same over HTTP (``Pusher`` + ``Uploader``, the sync round's work).

- ``bundle.export_s``: ``export_bundle`` (read, sign every item, tar, age, sign the file);
- ``bundle.size_mb``: the bundle file's size, with the pages' envelope bytes as its floor;
- ``bundle.import_s``: ``import_bundle`` (verify, decrypt, push service, page checks); floor:
  kiosk B's push + upload of the same data over loopback, in the same run;
- ``bundle.reimport_s``: the same bundle imported again (every item ``unchanged``);
- ``bundle.confirm_s``: kiosk A takes in the central's confirmation file (every version marked
  sent, the ledger, the pages);
- ``bundle.console_queued_s``: a third kiosk's bundle of the same size uploaded to the console's
  *Impor bundel* page by an administrator over loopback, until the answer (multipart parsed, the
  parts stored durably, the job queued: 303);
- ``bundle.console_upload_s``: the same upload until the job's page shows the counts (the
  background job verified and applied it); floor: ``bundle.import_s`` of the same run.

    .venv/bin/python bench/bench_bundle.py [--registrations 3000] [--page-kb 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from tests.core.test_sync_support import Kiosk


def emit(
    name: str, value: float, unit: str, floor: float | None, floor_name: str | None,
    target: float | None = None,
) -> None:  # fmt: skip
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit,
                      "floor": None if floor is None else round(floor, 3),
                      "floor_name": floor_name, "target": target}), flush=True)  # fmt: skip


def fill(kiosk: Kiosk, count: int, page_kb: int) -> int:
    """``count`` registrations, each with a unique scan-sized KTP page; returns envelope bytes."""
    from tests.core.test_sync_support import make_registration

    shared: dict[str, str] = {}
    for seed in range(count):
        reg, _ = make_registration(seed, kiosk.vault, shared=shared)
        ktp = reg.documents[0].pages[0]
        data = os.urandom(page_kb * 1024)
        ktp.sha256, ktp.size = kiosk.vault.put(data, "image/jpeg"), len(data)
        kiosk.store.submit(reg, staff_id="bench")
        if seed % 200 == 0:
            print(f"# {kiosk.name}: {seed}/{count}", file=sys.stderr, flush=True)
    return sum(p.stat().st_size for p in kiosk.store.paths.documents.rglob("*") if p.is_file())


def console_upload(base_url: str, db_url: str, files: list[Path], n: int) -> tuple[float, float]:
    """Seconds until the upload to /console/bundles is answered (the parts stored, the job
    queued: 303 to its page), and until the job's page shows the outcome (the browser's view:
    the page refreshes itself every 2 s, polled here every 0.5 s)."""
    import re

    from tests.central.console_helpers import add_user, csrf, login

    with login(base_url, add_user(db_url, "admin")) as client:
        client.timeout = 600
        token = csrf(client.get("/console/bundles").text)
        handles = [open(p, "rb") for p in files]  # httpx streams them
        try:
            start = time.perf_counter()
            answer = client.post(
                "/console/bundles",
                data={"csrf_token": token},
                files=[("files", (p.name, h, "application/octet-stream"))
                       for p, h in zip(files, handles, strict=True)],
            )  # fmt: skip
            queued = time.perf_counter() - start
        finally:
            for h in handles:
                h.close()
        assert answer.status_code == 303, answer.text[:2000]
        while True:
            page = client.get(answer.headers["location"])
            if 'data-state="done"' in page.text or 'data-state="refused"' in page.text:
                break
            time.sleep(0.5)
        done = time.perf_counter() - start
    stored = re.search(
        r'data-count="stored"><th[^>]*>[^<]*</th><td class="num">([\d.]+)<', page.text
    )
    assert page.status_code == 200 and stored, page.text[:2000]
    assert int(stored.group(1).replace(".", "")) == n
    return queued, done


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=3000)
    parser.add_argument("--page-kb", type=int, default=100)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from kiosk.bundle.confirm import apply_confirmation
    from kiosk.bundle.export import export_bundle
    from kiosk.central.bundle_import import import_bundle, write_confirmation
    from kiosk.central.db import open_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage
    from kiosk.sync.pages import Uploader
    from kiosk.sync.push import Pusher
    from tests.core.test_sync_support import (
        enrolled_kiosk,
        fresh_pg_database,
        pg_available,
        running_central,
    )

    if not pg_available():
        print(json.dumps({"name": "bundle.import_s", "skipped": "PostgreSQL not available"}))
        return 1
    n = args.registrations
    with tempfile.TemporaryDirectory() as name, fresh_pg_database("kiosk_bench_bundle") as db_url:
        tmp = Path(name)
        storage = tmp / "central"
        with running_central(db_url, storage) as central:
            a = enrolled_kiosk(tmp, "bench-bundle", central.url, db_url)
            b = enrolled_kiosk(tmp, "bench-push", central.url, db_url)
            c = enrolled_kiosk(tmp, "bench-console", central.url, db_url)
            envelope_bytes = fill(a, n, args.page_kb)
            fill(b, n, args.page_kb)
            fill(c, n, args.page_kb)

            start = time.perf_counter()
            result = export_bundle(a.store, tmp / "stick" / "kios.bundle")
            export_s = time.perf_counter() - start
            assert result.items == n, result

            engine = open_database(db_url, run_migrations=False)
            key, pages = load_or_create_document_key(storage / "keys"), LocalPageStorage(storage)
            try:
                start = time.perf_counter()
                confirmation, reply_key = import_bundle(engine, pages, key, result.files)
                import_s = time.perf_counter() - start
                assert confirmation.counts()["stored"] == n, confirmation.counts()
                start = time.perf_counter()
                again, _ = import_bundle(engine, pages, key, result.files)
                reimport_s = time.perf_counter() - start
                assert again.counts()["unchanged"] == n
            finally:
                engine.dispose()

            sync = b.engine(batch_size=100)
            creds = sync.state.credentials()
            assert creds is not None
            with sync._default_client(creds) as client:
                start = time.perf_counter()
                tally = Pusher(b.store, sync.state, client, 100).push_all()
                Uploader(b.store, sync.state, client, b.vault).upload_all()
                push_s = time.perf_counter() - start
            assert tally.stored == n, tally

            confirmation_file = write_confirmation(confirmation, reply_key, tmp / "konfirmasi.json")
            start = time.perf_counter()
            confirmed = apply_confirmation(a.store, confirmation_file)
            confirm_s = time.perf_counter() - start
            assert confirmed.confirmed == n, confirmed

            upload = export_bundle(c.store, tmp / "stick-c" / "kios.bundle", split_mb=50)
            queued_s, console_s = console_upload(central.url, db_url, upload.files, n)

    size_mb = result.bytes / 1e6
    emit("bundle.export_s", export_s, "s", None, None)
    emit("bundle.size_mb", size_mb, "MB", envelope_bytes / 1e6, "page envelopes MB")
    emit("bundle.import_s", import_s, "s", push_s, "push + upload over loopback s")
    emit("bundle.reimport_s", reimport_s, "s", None, None)
    emit("bundle.confirm_s", confirm_s, "s", None, None)
    emit("bundle.console_queued_s", queued_s, "s", None, None)
    emit("bundle.console_upload_s", console_s, "s", import_s, "import_bundle s (same run)")
    print(f"# {n} registrations, {result.pages} pages, {size_mb:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

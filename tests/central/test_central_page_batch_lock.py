"""On a SQLite central the database's write lock is free while a page batch's envelopes are
checked and its pack written and fsync'd (:mod:`kiosk.central.page_batch`): every push and other
batch would otherwise wait for the decryption and the disk (review note, e2cde2f). The bytes are
still durable before the row: the row is absent while the storage writes them."""

from __future__ import annotations

import sqlite3

from kiosk.central import db, page_batch
from kiosk.central.keys import load_or_create_document_key
from tests.central.helpers import Central, page_bytes, registration, sha


def test_the_write_lock_is_free_while_the_pack_is_written(make_central) -> None:
    central: Central = make_central("sqlite")
    kiosk = central.enroll()
    image = page_bytes(4242)
    assert kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=[image]))).status_code == 200
    engine = db.make_engine(central.db_url)
    path = central.db_url.split("///", 1)[1]
    seen: list[str] = []

    class Storage:
        def store_many(self, envelopes: dict[str, bytes]) -> None:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")  # what a push's transaction begins with
                rows = other.execute("SELECT count(*) FROM central_pages WHERE sha256 = ?",
                                     (sha(image),)).fetchone()[0]  # fmt: skip
                other.execute("ROLLBACK")
                seen.append(f"free, {rows} rows")
            except sqlite3.OperationalError as exc:
                seen.append(str(exc))
            finally:
                other.close()

    key = load_or_create_document_key(central.folder / "keys")
    batch = [(sha(image), kiosk.seal(image))]
    factory = db.session_factory(engine)
    answer = page_batch.store_envelopes(factory, Storage(), key, kiosk.kiosk_id, batch)
    rows = central.sql("SELECT count(*) FROM central_pages WHERE sha256 = :s", s=sha(image))
    engine.dispose()
    assert seen == ["free, 0 rows"]
    assert answer.results[0].stored and rows[0][0] == 1

"""Batch upload of small pages (``POST /page-batches``): exactly the pages sent are stored (bytes
and hashes checked), a bad page is refused alone, a retried batch stores nothing twice, bounds
are enforced, and a kiosk learns nothing about pages it does not reference (issue 13).

The central is shared by the module's tests: each test compares what it added (``new``)."""

from __future__ import annotations

import base64
import hashlib

from kiosk import protocol as p
from tests.central.helpers import Central, KioskClient, page_bytes, registration, sha


def pushed_pages(central: Central, count: int) -> tuple[KioskClient, list[bytes]]:
    kiosk = central.enroll()
    images = [page_bytes(3000 + n) for n in range(count)]
    answer = kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=images)))
    assert sorted(answer.json()["missing_pages"]) == sorted(map(sha, images))
    return kiosk, images


def item(digest: str, envelope: bytes) -> dict[str, str]:
    return {"sha256": digest, "envelope": base64.b64encode(envelope).decode()}


def stored_rows(central: Central) -> dict[str, int]:
    return {row[0]: row[1] for row in central.sql("SELECT sha256, size FROM central_pages")}


class New:
    """The page rows and files the central gained since this was made."""

    def __init__(self, central: Central) -> None:
        self.central = central
        self.rows, self.files = stored_rows(central), page_files(central)

    def added_rows(self) -> dict[str, int]:
        return {k: v for k, v in stored_rows(self.central).items() if k not in self.rows}

    def added_files(self) -> set[str]:
        return page_files(self.central) - self.files


def stored_file(central: Central, digest: str) -> bytes:
    """The envelope as the central's storage reads it (its own file or its pack)."""
    from kiosk.central.storage import LocalPageStorage

    return LocalPageStorage(central.folder).read(digest)


def page_files(central: Central) -> set[str]:
    """Every page the storage holds: files of their own and every packed copy (a page packed
    twice shows in the difference of :class:`New` and in ``packed_copies``)."""
    files = {f.name for f in (central.folder / "pages").glob("*/*") if not f.name.startswith(".")}
    return files | set(packed_copies(central))


def packed_copies(central: Central) -> list[str]:
    import sqlite3

    index = central.folder / "packs" / "index.sqlite"
    if not index.exists():
        return []
    with sqlite3.connect(index) as db:
        return [sha for (sha,) in db.execute("SELECT sha256 FROM pages")]


def test_a_batch_stores_exactly_the_pages_sent(central: Central) -> None:
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.documents.envelope import open_document

    kiosk, images = pushed_pages(central, 5)
    new = New(central)
    envelopes = {sha(image): kiosk.seal(image) for image in images}
    sent = dict(list(envelopes.items())[:4])  # the fifth stays behind
    with kiosk.http() as http:
        answer = http.post("/page-batches", json={"pages": [item(d, e) for d, e in sent.items()]})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "results": [{"sha256": digest, "stored": True, "code": ""} for digest in sent]
    }
    assert new.added_rows() == {digest: len(envelope) for digest, envelope in sent.items()}
    assert new.added_files() == set(sent)
    key = load_or_create_document_key(central.folder / "keys")
    for digest, envelope in sent.items():
        assert stored_file(central, digest) == envelope
        assert (
            hashlib.sha256(open_document(stored_file(central, digest), key)).hexdigest() == digest
        )
    with kiosk.http() as http:
        last = sha(images[4])
        assert http.head(f"/pages/{last}").status_code == 404
        assert http.head(f"/pages/{sha(images[0])}").status_code == 200


def test_a_bad_page_is_refused_alone(central: Central) -> None:
    from kiosk.documents.envelope import seal_document

    kiosk, images = pushed_pages(central, 4)
    new = New(central)
    good, mismatched, unreadable, local_only = images
    pages = [
        item(sha(good), kiosk.seal(good)),
        item(sha(mismatched), kiosk.seal(page_bytes(5000))),  # a valid envelope of other content
        item(sha(unreadable), b"not an envelope at all"),
        item(sha(local_only), seal_document(local_only, [kiosk.documents.public_key()])),
    ]
    with kiosk.http() as http:
        answer = http.post("/page-batches", json={"pages": pages})
    assert answer.status_code == 200, answer.text
    assert [(r["stored"], r["code"]) for r in answer.json()["results"]] == [
        (True, ""),
        (False, p.PAGES_HASH_MISMATCH),
        (False, p.PAGES_ENVELOPE_INVALID),
        (False, p.PAGES_ENVELOPE_INVALID),
    ]
    assert set(new.added_rows()) == {sha(good)} and new.added_files() == {sha(good)}
    with kiosk.http() as http:  # the refused pages can still be sent right afterwards
        again = http.post(
            "/page-batches",
            json={"pages": [item(sha(image), kiosk.seal(image)) for image in images[1:]]},
        )
    assert [r["stored"] for r in again.json()["results"]] == [True, True, True]
    assert set(new.added_rows()) == new.added_files() == set(map(sha, images))


def test_a_retried_batch_is_idempotent(central: Central) -> None:
    kiosk, images = pushed_pages(central, 3)
    new = New(central)
    body = {"pages": [item(sha(image), kiosk.seal(image)) for image in images]}
    with kiosk.http() as http:
        first = http.post("/page-batches", json=body)
        files = {digest: stored_file(central, digest) for digest in map(sha, images)}
        # the same batch again (its answer was lost), and one sealed anew: nothing changes
        second = http.post("/page-batches", json=body)
        resealed = http.post(
            "/page-batches", json={"pages": [item(sha(images[0]), kiosk.seal(images[0]))]}
        )
    assert first.json() == second.json()
    assert all(r["stored"] for r in first.json()["results"] + resealed.json()["results"])
    assert set(new.added_rows()) == new.added_files() == set(files)
    assert {digest: stored_file(central, digest) for digest in files} == files


def test_pages_the_kiosk_does_not_reference_say_nothing(central: Central) -> None:
    kiosk, images = pushed_pages(central, 1)
    new = New(central)
    own = {"pages": [item(sha(images[0]), kiosk.seal(images[0]))]}
    with kiosk.http() as http:
        assert http.post("/page-batches", json=own).json()["results"][0]["stored"]
    other = central.enroll()
    stray = page_bytes(3500)
    pages = [item(sha(images[0]), other.seal(images[0])), item(sha(stray), other.seal(stray))]
    with other.http() as http:
        answer = http.post("/page-batches", json={"pages": pages})
    # the stored page and the unknown one get the same answer: stored elsewhere is not told
    assert [(r["stored"], r["code"]) for r in answer.json()["results"]] == [
        (False, p.PAGES_NOT_REFERENCED),
        (False, p.PAGES_NOT_REFERENCED),
    ]
    assert set(new.added_rows()) == new.added_files() == {sha(images[0])}


def test_batch_bounds(central: Central) -> None:
    kiosk, images = pushed_pages(central, 1)
    new = New(central)
    one = item(sha(images[0]), kiosk.seal(images[0]))
    too_many = [dict(one, sha256=f"{n:064x}") for n in range(p.PAGE_BATCH_MAX_PAGES + 1)]
    big = base64.b64encode(b"x" * (p.PAGE_BATCH_MAX_ENVELOPE + 3)).decode()
    with kiosk.http() as http:
        refused = ([], too_many, [dict(one, envelope=big)], [dict(one, envelope="not base64!")],
                   [dict(one, sha256="A" * 64)])  # fmt: skip
        for pages in refused:
            answer = http.post("/page-batches", json={"pages": pages})
            assert answer.status_code == 422, (len(pages), answer.text)
        # one byte over fits the base64 bound; the page is refused alone (the kiosk PUTs it)
        over = base64.b64encode(b"x" * (p.PAGE_BATCH_MAX_ENVELOPE + 1)).decode()
        answer = http.post("/page-batches", json={"pages": [dict(one, envelope=over)]})
        assert answer.json()["results"][0]["code"] == p.REQUEST_TOO_LARGE
        assert new.added_rows() == {} and new.added_files() == set()
        # a page named twice is stored once and answered alike
        twice = http.post("/page-batches", json={"pages": [one, one]}).json()["results"]
        assert twice == [{"sha256": sha(images[0]), "stored": True, "code": ""}] * 2
    assert set(new.added_rows()) == new.added_files() == {sha(images[0])}


def test_a_batch_past_its_byte_bound_refuses_the_rest(central: Central) -> None:
    """The pages past PAGE_BATCH_MAX_BYTES are refused (the kiosk PUTs them), the rest stored."""
    kiosk = central.enroll()
    size = p.PAGE_BATCH_MAX_ENVELOPE - 2048
    fit = p.PAGE_BATCH_MAX_BYTES // (size + 200)  # envelopes are a little larger than the page
    images = [page_bytes(size) for _ in range(fit + 2)]
    kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=images)))
    new = New(central)
    with kiosk.http() as http:
        pages = [item(sha(image), kiosk.seal(image)) for image in images]
        answer = http.post("/page-batches", json={"pages": pages}, timeout=60)
    results = answer.json()["results"]
    assert [r["stored"] for r in results] == [True] * fit + [False, False]
    assert {r["code"] for r in results[fit:]} == {p.REQUEST_TOO_LARGE}
    assert set(new.added_rows()) == new.added_files() == {sha(i) for i in images[:fit]}

"""Page uploads: resumable (by Upload-Length chunks and after a dropped connection), verified
against the name before anything counts as stored, and limited to pages the kiosk referenced."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from kiosk.central.storage import LocalPageStorage
from tests.central.helpers import Central, KioskClient, page_bytes, registration, sha


def pushed_page(central: Central, size: int = 50_000) -> tuple[KioskClient, bytes, str]:
    kiosk = central.enroll()
    image = page_bytes(size)
    reg = registration(kiosk.kiosk_code, pages=[image])
    answer = kiosk.push(kiosk.item(reg))
    assert answer.json()["missing_pages"] == [sha(image)]
    return kiosk, image, sha(image)


def stored_file(central: Central, digest: str) -> bytes:
    return (central.folder / "pages" / digest[:2] / digest).read_bytes()


def offset(kiosk: KioskClient, digest: str) -> tuple[int, int]:
    with kiosk.http() as http:
        head = http.head(f"/pages/{digest}")
    return head.status_code, int(head.headers["Upload-Offset"])


def test_upload_in_chunks_then_stored_byte_identical(central: Central) -> None:
    kiosk, image, digest = pushed_page(central)
    envelope = kiosk.seal(image)
    cut = len(envelope) // 3
    with kiosk.http() as http:
        part = http.put(
            f"/pages/{digest}",
            params={"offset": 0},
            content=envelope[:cut],
            headers={"Upload-Length": str(len(envelope))},
        )
        assert part.status_code == 200 and part.json()["stored"] is False
        assert offset(kiosk, digest) == (404, cut)
        wrong = http.put(f"/pages/{digest}", params={"offset": cut + 5}, content=envelope[cut:])
        assert wrong.status_code == 409
        assert wrong.json()["error"]["code"] == "pages.offset_mismatch"
        assert wrong.headers["Upload-Offset"] == str(cut)
        done = http.put(f"/pages/{digest}", params={"offset": cut}, content=envelope[cut:])
        assert done.status_code == 201, done.text
        assert done.json() == {"sha256": digest, "stored": True, "upload_offset": len(envelope)}
        assert http.get(f"/pages/{digest}").json()["stored"] is True
        again = http.put(f"/pages/{digest}", content=envelope)
        assert again.status_code == 200  # already stored: nothing to do
    assert stored_file(central, digest) == envelope
    assert offset(kiosk, digest) == (200, len(envelope))
    # the central can open what it stored
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.documents.envelope import open_document

    assert open_document(envelope, load_or_create_document_key(central.folder / "keys")) == image
    # and the next push of that version reports nothing missing
    reg_answer = kiosk.push(kiosk.item(registration(kiosk.kiosk_code, pages=[image])))
    assert reg_answer.json()["missing_pages"] == []


def test_upload_resumes_after_the_connection_drops(central: Central) -> None:
    kiosk, image, digest = pushed_page(central, size=400_000)
    envelope = kiosk.seal(image)
    url = urlsplit(central.url)
    sent = 150_000
    with socket.create_connection((url.hostname, url.port)) as sock:
        head = (
            f"PUT /api/v1/pages/{digest}?offset=0 HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"Authorization: Bearer {kiosk.token}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {len(envelope)}\r\n\r\n"
        )
        sock.sendall(head.encode() + envelope[:sent])
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while offset(kiosk, digest)[1] < sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert offset(kiosk, digest) == (404, sent)  # what arrived is kept, nothing more
    with kiosk.http() as http:
        # the dropped request's handler may still hold the page's lock while it makes the partial
        # durable: the central says 429 pages.busy then, and a client tries again (as sync does)
        for _ in range(50):
            done = http.put(f"/pages/{digest}", params={"offset": sent}, content=envelope[sent:])
            if done.status_code != 429:
                break
            assert done.json()["error"]["code"] == "pages.busy"
            time.sleep(0.1)
    assert done.status_code == 201, done.text
    assert stored_file(central, digest) == envelope


def test_hash_mismatch_is_refused_and_dropped(central: Central) -> None:
    kiosk, image, digest = pushed_page(central)
    impostor = kiosk.seal(page_bytes(len(image)))  # a valid envelope of other content
    with kiosk.http() as http:
        answer = http.put(f"/pages/{digest}", content=impostor)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "pages.hash_mismatch"
    assert offset(kiosk, digest) == (404, 0)  # the partial data is dropped
    assert not (central.folder / "pages" / digest[:2] / digest).exists()
    assert not LocalPageStorage(central.folder).has(digest)  # nor packed
    with kiosk.http() as http:
        assert http.put(f"/pages/{digest}", content=kiosk.seal(image)).status_code == 201


def test_envelope_the_central_cannot_open_is_refused(central: Central) -> None:
    from kiosk.documents.envelope import seal_document

    kiosk, image, digest = pushed_page(central)
    local_only = seal_document(image, [kiosk.documents.public_key()])
    with kiosk.http() as http:
        for body in (local_only, b"not an envelope at all", kiosk.seal(image)[:-10]):
            answer = http.put(f"/pages/{digest}", content=body)
            assert answer.status_code == 422
            assert answer.json()["error"]["code"] == "pages.envelope_invalid"
    assert offset(kiosk, digest) == (404, 0)


def test_only_referenced_pages_may_be_uploaded(central: Central) -> None:
    kiosk, image, digest = pushed_page(central)
    other = central.enroll()
    stray = page_bytes()
    with other.http() as http:
        # another kiosk cannot upload under a page it never referenced
        answer = http.put(f"/pages/{digest}", content=other.seal(image))
        assert (answer.status_code, answer.json()["error"]["code"]) == (409, "pages.not_referenced")
    with kiosk.http() as http:
        answer = http.put(f"/pages/{sha(stray)}", content=kiosk.seal(stray))
        assert answer.status_code == 409
        bad = http.get("/pages/NOT-A-HASH")
        assert (bad.status_code, bad.json()["error"]["code"]) == (422, "request.invalid")


def test_version_is_complete_only_when_every_page_is_stored(central: Central) -> None:
    from kiosk.central import admin

    kiosk = central.enroll()
    images = [page_bytes(), page_bytes()]
    reg = registration(kiosk.kiosk_code, pages=images)
    assert sorted(kiosk.push(kiosk.item(reg)).json()["missing_pages"]) == sorted(map(sha, images))

    def row() -> dict:
        return next(r for r in admin.report(central.db_url) if r["kiosk_id"] == kiosk.kiosk_id)

    assert (row()["incomplete_versions"], row()["missing_documents"]) == (1, 2)
    with kiosk.http() as http:
        assert (
            http.put(f"/pages/{sha(images[0])}", content=kiosk.seal(images[0])).status_code == 201
        )
        assert (row()["incomplete_versions"], row()["missing_documents"]) == (1, 1)
        assert (
            http.put(f"/pages/{sha(images[1])}", content=kiosk.seal(images[1])).status_code == 201
        )
    assert (row()["incomplete_versions"], row()["documents"]) == (0, 2)


def test_page_size_limit(central: Central, make_central) -> None:
    small = make_central(central.backend, max_page_bytes=20_000)
    kiosk, image, digest = pushed_page(small, size=30_000)
    with kiosk.http() as http:
        declared = http.put(f"/pages/{digest}", content=kiosk.seal(image))
        assert declared.status_code == 413
        streamed = http.put(f"/pages/{digest}", content=iter([kiosk.seal(image)]))
        assert streamed.status_code == 413
        assert streamed.json()["error"]["code"] == "request.too_large"
    assert offset(kiosk, digest) == (404, 0)

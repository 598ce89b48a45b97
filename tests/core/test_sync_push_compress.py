"""The kiosk's compressed push on the wire (:func:`kiosk.sync.client.encode_push`): a large batch
goes gzip-compressed and inflates to exactly the plain request; a small one goes plain; a central
too old to read compressed bodies gets the same request as plain JSON, and no more compression.

Unit level, through httpx's MockTransport; the whole path against a real central (which inflates
it) is in ``test_sync_flow`` and ``test_sync_faults``, the central's side in
``tests/central/test_central_push_compressed``.
"""

from __future__ import annotations

import gzip
import json

import httpx

from kiosk.protocol import PushItem, PushRequest
from kiosk.sync.client import COMPRESS_ABOVE, CentralClient, encode_push


def _item(seq: int, size: int = 100) -> PushItem:
    return PushItem.model_construct(
        seq=seq,
        registration_id=f"0190-{seq}",
        reg_no=f"TNJ1-20261126-{seq:04d}",
        version=1,
        content_hash="a" * 64,
        content={"reg_no": f"TNJ1-20261126-{seq:04d}", "business": {"name": "Roti Ñam " * size}},
        status="submitted",
        page_hashes=["b" * 64],
    )


def _answer(body: dict) -> httpx.Response:
    results = [
        {"seq": i["seq"], "registration_id": i["registration_id"], "version": i["version"],
         "outcome": "stored", "content_hash": i["content_hash"]}
        for i in body["items"]
    ]  # fmt: skip
    return httpx.Response(200, json={"results": results, "missing_pages": []})


def test_a_large_push_is_gzip_of_the_plain_request_and_a_small_one_is_plain() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raw = request.content
        if request.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return _answer(json.loads(raw))

    client = CentralClient("http://central", "tok", transport=httpx.MockTransport(handler))
    large = [_item(n, size=300) for n in range(1, 21)]
    answer = client.push(large)
    assert [r.seq for r in answer.results if r is not None] == list(range(1, 21))
    client.push([_item(99)])
    big, small = seen
    assert big.headers["Content-Encoding"] == "gzip"
    # items signed one by one: the body carries no push signature
    plain = PushRequest.model_construct(items=large).model_dump_json(exclude={"push_signature"})
    plain = plain.encode()
    assert len(plain) > COMPRESS_ABOVE
    assert gzip.decompress(big.content) == plain
    assert len(big.content) < len(plain) // 4
    assert int(big.headers["Content-Length"]) == len(big.content)
    assert "Content-Encoding" not in small.headers
    assert json.loads(small.content) == {"items": [_item(99).model_dump()]}


def test_an_encoded_body_is_sent_as_it_was_prepared() -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(gzip.decompress(request.content))
        return _answer(json.loads(bodies[-1]))

    client = CentralClient("http://central", "tok", transport=httpx.MockTransport(handler))
    items = [_item(n, size=300) for n in range(1, 11)]
    prepared = encode_push(items)
    assert prepared.compressed
    client.push(items, prepared)
    assert bodies == [gzip.decompress(prepared.content)]


def test_an_older_central_gets_plain_json_again_and_from_then_on() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        try:  # what a central without inflating does: the gzip bytes are not JSON
            body = json.loads(request.content)
        except ValueError:
            error = {"code": "request.invalid", "message": "body: JSON decode error"}
            return httpx.Response(422, json={"error": error})
        return _answer(body)

    client = CentralClient("http://central", "tok", transport=httpx.MockTransport(handler))
    first = [_item(n, size=300) for n in range(1, 21)]
    answer = client.push(first, encode_push(first))
    assert [r.outcome for r in answer.results if r is not None] == ["stored"] * 20
    second = [_item(n, size=300) for n in range(21, 41)]
    client.push(second, encode_push(second))  # prepared compressed, sent plain
    encodings = [r.headers.get("Content-Encoding") for r in seen]
    assert encodings == ["gzip", None, None]
    assert not client.compress
    assert json.loads(seen[1].content) == json.loads(gzip.decompress(seen[0].content))


def test_contents_placed_as_stored_make_the_same_request() -> None:
    from kiosk.domain.model import canonical_json

    items = [_item(n, size=300) for n in range(1, 11)]
    stored = {item.seq: canonical_json(item.content) for item in items[::2]}  # some, not all
    spliced = encode_push(items, compress=False, stored=stored)
    plain = encode_push(items, compress=False)
    assert json.loads(spliced.content) == json.loads(plain.content)
    PushRequest.model_validate_json(spliced.content)  # what the central accepts (strict models)
    for raw in stored.values():
        assert raw in spliced.content  # placed as it is, not written out again

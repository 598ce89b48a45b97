"""The binary page batch (``POST /page-batches`` with its own Content-Type, the layout of
:mod:`kiosk.page_batch_body`): the same pages stored, the same answers and refusals as the JSON
batch, and a body that breaks the layout or a bound refused whole with nothing stored."""

from __future__ import annotations

import hashlib
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import page_batch_body
from kiosk import protocol as p
from tests.central.helpers import Central, page_bytes, sha
from tests.central.test_central_page_batch import New, item, pushed_pages, stored_file

BINARY = {"Content-Type": p.PAGE_BATCH_BINARY_MEDIA_TYPE}


def test_the_body_round_trips_and_is_checked() -> None:
    pages = [(hashlib.sha256(bytes([n])).hexdigest(), bytes([n]) * (n + 1)) for n in range(5)]
    body = page_batch_body.encode(pages)
    assert page_batch_body.decode(body) == pages
    assert len(body) == 4 + sum(36 + len(envelope) for _, envelope in pages)
    broken = {
        b"KPB2" + body[4:]: True,
        body[:-1]: True,  # the last envelope cut off
        body[:40]: True,  # a header cut off
        page_batch_body.MAGIC: False,  # no page
        page_batch_body.MAGIC + struct.pack(">32sI", b"\0" * 32, 0): False,
        page_batch_body.encode([pages[0]] * (p.PAGE_BATCH_BINARY_MAX_PAGES + 1)): False,
        page_batch_body.encode([(pages[0][0], b"x" * (p.PAGE_BATCH_MAX_ENVELOPE + 1))]): False,
    }
    for bad, malformed in broken.items():
        with pytest.raises(page_batch_body.PageBatchBodyError) as caught:
            page_batch_body.decode(bad)
        assert caught.value.malformed is malformed, bad[:8]
    most = [pages[0]] * p.PAGE_BATCH_BINARY_MAX_PAGES
    assert page_batch_body.decode(page_batch_body.encode(most)) == most


def _decoded(body: bytes | list[bytes]) -> object:
    """What decode makes of a body: its pages, or its error (message and kind)."""
    try:
        return page_batch_body.decode(body)
    except page_batch_body.PageBatchBodyError as exc:
        return (str(exc), exc.malformed)


_PAGES = st.lists(
    st.tuples(
        st.binary(min_size=32, max_size=32).map(bytes.hex), st.binary(min_size=1, max_size=90)
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(pages=_PAGES, cut=st.integers(min_value=0, max_value=40), data=st.data())
def test_the_chunks_a_body_came_in_decode_as_the_whole_body(pages, cut, data) -> None:
    """The central reads a binary body in the chunks it arrived in: cut anywhere (headers and
    envelopes split, empty chunks, a body cut short), it decodes to the same pages, or to the
    same refusal, as the body in one piece."""
    whole = page_batch_body.encode(pages)
    whole = whole[: len(whole) - cut] if cut < len(whole) else whole[:cut]
    points = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=8)))
    chunks = [whole[a:b] for a, b in zip([0, *points], [*points, len(whole)], strict=True)]
    assert b"".join(chunks) == whole
    assert _decoded(chunks) == _decoded(whole)
    decoded = _decoded(chunks)
    if isinstance(decoded, list):
        assert all(type(envelope) is bytes for _, envelope in decoded)


def test_a_binary_batch_stores_the_pages_and_refuses_bad_ones_alone(central: Central) -> None:
    from kiosk.documents.envelope import seal_document

    kiosk, images = pushed_pages(central, 5)
    new = New(central)
    good, other_good, mismatched, unreadable, local_only = images
    stray = page_bytes(3333)
    sent = [
        (sha(good), kiosk.seal(good)),
        (sha(other_good), kiosk.seal(other_good)),
        (sha(mismatched), kiosk.seal(page_bytes(5000))),  # a valid envelope of other content
        (sha(unreadable), b"not an envelope at all"),
        (sha(local_only), seal_document(local_only, [kiosk.documents.public_key()])),
        (sha(stray), kiosk.seal(stray)),  # no version references it
        (sha(good), kiosk.seal(good)),  # named twice: answered alike
    ]
    with kiosk.http() as http:
        answer = http.post("/page-batches", content=page_batch_body.encode(sent), headers=BINARY)
    assert answer.status_code == 200, answer.text
    assert [(r["sha256"], r["stored"], r["code"]) for r in answer.json()["results"]] == [
        (sha(good), True, ""),
        (sha(other_good), True, ""),
        (sha(mismatched), False, p.PAGES_HASH_MISMATCH),
        (sha(unreadable), False, p.PAGES_ENVELOPE_INVALID),
        (sha(local_only), False, p.PAGES_ENVELOPE_INVALID),
        (sha(stray), False, p.PAGES_NOT_REFERENCED),
        (sha(good), True, ""),
    ]
    stored = {sha(good): sent[0][1], sha(other_good): sent[1][1]}
    assert new.added_rows() == {digest: len(envelope) for digest, envelope in stored.items()}
    assert new.added_files() == set(stored)
    assert all(stored_file(central, digest) == envelope for digest, envelope in stored.items())
    with kiosk.http() as http:  # the same pages again, by either body: stored, nothing rewritten
        again = http.post("/page-batches", content=page_batch_body.encode(sent[:2]), headers=BINARY)
        by_json = http.post("/page-batches", json={"pages": [item(*sent[1])]})
        rest = [(sha(image), kiosk.seal(image)) for image in (mismatched, unreadable, local_only)]
        later = http.post("/page-batches", content=page_batch_body.encode(rest), headers=BINARY)
    assert [r["stored"] for r in again.json()["results"] + by_json.json()["results"]] == [True] * 3
    assert [r["stored"] for r in later.json()["results"]] == [True] * 3
    assert set(new.added_rows()) == new.added_files() == set(map(sha, images))


def test_a_broken_binary_body_is_refused_whole(central: Central) -> None:
    kiosk, images = pushed_pages(central, 1)
    new = New(central)
    body = page_batch_body.encode([(sha(images[0]), kiosk.seal(images[0]))])
    too_many = page_batch_body.encode(
        [(sha(images[0]), kiosk.seal(images[0]))] * (p.PAGE_BATCH_BINARY_MAX_PAGES + 1)
    )
    with kiosk.http() as http:
        for bad, status, code in [
            (b"{}", 400, p.REQUEST_MALFORMED),
            (body[:-1], 400, p.REQUEST_MALFORMED),
            (page_batch_body.MAGIC, 422, p.REQUEST_INVALID),
            (too_many, 422, p.REQUEST_INVALID),
        ]:
            answer = http.post("/page-batches", content=bad, headers=BINARY)
            assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
        assert new.added_rows() == {} and new.added_files() == set()
        assert http.post("/page-batches", content=body, headers=BINARY).status_code == 200
    assert set(new.added_rows()) == {sha(images[0])}

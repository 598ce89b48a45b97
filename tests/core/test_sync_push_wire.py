"""The push on the wire: the kiosk sends the protocol's PushRequest and reads the PushResponse
leniently (a result that breaks the protocol is untrusted, not a failed batch).

Unit level, through httpx's MockTransport; the whole path against a real central is in
``test_sync_flow`` and ``test_sync_faults``.
"""

from __future__ import annotations

import json

import httpx

from kiosk.protocol import PushItem, PushRequest
from kiosk.sync.client import CentralClient, PushAnswer


def _item(seq: int) -> PushItem:
    return PushItem.model_construct(
        seq=seq,
        registration_id=f"0190-{seq}",
        reg_no=f"TNJ1-20261126-{seq:04d}",
        version=1,
        content_hash="a" * 64,
        content={"reg_no": f"TNJ1-20261126-{seq:04d}", "business": {"name": "Roti Ñam"}},
        status="submitted",
        page_hashes=["b" * 64],
    )


def test_push_sends_the_protocols_request_and_reads_its_answer() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        results = [
            {"seq": i["seq"], "registration_id": i["registration_id"], "version": i["version"],
             "outcome": "stored", "content_hash": i["content_hash"]}
            for i in body["items"]
        ]  # fmt: skip
        return httpx.Response(200, json={"results": results, "missing_pages": ["b" * 64]})

    client = CentralClient("http://central", "tok", transport=httpx.MockTransport(handler))
    answer = client.push([_item(1), _item(2)])
    (body,) = seen
    assert body == {"items": [_item(1).model_dump(), _item(2).model_dump()]}
    PushRequest.model_validate(body)  # what the central accepts (strict models)
    assert [r.seq for r in answer.results if r is not None] == [1, 2]
    assert [r.outcome for r in answer.results if r is not None] == ["stored", "stored"]
    assert answer.missing_pages == ["b" * 64]


def test_a_result_that_breaks_the_protocol_is_none_not_an_error() -> None:
    answer = PushAnswer.read(
        {
            "results": [
                {"seq": 1, "registration_id": "r", "version": 1, "outcome": "invalid",
                 "error": {"code": "push.forbidden", "message": "not yours"}},
                {"seq": 2, "registration_id": "r", "version": 1, "outcome": "lost"},
                {"seq": "3", "registration_id": "r", "version": 1, "outcome": "stored"},
                "garbage",
            ],
            "missing_pages": ["c" * 64, 7],
            "newer_field": True,
        }
    )  # fmt: skip
    first, *rest = answer.results
    assert first is not None and first.error is not None
    assert (first.outcome, first.error.code, first.error.message) == (
        "invalid", "push.forbidden", "not yours",
    )  # fmt: skip
    assert rest == [None, None, None]
    assert answer.missing_pages == ["c" * 64]
    assert PushAnswer.read({}).results == []

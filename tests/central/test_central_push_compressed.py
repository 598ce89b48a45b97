"""Compressed push bodies (``Content-Encoding: gzip``/``deflate``, :mod:`kiosk.central.limits`):
stored exactly as the same push in plain JSON; a decompression bomb is refused with 413 and stores
nothing; a broken or unknown encoding is refused; a client sending plain JSON is served as before.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

import httpx

from kiosk.domain.model import canonical_json
from tests.central.helpers import Central, KioskClient, registration


def _body(*items: dict[str, Any]) -> bytes:
    return json.dumps({"items": list(items)}).encode()


def _post(kiosk: KioskClient, content: bytes, encoding: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if encoding is not None:
        headers["Content-Encoding"] = encoding
    with kiosk.http() as http:
        return http.post("/push", content=content, headers=headers)


def _stored(central: Central, reg_id: str) -> list[tuple[Any, ...]]:
    return [
        tuple(row)
        for row in central.sql(
            "SELECT version, content_hash, content, signature FROM central_versions"
            " WHERE registration_id = :r ORDER BY version",
            r=reg_id,
        )
    ]


def _versions_of(central: Central, kiosk: KioskClient) -> int:
    rows = central.sql(
        "SELECT count(*) FROM central_versions WHERE kiosk_id = :k", k=kiosk.kiosk_id
    )
    return int(rows[0][0])


def test_a_compressed_push_is_stored_exactly_as_a_plain_one(central: Central) -> None:
    kiosk = central.enroll()
    plain_reg, gzip_reg, deflate_reg = (registration(kiosk.kiosk_code) for _ in range(3))
    for reg in (plain_reg, gzip_reg, deflate_reg):
        reg.business.name = "Warung Ñam Enak — 日本"  # non-ASCII survives both ways
    plain_item, gzip_item, deflate_item = (
        kiosk.item(reg) for reg in (plain_reg, gzip_reg, deflate_reg)
    )
    answers = {
        "plain": _post(kiosk, _body(plain_item), None),  # an older kiosk: no compression
        "gzip": _post(kiosk, gzip.compress(_body(gzip_item)), "gzip"),
        "deflate": _post(kiosk, zlib.compress(_body(deflate_item)), "deflate"),
    }
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.text)
        (result,) = answer.json()["results"]
        assert result["outcome"] == "stored", name
    for reg, item in ((plain_reg, plain_item), (gzip_reg, gzip_item), (deflate_reg, deflate_item)):
        (row,) = _stored(central, reg.id)
        assert row == (1, reg.content_hash(), canonical_json(reg.content()).decode(),
                       item["signature"])  # fmt: skip
    # the same item again, the other way round: the central sees one and the same version
    again = _post(kiosk, _body(gzip_item), None)
    assert [r["outcome"] for r in again.json()["results"]] == ["unchanged"]
    again = _post(kiosk, gzip.compress(_body(plain_item)), "gzip")
    assert [r["outcome"] for r in again.json()["results"]] == ["unchanged"]
    assert len(_stored(central, plain_reg.id)) == 1


def test_a_decompression_bomb_is_refused_with_413_and_stores_nothing(
    central: Central, make_central
) -> None:
    small = make_central(central.backend, max_json_bytes=50_000)
    kiosk = small.enroll()
    item = kiosk.item(registration(kiosk.kiosk_code))
    # a valid push padded with whitespace: 4 MB inflated, a few KB on the wire
    bomb = gzip.compress(b'{"items": [' + b" " * 4_000_000 + _body(item)[len(b'{"items": [') :])
    assert len(bomb) < 50_000
    answer = _post(kiosk, bomb, "gzip")
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "request.too_large"
    assert "decompressed" in error["message"]
    assert _versions_of(small, kiosk) == 0
    # the same item, small enough once inflated, is stored (the refusal was the size only)
    fine = _post(kiosk, gzip.compress(_body(item)), "gzip")
    assert [r["outcome"] for r in fine.json()["results"]] == ["stored"]
    assert _versions_of(small, kiosk) == 1


def test_a_broken_or_unknown_encoding_is_refused_and_stores_nothing(central: Central) -> None:
    kiosk = central.enroll()
    item = kiosk.item(registration(kiosk.kiosk_code))
    packed = gzip.compress(_body(item))
    for content, encoding, status in (
        (packed[: len(packed) // 2], "gzip", 400),  # cut off: not a complete stream
        (packed + b"trailing", "gzip", 400),
        (_body(item), "gzip", 400),  # says gzip, is plain
        (packed, "br", 415),
    ):
        answer = _post(kiosk, content, encoding)
        assert answer.status_code == status, (encoding, answer.text)
        assert answer.json()["error"]["code"] == "request.malformed"
    assert _versions_of(central, kiosk) == 0
    assert _post(kiosk, packed, "gzip").status_code == 200
    assert _versions_of(central, kiosk) == 1

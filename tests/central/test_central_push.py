"""Push: idempotent per (id, version, hash), conflicts kept, bad items set apart, isolation,
duplicate flags, limits."""

from __future__ import annotations

import hashlib
import json
import logging
import threading

from kiosk.domain.model import canonical_json
from kiosk.protocol import sanity_digest
from tests.central.helpers import Central, registration


def outcomes(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["outcome"] for r in response.json()["results"]]


def stored_versions(central: Central, reg_id: str) -> list[tuple]:
    return [
        tuple(r)
        for r in central.sql(
            "SELECT version, content_hash, content FROM central_versions"
            " WHERE registration_id = :r ORDER BY version",
            r=reg_id,
        )
    ]


def test_push_stores_once_and_echoes(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    item = kiosk.item(reg)
    first = kiosk.push(item)
    assert outcomes(first) == ["stored"]
    result = first.json()["results"][0]
    assert (result["seq"], result["registration_id"], result["version"]) == (
        item["seq"],
        reg.id,
        1,
    )
    assert result["content_hash"] == reg.content_hash()
    # committed before the answer: a separate connection sees it right away
    rows = stored_versions(central, reg.id)
    assert [(v, h) for v, h, _ in rows] == [(1, reg.content_hash())]
    assert json.loads(rows[0][2]) == reg.content()
    assert rows[0][2].encode() == canonical_json(reg.content())
    assert outcomes(kiosk.push(item)) == ["unchanged"]
    assert len(stored_versions(central, reg.id)) == 1


def test_same_version_with_other_content_is_a_conflict_kept_apart(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    original = reg.content_hash()
    assert outcomes(kiosk.push(kiosk.item(reg))) == ["stored"]
    reg.business.name = "Usaha Lain"
    for _ in range(2):  # twice: still one conflict record
        answer = kiosk.push(kiosk.item(reg))
        assert outcomes(answer) == ["conflict"]
        assert answer.json()["results"][0]["content_hash"] == original
    assert [h for _, h, _ in stored_versions(central, reg.id)] == [original]
    conflicts = central.sql(
        "SELECT content_hash, content FROM central_conflicts WHERE registration_id = :r", r=reg.id
    )
    assert [c[0] for c in conflicts] == [reg.content_hash()]
    assert json.loads(conflicts[0][1])["business"]["name"] == "Usaha Lain"
    # a correction (new version) is stored normally
    reg.version = 2
    assert outcomes(kiosk.push(kiosk.item(reg))) == ["stored"]
    assert [v for v, _, _ in stored_versions(central, reg.id)] == [1, 2]


def test_one_bad_item_does_not_block_the_batch(central: Central) -> None:
    kiosk = central.enroll()
    regs = [registration(kiosk.kiosk_code) for _ in range(8)]
    items = [kiosk.item(r) for r in regs]
    items[1]["content_hash"] = "0" * 64  # hash mismatch
    items[2]["content"]["business"]["name"] = "lone \ud800 surrogate"  # not encodable as UTF-8
    items[3]["registration_id"] = "not-a-uuid"
    items[4]["page_hashes"] = ["a" * 64]  # not what the content references
    items[5]["content"]["version"] = 9  # content disagrees with the item
    items[5]["content_hash"] = hashlib.sha256(canonical_json(items[5]["content"])).hexdigest()
    items[6]["content"]["owner"] = ["not", "a", "section"]  # not a registration's shape
    items[6]["content_hash"] = hashlib.sha256(canonical_json(items[6]["content"])).hexdigest()
    answer = kiosk.push(*items)
    assert outcomes(answer) == ["stored", *["invalid"] * 6, "stored"]
    codes = [r["error"]["code"] for r in answer.json()["results"][1:7]]
    assert codes == [
        "push.hash_mismatch",
        "push.content_invalid",
        "push.item_invalid",
        "push.content_invalid",
        "push.content_invalid",
        "push.content_invalid",
    ]
    assert [r["seq"] for r in answer.json()["results"]] == [i["seq"] for i in items]
    for reg, stored in zip(regs, [1, 0, 0, 0, 0, 0, 0, 1], strict=True):
        assert len(stored_versions(central, reg.id)) == stored


def test_a_kiosk_cannot_overwrite_or_read_another_kiosks_registrations(central: Central) -> None:
    owner, intruder = central.enroll(), central.enroll()
    reg = registration(owner.kiosk_code)
    assert outcomes(owner.push(owner.item(reg))) == ["stored"]
    original = reg.content_hash()
    reg.business.name = "Dibajak"
    for version in (1, 2):  # neither overwrite nor a new version on top
        reg.version = version
        answer = intruder.push(intruder.item(reg))
        assert outcomes(answer) == ["invalid"]
        result = answer.json()["results"][0]
        assert result["error"]["code"] == "push.forbidden"
        assert result["content_hash"] is None  # nothing about the owner's data is echoed
    assert [(v, h) for v, h, _ in stored_versions(central, reg.id)] == [(1, original)]
    assert not central.sql("SELECT id FROM central_conflicts WHERE registration_id = :r", r=reg.id)
    with intruder.http() as http:
        assert http.get("/sanity").json()["count"] == 0
        assert not [e for e in http.get("/pull").json()["events"] if e["kind"] == "verdict"]


def test_sanity_is_count_and_digest_of_this_kiosks_versions(central: Central) -> None:
    kiosk, other = central.enroll(), central.enroll()
    regs = [registration(kiosk.kiosk_code) for _ in range(3)]
    pushed = [kiosk.item(r) for r in regs]
    regs[0].version = 2
    regs[0].owner.full_name = "Siti A."
    pushed.append(kiosk.item(regs[0]))
    assert outcomes(kiosk.push(*pushed)) == ["stored"] * 4
    other.push(other.item(registration(other.kiosk_code)))
    with kiosk.http() as http:
        body = http.get("/sanity").json()
    expected = [(i["registration_id"], i["version"], i["content_hash"]) for i in pushed]
    assert body == {"count": 4, "digest": sanity_digest(expected), "versions": None}
    with kiosk.http() as http:
        detail = http.get("/sanity", params={"detail": "true"}).json()
    assert [tuple(v.values()) for v in detail["versions"]] == sorted(expected)
    assert detail["digest"] == body["digest"]


def test_duplicate_identifiers_across_kiosks_are_flagged_not_merged(
    central: Central, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    nik = "6471010101900001"
    a, b = central.enroll(), central.enroll()
    reg_a = registration(a.kiosk_code, nik=nik)
    reg_b = registration(b.kiosk_code, nik="6471 0101 0190 0001")
    reg_b.business.nib = reg_a.business.nib = "1234567890123"
    assert outcomes(a.push(a.item(reg_a))) == ["stored"]
    assert outcomes(b.push(b.item(reg_b))) == ["stored"]
    flags = central.sql(
        "SELECT kind, registration_a, registration_b FROM central_duplicates"
        " WHERE registration_a IN (:x, :y)",
        x=reg_a.id,
        y=reg_b.id,
    )
    pair = tuple(sorted([reg_a.id, reg_b.id]))
    assert sorted((k, ra, rb) for k, ra, rb in flags) == [("nib", *pair), ("nik", *pair)]
    assert len(stored_versions(central, reg_a.id)) == len(stored_versions(central, reg_b.id)) == 1
    b.push(b.item(reg_b))  # pushing again flags nothing new
    assert (
        len(central.sql("SELECT id FROM central_duplicates WHERE registration_a = :x", x=pair[0]))
        == 2
    )
    assert nik not in caplog.text


def test_concurrent_pushes_of_the_same_batch_store_everything_once(central: Central) -> None:
    kiosk = central.enroll()
    items = [kiosk.item(registration(kiosk.kiosk_code)) for _ in range(40)]
    answers: list = []

    def send() -> None:
        answers.append(kiosk.push(*items))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    per_item = list(zip(*(outcomes(a) for a in answers), strict=True))
    assert all(sorted(o) == ["stored", "unchanged", "unchanged", "unchanged"] for o in per_item)
    ids = [i["registration_id"] for i in items]
    count = central.sql(
        "SELECT count(*) FROM central_versions WHERE kiosk_id = :k", k=kiosk.kiosk_id
    )[0][0]
    assert count == len(set(ids))


def test_batch_limits(central: Central, make_central) -> None:
    kiosk = central.enroll()
    too_many = [kiosk.item(registration(kiosk.kiosk_code)) for _ in range(101)]
    answer = kiosk.push(*too_many)
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "request.invalid")
    small = make_central(central.backend, max_json_bytes=20_000)
    kiosk = small.enroll()
    big = kiosk.item(registration(kiosk.kiosk_code))
    big["content"]["business"]["name"] = "x" * 30_000
    with kiosk.http() as http:
        answer = http.post("/push", json={"items": [big]})
        assert (answer.status_code, answer.json()["error"]["code"]) == (413, "request.too_large")

        def chunks():
            yield b'{"items": ['
            yield b" " * 25_000
            yield b"]}"

        chunked = http.post("/push", content=chunks(), headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413


def test_rate_limit_per_kiosk(central: Central, make_central) -> None:
    limited = make_central(central.backend, rate_per_second=0.5, rate_burst=3)
    first, second = limited.enroll(), limited.enroll()
    with first.http() as http:
        codes = [http.get("/sanity").status_code for _ in range(4)]
        refused = http.get("/sanity")
    assert codes[:3] == [200, 200, 200] and 429 in [*codes[3:], refused.status_code]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate.limited"
    assert int(refused.headers["Retry-After"]) >= 1
    with second.http() as http:  # another kiosk has its own bucket
        assert http.get("/sanity").status_code == 200

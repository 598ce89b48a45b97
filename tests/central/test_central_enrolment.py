"""Enrolment and revocation: codes are single use and short-lived, tokens are stored hashed,
and a revoked kiosk is refused on every endpoint."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.central import admin
from kiosk.errors import UserFacingError
from tests.central.helpers import Central, KioskClient, page_bytes, registration, sha, unique


def _post_enroll(central: Central, kiosk: KioskClient, code: str):
    with central.http() as http:
        return http.post("/enroll", json=kiosk.enroll_body(code))


def test_enrolment_returns_credentials_and_kiosk_codes(central: Central) -> None:
    mpp = unique("MPP Kota Samarinda")
    first = central.enroll(mpp=mpp)
    second = central.enroll(mpp=mpp)
    assert first.kiosk_code != second.kiosk_code
    assert first.kiosk_code[:3] == second.kiosk_code[:3]  # the MPP's prefix
    assert 4 <= len(first.kiosk_code) <= 6 and first.kiosk_code.isalnum()
    assert len(first.token) >= 40 and first.token != second.token
    rows = [r[0] for r in central.sql("SELECT token_hash FROM central_kiosks")]
    dump = " ".join(str(v) for row in central.sql("SELECT * FROM central_kiosks") for v in row)
    assert hashlib.sha256(first.token.encode()).hexdigest() in rows
    assert first.token not in dump  # only the hash is stored


def test_spent_code_is_refused(central: Central) -> None:
    code = admin.create_enrolment_code(central.db_url, unique("Loket"), unique("MPP"))
    kiosk = KioskClient(central, "a", "b")
    assert _post_enroll(central, kiosk, code).status_code == 200
    again = _post_enroll(central, KioskClient(central, "c", "d"), code)
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "enroll.code_spent"


def test_expired_code_is_refused(central: Central) -> None:
    name = unique("Loket")
    code = admin.create_enrolment_code(central.db_url, name, unique("MPP"), ttl_minutes=1)
    central.sql(
        "UPDATE central_enrolment_codes SET expires_at = created_at WHERE kiosk_name = :n", n=name
    )
    response = _post_enroll(central, KioskClient(central, "a", "b"), code)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "enroll.code_expired"


def test_unknown_code_and_bad_keys_are_refused_without_spending(central: Central) -> None:
    kiosk = KioskClient(central, "a", "b")
    unknown = _post_enroll(central, kiosk, "AAAA-BBBB-CCCC")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (403, "enroll.code_invalid")
    code = admin.create_enrolment_code(central.db_url, unique("Loket"), unique("MPP"))
    body = kiosk.enroll_body(code) | {
        "signing_public_key": kiosk.enroll_body(code)["document_public_key"]
    }
    with central.http() as http:
        bad = http.post("/enroll", json=body)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "enroll.key_invalid")
    # the code was not spent by the refused attempt; lower case and spaces are accepted
    assert _post_enroll(central, kiosk, code.lower().replace("-", " ")).status_code == 200


def test_code_lifetime_is_at_most_an_hour(central: Central) -> None:
    with pytest.raises(UserFacingError) as err:
        admin.create_enrolment_code(central.db_url, "Loket", "MPP", ttl_minutes=61)
    assert err.value.code == "central.enroll.ttl"


def test_revoked_kiosk_is_refused_everywhere(central: Central) -> None:
    kiosk = central.enroll()
    observer = central.enroll()
    image = page_bytes()
    reg = registration(kiosk.kiosk_code, pages=[image])
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    admin.revoke_kiosk(central.db_url, kiosk.name)
    page = sha(image)
    with kiosk.http() as http:
        answers = [
            http.post("/push", json={"items": [kiosk.item(reg)]}),
            http.get("/pull"),
            http.get("/sanity"),
            http.get(f"/pages/{page}"),
            http.put(f"/pages/{page}", content=kiosk.seal(image)),
        ]
        head = http.head(f"/pages/{page}")
    assert [a.status_code for a in answers] == [401] * len(answers)
    assert {a.json()["error"]["code"] for a in answers} == {"auth.revoked"}
    assert head.status_code == 401
    # the other kiosks learn that the revoked kiosk's key no longer vouches for receipts
    with observer.http() as http:
        events = http.get("/pull").json()["events"]
    keys = [e["payload"] for e in events if e["kind"] == "kiosk_key"]
    mine = [k for k in keys if k["kiosk_id"] == kiosk.kiosk_id]
    assert mine[-1]["revoked"] is True and mine[0]["revoked"] is False


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "bearer " + "x" * 300],
)
def test_missing_or_unknown_token_is_401(central: Central, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with central.http() as http:
        for method, path in (
            ("POST", "/push"),
            ("GET", "/pull"),
            ("GET", "/sanity"),
            ("GET", "/pages/" + "0" * 64),
        ):
            response = http.request(
                method, path, headers=headers, json={"items": []} if method == "POST" else None
            )
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == "auth.invalid"

"""Issue 13 point 1: a push is bound to its kiosk — its number carries the kiosk's code, every
version is signed by the kiosk's key and the central keeps the signature; another kiosk can
claim neither a registration nor its number."""

from __future__ import annotations

import base64
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.central import admin
from kiosk.protocol import version_signing_bytes
from tests.central.helpers import Central, KioskClient, registration, unique


def results(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["outcome"], (r["error"] or {}).get("code")) for r in response.json()["results"]]


def held(central: Central, reg_id: str) -> list[tuple]:
    return [
        tuple(row)
        for row in central.sql(
            "SELECT version, content_hash, kiosk_id, signature, signing_key_id"
            " FROM central_versions WHERE registration_id = :r ORDER BY version",
            r=reg_id,
        )
    ]


def test_a_second_kiosk_cannot_store_a_number_of_the_first(central: Central) -> None:
    first, second = central.enroll(), central.enroll()
    reg = registration(first.kiosk_code)  # the first kiosk's number, on a new registration id
    assert results(second.push(second.item(reg))) == [("invalid", "push.number_foreign")]
    assert held(central, reg.id) == []
    assert not central.sql("SELECT id FROM central_registrations WHERE id = :r", r=reg.id)
    # the number still lands from the kiosk whose code it carries
    assert results(first.push(first.item(reg))) == [("stored", None)]


def test_another_kiosks_registration_cannot_be_claimed_and_the_owner_keeps_pushing(
    central: Central,
) -> None:
    owner, intruder = central.enroll(), central.enroll()
    reg = registration(owner.kiosk_code)
    assert results(owner.push(owner.item(reg))) == [("stored", None)]
    stolen = registration(intruder.kiosk_code)
    stolen.id = reg.id  # the id read off the owner's receipt QR, under the intruder's own number
    assert results(intruder.push(intruder.item(stolen))) == [("invalid", "push.forbidden")]
    reg.version = 2
    reg.owner.full_name = "Siti Aminah Koreksi"
    assert results(owner.push(owner.item(reg))) == [("stored", None)]
    assert [(v, k) for v, _, k, _, _ in held(central, reg.id)] == [
        (1, owner.kiosk_id),
        (2, owner.kiosk_id),
    ]


def test_each_version_keeps_a_signature_that_verifies_with_the_kiosks_key(
    central: Central,
) -> None:
    from kiosk.security.keys import key_id

    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    item = kiosk.item(reg)
    assert results(kiosk.push(item)) == [("stored", None)]
    [(version, digest, _, signature, signing_key_id)] = held(central, reg.id)
    assert signing_key_id == key_id(kiosk.signing.public_key())
    message = version_signing_bytes(reg.id, version, reg.reg_no, digest, "submitted")
    kiosk.signing.public_key().verify(base64.b64decode(signature), message)  # raises if not


def test_a_tampered_missing_or_foreign_signature_is_refused(central: Central) -> None:
    kiosk = central.enroll()
    regs = [registration(kiosk.kiosk_code) for _ in range(5)]
    good = kiosk.item(regs[0])
    raw = bytearray(base64.b64decode(kiosk.sign(kiosk.item(regs[1]))))
    raw[10] ^= 0x01
    tampered = kiosk.item(regs[1], signature=base64.b64encode(bytes(raw)).decode())
    missing = kiosk.item(regs[2], signature="")
    stranger = KioskClient(central=central, name="x", mpp="y", signing=Ed25519PrivateKey.generate())
    foreign = kiosk.item(regs[3])
    foreign["signature"] = stranger.sign(foreign)
    # a signature over other facts (the content changed after signing)
    changed = kiosk.item(regs[4])
    regs[4].business.name = "Usaha Lain"
    changed |= {"content": regs[4].content(), "content_hash": regs[4].content_hash()}
    answer = kiosk.push(good, tampered, missing, foreign, changed)
    assert results(answer) == [("stored", None)] + [("invalid", "push.signature_invalid")] * 4
    for reg in regs[1:]:
        assert held(central, reg.id) == []


def test_a_malleated_signature_is_refused_and_the_original_stored(central: Central) -> None:
    """Ed25519 malleability: ``S + L`` passes a verifier that skips the canonical-``S`` check; the
    central's (libsodium) refuses it, and the kiosk's own signature (made by ``cryptography``)
    passes."""
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    item = kiosk.item(reg)
    raw = base64.b64decode(item["signature"])
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(raw[32:], "little") + order  # < 2**254: still 32 bytes
    malleated = kiosk.item(
        reg, signature=base64.b64encode(raw[:32] + s.to_bytes(32, "little")).decode()
    )
    assert results(kiosk.push(malleated)) == [("invalid", "push.signature_invalid")]
    assert held(central, reg.id) == []
    assert results(kiosk.push(item)) == [("stored", None)]


def test_numbers_made_before_enrolment_belong_to_the_kiosk_that_declared_them(
    central: Central,
) -> None:
    def enrol(provisional: str) -> KioskClient:
        name, mpp = unique("Loket"), unique("MPP Test")
        code = admin.create_enrolment_code(central.db_url, name, mpp)
        kiosk = KioskClient(central=central, name=name, mpp=mpp)
        body = kiosk.enroll_body(code) | {"provisional_code": provisional}
        with central.http() as http:
            response = http.post("/enroll", json=body)
        assert response.status_code == 200, response.text
        kiosk.accept(response.json())
        return kiosk

    provisional = "T" + unique("").strip().upper()[:5].replace("0", "A")
    early = enrol(provisional)
    late = enrol(provisional)  # cannot take a code another kiosk holds
    reg = registration(provisional)
    assert results(late.push(late.item(reg))) == [("invalid", "push.number_foreign")]
    assert results(early.push(early.item(reg))) == [("stored", None)]


def test_an_older_kiosk_claims_its_provisional_code_with_its_first_push(central: Central) -> None:
    older, other = central.enroll(), central.enroll()  # neither declared a provisional code
    provisional = "T" + unique("").strip().upper()[:5].replace("0", "B")
    assert results(older.push(older.item(registration(provisional)))) == [("stored", None)]
    assert results(other.push(other.item(registration(provisional)))) == [
        ("invalid", "push.number_foreign")
    ]
    assert results(older.push(older.item(registration(provisional)))) == [("stored", None)]


def test_a_central_database_of_0001_upgrades_in_place(tmp_path: Path) -> None:
    """Versions stored before signatures keep their rows; the columns arrive empty."""
    from alembic import command
    from alembic.config import Config

    import kiosk.central.db as db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            sa.text(
                "INSERT INTO central_mpps (id, name, prefix, created_at) VALUES (1, 'M', 'MMM', "
                "'2026-11-25');"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, "
                "signing_public_key, signing_key_id, document_public_key, enrolled_at) VALUES "
                "('k1', 'Loket', 1, 'MMM1', 't', 'pem', 'kid', 'pem', '2026-11-25')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO central_registrations (id, kiosk_id, reg_no, current_version, status,"
                " verdict_reason, created_at, updated_at) VALUES ('r1', 'k1', 'MMM1-20261125-0001',"
                " 1, 'submitted', '', '2026-11-25', '2026-11-25')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO central_versions (registration_id, version, content_hash, content,"
                " kiosk_status, kiosk_id, received_at) VALUES ('r1', 1, 'h', '{}', 'submitted',"
                " 'k1', '2026-11-25')"
            )
        )
        connection.commit()
    db.migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT registration_id, content_hash, signature FROM central_versions")
        ).all()
        codes = connection.execute(sa.text("SELECT provisional_code FROM central_kiosks")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("r1", "h", None)]
    assert [tuple(r) for r in codes] == [(None,)]


def test_a_kiosk_learns_nothing_about_another_kiosks_pages(central: Central) -> None:
    from tests.central.helpers import page_bytes, sha

    owner, other = central.enroll(), central.enroll()
    image = page_bytes(20_000)
    digest = sha(image)
    assert results(owner.push(owner.item(registration(owner.kiosk_code, pages=[image])))) == [
        ("stored", None)
    ]
    never = sha(page_bytes(100))  # a hash no one stored
    with other.http() as http:
        before = [
            (r.status_code, r.headers["Upload-Offset"], r.json())
            for r in (http.get(f"/pages/{digest}"), http.get(f"/pages/{never}"))
        ]
    with owner.http() as http:
        stored = http.put(f"/pages/{digest}", content=owner.seal(image))
        assert stored.status_code == 201, stored.text
        assert http.get(f"/pages/{digest}").status_code == 200  # the owner is told
    with other.http() as http:
        got = http.get(f"/pages/{digest}")
        head = http.head(f"/pages/{digest}")
        stored_answers = [
            (got.status_code, got.headers["Upload-Offset"], got.json()),
            (head.status_code, head.headers["Upload-Offset"]),
        ]
        upload = http.put(f"/pages/{digest}", content=other.seal(image))
        upload_never = http.put(f"/pages/{never}", content=other.seal(image))
    # stored or not, never stored at all: the other kiosk gets the same 404 every time
    assert before[0] == before[1] == stored_answers[0]
    assert before[0][:2] == (404, "0") and before[0][2]["error"]["code"] == "pages.not_found"
    assert stored_answers[1][:2] == (404, "0")
    # an upload of a page it does not reference is refused alike, stored or not
    assert (upload.status_code, upload.json()) == (upload_never.status_code, upload_never.json())
    assert upload.status_code == 409

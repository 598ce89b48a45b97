"""One signature per push (issue 17), at the central, on SQLite and PostgreSQL.

A kiosk told that the central accepts it signs the push's Merkle tree once instead of every item
(:mod:`kiosk.push_signature`). What must hold: every version (and conflict) stored from such a
push keeps the push's signature and its own path, and proves on its own, with the kiosk's public
key alone, that it came from that kiosk; a push whose tree signature fails for any reason — an
item changed, reordered, left out, another key, a malformed signature — has every item it covers
refused on its own (no 422, nothing kept), while an item carrying its own valid signature in the
same push is judged by that."""

from __future__ import annotations

import base64
from typing import NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk import push_signature as ps
from tests.central.helpers import Central, KioskClient, registration

SIGNATURE_INVALID = ("invalid", "push.signature_invalid")


def results(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["outcome"], (r["error"] or {}).get("code")) for r in response.json()["results"]]


def unsigned(kiosk: KioskClient, count: int) -> list[dict]:
    return [kiosk.item(registration(kiosk.kiosk_code), signature="") for _ in range(count)]


class Held(NamedTuple):
    registration_id: str
    version: int
    reg_no: str
    content_hash: str
    signature: str
    signature_path: str | None


def proven(kiosk: KioskClient, row: Held) -> bool:
    """Does the stored row prove itself with the kiosk's public key alone?"""
    message = ps.signed_message(
        row.registration_id, row.version, row.reg_no, row.content_hash, "submitted",
        row.signature_path,
    )  # fmt: skip
    if message is None:
        return False
    try:
        kiosk.signing.public_key().verify(base64.b64decode(row.signature), message)
    except Exception:
        return False
    return True


def stored_rows(central: Central, table: str, ids: list[str]) -> list[Held]:
    """The rows held, each with its path rebuilt from its push's kept leaves (if signed so)."""
    rows = central.sql(
        f"SELECT t.registration_id, t.version, r.reg_no, t.content_hash, t.signature,"
        f" t.signature_index, s.leaves FROM {table} t JOIN central_registrations r"
        f" ON r.id = t.registration_id LEFT JOIN central_signed_pushes s"
        f" ON s.signature = t.signature ORDER BY t.id"
    )
    held = []
    for *fields, index, leaves in rows:
        if fields[0] in ids:
            assert (index is None) == (leaves is None)  # an index always has its push's leaves
            path = None if index is None else ps.path_in(bytes(leaves), index)
            held.append(Held(*fields, path))
    return held


def kept_pushes(central: Central, kiosk: KioskClient) -> list[tuple[str, int]]:
    rows = central.sql(
        "SELECT signature, size FROM central_signed_pushes WHERE kiosk_id = :k ORDER BY size",
        k=kiosk.kiosk_id,
    )
    return [tuple(r) for r in rows]


def test_a_push_signed_once_keeps_every_version_provable_on_its_own(central: Central) -> None:
    kiosk = central.enroll()
    items = unsigned(kiosk, 7)
    signature = kiosk.tree_signature(*items)
    answer = kiosk.push(*items, push_signature=signature)
    assert results(answer) == [("stored", None)] * 7
    assert answer.json()["accepts_push_signature"] is True
    assert kept_pushes(central, kiosk) == [(signature, 7)]  # the tree kept once
    ids = [i["registration_id"] for i in items]
    rows = stored_rows(central, "central_versions", ids)
    assert sorted(r.registration_id for r in rows) == sorted(ids)
    for row in rows:
        assert row.signature == signature and row.signature_path
        assert proven(kiosk, row)
        # the row's path does not prove another content, nor is it the kiosk of another key
        assert not proven(kiosk, row._replace(content_hash="0" * 64))
        stranger = KioskClient(central=central, name="x", mpp="y")
        assert not proven(stranger, row)
    # the same versions again, signed once more: unchanged; a new content of one: a conflict,
    # kept with its own path in its own push's tree
    again = [dict(i) for i in items[:2]]
    changed = registration(kiosk.kiosk_code)
    changed.id, changed.reg_no = items[0]["registration_id"], items[0]["reg_no"]
    changed.business.name = "Usaha Lain"
    conflict = kiosk.item(changed, signature="")
    batch = [*again, conflict]
    answer = kiosk.push(*batch, push_signature=kiosk.tree_signature(*batch))
    assert results(answer) == [("unchanged", None), ("unchanged", None), ("conflict", None)]
    # the same push sent again (its answer lost): unchanged, and its tree is not kept twice
    assert results(kiosk.push(*items, push_signature=signature)) == [("unchanged", None)] * 7
    assert [size for _, size in kept_pushes(central, kiosk)] == [3, 7]
    [kept] = stored_rows(central, "central_conflicts", [conflict["registration_id"]])
    assert kept.content_hash == conflict["content_hash"]
    assert kept.signature_path.startswith("2.3.")  # third of three
    assert proven(kiosk, kept)


def test_a_push_whose_signature_fails_has_every_item_it_covers_refused(central: Central) -> None:
    kiosk = central.enroll()

    def refused_and_not_kept(items: list[dict], signature: str) -> None:
        assert results(kiosk.push(*items, push_signature=signature)) == [SIGNATURE_INVALID] * len(
            items
        )
        ids = [i["registration_id"] for i in items]
        assert stored_rows(central, "central_versions", ids) == []

    # an item changed after signing
    items = unsigned(kiosk, 3)
    signature = kiosk.tree_signature(*items)
    other = registration(kiosk.kiosk_code)
    other.id, other.reg_no = items[1]["registration_id"], items[1]["reg_no"]
    other.owner.full_name = "Nama Lain"
    items[1] |= {"content": other.content(), "content_hash": other.content_hash()}
    refused_and_not_kept(items, signature)
    # reordered, one left out, one added
    items = unsigned(kiosk, 3)
    signature = kiosk.tree_signature(*items)
    refused_and_not_kept([items[1], items[0], items[2]], signature)
    refused_and_not_kept(items[:2], signature)
    refused_and_not_kept([*items, *unsigned(kiosk, 1)], signature)
    # another key's signature; a signature that is not one
    stranger = KioskClient(central=central, name="x", mpp="y", signing=Ed25519PrivateKey.generate())
    refused_and_not_kept(items, stranger.tree_signature(*items))
    refused_and_not_kept(items, "not base64!")
    refused_and_not_kept(items, base64.b64encode(b"\x00" * 64).decode())
    # the kiosk's signature over one version alone does not stand for a push of it
    refused_and_not_kept(items[:1], kiosk.sign(items[0]))
    # an item with its own valid signature is judged by it, whatever the tree
    own = kiosk.item(registration(kiosk.kiosk_code))
    mixed = [own, *unsigned(kiosk, 2)]
    answer = kiosk.push(*mixed, push_signature=stranger.tree_signature(*mixed))
    assert results(answer) == [("stored", None), SIGNATURE_INVALID, SIGNATURE_INVALID]
    [row] = stored_rows(central, "central_versions", [own["registration_id"]])
    assert row.signature == own["signature"] and row.signature_path is None
    assert proven(kiosk, row)
    # nothing of a refused tree is kept; the untouched push, as signed, still lands whole
    assert kept_pushes(central, kiosk) == []
    assert results(kiosk.push(*items, push_signature=signature)) == [("stored", None)] * 3
    assert kept_pushes(central, kiosk) == [(signature, 3)]


def test_an_invalid_item_stays_in_the_tree_it_was_signed_in(central: Central) -> None:
    """The kiosk signs every item it sends; one refused by the checks still counts in the tree, so
    the others keep their places and land."""
    kiosk = central.enroll()
    items = unsigned(kiosk, 3)
    items[1]["registration_id"] = "not-a-uuid"
    answer = kiosk.push(*items, push_signature=kiosk.tree_signature(*items))
    outcomes = [outcome for outcome, _ in results(answer)]
    assert outcomes == ["stored", "invalid", "stored"]
    rows = stored_rows(central, "central_versions", [items[0]["registration_id"],
                                                     items[2]["registration_id"]])  # fmt: skip
    assert sorted(r.signature_path.split(".")[0] for r in rows) == ["0", "2"]
    assert all(proven(kiosk, r) for r in rows)

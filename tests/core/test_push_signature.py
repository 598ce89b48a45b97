"""One signature per push (issue 17): the RFC 9162 tree it signs and each version's path.

The tree must be Certificate Transparency's to the byte (its published roots and inclusion paths),
every leaf of every tree size must lead back to the root on its own, and anything changed — the
version's facts, its index, the tree's size, a sibling — must not."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from kiosk import push_signature as ps
from kiosk.protocol import version_signing_bytes

# RFC 6962's reference leaves and the tree heads of sizes 1..8 (certificate-transparency's tests)
CT_DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
           "606162636465666768696a6b6c6d6e6f"]  # fmt: skip
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PATHS = {  # (index, size) → the audit path, leaf to root
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
}  # fmt: skip

REG = ("0190f0e0-0000-7000-8000-000000000001", 1, "KTR01-20261204-0001", "ab" * 32, "submitted")


def ct_leaves() -> list[bytes]:
    return [hashlib.sha256(b"\x00" + bytes.fromhex(d)).digest() for d in CT_DATA]


def leaves_of(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + i.to_bytes(4, "big")).digest() for i in range(n)]


def test_the_tree_is_rfc_6962s_to_the_byte() -> None:
    leaves = ct_leaves()
    for size in range(1, 9):
        root, _ = ps.tree(leaves[:size])
        assert root.hex() == CT_ROOTS[size - 1], size
        assert ps.root(leaves[:size]) == root  # what the central computes alone
    for (index, size), expected in CT_PATHS.items():
        _, paths = ps.tree(leaves[:size])
        assert [h.hex() for h in paths[index]] == expected


def test_every_leaf_of_every_size_leads_to_the_root_and_nothing_else_does() -> None:
    for size in range(1, 131):
        leaves = leaves_of(size)
        root, paths = ps.tree(leaves)
        stranger = hashlib.sha256(b"not in the tree").digest()
        for index, path in enumerate(paths):
            assert ps.root_from_path(leaves[index], index, size, path) == root
            assert ps.root_from_path(stranger, index, size, path) != root
            if size > 1:  # another place, or a tree of another size, breaks the proof
                assert ps.root_from_path(leaves[index], (index + 1) % size, size, path) != root
                # a path may also fit a larger tree (RFC 9162), so the size is in what is signed
                elsewhere = ps.root_from_path(leaves[index], index, size + 1, path)
                if elsewhere is not None:
                    signed = ps.root_signing_bytes(root, size)
                    assert ps.root_signing_bytes(elsewhere, size + 1) != signed
                bent = [path[0][:-1] + bytes([path[0][-1] ^ 1]), *path[1:]]
                assert ps.root_from_path(leaves[index], index, size, bent) != root
                assert ps.root_from_path(leaves[index], index, size, path[:-1]) != root
            assert ps.root_from_path(leaves[index], index, size, [*path, stranger]) is None
        assert ps.root_from_path(leaves[0], size, size, paths[0]) is None  # index beyond


def test_a_stored_path_proves_its_version_with_the_push_signature_alone() -> None:
    key = Ed25519PrivateKey.generate()
    facts = [(f"0190f0e0-0000-7000-8000-{n:012d}", 1, f"KTR01-20261204-{n:04d}",
              f"{n:064x}", "submitted") for n in range(1, 8)]  # fmt: skip
    root, paths = ps.tree([ps.leaf(*f) for f in facts])
    signature = key.sign(ps.root_signing_bytes(root, len(facts)))
    for index, f in enumerate(facts):
        stored = ps.encode_path(index, len(facts), paths[index])
        message = ps.signed_message(*f, stored)
        assert message is not None
        key.public_key().verify(signature, message)  # raises if not
        # the same path does not prove another version, nor this one with other facts
        other = facts[(index + 1) % len(facts)]
        assert ps.signed_message(*other, stored) != message
        assert ps.signed_message(*f[:3], "cd" * 32, f[4], stored) != message
    # a version signed on its own keeps no path: its own signing bytes
    assert ps.signed_message(*REG, None) == version_signing_bytes(*REG)
    assert ps.signed_message(*REG, "") == version_signing_bytes(*REG)


def test_a_push_signature_can_never_stand_for_a_version_signature() -> None:
    root, _ = ps.tree([ps.leaf(*REG)])
    message = ps.root_signing_bytes(root, 1)
    assert message.startswith(ps.ROOT_SIGNATURE_CONTEXT)
    assert not version_signing_bytes(*REG).startswith(ps.ROOT_SIGNATURE_CONTEXT)
    assert ps.root_signing_bytes(root, 2) != message  # the size is signed too


@given(st.text(max_size=400))
def test_any_text_read_back_as_a_path_is_a_path_or_none(text: str) -> None:
    decoded = ps.decode_path(text)
    if decoded is not None:
        index, size, siblings = decoded
        assert 0 <= index < size <= ps.MAX_LEAVES
        assert all(len(s) == ps.HASH_BYTES for s in siblings)
    message = ps.signed_message(*REG, text)  # never raises
    assert message is None or message.startswith(ps.ROOT_SIGNATURE_CONTEXT) or not text


@given(st.integers(1, 300), st.data())
def test_paths_round_trip_through_their_text(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    _, paths = ps.tree(leaves_of(size))
    assert ps.decode_path(ps.encode_path(index, size, paths[index])) == (index, size, paths[index])


def test_a_path_is_rebuilt_from_the_leaves_the_central_keeps() -> None:
    for size in (1, 2, 7, 100):
        leaves = leaves_of(size)
        _, paths = ps.tree(leaves)
        kept = ps.pack(leaves)
        assert len(kept) == 32 * size
        for index in range(size):
            assert ps.path_in(kept, index) == ps.encode_path(index, size, paths[index])
        assert ps.path_in(kept, size) is None and ps.path_in(kept, -1) is None
        assert ps.path_in(kept[:-1], 0) is None  # not whole leaves


def test_malformed_paths_are_refused() -> None:
    _, paths = ps.tree(leaves_of(4))
    good = ps.encode_path(1, 4, paths[1])
    index_size, _, hashes = good.rpartition(".")
    bad_texts = ["", "1", "1.4", "4.4." + hashes, "-1.4." + hashes, "1.x." + hashes]
    bad_texts += [index_size + "." + hashes[:-4], index_size + ".@@@@", "1.99999999." + hashes]
    for bad in bad_texts:
        assert ps.decode_path(bad) is None, bad

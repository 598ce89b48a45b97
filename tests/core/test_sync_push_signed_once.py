"""The kiosk's side of one signature per push (issue 17).

Until a central says it accepts one signature per push, every item carries its own; once an
answer says so the kiosk remembers it and signs each batch once as a tree (kiosk.push_signature),
and every version still arrives provable on its own. A batch refused whole and isolated item by
item is signed item by item. A central that answers a tree-signed batch without knowing trees
(an older release) sets nothing aside: the rows stay pending and go again signed one by one."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import cast

import pytest

from kiosk import push_signature as ps
from kiosk.protocol import PUSH_SIGNATURE_INVALID, ErrorBody, PushItem, PushResult
from kiosk.sync.client import CentralClient, PushAnswer, PushBody
from kiosk.sync.messages import CentralRefused
from kiosk.sync.push import SIGN_PER_PUSH, Pusher
from kiosk.sync.state import SyncState
from tests.core.test_sync_flow import submit_some
from tests.core.test_sync_support import (
    BACKENDS,
    central_on,
    central_rows,
    enrolled_kiosk,
    open_kiosk,
)


@pytest.fixture(scope="module", params=BACKENDS)
def central(request, tmp_path_factory):
    yield from central_on(request, tmp_path_factory)


def held(db_url: str) -> dict[str, tuple]:
    """id → (id, version, number, hash, signature, path rebuilt from its push's kept leaves)."""
    rows = central_rows(
        db_url,
        "SELECT v.registration_id, v.version, r.reg_no, v.content_hash, v.signature,"
        " v.signature_index, s.leaves FROM central_versions v"
        " JOIN central_registrations r ON r.id = v.registration_id"
        " LEFT JOIN central_signed_pushes s ON s.signature = v.signature",
    )
    out = {}
    for *fields, index, leaves in rows:
        path = None if index is None else ps.path_in(bytes(leaves), index)
        out[fields[0]] = (*fields, path)
    return out


def proves(public_key, row: tuple) -> bool:
    rid, version, reg_no, digest, signature, path = row
    message = ps.signed_message(rid, version, reg_no, digest, "submitted", path)
    if message is None:
        return False
    try:
        public_key.verify(base64.b64decode(signature), message)
    except Exception:
        return False
    return True


def test_the_kiosk_signs_once_per_push_after_the_central_says_it_may(central, tmp_path) -> None:
    kiosk = enrolled_kiosk(tmp_path, "tree-a", central.url, central.db_url)
    public = kiosk.store.keys.signing_key.public_key()
    first = submit_some(kiosk, 4, 300)
    assert kiosk.store.get_setting(SIGN_PER_PUSH, False) is False
    result = kiosk.engine(batch_size=2).run_round()
    assert result.error is None and result.complete and result.push.stored == 4
    assert kiosk.store.get_setting(SIGN_PER_PUSH, False) is True
    rows = held(central.db_url)
    # the first batch was read before any answer: its items carry their own signatures
    assert all(rows[r.id][5] is None for r in first[:2])
    assert all(proves(public, rows[r.id]) for r in first)
    later = submit_some(kiosk, 5, 400)
    result = kiosk.engine(batch_size=3).run_round()
    assert result.error is None and result.push.stored == 5
    rows = held(central.db_url)
    paths = [rows[r.id][5] for r in later]
    assert all(paths), paths  # every one signed through its push's tree
    assert sorted(p.split(".")[:2] for p in paths) == [["0", "2"], ["0", "3"], ["1", "2"],
                                                       ["1", "3"], ["2", "3"]]  # fmt: skip
    assert len({rows[r.id][4] for r in later}) == 2  # one signature per push of 3 and of 2
    assert all(proves(public, rows[r.id]) for r in later)


def test_a_batch_of_one_is_signed_on_its_own_and_keeps_no_tree(central, tmp_path) -> None:
    """A kiosk pushing as it goes sends one registration per push: one signing and one
    verification either way, so the item carries its own signature and the central keeps no
    tree row for it."""
    kiosk = enrolled_kiosk(tmp_path, "tree-one", central.url, central.db_url)
    public = kiosk.store.keys.signing_key.public_key()
    kiosk.store.set_setting(SIGN_PER_PUSH, True)  # as after an earlier answer
    trees = central_rows(central.db_url, "SELECT count(*) FROM central_signed_pushes")[0][0]
    alone = submit_some(kiosk, 1, 500)
    result = kiosk.engine(batch_size=3).run_round()
    assert result.error is None and result.push.stored == 1
    row = held(central.db_url)[alone[0].id]
    assert row[5] is None and proves(public, row)  # no path: its own signature
    assert central_rows(central.db_url, "SELECT count(*) FROM central_signed_pushes")[0][0] == trees
    pair = submit_some(kiosk, 2, 600)  # and two at once are signed as a tree again
    assert kiosk.engine(batch_size=3).run_round().push.stored == 2
    rows = held(central.db_url)
    assert all(rows[r.id][5] and proves(public, rows[r.id]) for r in pair)


class OlderCentral:
    """A central of the release before trees: it knows only items' own signatures and says
    nothing of push signatures; optionally refuses every batch of more than one item (422)."""

    compress = False

    def __init__(self, *, refuse_batches: bool = False) -> None:
        self.refuse_batches = refuse_batches
        self.bodies: list[dict] = []

    def push(self, items: list[PushItem], body: PushBody | None = None) -> PushAnswer:
        raw = body.content if body is not None else b""
        sent = json.loads(gzip.decompress(raw) if body and body.compressed else raw or b"{}")
        self.bodies.append(sent if body is not None else {"items": [i.model_dump() for i in items]})
        if self.refuse_batches and len(items) > 1:
            raise CentralRefused(422, "request.invalid", "too much")
        return PushAnswer([self._result(i) for i in items], [])

    def _result(self, item: PushItem) -> PushResult:
        if item.signature:
            return PushResult(seq=item.seq, registration_id=item.registration_id,
                              version=item.version, outcome="stored",
                              content_hash=item.content_hash)  # fmt: skip
        error = ErrorBody(code=PUSH_SIGNATURE_INVALID, message="the item carries no signature")
        return PushResult(seq=item.seq, registration_id=item.registration_id, version=item.version,
                          outcome="invalid", error=error)  # fmt: skip


def pusher_to(kiosk, central: OlderCentral) -> Pusher:
    state = SyncState(kiosk.store.engine, kiosk.store.keys)
    return Pusher(kiosk.store, state, cast("CentralClient", central), 10)


def test_an_older_central_sets_nothing_aside_and_gets_items_signed_one_by_one(
    tmp_path: Path,
) -> None:
    kiosk = open_kiosk(tmp_path, "tree-b")
    submit_some(kiosk, 3, 500)
    kiosk.store.set_setting(SIGN_PER_PUSH, True)  # told so by a central since downgraded
    older = OlderCentral()
    tally = pusher_to(kiosk, older).push_all()
    assert tally.set_aside == 0 and tally.stored == 0 and tally.untrusted == 3
    assert older.bodies[0]["push_signature"] and not any(
        i["signature"] for i in older.bodies[0]["items"]
    )
    assert kiosk.store.get_setting(SIGN_PER_PUSH, True) is False  # it learnt from the answer
    assert len(kiosk.store.outbox_pending(limit=10, after=0)) == 3  # nothing lost or set aside
    tally = pusher_to(kiosk, older).push_all()
    assert tally.stored == 3 and tally.set_aside == 0
    assert "push_signature" not in older.bodies[-1]
    assert all(i["signature"] for i in older.bodies[-1]["items"])
    assert kiosk.store.outbox_pending(limit=10, after=0) == []


def test_a_batch_refused_whole_is_sent_item_by_item_each_signed_on_its_own(tmp_path) -> None:
    kiosk = open_kiosk(tmp_path, "tree-c")
    submit_some(kiosk, 3, 600)
    kiosk.store.set_setting(SIGN_PER_PUSH, True)
    refusing = OlderCentral(refuse_batches=True)
    tally = pusher_to(kiosk, refusing).push_all()
    assert tally.stored == 3 and tally.set_aside == 0
    assert refusing.bodies[0]["push_signature"]  # the batch: one signature
    public = kiosk.store.keys.signing_key.public_key()
    for body in refusing.bodies[1:]:  # then each alone, with its own signature
        [item] = body["items"]
        message = ps.signed_message(item["registration_id"], item["version"], item["reg_no"],
                                    item["content_hash"], item["status"], None)  # fmt: skip
        assert message is not None
        public.verify(base64.b64decode(item["signature"]), message)  # raises if not

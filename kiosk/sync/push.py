"""Pushing the outbox: batches in order, marked sent only after the central's committed echo.

For each outbox row the kiosk sends the registration version's content, its hash, the hashes of
every page it references and its Ed25519 signature over them (protocol ``POST /push``). The
answer is applied in an order that makes a crash between two steps harmless (the next round
repeats an idempotent step):

1. pages the central lacks are recorded in ``sync_pages`` (so they are uploaded even if the
   outbox row is gone);
2. the confirmed versions go into the ledger (the sanity check's local side);
3. only then is the outbox row marked sent;
4. ``conflict``/``invalid`` rows are set aside with the central's error and become a visible
   problem; the rest of the queue keeps flowing — except ``push.erased``: the registration was
   erased at the central, so the local copy is erased too (:mod:`kiosk.sync.erasure`).

Steps 1–3 are one SQLite transaction (one fsync per batch, :meth:`Store.outbox_mark_sent_many`
with the ledger and page writes of :mod:`kiosk.sync.state` inside): a crash leaves all of them or
none, and none is harmless — the rows stay pending and the central answers ``unchanged``.

An echo that does not match what was sent (other id/version/hash) is not trusted: the row stays
pending. A whole batch refused as too large or malformed is retried one item at a time so that a
single bad record is isolated and set aside instead of blocking the queue.

Pipelining: up to :data:`IN_FLIGHT` batches are at the central at once (while one commits, the
next is checked and written), and one helper thread reads, checks, signs and encodes the batch
after them (the rows after the last ``seq`` read). The helpers only read and send; every write —
marking sent, setting aside — stays on the calling thread, batch after batch in the order sent,
each only after the central's answer for it, so exactly-once is unchanged: batches hold different
rows, the central settles two pushes of the same registration as if they came one after the other
(:mod:`kiosk.central.push`), and a batch whose answer is lost stays pending and is answered
``unchanged`` next time. An error ends the pass: nothing more is sent, and what is under way
finishes unrecorded (pending, so sent again). A pass goes through the whole queue once; another
pass follows only when the previous one made progress (rows the central echoed wrongly stay
pending).

Signatures: each version carries its own until an answer of the central says it accepts one per
push (``accepts_push_signature``); from then on (remembered in :data:`SIGN_PER_PUSH`) each batch
is signed once as a tree of its items (:mod:`kiosk.push_signature`), and an item sent by itself
(a refused batch isolated item by item) is signed on its own again. Should a central answer a
tree-signed batch without that flag (downgraded to an older release), its
``push.signature_invalid`` refusals are not set aside: those rows stay pending and the next pass
signs them one by one.

What is read ahead, and how (the content checked and sent as stored):
:mod:`kiosk.sync.push_read`.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.protocol import (
    MAX_PUSH_ITEMS,
    PUSH_ERASED,
    PUSH_SIGNATURE_INVALID,
    PushItem,
    PushResult,
)
from kiosk.sync.client import CentralClient, PushAnswer
from kiosk.sync.messages import CentralRefused
from kiosk.sync.push_read import (
    Batch,
    ReadAhead,
    build_item,
    page_hashes,
    read_ahead,
    sign_version,
    signed_alone,
)
from kiosk.sync.state import SyncState, ledger_add_on, pages_add_on, problems_clear_on

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from kiosk.store import Store

log = logging.getLogger(__name__)

#: batches at the central at once: one commits while the next is checked and written
IN_FLIGHT = 2
#: setting: the central's last answer said it accepts one signature per push
SIGN_PER_PUSH = "sync.central_accepts_push_signature"


@dataclass
class PushTally:
    stored: int = 0
    unchanged: int = 0
    set_aside: int = 0
    untrusted: int = 0
    touched: set[str] = field(default_factory=set)


class Pusher:
    def __init__(
        self, store: Store, state: SyncState, client: CentralClient, batch_size: int
    ) -> None:
        self.store = store
        self.state = state
        self.client = client
        self.batch_size = max(1, min(batch_size, MAX_PUSH_ITEMS))
        self.sign_per_push = bool(store.get_setting(SIGN_PER_PUSH, False))

    def push_all(self, tally: PushTally | None = None) -> PushTally:
        """Push until the outbox has nothing pending, or a pass makes no progress. Counts go
        into ``tally`` as they happen (so a round that breaks off still reports them)."""
        tally = tally if tally is not None else PushTally()
        while True:
            before = tally.stored + tally.unchanged + tally.set_aside
            if not self._pass(tally):
                return tally
            if tally.stored + tally.unchanged + tally.set_aside == before:
                return tally  # the central echoed nothing usable; try again next round

    def _pass(self, tally: PushTally) -> bool:
        """One pass over the queue, the next batches prepared and sent while earlier ones are at
        the central; False when nothing was pending."""
        reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-read-ahead")
        sender = ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="push-send")
        try:
            upcoming: Future[ReadAhead] | None = reader.submit(self._read_ahead, 0)
            in_flight: deque[tuple[Batch, Future[PushAnswer]]] = deque()
            seen = False
            while upcoming is not None or in_flight:
                if upcoming is not None and len(in_flight) < IN_FLIGHT:
                    ready = upcoming.result()
                    upcoming = None
                    if ready.rows:
                        seen = True
                        upcoming = reader.submit(self._read_ahead, ready.rows[-1].seq)
                    for row, code in ready.unreadable:
                        self._set_aside(row.seq, row.registration_id, row.version, code, "", tally)
                    for batch in ready.batches:
                        sent = sender.submit(self.client.push, batch.items, batch.body)
                        in_flight.append((batch, sent))
                    continue
                batch, sent = in_flight.popleft()  # answers are recorded in the order sent
                self._answered(batch.items, sent, tally)
            return seen
        finally:  # an error ends the pass: nothing more is sent, what is under way finishes
            sender.shutdown(wait=True, cancel_futures=True)
            reader.shutdown(wait=True, cancel_futures=True)

    def _read_ahead(self, after: int) -> ReadAhead:
        return read_ahead(
            self.store,
            self.batch_size,
            after,
            compress=self.client.compress,
            sign_per_push=self.sign_per_push,
        )

    def _send(self, batch: list[PushItem], tally: PushTally) -> None:
        try:
            answer = self.client.push(batch)
        except CentralRefused as exc:
            self._refused(batch, exc, tally)
            return
        self.apply(batch, answer, tally)

    def _answered(self, batch: list[PushItem], sent: Future[PushAnswer], tally: PushTally) -> None:
        try:
            answer = sent.result()
        except CentralRefused as exc:
            self._refused(batch, exc, tally)
            return
        self.apply(batch, answer, tally)

    def _refused(self, batch: list[PushItem], exc: CentralRefused, tally: PushTally) -> None:
        """A whole batch refused: too large or malformed batches are tried item by item."""
        if exc.status not in (413, 422):
            raise exc
        if len(batch) > 1:
            for item in batch:  # isolate the bad one (signed on its own: no tree to cover it)
                self._send([signed_alone(self.store, item)], tally)
            return
        item = batch[0]
        self._set_aside(item.seq, item.registration_id, item.version,
                        exc.central_code, exc.central_message, tally)  # fmt: skip

    def apply(self, batch: list[PushItem], answer: PushAnswer, tally: PushTally) -> None:
        self._learn_signing(answer.accepts_push_signature)
        # a tree-signed batch answered by a central that does not know trees (see the docstring)
        tree_unknown = not answer.accepts_push_signature and any(not i.signature for i in batch)
        by_seq = {item.seq: item for item in batch}
        owner: dict[str, str] = {}
        for item in batch:
            for sha in item.page_hashes:
                owner.setdefault(sha, item.registration_id)
        missing = [(sha, owner[sha]) for sha in answer.missing_pages if sha in owner]

        confirmed: list[tuple[int, PushItem, str]] = []
        refused: list[tuple[PushItem, PushResult]] = []
        for result in answer.results:
            echoed = None if result is None else by_seq.get(result.seq)
            if result is None or echoed is None or not _echo_matches(echoed, result):
                tally.untrusted += 1
                continue
            if result.outcome in ("stored", "unchanged"):
                confirmed.append((echoed.seq, echoed, result.outcome))
            elif tree_unknown and _refused_as_unsigned(result) and not echoed.signature:
                tally.untrusted += 1  # stays pending: the next pass signs it on its own
            else:  # conflict or invalid (the protocol has no other outcome)
                refused.append((echoed, result))
        self._confirm(missing, confirmed)
        for _seq, item, outcome in confirmed:
            tally.touched.add(item.registration_id)
            if outcome == "stored":
                tally.stored += 1
            else:
                tally.unchanged += 1
        for item, result in refused:
            error = result.error
            code = (error.code if error else "") or f"push.{result.outcome}"
            if code == PUSH_ERASED:  # erased at the central (a data-subject request): erase ours
                from kiosk.sync.erasure import erase_copy

                erase_copy(self.store, item.registration_id, item.reg_no, "")
                continue
            self._set_aside(item.seq, item.registration_id, item.version, code,
                            error.message if error else "", tally, reg_no=item.reg_no)  # fmt: skip

    def _learn_signing(self, accepted: bool) -> None:
        """Remember what the central's answer said about one signature per push."""
        if accepted != self.sign_per_push:
            self.sign_per_push = accepted
            self.store.set_setting(SIGN_PER_PUSH, accepted)
            log.info("the central %s one signature per push", "accepts" if accepted else "refuses")

    def _confirm(
        self, missing: list[tuple[str, str]], confirmed: list[tuple[int, PushItem, str]]
    ) -> None:
        """Steps 1–3 in one transaction: the pages the central lacks, the ledger, the rows marked
        sent and their old problems cleared."""
        if not missing and not confirmed:
            return
        seqs = [seq for seq, _, _ in confirmed]
        ledger = [(i.registration_id, i.version, i.content_hash, o) for _, i, o in confirmed]

        def bookkeeping(conn: Connection) -> None:
            pages_add_on(conn, missing)
            ledger_add_on(conn, ledger)
            problems_clear_on(conn, "item", [str(seq) for seq in seqs])

        self.store.outbox_mark_sent_many(seqs, also=bookkeeping)

    def _set_aside(
        self, seq: int, reg_id: str, version: int, code: str, message: str, tally: PushTally,
        reg_no: str = "",
    ) -> None:  # fmt: skip
        self.store.outbox_set_aside(seq, code, message)
        self.state.problem_set(
            "item", str(seq), "sync.item.set_aside",
            reg_no=reg_no or reg_id, version=version,
            detail=f"{code} {message}" if message else code,
        )  # fmt: skip
        tally.set_aside += 1


def _refused_as_unsigned(result: PushResult) -> bool:
    return result.outcome == "invalid" and (
        result.error is not None and result.error.code == PUSH_SIGNATURE_INVALID
    )


def _echo_matches(item: PushItem, result: PushResult) -> bool:
    if result.registration_id != item.registration_id:
        return False
    if result.version != item.version:
        return False
    echoed = result.content_hash
    return echoed is None or result.outcome == "conflict" or echoed == item.content_hash


__all__ = ["SIGN_PER_PUSH", "PushTally", "Pusher", "build_item", "page_hashes", "sign_version"]

"""A hypothesis state machine of kiosk + outbox + central: whatever order of saves, corrections,
sync rounds, crashes (the kiosk process dies and the store is reopened), dropped requests and
dropped answers, every version the kiosk saved ends up at the central exactly once, with its hash.

The central is real (SQLite, on loopback). Dropping is done by a thin httpx transport in front of
the real one: ``drop_request`` fails before a byte leaves, ``drop_response`` lets the central
commit and then loses its answer, ``crash`` loses the answer and kills the round like a power cut
would (an exception no sync code catches), after which the store is reopened from disk.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from tests.core.test_sync_support import (
    enrolled_kiosk,
    make_registration,
    open_kiosk,
    running_central,
)


class KioskCrash(BaseException):
    """The kiosk process died (not an Exception: nothing in sync may swallow it)."""


class FlakyTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.plan: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        action = self.plan.pop(0) if self.plan else "ok"
        if action == "drop_request":
            raise httpx.ConnectError("request dropped", request=request)
        response = self.inner.handle_request(request)
        if action == "ok":
            return response
        response.read()
        response.close()
        if action == "crash":
            raise KioskCrash()
        raise httpx.ReadError("answer dropped", request=request)

    def close(self) -> None:
        self.inner.close()


class SyncMachine(RuleBasedStateMachine):
    central = None  # set by the test: (RunningCentral, db_url)

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="sync-sm-"))
        server, self.db_url = self.central
        self.kiosk = enrolled_kiosk(self.root, "sm", server.url, self.db_url)
        self.kiosk_id = self.kiosk.engine().state.credentials().central_kiosk_id
        self.transport = FlakyTransport()
        self.seed = 0
        self.saved: list[str] = []
        self.queued: list[str] = []

    def engine(self):
        def client(creds):
            return CentralClient(creds.central_url, creds.token, transport=self.transport,
                                 backoff=Backoff(base_s=0, max_attempts=3))  # fmt: skip

        return self.kiosk.engine(batch_size=3, client_factory=client)

    # -- rules ------------------------------------------------------------------------------------
    @rule()
    def save(self) -> None:
        self.seed += 1
        reg, images = make_registration(90_000 + self.seed, self.kiosk.vault)
        self.saved.append(self.kiosk.submit(reg, images).id)

    @precondition(lambda self: self.saved)
    @rule(data=st.data())
    def correct(self, data) -> None:
        reg_id = data.draw(st.sampled_from(self.saved))
        reg = self.kiosk.store.get(reg_id)
        reg.business.employees = (reg.business.employees or 0) + 1
        saved = self.kiosk.store.correct(reg, reason="Jumlah karyawan", staff_id="staff-1")
        self.kiosk.submitted[(saved.id, saved.version)] = saved.content_hash()

    @rule(plan=st.lists(st.sampled_from(["ok", "drop_request", "drop_response", "crash"]),
                        max_size=8))  # fmt: skip
    def sync(self, plan: list[str]) -> None:
        """A round whose requests go through (``ok``, and all after the plan), are dropped, lose
        their answer, or end with the kiosk dying right after the central answered. Faults the
        drop steps queued come first."""
        self.transport.plan = self.queued + list(plan)
        self.queued = []
        try:
            self.engine().run_round()
        except KioskCrash:
            self.crash()

    @rule(after=st.integers(0, 4), times=st.integers(1, 3))
    def drop_request(self, after: int, times: int) -> None:
        """From the ``after``-th request of the next round on, ``times`` requests never reach
        the central (3 in a row outlast the client's retries: the round ends offline)."""
        self.queued = ["ok"] * after + ["drop_request"] * times

    @rule(after=st.integers(0, 4), times=st.integers(1, 3))
    def drop_response(self, after: int, times: int) -> None:
        """Like :meth:`drop_request`, but the central commits and the answers are lost."""
        self.queued = ["ok"] * after + ["drop_response"] * times

    @rule()
    def crash(self) -> None:
        self.kiosk.store.close()
        reopened = open_kiosk(self.root, "sm")
        reopened.pages, reopened.submitted = self.kiosk.pages, self.kiosk.submitted
        self.kiosk = reopened

    # -- what must always hold --------------------------------------------------------------------
    def held(self) -> list[tuple[str, int, str]]:
        engine = sa.create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(
                    sa.text("SELECT registration_id, version, content_hash FROM central_versions"
                            " WHERE kiosk_id = :k"), {"k": self.kiosk_id})]  # fmt: skip
        finally:
            engine.dispose()

    @invariant()
    def central_holds_only_what_was_saved_and_each_once(self) -> None:
        held = self.held()
        keys = [(r, v) for r, v, _ in held]
        assert len(keys) == len(set(keys))
        for r, v, h in held:
            assert self.kiosk.submitted[(r, v)] == h

    def teardown(self) -> None:
        try:
            self.transport.plan = []
            result = self.engine().run_round()
            assert result.complete, result
            assert {(r, v): h for r, v, h in self.held()} == self.kiosk.submitted
            assert self.kiosk.store.outbox_counts()["pending"] == 0
        finally:
            self.kiosk.store.close()
            self.transport.close()
            shutil.rmtree(self.root, ignore_errors=True)


def test_every_saved_version_reaches_the_central_exactly_once(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as server:
        SyncMachine.central = (server, db_url)
        try:
            run_state_machine_as_test(
                SyncMachine,
                settings=settings(max_examples=30, stateful_step_count=12, deadline=None),
            )
        finally:
            SyncMachine.central = None


pytestmark = pytest.mark.slow

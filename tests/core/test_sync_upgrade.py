"""The rolling upgrade, on the kiosk: nothing the older app entered is lost.

A kiosk of the release before signed pushes sends items with no ``signature`` field and a
``User-Agent`` of ``kiosk-sync/1`` (``git show 1cd7adf^:kiosk/sync/push.py``). A central without
a transition window (or past its end) refuses each such item on its own; the older app set it
aside, with the central's sentence saying to update the app. Once the kiosk runs this app, its
first sync round puts those versions back in the queue (:mod:`kiosk.sync.upgrade`) and sends them
signed: stored.

Real parts: the kiosk's store and vault, a central on loopback (SQLite and PostgreSQL), the
kiosk's push loop and sync engine. The older app is the same push loop behind :class:`OldWire`,
which sends each request the way the older app did (signature field dropped, no app version).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest

from kiosk.central.transition import UNSIGNED_MESSAGE
from kiosk.domain.model import Registration
from kiosk.sync.reasons import reason_for
from tests.core.test_regid import uuid7_at
from tests.core.test_sync_support import (
    central_database,
    enrolled_kiosk,
    make_registration,
    running_central,
)

BEFORE_RELEASE = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)  # made by the older app


class OldWire(httpx.HTTPTransport):
    """Requests as the older app sent them: ``User-Agent: kiosk-sync/1``, push items without a
    ``signature`` field (the body re-encoded as the plain JSON it sent)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = dict(request.headers) | {"user-agent": "kiosk-sync/1"}
        content = request.read()
        if request.url.path.endswith("/push"):
            body = json.loads(content)
            for item in body["items"]:
                del item["signature"]
            content = json.dumps(body).encode()
        headers.pop("content-length", None)
        return super().handle_request(
            httpx.Request(request.method, request.url, headers=headers, content=content)
        )


def older_registration(kiosk, seed: int) -> Registration:
    """A registration the older app submitted: its plain UUIDv7, not pushed yet."""
    from kiosk.store.writes import prepare

    reg, images = make_registration(seed, kiosk.vault)
    reg.id = uuid7_at(int(BEFORE_RELEASE.timestamp() * 1000))
    with kiosk.store._write() as session:
        kiosk.store._put(session, None, prepare(reg, "draft", None), staff_id="s1", step="review")
    kiosk.pages.update(images)
    return kiosk.store.submit(kiosk.store.get(reg.id), staff_id="s1")


def push_as_the_older_app(kiosk) -> None:
    from kiosk.sync.client import CentralClient
    from kiosk.sync.push import Pusher
    from kiosk.sync.state import SyncState

    state = SyncState(kiosk.store.engine, kiosk.store.keys)
    creds = state.credentials()
    assert creds is not None
    client = CentralClient(creds.central_url, creds.token, transport=OldWire(), compress=False)
    with client:
        Pusher(kiosk.store, state, client, 50).push_all()


def stored_signatures(db_url: str, reg_id: str) -> list[tuple[int, str | None]]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT version, signature FROM central_versions WHERE registration_id = :r"
                ),
                {"r": reg_id},
            ).all()
    finally:
        engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_version_refused_unsigned_is_kept_and_sent_once_the_kiosk_is_upgraded(
    tmp_path: Path, backend: str
) -> None:
    storage = tmp_path / "central"
    with central_database(backend, tmp_path) as db_url, running_central(db_url, storage) as central:
        kiosk = enrolled_kiosk(tmp_path, "laptop", central.url, db_url)
        try:
            reg = older_registration(kiosk, 7600)
            push_as_the_older_app(kiosk)  # no window at this central: refused
            assert stored_signatures(db_url, reg.id) == []
            counts = kiosk.store.outbox_counts()
            assert counts["set_aside"] == 1 and counts["pending"] == 0
            code, message = _set_aside(kiosk)
            assert code == "push.signature_invalid" and message == UNSIGNED_MESSAGE
            assert reason_for(code) == "sync.reason.signature"  # its sentence: update the app

            result = kiosk.engine().run_round()  # the upgraded app's first round
            assert result.error is None and result.complete, result
            [(version, signature)] = stored_signatures(db_url, reg.id)
            assert version == 1 and signature  # sent signed
            assert kiosk.store.outbox_counts()["set_aside"] == 0
            assert _retried_by_upgrade(kiosk) == [reg.id]
            assert kiosk.engine().run_round().complete  # nothing to put back a second time
            assert _retried_by_upgrade(kiosk) == [reg.id]
        finally:
            kiosk.store.close()


def _set_aside(kiosk) -> tuple[str, str]:
    from sqlalchemy import select

    from kiosk.store.models import OutboxRow

    with kiosk.store._read() as session:
        row = session.execute(
            select(OutboxRow.error_code, OutboxRow.last_error).where(OutboxRow.state == "set_aside")
        ).one()
    return row[0], row[1]


def _retried_by_upgrade(kiosk) -> list[str]:
    return [
        e["target"]
        for e in kiosk.store.audit_entries()
        if e["action"] == "outbox.retried" and e["actor"] == "upgrade"
    ]

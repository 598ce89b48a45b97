"""The rolling upgrade (issue 13 follow-up): kiosks of the release before signed pushes, on SQLite
and PostgreSQL.

Such a kiosk (``git show 1cd7adf^:kiosk/sync/push.py``, ``…:kiosk/protocol.py``) enrolled with its
Ed25519 public key, sends items with no ``signature`` field at all, a ``User-Agent`` of
``kiosk-sync/1`` naming no app version, and plain UUIDv7 registration IDs. These tests send
exactly that (:class:`OldKiosk`). Without a transition window each such item is refused on its own
(never the whole request with 422) and nothing of it is kept; within the window it is stored with
an empty signature, while kiosks of this version stay held to signatures, a kiosk that signed once
may never again push unsigned, and after the window's end nothing unsigned is accepted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kiosk.central.settings import LEGACY_ID_CUTOFF, CentralSettings
from kiosk.central.transition import UNSIGNED_MESSAGE, is_older
from tests.central.conftest import database_url
from tests.central.helpers import Central, KioskClient, registration
from tests.core.test_regid import uuid7_at

OPEN_UNTIL = "2099-01-01"  # a window that is open while these tests run
CLOSED_AT = "2026-01-01T00:00:00+07:00"  # a window that has ended
OLD_AGENT = "kiosk-sync/1"  # the previous release's User-Agent (no app version)
THIS_AGENT = "kiosk/0.1.0 kiosk-sync/1"


def _start(request, tmp_path_factory, pg_database_factory, name: str, **settings: Any) -> Central:
    folder = tmp_path_factory.mktemp(f"upgrade-{name}-{request.param}")
    url = database_url(request.param, folder, pg_database_factory)
    # the default cutoff for untagged IDs: an old kiosk's IDs made today are after it
    return Central.start(
        url, folder, backend=request.param, legacy_id_cutoff=LEGACY_ID_CUTOFF, **settings
    )


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def strict(request, tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    """A central with no window (the default)."""
    with _start(request, tmp_path_factory, pg_database_factory, "strict") as running:
        yield running


@pytest.fixture(scope="module", params=BACKENDS)
def window(request, tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    with _start(
        request, tmp_path_factory, pg_database_factory, "window", unsigned_until=OPEN_UNTIL
    ) as running:
        yield running


@pytest.fixture(scope="module", params=BACKENDS)
def closed(request, tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    """A central whose window has ended."""
    with _start(
        request, tmp_path_factory, pg_database_factory, "closed", unsigned_until=CLOSED_AT
    ) as running:
        yield running


class OldKiosk:
    """A kiosk as the previous release speaks to the central (the same keys as ``kiosk``)."""

    def __init__(self, kiosk: KioskClient) -> None:
        self.kiosk = kiosk

    def item(self, reg) -> dict[str, Any]:
        body = self.kiosk.item(reg)
        del body["signature"]  # the older PushItem had no such field
        return body

    def push(self, *items: dict[str, Any], agent: str = OLD_AGENT):
        import json

        with self.kiosk.http() as http:
            return http.post(
                "/push",
                content=json.dumps({"items": list(items)}).encode(),
                headers={"Content-Type": "application/json", "User-Agent": agent},
            )


def old_registration(kiosk: KioskClient):
    """A registration of the older app: its number, a plain UUIDv7 made now (after the cutoff)."""
    reg = registration(kiosk.kiosk_code)
    reg.id = uuid7_at(int(dt.datetime.now(dt.UTC).timestamp() * 1000))
    return reg


def new_registration(kiosk: KioskClient):
    """A registration of this version's app: an ID of the kiosk's key."""
    reg = registration(kiosk.kiosk_code)
    reg.id = kiosk.new_id()
    return reg


def answers(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["outcome"], (r["error"] or {}).get("code")) for r in response.json()["results"]]


def signatures(central: Central, reg_id: str) -> list[tuple[int, str | None]]:
    rows = central.sql(
        "SELECT version, signature FROM central_versions WHERE registration_id = :r"
        " ORDER BY version",
        r=reg_id,
    )
    return [tuple(r) for r in rows]


def signed_since(central: Central, kiosk: KioskClient) -> Any:
    return central.sql("SELECT signed_since FROM central_kiosks WHERE id = :k", k=kiosk.kiosk_id)[
        0
    ][0]


def test_an_old_kiosks_unsigned_item_is_refused_on_its_own_and_kept_nowhere(
    strict: Central,
) -> None:
    kiosk = strict.enroll()
    old = OldKiosk(kiosk)
    unsigned, signed = old_registration(kiosk), new_registration(kiosk)
    response = old.push(old.item(unsigned), kiosk.item(signed))
    assert answers(response) == [("invalid", "push.signature_invalid"), ("stored", None)]
    error = response.json()["results"][0]["error"]
    assert error["message"] == UNSIGNED_MESSAGE  # says to update the kiosk app
    assert signatures(strict, unsigned.id) == []
    # the same version, sent again by the upgraded app (signed), is stored; its plain UUIDv7 of
    # today is after the legacy-ID cutoff, which a central without a window keeps (push.id_foreign
    # until the administrator moves it: tests/core/test_regid_transition.py)
    again = kiosk.item(unsigned)
    assert answers(kiosk.push(again)) == [("invalid", "push.id_foreign")]
    early = registration(kiosk.kiosk_code)
    early.id = uuid7_at(int(dt.datetime(2026, 11, 30, tzinfo=dt.UTC).timestamp() * 1000))
    assert answers(old.push(old.item(early))) == [("invalid", "push.signature_invalid")]
    assert answers(kiosk.push(kiosk.item(early))) == [("stored", None)]
    assert [v for v, s in signatures(strict, early.id) if s] == [1]


def test_an_old_kiosks_id_is_new_until_the_windows_end_and_set_aside_once_it_is_over(
    closed: Central, window: Central
) -> None:
    """IDs the older app made before the window's end are accepted as new, signed or not (the
    window's end moves the legacy-ID cutoff), even once the window is over."""
    for central in (window, closed):
        kiosk = central.enroll()
        reg = old_registration(kiosk)  # made today: after LEGACY_ID_CUTOFF, before the ends
        if central is window:
            assert answers(kiosk.push(kiosk.item(reg))) == [("stored", None)]
        else:  # CLOSED_AT is before today: the cutoff stays; the registration waits set aside
            assert answers(kiosk.push(kiosk.item(reg))) == [("invalid", "push.id_foreign")]


def test_within_the_window_an_old_kiosks_unsigned_versions_are_stored_marked(
    window: Central,
) -> None:
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    reg = old_registration(kiosk)  # its plain UUIDv7 is after the legacy-ID cutoff
    assert answers(old.push(old.item(reg))) == [("stored", None)]
    reg.version = 2
    reg.owner.full_name = "Siti Aminah Koreksi"
    assert answers(old.push(old.item(reg))) == [("stored", None)]
    assert signatures(window, reg.id) == [(1, ""), (2, "")]  # empty: unsigned, not "before"
    assert answers(old.push(old.item(reg))) == [("unchanged", None)]
    assert signed_since(window, kiosk) is None


def test_in_the_window_a_kiosk_of_this_version_is_still_held_to_signatures(
    window: Central,
) -> None:
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    reg = new_registration(kiosk)
    assert answers(old.push(old.item(reg), agent=THIS_AGENT)) == [
        ("invalid", "push.signature_invalid")
    ]
    assert signatures(window, reg.id) == []
    # the version each push names is kept for the kiosks page
    assert (
        window.sql("SELECT app_version FROM central_kiosks WHERE id = :k", k=kiosk.kiosk_id)[0][0]
        == "0.1.0"
    )


def test_in_the_window_a_kiosk_that_named_this_version_once_is_held_to_signatures(
    window: Central,
) -> None:
    kiosk = window.enroll()
    with kiosk.http() as http:  # a pull of this version's app (it has pushed nothing yet)
        pulled = http.get("/pull", headers={"User-Agent": THIS_AGENT})
        assert pulled.status_code == 200, pulled.text
    old = OldKiosk(kiosk)  # its device token, replayed with the older User-Agent
    reg = old_registration(kiosk)
    assert answers(old.push(old.item(reg))) == [("invalid", "push.signature_invalid")]
    assert signatures(window, reg.id) == []


def test_in_the_window_a_wrong_signature_is_never_accepted(window: Central) -> None:
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    reg = old_registration(kiosk)
    forged = old.item(reg) | {"signature": kiosk.sign(old.item(registration(kiosk.kiosk_code)))}
    assert answers(old.push(forged)) == [("invalid", "push.signature_invalid")]
    assert signatures(window, reg.id) == []


def test_a_kiosk_that_signed_once_may_never_push_unsigned_again(window: Central) -> None:
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    before = old_registration(kiosk)
    assert answers(old.push(old.item(before))) == [("stored", None)]  # still the older app
    upgraded = new_registration(kiosk)
    assert answers(kiosk.push(kiosk.item(upgraded))) == [("stored", None)]  # the upgrade signs
    assert signed_since(window, kiosk) is not None
    # a downgraded app, or its device token replayed with the older User-Agent: refused
    after = old_registration(kiosk)
    assert answers(old.push(old.item(after))) == [("invalid", "push.signature_invalid")]
    assert signatures(window, after.id) == []
    # the versions it stored unsigned stay as they were; its new versions are signed
    assert signatures(window, before.id) == [(1, "")]


def test_in_the_window_a_push_whose_tree_signature_fails_is_never_taken_as_unsigned(
    window: Central,
) -> None:
    """Items sent without their own signature under a push signature claim to be signed: a
    failing tree refuses them even from a kiosk the window would let push unsigned; a good one
    marks the kiosk as signing, so it is held to signatures from then on."""
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    regs = [old_registration(kiosk) for _ in range(2)]
    items = [kiosk.item(reg, signature="") for reg in regs]
    stranger = KioskClient(central=window, name="x", mpp="y")
    assert (
        answers(kiosk.push(*items, push_signature=stranger.tree_signature(*items)))
        == [("invalid", "push.signature_invalid")] * 2
    )
    assert signatures(window, regs[0].id) == [] and signed_since(window, kiosk) is None
    signed = kiosk.tree_signature(*items)
    assert answers(kiosk.push(*items, push_signature=signed)) == [("stored", None)] * 2
    assert signatures(window, regs[0].id) == [(1, signed)]
    assert signed_since(window, kiosk) is not None
    after = old_registration(kiosk)
    assert answers(old.push(old.item(after))) == [("invalid", "push.signature_invalid")]


def test_a_signed_item_in_the_same_batch_holds_the_unsigned_one_to_signatures(
    window: Central,
) -> None:
    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    unsigned, signed = old_registration(kiosk), new_registration(kiosk)
    assert answers(old.push(old.item(unsigned), kiosk.item(signed))) == [
        ("invalid", "push.signature_invalid"),
        ("stored", None),
    ]
    assert signed_since(window, kiosk) is not None


def test_in_the_window_an_unsigned_registration_still_needs_its_own_number_and_id(
    window: Central,
) -> None:
    owner, other = window.enroll(), window.enroll()
    tagged = registration(other.kiosk_code)
    tagged.id = owner.new_id()  # another kiosk's key-bound ID, read off its receipt
    foreign_number = old_registration(owner)  # the owner's number, pushed by the other kiosk
    old = OldKiosk(other)
    assert answers(old.push(old.item(tagged), old.item(foreign_number))) == [
        ("invalid", "push.id_foreign"),
        ("invalid", "push.number_foreign"),
    ]


def test_after_the_windows_end_nothing_unsigned_is_accepted(closed: Central) -> None:
    kiosk = closed.enroll()
    old = OldKiosk(kiosk)
    reg = old_registration(kiosk)
    response = old.push(old.item(reg))
    assert answers(response) == [("invalid", "push.signature_invalid")]
    assert response.json()["results"][0]["error"]["message"] == UNSIGNED_MESSAGE
    assert signatures(closed, reg.id) == []


def test_the_window_is_read_from_the_environment_and_checked_at_start(monkeypatch) -> None:
    monkeypatch.delenv("KIOSK_CENTRAL_UNSIGNED_UNTIL", raising=False)
    assert CentralSettings(data_dir=Path("/tmp/x")).unsigned_window_end is None  # secure default
    monkeypatch.setenv("KIOSK_CENTRAL_UNSIGNED_UNTIL", "2027-01-31")
    end = CentralSettings(data_dir=Path("/tmp/x")).unsigned_window_end
    assert end == dt.datetime(2027, 1, 31, tzinfo=dt.UTC)
    monkeypatch.setenv("KIOSK_CENTRAL_UNSIGNED_UNTIL", "end of January")
    with pytest.raises(ValueError):
        CentralSettings(data_dir=Path("/tmp/x"))


def test_the_serve_command_takes_the_window() -> None:
    import argparse

    from kiosk.cli.central import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["central", "serve", "--unsigned-until", "2027-01-31T00:00+08:00"])
    assert args.unsigned_until == "2027-01-31T00:00+08:00"
    with pytest.raises(SystemExit):
        parser.parse_args(["central", "serve", "--unsigned-until", "soon"])


def test_older_app_versions() -> None:
    assert is_older("") and is_older("0.0.9")
    assert not is_older("0.1.0") and not is_older("0.2.0") and not is_older("1.0.0rc1")
    assert not is_older("dev")


MPP_ROW = "INSERT INTO central_mpps (id, name, prefix, created_at) VALUES (1, 'M', 'MMM', '2026')"
KIOSK_ROW = (
    "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, signing_public_key,"
    " signing_key_id, document_public_key, enrolled_at)"
    " VALUES (:k, :k, 1, :k, :k, 'pem', 'kid', 'pem', '2026-11-25')"
)
REGISTRATION_ROW = (
    "INSERT INTO central_registrations (id, kiosk_id, reg_no, current_version, status,"
    " verdict_reason, created_at, updated_at) VALUES (:r, :k, :r, 1, 'submitted', '', :at, :at)"
)
VERSION_ROW = (
    "INSERT INTO central_versions (registration_id, version, content_hash, content, kiosk_status,"
    " kiosk_id, received_at, signature) VALUES (:r, :v, 'h', '{}', 'submitted', :k, :at, :s)"
)


def test_a_central_database_of_0008_remembers_which_kiosks_signed(tmp_path: Path) -> None:
    """Migration 0009 backfills signed_since from the signed versions already held."""
    from alembic import command
    from alembic.config import Config

    import kiosk.central.db as db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
        run = connection.execute
        run(sa.text(MPP_ROW))
        for kiosk in ("signs", "older", "before"):
            run(sa.text(KIOSK_ROW), {"k": kiosk})
        for reg, kiosk, version, signature, at in (
            ("r1", "signs", 1, "c2ln", "2026-12-03 08:00:00"),
            ("r1", "signs", 2, "c2ln", "2026-12-04 08:00:00"),
            ("r2", "older", 1, "", "2026-12-03 09:00:00"),  # stored in a window, unsigned
            ("r3", "before", 1, None, "2026-11-25 09:00:00"),  # stored before signatures
        ):
            if version == 1:
                run(sa.text(REGISTRATION_ROW), {"r": reg, "k": kiosk, "at": at})
            values = {"r": reg, "v": version, "k": kiosk, "at": at, "s": signature}
            run(sa.text(VERSION_ROW), values)
        connection.commit()
    db.migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, signed_since FROM central_kiosks ORDER BY id")
        ).all()
    engine.dispose()
    found = {k: (str(at)[:19] if at else None) for k, at in rows}
    assert found == {"before": None, "older": None, "signs": "2026-12-03 08:00:00"}


def _row(page: str, code: str) -> str:
    start = page.index(f'<tr data-kiosk="{code}">')
    return page[start : page.index("</tr>", start)]


def test_the_kiosks_page_counts_and_lists_the_kiosks_on_an_older_version(
    window: Central,
) -> None:
    from tests.central.ops_helpers import add_user, login

    older, upgraded = window.enroll(), window.enroll()
    old = OldKiosk(older)
    reg = old_registration(older)
    assert answers(old.push(old.item(reg))) == [("stored", None)]
    assert answers(upgraded.push(upgraded.item(new_registration(upgraded)))) == [("stored", None)]
    with contextlib.closing(login(window.url, add_user(window.db_url, "admin"))) as console:
        page = console.get("/console/kiosks").text
        assert "versi lama, tanpa tanda tangan" in _row(page, older.kiosk_code)
        assert "versi lama" not in _row(page, upgraded.kiosk_code)
        counted = window.sql(
            "SELECT COUNT(*) FROM central_kiosks WHERE signed_since IS NULL AND app_version = ''"
            " AND revoked_at IS NULL AND (last_push_at IS NOT NULL OR last_pull_at IS NOT NULL)"
        )[0][0]
        assert f"Kios yang masih memakai versi lama (tanpa tanda tangan): {counted}" in page
        only = console.get("/console/kiosks", params={"older": "1"}).text
        assert f'<tr data-kiosk="{older.kiosk_code}">' in only
        assert f'<tr data-kiosk="{upgraded.kiosk_code}">' not in only
        # once the kiosk signs (upgraded), it is no longer counted
        assert answers(older.push(older.item(new_registration(older)))) == [("stored", None)]
        page = console.get("/console/kiosks").text
        assert "versi lama" not in _row(page, older.kiosk_code)


def test_the_registration_page_marks_the_versions_pushed_unsigned(window: Central) -> None:
    from tests.central.ops_helpers import add_user, login

    kiosk = window.enroll()
    old = OldKiosk(kiosk)
    reg = old_registration(kiosk)
    assert answers(old.push(old.item(reg))) == [("stored", None)]  # the older app, version 1
    reg.version = 2
    reg.owner.full_name = "Siti Aminah Koreksi"
    assert answers(kiosk.push(kiosk.item(reg))) == [("stored", None)]  # upgraded: signed
    with contextlib.closing(login(window.url, add_user(window.db_url, "admin"))) as console:
        page = console.get(f"/console/registrations/{reg.reg_no}")
    assert page.status_code == 200, page.text
    summaries = re.findall(r"<summary>(.*?)</summary>", page.text, re.S)
    marked = {s.split(" · ")[0]: "versi lama, tanpa tanda tangan" in s for s in summaries}
    assert marked == {"Versi 2": False, "Versi 1": True}

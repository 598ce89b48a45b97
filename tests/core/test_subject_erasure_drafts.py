"""A data-subject erasure reaches the subject's drafts on the kiosk (issue 13), end to end.

A real central on loopback (SQLite, and PostgreSQL when available) and a real kiosk store and vault:
the person has a submitted registration, a draft from a district office's list (``kiosk import
--drafts``, imported before they registered) and an unfinished registration whose NIK was typed with
separators. ``subject erase`` at the central: the kiosk's next round erases the registration and
both drafts with their pages, keeps the draft of another person who has the same name, records the
drafts in the audit chain without personal data and confirms them to the central, which completes
the request. Consent withdrawn at the desk takes the person's draft at once as well.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.central import subject_admin
from kiosk.domain.model import Registration
from kiosk.staff import accounts, audit_anchors
from kiosk.store import erasure as local_erasure
from kiosk.store.records import RegistrationNotFound
from tests.core.test_sync_support import (
    Kiosk,
    central_for_admin,
    central_rows,
    enrolled_kiosk,
    make_registration,
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"central-drafts-{request.param}")
    with central_for_admin(request.param, root) as server:
        yield server


def _round(kiosk: Kiosk) -> None:
    result = kiosk.engine().run_round()
    assert result.error is None, result.error


def _spaced(nik: str) -> str:
    return f"{nik[:4]}.{nik[4:6]} {nik[6:12]} {nik[12:]}"  # as people type it


def _draft(kiosk: Kiosk, seed: int, owner_of: Registration, nik: str) -> tuple[Registration, str]:
    """An unfinished registration of ``owner_of``'s owner with ``nik`` typed as given; returns it
    and the page only it has."""
    reg, _ = make_registration(seed, kiosk.vault)
    reg.owner = dataclasses.replace(owner_of.owner, nik=nik)
    saved = kiosk.store.save_draft(reg, staff_id="staff-1", step="documents")
    return saved, saved.documents[0].pages[0].sha256


def _district_list(tmp_path: Path, kiosk: Kiosk, rows: list[tuple[str, str, str]]) -> list[str]:
    listing = tmp_path / "daftar-kecamatan.csv"
    lines = ["NAMA USAHA;Nama Pemilik;NIK;No HP"]
    lines += [f"{business};{owner};{nik};0812 7777 {n:04d}" for n, (business, owner, nik) in
              enumerate(rows, start=1)]  # fmt: skip
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    root = str(kiosk.store.paths.root)
    kiosk.store.close()
    try:
        assert cli.main(["import", str(listing), "--drafts", "--data-dir", root]) == 0
    finally:
        from kiosk.documents.vault import Vault
        from kiosk.store import Store

        kiosk.store = Store.open(root)
        kiosk.vault = Vault(kiosk.store.paths.documents, kiosk.store.keys)
    return [s.id for s in kiosk.store.list_drafts()]


def _gone(kiosk: Kiosk, reg_id: str) -> bool:
    try:
        kiosk.store.get(reg_id)
    except RegistrationNotFound:
        return True
    return False


def test_subject_erasure_takes_the_subjects_drafts_and_nobody_elses(
    central, tmp_path: Path
) -> None:
    a = enrolled_kiosk(tmp_path, "drafts-a", central.url, central.db_url)
    reg, images = make_registration(601, a.vault)
    nik, name = reg.owner.nik, reg.owner.full_name
    twin, _ = make_registration(603, a.vault)  # another person with the same name
    listed = _district_list(
        tmp_path, a, [("Keripik Subjek", name, _spaced(nik)), ("Kue Orang Lain", name,
                                                                twin.owner.nik)],
    )  # fmt: skip
    by_business = {a.store.get(i).business.name: i for i in listed}
    from_list, same_name = by_business["Keripik Subjek"], by_business["Kue Orang Lain"]
    person = a.submit(reg, images)
    unfinished, own_page = _draft(a, 602, person, _spaced(nik))
    _round(a)
    c = enrolled_kiosk(tmp_path, "drafts-c", central.url, central.db_url)  # same MPP, no copy
    [elsewhere] = _district_list(tmp_path, c, [("Keripik Subjek Juga", name, nik)])
    c_other = _draft(c, 604, twin, twin.owner.nik)[0]  # another person's draft there
    _round(c)
    assert a.vault.has(own_page)

    erased = subject_admin.erase_subject(central.settings, nik, "surat permohonan", "admin")
    assert erased.registrations == [person.reg_no]
    done_sql = "SELECT central_done_at FROM central_subject_requests WHERE kind = 'erasure'"
    central_done = central_rows(central.db_url, done_sql)
    _round(a)
    assert central_rows(central.db_url, done_sql) == central_done  # drafts change no time

    for gone in (person.id, from_list, unfinished.id):
        assert _gone(a, gone), gone
    assert a.store.get(same_name).owner.full_name == name  # the same name is not the same person
    assert not a.vault.has(own_page)  # the draft's page file went with it
    tombs = {r["registration_id"]: r for r in _tombstones(a)}
    assert {tombs[i]["origin"] for i in (from_list, unfinished.id)} == {"draft"}
    assert {tombs[i]["request_id"] for i in tombs} == {tombs[person.id]["request_id"]}
    assert not local_erasure.unreported(a.store)  # confirmed to the central
    entries = _audit(a, "registration.draft_erased")
    assert sorted(e["target"] for e in entries) == sorted([from_list, unfinished.id])
    assert {e["details"]["with_registration"] for e in entries} == {person.id}
    for row in _audit(a):  # the chain holds no NIK and no name
        blob = json.dumps(row["details"])
        assert nik not in blob and name not in blob and _spaced(nik) not in blob
    assert audit_anchors.check(a.store).ok
    for path in (a.store.paths.database, Path(f"{a.store.paths.database}-wal")):
        assert not path.exists() or b"Keripik Subjek" not in path.read_bytes(), path

    [request] = [r for r in subject_admin.list_requests(central.settings) if r.kind == "erasure"]
    assert request.completed_at is not None and request.pending_kiosks == []
    confirmed = central_rows(
        central.db_url,
        "SELECT registration_id FROM central_erasure_confirmations WHERE confirmed_at IS NOT NULL",
    )
    assert {from_list, unfinished.id, person.id} <= {r[0] for r in confirmed}
    tombstoned = {
        r[0] for r in central_rows(central.db_url, "SELECT registration_id FROM central_tombstones")
    }
    assert {from_list, unfinished.id} <= tombstoned  # such a draft can never arrive later
    _round(a)  # nothing comes back, nothing is sent again
    assert not local_erasure.unreported(a.store) and not _gone(a, same_name)

    # kiosk C held none of the person's registrations: the NIK sealed to its key finds the draft
    assert _gone(c, elsewhere) is False
    _round(c)
    assert _gone(c, elsewhere) and not _gone(c, c_other.id)
    assert {r["registration_id"]: r["origin"] for r in _tombstones(c)} == {
        person.id: "central",
        elsewhere: "draft",
    }
    assert not local_erasure.unreported(c.store)
    confirmed = central_rows(
        central.db_url,
        "SELECT registration_id FROM central_erasure_confirmations WHERE confirmed_at IS NOT NULL",
    )
    assert elsewhere in {r[0] for r in confirmed}
    events = central_rows(central.db_url, "SELECT payload FROM central_events")
    assert all(nik not in str(e[0]) for e in events)  # the central's feed keeps no NIK


def test_consent_withdrawn_at_the_desk_takes_the_persons_draft_at_once(
    central, tmp_path: Path
) -> None:
    from kiosk.sync.erasure import withdraw_consent

    b = enrolled_kiosk(tmp_path, "drafts-b", central.url, central.db_url)
    reg, images = make_registration(611, b.vault)
    person = b.submit(reg, images)
    draft, own_page = _draft(b, 612, person, person.owner.nik)
    other, _ = _draft(b, 613, person, make_registration(614, b.vault)[0].owner.nik)
    _round(b)
    boss = accounts.create_first_supervisor(b.store, "sari", "Sari", "rahasia-sekali-1")
    done = withdraw_consent(b.store, person.id, boss, boss)
    assert done.drafts == [draft.id]
    assert _gone(b, person.id) and _gone(b, draft.id) and not _gone(b, other.id)
    assert not b.vault.has(own_page)
    _round(b)
    assert not local_erasure.unreported(b.store)
    kinds = {r.kind: r for r in subject_admin.list_requests(central.settings)}
    assert kinds["withdrawal"].completed_at is not None
    tombstoned = {
        r[0] for r in central_rows(central.db_url, "SELECT registration_id FROM central_tombstones")
    }
    assert {person.id, draft.id} <= tombstoned and other.id not in tombstoned


def _tombstones(kiosk: Kiosk) -> list[dict]:
    with kiosk.store.engine.connect() as conn:
        return [dict(r) for r in conn.exec_driver_sql("SELECT * FROM erasures").mappings()]


def _audit(kiosk: Kiosk, action: str | None = None) -> list[dict]:
    with kiosk.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT action, target, details FROM audit_log").mappings()
        out = [{**r, "details": json.loads(r["details"])} for r in rows]
    return [r for r in out if action is None or r["action"] == action]

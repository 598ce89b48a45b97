"""Issue 13.4: revoking a kiosk at the central makes it, on its next contact, erase what the
central already holds and lock itself; what only the kiosk holds is kept; a new enrolment
unlocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import UserFacingError
from tests.core.test_sync_support import (
    enrolled_kiosk,
    enrolment_code,
    make_registration,
    running_central,
)


def test_a_revoked_kiosk_erases_what_the_central_holds_and_locks(tmp_path: Path) -> None:
    from kiosk.central import admin
    from kiosk.staff import accounts, audit
    from kiosk.sync.enrol import enroll

    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "stolen-1", central.url, db_url)
        store = kiosk.store
        accounts.create_first_supervisor(store, "sari", "Sari Wulandari", "rahasia-123")
        sent, sent_pages = make_registration(7300, kiosk.vault)
        sent = kiosk.submit(sent, sent_pages)
        assert kiosk.engine().run_round().complete
        waiting, waiting_pages = make_registration(7301, kiosk.vault)
        waiting = kiosk.submit(waiting, waiting_pages)
        admin.revoke_kiosk(db_url, "stolen-1")

        result = kiosk.engine().run_round()
        assert result.revoked
        erased = store.get(sent.id)
        assert erased.owner.nik == "" and erased.owner.full_name == "" and not erased.documents
        assert erased.reg_no == sent.reg_no  # staff can still tell it was sent
        assert all(not kiosk.vault.has(sha) for sha in sent_pages)
        kept = store.get(waiting.id)  # the central never got it: the kiosk keeps it
        assert kept.owner.nik == waiting.owner.nik
        assert all(kiosk.vault.get(sha) == plain for sha, plain in waiting_pages.items())
        with pytest.raises(UserFacingError) as info:
            accounts.authenticate(store, "sari", "rahasia-123")
        assert info.value.code == "security.kiosk.locked"
        assert "dicabut" in info.value.text("id")
        actions = {e.action for e in audit.entries(store, action="kiosk.")}
        assert actions == {"kiosk.locked_by_central", "kiosk.erased_on_revocation"}

        # enrolled again with a new code: unlocked, and what waited is sent
        enroll(store, central.url, enrolment_code(db_url, "stolen-1b"), kiosk_name="stolen-1b")
        assert accounts.authenticate(store, "sari", "rahasia-123").username == "sari"
        again = kiosk.engine().run_round()
        assert again.complete and again.push.stored == 1

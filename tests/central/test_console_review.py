"""Closing conflicts and duplicate flags from a registration's page, on a real central on
PostgreSQL through the real console: who may, what is kept, the audit trail (a hash chain that
still verifies), a double submit and a stale form refused with a bilingual sentence and nothing
changed, and the open counts (queue filter, kiosks report) dropping.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx
import pytest

from kiosk.central import audit
from kiosk.central.db import make_engine, session_factory
from kiosk.central.report import build_report
from tests.central.console_helpers import add_user, browser_login, chromium, csrf, login, wait_for
from tests.central.helpers import Central, KioskClient, registration

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def central(tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp("console-review")
    with Central.start(pg_database_factory(), folder, backend="postgres") as running:
        yield running


def _conflicted(kiosk: KioskClient) -> str:
    """A registration whose version 1 came again with other content; its number."""
    reg = registration(kiosk.kiosk_code)
    reg.business.name = "Toko Sinar Terang"
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    rival = registration(kiosk.kiosk_code)
    rival.id, rival.reg_no, rival.business.name = reg.id, reg.reg_no, "Toko Sinar Terang Baru"
    assert kiosk.push(kiosk.item(rival)).json()["results"][0]["outcome"] == "conflict"
    return reg.reg_no


def _twins(first: KioskClient, second: KioskClient, nik: str) -> tuple[str, str]:
    a, b = registration(first.kiosk_code, nik=nik), registration(second.kiosk_code, nik=nik)
    assert first.push(first.item(a)).status_code == 200
    assert second.push(second.item(b)).status_code == 200
    return a.reg_no, b.reg_no


def _item_id(page: str, kind: str) -> int:
    found = re.search(rf'id="{kind}-form-(\d+)"', page)
    assert found, f"no {kind} form on the page"
    return int(found.group(1))


def _flagged(client: httpx.Client, reg_no: str) -> str:
    """The queue filtered to open duplicate flags and ``reg_no``."""
    return client.get("/console/queue", params={"duplicate": "yes", "q": reg_no}).text


def _trail_ok(central: Central) -> None:
    engine = make_engine(central.db_url)
    try:
        with session_factory(engine)() as session:
            assert audit.check(session).ok
    finally:
        engine.dispose()


def _open_counts(central: Central, kiosk_id: str) -> tuple[int, int]:
    engine = make_engine(central.db_url)
    try:
        with session_factory(engine)() as session:
            row = next(r for r in build_report(session) if r.kiosk_id == kiosk_id)
            return row.open_conflicts, row.duplicate_flags
    finally:
        engine.dispose()


def test_a_verifier_settles_a_conflict_once_and_a_second_submit_changes_nothing(
    central: Central,
) -> None:
    kiosk = central.enroll()
    reg_no = _conflicted(kiosk)
    assert _open_counts(central, kiosk.kiosk_id)[0] == 1
    with login(central.url, add_user(central.db_url, "verifier")) as client:
        page = client.get(f"/console/registrations/{reg_no}").text
        conflict_id = _item_id(page, "conflict")
        url = f"/console/registrations/{reg_no}/conflicts/{conflict_id}"
        token = csrf(page)
        refused = client.post(url, data={"csrf_token": token, "outcome": "pushed", "note": " "})
        assert refused.status_code == 422  # the note is required; nothing closed
        assert "Tuliskan catatan" in html.unescape(refused.text)
        assert f'id="conflict-form-{conflict_id}"' in refused.text
        form = {"csrf_token": token, "outcome": "pushed", "note": "Kios mengoreksi nama usaha"}
        done = client.post(url, data=form)
        assert done.status_code == 303, done.text
        shown = client.get(done.headers["location"]).text
        assert 'id="resolved"' in shown and f'id="conflict-form-{conflict_id}"' not in shown
        assert "conflict.resolved" in shown  # the page's trail has it
        again = client.post(url, data=form | {"note": "dikirim dua kali"})  # a double submit
        assert again.status_code == 409
        assert "sudah diselesaikan" in html.unescape(again.text)
    rows = central.sql(
        "SELECT outcome, resolution FROM central_conflicts WHERE id = :i", i=conflict_id
    )
    assert rows == [("pushed", "Kios mengoreksi nama usaha")]
    entries = central.sql(
        "SELECT details FROM central_audit WHERE action = 'conflict.resolved' AND target = :n",
        n=reg_no,
    )
    assert len(entries) == 1 and '"outcome": "pushed"' in entries[0][0]
    assert "Kios mengoreksi" not in entries[0][0]  # the note stays out of the trail
    assert _open_counts(central, kiosk.kiosk_id)[0] == 0
    _trail_ok(central)


def test_a_stale_form_is_refused_when_someone_else_closed_the_flag_first(
    central: Central,
) -> None:
    first, second = central.enroll(), central.enroll()
    a, b = _twins(first, second, "6471014507900011")
    with (
        login(central.url, add_user(central.db_url, "verifier")) as one,
        login(central.url, add_user(central.db_url, "admin")) as two,
    ):
        page_one = one.get(f"/console/registrations/{a}").text  # both open the same page
        page_two = two.get(f"/console/registrations/{b}").text
        flag = _item_id(page_one, "duplicate")
        assert _item_id(page_two, "duplicate") == flag
        assert f"/console/registrations/{b}?" in _flagged(one, b)
        taken = two.post(
            f"/console/registrations/{b}/duplicates/{flag}",
            data={"csrf_token": csrf(page_two), "outcome": "distinct", "note": "Beda usaha"},
        )
        assert taken.status_code == 303
        stale = one.post(
            f"/console/registrations/{a}/duplicates/{flag}",
            data={"csrf_token": csrf(page_one), "outcome": "same-other", "note": "sama"},
        )
        assert stale.status_code == 409
        assert "sudah diselesaikan" in html.unescape(stale.text)
        assert f"/console/registrations/{b}?" not in _flagged(one, b)  # the count dropped
    rows = central.sql(
        "SELECT outcome, note, duplicate_of FROM central_duplicates WHERE id = :i", i=flag
    )
    assert rows == [("distinct", "Beda usaha", None)]
    targets = central.sql(
        "SELECT target FROM central_audit WHERE action = 'duplicate.resolved' ORDER BY seq"
    )
    assert sorted(t for (t,) in targets[-2:]) == sorted([a, b])  # one on each trail
    _trail_ok(central)


def test_a_supervisor_settles_only_within_their_mpp(central: Central) -> None:
    mpp = "MPP Samarinda Review"
    here, there = central.enroll(mpp=mpp), central.enroll(mpp=mpp)
    away = central.enroll(mpp="MPP Balikpapan Review")
    a, b = _twins(here, there, "6471014507900029")  # both in the supervisor's MPP
    c, _ = _twins(here, away, "6471014507900037")  # the other one elsewhere
    supervisor = add_user(central.db_url, "supervisor", mpp=mpp)
    with login(central.url, supervisor) as client:
        page = client.get(f"/console/registrations/{a}").text
        flag = _item_id(page, "duplicate")
        done = client.post(
            f"/console/registrations/{a}/duplicates/{flag}",
            data={"csrf_token": csrf(page), "outcome": "same-other", "note": "Usaha sama"},
        )
        assert done.status_code == 303
        assert b in client.get(f"/console/registrations/{a}").text.split('id="duplicate-of"')[1]
        page_c = client.get(f"/console/registrations/{c}").text
        found = re.search(r'id="duplicate-other-mpp-(\d+)"', page_c)
        assert found and 'id="duplicate-form-' not in page_c  # no form: the other is elsewhere
        refused = client.post(
            f"/console/registrations/{c}/duplicates/{found.group(1)}",
            data={"csrf_token": csrf(page_c), "outcome": "distinct", "note": "Beda"},
        )
        assert refused.status_code == 403
    [(b_id,)] = central.sql("SELECT id FROM central_registrations WHERE reg_no = :n", n=b)
    closed = central.sql(
        "SELECT outcome, duplicate_of FROM central_duplicates WHERE id = :i", i=flag
    )
    assert closed == [("same", b_id)]
    assert central.sql(
        "SELECT resolved_at FROM central_duplicates WHERE id = :i", i=int(found.group(1))
    ) == [(None,)]
    with login(central.url, add_user(central.db_url, "viewer")) as client:
        page = client.get(f"/console/registrations/{c}").text
        assert 'id="duplicate-form-' not in page
        refused = client.post(
            f"/console/registrations/{c}/duplicates/{found.group(1)}",
            data={"csrf_token": csrf(page), "outcome": "distinct", "note": "Beda"},
        )
        assert refused.status_code == 403


def test_a_supervisor_closes_a_conflict_in_chromium_and_a_resent_form_changes_nothing(
    central: Central,
) -> None:
    from selenium.webdriver.common.by import By

    mpp = "MPP Tarakan Review"
    kiosk = central.enroll(mpp=mpp)
    reg_no = _conflicted(kiosk)
    supervisor = add_user(central.db_url, "supervisor", mpp=mpp)
    with chromium() as driver:
        browser_login(driver, central.url, supervisor)
        driver.get(f"{central.url}/console/registrations/{reg_no}")
        form = driver.find_element(By.CSS_SELECTOR, "form[id^=conflict-form-]")
        conflict_id = int(str(form.get_attribute("id")).rsplit("-", 1)[1])
        form.find_element(By.CSS_SELECTOR, "input[value=stored]").click()
        form.find_element(By.TAG_NAME, "textarea").send_keys("Versi tersimpan yang benar")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(driver, lambda d: "resolved=conflict" in d.current_url)
        assert driver.find_element(By.ID, "resolved").is_displayed()
        assert not driver.find_elements(By.CSS_SELECTOR, "form[id^=conflict-form-]")
        driver.back()  # the form as it was, sent again
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "form[id^=conflict-form-]"))
        again = driver.find_element(By.CSS_SELECTOR, "form[id^=conflict-form-]")
        note = again.find_element(By.TAG_NAME, "textarea")
        note.clear()
        note.send_keys("dikirim lagi")
        again.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(driver, lambda d: d.find_elements(By.ID, "decide-error"))
        assert "sudah diselesaikan" in driver.find_element(By.ID, "decide-error").text
    assert central.sql(
        "SELECT outcome, resolution FROM central_conflicts WHERE id = :i", i=conflict_id
    ) == [("stored", "Versi tersimpan yang benar")]
    assert _open_counts(central, kiosk.kiosk_id)[0] == 0


def test_the_command_line_closes_as_before_and_is_in_the_trail_too(central: Central) -> None:
    from kiosk.central import admin
    from kiosk.errors import UserFacingError

    kiosk, other = central.enroll(), central.enroll()
    reg_no = _conflicted(kiosk)
    a, b = _twins(kiosk, other, "6471014507900045")
    [(conflict_id,)] = central.sql(
        "SELECT c.id FROM central_conflicts c JOIN central_registrations r"
        " ON r.id = c.registration_id WHERE r.reg_no = :n",
        n=reg_no,
    )
    admin.resolve_conflict(central.db_url, conflict_id, "diselesaikan di terminal")
    with pytest.raises(UserFacingError) as again:
        admin.resolve_conflict(central.db_url, conflict_id, "lagi")
    assert again.value.code == "central.review.already"
    [(flag_id,)] = central.sql(
        "SELECT d.id FROM central_duplicates d JOIN central_registrations r"
        " ON r.id = d.registration_a OR r.id = d.registration_b WHERE r.reg_no = :n",
        n=a,
    )
    admin.resolve_duplicate(central.db_url, flag_id)
    assert central.sql(
        "SELECT outcome, resolution FROM central_conflicts WHERE id = :i", i=conflict_id
    ) == [("stored", "diselesaikan di terminal")]
    entries = central.sql(
        "SELECT action, target FROM central_audit WHERE actor = 'cli'"
        " AND action IN ('conflict.resolved', 'duplicate.resolved') AND target IN (:r, :a, :b)",
        r=reg_no,
        a=a,
        b=b,
    )
    assert sorted(entries) == sorted(
        [("conflict.resolved", reg_no), ("duplicate.resolved", a), ("duplicate.resolved", b)]
    )
    _trail_ok(central)

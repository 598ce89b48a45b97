"""The verifier's day in a real Chromium: log in, find a registration a kiosk synced, open a scan,
decide "needs fix" with a reason, and the kiosk gets the verdict at its next sync.

Also in the same central: a supervisor of another MPP gets 403 on the registration and its pages,
a supervisor of its own MPP may look, a viewer cannot decide, and a hostile business name is shown
as text in the browser. SQLite central on loopback, a real kiosk store and sync engine
(:mod:`tests.core.test_sync_support`), Debian's chromium through Selenium.
"""

from __future__ import annotations

import pytest

from kiosk.domain.model import Status
from tests.central.console_helpers import (
    add_user,
    browser_login,
    chromium,
    csrf,
    login,
    wait_for,
)
from tests.core.test_sync_support import (
    central_database,
    enrolled_kiosk,
    make_registration,
    running_central,
)

MPP = "MPP Kota Samarinda"
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("console-browser")
    with central_database("sqlite", root) as db_url:
        with running_central(db_url, root / "storage") as server:
            kiosk = enrolled_kiosk(root, "loket-1", server.url, db_url, mpp=MPP)
            regs = []
            shared: dict[str, str] = {}
            for seed in (701, 702):
                reg, images = make_registration(seed, kiosk.vault, shared=shared)
                if seed == 702:
                    reg.business.name = HOSTILE
                regs.append(kiosk.submit(reg, images))
            result = kiosk.engine().run_round()
            assert result.complete, result
            other = enrolled_kiosk(root, "loket-lain", server.url, db_url, mpp="MPP Lain")
            yield {"url": server.url, "db": db_url, "kiosk": kiosk, "regs": regs, "other": other}


def test_verifier_decides_needs_fix_in_chromium_and_the_kiosk_receives_it(world) -> None:
    from selenium.webdriver.common.by import By

    kiosk, reg = world["kiosk"], world["regs"][0]
    verifier = add_user(world["db"], "verifier")
    with chromium() as driver:
        browser_login(driver, world["url"], verifier)
        assert driver.current_url.endswith("/console/queue")
        rows = driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr")
        assert len(rows) >= 2
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("jjk")  # keyboard: next, next, previous → the first row is selected
        assert "selected" in rows[0].get_attribute("class")
        assert "selected" not in rows[1].get_attribute("class")
        body.send_keys("j")
        second = rows[1].find_element(By.TAG_NAME, "a").text
        driver.switch_to.active_element.send_keys("\ue007")  # Enter opens the selected one
        wait_for(driver, lambda d: f"/console/registrations/{second}" in d.current_url)
        driver.back()
        wait_for(driver, lambda d: d.current_url.endswith("/console/queue"))
        search = driver.find_element(By.ID, "q")
        search.send_keys("usaha maju 701")  # names are matched forgivingly
        driver.find_element(By.ID, "queue-filter").click()
        wait_for(driver, lambda d: "q=usaha" in d.current_url)
        links = driver.find_elements(By.CSS_SELECTOR, "#queue-table tbody tr td a")
        assert [a.text for a in links] == [reg.reg_no]
        links[0].click()
        wait_for(driver, lambda d: "/console/registrations/" in d.current_url)
        assert driver.find_element(By.ID, "business-name").text == "Usaha Maju 701"
        thumbs = driver.find_elements(By.CSS_SELECTOR, "#thumbs img")
        assert len(thumbs) == 4
        wait_for(driver, lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", t)
            for t in thumbs
        ))  # fmt: skip
        thumbs[0].click()  # opens large, with zoom and rotate
        large = driver.find_element(By.ID, "viewer-image")
        wait_for(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", large))
        ktp = next(sha for sha in kiosk.pages if sha in large.get_attribute("src"))
        assert large.get_attribute("src").endswith(f"/console/pages/{ktp}")
        driver.find_element(By.CSS_SELECTOR, "[data-act=rotate]").click()
        driver.find_element(By.CSS_SELECTOR, "[data-act=in]").click()
        assert "rotate(90deg)" in large.get_attribute("style")
        assert "scale(1.25)" in large.get_attribute("style")
        driver.find_element(By.CSS_SELECTOR, "[data-act=close]").click()
        driver.find_element(By.TAG_NAME, "body").send_keys("2")  # 2 = needs fix, then the reason
        assert driver.find_element(By.ID, "status-needs_fix").is_selected()
        assert driver.switch_to.active_element.get_attribute("id") == "reason"
        driver.find_element(By.ID, "reason").send_keys("Foto KTP buram, mohon pindai ulang")
        driver.find_element(By.ID, "verdict-submit").click()
        notice = wait_for(driver, lambda d: d.find_elements(By.ID, "decided"))
        assert notice[0].is_displayed()
        assert driver.find_element(By.ID, "verdict-reason").text == (
            "Foto KTP buram, mohon pindai ulang"
        )
    assert kiosk.store.get(reg.id).status != Status.NEEDS_FIX  # not before the kiosk syncs
    result = kiosk.engine().run_round()
    assert result.complete and result.pull.verdicts >= 1
    arrived = kiosk.store.get(reg.id)
    assert (arrived.status, arrived.verdict_reason) == (
        Status.NEEDS_FIX,
        "Foto KTP buram, mohon pindai ulang",
    )
    from kiosk.central.db import make_engine

    engine = make_engine(world["db"])
    try:
        with engine.connect() as conn:
            trail = conn.exec_driver_sql(
                "SELECT actor, action FROM central_audit WHERE registration_id = ?", (reg.id,)
            ).all()
    finally:
        engine.dispose()
    assert (verifier, "verdict") in trail
    assert (verifier, "page.viewed") in trail
    assert (verifier, "registration.viewed") in trail


def test_a_hostile_business_name_is_text_in_the_browser(world) -> None:
    from selenium.webdriver.common.by import By

    reg = world["regs"][1]
    verifier = add_user(world["db"], "verifier")
    with chromium() as driver:
        browser_login(driver, world["url"], verifier)
        cell = driver.find_element(By.XPATH, f"//a[text()='{reg.reg_no}']/../../td[2]")
        assert cell.text.startswith(HOSTILE)
        driver.get(f"{world['url']}/console/registrations/{reg.reg_no}")
        assert driver.find_element(By.ID, "business-name").text == HOSTILE
        assert driver.title != "pwned"
        assert driver.find_elements(By.CSS_SELECTOR, "img[src=x]") == []


def test_scope_a_supervisor_of_another_mpp_gets_403_and_a_viewer_cannot_decide(world) -> None:
    reg, kiosk, url, db = world["regs"][0], world["kiosk"], world["url"], world["db"]
    sha = next(iter(kiosk.pages))
    with login(url, add_user(db, "supervisor", mpp="MPP Lain")) as outsider:
        assert outsider.get(f"/console/registrations/{reg.reg_no}").status_code == 403
        assert outsider.get(f"/console/pages/{sha}").status_code == 403
        assert outsider.get(f"/console/pages/{sha}?size=thumb").status_code == 403
        assert reg.reg_no not in outsider.get("/console/queue?status=").text  # not listed
    status_before = _central_status(db, reg.id)
    with login(url, add_user(db, "supervisor", mpp=MPP)) as own:
        assert own.get(f"/console/registrations/{reg.reg_no}").status_code == 200
        image = own.get(f"/console/pages/{sha}")
        assert image.status_code == 200 and image.content == kiosk.pages[sha]
        assert image.headers["cache-control"] == "no-store"
        token = csrf(own.get("/console/queue").text)
        answer = own.post(
            f"/console/registrations/{reg.reg_no}/verdict",
            data={"status": "verified", "csrf_token": token},
        )
        assert answer.status_code == 403  # supervisors look; verifiers decide
    with login(url, add_user(db, "viewer")) as viewer:
        page = viewer.get(f"/console/registrations/{reg.reg_no}")
        assert page.status_code == 200 and 'id="verdict-form"' not in page.text
        answer = viewer.post(
            f"/console/registrations/{reg.reg_no}/verdict",
            data={"status": "verified", "reason": "", "csrf_token": csrf(page.text)},
        )
        assert answer.status_code == 403
    assert _central_status(db, reg.id) == status_before


def _central_status(db_url: str, registration_id: str) -> str:
    from kiosk.central.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT status FROM central_registrations WHERE id = ?", (registration_id,)
            ).scalar_one()
    finally:
        engine.dispose()


def test_the_queue_finds_by_identifier_exactly_and_by_registration_number(world) -> None:
    reg = world["regs"][0]
    nik = reg.owner.nik
    spaced = " ".join(nik[i : i + 4] for i in range(0, 16, 4))
    with login(world["url"], add_user(world["db"], "verifier")) as client:
        for query in (nik, spaced, reg.business.nib, reg.business.npwp, reg.reg_no.lower()):
            page = client.get("/console/queue", params={"q": query, "status": ""})
            assert page.status_code == 200
            assert reg.reg_no in page.text, query
            assert world["regs"][1].reg_no not in page.text
        other_digit = "1" if nik[-1] != "1" else "2"
        near = client.get("/console/queue", params={"q": nik[:-1] + other_digit, "status": ""})
        assert reg.reg_no not in near.text  # identifiers match exactly, never "nearly"

"""A supervisor enrols a new kiosk from the console in a real Chromium, without a terminal.

The supervisor logs in, creates an enrolment code on the kiosks page and the page shows it as text
and as a QR code. The kiosk side reads that QR from the browser's own rendering of the page (as
its camera would, :func:`kiosk.sync.enrol.read_enrolment_qr`, the function the enrolment screen
calls) and enrols against the live central; the new kiosk syncs a registration and appears on
the kiosks page with its code and last sync, and the dashboard counts its registration.
SQLite central on loopback, real kiosk stores and sync engine, Debian's chromium via Selenium.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from kiosk import __version__
from tests.central.console_helpers import add_user, browser_login, chromium, wait_for
from tests.core.test_sync_support import (
    central_database,
    enrolled_kiosk,
    make_registration,
    open_kiosk,
    running_central,
)

MPP = "MPP Kabupaten Nunukan"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("console-enrol")
    with central_database("sqlite", root) as db_url:
        with running_central(db_url, root / "storage") as server:
            first = enrolled_kiosk(root, "loket-1", server.url, db_url, mpp=MPP)
            reg, images = make_registration(801, first.vault, shared={})
            first.submit(reg, images)
            assert first.engine().run_round().complete
            yield {"root": root, "url": server.url, "db": db_url, "first": first}
            first.store.close()


def test_supervisor_enrols_a_kiosk_from_the_qr_code_in_the_console(world) -> None:
    from selenium.webdriver.common.by import By

    from kiosk.sync.enrol import enroll, read_enrolment_qr

    supervisor = add_user(world["db"], "supervisor", MPP)
    with chromium() as driver:
        browser_login(driver, world["url"], supervisor)
        driver.find_element(By.CSS_SELECTOR, 'nav a[href="/console/kiosks"]').click()
        wait_for(driver, lambda d: d.current_url.endswith("/console/kiosks"))
        listed = driver.find_element(By.ID, "kiosks").text
        assert world["first"].store.kiosk_code in listed
        driver.find_element(By.ID, "kiosk_name").send_keys("Loket Keliling 2")
        driver.find_element(By.ID, "enrol-create").click()
        qr = wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#enrol-qr svg"))[0]
        shown_code = driver.find_element(By.ID, "enrol-code").text
        picture = Image.open(io.BytesIO(qr.screenshot_as_png)).convert("RGB")

        # the kiosk: what its camera sees becomes the address and the code, then it enrols
        url, code = read_enrolment_qr(np.asarray(picture))
        assert code == shown_code and url == world["url"]
        kiosk = open_kiosk(world["root"], "loket-keliling-2")
        creds = enroll(kiosk.store, url, code, kiosk_name="Loket Keliling 2")
        assert creds.mpp == MPP
        reg, images = make_registration(802, kiosk.vault, shared={})
        kiosk.submit(reg, images)
        assert kiosk.engine().run_round().complete
        kiosk.store.close()

        driver.get(world["url"] + "/console/kiosks")
        row = driver.find_element(By.CSS_SELECTOR, f'tr[data-kiosk="{creds.kiosk_code}"]')
        assert "Loket Keliling 2" in row.text and "belum pernah" not in row.text
        version = row.find_element(By.CSS_SELECTOR, "td.version").text
        assert version == __version__  # reported by the kiosk's sync client at its pull
        assert driver.find_elements(By.ID, "pending-codes") == []  # the code is spent

        driver.get(world["url"] + "/console/dashboard")
        assert driver.find_element(By.ID, "tile-total").text == "2"
        assert driver.find_element(By.ID, "tile-queue").text == "2"
        title = driver.find_element(By.CSS_SELECTOR, "#dash-per-day svg title").get_attribute(
            "textContent"
        )
        assert title == "Pendaftaran per hari, 30 hari terakhir"

    # the code works once: a second kiosk with the same code is refused
    from kiosk.sync.messages import SyncError

    late = open_kiosk(world["root"], "loket-terlambat")
    try:
        with pytest.raises(SyncError):
            enroll(late.store, url, code, kiosk_name="Terlambat")
    finally:
        late.store.close()

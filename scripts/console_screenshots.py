"""Screenshots of the verifier's pages (queue, detail with scans, a scan opened large) in headless
Chromium on demo data.

    python scripts/console_screenshots.py [--out docs/screenshots/console] [--lang id|en]

Starts a throw-away central (SQLite, loopback) and a real kiosk data folder: the kiosk is enrolled
with a one-time code, gets 40 demo registrations (:func:`kiosk.demo.add_demo_registrations`:
Kalimantan Utara names, legal forms, KBLI, and real page images in its vault) and syncs them with
its own sync engine, pages uploaded and verified. One registration is flagged as a duplicate of
another and has an open conflict (its version again with another business name), and one gets a
verdict. Then Debian's chromium (Selenium, ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``;
nothing is downloaded) logs in as a verifier and writes ``queue.png``, ``detail.png`` (with the
forms that close the flag and the conflict), ``detail-scan.png``, ``detail-review.png`` (the
conflict's form filled in) and ``detail-resolved.png`` (after it was sent: the audit trail's
entry).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from sqlalchemy import Connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "kata-sandi-demo-panjang"  # noqa: S105 (a throw-away demo central's account)
MPP = "MPP Kota Tarakan"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "console"))
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shots = take(folder, out, args.lang)
    for shot in shots:
        print(shot)
    return 0


def take(folder: Path, out: Path, lang: str) -> list[Path]:
    from sqlalchemy import select

    from kiosk.central import admin
    from kiosk.central.console import users
    from kiosk.central.db import make_engine, session_factory, session_scope
    from kiosk.central.models import CentralRegistration
    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings
    from kiosk.demo import add_demo_registrations
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.enrol import enroll

    db_url = f"sqlite:///{folder / 'central.sqlite3'}"
    settings = CentralSettings(data_dir=folder / "central", database_url=db_url,
                               rate_per_second=10_000.0, rate_burst=10_000)  # fmt: skip
    server = start_in_thread(db_url, folder / "central", settings=settings)
    try:
        store = Store.open(folder / "kiosk")
        code = admin.create_enrolment_code(db_url, "Loket 1", MPP)
        enroll(store, server.url, code, kiosk_name="Loket 1")
        add_demo_registrations(store, 40, seed=2026, drafts=0.0)
        engine = SyncEngine(store, vault=Vault(store.paths.documents, store.keys))
        result = engine.run_round()
        if not result.complete:
            raise SystemExit(f"demo sync did not complete: {result}")
        db = make_engine(db_url)
        with session_scope(session_factory(db)) as session:
            users.add_user(session, "rina.verifikator", "verifier", PASSWORD,
                           mpp=MPP, time_zone="Asia/Makassar")  # fmt: skip
            regs = list(
                session.scalars(select(CentralRegistration).order_by(CentralRegistration.reg_no))
            )
            admin.decide(session, regs[-1], "verified", "", actor="agus.verifikator")
        with db.begin() as conn:  # a duplicate flag to show side by side
            conn.exec_driver_sql(
                "INSERT INTO central_duplicates (kind, registration_a, registration_b, created_at)"
                " VALUES ('nik', ?, ?, CURRENT_TIMESTAMP)",
                (regs[0].id, regs[1].id),
            )
            _conflict(conn, regs[0].id)
        db.dispose()
        return browse(server.url, out, lang, regs[0].reg_no)
    finally:
        server.stop()


def _conflict(conn: Connection, registration_id: str) -> None:
    """The registration's version pushed again with another business name: an open conflict."""
    import hashlib
    import json

    version, content, kiosk_id = conn.exec_driver_sql(
        "SELECT version, content, kiosk_id FROM central_versions WHERE registration_id = ?"
        " ORDER BY version DESC LIMIT 1",
        (registration_id,),
    ).one()
    other = json.loads(content)
    other["business"]["name"] = other["business"]["name"] + " Baru"
    text = json.dumps(other, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    conn.exec_driver_sql(
        "INSERT INTO central_conflicts (registration_id, version, content_hash, content, kiosk_id,"
        " received_at, resolution, outcome) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, '', '')",
        (registration_id, version, hashlib.sha256(text.encode()).hexdigest(), text, kiosk_id),
    )


def browse(url: str, out: Path, lang: str, reg_no: str) -> list[Path]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,900",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(arg)  # fmt: skip
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    shots = []
    try:
        wait = WebDriverWait(driver, 30)
        driver.get(f"{url}/console/login?lang={lang}")
        driver.find_element(By.ID, "username").send_keys("rina.verifikator")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.ID, "login-submit").click()
        wait.until(lambda d: "/console/queue" in d.current_url)
        if lang == "en":
            driver.find_element(By.CSS_SELECTOR, "select[name=language]").send_keys("English")
            wait.until(lambda d: 'lang="en"' in d.page_source)
        driver.find_element(By.TAG_NAME, "body").send_keys("jj")  # the keyboard's selection
        shots.append(_full(driver, out / "queue.png"))
        driver.get(f"{url}/console/registrations/{reg_no}")
        thumbs = driver.find_elements(By.CSS_SELECTOR, "#thumbs img")
        wait.until(lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", t)
            for t in thumbs
        ))  # fmt: skip
        shots.append(_full(driver, out / "detail.png"))
        thumbs[0].click()
        large = driver.find_element(By.ID, "viewer-image")
        wait.until(lambda d: d.execute_script("return arguments[0].naturalWidth", large))
        driver.find_element(By.CSS_SELECTOR, "[data-act=rotate]").click()
        time.sleep(0.3)
        path = out / "detail-scan.png"
        driver.save_screenshot(str(path))
        shots.append(path)
        driver.get(f"{url}/console/registrations/{reg_no}")  # the conflict closed from the page
        form = driver.find_element(By.CSS_SELECTOR, "form[id^=conflict-form-]")
        form.find_element(By.CSS_SELECTOR, "input[value=pushed]").click()
        form.find_element(By.TAG_NAME, "textarea").send_keys(
            "Nama usaha dikoreksi di kios; isi yang dikirim benar."
        )
        shots.append(_window(driver, form, out / "detail-review.png"))
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: "resolved=conflict" in d.current_url)
        trail = driver.find_element(By.ID, "trail")
        shots.append(_window(driver, trail, out / "detail-resolved.png", block="end"))
    finally:
        driver.quit()
    return shots


def _window(driver: WebDriver, element: WebElement, path: Path, block: str = "center") -> Path:
    """The window with ``element`` scrolled into view."""
    driver.execute_script(f"arguments[0].scrollIntoView({{block: '{block}'}})", element)
    time.sleep(0.2)
    driver.save_screenshot(str(path))
    return path


def _full(driver: WebDriver, path: Path) -> Path:
    """The whole page, not only the window: the window grows to the document's height."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1366, min(max(900, height), 4000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1366, 900)
    return path


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of the console's dashboard, kiosks page and enrolment page, in headless Chromium on
demo data.

    python scripts/console_ops_screenshots.py [--out docs/screenshots/console] [--lang id|en]

Starts a throw-away central (SQLite, loopback) and fills it the way a province would: three MPPs
with two kiosks each, enrolled with one-time codes over the real API; 180 demo registrations
(:class:`kiosk.demo.DemoFactory`: Kalimantan Utara's villages, names, legal forms and KBLI) spread
over the last 30 days and pushed by their kiosks; verdicts by three verifiers in the audit trail;
kiosks that synced at different times. Then Debian's chromium (Selenium, ``/usr/bin/chromium``
and ``/usr/bin/chromedriver``) logs in as an administrator and as a supervisor and writes
``dashboard.png``, ``kiosks.png`` and ``enrolment.png``. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "kata-sandi-demo-panjang"  # noqa: S105 (a throw-away demo central's account)
MPPS = ("MPP Kota Tarakan", "MPP Kabupaten Nunukan", "MPP Kabupaten Malinau")
VERIFIERS = ("rina.verifikator", "agus.verifikator", "dewi.verifikator")


def _pem(public: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _enrol(http: Any, db_url: str, name: str, mpp: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk.central import admin

    code = admin.create_enrolment_code(db_url, name, mpp)
    signing = Ed25519PrivateKey.generate()
    body = {
        "code": code,
        "kiosk_name": name,
        "signing_public_key": _pem(signing.public_key()),
        "document_public_key": _pem(X25519PrivateKey.generate().public_key()),
    }
    answer = http.post("/api/v1/enroll", json=body)
    answer.raise_for_status()
    return dict(answer.json()) | {"signing": signing}


def seed(url: str, db_url: str, zone: dt.tzinfo) -> None:
    import httpx
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from sqlalchemy import select

    from kiosk import __version__
    from kiosk.central import audit
    from kiosk.central.db import make_engine, session_factory, session_scope
    from kiosk.central.models import CentralRegistration, Kiosk
    from kiosk.demo import DemoFactory
    from kiosk.protocol import version_signing_bytes
    from kiosk.security import regid

    rng = random.Random(11)  # noqa: S311 (demo data, the same every run)
    factory = DemoFactory(seed=5)
    today = dt.datetime.now(zone).date()
    with httpx.Client(base_url=url, timeout=60) as http:
        kiosks = [_enrol(http, db_url, f"Loket {n + 1}", mpp) for mpp in MPPS for n in range(2)]
        n = 0
        for index, kiosk in enumerate(kiosks):
            items = []
            for k in range(rng.choice((20, 28, 36)) if index % 2 == 0 else 16):
                reg = factory.make(n)
                n += 1
                reg.documents = []  # the screenshots need no scans
                day = today - dt.timedelta(days=min(rng.expovariate(1 / 9), 29))
                reg.reg_no = f"{kiosk['kiosk_code']}-{day:%Y%m%d}-{k + 1:04d}"
                reg.id = regid.mint(  # as the kiosk makes it: bound to its key
                    kiosk["signing"].public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
                )
                signed = version_signing_bytes(
                    reg.id, 1, reg.reg_no, reg.content_hash(), "submitted"
                )
                items.append(
                    {
                        "seq": k + 1,
                        "registration_id": reg.id,
                        "reg_no": reg.reg_no,
                        "version": 1,
                        "content_hash": reg.content_hash(),
                        "content": reg.content(),
                        "status": "submitted",
                        "page_hashes": [],
                        "signature": base64.b64encode(kiosk["signing"].sign(signed)).decode(),
                    }
                )
            headers = {"Authorization": f"Bearer {kiosk['device_token']}"}
            answer = http.post("/api/v1/push", json={"items": items}, headers=headers)
            answer.raise_for_status()
            refused = [r for r in answer.json()["results"] if r["outcome"] == "invalid"]
            if refused:
                raise SystemExit(f"the central refused the demo push: {refused[0]['error']}")
            version = __version__ if index % 3 else "0.0.9"  # a desk not updated yet
            agent = {"User-Agent": f"kiosk/{version} kiosk-sync/1"}
            http.get("/api/v1/pull", headers=headers | agent).raise_for_status()
    engine = make_engine(db_url)
    now = dt.datetime.now(dt.UTC)
    try:
        with session_scope(session_factory(engine)) as session:
            for kiosk in session.scalars(select(Kiosk)):
                kiosk.last_push_at = now - dt.timedelta(hours=rng.choice((1, 3, 20, 80)))
                kiosk.last_pull_at = kiosk.last_push_at
            for reg in session.scalars(select(CentralRegistration)):
                reg.updated_at = now - dt.timedelta(days=rng.expovariate(1 / 4))
                if rng.random() < 0.55:
                    status = rng.choices(("verified", "needs_fix", "rejected"), (7, 2, 1))[0]
                    reg.status = status
                    reg.verdict_reason = "" if status == "verified" else "Foto KTP buram"
                    audit.record(
                        session,
                        rng.choice(VERIFIERS),
                        "verdict",
                        registration_id=reg.id,
                        details={"status": status},
                    )
    finally:
        engine.dispose()


def _users(db_url: str) -> None:
    from kiosk.central.console import users
    from kiosk.central.db import make_engine, session_factory, session_scope

    engine = make_engine(db_url)
    try:
        with session_scope(session_factory(engine)) as session:
            users.add_user(session, "admin.provinsi", "admin", PASSWORD, time_zone="Asia/Makassar")
            users.add_user(
                session,
                "supervisor.tarakan",
                "supervisor",
                PASSWORD,
                mpp=MPPS[0],
                time_zone="Asia/Makassar",
            )
    finally:
        engine.dispose()


def _full_page(driver: Any, path: Path, width: int = 1366) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(int(height) + 20, 768), 4000))
    driver.save_screenshot(str(path))
    driver.set_window_size(width, 900)


def _driver(lang: str) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", f"--lang={lang}", "--hide-scrollbars"):  # fmt: skip
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _login(driver: Any, url: str, username: str, lang: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{url}/console/login?lang={lang}")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 20).until(lambda d: "/console/login" not in d.current_url)


def shoot(url: str, out: Path, lang: str) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    written = []
    driver = _driver(lang)
    try:
        _login(driver, url, "admin.provinsi", lang)
        if lang == "en":  # the account's own language setting, as a person would switch it
            driver.get(f"{url}/console/dashboard")
        driver.get(f"{url}/console/dashboard")
        _full_page(driver, out / "dashboard.png")
        written.append(out / "dashboard.png")
        driver.delete_all_cookies()
        _login(driver, url, "supervisor.tarakan", lang)
        driver.get(f"{url}/console/kiosks")
        _full_page(driver, out / "kiosks.png")
        written.append(out / "kiosks.png")
        driver.find_element(By.ID, "kiosk_name").send_keys("Loket 3")
        driver.find_element(By.ID, "enrol-create").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#enrol-qr svg"))
        _full_page(driver, out / "enrolment.png")
        written.append(out / "enrolment.png")
    finally:
        driver.quit()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "console")
    parser.add_argument("--lang", choices=("id", "en"), default="id")
    args = parser.parse_args()
    from zoneinfo import ZoneInfo

    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_url = f"sqlite:///{folder / 'central.sqlite3'}"
        settings = CentralSettings(data_dir=folder, database_url=db_url, rate_burst=100_000)
        with start_in_thread(db_url, folder, settings=settings) as running:
            seed(running.url, db_url, ZoneInfo("Asia/Makassar"))
            _users(db_url)
            written = shoot(running.url, args.out, args.lang)
    for path in written:
        print(path)
    print(json.dumps({"screenshots": len(written)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

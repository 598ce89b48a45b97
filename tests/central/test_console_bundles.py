"""The console's bundle upload (issue 14.3): a kiosk's offline bundle imported from the browser.

Real parts: an enrolled kiosk store with its vault writes a real bundle (split into parts), a
central on loopback (SQLite and PostgreSQL) receives it as a multipart upload over httpx, logged
in as real console users. Checked: stored once, twice harmless, the confirmation downloaded and
taken in by the kiosk; one altered byte refused with the bilingual message and nothing changed;
another MPP's supervisor and a form without CSRF refused; every import and refusal audited; the
upload's size limit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from tests.central.console_helpers import add_user, csrf, login
from tests.core.test_sync_support import (
    central_database,
    central_versions,
    enrolled_kiosk,
    make_registration,
    running_central,
)

MPP = "MPP Kota Samarinda"
OTHER_MPP = "MPP Kota Balikpapan"


def _upload(client: httpx.Client, parts: list[Path], token: str | None) -> httpx.Response:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in parts]
    data = {"csrf_token": token} if token is not None else {}
    return client.post("/console/bundles", data=data, files=files)


def _state(page: str) -> str:
    found = re.search(r'id="bundle-job" data-state="(\w+)"', page)
    assert found, page
    return found.group(1)


def _job(client: httpx.Client, answer: httpx.Response) -> httpx.Response:
    """The upload was queued (303 to its job page): the job page once the job has ended. The
    page refreshes itself until then, without script (the CSP's rule)."""
    import time

    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/console/bundles/jobs/[0-9a-f-]{36}", location)
    for _ in range(3000):  # a bound on the wait, not a timed assertion
        page = client.get(location)
        assert page.status_code == 200, page.text
        if _state(page.text) in ("done", "refused", "failed"):
            assert '<meta http-equiv="refresh"' not in page.text
            return page
        assert (
            '<meta http-equiv="refresh" content="2">' in page.text and "<script>" not in page.text
        )
        time.sleep(0.1)
    raise AssertionError("the bundle job did not end")


def _token(client: httpx.Client) -> str:
    page = client.get("/console/bundles")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    return csrf(page.text)


def _count(page: str, name: str) -> int:
    found = re.search(rf'data-count="{name}"><th[^>]*>[^<]*</th><td class="num">([\d.]+)<', page)
    assert found, page
    return int(found.group(1).replace(".", ""))


def _audit(db_url: str, action: str) -> list[tuple[str, str, dict[str, object]]]:
    from sqlalchemy import select

    from kiosk.central.db import make_engine
    from kiosk.central.models import AuditRecord

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(AuditRecord.actor, AuditRecord.target, AuditRecord.details)
                .where(AuditRecord.action == action)
                .order_by(AuditRecord.id)
            )
            return [(r.actor, r.target, json.loads(r.details)) for r in rows]
    finally:
        engine.dispose()


def _make_mpp(db_url: str, name: str) -> None:
    from kiosk.central.db import make_engine, session_factory, session_scope
    from kiosk.central.enrolment import get_or_create_mpp

    engine = make_engine(db_url)
    try:
        with session_scope(session_factory(engine)) as session:
            get_or_create_mpp(session, name)
    finally:
        engine.dispose()


def _stored_pages(db_url: str) -> int:
    from sqlalchemy import func, select

    from kiosk.central.db import make_engine
    from kiosk.central.models import StoredPage

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(StoredPage)).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_bundle_uploaded_in_the_console_is_stored_once_and_refusals_change_nothing(
    tmp_path: Path, backend: str
) -> None:
    from kiosk.bundle.confirm import apply_confirmation, sent_by_bundle
    from kiosk.bundle.export import export_bundle

    storage = tmp_path / "central"
    json_limit = 16 * 1024  # the upload is larger: it must stream past the JSON body limit
    with (
        central_database(backend, tmp_path) as db_url,
        running_central(db_url, storage, max_json_bytes=json_limit) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "kios-upload", central.url, db_url, mpp=MPP)
        shared: dict[str, str] = {}
        for seed in range(9700, 9706):
            kiosk.submit(*make_registration(seed, kiosk.vault, shared=shared))
        result = export_bundle(kiosk.store, tmp_path / "stick" / "kios.bundle", split_mb=0.01)
        parts = result.files
        assert result.items == 6 and len(parts) > 1  # a split bundle: every part uploaded at once
        assert sum(p.stat().st_size for p in parts) > json_limit
        _make_mpp(db_url, OTHER_MPP)
        admin = add_user(db_url, "admin")
        supervisor = add_user(db_url, "supervisor", mpp=MPP)
        stranger = add_user(db_url, "supervisor", mpp=OTHER_MPP)

        altered = tmp_path / "altered"
        altered.mkdir()
        copies = []
        for part in parts:
            copy = altered / part.name
            copy.write_bytes(part.read_bytes())
            copies.append(copy)
        data = bytearray(copies[0].read_bytes())
        data[len(data) // 2] ^= 0x01
        copies[0].write_bytes(bytes(data))
        with login(central.url, admin) as client:
            answer = _job(client, _upload(client, copies, _token(client)))
        assert _state(answer.text) == "refused"
        assert "telah diubah atau rusak" in answer.text and "tidak ada yang diubah" in answer.text
        assert central_versions(db_url) == [] and _stored_pages(db_url) == 0
        assert _audit(db_url, "bundle.refused")[-1][2] == {"reason": "bundle.signature_invalid"}

        with login(central.url, stranger) as client:
            assert _upload(client, parts, _token(client)).status_code == 403
        with login(central.url, supervisor) as client:
            assert _upload(client, parts, None).status_code == 403  # no CSRF token
            assert _upload(client, parts, _token(client) + "x").status_code == 403
        assert central_versions(db_url) == [] and _stored_pages(db_url) == 0
        assert _audit(db_url, "bundle.imported") == []

        with login(central.url, supervisor) as client:
            first = _job(client, _upload(client, parts, _token(client)))
            assert _state(first.text) == "done"
            assert _count(first.text, "stored") == 6 and _count(first.text, "unchanged") == 0
            assert _count(first.text, "pages") == len(kiosk.pages)
            held = sorted(central_versions(db_url))
            assert held == sorted((rid, v, h) for (rid, v), h in kiosk.submitted.items())

            again = _job(client, _upload(client, parts, _token(client)))  # twice: harmless
            assert _state(again.text) == "done"
            assert _count(again.text, "stored") == 0 and _count(again.text, "unchanged") == 6
            assert sorted(central_versions(db_url)) == held

            link = re.search(r'id="bundle-confirmation" href="([^"]+)"', first.text)
            assert link is not None
            download = client.get(link.group(1))
            assert download.status_code == 200
            assert "attachment" in download.headers["content-disposition"]
        short = re.search(r"/console/bundles/([0-9a-f]{8})", link.group(1))
        assert short is not None
        with login(central.url, stranger) as client:
            assert client.get(link.group(1)).status_code == 403
            assert client.get(first.url.path).status_code == 403  # nor its job's page
            assert f'data-bundle="{short.group(1)}"' not in client.get("/console/bundles").text
        for user in (supervisor, admin):  # the two imports listed, with the confirmation
            with login(central.url, user) as client:
                page = client.get("/console/bundles").text
                assert page.count(f'data-bundle="{short.group(1)}"') == 2
                assert page.count(f'href="{link.group(1)}" download') == 2

        confirmation = tmp_path / "konfirmasi.json"
        confirmation.write_bytes(download.content)
        assert sent_by_bundle(kiosk.store) == 6
        assert apply_confirmation(kiosk.store, confirmation).confirmed == 6
        assert sent_by_bundle(kiosk.store) == 0

        imported = _audit(db_url, "bundle.imported")
        assert [actor for actor, _, _ in imported] == [supervisor, supervisor]
        targets = {target for _, target, _ in imported}  # the kiosk's code, no personal data
        assert len(targets) == 1 and targets != {""}
        assert [d["stored"] for _, _, d in imported] == ["6", "0"]  # details are stored as text
        assert list((storage / "uploads").iterdir()) == []  # the temporary copies are gone


def _jobs(db_url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    from kiosk.central.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_same_bundle_uploaded_while_it_is_applied_waits_and_is_stored_once(
    tmp_path: Path,
) -> None:
    """Two uploads of one bundle at once: the second job waits while another applies the same
    bundle (here a row of another central process, still beating), its page refreshing itself;
    then it runs and finds everything held. Then both uploads at once through the worker."""
    import uuid

    from kiosk.bundle.export import export_bundle
    from kiosk.central import bundle_jobs

    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "kios-twice", central.url, db_url, mpp=MPP)
        for seed in range(9900, 9904):
            kiosk.submit(*make_registration(seed, kiosk.vault))
        result = export_bundle(kiosk.store, tmp_path / "stick" / "kios.bundle", split_mb=0.01)
        kiosk_id = _jobs(db_url, "SELECT id FROM central_kiosks WHERE name = :n", n="kios-twice")
        other = str(uuid.uuid4())  # another process applying this bundle right now
        _jobs(db_url, "INSERT INTO central_bundle_jobs VALUES (:id, now(), now(), 'x', :k, "
              "'KODE', :b, 'running', 0, 0, 1, '{}')", id=other, k=kiosk_id[0][0],
              b=result.bundle_id)  # fmt: skip
        admin = add_user(db_url, "admin")
        with login(central.url, admin) as client:
            queued = _upload(client, result.files, _token(client))
            assert queued.status_code == 303
            page = client.get(queued.headers["location"])
            assert _state(page.text) == "queued"
            assert '<meta http-equiv="refresh" content="2">' in page.text
            assert "<script>" not in page.text and central_versions(db_url) == []
            _jobs(db_url, "UPDATE central_bundle_jobs SET state = 'done' WHERE id = :id", id=other)
            done = _job(client, queued)
            assert _count(done.text, "stored") == 4

            both = [_upload(client, result.files, _token(client)) for _ in range(2)]
            pages = [_job(client, answer) for answer in both]
            assert [_count(p.text, "stored") for p in pages] == [0, 0]
            assert [_count(p.text, "unchanged") for p in pages] == [4, 4]
        assert sorted(central_versions(db_url)) == sorted(
            (rid, v, h) for (rid, v), h in kiosk.submitted.items()
        )
        assert list((storage / bundle_jobs.UPLOADS).iterdir()) == []


def test_a_job_left_running_by_a_stopped_central_is_resumed_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The central stopped while applying an upload (its row still ``running``, its parts on
    disk): the next start finds the row without a heartbeat, applies it, and reports it."""
    import shutil
    import uuid

    from kiosk.bundle.export import export_bundle
    from kiosk.central import bundle_jobs

    storage = tmp_path / "central"
    with central_database("sqlite", tmp_path) as db_url:
        with running_central(db_url, storage) as central:
            kiosk = enrolled_kiosk(tmp_path, "kios-restart", central.url, db_url, mpp=MPP)
            for seed in range(9950, 9953):
                kiosk.submit(*make_registration(seed, kiosk.vault))
            result = export_bundle(kiosk.store, tmp_path / "stick" / "kios.bundle", split_mb=0.01)
            admin = add_user(db_url, "admin")
        job = str(uuid.uuid4())
        for index, part in enumerate(result.files, start=1):
            folder = bundle_jobs.job_folder(storage, job) / str(index)
            folder.mkdir(parents=True)
            shutil.copy(part, folder / part.name)
        [(kiosk_id,)] = _jobs(db_url, "SELECT id FROM central_kiosks")
        _jobs(db_url, "INSERT INTO central_bundle_jobs VALUES (:id, '2026-01-01 00:00:00', "
              "'2026-01-01 00:00:00', :a, :k, 'KODE', :b, 'running', 1, 3, 1, '{}')",
              id=job, a=admin, k=kiosk_id, b=result.bundle_id)  # fmt: skip
        with running_central(db_url, storage) as central, login(central.url, admin) as client:
            page = _job(
                client, httpx.Response(303, headers={"location": f"/console/bundles/jobs/{job}"})
            )
            assert _count(page.text, "stored") == 3
        assert _jobs(db_url, "SELECT state, attempts FROM central_bundle_jobs") == [("done", 2)]
        assert len(central_versions(db_url)) == 3
        assert list((storage / bundle_jobs.UPLOADS).iterdir()) == []


def test_uploads_too_large_empty_or_not_a_bundle_are_refused_with_a_message(tmp_path: Path) -> None:
    from kiosk.central.console.bundle_upload import MAX_PARTS

    storage = tmp_path / "central"
    limit = 4096
    with (
        central_database("sqlite", tmp_path) as db_url,
        running_central(db_url, storage, max_bundle_upload_bytes=limit) as central,
    ):
        admin = add_user(db_url, "admin")
        declared = tmp_path / "besar.bundle"  # refused on its Content-Length, body unread
        declared.write_bytes(b"\x00" * (limit + 100 * 1024))
        counted = tmp_path / "agak-besar.bundle"  # within the framing allowance: counted
        counted.write_bytes(b"\x00" * (limit + 1))
        small = tmp_path / "kecil.bundle"
        small.write_bytes(b"not a bundle")
        with login(central.url, admin) as client:
            for big in (declared, counted):
                answer = _upload(client, [big], _token(client))
                assert answer.status_code == 413 and "Unggahan lebih besar dari" in answer.text
            answer = _upload(client, [small], _token(client))
            assert answer.status_code == 422 and "bukan bundel kios" in answer.text
            answer = _upload(client, [], _token(client))
            assert answer.status_code == 422 and "Pilih berkas bundel" in answer.text
            answer = _upload(client, [small] * (MAX_PARTS + 1), _token(client))
            assert answer.status_code == 400 and "lebih dari" in answer.text
        reasons = [d["reason"] for _, _, d in _audit(db_url, "bundle.refused")]
        assert reasons == ["bundle.not_bundle", "bundle.no_files"]
        assert list((storage / "uploads").iterdir()) == []


def test_a_supervisor_imports_a_split_bundle_in_a_real_browser(tmp_path: Path) -> None:
    """Debian's Chromium chooses every part in the page's file input and submits the form: the
    browser's own multipart body, the CSP and the nav link, end to end."""
    from selenium.webdriver.common.by import By

    from kiosk.bundle.export import export_bundle
    from tests.central.console_helpers import browser_login, chromium, wait_for

    storage = tmp_path / "central"
    with (
        central_database("sqlite", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "kios-browser", central.url, db_url, mpp=MPP)
        kiosk.submit(*make_registration(9800, kiosk.vault))
        kiosk.submit(*make_registration(9801, kiosk.vault))
        parts = export_bundle(kiosk.store, tmp_path / "stick" / "kios.bundle", split_mb=0.01).files
        assert len(parts) > 1
        supervisor = add_user(db_url, "supervisor", mpp=MPP)
        with chromium() as driver:
            browser_login(driver, central.url, supervisor)
            driver.find_element(By.CSS_SELECTOR, 'nav a[href="/console/bundles"]').click()
            wait_for(driver, lambda d: d.find_elements(By.ID, "bundle-files"))
            chooser = driver.find_element(By.ID, "bundle-files")
            chooser.send_keys("\n".join(str(p) for p in parts))
            driver.find_element(By.ID, "bundle-submit").click()
            wait_for(driver, lambda d: d.find_elements(By.ID, "bundle-counts"))
            stored = driver.find_element(By.CSS_SELECTOR, '[data-count="stored"] td').text
            assert stored == "2"
            link = driver.find_element(By.ID, "bundle-confirmation").get_attribute("href")
            assert link and link.endswith("/confirmation")
        assert len(central_versions(db_url)) == 2

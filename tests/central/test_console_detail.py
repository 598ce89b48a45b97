"""What the verifier's detail page shows, on a real central: the current version's fields, the
differences between versions, an open conflict side by side, a duplicate flag beside the other
registration, the checklist's missing documents and the audit trail; the queue's filters find it.
"""

from __future__ import annotations

import hashlib
import html

import pytest

from tests.central.console_helpers import add_user, login
from tests.central.helpers import Central, registration


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("console-detail")
    with Central.start(f"sqlite:///{folder / 'c.sqlite3'}", folder, backend="sqlite") as running:
        yield running


def test_the_detail_page_shows_versions_conflicts_duplicates_checklist_and_trail(
    central: Central,
) -> None:
    kiosk = central.enroll()
    nik = "6471014507900003"
    reg = registration(kiosk.kiosk_code, nik=nik)
    reg.business.name = "Kopi Sinar Mahakam"
    reg.business.legal_form = "cv"  # a CV needs its deed: the checklist says what is missing
    reg.business.kbli = ["10761"]
    reg.address.regency_code = "64.72"
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    corrected = registration(kiosk.kiosk_code, nik=nik)
    corrected.id, corrected.reg_no, corrected.version = reg.id, reg.reg_no, 2
    corrected.business.name, corrected.business.legal_form = "Kopi Sinar Mahakam Jaya", "cv"
    corrected.business.kbli, corrected.address.regency_code = ["10761"], "64.72"
    assert kiosk.push(kiosk.item(corrected)).status_code == 200
    rival = registration(kiosk.kiosk_code, nik=nik)  # v2 again with other content: a conflict
    rival.id, rival.reg_no, rival.version = reg.id, reg.reg_no, 2
    rival.business.name = "Kopi Sinar Mahakam Lain"
    answer = kiosk.push(kiosk.item(rival)).json()
    assert answer["results"][0]["outcome"] == "conflict"
    other_kiosk = central.enroll()
    twin = registration(other_kiosk.kiosk_code, nik=nik)  # the same NIK elsewhere: a flag
    assert other_kiosk.push(other_kiosk.item(twin)).status_code == 200

    with login(central.url, add_user(central.db_url, "verifier")) as client:
        page = client.get(f"/console/registrations/{reg.reg_no}")
        assert page.status_code == 200
        text = html.unescape(page.text)
        assert "Kopi Sinar Mahakam Jaya" in text  # the current version
        assert "<del>Kopi Sinar Mahakam</del>" in text  # version 1 → 2, before and after
        assert "<ins>Kopi Sinar Mahakam Jaya</ins>" in text
        assert "<ins>Kopi Sinar Mahakam Lain</ins>" in text  # the conflict, side by side
        assert "Kedua isi lengkap" in text
        assert twin.reg_no in text and "NIK sama dengan" in text  # the duplicate beside it
        assert "Belum lengkap" in text  # no documents attached: required ones are missing
        assert "registration.viewed" in text  # the audit trail, this view included
        for params in (
            {"legal_form": "cv", "regency": "64.72", "kbli": "1076"},
            {"duplicate": "yes", "q": "sinar mahakam"},
            {"q": reg.reg_no},
        ):
            listed = client.get("/console/queue", params=params)
            assert reg.reg_no in listed.text, params
        assert reg.reg_no not in client.get("/console/queue", params={"kbli": "4791"}).text
        assert reg.reg_no not in client.get("/console/queue", params={"duplicate": "no"}).text


def test_dates_read_the_indonesian_way_and_page_hashes_stay_with_the_scans(
    central: Central,
) -> None:
    import datetime as dt
    import re

    from kiosk.domain.model import PageRef, Product

    kiosk = central.enroll()
    scan = b"halaman KTP" * 40
    reg = registration(kiosk.kiosk_code, pages=[scan])
    reg.owner.birth_date = dt.date(1985, 12, 3)
    reg.consent.given_at = dt.datetime(2026, 12, 3, 6, 5, tzinfo=dt.UTC)
    photo = hashlib.sha256(b"foto kopi").hexdigest()
    reg.products = [Product(name="Kopi Liberika", photos=[PageRef(sha256=photo, size=9)])]
    page_sha = hashlib.sha256(scan).hexdigest()
    answer = kiosk.push(kiosk.item(reg, page_hashes=sorted({page_sha, photo}))).json()
    assert answer["results"][0]["outcome"] == "stored", answer["results"][0]["error"]

    with login(central.url, add_user(central.db_url, "verifier")) as client:  # zone: WITA
        text = html.unescape(client.get(f"/console/registrations/{reg.reg_no}").text)
    fields = re.search(r'<dl class="fields" id="fields">(.*?)</dl>', text, re.S)
    thumbs = re.search(r'<div class="thumbs" id="thumbs">(.*?)<div class="viewer"', text, re.S)
    assert fields and thumbs
    listed = fields.group(1)
    assert "<dd>3 Desember 1985 (1985-12-03)</dd>" in listed  # the stored value stays beside
    assert "<dd>3 Desember 2026 14.05 WITA (2026-12-03T06:05:00+00:00)</dd>" in listed
    assert "Kopi Liberika" in listed  # the product's own fields are still listed
    for sha in (page_sha, photo):
        assert sha not in listed and sha[:12] in thumbs.group(1)  # with the scans only
    assert "SHA-256 halaman" not in listed and "Ukuran (bita)" not in listed
    assert "KTP, halaman 1" in thumbs.group(1)
    assert "Foto produk 1: Kopi Liberika, halaman 1" in thumbs.group(1)

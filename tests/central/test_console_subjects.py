"""The administrator's data-subject page: requests with deadlines, a NIK's export as a download,
an erasure that needs a reason and a ticked confirmation; administrators only; CSRF required."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.central.helpers import Central, registration


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("central-subjects-console")
    with Central.start(f"sqlite:///{folder / 'central.sqlite3'}", folder, backend="sqlite") as c:
        yield c


def test_admin_exports_and_erases_by_nik(central) -> None:
    from tests.central.console_helpers import add_user, csrf, login

    kiosk = central.enroll()
    nik, other_nik = "6471010101900001", "6471014101850002"
    mine, theirs = (
        registration(kiosk.kiosk_code, nik=nik),
        registration(kiosk.kiosk_code, nik=other_nik),
    )
    theirs.owner.full_name = "Orang Lain Sekali"
    answer = kiosk.push(kiosk.item(mine), kiosk.item(theirs))
    assert [r["outcome"] for r in answer.json()["results"]] == ["stored", "stored"]
    admin, supervisor = add_user(central.db_url, "admin"), add_user(central.db_url, "viewer")
    with login(central.url, supervisor) as client:
        assert client.get("/console/subjects").status_code == 403
    with login(central.url, admin) as client:
        page = client.get("/console/subjects")
        assert page.status_code == 200 and "Permintaan subjek data" in page.text
        token = csrf(page.text)
        assert client.post("/console/subjects/export", data={"nik": nik}).status_code in (403, 422)
        download = client.post("/console/subjects/export", data={"nik": nik, "csrf_token": token})
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/zip"
        assert "no-store" in download.headers.get("cache-control", "")
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            data = json.loads(archive.read("data.json"))
            everything = b"".join(archive.read(n) for n in archive.namelist())
        assert [r["reg_no"] for r in data["registrations"]] == [mine.reg_no]
        assert other_nik.encode() not in everything and b"Orang Lain" not in everything
        unconfirmed = client.post(
            "/console/subjects/erase", data={"nik": nik, "reason": "surat", "csrf_token": token}
        )
        assert unconfirmed.status_code == 422 and "Centang konfirmasi" in unconfirmed.text
        erased = client.post(
            "/console/subjects/erase",
            data={"nik": nik, "reason": "surat 3 Des", "confirm": "yes", "csrf_token": token},
            follow_redirects=False,
        )
        assert erased.status_code == 303
        page = client.get("/console/subjects?done=erased")
        assert "Data dihapus di pusat" in page.text and "Jejak audit pusat utuh" in page.text
        assert page.text.count("data-request=") == 2  # the export and the erasure
        assert nik not in page.text  # only the masked NIK is shown
    held = central.sql("SELECT registration_id FROM central_versions")
    assert mine.id not in {r[0] for r in held} and theirs.id in {r[0] for r in held}
    actions = [
        r[0] for r in central.sql("SELECT actor FROM central_audit WHERE action LIKE 'subject.%'")
    ]
    assert admin in actions

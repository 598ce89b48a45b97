"""``kiosk central subject export|erase|list`` and ``kiosk central audit verify`` as typed, and
``kiosk audit verify`` on a kiosk's data folder: exit codes and what they print."""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.push_signature import signed_message
from tests.central.helpers import Central, registration


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("central-subject-cli")
    with Central.start(f"sqlite:///{folder / 'central.sqlite3'}", folder, backend="sqlite") as c:
        yield c


def test_subject_commands(central, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_LANG", "id")
    kiosk = central.enroll()
    nik = "6471010101900007"
    reg = registration(kiosk.kiosk_code, nik=nik)
    item = kiosk.item(reg, signature="")  # signed once for the push (kiosk.push_signature)
    answer = kiosk.push(item, push_signature=kiosk.tree_signature(item))
    assert answer.json()["results"][0]["outcome"] == "stored"
    where = ["--database-url", central.db_url, "--data-dir", str(central.folder)]
    out = tmp_path / "salinan.zip"
    assert cli.main(["central", "subject", "export", nik, "-o", str(out), *where]) == 0
    printed = capsys.readouterr().out
    assert "1 pendaftaran" in printed and "batas waktu" in printed
    assert out.stat().st_mode & 0o077 == 0  # readable by its owner only
    with zipfile.ZipFile(out) as archive:
        [held] = json.loads(archive.read("data.json"))["registrations"]
    assert held["reg_no"] == reg.reg_no
    # the copy proves, with the kiosk's public key alone, that each version came from it
    [version] = held["versions"]
    message = signed_message(reg.id, version["version"], reg.reg_no, version["content_hash"],
                             "submitted", version["signature_path"])  # fmt: skip
    assert message is not None and version["signature_path"].startswith("0.1.")
    kiosk.signing.public_key().verify(base64.b64decode(version["signature"]), message)
    assert cli.main(["central", "subject", "erase", nik, "--reason", " ", *where]) == 2
    assert "alasan" in capsys.readouterr().err.lower()
    assert cli.main(["central", "subject", "erase", "123", "--reason", "surat", *where]) == 2
    assert "16 angka" in capsys.readouterr().err
    assert cli.main(["central", "subject", "erase", nik, "--reason", "surat", *where]) == 0
    assert reg.reg_no in capsys.readouterr().out
    assert cli.main(["central", "subject", "list", "--open", "--json", *where]) == 0
    [pending] = json.loads(capsys.readouterr().out)
    assert pending["kind"] == "erasure" and pending["pending_kiosks"] == [kiosk.kiosk_id]
    assert cli.main(["central", "audit", "verify", *where]) == 0
    assert "utuh" in capsys.readouterr().out
    with kiosk.http() as http:  # the kiosk's log goes backwards (a restored backup)
        first = http.post("/audit/head", json={"seq": 10, "hash": "a" * 64}).json()
        again = http.post("/audit/head", json={"seq": 10, "hash": "a" * 64}).json()
        back = http.post("/audit/head", json={"seq": 4, "hash": "b" * 64}).json()
    assert first == again == {"anchors": [{"seq": 10, "hash": "a" * 64}], "regressed": False}
    assert back == {"anchors": [{"seq": 4, "hash": "b" * 64}], "regressed": True}
    assert cli.main(["central", "audit", "verify", *where]) == 0
    assert (
        f"Kios {kiosk.kiosk_code}: log audit mundur dari entri 10 ke 4" in capsys.readouterr().out
    )
    central.sql("UPDATE central_audit SET actor = 'mallory' WHERE seq = 1")
    assert cli.main(["central", "audit", "verify", *where]) == 1
    assert "entri 1 diubah" in capsys.readouterr().out


def test_kiosk_audit_verify(data_dir: Path, capsys) -> None:
    from kiosk.staff import audit
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        for i in range(4):
            audit.log(store, "sari", "registration.viewed", f"r{i}")
    assert cli.main(["audit", "verify", "--offline", "--data-dir", str(data_dir)]) == 0
    assert "Log audit utuh: 4 entri" in capsys.readouterr().out
    with Store.open(data_dir) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 2")
    assert cli.main(["audit", "verify", "--offline", "--data-dir", str(data_dir)]) == 1
    assert "entri 2 dihapus" in capsys.readouterr().out


def test_a_withdrawal_from_another_mpp_is_recorded_not_carried_out(central) -> None:
    from tests.central.helpers import unique

    owner, stranger = central.enroll(mpp=unique("MPP A")), central.enroll(mpp=unique("MPP B"))
    reg = registration(owner.kiosk_code, nik="6471010101900009")
    assert owner.push(owner.item(reg)).json()["results"][0]["outcome"] == "stored"
    body = {"withdrawals": [{"request_id": "w-1", "registration_id": reg.id, "reg_no": reg.reg_no}]}
    with stranger.http() as http:
        assert http.post("/erasures", json=body).json() == {"accepted": [reg.id]}
    assert [r[0] for r in central.sql("SELECT registration_id FROM central_versions")].count(
        reg.id
    ) == 1  # still held: another MPP's desk cannot erase it
    refused = central.sql(
        "SELECT registration_id FROM central_audit WHERE action = 'subject.withdrawal.refused'"
    )
    assert [r[0] for r in refused] == [reg.id]
    [(completed,)] = central.sql(
        "SELECT completed_at FROM central_subject_requests WHERE id = 'w-1'"
    )
    assert completed is None  # open, with its deadline, for an administrator
    body["withdrawals"][0]["request_id"] = "w-2"
    with owner.http() as http:  # the owner's own desk: carried out
        assert http.post("/erasures", json=body).json() == {"accepted": [reg.id]}
    assert reg.id not in [r[0] for r in central.sql("SELECT registration_id FROM central_versions")]

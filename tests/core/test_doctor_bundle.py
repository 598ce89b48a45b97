"""The help desk's ZIP: report and logs, and none of the demo data's NIKs, names, phone numbers
or account numbers anywhere in it (raw bytes and every unpacked member), even when a log line
leaked them; the masking rules themselves, also as properties."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main as cli_main
from kiosk.doctor.scrub import NAME_MASK, NUMBER_MASK, Scrubber, name_words
from kiosk.store import Store
from tests.core.test_doctor_support import demo_dir, demo_master  # noqa: F401

STAMP = "2026-12-03 02:20:48,123"


def _personal_data(data_dir: Path) -> tuple[list[str], str]:
    """Every NIK, name, phone (as stored, national and bare) and account number of the demo
    registrations, and one registration number."""
    secrets: list[str] = []
    with Store.open(data_dir) as store:
        with store.engine.connect() as conn:
            ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM registrations")]
        regs = [store.get(reg_id) for reg_id in ids]  # drafts too
    assert len(regs) == 12
    for reg in regs:
        phone = reg.owner.phone
        secrets += [reg.owner.nik, reg.owner.full_name, reg.business.name, phone,
                    "0" + phone.removeprefix("+62"), phone.removeprefix("+"),
                    reg.bank.account_number, reg.business.npwp, reg.business.nib]  # fmt: skip
    return [s for s in secrets if s], regs[0].reg_no


def _leaky_logs(data_dir: Path, secrets: list[str], reg_no: str) -> None:
    """Log files as a careless module might have written them."""
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    lines = [f"{STAMP} INFO kiosk.store: saved {reg_no}"]
    lines += [f"{STAMP} ERROR kiosk.x: ValueError('bad value {s!s}')" for s in secrets]
    lines.append(f"{STAMP} WARNING kiosk.sync: central 10.20.30.40 unreachable")
    (logs / "kiosk.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (logs / "kiosk.log.1").write_text(f"{STAMP} INFO owner {secrets[1]} {secrets[0]}\n")
    (logs / "crash-20261203-022048.txt").write_text(f"Kiosk crash report\nform: {secrets[2]}\n")


def _members(zip_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_the_report_and_the_logs_without_personal_data(
    demo_dir: Path, tmp_path: Path, capsys
) -> None:
    secrets, reg_no = _personal_data(demo_dir)
    _leaky_logs(demo_dir, secrets, reg_no)
    target = tmp_path / "helpdesk.zip"
    status = cli_main(
        ["doctor", "--data-dir", str(demo_dir), "--skip-devices", "--zip", str(target)]
    )
    assert status in (0, 1, 2)
    assert str(target) in capsys.readouterr().err
    raw = target.read_bytes()
    members = _members(raw)
    assert {
        "report.json",
        "report.txt",
        "manifest.json",
        "logs/kiosk.log",
        "logs/kiosk.log.1",
        "logs/crash-20261203-022048.txt",
    } <= set(members)
    for secret in secrets:
        needle = secret.encode()
        assert needle not in raw, secret
        for name, content in members.items():
            assert needle not in content, (secret, name)
    log = members["logs/kiosk.log"].decode()
    assert STAMP in log and reg_no in log and "10.20.30.40" in log  # still a readable log
    assert NUMBER_MASK in log and NAME_MASK in log
    report = json.loads(members["report.json"])
    assert report["checks"] and report["data_dir"] == str(demo_dir)
    manifest = json.loads(members["manifest.json"])
    assert manifest["masked"]["numbers"] >= 12 * 5 and manifest["masked"]["names"] >= 12
    assert target.stat().st_mode & 0o777 == 0o600


def test_logs_are_left_out_when_the_names_cannot_be_read(demo_dir: Path, tmp_path: Path) -> None:
    secrets, reg_no = _personal_data(demo_dir)
    _leaky_logs(demo_dir, secrets, reg_no)
    (demo_dir / "kiosk.sqlite3").write_bytes(b"not a database at all" * 100)
    target = tmp_path / "helpdesk.zip"
    assert (
        cli_main(["doctor", "--data-dir", str(demo_dir), "--skip-devices", "--zip", str(target)])
        == 2
    )
    members = _members(target.read_bytes())
    assert not [name for name in members if name.startswith("logs/")]
    assert "cannot be masked" in json.loads(members["manifest.json"])["logs_left_out"]


def test_masking_keeps_times_registration_numbers_and_addresses() -> None:
    scrubber = Scrubber(name_words(["Siti Nurhaliza", "Toko Roti Makmur"]))
    line = (
        "2026-11-25T03:20:00 saved TNJ1-20261126-0001 for Siti NURHALIZA (toko roti makmur), "
        "NIK6471010101900002 NIK 6471010101900001, HP +62 812-3456-7890, rek. 1234 5678 90, "
        "NPWP 01.312.166.0-091.000, siti@example.id, central 192.168.1.20:8443, 3 pages, "
        "v6.11.3, page "
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 of "
        "0192f3a4-5b6c-7d8e-9f01-a2b3c4d5e6f7"
    )
    masked = scrubber.scrub(line)
    for gone in ("Siti", "NURHALIZA", "toko", "roti", "makmur", "6471", "3456", "5678", "0002",
                 "312.166", "example.id"):  # fmt: skip
        assert gone not in masked, gone
    for kept in ("2026-11-25T03:20:00", "TNJ1-20261126-0001", "192.168.1.20:8443", "3 pages",
                 "v6.11.3", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                 "0192f3a4-5b6c-7d8e-9f01-a2b3c4d5e6f7"):  # fmt: skip
        assert kept in masked, kept


@given(
    nik=st.from_regex(r"[1-9]\d{15}", fullmatch=True),
    before=st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=20),
    after=st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=20),
    sep=st.sampled_from(["", " ", "-", "."]),
)
def test_no_identifier_survives_masking(nik: str, before: str, after: str, sep: str) -> None:
    written = sep.join(nik[i : i + 4] for i in range(0, 16, 4))
    masked = Scrubber().scrub(f"{before} {written} {after}")
    assert not any(c in "0123456789" for c in masked), masked  # the text around had no digits

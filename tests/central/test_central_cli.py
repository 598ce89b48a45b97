"""``kiosk central …`` end to end: serve (with TLS), enroll-code, staff add, verdict, report,
revoke — through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.cli import main
from tests.central.helpers import Central, KioskClient, registration, unique

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, central: Central, *args: str) -> tuple[int, str, str]:
    code = main(
        ["central", *args, "--database-url", central.db_url, "--data-dir", str(central.folder)]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_operator_workflow_through_the_cli(central: Central, capsys, tmp_path: Path) -> None:
    mpp, name = unique("MPP Kota Samarinda"), unique("Loket")
    code, out, _ = run(capsys, central, "enroll-code", "--kiosk", name, "--mpp", mpp)
    assert code == 0
    kiosk = KioskClient(central, name, mpp)
    with central.http() as http:
        answer = http.post("/enroll", json=kiosk.enroll_body(out.strip()))
    assert answer.status_code == 200
    kiosk.accept(answer.json())
    nik = "6471010101900001"
    reg = registration(kiosk.kiosk_code, nik=nik)
    kiosk.push(kiosk.item(reg))
    other = central.enroll(mpp=mpp)
    other.push(other.item(registration(other.kiosk_code, nik=nik)))

    secret = tmp_path / "password"
    secret.write_text("kata-sandi-panjang\n")
    code, out, _ = run(
        capsys, central, "staff", "add", "--mpp", mpp, "--username", "sari", "--full-name",
        "Sari Dewi", "--role", "supervisor", "--password-file", str(secret),
    )  # fmt: skip
    assert code == 0 and out.strip()
    code, _, err = run(capsys, central, "verdict", reg.id, "--status", "rejected")
    assert code == 2 and err.strip()  # a rejection needs a reason, said in Bahasa Indonesia
    code, _, _ = run(
        capsys, central, "verdict", reg.id, "--status", "needs_fix", "--reason", "NPWP"
    )
    assert code == 0

    code, out, _ = run(capsys, central, "report", "--json")
    rows = {r["kiosk_id"]: r for r in json.loads(out)}
    mine = rows[kiosk.kiosk_id]
    assert (mine["mpp"], mine["kiosk"], mine["kiosk_code"]) == (mpp, name, kiosk.kiosk_code)
    assert (mine["registrations"], mine["versions"], mine["open_conflicts"]) == (1, 1, 0)
    assert mine["duplicate_flags"] == 1 and rows[other.kiosk_id]["duplicate_flags"] == 1
    assert mine["verdicts"] == {"needs_fix": 1}
    synced = dt.datetime.fromisoformat(mine["last_sync_at"].replace("Z", "+00:00"))
    assert abs(dt.datetime.now(dt.UTC) - synced) < dt.timedelta(minutes=5)
    code, out, _ = run(capsys, central, "report")
    assert mpp in out and kiosk.kiosk_code in out and "total" in out
    assert nik not in out

    code, out, _ = run(capsys, central, "revoke", kiosk.kiosk_code)
    assert (code, out.strip()) == (0, kiosk.kiosk_id)
    with kiosk.http() as http:
        assert http.get("/sanity").status_code == 401
    code, out, _ = run(capsys, central, "report")
    assert "(revoked)" in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "central.crt", folder / "central.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.slow
def test_serve_with_tls(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    port = _free_port()
    data = tmp_path / "central"
    command = [
        sys.executable, "-m", "kiosk", "central", "serve", "--data-dir", str(data),
        "--port", str(port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    trust = ssl.create_default_context(cafile=str(cert))
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                answer = httpx.get(f"https://localhost:{port}/api/v1/health", verify=trust)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.json() == {"status": "ok"}, process.stderr
        with pytest.raises(httpx.TransportError):  # plain HTTP is not served on the TLS port
            httpx.get(f"http://localhost:{port}/api/v1/health", timeout=2).raise_for_status()
        spec = httpx.get(f"https://localhost:{port}/api/v1/openapi.json", verify=trust).json()
        assert {"/api/v1/enroll", "/api/v1/push", "/api/v1/pull"} <= set(spec["paths"])
    finally:
        process.terminate()
        process.communicate(timeout=15)
    assert (data / "central.sqlite3").exists() and (data / "keys" / "central_x25519.pem").exists()


def test_supervisor_reviews_conflicts_and_duplicates(central: Central, capsys) -> None:
    nik = "6471010101900002"
    a, b = central.enroll(), central.enroll()
    reg = registration(a.kiosk_code, nik=nik)
    a.push(a.item(reg))
    b.push(b.item(registration(b.kiosk_code, nik=nik)))
    stored = reg.content_hash()
    reg.owner.full_name = "Nama Lain"
    assert a.push(a.item(reg)).json()["results"][0]["outcome"] == "conflict"

    code, out, _ = run(capsys, central, "conflicts", "--json")
    mine = [c for c in json.loads(out) if c["registration_id"] == reg.id]
    assert len(mine) == 1
    assert (mine[0]["stored_hash"], mine[0]["conflicting_hash"]) == (stored, reg.content_hash())
    code, out, _ = run(capsys, central, "duplicates")
    line = next(x for x in out.splitlines() if reg.reg_no in x)
    assert "kind=nik" in line and nik not in out and nik[-4:] in line  # masked

    code, _, err = run(capsys, central, "conflicts", "--resolve", str(mine[0]["id"]))
    assert code == 2 and err.strip()  # a note is required
    note = ["--note", "versi kios benar, dikoreksi sebagai versi 2"]
    assert run(capsys, central, "conflicts", "--resolve", str(mine[0]["id"]), *note)[0] == 0
    flags = json.loads(run(capsys, central, "duplicates", "--json")[1])
    flag = next(f for f in flags if reg.id in (f["registration_a"], f["registration_b"]))
    central.sql("DELETE FROM central_duplicates WHERE id = :f", f=flag["id"])  # lost flag
    code, out, _ = run(capsys, central, "duplicates", "--rescan")
    assert code == 0 and int(out) >= 1
    flags = json.loads(run(capsys, central, "duplicates", "--json")[1])
    flag = next(f for f in flags if reg.id in (f["registration_a"], f["registration_b"]))
    assert run(capsys, central, "duplicates", "--resolve", str(flag["id"]))[0] == 0
    assert run(capsys, central, "duplicates", "--resolve", str(flag["id"]))[0] == 2  # closed
    open_after = json.loads(run(capsys, central, "conflicts", "--json")[1])
    assert reg.id not in {c["registration_id"] for c in open_after}
    kept = central.sql(
        "SELECT resolution FROM central_conflicts WHERE registration_id = :r", r=reg.id
    )
    assert kept[0][0].startswith("versi kios")  # the conflicting content is still there
    report = json.loads(run(capsys, central, "report", "--json")[1])
    assert next(r for r in report if r["kiosk_id"] == a.kiosk_id)["open_conflicts"] == 0

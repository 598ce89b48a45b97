"""``central.reach`` and ``central.clock`` against a real central (uvicorn on loopback, PostgreSQL)
with TLS: enrolled and healthy, a certificate the kiosk does not trust, plain http, the central
gone (a closed loopback port), not enrolled; and the skew rule on real HTTP responses."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from kiosk.doctor import Status
from kiosk.doctor.central import _clock
from tests.core.test_doctor_support import result, run_one
from tests.core.test_sync_support import central_settings, enrolment_code, fresh_pg_database

pytestmark = pytest.mark.postgres


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    san = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
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


@dataclass
class Central:
    url: str
    db_url: str
    cert: Path | None


def _serve(folder: Path, tls: bool) -> Iterator[Central]:
    from kiosk.central.server import start_in_thread

    cert, key = _self_signed(folder) if tls else (None, None)
    with fresh_pg_database("kiosk_doctor") as db_url:
        storage = folder / "central"
        central = start_in_thread(
            db_url, storage, settings=central_settings(storage),
            ssl_certfile=str(cert) if cert else None, ssl_keyfile=str(key) if key else None,
        )  # fmt: skip
        try:
            yield Central(central.url, db_url, cert)
        finally:
            central.stop()


@pytest.fixture(scope="module")
def tls_central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    yield from _serve(tmp_path_factory.mktemp("tls"), tls=True)


def _enrolled(root: Path, central: Central, name: str) -> Path:
    from kiosk.store import Store
    from kiosk.sync.enrol import enroll

    with Store.open(root) as store:
        enroll(store, central.url, enrolment_code(central.db_url, name), kiosk_name=name)
    return root


def test_an_enrolled_kiosk_reaches_its_central_over_tls(
    tls_central: Central, tmp_path: Path, monkeypatch
) -> None:
    assert tls_central.cert is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_central.cert))  # trust it, as a desk trusts its CA
    data = _enrolled(tmp_path / "kiosk", tls_central, "desk-tls")
    results = run_one(data, "central.reach")
    reach, clock = result(results, "central.reach"), result(results, "central.clock")
    assert reach.status is Status.OK and reach.code == "doctor.central.ok", reach.text("en")
    assert reach.facts["scheme"] == "https"
    assert clock.status is Status.OK and clock.code == "doctor.clock.ok", clock.text("en")


def test_a_certificate_the_kiosk_does_not_trust_fails(
    tls_central: Central, tmp_path: Path, monkeypatch
) -> None:
    assert tls_central.cert is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_central.cert))
    data = _enrolled(tmp_path / "kiosk", tls_central, "desk-untrusted")
    monkeypatch.delenv("SSL_CERT_FILE")  # the desk's trust store no longer holds the CA
    reach = result(run_one(data, "central.reach"), "central.reach")
    assert reach.status is Status.FAILED and reach.code == "doctor.central.tls"
    assert "certificate" in reach.text("en").lower()


def test_a_central_gone_from_its_port_is_unreachable(tmp_path: Path) -> None:
    central_gone = None
    for central in _serve(tmp_path / "plain", tls=False):
        data = _enrolled(tmp_path / "kiosk", central, "desk-plain")
        reach = result(run_one(data, "central.reach"), "central.reach")
        assert reach.status is Status.WARNING and reach.code == "doctor.central.plain"
        central_gone = data
    assert central_gone is not None  # the port is closed now: nothing listens on it
    results = run_one(central_gone, "central.reach")
    reach, clock = result(results, "central.reach"), result(results, "central.clock")
    assert reach.status is Status.FAILED and reach.code == "doctor.central.unreachable"
    assert clock.code == "doctor.clock.unmeasured"


def test_a_kiosk_not_enrolled_is_told_how_to_enrol(tmp_path: Path) -> None:
    from kiosk.store import Store

    Store.open(tmp_path / "kiosk").close()
    reach = result(run_one(tmp_path / "kiosk", "central.reach"), "central.reach")
    assert reach.status is Status.WARNING and "kiosk enroll" in reach.text("id")


@pytest.mark.parametrize(
    ("offset_s", "status"), [(0, Status.OK), (-300, Status.WARNING), (3600, Status.FAILED)]
)
def test_clock_skew_is_read_from_the_date_header(offset_s: int, status: Status) -> None:
    now = dt.datetime.now(dt.UTC)
    server = now - dt.timedelta(seconds=offset_s)
    response = httpx.Response(200, headers={"Date": format_datetime(server, usegmt=True)})
    found = _clock(response, now)
    assert found.status is status
    if offset_s:
        expected = "doctor.clock.ahead" if offset_s > 0 else "doctor.clock.behind"
        assert found.params["direction"] == expected
        assert abs(int(str(found.params["seconds"])) - abs(offset_s)) <= 1

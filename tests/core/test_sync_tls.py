"""Issue 13.4: enrolment refuses plain http to anything but loopback (before any connection), and
the central's TLS key is pinned at enrolment and checked on every sync — against a real uvicorn
central serving TLS with a self-signed certificate made here."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.sync import tls
from kiosk.sync.messages import SyncError
from tests.core.test_sync_support import (
    central_settings,
    enrolment_code,
    make_registration,
    open_kiosk,
)


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "central.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_central(tmp_path_factory) -> Iterator:
    from kiosk.central.server import start_in_thread

    root = tmp_path_factory.mktemp("tls-central")
    cert, key = self_signed(root, "central")
    db_url = f"sqlite:///{root / 'central.sqlite3'}"
    central = start_in_thread(
        db_url,
        root / "storage",
        settings=central_settings(root / "storage"),
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
    )
    central.db_url, central.cert, central.root = db_url, cert, root
    try:
        yield central
    finally:
        central.stop()


@pytest.mark.parametrize(
    "url",
    ["http://10.20.30.40:8443", "http://sync.mpp.example.go.id", "http://[2001:db8::1]:80"],
)
def test_plain_http_to_a_network_host_is_refused_before_any_connection(
    tmp_path: Path, url: str
) -> None:
    from kiosk.sync.enrol import enroll

    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(500)

    kiosk = open_kiosk(tmp_path, "plain")
    with pytest.raises(SyncError) as info:
        enroll(kiosk.store, url, "ABCD-EFGH-JKMN", transport=httpx.MockTransport(record))
    assert info.value.code == "sync.enroll.insecure"
    assert requests == []


def test_loopback_is_the_only_plain_http() -> None:
    for host in ("127.0.0.1", "127.8.9.10", "localhost", "[::1]", "::1"):
        assert tls.is_loopback(host), host
    for host in ("10.0.0.1", "192.168.1.1", "sync.example.go.id", "0.0.0.0", "localhost.example"):
        assert not tls.is_loopback(host), host


def test_the_central_key_is_pinned_at_enrolment_and_checked_on_every_sync(
    tls_central, tmp_path: Path
) -> None:
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.enrol import enroll
    from kiosk.sync.state import SyncState

    kiosk = open_kiosk(tmp_path, "pinned")
    pin = tls.pin_of_pem(tls_central.cert.read_bytes())
    quick = Backoff(base_s=0.01, cap_s=0.05, max_attempts=2)
    code = enrolment_code(tls_central.db_url, "pinned")
    # a self-signed certificate without the administrator's pin: no CA vouches for it
    with pytest.raises(SyncError):
        enroll(kiosk.store, tls_central.url, code, backoff=quick)
    # a wrong pin: refused in the handshake, the code is not spent
    other_cert, _ = self_signed(tmp_path, "impostor")
    with pytest.raises(SyncError) as info:
        enroll(kiosk.store, tls_central.url, code, backoff=quick,
               pin=tls.pin_of_pem(other_cert.read_bytes()))  # fmt: skip
    assert info.value.code == "sync.tls.pin_mismatch"
    assert SyncState(kiosk.store.engine, kiosk.store.keys).credentials() is None
    # the right pin: enrolled, and the key is kept for every later sync
    enroll(kiosk.store, tls_central.url, code, backoff=quick, pin=pin)
    assert kiosk.store.get_setting(tls.SETTING) == pin
    reg, images = make_registration(7100, kiosk.vault)
    kiosk.submit(reg, images)
    result = kiosk.engine().run_round()
    assert result.error is None and result.complete, result
    from tests.core.test_doctor_support import result as doctor_result
    from tests.core.test_doctor_support import run_one

    root = kiosk.store.paths.root
    reach = doctor_result(run_one(root, "central.reach"), "central.reach")
    assert reach.code == "doctor.central.ok"  # the doctor trusts the pinned key, as sync does
    # the central's key changes (an impostor, or a new key without re-enrolling): nothing is sent
    kiosk.store.set_setting(tls.SETTING, tls.pin_of_pem(other_cert.read_bytes()))
    reach = doctor_result(run_one(root, "central.reach"), "central.reach")
    assert reach.code == "doctor.central.tls" and "pinned" in reach.text("en")
    reg2, images2 = make_registration(7101, kiosk.vault)
    kiosk.submit(reg2, images2)
    refused = kiosk.engine().run_round()
    assert refused.error is not None and refused.error.code == "sync.tls.pin_mismatch"
    assert kiosk.store.outbox_pending(limit=10)  # still waiting, not sent anywhere
    held = tls_central_versions(tls_central.db_url)
    assert reg.id in held and reg2.id not in held


def tls_central_versions(db_url: str) -> set[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return {
                r[0] for r in conn.execute(sa.text("SELECT registration_id FROM central_versions"))
            }
    finally:
        engine.dispose()


def test_the_enrolment_link_carries_the_pin_and_a_central_with_another_key_is_refused(
    tls_central, tmp_path: Path
) -> None:
    """Issue 13.4: the central puts the pin of the certificate it serves in the enrolment link
    (the console's QR code); a kiosk enrolling from the link trusts that key (no CA needed for a
    self-signed certificate) and refuses any other before the code is sent."""
    from kiosk.protocol import enrolment_link, read_enrolment_link
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.enrol import enroll
    from kiosk.sync.state import SyncState

    pin = tls.pin_of_pem(tls_central.cert.read_bytes())
    assert tls_central.settings.tls_pin == pin  # taken from the certificate it serves
    code = enrolment_code(tls_central.db_url, "from-link")
    link = enrolment_link(tls_central.url, code, tls_central.settings.tls_pin)
    assert read_enrolment_link(link) == (tls_central.url, code, pin)
    quick = Backoff(base_s=0.01, cap_s=0.05, max_attempts=2)
    kiosk = open_kiosk(tmp_path, "from-link")
    impostor_cert, _ = self_signed(tmp_path, "impostor")
    forged = enrolment_link(tls_central.url, code, tls.pin_of_pem(impostor_cert.read_bytes()))
    with pytest.raises(SyncError) as info:  # the link names another key than the one met
        enroll(kiosk.store, forged, "", backoff=quick)
    assert info.value.code == "sync.tls.pin_mismatch"
    assert "pinned" in info.value.text("en") and "link" in info.value.text("en")
    assert SyncState(kiosk.store.engine, kiosk.store.keys).credentials() is None
    with pytest.raises(SyncError) as info:  # a --pin that contradicts the link
        enroll(kiosk.store, link, "", backoff=quick, pin=tls.pin_of_pem(impostor_cert.read_bytes()))
    assert info.value.code == "sync.enroll.pin_conflict"
    enroll(kiosk.store, link, "", backoff=quick)  # the code was not spent by the refusals
    assert kiosk.store.get_setting(tls.SETTING) == pin
    assert kiosk.store.get_setting(tls.SETTING_CA) is False  # the pin is the trust, as --pin
    reg, images = make_registration(7300, kiosk.vault)
    kiosk.submit(reg, images)
    result = kiosk.engine().run_round()
    assert result.error is None and result.complete, result
    assert reg.id in tls_central_versions(tls_central.db_url)


def test_a_pin_is_checked_for_its_form() -> None:
    with pytest.raises(SyncError) as info:
        tls.normalize_pin("sha256/not-base64")
    assert info.value.code == "sync.tls.bad_pin"
    good = "sha256/" + "A" * 43 + "="
    assert tls.normalize_pin(" " + good + " ") == good


def test_after_confirmation_a_copied_data_folder_opens_no_page(tmp_path: Path) -> None:
    """Issue 13.4: once the central holds a registration and all its pages, the kiosk drops its
    own key to them; a copy of the whole data folder (keys included) opens none of them."""
    import shutil

    from kiosk.documents import envelope
    from kiosk.documents.vault import Vault
    from kiosk.errors import UserFacingError
    from kiosk.store import Store
    from tests.core.test_sync_support import running_central

    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        from kiosk.sync.enrol import enroll

        kiosk = open_kiosk(tmp_path, "stolen")
        enroll(kiosk.store, central.url, enrolment_code(db_url, "stolen"))
        synced, images = make_registration(7200, kiosk.vault)
        synced = kiosk.submit(synced, images)
        assert kiosk.engine().run_round().complete
        waiting, more = make_registration(7201, kiosk.vault)  # submitted while offline
        waiting = kiosk.submit(waiting, more)
    kiosk.store.close()
    copy = tmp_path / "copy"
    shutil.copytree(kiosk.store.paths.root, copy)
    thief = Store.open(copy)
    vault = Vault(thief.paths.documents, thief.keys)
    for sha in images:
        with pytest.raises(UserFacingError) as info:
            vault.get(sha)
        assert info.value.code == "documents.page.sent_to_central"
        with pytest.raises(envelope.NotARecipient):
            envelope.open_document(vault.envelope(sha), thief.keys.document_key)
        assert vault.verify(sha) == "ok"  # intact, only not readable here
    # what the central does not hold yet stays readable (it still has to be shown and sent)
    for sha, plain in more.items():
        assert vault.get(sha) == plain
    thief.close()

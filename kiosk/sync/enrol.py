"""Enrolling this kiosk with a central: ``kiosk enroll URL CODE``.

The console shows the address and the code together as an enrolment link
(:func:`kiosk.protocol.enrolment_link`), as text and as a QR code; :func:`read_enrolment_qr`
reads it from a camera still, so a new kiosk is enrolled without typing either. When the central
serves TLS the link carries its key's pin, and enrolling from the link checks the key against it
(as ``kiosk enroll --pin`` does): the kiosk trusts that key, not its first connection.

The kiosk sends its public keys (Ed25519 identity for receipts, X25519 for documents) with the
one-time code an administrator created at the central, and receives:

- the device token (a long random secret; the central keeps only its hash) → sealed with the
  kiosk's data key in ``sync_state`` (never stored or logged in plaintext);
- its kiosk code for registration numbers → :meth:`Store.set_kiosk_code`;
- the central's X25519 document key → :meth:`KeyRing.set_central_document_key`; pages stored
  before enrolment are then wrapped to it (:meth:`Vault.wrap_to_central`), so the central can
  open them and a stolen kiosk does not reveal them after retention.

The code is single-use: the central refuses a spent or expired code with 403, which is shown as
it is (never retried). Enrolling again (a new code, e.g. after revocation) replaces the token
and resets the pull cursor; the outbox and ledger stay (the central answers ``unchanged`` for
what it already holds).
"""

from __future__ import annotations

import logging
import platform
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import ValidationError

from kiosk.protocol import EnrollResponse, EnrolmentLink, read_enrolment_link
from kiosk.staff.lockout import KIOSK_LOCKED
from kiosk.sync import tls
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from kiosk.sync.messages import CentralRefused, DeviceRevoked, SyncError
from kiosk.sync.state import Credentials, SyncState, now_iso

if TYPE_CHECKING:
    import httpx
    import numpy as np
    import numpy.typing as npt
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from kiosk.store import Store

log = logging.getLogger(__name__)


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("sync.enroll.bad_url", url=url)
    return url.strip().rstrip("/")


def enroll(
    store: Store,
    url: str,
    code: str,
    *,
    kiosk_name: str | None = None,
    backoff: Backoff | None = None,
    transport: httpx.BaseTransport | None = None,
    force: bool = False,
    pin: str | None = None,
) -> Credentials:
    """Enrol with the central at ``url`` using the one-time ``code``; returns the credentials.

    A kiosk that is enrolled and not revoked refuses (``sync.enroll.already``) unless ``force``:
    a second enrolment makes a new kiosk at the central, and the registrations already sent
    stay with the old one.

    ``http://`` is refused unless the host is loopback, before any connection; over ``https://``
    the central's key must match ``pin`` (when given) or pass CA verification, and is pinned
    for every later sync (:mod:`kiosk.sync.tls`).

    The console's enrolment link (``kiosk-enrol:CODE@URL``) may stand in ``url`` or ``code``:
    it gives both (``kiosk enroll kiosk-enrol:ABCD-EFGH-JKMN@https://pusat.example``), and the
    pin when it carries one (``#pin=sha256/...``); a ``pin`` given as well must be the same
    (``sync.enroll.pin_conflict``). A central whose key is not the pin is refused in the handshake
    (``sync.tls.pin_mismatch``), before the code is sent.
    """
    link = read_enrolment_link(url) or read_enrolment_link(code)
    if link is not None:
        url, code = link.url, link.code
        pin = _one_pin(pin, link)
    url = check_url(url)
    tls.check_transport(url)
    context = None
    if url.startswith("https:"):
        context = tls.make_context(tls.normalize_pin(pin) if pin else None, verify_ca=not pin)
    state = SyncState(store.engine, store.keys)
    current = state.credentials()
    if current is not None and not force and not state.snapshot()["revoked"]:
        raise SyncError("sync.enroll.already", kiosk_code=current.kiosk_code, mpp=current.mpp)
    keys = store.keys
    body = {
        "code": code.strip(),
        "kiosk_name": (kiosk_name or platform.node() or "kiosk")[:200],
        "signing_public_key": keys.signing_public_pem().decode(),
        "document_public_key": _x25519_pem(keys.document_key.public_key()),
        # numbers made before enrolment carry this code; the central then accepts them as ours
        "provisional_code": store.kiosk_code if store.kiosk_code_is_provisional else "",
    }
    try:
        with CentralClient(url, backoff=backoff, transport=transport, tls=context) as client:
            raw = client.enroll(body)
    except (CentralRefused, DeviceRevoked) as exc:
        detail = getattr(exc, "central_message", "") or getattr(exc, "central_code", "")
        raise SyncError("sync.enroll.refused", detail=detail) from exc
    try:
        answer = EnrollResponse.model_validate(raw, strict=False)
    except ValidationError as exc:
        raise SyncError("sync.enroll.refused", detail="bad answer") from exc

    keys.set_central_document_key(answer.central_document_public_key.encode())
    # the key seen during enrolment (empty for loopback http): checked on every later sync
    store.set_setting(tls.SETTING, (context.seen or "") if context is not None else "")
    store.set_setting(tls.SETTING_CA, context is not None and not pin)
    creds = Credentials(
        central_url=url,
        token=answer.device_token,
        central_kiosk_id=answer.kiosk_id,
        kiosk_name=body["kiosk_name"],
        kiosk_code=answer.kiosk_code,
        mpp=answer.mpp,
        enrolled_at=now_iso(),
    )
    state.save_credentials(creds)
    store.set_setting(KIOSK_LOCKED, False)  # enrolled anew: a revocation's lock is lifted
    store.set_kiosk_code(answer.kiosk_code)
    store.audit("system", "sync.enrolled", answer.kiosk_id,
                {"central": url, "kiosk_code": answer.kiosk_code, "mpp": answer.mpp})  # fmt: skip
    wrapped = wrap_existing_pages(store)
    log.info("enrolled as %s at %s; %d pages wrapped", answer.kiosk_code, answer.mpp, wrapped)
    return creds


def _one_pin(given: str | None, link: EnrolmentLink) -> str | None:
    if given and link.pin and tls.normalize_pin(given) != link.pin:
        raise SyncError("sync.enroll.pin_conflict")
    return given or link.pin or None


def read_enrolment_qr(image: npt.NDArray[np.uint8]) -> tuple[str, str]:
    """``(central_url, code)`` from a camera still (see :func:`read_enrolment_qr_link`)."""
    link = read_enrolment_qr_link(image)
    return link.url, link.code


def read_enrolment_qr_link(image: npt.NDArray[np.uint8]) -> EnrolmentLink:
    """The enrolment link (address, code, pin) in a camera still (RGB or grey array) showing
    the console's enrolment QR code; ``sync.enroll.no_qr`` when no QR in it is such a link."""
    import zxingcpp

    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    for barcode in found:
        link = read_enrolment_link(barcode.text) if barcode.valid else None
        if link is not None:
            return link
    raise SyncError("sync.enroll.no_qr")


def wrap_existing_pages(store: Store) -> int:
    """Add the central as recipient of every page already in the vault."""
    from kiosk.documents.vault import Vault

    vault = Vault(store.paths.documents, store.keys)
    changed = 0
    for sha in list(vault.iter_hashes()):
        try:
            changed += bool(vault.wrap_to_central(sha))
        except Exception:
            log.warning("page %s could not be wrapped to the central", sha[:12])
    return changed


def _x25519_pem(public: X25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()

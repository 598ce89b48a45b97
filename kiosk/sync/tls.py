"""Talking to the central safely: plain ``http://`` only on loopback, its TLS key pinned.

Issue 13.4. A kiosk sends personal data and its device token to the central, so:

- **No plain HTTP over a network.** Enrolment refuses an ``http://`` address unless the host is
  loopback (``localhost``, 127.0.0.0/8, ``::1``: a central on the same machine, tests, a local
  TLS-terminating proxy). It is refused before any connection is made (:func:`check_transport`).
- **The central's public key is pinned at enrolment** and checked on every later connection. The
  pin is ``sha256/`` + base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (HPKP's
  form, what ``openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256
  -binary | base64`` prints): a renewed certificate over the same key keeps working; a different
  key — an impostor, or a key rotated without re-enrolling — is refused before the request (and
  its token) is sent. At enrolment the key is either checked against a pin the administrator gives
  (``kiosk enroll --pin``, for a central with a self-signed certificate: the pin is then the only
  trust), or the certificate must pass the usual CA verification and its key is then pinned (and
  from then on both must hold). The doctor's ``central.reach`` and ``kiosk audit verify`` use
  the same check.

The check runs inside the TLS handshake's socket wrapping (:class:`PinnedContext` overrides
:meth:`ssl.SSLContext.wrap_socket`, which httpx's transport calls, proxies included), so no byte
of a request reaches a server whose key does not match. The pin is kept in the kiosk's settings
(:data:`SETTING`); kiosks enrolled before this change have none and keep CA verification only.

The console's enrolment link carries the central's pin when the central serves TLS
(:func:`kiosk.protocol.enrolment_link`, ``#pin=``): a kiosk enrolling from the link or its QR
code checks the key against it as against ``--pin``, so it trusts that key and not whatever
answers its first connection; a central with another key is refused before the code is sent.
"""

from __future__ import annotations

import base64
import ipaddress
import socket
import ssl
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kiosk.security.tlspin import pin_of_pem as pin_of_pem  # the pin's form, shared with the
from kiosk.security.tlspin import spki_pin as spki_pin  # central (explicit re-exports)
from kiosk.sync.messages import SyncError

if TYPE_CHECKING:
    from kiosk.store import Store

SETTING = "sync.central_tls_pin"
#: True when the key was pinned after CA verification (then both are required from then on)
SETTING_CA = "sync.central_tls_ca"


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_transport(url: str) -> None:
    """``sync.enroll.insecure`` for plain ``http://`` to anything but loopback (no connection)."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        raise SyncError("sync.enroll.insecure", url=url)


def normalize_pin(pin: str) -> str:
    pin = pin.strip()
    body = pin.removeprefix("sha256/")
    try:
        raw = base64.b64decode(body, validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise SyncError("sync.tls.bad_pin", pin=pin[:80])
    return "sha256/" + base64.b64encode(raw).decode()


class PinMismatch(ssl.SSLError):
    """The handshake reached a server whose key is not the pinned one (``reason`` as
    :class:`ssl.SSLError` raised by OpenSSL carries it, for code that reads it)."""

    reason = "the central's TLS key does not match the key pinned at enrolment"
    library = "kiosk"


class PinnedContext(ssl.SSLContext):
    """A client TLS context that checks the server's key against :attr:`expected` (when set;
    then the CA chain is not needed) and records the key it saw in :attr:`seen`."""

    expected: str | None
    seen: str | None
    mismatch: bool

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        wrapped = super().wrap_socket(sock, *args, **kwargs)
        der = wrapped.getpeercert(binary_form=True)
        self.seen = spki_pin(der) if der else None
        if self.expected is not None and self.seen != self.expected:
            self.mismatch = True
            wrapped.close()
            raise PinMismatch(PinMismatch.reason)
        return wrapped


def make_context(expected: str | None, *, verify_ca: bool = True) -> PinnedContext:
    """CA-verified (the system's and certifi's roots, as httpx verifies) unless ``verify_ca`` is
    False; with ``expected`` the server's key must also be that one. Records the key seen."""
    context = PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.expected, context.seen, context.mismatch = expected, None, False
    if expected is not None and not verify_ca:  # a self-signed central: the pin is the trust
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        import certifi

        context.load_verify_locations(certifi.where())
        context.load_default_certs()
    return context


def stored_pin(store: Store) -> str | None:
    value = store.get_setting(SETTING)
    return value if isinstance(value, str) and value else None


def context_for(url: str, pin: object, ca: object = False) -> PinnedContext | None:
    """The TLS context for the enrolled central at ``url`` with the stored ``pin`` and whether it
    was CA-verified at enrolment (``ca``: then it still must be). None: plain loopback http, or a
    kiosk enrolled before pinning, which keeps httpx's CA verification."""
    if not url.startswith("https:") or not isinstance(pin, str) or not pin:
        return None
    return make_context(pin, verify_ca=ca is True)

"""The pin of a TLS key: ``sha256/`` + base64 of the SHA-256 of the certificate's
SubjectPublicKeyInfo (HPKP's form, what ``openssl x509 -pubkey | openssl pkey -pubin -outform der
| openssl dgst -sha256 -binary | base64`` prints).

Both ends compute it: the kiosk from the certificate it meets in the handshake
(:mod:`kiosk.sync.tls`), the central from the certificate it serves, to put it in the enrolment
link (:func:`kiosk.protocol.enrolment_link`). A renewed certificate over the same key keeps its pin.
"""

from __future__ import annotations

import base64
import hashlib
import ssl


def spki_pin(der_certificate: bytes) -> str:
    """The pin of a DER certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    public = x509.load_der_x509_certificate(der_certificate).public_key()
    spki = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "sha256/" + base64.b64encode(hashlib.sha256(spki).digest()).decode()


def pin_of_pem(pem: bytes) -> str:
    """The pin of a PEM file's first certificate (a chain starts with the server's own)."""
    return spki_pin(ssl.PEM_cert_to_DER_cert(pem.decode("ascii")))

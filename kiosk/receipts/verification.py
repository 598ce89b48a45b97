"""Checking a receipt: from a PDF, a photo or scan, or the QR text itself.

:func:`verify` never raises for a bad receipt: it returns a :class:`Verification` that says valid or
not, why not (a message code of the catalogue below), and what the QR claims (registration, kiosk).
A claim is only reported as *valid* when its Ed25519 signature checks out under a key the kiosk
trusts; the claimed fields of an invalid receipt are still shown, marked as unverified, because
staff need to see what a forged or damaged receipt pretends to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.i18n import Lang, register, tr
from kiosk.receipts.keys import TrustedKey
from kiosk.receipts.payload import PayloadError, ReceiptClaim, parse, signature_valid

register(
    {
        "receipts.verify.valid": {
            "id": "SAH: tanda terima {reg_no} (versi {version}) diterbitkan kios {kiosk}.",
            "en": "VALID: receipt {reg_no} (version {version}) issued by kiosk {kiosk}.",
        },
        "receipts.verify.not_receipt": {
            "id": "TIDAK SAH: kode QR ini bukan tanda terima pendaftaran penyedia.",
            "en": "INVALID: this QR code is not a supplier registration receipt.",
        },
        "receipts.verify.malformed": {
            "id": "TIDAK SAH: isi kode QR rusak atau tidak lengkap.",
            "en": "INVALID: the QR code's content is damaged or incomplete.",
        },
        "receipts.verify.unknown_key": {
            "id": "TIDAK DAPAT DIPASTIKAN: kunci kios {key_id} tidak dikenal (sinkronkan dulu).",
            "en": "CANNOT CONFIRM: kiosk key {key_id} is unknown (sync first).",
        },
        "receipts.verify.bad_signature": {
            "id": "TIDAK SAH: tanda tangan digital tidak cocok; isi tanda terima telah diubah.",
            "en": "INVALID: the digital signature does not match; the receipt was altered.",
        },
        "receipts.verify.no_qr": {
            "id": "Tidak ada kode QR yang terbaca pada {name}.",
            "en": "No readable QR code found in {name}.",
        },
        "receipts.verify.unreadable": {
            "id": "Berkas {name} tidak dapat dibaca sebagai PDF atau gambar.",
            "en": "File {name} cannot be read as a PDF or an image.",
        },
    }
)


@dataclass(frozen=True)
class Verification:
    valid: bool
    code: str  # message code: receipts.verify.*
    claim: ReceiptClaim | None = None  # what the QR states (verified only if ``valid``)
    kiosk_id: str = ""  # the kiosk the signing key belongs to (when known)
    own_kiosk: bool = False
    params: dict[str, Any] | None = None

    def text(self, lang: Lang = "id") -> str:
        return tr(self.code, lang, **(self.params or {}))

    def details(self, lang: Lang = "id") -> list[tuple[str, str]]:
        """Label/value pairs of the claim for display (bilingual labels come from the caller)."""
        if self.claim is None:
            return []
        c = self.claim
        return [
            ("registration_id", c.registration_id),
            ("reg_no", c.reg_no),
            ("version", str(c.version)),
            ("issued_at", c.issued_at.isoformat()),
            ("copy_no", str(c.copy_no)),
            ("key_id", c.key_id),
            ("kiosk_id", self.kiosk_id),
            ("nik_masked", c.nik_masked),
            ("facts_digest", c.facts_digest.hex()),
        ]


def verify_text(text: str, known_keys: dict[str, TrustedKey]) -> Verification:
    try:
        claim, signed, signature = parse(text)
    except PayloadError as exc:
        return Verification(False, exc.code)
    key = known_keys.get(claim.key_id)
    if key is None:
        return Verification(
            False, "receipts.verify.unknown_key", claim, params={"key_id": claim.key_id}
        )
    if not signature_valid(key.public_key, signed, signature):
        return Verification(False, "receipts.verify.bad_signature", claim, key.kiosk_id, key.own)
    params = {"reg_no": claim.reg_no, "version": claim.version, "kiosk": key.kiosk_id or key.key_id}
    return Verification(True, "receipts.verify.valid", claim, key.kiosk_id, key.own, params)


def verify(text_or_path: str | Path, known_keys: dict[str, TrustedKey]) -> Verification:
    """Verify QR text, or the QR found in a receipt PDF or a photo/scan of one."""
    from kiosk.receipts.decode import decode_file

    if isinstance(text_or_path, Path) or _looks_like_file(str(text_or_path)):
        path = Path(text_or_path)
        try:
            texts = decode_file(path)
        except (ValueError, OSError):
            return Verification(False, "receipts.verify.unreadable", params={"name": path.name})
        if not texts:
            return Verification(False, "receipts.verify.no_qr", params={"name": path.name})
        results = [verify_text(t, known_keys) for t in texts]
        # A page may carry other QR codes (a logo, a link): prefer a receipt, then a valid one.
        receipts = [r for r in results if r.code != "receipts.verify.not_receipt"] or results
        return next((r for r in receipts if r.valid), receipts[0])
    return verify_text(str(text_or_path), known_keys)


_FILE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


def _looks_like_file(text: str) -> bool:
    """An existing file, or a name that is clearly meant as one (then reported as unreadable)."""
    if text.strip().startswith("KR1.") or len(text) > 4096:
        return False
    try:
        return Path(text).is_file() or text.lower().endswith(_FILE_SUFFIXES)
    except OSError:
        return False

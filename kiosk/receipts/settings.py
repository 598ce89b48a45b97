"""Configurable parts of a receipt, kept in the store's settings under ``receipts.*`` keys.

- Header: the hall's branding that staff edit in Settings (app part): ``branding.mpp_name``,
  ``branding.province``, ``branding.logo`` (a file name in ``<data dir>/branding``). A receipt-only
  override may be set in ``receipts.header``: ``{"mpp": ..., "province": ..., "logo": path}``.
  The logo is a local file read by this process; URLs are refused (nothing on a receipt is fetched
  from a network).
- ``receipts.next_steps`` / ``receipts.privacy_note``: ``{"id": "...", "en": "..."}``; the defaults
  below are used for a missing language.
- ``receipts.timezone``: IANA zone of the kiosk (default ``Asia/Jakarta``), printed as WIB/WITA/WIT.
- ``receipts.kiosk_name``: the name printed for the kiosk (default: the kiosk code).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store

DEFAULT_NEXT_STEPS = {
    "id": (
        "Data Anda akan diperiksa oleh petugas pengadaan provinsi. Hasilnya dikirim melalui "
        "WhatsApp atau email yang Anda daftarkan. Simpan tanda terima ini; bawa saat menanyakan "
        "status pendaftaran atau memperbaiki data."
    ),
    "en": (
        "The provincial procurement office will review your data and send the result to the "
        "WhatsApp number or email you registered. Keep this receipt and bring it when you ask "
        "about your registration or correct your data."
    ),
}
DEFAULT_PRIVACY = {
    "id": (
        "Data pribadi Anda diproses sesuai UU 27/2022 tentang Pelindungan Data Pribadi, hanya "
        "untuk pendaftaran penyedia. NIK ditampilkan tersamar."
    ),
    "en": (
        "Your personal data is processed under Law 27/2022 on Personal Data Protection, only for "
        "supplier registration. The NIK is shown masked."
    ),
}


@dataclass(frozen=True)
class ReceiptSettings:
    mpp: str = "Mal Pelayanan Publik"
    province: str = ""
    logo: Path | None = None
    next_steps: tuple[str, str] = (DEFAULT_NEXT_STEPS["id"], DEFAULT_NEXT_STEPS["en"])
    privacy_note: tuple[str, str] = (DEFAULT_PRIVACY["id"], DEFAULT_PRIVACY["en"])
    timezone: str = "Asia/Jakarta"
    kiosk_name: str = ""

    @classmethod
    def from_store(cls, store: Store) -> ReceiptSettings:
        header = store.get_setting("receipts.header", {}) or {}
        steps = store.get_setting("receipts.next_steps", {}) or {}
        privacy = store.get_setting("receipts.privacy_note", {}) or {}
        logo = str(header.get("logo") or "")
        branded_logo = str(store.get_setting("branding.logo", "") or "")
        if not logo and branded_logo:
            logo = str(Path(store.paths.root) / "branding" / Path(branded_logo).name)
        mpp = header.get("mpp") or store.get_setting("branding.mpp_name", "") or cls.mpp
        return cls(
            mpp=str(mpp),
            province=str(
                header.get("province") or store.get_setting("branding.province", "") or ""
            ),
            logo=local_logo(logo),
            next_steps=_pair(steps, DEFAULT_NEXT_STEPS),
            privacy_note=_pair(privacy, DEFAULT_PRIVACY),
            timezone=str(store.get_setting("receipts.timezone", "Asia/Jakarta") or "Asia/Jakarta"),
            kiosk_name=str(store.get_setting("receipts.kiosk_name", "") or ""),
        )


def local_logo(value: str) -> Path | None:
    """The logo as a local path, or None (also for URLs or a missing file)."""
    if not value or "://" in value:
        return None
    path = Path(value).expanduser()
    return path if path.is_file() else None


def _pair(configured: dict[str, str], default: dict[str, str]) -> tuple[str, str]:
    return (
        str(configured.get("id") or default["id"]),
        str(configured.get("en") or default["en"]),
    )

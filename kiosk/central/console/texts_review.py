"""Texts of closing conflicts and duplicate flags on the detail page (Bahasa Indonesia first)."""

from __future__ import annotations

from kiosk.central.console import texts

_TEXTS = {
    "review.conflict.legend": ("Versi mana yang berlaku?", "Which version stands?"),
    "review.conflict.stored": (
        "Tetap versi tersimpan (versi {version} yang dipegang pusat)",
        "Keep the stored one (version {version} as the central holds it)",
    ),
    "review.conflict.pushed": (
        "Isi yang dikirim kios {kiosk} yang benar",
        "The content kiosk {kiosk} pushed is the right one",
    ),
    "review.conflict.explain": (
        "Data tidak diubah: versi tersimpan tetap yang dipegang pusat; pilihan dan catatan Anda "
        "disimpan dan tercatat di jejak audit.",
        "No data are changed: the stored version stays what the central holds; your choice and "
        "note are kept and written to the audit trail.",
    ),
    "review.conflict.submit": ("Selesaikan konflik", "Resolve the conflict"),
    "review.duplicate.legend": ("Hasil pemeriksaan", "What it is"),
    "review.duplicate.distinct": ("Bukan duplikat", "Not a duplicate"),
    "review.duplicate.same_other": (
        "Usaha yang sama — pendaftaran ini duplikat dari {other}",
        "Same business — this registration is a duplicate of {other}",
    ),
    "review.duplicate.same_this": (
        "Usaha yang sama — {other} duplikat dari pendaftaran ini",
        "Same business — {other} is a duplicate of this registration",
    ),
    "review.duplicate.submit": ("Selesaikan tanda duplikat", "Resolve the duplicate flag"),
    "review.duplicate.other_mpp": (
        "Pendaftaran lain ada di MPP lain: hanya verifikator yang dapat menyelesaikan tanda ini.",
        "The other registration is in another MPP: only a verifier can resolve this flag.",
    ),
    "review.note": ("Catatan (wajib)", "Note (required)"),
    "review.resolved.conflict": (
        "Konflik diselesaikan dan dicatat di jejak audit.",
        "The conflict is resolved and written to the audit trail.",
    ),
    "review.resolved.duplicate": (
        "Tanda duplikat diselesaikan dan dicatat di jejak audit.",
        "The duplicate flag is resolved and written to the audit trail.",
    ),
    "review.duplicate_of": ("Duplikat dari", "Duplicate of"),
}


def register_texts() -> None:
    """Register the texts (idempotent: the same words again are accepted)."""
    texts.add(_TEXTS)

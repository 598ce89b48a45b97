"""The bundle part's messages (Bahasa Indonesia first) and its one error type.

No message carries personal data: file names, counts, kiosk codes and bundle ids only. Every
refusal of a bundle says that nothing was changed, because nothing was.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import UserFacingError
from kiosk.i18n import register


class BundleError(UserFacingError):
    """A bundle (or confirmation) refused or not written; the message says what to do."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)


register(
    {
        "bundle.not_enrolled": {
            "id": "Kios ini belum terdaftar di pusat, jadi belum bisa membuat bundel. Daftarkan "
            "kios lebih dulu (kiosk enroll).",
            "en": "This kiosk is not enrolled with a central yet, so it cannot write a bundle. "
            "Enrol it first (kiosk enroll).",
        },
        "bundle.request_written": {
            "id": "Tidak ada data yang perlu dikirim, jadi bundel {bundle} hanya berisi permintaan "
            "kabar ({size}, {files} berkas). Bawa ke pusat; berkas konfirmasinya membawa "
            "keputusan, penghapusan, dan akun petugas yang baru.",
            "en": "Nothing to send, so bundle {bundle} only asks for news ({size}, {files} "
            "file(s)). Take it to the central; its confirmation file brings back new verdicts, "
            "erasures and staff accounts.",
        },
        "bundle.write_failed": {
            "id": "Bundel tidak dapat ditulis ({reason}); tidak ada yang diubah di kios ini.",
            "en": "The bundle could not be written ({reason}); nothing changed on this kiosk.",
        },
        "bundle.unreadable": {
            "id": "Berkas {file} tidak dapat dibaca ({reason}); tidak ada yang diubah.",
            "en": "The file {file} cannot be read ({reason}); nothing was changed.",
        },
        "bundle.not_bundle": {
            "id": "Berkas {file} bukan bundel kios, atau rusak di awalnya; tidak ada yang diubah.",
            "en": "The file {file} is not a kiosk bundle, or is damaged at its start; nothing "
            "was changed.",
        },
        "bundle.no_files": {
            "id": "Pilih berkas bundel (atau semua bagiannya) untuk diimpor; tidak ada yang "
            "diubah.",
            "en": "Choose the bundle file (or all of its parts) to import; nothing was changed.",
        },
        "bundle.parts_incomplete": {
            "id": "Bundel {bundle} terbagi atas {count} berkas, tetapi yang diberikan hanya "
            "{given}. Berikan semua bagiannya sekaligus; tidak ada yang diubah.",
            "en": "Bundle {bundle} is split over {count} files but only {given} were given. "
            "Give all of its parts at once; nothing was changed.",
        },
        "bundle.parts_mixed": {
            "id": "Berkas yang diberikan berasal dari lebih dari satu bundel; impor satu bundel "
            "sekali jalan. Tidak ada yang diubah.",
            "en": "The files given belong to more than one bundle; import one bundle at a "
            "time. Nothing was changed.",
        },
        "bundle.signature_invalid": {
            "id": "Bundel ini telah diubah atau rusak (tanda tangan kios tidak cocok); bundel "
            "ditolak dan tidak ada yang diubah. Minta kios membuat bundel baru.",
            "en": "This bundle was altered or damaged (the kiosk's signature does not match); "
            "it was refused and nothing was changed. Ask the kiosk for a new bundle.",
        },
        "bundle.kiosk_unknown": {
            "id": "Bundel ini berasal dari kios yang tidak terdaftar di pusat ini; ditolak, tidak "
            "ada yang diubah.",
            "en": "This bundle comes from a kiosk not enrolled with this central; it was "
            "refused and nothing was changed.",
        },
        "bundle.kiosk_revoked": {
            "id": "Bundel ini berasal dari kios {kiosk} yang pendaftarannya sudah dicabut; "
            "ditolak, tidak ada yang diubah.",
            "en": "This bundle comes from kiosk {kiosk}, whose enrolment was revoked; it was "
            "refused and nothing was changed.",
        },
        "bundle.content_invalid": {
            "id": "Isi bundel tidak dapat dibuka oleh pusat ini ({reason}); tidak ada yang "
            "diubah. Apakah bundel dibuat untuk pusat lain?",
            "en": "The bundle's contents cannot be opened by this central ({reason}); nothing "
            "was changed. Was it made for another central?",
        },
        "bundle.confirmation_unknown": {
            "id": "Konfirmasi ini untuk bundel yang tidak dibuat oleh kios ini; tidak ada yang "
            "diubah.",
            "en": "This confirmation is for a bundle this kiosk did not write; nothing was "
            "changed.",
        },
        "bundle.confirmation_invalid": {
            "id": "Berkas konfirmasi ini telah diubah atau bukan dari pusat; tidak ada yang "
            "diubah.",
            "en": "This confirmation file was altered or does not come from the central; "
            "nothing was changed.",
        },
        "bundle.exported": {
            "id": "Bundel {bundle} ditulis: {items} versi pendaftaran, {pages} halaman "
            "dokumen, {size} dalam {files} berkas. Ditandai 'dikirim lewat bundel' sampai "
            "pusat mengonfirmasi.",
            "en": "Bundle {bundle} written: {items} registration versions, {pages} document "
            "pages, {size} in {files} file(s). Marked 'sent by bundle' until the central "
            "confirms.",
        },
        "bundle.imported": {
            "id": "Bundel {bundle} dari kios {kiosk}: {stored} disimpan, {unchanged} sudah ada, "
            "{refused} ditolak; {pages} halaman disimpan. Konfirmasi: {confirmation}",
            "en": "Bundle {bundle} from kiosk {kiosk}: {stored} stored, {unchanged} already "
            "held, {refused} refused; {pages} pages stored. Confirmation: {confirmation}",
        },
        "bundle.revocation_written": {
            "id": "Kios ini sudah dicabut; pemberitahuannya untuk kios ditulis ke {confirmation}. "
            "Bawa berkas itu ke kios: kios menghapus data yang sudah ada di pusat dan "
            "mengunci diri.",
            "en": "This kiosk was revoked; the notice for the kiosk was written to "
            "{confirmation}. Take that file to the kiosk: it erases what the central holds and "
            "locks itself.",
        },
        "bundle.told": {
            "id": "Dari pusat: {events} kabar diterapkan (keputusan, petugas, data acuan, "
            "permintaan penghapusan); {erasures} laporan penghapusan tercatat di pusat.",
            "en": "From the central: {events} updates applied (verdicts, staff, reference data, "
            "erasure requests); {erasures} erasure reports recorded at the central.",
        },
        "bundle.revoked_here": {
            "id": "Pusat telah mencabut kios ini: data yang sudah ada di pusat dihapus dan kios "
            "dikunci sampai didaftarkan ulang.",
            "en": "The central revoked this kiosk: what the central holds was erased here and "
            "the kiosk is locked until it is enrolled again.",
        },
        "bundle.status.waiting": {
            "id": "Dikirim lewat bundel, belum dikonfirmasi pusat: {count} versi pendaftaran.",
            "en": "Sent by bundle, not yet confirmed by the central: {count} registration "
            "versions.",
        },
        "bundle.status.unconfirmed": {"id": "belum dikonfirmasi", "en": "not confirmed yet"},
        "bundle.confirmed": {
            "id": "Pusat mengonfirmasi {confirmed} versi dari bundel {bundle}; {refused} ditolak "
            "pusat (lihat status sinkronisasi).",
            "en": "The central confirmed {confirmed} versions of bundle {bundle}; {refused} "
            "were refused by the central (see the sync status).",
        },
    }
)

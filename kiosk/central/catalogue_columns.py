"""The columns of the catalogue export: header (Indonesian), how a value is written, and the
explanation that goes on the second sheet.

The e-catalogue (*Katalog Elektronik*, INAPROC) asks a provider for each product its name, brand,
KBLI, specification, unit, price, TKDN and the region it serves. Its upload template's exact field
names could not be confirmed from here (the template is behind the provider's log-in and changes
between versions 5 and 6): the column ``catalogue`` says which field of the upload a column
feeds, and ``confirmed`` is False for every one of them, which the sheet's notes state plainly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueColumn:
    key: str
    header: str  # Indonesian, as the sheet shows it
    explanation: str  # Indonesian, for the second sheet
    catalogue: str = ""  # the e-catalogue upload field it feeds, as far as known
    text: bool = True  # written as text (identifiers, codes) rather than a number
    confirmed: bool = False  # the catalogue field's exact name checked against the template


COLUMNS: tuple[CatalogueColumn, ...] = (
    CatalogueColumn("change", "Status ekspor", "baru = belum pernah diekspor; berubah = berbeda "
                    "dari ekspor terakhir (perbarui tayangan di katalog); tetap = sama."),
    CatalogueColumn("mpp", "MPP", "Mal Pelayanan Publik tempat usaha mendaftar."),
    CatalogueColumn("reg_no", "Nomor pendaftaran", "Nomor pendaftaran di kiosk (KODE-TANGGAL-"
                    "NOMOR); cetak di tanda terima pemilik."),
    CatalogueColumn("business_name", "Nama usaha", "Nama penyedia sesuai NIB.",
                    "Nama Penyedia"),
    CatalogueColumn("nib", "NIB", "Nomor Induk Berusaha, 13 angka (teks).", "NIB"),
    CatalogueColumn("npwp", "NPWP", "NPWP usaha, 15 atau 16 angka (teks).", "NPWP"),
    CatalogueColumn("legal_form", "Bentuk usaha", "Perorangan, CV, PT, koperasi, …"),
    CatalogueColumn("scale", "Skala usaha", "Mikro, kecil, menengah (PP 7/2021).",
                    "Kualifikasi Usaha"),
    CatalogueColumn("business_regency", "Kabupaten/kota usaha", "Tempat usaha berada."),
    CatalogueColumn("product_no", "No. produk", "Urutan produk dalam pendaftaran.", text=False),
    CatalogueColumn("name", "Nama produk", "Nama produk seperti akan tayang.", "Nama Produk"),
    CatalogueColumn("brand", "Merek", "Merek produk; kosong bila tanpa merek.", "Merek"),
    CatalogueColumn("kbli", "KBLI", "Kode KBLI 2020 produk, 5 angka (teks), salah satu KBLI "
                    "usaha.", "KBLI"),
    CatalogueColumn("kbli_title", "Judul KBLI", "Judul kode KBLI menurut KBLI 2020."),
    CatalogueColumn("spec", "Spesifikasi singkat", "Spesifikasi/deskripsi produk.",
                    "Spesifikasi"),
    CatalogueColumn("unit", "Satuan", "Satuan jual (buah, kg, paket, …).", "Satuan"),
    CatalogueColumn("price", "Harga (Rp)", "Harga satuan dalam rupiah, bilangan bulat.",
                    "Harga", text=False),
    CatalogueColumn("ppn", "Harga termasuk PPN", "ya / tidak / belum dinyatakan.",
                    "Harga Termasuk PPN"),
    CatalogueColumn("min_order", "Pesanan minimum", "Jumlah satuan paling sedikit per "
                    "pesanan.", "Minimal Pembelian", text=False),
    CatalogueColumn("pdn", "PDN", "Produk dalam negeri: ya / tidak.", "Produk Dalam Negeri"),
    CatalogueColumn("tkdn", "TKDN (%)", "Nilai TKDN menurut sertifikat, 0-100.", "Nilai TKDN",
                    text=False),
    CatalogueColumn("bmp", "BMP (%)", "Bobot Manfaat Perusahaan, 0-15.", "Nilai BMP",
                    text=False),
    CatalogueColumn("tkdn_bmp", "TKDN + BMP (%)", "Jumlah TKDN dan BMP.", text=False),
    CatalogueColumn("priority", "Prioritas PDN", "ya bila PDN dan TKDN + BMP ≥ 40 % "
                    "(Perpres 12/2021 pasal 66: wajib dibeli lebih dulu)."),
    CatalogueColumn("tkdn_cert_no", "No. sertifikat TKDN", "Nomor sertifikat TKDN (teks).",
                    "Nomor Sertifikat TKDN"),
    CatalogueColumn("tkdn_cert_date", "Tanggal sertifikat TKDN", "Tanggal terbit sertifikat "
                    "(YYYY-MM-DD).", "Tanggal Sertifikat TKDN"),
    CatalogueColumn("regencies", "Wilayah pengiriman", "Kabupaten/kota tujuan pengiriman, "
                    "dipisah titik koma; kosong = hanya kabupaten/kota usaha.",
                    "Wilayah Pengiriman"),
    CatalogueColumn("photos", "Berkas foto", "Nama berkas foto di folder foto (dipisah titik "
                    "koma), urut foto 1-3.", "Foto Produk"),
    CatalogueColumn("ready", "Siap katalog", "ya bila KBLI, pernyataan PPN dan foto lengkap; "
                    "selain itu yang kurang disebut."),
    CatalogueColumn("verified_at", "Diverifikasi", "Tanggal verifikasi di pusat."),
    CatalogueColumn("product_id", "ID produk", "Pengenal tetap produk (dipakai untuk menandai "
                    "perubahan)."),
)  # fmt: skip

NOTES: tuple[str, ...] = (
    "Satu baris per produk dari usaha yang sudah diverifikasi pusat.",
    "Kolom berisi nomor (NIB, NPWP, KBLI, nomor sertifikat) disimpan sebagai teks agar angka nol "
    "di depan tidak hilang.",
    "Catatan: nama isian pada templat unggah Katalog Elektronik (INAPROC) belum dapat "
    "dikonfirmasi dari sini. Kolom 'Isian katalog' menyebut isian yang dimaksud menurut panduan "
    "penyedia; periksa namanya pada templat unggah yang berlaku sebelum menyalin.",
    "Foto ada di folder di samping lembar ini (atau di dalam ZIP), bernama "
    "NIB_NomorPendaftaran_NoProduk_NamaProduk_NoFoto.jpg.",
)

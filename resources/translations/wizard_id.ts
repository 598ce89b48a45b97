<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>AddressPage</name>
    <message>
        <source>Business address</source>
        <translation>Alamat usaha</translation>
    </message>
    <message>
        <source>Type the village name to fill in all four levels at once, or choose them</source>
        <translation>Ketik nama desa/kelurahan untuk mengisi keempat tingkat sekaligus, atau pilih</translation>
    </message>
    <message>
        <source>one by one.</source>
        <translation>satu per satu.</translation>
    </message>
    <message>
        <source>&amp;Find the village (kelurahan/desa)</source>
        <translation>&amp;Cari desa/kelurahan</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— pilih —</translation>
    </message>
    <message>
        <source>Villages found</source>
        <translation>Desa/kelurahan yang ditemukan</translation>
    </message>
    <message>
        <source>e.g. Sebengkok Tarakan — arrow down to choose, Enter takes it</source>
        <translation>mis. Sebengkok Tarakan — panah bawah untuk memilih, Enter untuk mengambil</translation>
    </message>
    <message>
        <source>Find the village (kelurahan/desa)</source>
        <translation>Cari desa/kelurahan</translation>
    </message>
</context>
<context>
    <name>BankPage</name>
    <message>
        <source>Bank account</source>
        <translation>Rekening bank</translation>
    </message>
    <message>
        <source>Payments for e-catalogue orders go to this account. The holder should be</source>
        <translation>Pembayaran pesanan e-katalog masuk ke rekening ini. Pemiliknya sebaiknya</translation>
    </message>
    <message>
        <source>the business or its owner.</source>
        <translation>badan usaha atau pemilik usaha.</translation>
    </message>
    <message>
        <source>Type to search, or type another bank</source>
        <translation>Ketik untuk mencari, atau ketik nama bank lain</translation>
    </message>
    <message>
        <source>Banks found</source>
        <translation>Bank yang ditemukan</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Kosongkan</translation>
    </message>
</context>
<context>
    <name>BusinessPage</name>
    <message>
        <source>The owner does not have these yet; help them get them: %1</source>
        <translation>Pemilik belum punya ini; bantu melengkapinya: %1</translation>
    </message>
    <message>
        <source>What is “%1”?</source>
        <translation>Apa itu “%1”?</translation>
    </message>
    <message>
        <source>Suggested: %1. %2</source>
        <translation>Saran: %1. %2</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Data usaha</translation>
    </message>
    <message>
        <source>About your business. Fields marked * are needed; tap ? for an explanation.</source>
        <translation>Tentang usaha Anda. Kolom bertanda * wajib diisi; ketuk ? untuk penjelasan.</translation>
    </message>
    <message>
        <source>The business as registered in OSS. The scale follows PP 7/2021 from capital</source>
        <translation>Usaha sesuai data OSS. Skala mengikuti PP 7/2021 berdasarkan modal</translation>
    </message>
    <message>
        <source>or sales; choose another one only with a reason.</source>
        <translation>atau penjualan; pilih skala lain hanya jika ada alasannya.</translation>
    </message>
    <message>
        <source>I have no NIB yet (staff will help)</source>
        <translation>Belum punya NIB (petugas akan membantu)</translation>
    </message>
    <message>
        <source>I have no NPWP yet (staff will help)</source>
        <translation>Belum punya NPWP (petugas akan membantu)</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— pilih —</translation>
    </message>
    <message>
        <source>The business is VAT-registered (PKP)</source>
        <translation>Usaha ini Pengusaha Kena Pajak (PKP)</translation>
    </message>
    <message>
        <source>e.g. 2019</source>
        <translation>mis. 2019</translation>
    </message>
    <message>
        <source>Type what you sell, e.g. bread</source>
        <translation>Ketik apa yang Anda jual, mis. roti</translation>
    </message>
    <message>
        <source>Type a KBLI code or words, Enter adds</source>
        <translation>Ketik kode atau kata KBLI, Enter untuk menambah</translation>
    </message>
    <message>
        <source>KBLI search results</source>
        <translation>Hasil pencarian KBLI</translation>
    </message>
    <message>
        <source>Chosen KBLI codes (Delete removes)</source>
        <translation>Kode KBLI terpilih (Delete untuk menghapus)</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Personal data consent</source>
        <translation>Persetujuan data pribadi</translation>
    </message>
    <message>
        <source>Before you fill in the form: please read how your data is used. Tick the box and press Next only if you agree.</source>
        <translation>Sebelum Anda mengisi formulir: bacalah dulu bagaimana data Anda digunakan. Centang kotak dan tekan Lanjut hanya jika Anda setuju.</translation>
    </message>
    <message>
        <source>Read this to the owner or let them read it. Continue only when they agree.</source>
        <translation>Bacakan kepada pemilik atau biarkan ia membacanya. Lanjutkan hanya jika ia setuju.</translation>
    </message>
    <message>
        <source>Consent text</source>
        <translation>Naskah persetujuan</translation>
    </message>
    <message>
        <source>Text version: %1</source>
        <translation>Versi naskah: %1</translation>
    </message>
</context>
<context>
    <name>ConsentWithdrawalDialog</name>
    <message>
        <source>Withdraw consent</source>
        <translation>Tarik persetujuan</translation>
    </message>
    <message>
        <source>The owner of registration %1 withdraws consent. Its data and documents are erased from this kiosk now, with this person&apos;s drafts (the same NIK), and from the central office and every other kiosk at the next sync (within 3 × 24 hours). Only the registration number stays. This cannot be undone. A supervisor confirms with their own password.</source>
        <translation>Pemilik pendaftaran %1 menarik persetujuannya. Data dan dokumennya dihapus dari kiosk ini sekarang, bersama draf orang ini (NIK yang sama), dan dari kantor pusat serta setiap kiosk lain pada sinkronisasi berikutnya (paling lambat 3 × 24 jam). Hanya nomor pendaftaran yang tersisa. Tindakan ini tidak dapat dibatalkan. Supervisor mengonfirmasi dengan kata sandinya sendiri.</translation>
    </message>
    <message>
        <source>Supervisor confirmation</source>
        <translation>Konfirmasi supervisor</translation>
    </message>
    <message>
        <source>Supervisor&apos;s username and password</source>
        <translation>Nama pengguna dan kata sandi supervisor</translation>
    </message>
    <message>
        <source>Withdraw consent and erase</source>
        <translation>Tarik persetujuan dan hapus</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Only a supervisor can confirm this.</source>
        <translation>Hanya supervisor yang dapat mengonfirmasi ini.</translation>
    </message>
    <message>
        <source>Erasing…</source>
        <translation>Menghapus…</translation>
    </message>
</context>
<context>
    <name>CorrectionEditor</name>
    <message>
        <source>&amp;Reason for the correction</source>
        <translation>&amp;Alasan koreksi</translation>
    </message>
    <message>
        <source>Reason for the correction</source>
        <translation>Alasan koreksi</translation>
    </message>
    <message>
        <source>e.g. NPWP corrected after checking the card</source>
        <translation>mis. NPWP diperbaiki setelah memeriksa kartu</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Simpan sebagai versi baru</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Saving the correction…</source>
        <translation>Menyimpan koreksi…</translation>
    </message>
</context>
<context>
    <name>DetailPage</name>
    <message>
        <source>Back to search</source>
        <translation>Kembali ke pencarian</translation>
    </message>
    <message>
        <source>Continue the draft</source>
        <translation>Lanjutkan draf</translation>
    </message>
    <message>
        <source>Correct data…</source>
        <translation>Koreksi data…</translation>
    </message>
    <message>
        <source>Add documents…</source>
        <translation>Tambah dokumen…</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Cetak ulang tanda terima</translation>
    </message>
    <message>
        <source>Withdraw consent…</source>
        <translation>Tarik persetujuan…</translation>
    </message>
    <message>
        <source>Withdraw consent and erase this registration</source>
        <translation>Tarik persetujuan dan hapus pendaftaran ini</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Tanda terima</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versi</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Disimpan</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Sidik data</translation>
    </message>
    <message>
        <source>Version history</source>
        <translation>Riwayat versi</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Pendaftaran</translation>
    </message>
    <message>
        <source>Status: %1 · version %2</source>
        <translation>Status: %1 · versi %2</translation>
    </message>
    <message>
        <source>Reason from the central office: %1</source>
        <translation>Alasan dari server pusat: %1</translation>
    </message>
    <message>
        <source>first submission</source>
        <translation>pengajuan pertama</translation>
    </message>
</context>
<context>
    <name>DuplicateBanner</name>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Open the registration already there</source>
        <translation>Buka pendaftaran yang sudah ada</translation>
    </message>
    <message>
        <source>Already registered</source>
        <translation>Sudah terdaftar</translation>
    </message>
    <message>
        <source>Already registered with this %1: %2 — %3 — owner %4, NIK %5 (%6)</source>
        <translation>Sudah terdaftar dengan %1 ini: %2 — %3 — pemilik %4, NIK %5 (%6)</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Buka %1</translation>
    </message>
</context>
<context>
    <name>LegalForm</name>
    <message>
        <source>Sole proprietor (perorangan / UD)</source>
        <translation>Perorangan / UD</translation>
    </message>
    <message>
        <source>CV (limited partnership)</source>
        <translation>CV (persekutuan komanditer)</translation>
    </message>
    <message>
        <source>PT (limited company)</source>
        <translation>PT (perseroan terbatas)</translation>
    </message>
    <message>
        <source>Firma (partnership)</source>
        <translation>Firma</translation>
    </message>
    <message>
        <source>Koperasi (cooperative)</source>
        <translation>Koperasi</translation>
    </message>
    <message>
        <source>Yayasan (foundation)</source>
        <translation>Yayasan</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
</context>
<context>
    <name>OwnerPage</name>
    <message>
        <source>Read from the KTP — check</source>
        <translation>Dibaca dari KTP — periksa</translation>
    </message>
    <message>
        <source>Read from the KTP — check: {0}</source>
        <translation>Dibaca dari KTP — periksa: {0}</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Sudah diperiksa</translation>
    </message>
    <message>
        <source>Owner and contact</source>
        <translation>Pemilik dan kontak</translation>
    </message>
    <message>
        <source>What is “%1”?</source>
        <translation>Apa itu “%1”?</translation>
    </message>
    <message>
        <source>About you, as on your ID card (KTP). Fields marked * are needed.</source>
        <translation>Tentang Anda, seperti tertulis di KTP. Kolom bertanda * wajib diisi.</translation>
    </message>
    <message>
        <source>As written on the owner&apos;s ID card (KTP). Birth date and sex follow the NIK.</source>
        <translation>Sesuai KTP pemilik. Tanggal lahir dan jenis kelamin mengikuti NIK.</translation>
    </message>
    <message>
        <source>Confirm the values read from the KTP</source>
        <translation>Konfirmasi data yang dibaca dari KTP</translation>
    </message>
    <message>
        <source>I own this business</source>
        <translation>Saya pemilik usaha ini</translation>
    </message>
    <message>
        <source>This person owns the business (otherwise a power of attorney is needed)</source>
        <translation>Orang ini pemilik usaha (jika bukan, perlu surat kuasa)</translation>
    </message>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>hh-bb-tttt</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nama@contoh.co.id</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— pilih —</translation>
    </message>
    <message>
        <source>Male (L)</source>
        <translation>Laki-laki (L)</translation>
    </message>
    <message>
        <source>Female (P)</source>
        <translation>Perempuan (P)</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Pemilik</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>Direktur</translation>
    </message>
    <message>
        <source>Chairperson</source>
        <translation>Ketua</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manajer</translation>
    </message>
</context>
<context>
    <name>ProductDetails</name>
    <message>
        <source>Details of the selected product</source>
        <translation>Rincian produk yang dipilih</translation>
    </message>
    <message>
        <source>e.g. 25-11-2025</source>
        <translation>mis. 25-11-2025</translation>
    </message>
    <message>
        <source>e.g. 43,25</source>
        <translation>mis. 43,25</translation>
    </message>
    <message>
        <source>Photos (1 to 3):</source>
        <translation>Foto (1 sampai 3):</translation>
    </message>
    <message>
        <source>Photograph the product with the document camera or webcam</source>
        <translation>Foto produk dengan kamera dokumen atau webcam</translation>
    </message>
    <message>
        <source>Short specification</source>
        <translation>Spesifikasi singkat</translation>
    </message>
    <message>
        <source>KBLI code</source>
        <translation>Kode KBLI</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <source>Price and VAT (PPN)</source>
        <translation>Harga dan PPN</translation>
    </message>
    <message>
        <source>Minimum order</source>
        <translation>Pesanan minimum</translation>
    </message>
    <message>
        <source>TKDN value (%)</source>
        <translation>Nilai TKDN (%)</translation>
    </message>
    <message>
        <source>BMP value (%)</source>
        <translation>Nilai BMP (%)</translation>
    </message>
    <message>
        <source>TKDN certificate no.</source>
        <translation>Nomor sertifikat TKDN</translation>
    </message>
    <message>
        <source>Certificate date</source>
        <translation>Tanggal sertifikat</translation>
    </message>
    <message>
        <source>Delivers to</source>
        <translation>Wilayah pengiriman</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>Ambil foto</translation>
    </message>
    <message>
        <source>Photo from file…</source>
        <translation>Foto dari berkas…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Hapus foto</translation>
    </message>
    <message>
        <source>Photo %1</source>
        <translation>Foto %1</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>belum dinyatakan</translation>
    </message>
    <message>
        <source>price includes PPN</source>
        <translation>harga sudah termasuk PPN</translation>
    </message>
    <message>
        <source>price excludes PPN</source>
        <translation>harga belum termasuk PPN</translation>
    </message>
    <message>
        <source>Domestic priority: needs a TKDN value</source>
        <translation>Prioritas PDN: perlu nilai TKDN</translation>
    </message>
    <message>
        <source>Domestic priority: yes (TKDN + BMP = %1 % ≥ 40 %)</source>
        <translation>Prioritas PDN: ya (TKDN + BMP = %1 % ≥ 40 %)</translation>
    </message>
    <message>
        <source>Domestic priority: no (TKDN + BMP = %1 % &lt; 40 %)</source>
        <translation>Prioritas PDN: tidak (TKDN + BMP = %1 % &lt; 40 %)</translation>
    </message>
    <message>
        <source>Product photo</source>
        <translation>Foto produk</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Gambar (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>Processing the photo…</source>
        <translation>Memproses foto…</translation>
    </message>
</context>
<context>
    <name>ProductsPage</name>
    <message>
        <source>Products</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>What the business sells through the e-catalogue. Type prices as digits;</source>
        <translation>Barang/jasa yang dijual melalui e-katalog. Ketik harga dengan angka;</translation>
    </message>
    <message>
        <source>PDN = made in Indonesia. Insert adds a row, Delete removes it.</source>
        <translation>PDN = produk dalam negeri. Insert menambah baris, Delete menghapusnya.</translation>
    </message>
    <message>
        <source>The details and photos of the selected product are below the table.</source>
        <translation>Rincian dan foto produk yang dipilih ada di bawah tabel.</translation>
    </message>
    <message>
        <source>&amp;Add product</source>
        <translation>&amp;Tambah produk</translation>
    </message>
    <message>
        <source>&amp;Edit cell</source>
        <translation>&amp;Ubah sel</translation>
    </message>
    <message>
        <source>&amp;Remove product</source>
        <translation>&amp;Hapus produk</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>Nama produk</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>Merek</translation>
    </message>
    <message>
        <source>KBLI</source>
        <translation>KBLI</translation>
    </message>
    <message>
        <source>TKDN</source>
        <translation>TKDN</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Harga</translation>
    </message>
    <message>
        <source>PDN</source>
        <translation>PDN</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>Tambah produk</translation>
    </message>
    <message>
        <source>Edit cell</source>
        <translation>Ubah sel</translation>
    </message>
    <message>
        <source>Remove product</source>
        <translation>Hapus produk</translation>
    </message>
</context>
<context>
    <name>RegistrationStatus</name>
    <message>
        <source>Draft</source>
        <translation>Draf</translation>
    </message>
    <message>
        <source>Submitted, waiting for sync</source>
        <translation>Diajukan, menunggu sinkronisasi</translation>
    </message>
    <message>
        <source>Sent to the central office</source>
        <translation>Terkirim ke server pusat</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Terverifikasi</translation>
    </message>
    <message>
        <source>Needs a fix</source>
        <translation>Perlu perbaikan</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Ditolak</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Periksa kembali</translation>
    </message>
    <message>
        <source>Check everything with the owner. Use Edit to go back to a section.</source>
        <translation>Periksa semuanya bersama pemilik. Pilih Ubah untuk kembali ke bagian itu.</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Data usaha</translation>
    </message>
    <message>
        <source>Owner and contact</source>
        <translation>Pemilik dan kontak</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Bank account</source>
        <translation>Rekening bank</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Ubah</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Ubah %1</translation>
    </message>
    <message>
        <source>Pictures of the document pages</source>
        <translation>Gambar halaman dokumen</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>Given, text %1</source>
        <translation>Diberikan, naskah %1</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Laki-laki</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Perempuan</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>belum ada</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n halaman</numerusform>
        </translation>
    </message>
    <message>
        <source>incl. PPN</source>
        <translation>termasuk PPN</translation>
    </message>
    <message>
        <source>excl. PPN</source>
        <translation>belum termasuk PPN</translation>
    </message>
    <message>
        <source>domestic priority</source>
        <translation>prioritas PDN</translation>
    </message>
    <message>
        <source>min. %1</source>
        <translation>min. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n foto</numerusform>
        </translation>
    </message>
    <message>
        <source>no photo yet</source>
        <translation>belum ada foto</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Find a registration</source>
        <translation>Cari pendaftaran</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>&amp;Name, NIK, NIB, NPWP, phone or registration number</source>
        <translation>&amp;Nama, NIK, NIB, NPWP, nomor HP atau nomor pendaftaran</translation>
    </message>
    <message>
        <source>Name, NIK, NIB, NPWP, phone or registration number</source>
        <translation>Nama, NIK, NIB, NPWP, nomor HP atau nomor pendaftaran</translation>
    </message>
    <message>
        <source>e.g. Toko Maju, 6471…, KODE-20261125-0001</source>
        <translation>mis. Toko Maju, 6471…, KODE-20261125-0001</translation>
    </message>
    <message>
        <source>Registration no.</source>
        <translation>No. pendaftaran</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Nama usaha</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Pemilik</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Perubahan terakhir</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Hasil pencarian</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Kosongkan pencarian</translation>
    </message>
    <message>
        <source>Registration %1 was erased at the owner&apos;s request on %2.</source>
        <translation>Pendaftaran %1 telah dihapus atas permintaan pemiliknya pada %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n registration(s) found. Enter opens.</source>
        <translation>
            <numerusform>%n pendaftaran ditemukan. Enter untuk membuka.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found. Check the spelling or try another number.</source>
        <translation>Tidak ditemukan. Periksa ejaan atau coba nomor lain.</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>Next field; on the last field, the next step</source>
        <translation>Isian berikutnya; di isian terakhir, langkah berikutnya</translation>
    </message>
    <message>
        <source>Enter on a button</source>
        <translation>Enter pada tombol</translation>
    </message>
    <message>
        <source>Press the button</source>
        <translation>Menekan tombol itu</translation>
    </message>
    <message>
        <source>Next / previous field, ending at Next</source>
        <translation>Isian berikutnya / sebelumnya, berakhir di Lanjut</translation>
    </message>
    <message>
        <source>Alt+Right or Ctrl+Enter</source>
        <translation>Alt+Kanan atau Ctrl+Enter</translation>
    </message>
    <message>
        <source>Next step; on the last step, submit</source>
        <translation>Langkah berikutnya; di langkah terakhir, kirim</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Langkah sebelumnya</translation>
    </message>
    <message>
        <source>Save the draft now</source>
        <translation>Simpan draf sekarang</translation>
    </message>
    <message>
        <source>Alt+underlined letter</source>
        <translation>Alt+huruf bergaris bawah</translation>
    </message>
    <message>
        <source>Go to that field or press that button</source>
        <translation>Ke isian itu atau tekan tombol itu</translation>
    </message>
    <message>
        <source>Arrow down, Enter</source>
        <translation>Panah bawah, Enter</translation>
    </message>
    <message>
        <source>In a search list: choose a hit, then go on</source>
        <translation>Di daftar hasil pencarian: pilih satu, lalu lanjut</translation>
    </message>
    <message>
        <source>Close the search list</source>
        <translation>Tutup daftar hasil pencarian</translation>
    </message>
    <message>
        <source>Lock the screen</source>
        <translation>Kunci layar</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>Daftar ini</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
</context>
<context>
    <name>SubmitPage</name>
    <message>
        <source>Submit</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <source>Submitting stores version 1 of the registration and queues it for the</source>
        <translation>Pengiriman menyimpan versi 1 pendaftaran dan mengantrekannya untuk</translation>
    </message>
    <message>
        <source>central office. Corrections later make a new version.</source>
        <translation>server pusat. Koreksi kemudian membuat versi baru.</translation>
    </message>
    <message>
        <source>&amp;Submit registration</source>
        <translation>K&amp;irim pendaftaran</translation>
    </message>
    <message>
        <source>Submit registration</source>
        <translation>Kirim pendaftaran</translation>
    </message>
    <message>
        <source>What still needs attention</source>
        <translation>Yang masih perlu diperbaiki</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Mengirim…</translation>
    </message>
    <message numerus="yes">
        <source>%n thing(s) must be fixed before submitting. Enter on one goes there.</source>
        <translation>
            <numerusform>%n hal harus diperbaiki sebelum dikirim. Enter pada salah satunya untuk menuju ke sana.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything needed is there. Submit when the owner agrees.</source>
        <translation>Semua yang diperlukan sudah ada. Kirim jika pemilik setuju.</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>(no business name yet)</source>
        <translation>(nama usaha belum diisi)</translation>
    </message>
    <message>
        <source>not submitted</source>
        <translation>belum dikirim</translation>
    </message>
    <message>
        <source>held by the central server</source>
        <translation>ditahan server pusat</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>menunggu dikirim</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>terkirim</translation>
    </message>
    <message numerus="yes">
        <source>%n today</source>
        <translation>
            <numerusform>%n hari ini</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n draft(s)</source>
        <translation>
            <numerusform>%n draf</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to be sent</source>
        <translation>
            <numerusform>%n menunggu dikirim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held by the central server</source>
        <translation>
            <numerusform>%n ditahan server pusat</numerusform>
        </translation>
    </message>
    <message>
        <source>Today at this desk</source>
        <translation>Hari ini di meja ini</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>Nama usaha</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Central server</source>
        <translation>Server pusat</translation>
    </message>
    <message>
        <source>Today&apos;s registrations at this desk</source>
        <translation>Pendaftaran hari ini di meja ini</translation>
    </message>
    <message>
        <source>Nothing registered at this desk today yet.</source>
        <translation>Belum ada pendaftaran di meja ini hari ini.</translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>Please fix the marked fields first.</source>
        <translation>Perbaiki dulu isian yang ditandai.</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <source>Submitted as %1</source>
        <translation>Terkirim sebagai %1</translation>
    </message>
    <message>
        <source>Draft %1 reopened</source>
        <translation>Draf %1 dibuka kembali</translation>
    </message>
    <message>
        <source>Draft %1 saved</source>
        <translation>Draf %1 tersimpan</translation>
    </message>
    <message>
        <source>Could not save the draft: %1</source>
        <translation>Draf tidak dapat disimpan: %1</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>&amp;Selesai</translation>
    </message>
    <message>
        <source>Sub&amp;mit</source>
        <translation>Kiri&amp;m</translation>
    </message>
    <message>
        <source>Ne&amp;xt</source>
        <translation>&amp;Lanjut</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>Sele&amp;sai</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Simpan draf</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Kembali</translation>
    </message>
    <message>
        <source>Close the registration (the draft stays saved)</source>
        <translation>Tutup pendaftaran (draf tetap tersimpan)</translation>
    </message>
    <message>
        <source>Save draft (Ctrl+S)</source>
        <translation>Simpan draf (Ctrl+S)</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>Kembali (Alt+Kiri)</translation>
    </message>
    <message>
        <source>Next (Alt+Right or Ctrl+Enter)</source>
        <translation>Lanjut (Alt+Kanan atau Ctrl+Enter)</translation>
    </message>
</context>
</TS>

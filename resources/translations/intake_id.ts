<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>BundleBox</name>
    <message>
        <source>Save the bundle</source>
        <translation>Simpan bundel</translation>
    </message>
    <message>
        <source>Bundles (*.bundle)</source>
        <translation>Bundel (*.bundle)</translation>
    </message>
    <message>
        <source>The central&apos;s confirmation</source>
        <translation>Konfirmasi dari pusat</translation>
    </message>
    <message>
        <source>Confirmations (*.json)</source>
        <translation>Konfirmasi (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Sent by bundle, waiting for the central&apos;s confirmation: %n version(s).</source>
        <translation>
            <numerusform>Dikirim lewat bundel, menunggu konfirmasi pusat: %n versi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Menulis bundel…</translation>
    </message>
    <message numerus="yes">
        <source>Bundle written: %n registration version(s), {pages} pages in {files} file(s). Take it to the central.</source>
        <translation>
            <numerusform>Bundel ditulis: %n versi pendaftaran, {pages} halaman dalam {files} berkas. Bawa ke pusat.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The central confirmed %n version(s).</source>
        <translation>
            <numerusform>Pusat mengonfirmasi %n versi.</numerusform>
        </translation>
    </message>
    <message>
        <source>Carry by file (no network)</source>
        <translation>Bawa lewat berkas (tanpa jaringan)</translation>
    </message>
    <message>
        <source>Split into parts of at most (MB, 0 = one file)</source>
        <translation>Bagi menjadi bagian paling besar (MB, 0 = satu berkas)</translation>
    </message>
    <message>
        <source>&amp;Write bundle…</source>
        <translation>&amp;Tulis bundel…</translation>
    </message>
    <message>
        <source>Save everything the central has not confirmed to a file, e.g. a USB stick</source>
        <translation>Simpan semua yang belum dikonfirmasi pusat ke sebuah berkas, misalnya flashdisk</translation>
    </message>
    <message>
        <source>Take in &amp;confirmation…</source>
        <translation>Terima &amp;konfirmasi…</translation>
    </message>
    <message>
        <source>Read the confirmation file the central wrote for a bundle</source>
        <translation>Baca berkas konfirmasi yang ditulis pusat untuk sebuah bundel</translation>
    </message>
</context>
<context>
    <name>DistrictListBadge</name>
    <message>
        <source>District list</source>
        <translation>Daftar dinas</translation>
    </message>
    <message>
        <source>From the district list “%1”</source>
        <translation>Dari daftar dinas “%1”</translation>
    </message>
</context>
<context>
    <name>FieldStatusBox</name>
    <message>
        <source>&amp;Receipts to send: {n}…</source>
        <translation>&amp;Tanda terima akan dikirim: {n}…</translation>
    </message>
    <message>
        <source>Battery: …</source>
        <translation>Baterai: …</translation>
    </message>
    <message>
        <source>Free disk space: …</source>
        <translation>Ruang disk kosong: …</translation>
    </message>
    <message>
        <source>Battery: none (on mains power)</source>
        <translation>Baterai: tidak ada (listrik PLN)</translation>
    </message>
    <message>
        <source>charging</source>
        <translation>mengisi daya</translation>
    </message>
    <message>
        <source>on battery</source>
        <translation>memakai baterai</translation>
    </message>
    <message>
        <source>Battery: {percent} %</source>
        <translation>Baterai: {percent} %</translation>
    </message>
    <message>
        <source>Free disk space: {free} of {total}</source>
        <translation>Ruang disk kosong: {free} dari {total}</translation>
    </message>
</context>
<context>
    <name>ImportListDialog</name>
    <message>
        <source>Import a district list</source>
        <translation>Impor daftar dinas</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>&amp;Pilih berkas…</translation>
    </message>
    <message>
        <source>List &amp;name</source>
        <translation>&amp;Nama daftar</translation>
    </message>
    <message>
        <source>C&amp;olumns</source>
        <translation>K&amp;olom</translation>
    </message>
    <message>
        <source>&amp;Rows</source>
        <translation>&amp;Baris</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Kolom di berkas</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>Dibaca sebagai</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Baris</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Yang terjadi</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Usaha</translation>
    </message>
    <message>
        <source>Problems and notes</source>
        <translation>Masalah dan catatan</translation>
    </message>
    <message>
        <source>&amp;Keep the rows without problems</source>
        <translation>&amp;Simpan baris yang tanpa masalah</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Impor</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>No file chosen (CSV or XLSX).</source>
        <translation>Belum ada berkas (CSV atau XLSX).</translation>
    </message>
    <message>
        <source>Choose a district list</source>
        <translation>Pilih daftar dinas</translation>
    </message>
    <message>
        <source>Lists (*.xlsx *.csv)</source>
        <translation>Daftar (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Reading the list…</source>
        <translation>Membaca daftar…</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>(tidak dipakai)</translation>
    </message>
    <message>
        <source>{header} (not understood)</source>
        <translation>{header} (tidak dikenali)</translation>
    </message>
    <message>
        <source>Read column {header} as</source>
        <translation>Baca kolom {header} sebagai</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>draf</translation>
    </message>
    <message>
        <source>linked to {number}</source>
        <translation>ditautkan ke {number}</translation>
    </message>
    <message>
        <source>left out (repeat)</source>
        <translation>dilewati (berulang)</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <source>{drafts} drafts, {links} linked, {skips} left out, {problems} rows with problems</source>
        <translation>{drafts} draf, {links} ditautkan, {skips} dilewati, {problems} baris bermasalah</translation>
    </message>
    <message>
        <source>Storing the drafts…</source>
        <translation>Menyimpan draf…</translation>
    </message>
</context>
<context>
    <name>IntakeSessionBox</name>
    <message>
        <source>&amp;Open intake session…</source>
        <translation>&amp;Buka sesi pendataan…</translation>
    </message>
    <message>
        <source>Session &amp;report…</source>
        <translation>&amp;Laporan sesi…</translation>
    </message>
    <message>
        <source>Close sess&amp;ion</source>
        <translation>&amp;Tutup sesi</translation>
    </message>
    <message>
        <source>&amp;Import district list…</source>
        <translation>Impor &amp;daftar dinas…</translation>
    </message>
    <message>
        <source>No intake session open</source>
        <translation>Tidak ada sesi pendataan yang terbuka</translation>
    </message>
    <message>
        <source>A supervisor opens one for a day at a market or village hall.</source>
        <translation>Supervisor membukanya untuk satu hari di pasar atau balai desa.</translation>
    </message>
    <message>
        <source>&amp;Report of the last session…</source>
        <translation>&amp;Laporan sesi terakhir…</translation>
    </message>
    <message>
        <source>Intake session: {place}, {day}</source>
        <translation>Sesi pendataan: {place}, {day}</translation>
    </message>
    <message>
        <source>Registered: {n}</source>
        <translation>Terdaftar: {n}</translation>
    </message>
    <message>
        <source>Drafts: {n}</source>
        <translation>Draf: {n}</translation>
    </message>
    <message>
        <source>Documents missing: {n}</source>
        <translation>Kurang dokumen: {n}</translation>
    </message>
    <message>
        <source>Receipts printed: {n}</source>
        <translation>Tanda terima dicetak: {n}</translation>
    </message>
    <message>
        <source>Target: {n}</source>
        <translation>Target: {n}</translation>
    </message>
    <message>
        <source>Still to come from the list: {n}</source>
        <translation>Belum datang dari daftar: {n}</translation>
    </message>
    <message>
        <source>{n} drafts from the district list stored.</source>
        <translation>{n} draf dari daftar dinas tersimpan.</translation>
    </message>
    <message>
        <source>Save the session report</source>
        <translation>Simpan laporan sesi</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx)</source>
        <translation>PDF (*.pdf);;Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Report saved: {name}</source>
        <translation>Laporan tersimpan: {name}</translation>
    </message>
    <message>
        <source>Writing the session report…</source>
        <translation>Menulis laporan sesi…</translation>
    </message>
    <message>
        <source>Close the intake session</source>
        <translation>Tutup sesi pendataan</translation>
    </message>
    <message>
        <source>Close the session? Registrations made from now on carry no session.</source>
        <translation>Tutup sesi ini? Pendaftaran berikutnya tidak lagi masuk sesi ini.</translation>
    </message>
</context>
<context>
    <name>OpenSessionDialog</name>
    <message>
        <source>Open intake session</source>
        <translation>Buka sesi pendataan</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Tempat</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>Tan&amp;ggal</translation>
    </message>
    <message>
        <source>&amp;Team (one name per line)</source>
        <translation>T&amp;im (satu nama per baris)</translation>
    </message>
    <message>
        <source>District &amp;list</source>
        <translation>&amp;Daftar dinas</translation>
    </message>
    <message>
        <source>T&amp;arget registrations</source>
        <translation>T&amp;arget pendaftaran</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
</context>
<context>
    <name>ReceiptsToSendDialog</name>
    <message>
        <source>Receipts to send</source>
        <translation>Tanda terima yang akan dikirim</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Usaha</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Pemilik</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Nomor HP</translation>
    </message>
    <message>
        <source>&amp;Save a receipt…</source>
        <translation>&amp;Simpan tanda terima…</translation>
    </message>
    <message>
        <source>Copy &amp;WhatsApp link</source>
        <translation>Salin tautan &amp;WhatsApp</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>&amp;Buka folder</translation>
    </message>
    <message>
        <source>&amp;Mark sent</source>
        <translation>Tandai &amp;terkirim</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Tutup</translation>
    </message>
    <message>
        <source>Save a receipt</source>
        <translation>Simpan tanda terima</translation>
    </message>
    <message>
        <source>Registration number:</source>
        <translation>Nomor pendaftaran:</translation>
    </message>
    <message>
        <source>Saving the receipt…</source>
        <translation>Menyimpan tanda terima…</translation>
    </message>
    <message>
        <source>Receipt {number} saved.</source>
        <translation>Tanda terima {number} tersimpan.</translation>
    </message>
    <message>
        <source>Link copied: {link}</source>
        <translation>Tautan disalin: {link}</translation>
    </message>
</context>
<context>
    <name>SendLaterButton</name>
    <message>
        <source>Send &amp;later</source>
        <translation>Kirim &amp;nanti</translation>
    </message>
    <message>
        <source>Save the receipt to send to the owner&apos;s phone when there is signal</source>
        <translation>Simpan tanda terima untuk dikirim ke HP pemilik saat ada sinyal</translation>
    </message>
    <message>
        <source>no phone number</source>
        <translation>tanpa nomor HP</translation>
    </message>
    <message>
        <source>Receipt saved to send later ({phone}).</source>
        <translation>Tanda terima disimpan untuk dikirim nanti ({phone}).</translation>
    </message>
</context>
</TS>

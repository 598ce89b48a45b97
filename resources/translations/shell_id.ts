<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>BackupSettings</name>
    <message>
        <source>Backup</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <source>Daily backups are off: set a recovery passphrase to turn them on.</source>
        <translation>Cadangan harian belum aktif: tetapkan frasa sandi pemulihan untuk mengaktifkannya.</translation>
    </message>
    <message>
        <source>Daily backups are on; the first one is made a few minutes after start.</source>
        <translation>Cadangan harian aktif; cadangan pertama dibuat beberapa menit setelah aplikasi dimulai.</translation>
    </message>
    <message>
        <source>Daily backups are on. Newest: {file}, {when}.</source>
        <translation>Cadangan harian aktif. Terbaru: {file}, {when}.</translation>
    </message>
    <message>
        <source>The recovery passphrase opens the backups on a new machine. Write it down and keep it somewhere safe: without it no backup can be read, and it cannot be recovered. Setting a new one applies to the backups made from then on.</source>
        <translation>Frasa sandi pemulihan membuka cadangan di komputer baru. Tuliskan dan simpan di tempat aman: tanpanya tidak ada cadangan yang dapat dibaca, dan frasa ini tidak dapat dipulihkan. Frasa baru berlaku untuk cadangan yang dibuat sesudahnya.</translation>
    </message>
    <message>
        <source>Recovery &amp;passphrase</source>
        <translation>&amp;Frasa sandi pemulihan</translation>
    </message>
    <message>
        <source>Repeat the pa&amp;ssphrase</source>
        <translation>&amp;Ulangi frasa sandi</translation>
    </message>
    <message>
        <source>Set the recovery passphrase</source>
        <translation>Tetapkan frasa sandi pemulihan</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Cadangkan sekarang</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Close the message</source>
        <translation>Tutup pesan ini</translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>Enter your username and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Nama pengguna</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Kata sandi</translation>
    </message>
</context>
<context>
    <name>DiagnosticsSettings</name>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>Log level saved.</source>
        <translation>Tingkat log disimpan.</translation>
    </message>
    <message>
        <source>Everything checked is in order.</source>
        <translation>Semua yang diperiksa dalam keadaan baik.</translation>
    </message>
    <message>
        <source>Some checks need attention: read the warnings below.</source>
        <translation>Beberapa pemeriksaan perlu perhatian: baca peringatan di bawah.</translation>
    </message>
    <message>
        <source>Some checks failed: do what the first lines say, or call the help desk.</source>
        <translation>Beberapa pemeriksaan gagal: lakukan yang tertulis di baris teratas, atau hubungi layanan bantuan.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Baik</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Save for the help desk</source>
        <translation>Simpan untuk layanan bantuan</translation>
    </message>
    <message>
        <source>ZIP files (*.zip)</source>
        <translation>Berkas ZIP (*.zip)</translation>
    </message>
    <message>
        <source>Saved {name}. Send this file to the help desk; it holds no personal data.</source>
        <translation>{name} disimpan. Kirim berkas ini ke layanan bantuan; isinya tanpa data pribadi.</translation>
    </message>
    <message>
        <source>Checks this kiosk: the database and its keys, disk space for a week offline, the scanned documents, scanners and printers, the link to the central and the clock. Nothing is changed.</source>
        <translation>Memeriksa kios ini: basis data dan kuncinya, ruang disk untuk seminggu luring, dokumen pindaian, pemindai dan printer, sambungan ke server pusat, serta jam. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>Include scanners and printers (one test scan)</source>
        <translation>Sertakan pemindai dan printer (satu pindaian uji)</translation>
    </message>
    <message>
        <source>&amp;Run the checks</source>
        <translation>&amp;Jalankan pemeriksaan</translation>
    </message>
    <message>
        <source>&amp;Save for the help desk…</source>
        <translation>&amp;Simpan untuk layanan bantuan…</translation>
    </message>
    <message>
        <source>A ZIP with the report and the recent logs, personal data masked</source>
        <translation>Berkas ZIP berisi laporan dan log terbaru, data pribadi disamarkan</translation>
    </message>
    <message>
        <source>&amp;Log detail</source>
        <translation>&amp;Rincian log</translation>
    </message>
    <message>
        <source>Problems only</source>
        <translation>Hanya masalah</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Detailed (while the help desk looks at a problem)</source>
        <translation>Terperinci (selama layanan bantuan memeriksa masalah)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Temuan</translation>
    </message>
    <message>
        <source>Check results</source>
        <translation>Hasil pemeriksaan</translation>
    </message>
</context>
<context>
    <name>GeneralSettings</name>
    <message>
        <source>Choose a logo</source>
        <translation>Pilih logo</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Gambar (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Pengaturan disimpan.</translation>
    </message>
    <message>
        <source>The chosen file is not an image the kiosk can read.</source>
        <translation>Berkas yang dipilih bukan gambar yang dapat dibaca kios.</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <source>Service hall and security (supervisors)</source>
        <translation>Mal pelayanan dan keamanan (supervisor)</translation>
    </message>
    <message>
        <source>Service hall (&amp;MPP) name</source>
        <translation>Nama &amp;MPP</translation>
    </message>
    <message>
        <source>P&amp;rovince</source>
        <translation>P&amp;rovinsi</translation>
    </message>
    <message>
        <source>&amp;Time zone (times on screen, receipts, exports)</source>
        <translation>&amp;Zona waktu (waktu di layar, tanda terima, ekspor)</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>C&amp;hoose logo…</source>
        <translation>&amp;Pilih logo…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>Hapus logo</translation>
    </message>
    <message>
        <source> s</source>
        <translation> detik</translation>
    </message>
    <message>
        <source>Lock the screen after &amp;idle time</source>
        <translation>Kunci layar setelah &amp;tidak aktif</translation>
    </message>
    <message>
        <source>Self-service: &amp;warn after idle time</source>
        <translation>Layanan mandiri: &amp;peringatkan setelah tidak aktif</translation>
    </message>
    <message>
        <source>Self-service: clear the form after a &amp;countdown of</source>
        <translation>Layanan mandiri: kosongkan formulir setelah &amp;hitung mundur</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>QR code of the draft number %1</source>
        <translation>Kode QR nomor draf %1</translation>
    </message>
    <message>
        <source>Staff will help you with: %1</source>
        <translation>Petugas akan membantu Anda dengan: %1</translation>
    </message>
    <message>
        <source>Thank you! Your draft number:</source>
        <translation>Terima kasih! Nomor draf Anda:</translation>
    </message>
    <message>
        <source>Please show this number to a staff member at the desk. They will check your documents and finish the registration with you.</source>
        <translation>Tunjukkan nomor ini kepada petugas di loket. Petugas akan memeriksa dokumen Anda dan menyelesaikan pendaftaran bersama Anda.</translation>
    </message>
    <message>
        <source>What happens next:</source>
        <translation>Yang terjadi selanjutnya:</translation>
    </message>
    <message>
        <source>1. Staff read the number or scan the code and open your draft.</source>
        <translation>1. Petugas membaca nomor ini atau memindai kodenya, lalu membuka draf Anda.</translation>
    </message>
    <message>
        <source>2. They check your documents and complete what is missing.</source>
        <translation>2. Petugas memeriksa dokumen Anda dan melengkapi yang masih kurang.</translation>
    </message>
    <message>
        <source>3. You receive a printed receipt with your registration number.</source>
        <translation>3. Anda menerima tanda terima cetak dengan nomor pendaftaran Anda.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>(no business name yet)</source>
        <translation>(nama usaha belum diisi)</translation>
    </message>
    <message>
        <source>Welcome, {name}</source>
        <translation>Selamat datang, {name}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Selamat datang</translation>
    </message>
    <message>
        <source>&amp;New registration</source>
        <translation>Pendaftaran &amp;baru</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Cari</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>Pen&amp;gaturan</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;Continue draft</source>
        <translation>&amp;Lanjutkan draf</translation>
    </message>
    <message>
        <source>&amp;Drafts</source>
        <translation>&amp;Draf</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Draf</translation>
    </message>
    <message>
        <source>No drafts. Start a new registration.</source>
        <translation>Tidak ada draf. Mulai pendaftaran baru.</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message>
        <source>Still here?</source>
        <translation>Masih di sini?</translation>
    </message>
    <message>
        <source>To protect the data, the screen locks in (seconds):</source>
        <translation>Demi melindungi data, layar akan dikunci dalam (detik):</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Ya, lanjutkan</translation>
    </message>
    <message>
        <source>To protect your data, the form will be cleared in (seconds):</source>
        <translation>Demi melindungi data Anda, isian formulir akan dihapus dalam (detik):</translation>
    </message>
    <message>
        <source>Continue filling in</source>
        <translation>Lanjutkan mengisi</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Screen locked</source>
        <translation>Layar terkunci</translation>
    </message>
    <message>
        <source>The screen locked itself to protect personal data. Enter a password to go on.</source>
        <translation>Layar terkunci otomatis untuk melindungi data pribadi. Masukkan kata sandi untuk melanjutkan.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Keluar</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Staff log-in</source>
        <translation>Masuk petugas</translation>
    </message>
    <message>
        <source>Log in with your own staff account.</source>
        <translation>Masuk dengan akun petugas Anda sendiri.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Supplier registration kiosk</source>
        <translation>Kios pendaftaran penyedia</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Membuka basis data…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Kembali</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Umum</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>Akun petugas</translation>
    </message>
</context>
<context>
    <name>SetupPage</name>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>Kedua kata sandi tidak sama.</translation>
    </message>
    <message>
        <source>Enter the name of the service hall (MPP).</source>
        <translation>Masukkan nama Mal Pelayanan Publik (MPP).</translation>
    </message>
    <message>
        <source>Choose the province of the service hall.</source>
        <translation>Pilih provinsi tempat mal pelayanan publik ini.</translation>
    </message>
    <message>
        <source>Enter a username for the supervisor.</source>
        <translation>Isi nama pengguna untuk supervisor.</translation>
    </message>
    <message>
        <source>Set up this kiosk</source>
        <translation>Siapkan kios ini</translation>
    </message>
    <message>
        <source>Name the service hall and create the first supervisor account. Supervisors manage staff accounts and settings.</source>
        <translation>Beri nama mal pelayanan dan buat akun supervisor pertama. Supervisor mengelola akun petugas dan pengaturan.</translation>
    </message>
    <message>
        <source>Service hall (&amp;MPP) name</source>
        <translation>Nama &amp;MPP</translation>
    </message>
    <message>
        <source>P&amp;rovince</source>
        <translation>P&amp;rovinsi</translation>
    </message>
    <message>
        <source>Supervisor &amp;username</source>
        <translation>&amp;Nama pengguna supervisor</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>Nama &amp;lengkap</translation>
    </message>
    <message>
        <source>&amp;Password (at least 8 characters)</source>
        <translation>&amp;Kata sandi (minimal 8 karakter)</translation>
    </message>
    <message>
        <source>Repea&amp;t the password</source>
        <translation>&amp;Ulangi kata sandi</translation>
    </message>
    <message>
        <source>Create the account and start</source>
        <translation>Buat akun dan mulai</translation>
    </message>
    <message>
        <source>Type or choose the province</source>
        <translation>Ketik atau pilih provinsi</translation>
    </message>
</context>
<context>
    <name>ShellHeader</name>
    <message>
        <source>Business registration</source>
        <translation>Pendaftaran usaha</translation>
    </message>
    <message>
        <source>Supplier registration</source>
        <translation>Pendaftaran penyedia</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Beranda</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Lock the screen (Ctrl+L)</source>
        <translation>Kunci layar (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>Akti&amp;fkan kembali</translation>
    </message>
    <message>
        <source>De&amp;activate</source>
        <translation>N&amp;onaktifkan</translation>
    </message>
    <message>
        <source>Account {name} changed.</source>
        <translation>Akun {name} diubah.</translation>
    </message>
    <message>
        <source>New password set for {name}.</source>
        <translation>Kata sandi baru untuk {name} ditetapkan.</translation>
    </message>
    <message>
        <source>Account {name} created.</source>
        <translation>Akun {name} dibuat.</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>Akun petugas</translation>
    </message>
    <message>
        <source>Add a staff account</source>
        <translation>Tambah akun petugas</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Nama pengguna</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>Nama &amp;lengkap</translation>
    </message>
    <message>
        <source>R&amp;ole</source>
        <translation>&amp;Peran</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Kata sandi</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>Kata sandi &amp;baru</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>&amp;Atur ulang kata sandi</translation>
    </message>
    <message>
        <source>Add &amp;account</source>
        <translation>&amp;Tambah akun</translation>
    </message>
</context>
<context>
    <name>SyncSettings</name>
    <message>
        <source>Sync is not available in this installation.</source>
        <translation>Sinkronisasi tidak tersedia pada instalasi ini.</translation>
    </message>
    <message>
        <source>Enrolled: kiosk code {code} at {url}</source>
        <translation>Terdaftar: kode kios {code} di {url}</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled with a central server yet.</source>
        <translation>Kios ini belum terdaftar di server pusat mana pun.</translation>
    </message>
    <message>
        <source>Enter the central&apos;s address and the code.</source>
        <translation>Masukkan alamat server pusat dan kodenya.</translation>
    </message>
    <message>
        <source>Enrolled as {code} ({mpp}).</source>
        <translation>Terdaftar sebagai {code} ({mpp}).</translation>
    </message>
    <message>
        <source>Scan the enrolment QR code</source>
        <translation>Pindai kode QR pendaftaran</translation>
    </message>
    <message>
        <source>Ask the MPP supervisor for a one-time enrolment code from the central&apos;s console: scan its QR code with the camera, or paste or type the address and the code. Registrations wait on this kiosk until it is enrolled and online; nothing is lost meanwhile.</source>
        <translation>Mintalah kode pendaftaran sekali pakai dari konsol server pusat kepada supervisor MPP: pindai kode QR-nya dengan kamera, atau tempel atau ketik alamat dan kodenya. Data pendaftaran menunggu di kios ini sampai kios terdaftar dan daring; tidak ada yang hilang selama itu.</translation>
    </message>
    <message>
        <source>Central server &amp;address</source>
        <translation>&amp;Alamat server pusat</translation>
    </message>
    <message>
        <source>Enrolment &amp;code</source>
        <translation>&amp;Kode pendaftaran</translation>
    </message>
    <message>
        <source>&amp;Name of this kiosk</source>
        <translation>&amp;Nama kios ini</translation>
    </message>
    <message>
        <source>&amp;Enrol this kiosk</source>
        <translation>&amp;Daftarkan kios ini</translation>
    </message>
    <message>
        <source>&amp;Scan QR code</source>
        <translation>&amp;Pindai kode QR</translation>
    </message>
    <message>
        <source>Show the QR code from the central&apos;s console to the camera</source>
        <translation>Tunjukkan kode QR dari konsol server pusat ke kamera</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
</context>
<context>
    <name>SyncStatusBox</name>
    <message numerus="yes">
        <source>Records waiting for sync: %n</source>
        <translation>
            <numerusform>Data menunggu sinkronisasi: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline: sync is not set up on this kiosk</source>
        <translation>Luring: sinkronisasi belum diatur di kios ini</translation>
    </message>
    <message>
        <source>Sync: checking the connection…</source>
        <translation>Sinkronisasi: memeriksa koneksi…</translation>
    </message>
    <message>
        <source>Sync stopped: this kiosk was revoked</source>
        <translation>Sinkronisasi berhenti: kios ini telah dicabut</translation>
    </message>
    <message>
        <source>Not connected to a central server yet</source>
        <translation>Belum terhubung ke server pusat</translation>
    </message>
    <message>
        <source>Online: syncing…</source>
        <translation>Daring: sedang menyinkronkan…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Daring</translation>
    </message>
    <message>
        <source>Offline: work continues, records wait</source>
        <translation>Luring: pekerjaan berlanjut, data menunggu</translation>
    </message>
    <message>
        <source>Last successful sync: {when}</source>
        <translation>Sinkronisasi terakhir berhasil: {when}</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Enter the passphrase.</source>
        <translation>Masukkan frasa sandi.</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>Memeriksa frasa sandi…</translation>
    </message>
    <message>
        <source>Opening the kiosk&apos;s data…</source>
        <translation>Membuka data kiosk…</translation>
    </message>
    <message>
        <source>Too many wrong attempts: try again in %1 seconds.</source>
        <translation>Terlalu banyak percobaan salah: coba lagi dalam %1 detik.</translation>
    </message>
    <message>
        <source>Try again.</source>
        <translation>Silakan coba lagi.</translation>
    </message>
    <message>
        <source>Unlock the kiosk&apos;s data</source>
        <translation>Buka kunci data kiosk</translation>
    </message>
    <message>
        <source>This kiosk&apos;s data is protected by a passphrase. A supervisor enters it to start the kiosk.</source>
        <translation>Data kiosk ini dilindungi frasa sandi. Penyelia memasukkannya untuk memulai kiosk.</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frasa sandi</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Register your business as a government supplier</source>
        <translation>Daftarkan usaha Anda sebagai penyedia pemerintah</translation>
    </message>
    <message>
        <source>Fill in your business, contact, address and products here while you wait. You will get a draft number; a staff member checks your documents and finishes the registration with you.</source>
        <translation>Isi data usaha, kontak, alamat, dan produk Anda di sini sambil menunggu. Anda akan mendapat nomor draf; petugas memeriksa dokumen Anda dan menyelesaikan pendaftaran bersama Anda.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Log-in for staff members</source>
        <translation>Masuk untuk petugas</translation>
    </message>
</context>
</TS>

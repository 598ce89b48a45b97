<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>&amp;Camera:</source>
        <translation>&amp;Kamera:</translation>
    </message>
    <message>
        <source>Take &amp;photo</source>
        <translation>Ambil &amp;foto</translation>
    </message>
    <message>
        <source>Hold the document flat and fill the frame; its edges are straightened.</source>
        <translation>Pegang dokumen rata dan penuhi bingkai; tepinya akan diluruskan.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Tutup</translation>
    </message>
    <message>
        <source>No camera was found. Connect a document camera or a webcam and open this window again.</source>
        <translation>Kamera tidak ditemukan. Sambungkan kamera dokumen atau webcam, lalu buka jendela ini lagi.</translation>
    </message>
    <message>
        <source>The photo is empty; try again.</source>
        <translation>Foto kosong; coba lagi.</translation>
    </message>
</context>
<context>
    <name>DocumentControls</name>
    <message>
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Choose a document on the left, then scan it, photograph it or import a file.</source>
        <translation>Pilih dokumen di sebelah kiri, lalu pindai, foto, atau impor berkasnya.</translation>
    </message>
    <message>
        <source>Documents for this business</source>
        <translation>Dokumen untuk usaha ini</translation>
    </message>
    <message>
        <source>Documents checklist</source>
        <translation>Daftar periksa dokumen</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Setelan:</translation>
    </message>
    <message>
        <source>Sca&amp;nner:</source>
        <translation>Pe&amp;mindai:</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Pindai</translation>
    </message>
    <message>
        <source>Scan with the chosen scanner and preset</source>
        <translation>Pindai dengan pemindai dan setelan yang dipilih</translation>
    </message>
    <message>
        <source>Ca&amp;mera</source>
        <translation>Kame&amp;ra</translation>
    </message>
    <message>
        <source>Take a photo with the document camera</source>
        <translation>Ambil foto dengan kamera dokumen</translation>
    </message>
    <message>
        <source>&amp;Import file</source>
        <translation>&amp;Impor berkas</translation>
    </message>
    <message>
        <source>JPEG, PNG, TIFF or PDF; you can also drop files here</source>
        <translation>JPEG, PNG, TIFF atau PDF; berkas juga bisa diseret ke sini</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Batal</translation>
    </message>
    <message>
        <source>Stop the scan; pages already scanned are kept</source>
        <translation>Hentikan pemindaian; halaman yang sudah terpindai tetap disimpan</translation>
    </message>
    <message>
        <source>Capturing</source>
        <translation>Sedang mengambil gambar</translation>
    </message>
    <message>
        <source>Save &amp;again</source>
        <translation>Simpan &amp;lagi</translation>
    </message>
    <message>
        <source>Store the pages kept on screen</source>
        <translation>Simpan halaman yang ditahan di layar</translation>
    </message>
    <message>
        <source>Pages of the selected document</source>
        <translation>Halaman dokumen yang dipilih</translation>
    </message>
    <message>
        <source>Rotate left</source>
        <translation>Putar ke kiri</translation>
    </message>
    <message>
        <source>Rotate right</source>
        <translation>Putar ke kanan</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>Pindah ke depan</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>Pindah ke belakang</translation>
    </message>
    <message>
        <source>&amp;Delete page</source>
        <translation>&amp;Hapus halaman</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>&amp;Urungkan hapus</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Perbesar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Perkecil</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Pas layar</translation>
    </message>
    <message>
        <source>Page preview</source>
        <translation>Pratinjau halaman</translation>
    </message>
    <message>
        <source>Scroll the page sideways</source>
        <translation>Gulir halaman ke samping</translation>
    </message>
    <message>
        <source>Scroll the page</source>
        <translation>Gulir halaman</translation>
    </message>
    <message>
        <source>No scanner found</source>
        <translation>Pemindai tidak ditemukan</translation>
    </message>
    <message>
        <source>No page of %1 yet.

Put it on the scanner and press Scan, take a photo with Camera, or import a file (you can also drop files here).</source>
        <translation>Belum ada halaman %1.

Letakkan dokumen di pemindai lalu tekan Pindai, ambil foto dengan Kamera, atau impor berkas (berkas juga bisa diseret ke sini).</translation>
    </message>
    <message>
        <source>this document</source>
        <translation>dokumen ini</translation>
    </message>
</context>
<context>
    <name>DocumentSettings</name>
    <message>
        <source>Scanners</source>
        <translation>Pemindai</translation>
    </message>
    <message>
        <source>&amp;Look for scanners</source>
        <translation>&amp;Cari pemindai</translation>
    </message>
    <message>
        <source>&amp;Test scanner</source>
        <translation>&amp;Uji pemindai</translation>
    </message>
    <message>
        <source>Scan one page with the selected scanner and show it; nothing is saved</source>
        <translation>Pindai satu halaman dengan pemindai yang dipilih dan tampilkan; tidak ada yang disimpan</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>Halaman uji</translation>
    </message>
    <message>
        <source>Scroll sideways</source>
        <translation>Gulir ke samping</translation>
    </message>
    <message>
        <source>Scroll</source>
        <translation>Gulir</translation>
    </message>
    <message>
        <source>Scanning one page…</source>
        <translation>Memindai satu halaman…</translation>
    </message>
    <message>
        <source>The scanner works: {w} × {h} px, {dpi} dpi, {kb} KB in {s:.1f} s.</source>
        <translation>Pemindai berfungsi: {w} × {h} piksel, {dpi} dpi, {kb} KB dalam {s:.1f} detik.</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Still missing: {0}</source>
        <translation>Masih kurang: {0}</translation>
    </message>
    <message>
        <source>Page {n}</source>
        <translation>Halaman {n}</translation>
    </message>
    <message>
        <source>Scanning page %1…</source>
        <translation>Memindai halaman %1…</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>Impor dokumen</translation>
    </message>
    <message>
        <source>Images and PDF ({0})</source>
        <translation>Gambar dan PDF ({0})</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) so far…</source>
        <translation>
            <numerusform>Sejauh ini %n halaman…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s) added.</source>
        <translation>
            <numerusform>%n halaman ditambahkan.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetEditor</name>
    <message>
        <source>Scan presets</source>
        <translation>Setelan pindai</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nama:</translation>
    </message>
    <message>
        <source>Document &amp;type:</source>
        <translation>&amp;Jenis dokumen:</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>&amp;Tata letak:</translation>
    </message>
    <message>
        <source>&amp;Colour:</source>
        <translation>&amp;Warna:</translation>
    </message>
    <message>
        <source>&amp;Resolution (dpi):</source>
        <translation>&amp;Resolusi (dpi):</translation>
    </message>
    <message>
        <source>JPEG &amp;quality:</source>
        <translation>&amp;Kualitas JPEG:</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;Sumber:</translation>
    </message>
    <message>
        <source>Both sides (&amp;duplex)</source>
        <translation>Dua sisi (&amp;dupleks)</translation>
    </message>
    <message>
        <source>ID cards (each card found on the glass)</source>
        <translation>Kartu identitas (tiap kartu dicari di kaca)</translation>
    </message>
    <message>
        <source>Paper page (straightened)</source>
        <translation>Halaman kertas (diluruskan)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Berwarna</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Abu-abu</translation>
    </message>
    <message>
        <source>Grey, four tones (typed text)</source>
        <translation>Abu-abu, empat tingkat (teks ketikan)</translation>
    </message>
    <message>
        <source>Black and white</source>
        <translation>Hitam-putih</translation>
    </message>
    <message>
        <source>Flatbed</source>
        <translation>Kaca pemindai (flatbed)</translation>
    </message>
    <message>
        <source>Document feeder</source>
        <translation>Pengumpan dokumen (ADF)</translation>
    </message>
    <message>
        <source>&amp;Save preset</source>
        <translation>&amp;Simpan setelan</translation>
    </message>
    <message>
        <source>Save as &amp;copy</source>
        <translation>Simpan sebagai &amp;salinan</translation>
    </message>
    <message>
        <source>D&amp;elete preset</source>
        <translation>&amp;Hapus setelan</translation>
    </message>
    <message>
        <source>Back to &amp;defaults</source>
        <translation>Kembalikan ke &amp;bawaan</translation>
    </message>
    <message>
        <source>Presets saved.</source>
        <translation>Setelan pindai disimpan.</translation>
    </message>
</context>
</TS>

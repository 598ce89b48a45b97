<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>PrintSettings</name>
    <message>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <source>Receipt &amp;printer</source>
        <translation>&amp;Pencetak tanda terima</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Pencetak tanda terima</translation>
    </message>
    <message>
        <source>&amp;Paper</source>
        <translation>&amp;Kertas</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Kertas</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Tanda terima</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <source>Receipt %1: the original was sent to the printer. Did it come out?</source>
        <translation>Tanda terima %1: asli sudah dikirim ke printer. Apakah sudah keluar?</translation>
    </message>
    <message>
        <source>Receipt %1: copy #%2 was sent to the printer. Did it come out?</source>
        <translation>Tanda terima %1: salinan #%2 sudah dikirim ke printer. Apakah sudah keluar?</translation>
    </message>
    <message>
        <source>Receipt %1: the next print is the original.</source>
        <translation>Tanda terima %1: cetakan berikutnya adalah asli.</translation>
    </message>
    <message>
        <source>Receipt %1: a receipt was issued before; the next print is marked COPY #%2.</source>
        <translation>Tanda terima %1: sudah pernah diterbitkan; cetakan berikutnya bertanda SALINAN #%2.</translation>
    </message>
    <message>
        <source>No printer is installed. Save the receipt as PDF.</source>
        <translation>Tidak ada pencetak terpasang. Simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <source>Printing receipt %1…</source>
        <translation>Mencetak tanda terima %1…</translation>
    </message>
    <message>
        <source>The printer did not accept the receipt. Choose another printer or save the receipt as PDF.</source>
        <translation>Pencetak tidak menerima tanda terima. Pilih pencetak lain atau simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <source>Recorded: the receipt was printed.</source>
        <translation>Tercatat: tanda terima sudah tercetak.</translation>
    </message>
    <message>
        <source>Recorded: not printed. Print again (it will be marked as a copy) or save the receipt as PDF.</source>
        <translation>Tercatat: tidak tercetak. Cetak ulang (akan bertanda salinan) atau simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <source>Printing receipt %1 on the receipt printer…</source>
        <translation>Mencetak tanda terima %1 di printer struk…</translation>
    </message>
    <message>
        <source>The receipt printer reports the receipt printed.</source>
        <translation>Pencetak struk melaporkan tanda terima sudah tercetak.</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>Simpan tanda terima sebagai PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saving receipt %1 as PDF…</source>
        <translation>Menyimpan tanda terima %1 sebagai PDF…</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Tersimpan: %1</translation>
    </message>
    <message>
        <source>Registration receipt</source>
        <translation>Tanda terima pendaftaran</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Tata letak</translation>
    </message>
    <message>
        <source>Receipt layout</source>
        <translation>Tata letak tanda terima</translation>
    </message>
    <message>
        <source>Receipt preview</source>
        <translation>Pratinjau tanda terima</translation>
    </message>
    <message>
        <source>Scroll the preview up or down</source>
        <translation>Gulir pratinjau ke atas atau ke bawah</translation>
    </message>
    <message>
        <source>Scroll the preview sideways</source>
        <translation>Gulir pratinjau ke samping</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Cetak</translation>
    </message>
    <message>
        <source>C&amp;hoose printer…</source>
        <translation>&amp;Pilih pencetak…</translation>
    </message>
    <message>
        <source>Print pre&amp;view</source>
        <translation>P&amp;ratinjau cetak</translation>
    </message>
    <message>
        <source>Save as P&amp;DF</source>
        <translation>Simpan sebagai P&amp;DF</translation>
    </message>
    <message>
        <source>Print on &amp;receipt printer</source>
        <translation>Cetak di pencetak &amp;struk</translation>
    </message>
    <message>
        <source>Did the receipt come out of the printer completely?</source>
        <translation>Apakah tanda terima keluar dari pencetak dengan lengkap?</translation>
    </message>
    <message>
        <source>&amp;Yes, printed</source>
        <translation>&amp;Ya, tercetak</translation>
    </message>
    <message>
        <source>&amp;No, not printed</source>
        <translation>&amp;Tidak tercetak</translation>
    </message>
</context>
<context>
    <name>ThermalPrinters</name>
    <message>
        <source>USB devices cannot be listed here (%1); type the printer&apos;s ids.</source>
        <translation>Perangkat USB tidak dapat didaftar di sini (%1); ketik id pencetak.</translation>
    </message>
    <message>
        <source>Printing a test page…</source>
        <translation>Mencetak halaman tes…</translation>
    </message>
    <message>
        <source>Test page sent; the printer reports it is ready.</source>
        <translation>Halaman tes terkirim; pencetak melaporkan siap.</translation>
    </message>
    <message>
        <source>Test page sent. Check that it came out of the printer.</source>
        <translation>Halaman tes terkirim. Periksa apakah kertasnya keluar dari pencetak.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>Dihapus.</translation>
    </message>
    <message>
        <source>Thermal receipt printers (ESC/POS)</source>
        <translation>Pencetak struk termal (ESC/POS)</translation>
    </message>
    <message>
        <source>Thermal receipt printers</source>
        <translation>Pencetak struk termal</translation>
    </message>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port serial</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Jaringan</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nama</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Sambungan</translation>
    </message>
    <message>
        <source>USB &amp;device</source>
        <translation>&amp;Perangkat USB</translation>
    </message>
    <message>
        <source>or &amp;ids (vendor:product)</source>
        <translation>atau &amp;id (vendor:produk)</translation>
    </message>
    <message>
        <source>Serial &amp;port</source>
        <translation>&amp;Port serial</translation>
    </message>
    <message>
        <source>&amp;Baud rate</source>
        <translation>Kecepatan &amp;baud</translation>
    </message>
    <message>
        <source>&amp;Host or IP address</source>
        <translation>&amp;Host atau alamat IP</translation>
    </message>
    <message>
        <source>P&amp;ort</source>
        <translation>P&amp;ort</translation>
    </message>
    <message>
        <source>Printer &amp;model</source>
        <translation>&amp;Model pencetak</translation>
    </message>
    <message>
        <source>&amp;Test print</source>
        <translation>&amp;Cetak tes</translation>
    </message>
    <message>
        <source>Save &amp;printer</source>
        <translation>Simpan &amp;pencetak</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>&amp;Look for devices</source>
        <translation>&amp;Cari perangkat</translation>
    </message>
</context>
</TS>

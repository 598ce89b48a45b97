<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>PrintSettings</name>
    <message>
        <location filename="../../work/main/ui/printing.py" line="159" />
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="163" />
        <source>Receipt &amp;printer</source>
        <translation>&amp;Pencetak tanda terima</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="164" />
        <source>Receipt printer</source>
        <translation>Pencetak tanda terima</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="165" />
        <source>&amp;Paper</source>
        <translation>&amp;Kertas</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="166" />
        <source>Paper</source>
        <translation>Kertas</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="167" />
        <source>&amp;Save</source>
        <translation>&amp;Simpan</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/printing.py" line="173" />
        <source>Receipts</source>
        <translation>Tanda terima</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="227" />
        <source>Receipt %1: the next print is the original.</source>
        <translation>Tanda terima %1: cetakan berikutnya adalah asli.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="234" />
        <source>Receipt %1: a receipt was issued before; the next print is marked COPY #%2.</source>
        <translation>Tanda terima %1: sudah pernah diterbitkan; cetakan berikutnya bertanda SALINAN #%2.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="248" />
        <source>No printer is installed. Save the receipt as PDF.</source>
        <translation>Tidak ada pencetak terpasang. Simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="285" />
        <source>The printer did not accept the receipt. Choose another printer or save the receipt as PDF.</source>
        <translation>Pencetak tidak menerima tanda terima. Pilih pencetak lain atau simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="316" />
        <source>Recorded: the receipt was printed.</source>
        <translation>Tercatat: tanda terima sudah tercetak.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="319" />
        <source>Recorded: not printed. Print again (it will be marked as a copy) or save the receipt as PDF.</source>
        <translation>Tercatat: tidak tercetak. Cetak ulang (akan bertanda salinan) atau simpan tanda terima sebagai PDF.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="378" />
        <source>The receipt printer reports the receipt printed.</source>
        <translation>Pencetak struk melaporkan tanda terima sudah tercetak.</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="389" />
        <source>Save receipt as PDF</source>
        <translation>Simpan tanda terima sebagai PDF</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="389" />
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="407" />
        <source>Saved: %1</source>
        <translation>Tersimpan: %1</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="414" />
        <source>Registration receipt</source>
        <translation>Tanda terima pendaftaran</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="415" />
        <source>&amp;Layout</source>
        <translation>&amp;Tata letak</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="416" />
        <source>Receipt layout</source>
        <translation>Tata letak tanda terima</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="417" />
        <source>Receipt preview</source>
        <translation>Pratinjau tanda terima</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="418" />
        <source>Scroll the preview up or down</source>
        <translation>Gulir pratinjau ke atas atau ke bawah</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="419" />
        <source>Scroll the preview sideways</source>
        <translation>Gulir pratinjau ke samping</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="420" />
        <source>&amp;Print</source>
        <translation>&amp;Cetak</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="421" />
        <source>C&amp;hoose printer…</source>
        <translation>&amp;Pilih pencetak…</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="422" />
        <source>Print pre&amp;view</source>
        <translation>P&amp;ratinjau cetak</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="423" />
        <source>Save as P&amp;DF</source>
        <translation>Simpan sebagai P&amp;DF</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="424" />
        <source>Print on &amp;receipt printer</source>
        <translation>Cetak di pencetak &amp;struk</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="425" />
        <source>Did the receipt come out of the printer completely?</source>
        <translation>Apakah tanda terima keluar dari pencetak dengan lengkap?</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="426" />
        <source>&amp;Yes, printed</source>
        <translation>&amp;Ya, tercetak</translation>
    </message>
    <message>
        <location filename="../../work/main/ui/pages/receipt_page.py" line="427" />
        <source>&amp;No, not printed</source>
        <translation>&amp;Tidak tercetak</translation>
    </message>
</context>
</TS>